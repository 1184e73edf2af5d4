"""An organisation's offers and activities (aanbod)."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    TitleFieldPanel,
)
from wagtail.admin.widgets import SlugInput
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal.core.content import Cost, PublicItem, VerifiableMixin
from portal.core.kinds import ItemKind

from .organisations import Organisation
from .search_words import SEARCH_WORDS_BOOST, search_words_field
from .themes import FoundByThemeNames, Theme


class Service(FoundByThemeNames, VerifiableMixin, PublicItem):
    """An organisation's offer or activity (aanbod)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField("naam", max_length=200)
    themes = ParentalManyToManyField(
        Theme, verbose_name="thema's", blank=True, related_name="services"
    )
    description = models.TextField("omschrijving", blank=True)
    search_words = search_words_field()
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
        meaning_tags="themes",
        catalogue_fields=("cost", "last_verified", "organisation_id"),
        vocabulary_fields=("name", "description", "search_words"),
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
            # Residents' words in every language at once (directory.models.search_words).
            "search_words",
        )
    ]
    index_page_model = "directory.ServiceIndexPage"
    search_part_fields = ("description", "search_words")
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
        FieldPanel("search_words"),
        FieldPanel("cost"),
        FieldPanel("locations"),
    ]
    search_fields = [
        index.SearchField("name", boost=8),
        index.SearchField("search_name_parts", boost=8),
        # Heaviest class first: ts_rank counts a word's first occurrence in full, and
        # OpenSearch's emulation of it needs the classes in this order
        # (search.backends.elasticsearch.ranking).
        index.SearchField("search_words", boost=SEARCH_WORDS_BOOST),
        index.SearchField("search_text_parts"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields(
            "themes", [index.SearchField("name"), index.SearchField("names_in_other_languages")]
        ),
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
