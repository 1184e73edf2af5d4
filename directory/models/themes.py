"""Themes residents look for help with, their texts in other languages, and target groups."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
)
from wagtail.models import Locale
from wagtail.search import index

from portal.core.content import SLUG_HELP
from portal.core.invalidation import CATALOGUE_VERSION, VOCABULARY_VERSION
from portal.core.routing import index_page_for


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def translation_languages() -> list[tuple[str, str]]:
    """The site's languages other than the source language (Dutch), from settings.LANGUAGES.

    Dutch texts are the theme's own fields; every other language gets a ThemeText row.
    """
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def validate_translation_language(value: str) -> None:
    if value not in dict(translation_languages()):
        raise ValidationError(
            "Kies een taal van de site, behalve Nederlands: %(codes)s.",
            params={"codes": ", ".join(code for code, _ in translation_languages())},
            code="invalid_language",
        )


class ThemeQuerySet(models.QuerySet):
    def for_language(self, language: str) -> ThemeQuerySet:
        """Themes with their text in ``language`` loaded (one query, none for Dutch)."""
        if language == settings.LANGUAGE_CODE:
            return self
        return self.prefetch_related(
            models.Prefetch("texts", queryset=ThemeText.objects.filter(language=language))
        )


class Theme(index.Indexed, ClusterableModel):
    """A subject residents look for help with (geldzaken, eenzaamheid …).

    Not a translatable snippet: the Dutch name, description and search words are the
    theme's own fields (the source); every other language is a ThemeText row, and the
    search vocabulary reads the words of all languages on every language site.
    """

    # Search words come from its names; items are mapped to it (portal.core.invalidation).
    bumps_cache_versions = (VOCABULARY_VERSION, CATALOGUE_VERSION)

    slug = models.SlugField("slug", max_length=100, unique=True, help_text=SLUG_HELP)
    name = models.CharField("naam", max_length=100)
    synonyms = models.TextField(
        "zoekwoorden",
        blank=True,
        help_text="Woorden die inwoners typen, één per regel (bijvoorbeeld 'geldzorgen').",
    )
    description = models.TextField("omschrijving", blank=True, help_text="Eén zin in B1-taal.")
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

    objects = ThemeQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("synonyms"),
        FieldPanel("parent"),
        FieldPanel("icon"),
        FieldPanel("sort_order"),
        FieldPanel("urgent"),
        InlinePanel(
            "texts",
            heading="Andere talen",
            label="Taal",
            help_text=(
                "Naam, omschrijving en zoekwoorden in een andere taal. Zonder tekst in een taal"
                " toont de site de Nederlandse."
            ),
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=5),
        index.SearchField("synonyms", boost=3),
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

    def text_for(self, language: str) -> ThemeText | None:
        """The theme's text in ``language``; None for Dutch or a language without one.

        Uses the texts loaded by ``Theme.objects.for_language`` when present.
        """
        if language == settings.LANGUAGE_CODE:
            return None
        return next((text for text in self.texts.all() if text.language == language), None)

    def display_name(self, language: str = "nl") -> str:
        text = self.text_for(language)
        return text.name if text and text.name else self.name

    def description_in(self, language: str) -> tuple[str, str]:
        """(description, its language): the reader's language, else the Dutch one."""
        text = self.text_for(language)
        if text and text.description:
            return text.description, language
        return self.description, settings.LANGUAGE_CODE

    def names_in_other_languages(self) -> str:
        """Every ThemeText name, so an item is found by its theme's name in any language."""
        return " ".join(text.name for text in self.texts.all())

    def get_url(self, request=None) -> str | None:
        page = index_page_for("directory.ThemeIndexPage", Locale.get_active().pk)
        base = page.get_url(request=request) if page else None
        return f"{base}{self.slug}/" if base else None

    @property
    def url(self):
        return self.get_url()


class FoundByThemeNames:
    """For items indexed with their themes' names in every language (``RelatedFields``
    on ``themes`` with ``Theme.names_in_other_languages``).

    Wagtail prefetches a ``RelatedFields`` relation only for Django's own relations, not
    for a ParentalManyToManyField: without this, indexing costs a query for each item's
    themes and one per theme for its names."""

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().prefetch_related("themes__texts")


class ThemeText(models.Model):
    """A theme's name, description and search words in one language other than Dutch."""

    # Its words are search vocabulary and its name is shown on theme links, like Theme's.
    bumps_cache_versions = (VOCABULARY_VERSION, CATALOGUE_VERSION)

    theme = ParentalKey(Theme, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(
        "taal",
        max_length=10,
        validators=[validate_translation_language],
        help_text="Taalcode van de site, zoals en of tr.",
    )
    name = models.CharField("naam", max_length=100)
    description = models.TextField("omschrijving", blank=True, help_text="Eén zin in B1-taal.")
    search_words = models.TextField(
        "zoekwoorden",
        blank=True,
        help_text="Woorden die inwoners in deze taal typen, één per regel.",
    )

    panels = [
        FieldPanel("language", widget=forms.Select(choices=translation_languages)),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("search_words"),
    ]

    class Meta:
        ordering = ["theme", "language"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "language"], name="unique_theme_language")
        ]
        verbose_name = "thema in een andere taal"
        verbose_name_plural = "thema's in andere talen"

    def __str__(self):
        return f"{self.name} ({self.language})"

    @property
    def search_word_list(self) -> list[str]:
        return split_lines(self.search_words)


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
