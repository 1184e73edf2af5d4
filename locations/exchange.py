"""The locations app's files of the spreadsheet exchange: districts and locations.

Each column is declared once; its limits and validators come from the model field it
fills (``portal.core.exchange.columns``). The format: ``portal/fixtures/sociale-kaart``.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator

from locations.models import District, DistrictPostcode, Location, OpeningHoursWindow
from locations.opening_hours import (
    ParseError,
    Schedule,
    WeekdayWindow,
    format_opening_hours,
    parse_opening_hours,
)
from portal.core.exchange import Problem, SpreadsheetFile, spreadsheet_files
from portal.core.exchange.cells import split_values
from portal.core.exchange.columns import (
    Choice,
    Column,
    Coordinate,
    MultiLine,
    Reference,
    Values,
    first_error,
)
from portal.core.validators import normalise_postcode

DISTRICTS = "districts.csv"
LOCATIONS = "locations.csv"
ORGANISATIONS = "organisations.csv"  # owned by directory; referenced by slug

POSTCODE_MESSAGE = "'{value}' is geen geldige postcode (schrijf bijvoorbeeld 7551 DR)"


def _by_position(orderable) -> tuple:
    return (orderable.sort_order if orderable.sort_order is not None else 0, orderable.pk)


class PostcodeAreas(Values):
    """The district's four-digit postcodes (inline ``DistrictPostcode`` rows)."""

    stores_field = False

    def __init__(self, name: str):
        super().__init__(
            name, message="'{value}' is geen postcodegebied van vier cijfers (zoals 7552)"
        )

    def bind(self, model) -> None:
        field = DistrictPostcode._meta.get_field("postcode")
        self.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]

    def clean(self, row, known):
        values = split_values(row.cell(self.name))
        for value in values:
            error = first_error(value, self.validators, self.message)
            if error:
                row.problem(self.name, error)
        return values

    def write(self, obj, value, slug_maps) -> None:
        """Written by ``write_related`` once the districts have primary keys."""

    def write_related(self, model, pairs, slug_maps) -> None:
        districts = [district for district, _ in pairs]
        DistrictPostcode.objects.filter(district__in=districts).delete()
        DistrictPostcode.objects.bulk_create(
            [
                DistrictPostcode(district=district, postcode=postcode, sort_order=i)
                for district, postcodes in pairs
                for i, postcode in enumerate(postcodes)
            ]
        )

    def read(self, obj):
        return [p.postcode for p in sorted(obj.postcodes.all(), key=_by_position)]


class OpeningHours(Column):
    """The OpenStreetMap-style opening hours (``locations.opening_hours``) as windows."""

    def __init__(self, name: str):
        # The row's own field is whether the location closes on public holidays ("PH off").
        super().__init__(name, field="closed_on_public_holidays")

    def clean(self, row, known):
        try:
            return parse_opening_hours(row.cell(self.name).strip())
        except ParseError as error:
            row.problem(self.name, f"openingstijden niet begrepen: {error}")
            return Schedule()

    def write(self, obj, value, slug_maps) -> None:
        obj.closed_on_public_holidays = value.closed_on_public_holidays

    def write_related(self, model, pairs, slug_maps) -> None:
        OpeningHoursWindow.objects.filter(location__in=[obj for obj, _ in pairs]).delete()
        OpeningHoursWindow.objects.bulk_create(
            [
                OpeningHoursWindow(
                    location=obj, weekday=w.weekday, opens=w.opens, closes=w.closes, sort_order=i
                )
                for obj, schedule in pairs
                for i, w in enumerate(schedule.windows)
            ],
            batch_size=2000,
        )

    def read(self, obj):
        return Schedule(
            windows=tuple(
                WeekdayWindow(w.weekday, w.opens, w.closes) for w in obj.opening_hours.all()
            ),
            closed_on_public_holidays=obj.closed_on_public_holidays,
        )

    def cell(self, value) -> str:
        return format_opening_hours(value)


class DistrictsFile(SpreadsheetFile):
    def check_file(self, items, problems) -> None:
        """A four-digit postcode belongs to one district, in the file and in the database."""
        owner: dict[str, tuple[str, int]] = {}
        for item in items:
            for postcode in item.values["postcodes"]:
                if postcode in owner:
                    other_slug, other_line = owner[postcode]
                    problems.append(
                        Problem(
                            self.name,
                            item.line,
                            "postcodes",
                            f"postcodegebied {postcode} hoort al bij stadsdeel '{other_slug}' "
                            f"(regel {other_line})",
                        )
                    )
                else:
                    owner[postcode] = (item.values["slug"], item.line)
        in_file = {item.values["slug"] for item in items}
        elsewhere = (
            DistrictPostcode.objects.filter(postcode__in=owner)
            .exclude(district__slug__in=in_file)
            .values_list("postcode", "district__slug")
        )
        for postcode, district_slug in elsewhere:
            _slug, line = owner[postcode]
            problems.append(
                Problem(
                    self.name,
                    line,
                    "postcodes",
                    f"postcodegebied {postcode} hoort al bij stadsdeel '{district_slug}' "
                    "(in de database)",
                )
            )

    def dependents(self, pks):
        """A location is found by the name of its district."""
        return {
            Location: set(Location.objects.filter(district_id__in=pks).values_list("pk", flat=True))
        }


class LocationsFile(SpreadsheetFile):
    def check_row(self, row, values) -> None:
        has_latitude = bool(row.cell("latitude").strip())
        has_longitude = bool(row.cell("longitude").strip())
        if has_latitude != has_longitude:
            missing = "longitude" if has_latitude else "latitude"
            row.problem(
                missing, "vul zowel de breedtegraad als de lengtegraad in, of geen van beide"
            )


districts = spreadsheet_files.register(
    DistrictsFile(
        DISTRICTS,
        District,
        order=20,
        published=False,
        keeps_file_order=True,
        prefetch_related=("postcodes",),
        columns=(
            Column("name", required=True),
            Values(
                "neighbourhoods", joined="\n", read=lambda district: district.neighbourhood_list
            ),
            PostcodeAreas("postcodes"),
        ),
    )
)

locations = spreadsheet_files.register(
    LocationsFile(
        LOCATIONS,
        Location,
        order=40,
        select_related=("organisation", "district"),
        prefetch_related=("opening_hours", "closed_dates"),
        columns=(
            Column("name", required=True),
            Choice("kind"),
            Reference("organisation", ORGANISATIONS, "organisatie"),
            Column("street", required=True),
            Column(
                "postcode", required=True, message=POSTCODE_MESSAGE, normalise=normalise_postcode
            ),
            Column("city"),
            Reference("district", DISTRICTS, "stadsdeel"),
            Coordinate("latitude", "de breedtegraad"),
            Coordinate("longitude", "de lengtegraad"),
            OpeningHours("opening_hours"),
            MultiLine("accessibility"),
            Column("phone"),
            MultiLine("description"),
        ),
    )
)
