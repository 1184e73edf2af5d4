"""Opening hours: the OpenStreetMap ``opening_hours`` subset of the spreadsheet format.

Pure functions without database access (apart from the two Location helpers at the end),
so "is it open now?" can be tested with fixed moments. All times are wall-clock times in
Europe/Amsterdam; moments are converted to that zone before they are compared, which is
what makes the DST weekends come out right.

The subset (see ``portal/fixtures/sociale-kaart/README.md``): rules separated by ``;``;
a rule is a day selector (``Mo``, ``Mo-Fr``, ``Mo,We,Fr``, ``Mo-We,Fr``) followed by one or
more ``HH:MM-HH:MM`` ranges separated by ``,`` or by ``off``; or ``PH off`` (closed on
public holidays). A later rule for a day replaces an earlier one, as in OpenStreetMap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from locations.models import ClosedDate, OpeningHoursWindow

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")
DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_NAMES_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

# How far ahead next_change looks before deciding a place never opens (closed dates and
# holidays can close a place for a long time, but not for more than a year).
LOOKAHEAD_DAYS = 400

_TIME_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class ParseError(ValueError):
    """An opening_hours string outside the supported subset.

    ``str(error)`` is the Dutch message editors see; ``error.english`` says the same in
    English for logs and the English admin.
    """

    def __init__(self, dutch: str, english: str):
        super().__init__(dutch)
        self.dutch = dutch
        self.english = english


@dataclass(frozen=True, order=True)
class WeekdayWindow:
    """Open from ``opens`` (inclusive) until ``closes`` (exclusive) on ``weekday`` (0 = Mo)."""

    weekday: int
    opens: time
    closes: time

    def __post_init__(self):
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0-6, not {self.weekday}")
        if self.closes <= self.opens:
            raise ValueError("closes must be after opens")


@dataclass(frozen=True)
class Schedule:
    windows: tuple[WeekdayWindow, ...] = ()
    closed_on_public_holidays: bool = False
    closed_dates: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self):
        # One canonical order makes schedules comparable and formatting stable.
        object.__setattr__(self, "windows", tuple(sorted(set(self.windows))))
        object.__setattr__(self, "closed_dates", frozenset(self.closed_dates))

    def windows_on(self, weekday: int) -> tuple[WeekdayWindow, ...]:
        return tuple(w for w in self.windows if w.weekday == weekday)

    @property
    def is_empty(self) -> bool:
        return not self.windows


@dataclass(frozen=True)
class Change:
    """The next moment the open/closed state changes, and the state from then on."""

    at: datetime
    opens: bool


# --- parsing -------------------------------------------------------------------------------


def _parse_day(code: str, rule: str) -> int:
    try:
        return DAY_CODES.index(code)
    except ValueError:
        raise ParseError(
            f"onbekende dag '{code}' in '{rule}' (gebruik Mo Tu We Th Fr Sa Su)",
            f"unknown day '{code}' in '{rule}' (use Mo Tu We Th Fr Sa Su)",
        ) from None


def _parse_days(selector: str, rule: str) -> list[int]:
    days: list[int] = []
    for part in selector.split(","):
        if "-" in part:
            first_code, _, last_code = part.partition("-")
            first, last = _parse_day(first_code, rule), _parse_day(last_code, rule)
            # Ranges may wrap around the week (Sa-Mo), as in OpenStreetMap.
            span = (last - first) % 7
            days.extend((first + offset) % 7 for offset in range(span + 1))
        else:
            days.append(_parse_day(part, rule))
    return days


def _parse_time(hours: str, minutes: str, text: str, rule: str) -> time:
    hour, minute = int(hours), int(minutes)
    if hour > 23 or minute > 59:
        raise ParseError(
            f"ongeldige tijd in '{text}' in '{rule}' (gebruik 00:00 tot en met 23:59)",
            f"invalid time in '{text}' in '{rule}' (use 00:00 to 23:59)",
        )
    return time(hour, minute)


def _parse_ranges(text: str, rule: str) -> list[tuple[time, time]]:
    ranges = []
    for part in text.split(","):
        match = _TIME_RANGE.match(part)
        if not match:
            raise ParseError(
                f"tijd '{part}' in '{rule}' niet begrepen (schrijf bijvoorbeeld 09:00-12:00)",
                f"could not read time '{part}' in '{rule}' (write e.g. 09:00-12:00)",
            )
        opens = _parse_time(match[1], match[2], part, rule)
        closes = _parse_time(match[3], match[4], part, rule)
        if closes <= opens:
            raise ParseError(
                f"in '{part}' ligt de sluitingstijd niet na de openingstijd",
                f"in '{part}' the closing time is not after the opening time",
            )
        ranges.append((opens, closes))
    ranges.sort()
    for (_, previous_closes), (next_opens, _) in zip(ranges, ranges[1:], strict=False):
        if next_opens < previous_closes:
            raise ParseError(
                f"tijden in '{rule}' overlappen elkaar",
                f"times in '{rule}' overlap",
            )
    return ranges


def parse_opening_hours(text: str) -> Schedule:
    """Parse the spreadsheet's opening_hours string; raise ParseError when it is not valid.

    An empty string means "no opening hours known" (an empty schedule).
    """
    text = (text or "").strip()
    if not text:
        return Schedule()
    by_day: dict[int, list[tuple[time, time]]] = {}
    closed_on_public_holidays = False
    for raw_rule in text.split(";"):
        rule = " ".join(raw_rule.split())
        if not rule:
            raise ParseError(
                f"lege regel in '{text}' (twee keer ';' achter elkaar?)",
                f"empty rule in '{text}' (two ';' in a row?)",
            )
        if rule == "PH off":
            closed_on_public_holidays = True
            continue
        parts = rule.split(" ")
        if len(parts) != 2:
            raise ParseError(
                f"regel '{rule}' niet begrepen (schrijf bijvoorbeeld 'Mo-Fr 09:00-17:00')",
                f"could not read rule '{rule}' (write e.g. 'Mo-Fr 09:00-17:00')",
            )
        selector, times = parts
        if selector == "PH":
            raise ParseError(
                f"voor feestdagen kan alleen 'PH off' (niet '{rule}')",
                f"only 'PH off' is supported for public holidays (not '{rule}')",
            )
        days = _parse_days(selector, rule)
        ranges = [] if times == "off" else _parse_ranges(times, rule)
        for day in days:
            by_day[day] = ranges
    windows = [
        WeekdayWindow(day, opens, closes)
        for day, ranges in by_day.items()
        for opens, closes in ranges
    ]
    return Schedule(windows=tuple(windows), closed_on_public_holidays=closed_on_public_holidays)


# --- formatting ------------------------------------------------------------------------------


def _format_days(days: list[int]) -> str:
    """``[0,1,2,4]`` → ``Mo-We,Fr``: runs of three or more days become a range."""
    parts: list[str] = []
    run: list[int] = []
    for day in [*days, None]:
        if run and day is not None and day == run[-1] + 1:
            run.append(day)
            continue
        if len(run) >= 3:
            parts.append(f"{DAY_CODES[run[0]]}-{DAY_CODES[run[-1]]}")
        else:
            parts.extend(DAY_CODES[d] for d in run)
        run = [day] if day is not None else []
    return ",".join(parts)


def format_opening_hours(schedule: Schedule) -> str:
    """The canonical string for a schedule, e.g. ``Mo-Fr 09:00-12:00; Sa 10:00-14:00; PH off``.

    Days with identical windows share one rule; rules are ordered by their first day.
    Closed dates have no place in the subset and are left out.
    """
    groups: dict[tuple[tuple[time, time], ...], list[int]] = {}
    for day in range(7):
        ranges = tuple((w.opens, w.closes) for w in schedule.windows_on(day))
        if ranges:
            groups.setdefault(ranges, []).append(day)
    rules = [
        f"{_format_days(days)} "
        + ",".join(f"{opens:%H:%M}-{closes:%H:%M}" for opens, closes in ranges)
        for ranges, days in sorted(groups.items(), key=lambda item: item[1][0])
    ]
    if schedule.closed_on_public_holidays:
        rules.append("PH off")
    return "; ".join(rules)


# --- open at a moment ----------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _dutch_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Netherlands(years=year))


def is_public_holiday(day: date) -> bool:
    return day in _dutch_holidays(day.year)


def is_closed_all_day(schedule: Schedule, day: date) -> bool:
    return day in schedule.closed_dates or (
        schedule.closed_on_public_holidays and is_public_holiday(day)
    )


def _local(moment: datetime) -> datetime:
    """The moment in Amsterdam time; a naive datetime is taken to be Amsterdam time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(AMSTERDAM)


