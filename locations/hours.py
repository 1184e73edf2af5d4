"""What residents see about opening hours: the week table and the "open now" line.

Pure functions of a ``WeekSchedule`` and a moment, so tests can pin the time. All
reasoning happens in Europe/Amsterdam wall-clock time; moments are compared in UTC so a
DST change never shifts a result by an hour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

import holidays

from locations import opening_hours

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC
# Never let a cache keep a status line longer than this, even when nothing changes for days.
MAX_CACHE_SECONDS = 3600

WEEKDAYS = {
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


@dataclass(frozen=True)
class WeekSchedule:
    """Opening windows per weekday (0 = Monday) plus the days it is closed anyway.

    A display-side view of ``locations.opening_hours.Schedule`` (which decides whether a
    place is open and when that changes) that also keeps the reason for each closed date.
    """

    windows: dict[int, list[tuple[dt.time, dt.time]]] = field(default_factory=dict)
    closed_dates: dict[dt.date, str] = field(default_factory=dict)
    closed_on_public_holidays: bool = True

    @classmethod
    def for_location(cls, location) -> WeekSchedule:
        """Built from prefetched ``opening_hours`` and ``closed_dates`` (no extra queries)."""
        windows: dict[int, list[tuple[dt.time, dt.time]]] = {}
        for window in location.opening_hours.all():
            windows.setdefault(window.weekday, []).append((window.opens, window.closes))
        for day in windows.values():
            day.sort()
        closed = {closed.date: closed.reason for closed in location.closed_dates.all()}
        return cls(windows, closed, location.closed_on_public_holidays)

    @cached_property
    def schedule(self) -> opening_hours.Schedule:
        return opening_hours.Schedule(
            windows=tuple(
                opening_hours.WeekdayWindow(weekday, opens, closes)
                for weekday, ranges in self.windows.items()
                for opens, closes in ranges
            ),
            closed_on_public_holidays=self.closed_on_public_holidays,
            closed_dates=frozenset(self.closed_dates),
        )

    @property
    def has_hours(self) -> bool:
        return any(self.windows.values())

    def closed_reason(self, day: dt.date, language: str = "nl") -> str | None:
        """Why the location is closed all day on ``day`` (a closed date or a public holiday)."""
        if not opening_hours.is_closed_all_day(self.schedule, day):
            return None
        if day in self.closed_dates:
            return self.closed_dates[day] or ("gesloten" if language == "nl" else "closed")
        return public_holidays(day.year, language).get(day, "")


@lru_cache(maxsize=32)
def public_holidays(year: int, language: str = "nl") -> dict[dt.date, str]:
    code = "en_US" if language == "en" else "nl"
    return dict(holidays.country_holidays("NL", years=year, language=code))


@dataclass(frozen=True)
class Status:
    is_open: bool
    # Moment the status flips (closing time when open, next opening when closed), in UTC.
    next_change: dt.datetime | None
    closed_today_reason: str | None
    text: str


def status_at(schedule: WeekSchedule, moment: dt.datetime, language: str = "nl") -> Status:
    """The status line at ``moment`` (aware), e.g. "Nu open tot 12:00"."""
    now = moment.astimezone(UTC)
    today = now.astimezone(AMSTERDAM).date()
    is_open = opening_hours.is_open_at(schedule.schedule, now)
    change = opening_hours.next_change(schedule.schedule, now)
    change_at = change.at.astimezone(UTC) if change is not None else None
    if is_open:
        return Status(True, change_at, None, _open_text(change_at, language))
    closed_today = None
    if today.weekday() in schedule.windows or today in schedule.closed_dates:
        closed_today = schedule.closed_reason(today, language)
    return Status(
        False, change_at, closed_today, _closed_text(change_at, now, closed_today, language)
    )


def _clock(moment: dt.datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%H:%M")


def _open_text(closes: dt.datetime | None, language: str) -> str:
    if closes is None:  # open around the clock within the look-ahead
        return "Open now" if language == "en" else "Nu open"
    if language == "en":
        return f"Open now until {_clock(closes)}"
    return f"Nu open tot {_clock(closes)}"


def _closed_text(
    next_opening: dt.datetime | None, now: dt.datetime, reason: str | None, language: str
) -> str:
    closed = "Closed" if language == "en" else "Gesloten"
    if reason:
        closed = f"{'Closed today' if language == 'en' else 'Vandaag gesloten'} ({reason})"
    if next_opening is None:
        return closed
    return f"{closed} — {describe_opening(next_opening, now, language)}"


def describe_opening(opening: dt.datetime, now: dt.datetime, language: str = "nl") -> str:
    """ "opent dinsdag om 09:00" / "opens today at 13:00", relative to ``now``."""
    local = opening.astimezone(AMSTERDAM)
    days_ahead = (local.date() - now.astimezone(AMSTERDAM).date()).days
    clock = _clock(opening)
    names = WEEKDAYS["en" if language == "en" else "nl"]
    if language == "en":
        if days_ahead == 0:
            when = "today"
        elif days_ahead == 1:
            when = "tomorrow"
        elif days_ahead < 7:
            when = f"on {names[local.weekday()]}"
        else:
            when = f"on {names[local.weekday()]} {local.day} {MONTHS['en'][local.month - 1]}"
        return f"opens {when} at {clock}"
    if days_ahead == 0:
        when = "vandaag"
    elif days_ahead == 1:
        when = "morgen"
    elif days_ahead < 7:
        when = names[local.weekday()]
    else:
        when = f"{names[local.weekday()]} {local.day} {MONTHS['nl'][local.month - 1]}"
    return f"opent {when} om {clock}"


def cache_seconds(schedule: WeekSchedule, moment: dt.datetime) -> int:
    """How long a page showing the status may be cached: until the next change or midnight."""
    now = moment.astimezone(UTC)
    local = now.astimezone(AMSTERDAM)
    midnight = dt.datetime.combine(
        local.date() + dt.timedelta(days=1), dt.time(0), tzinfo=AMSTERDAM
    ).astimezone(UTC)
    candidates = [midnight]
    status = status_at(schedule, now)
    if status.next_change is not None:
        candidates.append(status.next_change)
    seconds = int((min(candidates) - now).total_seconds())
    return max(0, min(seconds, MAX_CACHE_SECONDS))


@dataclass(frozen=True)
class DayRow:
    weekday: int
    name: str
    ranges: list[str]
    is_today: bool


def week_rows(schedule: WeekSchedule, moment: dt.datetime, language: str = "nl") -> list[DayRow]:
    """Monday to Sunday with their opening times; today's row is marked."""
    today = moment.astimezone(AMSTERDAM).weekday()
    names = WEEKDAYS["en" if language == "en" else "nl"]
    rows = []
    for weekday in range(7):
        ranges = [
            f"{opens:%H:%M} – {closes:%H:%M}" for opens, closes in schedule.windows.get(weekday, [])
        ]
        rows.append(DayRow(weekday, names[weekday], ranges, weekday == today))
    return rows


