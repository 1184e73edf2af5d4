"""Model validation and the Location <-> opening-hours schedule helpers."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from locations.models import ClosedDate, DistrictPostcode, OpeningHoursWindow
from locations.opening_hours import (
    format_opening_hours,
    is_open_at,
    parse_opening_hours,
    schedule_for_location,
    write_schedule_to_location,
)
from tests.factories import (
    ClosedDateFactory,
    DistrictFactory,
    DistrictPostcodeFactory,
    LocationFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize("postcode", ["7551 dr", "0551 DR", "755 DR", "75511 DR", "7551 D"])
def test_bad_postcode_is_refused(postcode):
    organisation = OrganisationFactory.build(postcode=postcode)
    assert "postcode" in errors_of(organisation)


# Editors may leave out the space; the spreadsheet format asks for it (see the import).
@pytest.mark.parametrize("postcode", ["7551 DR", "7559 AB", "7551DR"])
def test_good_postcode_is_accepted(postcode):
    organisation = OrganisationFactory(postcode=postcode)
    organisation.full_clean()


def test_summary_longer_than_160_characters_is_refused():
    assert "summary" in errors_of(OrganisationFactory.build(summary="x" * 161))


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        (Decimal("48.85661"), Decimal("6.79"), "latitude"),  # Paris's latitude
        (Decimal("52.26"), Decimal("2.35222"), "longitude"),  # west of the coast
        (Decimal("53.70"), Decimal("6.79"), "latitude"),  # north of the Wadden
        (Decimal("52.26"), Decimal("7.40"), "longitude"),  # Germany
    ],
)
def test_coordinates_outside_the_netherlands_are_refused(latitude, longitude, field):
    location = LocationFactory(latitude=Decimal("52.26"), longitude=Decimal("6.79"))
    location.latitude, location.longitude = latitude, longitude
    assert field in errors_of(location)


def test_only_one_coordinate_is_refused():
    location = LocationFactory()
    location.longitude = None
    assert "__all__" in errors_of(location)


def test_coordinates_in_hengelo_are_accepted():
    LocationFactory(latitude=Decimal("52.26570"), longitude=Decimal("6.79300")).full_clean()


@pytest.mark.parametrize(("opens", "closes"), [(time(12), time(9)), (time(9), time(9))])
def test_window_must_close_after_it_opens(opens, closes):
    window = OpeningHoursWindow(location=LocationFactory(), weekday=0, opens=opens, closes=closes)
    assert errors_of(window) == {"closes": ["De sluitingstijd moet na de openingstijd liggen."]}


def test_district_postcode_belongs_to_one_district():
    DistrictPostcodeFactory(district=DistrictFactory(), postcode="7552")
    duplicate = DistrictPostcode(district=DistrictFactory(), postcode="7552")
    assert errors_of(duplicate)["postcode"] == [
        "Dit postcodegebied hoort al bij een ander stadsdeel."
    ]


@pytest.mark.parametrize("postcode", ["755", "07552", "ABCD"])
def test_district_postcode_has_four_digits(postcode):
    assert "postcode" in errors_of(DistrictPostcode(district=DistrictFactory(), postcode=postcode))


def test_schedule_from_and_into_a_location():
    location = LocationFactory(opening_hours="Mo,We 09:00-12:00,13:00-16:00; PH off")
    ClosedDateFactory(location=location, date=date(2026, 11, 4))
    schedule = schedule_for_location(location)
    assert format_opening_hours(schedule) == "Mo,We 09:00-12:00,13:00-16:00; PH off"
    assert schedule.closed_dates == {date(2026, 11, 4)}
    amsterdam = ZoneInfo("Europe/Amsterdam")
    # Wednesday 4 November is a closed date; Monday 2 November is an ordinary day.
    assert not is_open_at(schedule, datetime(2026, 11, 4, 10, tzinfo=amsterdam))
    assert is_open_at(schedule, datetime(2026, 11, 2, 10, tzinfo=amsterdam))

    write_schedule_to_location(location, parse_opening_hours("Sa 10:00-14:00"))
    location.save()
    location.refresh_from_db()
    assert location.closed_on_public_holidays is False
    assert [(w.weekday, w.opens) for w in location.opening_hours.all()] == [(5, time(10))]
    assert not ClosedDate.objects.filter(location=location).exists()


def test_writing_a_schedule_can_keep_closed_dates():
    location = LocationFactory(opening_hours="Mo 09:00-12:00")
    ClosedDateFactory(location=location)
    write_schedule_to_location(location, parse_opening_hours("Tu 09:00-12:00"), closed_dates=False)
    location.save()
    assert ClosedDate.objects.filter(location=location).count() == 1
    assert list(location.opening_hours.values_list("weekday", flat=True)) == [1]
