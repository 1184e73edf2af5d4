"""The opening-hours subset and "open at a moment", with fixed moments only."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from locations.opening_hours import (
    ParseError,
    Schedule,
    WeekdayWindow,
    format_opening_hours,
    is_open_at,
    next_change,
    parse_opening_hours,
)

AMS = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


def ams(*args):
    return datetime(*args, tzinfo=AMS)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


# --- parsing and formatting --------------------------------------------------------------


def test_parse_day_range_list_and_several_windows():
    schedule = parse_opening_hours("Mo,We 09:00-12:00,13:00-16:00; Fr 09:00-12:00; PH off")
    assert schedule.closed_on_public_holidays is True
    assert schedule.windows_on(0) == (
        WeekdayWindow(0, time(9), time(12)),
        WeekdayWindow(0, time(13), time(16)),
    )
    assert schedule.windows_on(1) == ()
    assert schedule.windows_on(2) == (
        WeekdayWindow(2, time(9), time(12)),
        WeekdayWindow(2, time(13), time(16)),
    )
    assert schedule.windows_on(4) == (WeekdayWindow(4, time(9), time(12)),)


def test_parse_range_expands_all_days():
    schedule = parse_opening_hours("Mo-Fr 08:30-17:00")
    assert [w.weekday for w in schedule.windows] == [0, 1, 2, 3, 4]
    assert schedule.closed_on_public_holidays is False


def test_later_rule_for_same_day_replaces_earlier():
    schedule = parse_opening_hours("Mo-Fr 09:00-17:00; We 13:00-15:00; Fr off")
    assert schedule.windows_on(2) == (WeekdayWindow(2, time(13), time(15)),)
    assert schedule.windows_on(4) == ()
    assert schedule.windows_on(3) == (WeekdayWindow(3, time(9), time(17)),)


def test_empty_string_is_empty_schedule():
    assert parse_opening_hours("") == Schedule()
    assert parse_opening_hours("  ").is_empty


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Mx 09:00-12:00", "onbekende dag 'Mx'"),
        ("Mo 9:00-12:00", "tijd '9:00-12:00'"),
        ("Mo 09:00-25:00", "ongeldige tijd"),
        ("Mo 12:00-09:00", "sluitingstijd niet na de openingstijd"),
        ("Mo 12:00-12:00", "sluitingstijd niet na de openingstijd"),
        ("Mo 09:00-12:00,11:00-13:00", "overlappen"),
        ("Mo 09:00-12:00;; Tu 09:00-12:00", "lege regel"),
        ("Mo", "niet begrepen"),
        ("PH 10:00-12:00", "alleen 'PH off'"),
        ("maandag 09:00-12:00", "onbekende dag 'maandag'"),
    ],
)
def test_parse_errors_say_what_is_wrong(text, fragment):
    with pytest.raises(ParseError) as error:
        parse_opening_hours(text)
    assert fragment in str(error.value)
    assert error.value.english  # an English message is there for logs and the English admin


@pytest.mark.parametrize(
    "text",
    [
        "Mo,We 09:00-12:00,13:00-16:00; Fr 09:00-12:00; PH off",
        "Mo 13:00-17:30; Tu,We,Fr 10:00-17:30; Th 10:00-20:00; Sa 10:00-16:00; PH off",
        "Mo-Th 09:00-21:30; Fr 09:00-17:00; Sa 10:00-13:00",
        "Mo-Fr 09:00-12:30,13:30-17:00; PH off",
        "Mo,We,Fr 10:00-16:00; Su 13:00-16:00",
        "PH off",
        "",
    ],
)
def test_canonical_strings_round_trip(text):
    assert format_opening_hours(parse_opening_hours(text)) == text


def test_format_groups_days_with_identical_windows():
    text = "Fr 09:00-12:00; Mo 09:00-12:00; Tu 09:00-12:00; We 09:00-12:00; Th 09:00-12:00"
    assert format_opening_hours(parse_opening_hours(text)) == "Mo-Fr 09:00-12:00"
    assert format_opening_hours(parse_opening_hours("Sa-Mo 10:00-11:00")) == "Mo,Sa,Su 10:00-11:00"
    assert (
        format_opening_hours(parse_opening_hours("Mo-We,Fr 10:00-11:00; PH off"))
        == "Mo-We,Fr 10:00-11:00; PH off"
    )


windows_strategy = st.lists(
    st.tuples(
        st.integers(0, 6),
        st.integers(0, 23 * 60 + 58),
        st.integers(1, 120),
    ),
    max_size=12,
)


@given(windows_strategy, st.booleans())
def test_format_then_parse_gives_the_same_schedule(raw_windows, closed_on_holidays):
    windows = []
    for weekday, start_minute, length in raw_windows:
        end_minute = min(start_minute + length, 23 * 60 + 59)
        opens = time(start_minute // 60, start_minute % 60)
        closes = time(end_minute // 60, end_minute % 60)
        # The subset does not allow overlapping windows on one day; skip those.
        if any(w.weekday == weekday and opens < w.closes and w.opens < closes for w in windows):
            continue
        windows.append(WeekdayWindow(weekday, opens, closes))
    schedule = Schedule(windows=tuple(windows), closed_on_public_holidays=closed_on_holidays)
    text = format_opening_hours(schedule)
    assert parse_opening_hours(text) == schedule
    assert format_opening_hours(parse_opening_hours(text)) == text


# --- open at a moment ---------------------------------------------------------------------

WEEKDAYS = parse_opening_hours("Mo-Fr 09:00-12:00,13:00-16:00; PH off")


def test_open_exactly_at_opening_closed_exactly_at_closing():
    # Wednesday 4 November 2026
    assert is_open_at(WEEKDAYS, ams(2026, 11, 4, 9, 0)) is True
    assert is_open_at(WEEKDAYS, ams(2026, 11, 4, 8, 59, 59)) is False
    assert is_open_at(WEEKDAYS, ams(2026, 11, 4, 11, 59, 59)) is True
    assert is_open_at(WEEKDAYS, ams(2026, 11, 4, 12, 0)) is False
    assert is_open_at(WEEKDAYS, ams(2026, 11, 4, 16, 0)) is False


def test_several_windows_per_day_with_a_lunch_break():
    assert is_open_at(WEEKDAYS, ams(2026, 11, 4, 12, 30)) is False
    assert is_open_at(WEEKDAYS, ams(2026, 11, 4, 13, 0)) is True
    assert next_change(WEEKDAYS, ams(2026, 11, 4, 12, 30)).at == ams(2026, 11, 4, 13, 0)


def test_weekend_closed_and_next_opening_is_monday():
    saturday = ams(2026, 11, 7, 11, 0)
    assert is_open_at(WEEKDAYS, saturday) is False
    change = next_change(WEEKDAYS, saturday)
    assert change.opens is True
    assert change.at == ams(2026, 11, 9, 9, 0)


def test_next_change_while_open_is_closing_time():
    change = next_change(WEEKDAYS, ams(2026, 11, 4, 10, 0))
    assert change.opens is False
    assert change.at == ams(2026, 11, 4, 12, 0)


def test_next_change_at_closing_minute_is_next_opening():
    change = next_change(WEEKDAYS, ams(2026, 11, 4, 16, 0))
    assert change.opens is True
    assert change.at == ams(2026, 11, 5, 9, 0)


def test_adjacent_windows_count_as_one_opening():
    schedule = parse_opening_hours("Mo 09:00-12:00,12:00-14:00")
    change = next_change(schedule, ams(2026, 11, 2, 11, 0))
    assert change == type(change)(at=ams(2026, 11, 2, 14, 0), opens=False)


def test_kings_day_and_christmas_are_closed_with_ph_off():
    # King's Day 2026 is Monday 27 April; Christmas Day is a Friday.
    assert is_open_at(WEEKDAYS, ams(2026, 4, 27, 10, 0)) is False
    assert is_open_at(WEEKDAYS, ams(2026, 12, 25, 10, 0)) is False
    assert is_open_at(WEEKDAYS, ams(2026, 4, 28, 10, 0)) is True
    # Without "PH off" the place opens on King's Day.
    always = parse_opening_hours("Mo-Fr 09:00-12:00")
    assert is_open_at(always, ams(2026, 4, 27, 10, 0)) is True


def test_next_opening_skips_christmas_and_the_weekend():
    # Thursday 24 December 16:00: Friday 25 (Christmas), Sat 26, Sun 27 → Monday 28.
    change = next_change(WEEKDAYS, ams(2026, 12, 24, 16, 0))
    assert change.at == ams(2026, 12, 28, 9, 0)
    assert change.opens is True


def test_closed_dates():
    schedule = Schedule(
        windows=WEEKDAYS.windows, closed_dates=frozenset({date(2026, 11, 4), date(2026, 11, 5)})
    )
    assert is_open_at(schedule, ams(2026, 11, 4, 10, 0)) is False
    assert is_open_at(schedule, ams(2026, 11, 3, 10, 0)) is True
    assert next_change(schedule, ams(2026, 11, 3, 17, 0)).at == ams(2026, 11, 6, 9, 0)


def test_dst_start_29_march_2026_uses_summer_time():
    sunday = parse_opening_hours("Sa,Su 11:30-12:30")
    # 10:00 UTC is 11:00 on Saturday (winter time) but 12:00 on Sunday (summer time).
    assert is_open_at(sunday, utc(2026, 3, 28, 10, 0)) is False
    assert is_open_at(sunday, utc(2026, 3, 29, 10, 0)) is True
    # Saturday 20:00 winter time until Sunday 11:30 summer time is 14.5 hours, not 15.5.
    change = next_change(sunday, ams(2026, 3, 28, 20, 0))
    assert change.at.astimezone(UTC) == utc(2026, 3, 29, 9, 30)


def test_dst_end_25_october_2026_uses_winter_time():
    sunday = parse_opening_hours("Sa,Su 11:30-12:30")
    # 10:00 UTC is 12:00 on Saturday (summer time) but 11:00 on Sunday (winter time).
    assert is_open_at(sunday, utc(2026, 10, 24, 10, 0)) is True
    assert is_open_at(sunday, utc(2026, 10, 25, 10, 0)) is False
    change = next_change(sunday, utc(2026, 10, 25, 10, 0))
    assert change.at.astimezone(UTC) == utc(2026, 10, 25, 10, 30)


def test_window_in_the_skipped_hour_opens_when_the_clock_jumps():
    night = parse_opening_hours("Su 02:30-04:00")
    # 01:00 UTC on 29 March is 03:00 summer time: the wall clock is past 02:30.
    assert is_open_at(night, utc(2026, 3, 29, 1, 0)) is True
    assert is_open_at(night, utc(2026, 3, 29, 0, 59)) is False
    change = next_change(night, ams(2026, 3, 29, 0, 0))
    assert change.at.astimezone(UTC) == utc(2026, 3, 29, 1, 0)


def test_repeated_hour_in_october_is_open_twice_by_the_wall_clock():
    night = parse_opening_hours("Su 02:15-02:45")
    assert is_open_at(night, utc(2026, 10, 25, 0, 30)) is True  # 02:30 summer time
    assert is_open_at(night, utc(2026, 10, 25, 1, 30)) is True  # 02:30 winter time
    assert is_open_at(night, utc(2026, 10, 25, 1, 0)) is False  # 02:00 winter time


def test_naive_moments_are_amsterdam_time():
    assert is_open_at(WEEKDAYS, datetime(2026, 11, 4, 9, 0)) is True


def test_no_opening_hours_never_open():
    assert next_change(Schedule(), ams(2026, 11, 4, 10, 0)) is None
    assert is_open_at(Schedule(), ams(2026, 11, 4, 10, 0)) is False