def is_open_at(schedule: Schedule, moment: datetime) -> bool:
    """Open at ``moment``? Open at the opening minute itself, closed at the closing minute."""
    local = _local(moment)
    day = local.date()
    if is_closed_all_day(schedule, day):
        return False
    wall_clock = local.time().replace(tzinfo=None)
    return any(w.opens <= wall_clock < w.closes for w in schedule.windows_on(day.weekday()))


def _to_utc(day: date, wall_clock: time) -> datetime:
    """The first instant at which the clock on the wall reads ``wall_clock`` on ``day``.

    In the skipped hour of the March change (02:00-03:00 does not exist) that is the moment
    of the change itself, so this agrees with ``is_open_at``. In the repeated hour of the
    October change it is the first of the two occurrences.
    """
    local = datetime.combine(day, wall_clock, tzinfo=AMSTERDAM)
    utc = local.astimezone(UTC)
    if utc.astimezone(AMSTERDAM).replace(tzinfo=None) == local.replace(tzinfo=None):
        return utc
    # In the gap: walk forward from the earliest reading until the wall clock passes it.
    candidate = min(utc, local.replace(fold=1).astimezone(UTC))
    while candidate.astimezone(AMSTERDAM).replace(tzinfo=None) < local.replace(tzinfo=None):
        candidate += timedelta(minutes=1)
    return candidate


