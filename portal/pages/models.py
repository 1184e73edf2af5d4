import copy

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal.core.pages import BasePage
from portal.core.site_cache import cached

from .blocks import BodyBlock
from .page_context import home_context


class HomePage(BasePage):
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "pages/home_page.html"

    class Meta:
        verbose_name = "startpagina"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(request))
        return context


class ContentPage(BasePage):
    """General information, contact, accessibility statement, privacy."""

    body = StreamField(BodyBlock(), verbose_name="inhoud", blank=True)
    last_reviewed = models.DateField(
        "laatst nagekeken",
        null=True,
        blank=True,
        help_text="Datum waarop de tekst voor het laatst inhoudelijk is gecontroleerd.",
    )

    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("body"), FieldPanel("last_reviewed")]
    template = "pages/content_page.html"

    class Meta:
        verbose_name = "informatiepagina"


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting, ClusterableModel):
    panels = [InlinePanel("links", label="Menu-items")]

    class Meta:
        verbose_name = "navigatie"


class NavigationLink(Orderable):
    setting = ParentalKey(NavigationSettings, related_name="links", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", verbose_name="pagina", on_delete=models.CASCADE)
    title = models.CharField(
        "titel", max_length=60, blank=True, help_text="Leeg: titel van de pagina."
    )

    panels = [FieldPanel("page"), FieldPanel("title")]


ENGLISH_HELP = (
    "Pas deze tekst ook aan als je de Nederlandse tekst wijzigt. "
    "Laat je het veld leeg, dan ziet de Engelse website de Nederlandse tekst."
)


@register_setting(icon="help")
class HelpSettings(BaseSiteSetting):
    """The help block shown on every page (WCAG 3.2.6 consistent help) and the footer."""

    phone = models.CharField("telefoon gemeente", max_length=40, default="14 074")
    phone_hours = models.CharField(
        "bereikbaar", max_length=120, default="Werkdagen van 8.30 tot 17.00 uur"
    )
    email = models.EmailField("e-mail gemeente", default="gemeente@hengelo.nl")
    help_text = RichTextField(
        "tekst hulpblok",
        blank=True,
        features=["bold", "link"],
        default="<p>Heeft u hulp nodig? Bel de gemeente of loop binnen bij een Wijkentree.</p>",
    )
    footer_text = RichTextField("tekst voettekst", blank=True, features=["bold", "link"])
    # The English site shows these; left empty, it shows the Dutch text (marked lang="nl").
    phone_hours_en = models.CharField(
        "bereikbaar (Engels)",
        max_length=120,
        blank=True,
        default="Workdays 8.30 to 17.00",
        help_text=ENGLISH_HELP,
    )
    help_text_en = RichTextField(
        "tekst hulpblok (Engels)",
        blank=True,
        features=["bold", "link"],
        default="<p>Do you need help? Call the municipality or walk into a Wijkentree.</p>",
        help_text=ENGLISH_HELP,
    )
    footer_text_en = RichTextField(
        "tekst voettekst (Engels)", blank=True, features=["bold", "link"], help_text=ENGLISH_HELP
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("phone_hours"), FieldPanel("email")],
            heading="Contact gemeente",
        ),
        FieldPanel("help_text"),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("phone_hours_en"),
                FieldPanel("help_text_en"),
                FieldPanel("footer_text_en"),
            ],
            heading="Engelse website",
        ),
    ]

    def in_language(self, field_name: str, language: str) -> tuple[str, str]:
        """The text of ``field_name`` for a site language, and the language it is in: on
        the English site the English field, or the Dutch one while that is empty."""
        english = getattr(self, f"{field_name}_en")
        if language == "en" and english:
            return english, "en"
        return getattr(self, field_name), "nl"

    class Meta:
        verbose_name = "hulp en contact"

    @classmethod
    def for_site(cls, site):
        # Every page shows the help block: read once per process until it changes. A copy,
        # because Wagtail writes the request onto the instance it hands out.
        if site is None:
            return super().for_site(site)
        return copy.copy(cached(("help-settings", site.pk), lambda: super(cls, cls).for_site(site)))
