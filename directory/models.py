from __future__ import annotations

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.http import Http404
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets import SlugInput
from wagtail.fields import RichTextField
from wagtail.models import Locale
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal.core.content import SLUG_HELP, Cost, PublicItem, VerifiableMixin
from portal.core.invalidation import CATALOGUE_VERSION, VOCABULARY_VERSION
from portal.core.kinds import ItemKind
from portal.core.localized import localized
from portal.core.pagination import paginate
from portal.core.routing import RoutableIndexPage, index_page_for
from portal.core.validators import (
    LANGUAGE_CODE_VALIDATOR,
    POSTCODE_VALIDATOR,
    normalise_postcode,
)


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Theme(index.Indexed, models.Model):
    """A subject residents look for help with (geldzaken, eenzaamheid …).

    Not a translatable snippet: the English name and synonyms are part of the search
    vocabulary on both language sites, so both languages live on one row.
    """

    # Search words come from its names; items are mapped to it (portal.core.invalidation).
    bumps_cache_versions = (VOCABULARY_VERSION, CATALOGUE_VERSION)

    slug = models.SlugField("slug", max_length=100, unique=True, help_text=SLUG_HELP)
    name = models.CharField("naam", max_length=100)
    name_en = models.CharField("naam (Engels)", max_length=100)
    synonyms = models.TextField(
        "zoekwoorden",
        blank=True,
        help_text="Woorden die inwoners typen, één per regel (bijvoorbeeld 'geldzorgen').",
    )
    synonyms_en = models.TextField("zoekwoorden (Engels)", blank=True, help_text="Eén per regel.")
    description = models.TextField("omschrijving", blank=True, help_text="Eén zin in B1-taal.")
    description_en = models.TextField("omschrijving (Engels)", blank=True)
    icon = models.CharField("pictogram", max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="hoofdthema",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField("volgorde", default=0)
    urgent = models.BooleanField(
        "Spoedhulp tonen",
        default=False,
        help_text=(
            "Zet dit aan bij een thema waar iemand direct in gevaar kan zijn, zoals huiselijk"
            " geweld. De themapagina begint dan met 112 en Veilig Thuis."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldRowPanel([FieldPanel("synonyms"), FieldPanel("synonyms_en")], heading="Zoekwoorden"),
        FieldPanel("parent"),
        FieldPanel("icon"),
        FieldPanel("sort_order"),
        FieldPanel("urgent"),
    ]
    search_fields = [
        index.SearchField("name", boost=5),
        index.SearchField("name_en", boost=3),
        index.SearchField("synonyms", boost=3),
        index.SearchField("synonyms_en", boost=2),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "thema"
        verbose_name_plural = "thema's"

    def __str__(self):
        return self.name

    @property
    def synonym_list(self) -> list[str]:
        return split_lines(self.synonyms)

    @property
    def synonym_en_list(self) -> list[str]:
        return split_lines(self.synonyms_en)

    def display_name(self, language: str = "nl") -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    def get_url(self, request=None) -> str | None:
        page = index_page_for("directory.ThemeIndexPage", Locale.get_active().pk)
        base = page.get_url(request=request) if page else None
        return f"{base}{self.slug}/" if base else None

    @property
    def url(self):
        return self.get_url()


class TargetGroup(models.Model):
    """Who an offer is meant for (ouderen, mantelzorgers …); seeded by a migration."""

    # Search words come from its names; items are mapped to it (portal.core.invalidation).
    bumps_cache_versions = (VOCABULARY_VERSION, CATALOGUE_VERSION)

    slug = models.SlugField("slug", max_length=60, unique=True)
    name = models.CharField("naam", max_length=80)
    name_en = models.CharField("naam (Engels)", max_length=80)
    sort_order = models.PositiveIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "doelgroep"
        verbose_name_plural = "doelgroepen"

    def __str__(self):
        return self.name

    def display_name(self, language: str = "nl") -> str:
        return self.name_en if language == "en" and self.name_en else self.name


class Organisation(VerifiableMixin, PublicItem):
    class Kind(models.TextChoices):
        ALLIANCE_PARTNER = "alliantiepartner", "Alliantiepartner"
        SUBCONTRACTOR = "onderaannemer", "Onderaannemer"
        SOCIAL_BASE = "sociale-basis", "Sociale basis"
        MUNICIPALITY = "gemeente", "Gemeente"

    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    themes = ParentalManyToManyField(
        Theme, verbose_name="thema's", blank=True, related_name="organisations"
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name="doelgroepen", blank=True, related_name="organisations"
    )
    summary = models.CharField(
        "samenvatting", max_length=160, help_text="Maximaal 160 tekens, in B1-taal."
    )
    description = RichTextField(
        "omschrijving", blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    website = models.URLField("website", blank=True)
    phone = models.CharField("telefoon", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    street = models.CharField("straat en huisnummer", max_length=200, blank=True)
    postcode = models.CharField(
        "postcode", max_length=7, blank=True, validators=[POSTCODE_VALIDATOR]
    )
    city = models.CharField("plaats", max_length=100, blank=True, default="Hengelo")
    districts = ParentalManyToManyField(
        "locations.District",
        verbose_name="werkgebied (stadsdelen)",
        blank=True,
        related_name="organisations",
    )
    cost = models.CharField("kosten", max_length=20, choices=Cost.choices, default=Cost.FREE)
    languages = ArrayField(
        models.CharField(max_length=2, validators=[LANGUAGE_CODE_VALIDATOR]),
        verbose_name="talen",
        default=list,
        blank=True,
        help_text="Taalcodes met komma's ertussen, bijvoorbeeld nl,en,tr.",
    )
    contact_person_name = models.CharField("contactpersoon", max_length=120, blank=True)
    contact_person_email = models.EmailField(
        "e-mail contactpersoon",
        blank=True,
        help_text="Krijgt de herinnering om de gegevens te controleren.",
    )

    item_kind = ItemKind(
        "organisation",
        public_label=pgettext_lazy("soort zoekresultaat", "Organisatie"),
        title_field="name",
        summary_field="summary",
        meaning_fields=("summary", "description"),
        catalogue_fields=("cost", "last_verified"),
        vocabulary_fields=("name", "summary", "description"),
        found_by_name=True,
        search_prior=0.3,
        order=10,
        verifiable=True,
    )
    # Not prose: copied from the Dutch item to every translation, never offered for
    # translation (portal.localization.synchronised).
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "slug",
            "kind",
            "website",
            "phone",
            "email",
            "street",
            "postcode",
            "city",
            "cost",
            "languages",
            "themes",
            "target_groups",
            "districts",
            "contact_person_name",
            "contact_person_email",
        )
    ]
    index_page_model = "directory.OrganisationIndexPage"
    search_part_fields = ("summary", "description")
    card_fields = ("slug", "name", "summary", "cost", "phone", "locale__language_code")
    detail_template = "pages/organisation_detail.html"

    panels = [
        TitleFieldPanel("name", placeholder=False, classname=""),
        FieldPanel("slug", widget=SlugInput),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")], heading="Contact"
        ),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postcode"), FieldPanel("city")], heading="Adres"
        ),
        FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
        FieldPanel("cost"),
        FieldPanel("languages"),
        MultiFieldPanel(
            [FieldPanel("contact_person_name"), FieldPanel("contact_person_email")],
            heading="Contactpersoon van de organisatie",
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=10),
        index.SearchField("search_name_parts", boost=10),
        index.SearchField("search_text_parts"),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.RelatedFields("themes", [index.SearchField("name"), index.SearchField("name_en")]),
        index.FilterField("live"),
        index.FilterField("locale_id"),
        index.FilterField("kind"),
        index.FilterField("cost"),
    ]

    class Meta(PublicItem.Meta):
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_organisation_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.postcode = normalise_postcode(self.postcode)


class Service(VerifiableMixin, PublicItem):
    """An organisation's offer or activity (aanbod)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField("naam", max_length=200)
    themes = ParentalManyToManyField(
        Theme, verbose_name="thema's", blank=True, related_name="services"
    )
    description = models.TextField("omschrijving", blank=True)
    cost = models.CharField("kosten", max_length=20, choices=Cost.choices, default=Cost.FREE)
    locations = ParentalManyToManyField(
        "locations.Location", verbose_name="locaties", blank=True, related_name="services"
    )

    item_kind = ItemKind(
        "service",
        public_label=pgettext_lazy("soort zoekresultaat", "Hulp of activiteit"),
        title_field="name",
        summary_field="description",
        meaning_fields=("description",),
        catalogue_fields=("cost", "last_verified", "organisation_id"),
        vocabulary_fields=("name", "description"),
        search_prior=0.2,
        order=20,
        verifiable=True,
    )
    # Not prose: copied from the Dutch item to every translation, never offered for
    # translation (portal.localization.synchronised).
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "slug",
            "cost",
            "themes",
        )
    ]
    index_page_model = "directory.ServiceIndexPage"
    search_part_fields = ("description",)
    card_related = ("locale", "organisation")
    card_fields = (
        "slug",
        "name",
        "description",
        "cost",
        "organisation__name",
        "locale__language_code",
    )
    detail_template = "pages/service_detail.html"

    panels = [
        TitleFieldPanel("name", placeholder=False, classname=""),
        FieldPanel("slug", widget=SlugInput),
        FieldPanel("organisation"),
        FieldPanel("description"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("cost"),
        FieldPanel("locations"),
    ]
    search_fields = [
        index.SearchField("name", boost=8),
        index.SearchField("search_name_parts", boost=8),
        index.SearchField("search_text_parts"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields("themes", [index.SearchField("name"), index.SearchField("name_en")]),
        index.FilterField("live"),
        index.FilterField("locale_id"),
        index.FilterField("cost"),
    ]

    class Meta(PublicItem.Meta):
        verbose_name = "aanbod"
        verbose_name_plural = "aanbod"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_service_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.name


# Organisations and services per page on their A–Z overviews. The item pages' contexts
# combine several apps: the site pages register them (portal.pages.directory_pages).
INDEX_PAGE_SIZE = 24


class ThemeIndexPage(RoutableIndexPage):
    item_model_path = "directory.Theme"
    detail_template = "pages/theme_detail.html"
    template = "pages/theme_index_page.html"

    class Meta:
        verbose_name = "overzicht thema's"

    def get_items(self):
        return Theme.objects.filter(parent=None)

    def get_item(self, slug):
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            raise Http404("Niet gevonden")
        return theme


class OrganisationIndexPage(RoutableIndexPage):
    item_model_path = "directory.Organisation"
    detail_template = "pages/organisation_detail.html"
    template = "pages/organisation_index_page.html"

    class Meta:
        verbose_name = "overzicht organisaties"

    def get_items(self):
        return localized(Organisation).select_related("locale").order_by("name", "pk")

    def get_index_context(self, request) -> dict:
        pager = paginate(request, self.get_items(), INDEX_PAGE_SIZE, anchor="lijst")
        return {"pager": pager, "items": pager.items}


class ServiceIndexPage(RoutableIndexPage):
    item_model_path = "directory.Service"
    item_select_related = ("locale", "organisation")
    detail_template = "pages/service_detail.html"
    template = "pages/service_index_page.html"

    class Meta:
        verbose_name = "overzicht aanbod"

    def get_items(self):
        return localized(Service).select_related("organisation", "locale").order_by("name", "pk")

    def get_index_context(self, request) -> dict:
        pager = paginate(request, self.get_items(), INDEX_PAGE_SIZE, anchor="lijst")
        return {"pager": pager, "items": pager.items}
