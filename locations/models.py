from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.cache import patch_cache_control
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.admin.widgets import SlugInput
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from directory.models import split_lines
from portal.core.content import SLUG_HELP, PublicItem, VerifiableMixin
from portal.core.invalidation import CATALOGUE_VERSION, VOCABULARY_VERSION
from portal.core.kinds import ItemKind
from portal.core.localized import localized
from portal.core.routing import RoutableIndexPage
from portal.core.validators import POSTCODE_VALIDATOR, normalise_postcode

# A generous box around the European Netherlands (WGS84).
NL_LATITUDE = (Decimal("50.70"), Decimal("53.60"))
NL_LONGITUDE = (Decimal("3.30"), Decimal("7.25"))

PC4_VALIDATOR = RegexValidator(
    r"^[1-9][0-9]{3}$", "Een postcodegebied heeft vier cijfers, zoals 7552."
)


class District(ClusterableModel):
    """A stadsdeel with its neighbourhoods and the four-digit postcodes it covers."""

    # Search words come from its names; items are mapped to it (portal.core.invalidation).
    bumps_cache_versions = (VOCABULARY_VERSION, CATALOGUE_VERSION)

    slug = models.SlugField("slug", max_length=100, unique=True, help_text=SLUG_HELP)
    name = models.CharField("naam", max_length=100)
    neighbourhoods = models.TextField("wijken en buurten", blank=True, help_text="Eén per regel.")
    sort_order = models.PositiveIntegerField("volgorde", default=0)

    panels = [
        TitleFieldPanel("name", placeholder=False, classname=""),
        FieldPanel("slug", widget=SlugInput),
        FieldPanel("neighbourhoods"),
        InlinePanel("postcodes", label="Postcodegebieden (4 cijfers)"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "stadsdeel"
        verbose_name_plural = "stadsdelen"

    def __str__(self):
        return self.name

    @property
    def neighbourhood_list(self) -> list[str]:
        return split_lines(self.neighbourhoods)


class DistrictPostcode(Orderable):
    district = ParentalKey(District, on_delete=models.CASCADE, related_name="postcodes")
    postcode = models.CharField(
        "postcodegebied",
        max_length=4,
        unique=True,
        validators=[PC4_VALIDATOR],
        error_messages={"unique": "Dit postcodegebied hoort al bij een ander stadsdeel."},
    )

    class Meta(Orderable.Meta):
        verbose_name = "postcodegebied"
        verbose_name_plural = "postcodegebieden"

    def __str__(self):
        return self.postcode


class Location(VerifiableMixin, PublicItem):
    class Kind(models.TextChoices):
        WIJKENTREE = "wijkentree", "Wijkentree"
        WIJKTEAM = "wijkteam", "Wijkteam"
        INLOOP = "inloop", "Inloop"
        ACTIVITY = "activiteit", "Activiteit"

    # Where residents of a district go with any question: the postcode page lists them and
    # a search for a place puts them first (``item_kind.entry_point``).
    ENTRY_POINT_KINDS = (Kind.WIJKENTREE, Kind.WIJKTEAM)

    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
    )
    street = models.CharField("straat en huisnummer", max_length=200)
    postcode = models.CharField("postcode", max_length=7, validators=[POSTCODE_VALIDATOR])
    city = models.CharField("plaats", max_length=100, default="Hengelo")
    district = models.ForeignKey(
        District,
        verbose_name="stadsdeel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
    )
    latitude = models.DecimalField(
        "breedtegraad",
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(NL_LATITUDE[0]), MaxValueValidator(NL_LATITUDE[1])],
    )
    longitude = models.DecimalField(
        "lengtegraad",
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(NL_LONGITUDE[0]), MaxValueValidator(NL_LONGITUDE[1])],
    )
    closed_on_public_holidays = models.BooleanField("gesloten op feestdagen", default=True)
    opening_hours_note = models.TextField("toelichting openingstijden", blank=True)
    accessibility = models.TextField("toegankelijkheid", blank=True)
    phone = models.CharField("telefoon", max_length=40, blank=True)
    description = models.TextField("omschrijving", blank=True)

    item_kind = ItemKind(
        "location",
        public_label=pgettext_lazy("soort zoekresultaat", "Locatie"),
        title_field="name",
        summary_field="description",
        meaning_fields=("description",),
        catalogue_fields=(
            "last_verified",
            "district_id",
            "street",
            "city",
            "organisation_id",
            "postcode",
            "kind",
        ),
        summary_lead_fields=("street", "city"),
        vocabulary_fields=("name", "description", "street"),
        found_by_name=True,
        entry_point=("kind", ENTRY_POINT_KINDS),
        search_prior=0.25,
        order=30,
        verifiable=True,
    )
    # Not prose: copied from the Dutch item to every translation, never offered for
    # translation (portal.localization.synchronised).
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "slug",
            "kind",
            "street",
            "postcode",
            "city",
            "district",
            "latitude",
            "longitude",
            "opening_hours",
            "closed_on_public_holidays",
            "closed_dates",
            "phone",
        )
    ]
    index_page_model = "locations.LocationIndexPage"
    search_part_fields = ("description",)
    card_related = ("locale", "district")
    card_fields = (
        "slug",
        "name",
        "kind",
        "latitude",
        "longitude",
        "street",
        "postcode",
        "city",
        "phone",
        "district__name",
        "locale__language_code",
        # With the prefetched opening hours, the card's "open now" line (locations.statuses).
        "closed_on_public_holidays",
    )
    detail_template = "pages/location_detail.html"

    panels = [
        TitleFieldPanel("name", placeholder=False, classname=""),
        FieldPanel("slug", widget=SlugInput),
        FieldPanel("kind"),
        FieldPanel("organisation"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                FieldPanel("district"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="Adres",
        ),
        MultiFieldPanel(
            [
                InlinePanel("opening_hours", label="Openingstijd"),
                FieldPanel("closed_on_public_holidays"),
                InlinePanel("closed_dates", label="Gesloten op"),
                FieldPanel("opening_hours_note"),
            ],
            heading="Openingstijden",
        ),
        FieldPanel("accessibility"),
        FieldPanel("phone"),
    ]
    search_fields = [
        index.SearchField("name", boost=10),
        index.SearchField("search_name_parts", boost=10),
        index.SearchField("search_text_parts"),
        index.SearchField("description"),
        index.SearchField("street"),
        index.AutocompleteField("name"),
        index.RelatedFields("district", [index.SearchField("name")]),
        index.FilterField("live"),
        index.FilterField("locale_id"),
        index.FilterField("kind"),
        index.FilterField("district_id"),
    ]

    class Meta(PublicItem.Meta):
        verbose_name = "locatie"
        verbose_name_plural = "locaties"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_location_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.postcode = normalise_postcode(self.postcode)
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                "Vul zowel de breedtegraad als de lengtegraad in, of geen van beide."
            )