def _open_intervals(schedule: Schedule, first_day: date) -> Iterator[tuple[datetime, datetime]]:
    """Merged (start, end) intervals in UTC during which the place is open, from first_day."""
    pending: tuple[datetime, datetime] | None = None
    for offset in range(LOOKAHEAD_DAYS):
        day = first_day + timedelta(days=offset)
        if is_closed_all_day(schedule, day):
            continue
        for window in schedule.windows_on(day.weekday()):
            start, end = _to_utc(day, window.opens), _to_utc(day, window.closes)
            if pending and start <= pending[1]:
                pending = (pending[0], max(pending[1], end))
                continue
            if pending:
                yield pending
            pending = (start, end)
    if pending:
        yield pending


def next_change(schedule: Schedule, moment: datetime) -> Change | None:
    """When the place next opens (if closed at ``moment``) or closes (if open).

    ``None`` when it does not open again within the look-ahead (no opening hours).
    """
    local = _local(moment)
    for start, end in _open_intervals(schedule, local.date()):
        if start > local:
            return Change(at=start.astimezone(AMSTERDAM), opens=True)
        if start <= local < end:
            return Change(at=end.astimezone(AMSTERDAM), opens=False)
    return None


# --- Location helpers ----------------------------------------------------------------------------


def schedule_for_location(location) -> Schedule:
    """A Location's schedule from its windows, closed dates and public-holiday flag.

    Uses ``.all()`` so that prefetched (or in-memory, unsaved) child objects are used.
    """
    return Schedule(
        windows=tuple(
            WeekdayWindow(w.weekday, w.opens, w.closes) for w in location.opening_hours.all()
        ),
        closed_on_public_holidays=location.closed_on_public_holidays,
        closed_dates=frozenset(c.date for c in location.closed_dates.all()),
    )


def write_schedule_to_location(location, schedule: Schedule, *, closed_dates: bool = True):
    """Put ``schedule`` into the Location's child objects in memory; ``location.save()`` stores it.

    With ``closed_dates=False`` the location keeps its own closed dates (the spreadsheet
    format has no column for them).
    """
    location.closed_on_public_holidays = schedule.closed_on_public_holidays
    location.opening_hours = [
        OpeningHoursWindow(weekday=w.weekday, opens=w.opens, closes=w.closes, sort_order=i)
        for i, w in enumerate(schedule.windows)
    ]
    if closed_dates:
        location.closed_dates = [
            ClosedDate(date=day, sort_order=i)
            for i, day in enumerate(sorted(schedule.closed_dates))
        ]
    return location
