"""Organisations on the social map."""

from __future__ import annotations

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.admin.widgets import SlugInput
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal.core.content import Cost, PublicItem, VerifiableMixin
from portal.core.kinds import ItemKind
from portal.core.validators import (
    LANGUAGE_CODE_VALIDATOR,
    POSTCODE_VALIDATOR,
    normalise_postcode,
)

from .search_words import SEARCH_WORDS_BOOST, search_words_field
from .themes import FoundByThemeNames, TargetGroup, Theme


class Organisation(FoundByThemeNames, VerifiableMixin, PublicItem):
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
    search_words = search_words_field()
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
        meaning_tags="themes",
        catalogue_fields=("cost", "last_verified"),
        vocabulary_fields=("name", "summary", "description", "search_words"),
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
            # Residents' words in every language at once (directory.models.search_words).
            "search_words",
        )
    ]
    index_page_model = "directory.OrganisationIndexPage"
    search_part_fields = ("summary", "description", "search_words")
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
        FieldPanel("search_words"),
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
        # Heaviest class first: ts_rank counts a word's first occurrence in full, and
        # OpenSearch's emulation of it needs the classes in this order
        # (search.backends.elasticsearch.ranking).
        index.SearchField("search_words", boost=SEARCH_WORDS_BOOST),
        index.SearchField("search_text_parts"),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.RelatedFields(
            "themes", [index.SearchField("name"), index.SearchField("names_in_other_languages")]
        ),
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
