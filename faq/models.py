"""Frequently asked questions, modelled on cfpb's ask_cfpb AnswerPage."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets import SlugInput
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal.core.content import SLUG_HELP, PublicItem
from portal.core.kinds import ItemKind
from portal.core.localized import localized
from portal.core.routing import RoutableIndexPage


class FAQCategory(models.Model):
    slug = models.SlugField("slug", max_length=100, unique=True, help_text=SLUG_HELP)
    name = models.CharField("naam", max_length=100)
    name_en = models.CharField("naam (Engels)", max_length=100, blank=True)
    sort_order = models.PositiveIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "categorie"
        verbose_name_plural = "categorieën"

    def __str__(self):
        return self.name

    def display_name(self, language: str = "nl") -> str:
        return self.name_en if language == "en" and self.name_en else self.name


class FAQAnswer(PublicItem):
    class Audience(models.TextChoices):
        RESIDENTS = "inwoners", "Inwoners"
        CARE_PROVIDERS = "zorgaanbieders", "Zorgaanbieders"
        EVERYONE = "iedereen", "Iedereen"

    question = models.CharField("vraag", max_length=255)
    short_answer = models.TextField(
        "kort antwoord", blank=True, help_text="Eén of twee zinnen; wordt als eerste getoond."
    )
    answer = RichTextField(
        "volledig antwoord", features=["bold", "italic", "link", "ul", "ol", "h3"]
    )
    category = models.ForeignKey(
        FAQCategory, verbose_name="categorie", on_delete=models.PROTECT, related_name="answers"
    )
    audience = models.CharField(
        "voor wie", max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    last_reviewed = models.DateField(
        "laatst nagekeken",
        null=True,
        blank=True,
        help_text="Datum waarop de gemeente het antwoord voor het laatst heeft gecontroleerd.",
    )
    related_questions = ParentalManyToManyField(
        "self", verbose_name="gerelateerde vragen", blank=True, symmetrical=False
    )
    search_keywords = models.TextField(
        "extra zoekwoorden",
        blank=True,
        help_text="Woorden waarop dit antwoord ook gevonden moet worden, één per regel.",
    )

    title_field = "question"
    item_kind = ItemKind(
        "faq",
        public_label=pgettext_lazy("soort zoekresultaat", "Vraag en antwoord"),
        title_field="question",
        summary_field="short_answer",
        meaning_fields=("short_answer", "answer"),
        catalogue_fields=("search_keywords",),
        summary_fallback_field="answer",
        vocabulary_fields=("question", "short_answer", "answer", "search_keywords"),
        search_prior=0.1,
        order=40,
    )
    # Not prose: copied from the Dutch item to every translation, never offered for
    # translation (portal.localization.synchronised).
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "slug",
            "category",
            "audience",
            "last_reviewed",
        )
    ]
    index_page_model = "faq.FAQIndexPage"
    search_part_fields = ("short_answer", "answer", "search_keywords")
    detail_template = "pages/faq_detail.html"

    panels = [
        TitleFieldPanel("question", placeholder=False, classname=""),
        FieldPanel("slug", widget=SlugInput),
        FieldPanel("short_answer"),
        FieldPanel("answer"),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("audience"), FieldPanel("last_reviewed")],
            heading="Indeling",
        ),
        FieldPanel("related_questions"),
        FieldPanel("search_keywords"),
    ]
    search_fields = [
        index.SearchField("question", boost=10),
        index.SearchField("search_name_parts", boost=10),
        index.SearchField("search_text_parts"),
        index.SearchField("search_keywords", boost=5),
        index.SearchField("short_answer", boost=2),
        index.SearchField("answer"),
        index.AutocompleteField("question"),
        index.FilterField("live"),
        index.FilterField("locale_id"),
        index.FilterField("audience"),
    ]

    class Meta(PublicItem.Meta):
        verbose_name = "veelgestelde vraag"
        verbose_name_plural = "veelgestelde vragen"
        ordering = ["category__sort_order", "question"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_faq_slug_per_locale")
        ]

    def __str__(self):
        return self.question


class FAQIndexPage(RoutableIndexPage):
    item_model_path = "faq.FAQAnswer"
    item_select_related = ("locale", "category")
    detail_template = "pages/faq_detail.html"
    template = "pages/faq_index_page.html"

    def get_items(self):
        return localized(FAQAnswer).select_related("locale")

    class Meta:
        verbose_name = "overzicht veelgestelde vragen"

    # The list and item contexts are registered in FAQConfig.ready().