class OpeningHoursWindow(Orderable):
    """One opening window on one weekday; a day may have several (09:00-12:00, 13:00-16:00)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "maandag"
        TUESDAY = 1, "dinsdag"
        WEDNESDAY = 2, "woensdag"
        THURSDAY = 3, "donderdag"
        FRIDAY = 4, "vrijdag"
        SATURDAY = 5, "zaterdag"
        SUNDAY = 6, "zondag"

    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField("dag", choices=Weekday.choices)
    opens = models.TimeField("open vanaf")
    closes = models.TimeField("open tot")

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = "openingstijd"
        verbose_name_plural = "openingstijden"

    def clean(self):
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": "De sluitingstijd moet na de openingstijd liggen."})


class ClosedDate(Orderable):
    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="closed_dates")
    date = models.DateField("datum")
    reason = models.CharField("reden", max_length=120, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])]

    class Meta(Orderable.Meta):
        verbose_name = "gesloten dag"
        verbose_name_plural = "gesloten dagen"


class LocationIndexPage(RoutableIndexPage):
    item_model_path = "locations.Location"
    item_select_related = ("locale", "district", "organisation")
    detail_template = "pages/location_detail.html"
    template = "pages/location_index_page.html"

    class Meta:
        verbose_name = "overzicht locaties"

    def get_items(self):
        return localized(Location)

    # The list and item contexts are registered in LocationsConfig.ready().

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        max_age = context.get("cache_max_age")
        if max_age is not None:
            # The "open now" line must not outlive the next opening or closing time.
            if request.user.is_authenticated:
                patch_cache_control(response, max_age=max_age, private=True)
            else:
                patch_cache_control(response, max_age=max_age)
        result = context.get("postcode_result")
        if (result is not None and result.is_malformed) or context.get("open_now_error"):
            response.status_code = 400
        return response