def upcoming_closed_dates(
    schedule: WeekSchedule, moment: dt.datetime, language: str = "nl", days: int = 60
) -> list[tuple[dt.date, str]]:
    """Closed dates and public holidays in the coming weeks that fall on an opening day."""
    start = moment.astimezone(AMSTERDAM).date()
    result = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        if day.weekday() not in schedule.windows and day not in schedule.closed_dates:
            continue
        reason = schedule.closed_reason(day, language)
        if reason is not None:
            result.append((day, reason))
    return result


def format_date(day: dt.date, language: str = "nl") -> str:
    names = WEEKDAYS["en" if language == "en" else "nl"]
    months = MONTHS["en" if language == "en" else "nl"]
    return f"{names[day.weekday()]} {day.day} {months[day.month - 1]}"


def opening_hours_specification(schedule: WeekSchedule) -> list[dict]:
    """schema.org ``OpeningHoursSpecification`` entries for structured data."""
    day_names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{day_names[weekday]}",
            "opens": f"{opens:%H:%M}",
            "closes": f"{closes:%H:%M}",
        }
        for weekday, windows in sorted(schedule.windows.items())
        for opens, closes in windows
    ]


def status_timeline(
    schedule: WeekSchedule, moment: dt.datetime, language: str = "nl", days: int = 7
) -> list[dict]:
    """The status line from ``moment`` on, one entry per change (and per midnight).

    Put in the page as JSON, it lets the browser keep the line right on a page that was
    cached or left open: the script shows the last entry whose ``from`` has passed.
    """
    now = moment.astimezone(UTC)
    end = now + dt.timedelta(days=days)
    entries = []
    while now < end:
        status = status_at(schedule, now, language)
        entries.append({"from": int(now.timestamp()), "text": status.text, "open": status.is_open})
        midnight = dt.datetime.combine(
            now.astimezone(AMSTERDAM).date() + dt.timedelta(days=1), dt.time(0), tzinfo=AMSTERDAM
        ).astimezone(UTC)
        candidates = [midnight]
        if status.next_change is not None and status.next_change > now:
            candidates.append(status.next_change)
        now = min(candidates)
    return entries
