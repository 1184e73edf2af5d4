"""Opening-hours status line at fixed moments (Europe/Amsterdam), including DST changes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from locations.hours import (
    WeekSchedule,
    cache_seconds,
    opening_hours_specification,
    status_at,
    status_timeline,
    upcoming_closed_dates,
    week_rows,
)

AMS = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC

# Like the sample Wijkentree 't Berflo: Mo,We 09:00-12:00,13:00-16:00; Fr 09:00-12:00.
BERFLO = WeekSchedule(
    windows={
        0: [(dt.time(9), dt.time(12)), (dt.time(13), dt.time(16))],
        2: [(dt.time(9), dt.time(12)), (dt.time(13), dt.time(16))],
        4: [(dt.time(9), dt.time(12))],
    },
    closed_on_public_holidays=True,
)


def local(*args):
    return dt.datetime(*args, tzinfo=AMS)


@pytest.mark.parametrize(
    ("moment", "text", "is_open"),
    [
        (local(2026, 11, 23, 8, 0), "Gesloten — opent vandaag om 09:00", False),  # Monday
        (local(2026, 11, 23, 9, 0), "Nu open tot 12:00", True),
        (local(2026, 11, 23, 11, 59), "Nu open tot 12:00", True),
        (local(2026, 11, 23, 12, 0), "Gesloten — opent vandaag om 13:00", False),
        (local(2026, 11, 23, 16, 0), "Gesloten — opent woensdag om 09:00", False),
        (local(2026, 11, 24, 20, 0), "Gesloten — opent morgen om 09:00", False),
        (local(2026, 11, 27, 12, 30), "Gesloten — opent maandag om 09:00", False),
    ],
)
def test_status_line(moment, text, is_open):
    status = status_at(BERFLO, moment)
    assert status.text == text
    assert status.is_open is is_open


def test_status_line_in_english():
    assert status_at(BERFLO, local(2026, 11, 23, 10), "en").text == "Open now until 12:00"
    assert (
        status_at(BERFLO, local(2026, 11, 27, 12, 30), "en").text
        == "Closed — opens on Monday at 09:00"
    )


def test_closed_date_names_the_reason_and_the_next_opening():
    schedule = WeekSchedule(BERFLO.windows, {dt.date(2026, 11, 23): "Studiedag"})
    status = status_at(schedule, local(2026, 11, 23, 10))
    assert not status.is_open
    assert status.text == "Vandaag gesloten (Studiedag) — opent woensdag om 09:00"
    upcoming = upcoming_closed_dates(schedule, local(2026, 11, 20, 10))
    assert upcoming[0] == (dt.date(2026, 11, 23), "Studiedag")
    assert (dt.date(2026, 12, 25), "Eerste kerstdag") in upcoming  # a Friday, normally open


def test_public_holiday_closes_unless_the_location_opens_on_holidays():
    christmas = local(2026, 12, 25, 10)  # a Friday
    status = status_at(BERFLO, christmas)
    assert not status.is_open
    assert status.text.startswith("Vandaag gesloten (Eerste kerstdag)")
    assert "opent maandag 28 december" not in status.text  # within a week: weekday only
    assert status.text.endswith("opent maandag om 09:00")
    open_anyway = WeekSchedule(BERFLO.windows, closed_on_public_holidays=False)
    assert status_at(open_anyway, christmas).is_open


def test_next_opening_across_spring_dst_change():
    # Clocks go from 02:00 CET to 03:00 CEST in the night of Sat 28 to Sun 29 March 2026.
    saturday_evening = local(2026, 3, 28, 20, 0)
    status = status_at(BERFLO, saturday_evening)
    assert status.next_change == dt.datetime(2026, 3, 30, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert status.text == "Gesloten — opent maandag om 09:00"


def test_closing_time_across_autumn_dst_change():
    # Sun 25 October 2026, 03:00 CEST becomes 02:00 CET; a Sunday window 01:00-04:00
    # lasts four hours in wall-clock time but five real hours.
    night = WeekSchedule({6: [(dt.time(1), dt.time(4))]}, closed_on_public_holidays=False)
    moment = dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    status = status_at(night, moment)
    assert status.is_open and status.text == "Nu open tot 04:00"
    assert status.next_change == dt.datetime(2026, 10, 25, 3, 0, tzinfo=UTC)  # 04:00 CET


def test_cache_expires_at_the_next_change_or_midnight():
    assert cache_seconds(BERFLO, local(2026, 11, 23, 11, 59)) == 60
    assert cache_seconds(BERFLO, local(2026, 11, 23, 23, 50)) == 600  # "today" moves on
    assert cache_seconds(BERFLO, local(2026, 11, 24, 3, 0)) == 3600  # capped


def test_week_rows_mark_today_and_list_windows():
    rows = week_rows(BERFLO, local(2026, 11, 25, 10))
    assert [row.is_today for row in rows] == [False, False, True, False, False, False, False]
    assert rows[0].ranges == ["09:00 – 12:00", "13:00 – 16:00"]
    assert rows[1].ranges == []
    assert rows[0].name == "maandag"


def test_schedule_without_hours_has_no_next_change():
    status = status_at(WeekSchedule(), local(2026, 11, 23, 10))
    assert not status.is_open and status.next_change is None and status.text == "Gesloten"


def test_schema_org_specification():
    spec = opening_hours_specification(BERFLO)
    assert len(spec) == 5
    assert spec[0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "12:00",
    }


def test_status_timeline_lists_every_change_for_the_browser():
    start = local(2026, 11, 23, 8, 0)  # Monday before opening
    timeline = status_timeline(BERFLO, start, days=3)
    moments = [entry["from"] for entry in timeline]
    assert moments == sorted(moments) and len(set(moments)) == len(moments)
    for entry in timeline:
        moment = dt.datetime.fromtimestamp(entry["from"], tz=UTC)
        assert entry["text"] == status_at(BERFLO, moment).text
        assert entry["open"] is status_at(BERFLO, moment).is_open
    texts = [entry["text"] for entry in timeline[:5]]
    assert texts == [
        "Gesloten — opent vandaag om 09:00",
        "Nu open tot 12:00",
        "Gesloten — opent vandaag om 13:00",
        "Nu open tot 16:00",
        "Gesloten — opent woensdag om 09:00",
    ]
    # At midnight "woensdag" becomes "morgen".
    assert timeline[5]["text"] == "Gesloten — opent morgen om 09:00"
    assert timeline[5]["from"] == int(local(2026, 11, 24, 0, 0).timestamp())
