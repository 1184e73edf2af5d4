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
from django.utils import dateformat, translation
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext, gettext_lazy, pgettext

from locations import opening_hours
from portal.core.localized import in_language

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC
# Never let a cache keep a status line longer than this, even when nothing changes for days.
MAX_CACHE_SECONDS = 3600

# The weekday and month names are Django's own (``django.utils.dates``, translated in
# Django's catalogues), the sentences around them are ours (this app's ``locale/``). A whole
# sentence per weekday, because some languages change the name in a sentence (Polish
# "w środę", Ukrainian "у середу").
OPENS_ON_WEEKDAY = (
    gettext_lazy("opent maandag om %(time)s"),
    gettext_lazy("opent dinsdag om %(time)s"),
    gettext_lazy("opent woensdag om %(time)s"),
    gettext_lazy("opent donderdag om %(time)s"),
    gettext_lazy("opent vrijdag om %(time)s"),
    gettext_lazy("opent zaterdag om %(time)s"),
    gettext_lazy("opent zondag om %(time)s"),
)


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

    def closed_reason(self, day: dt.date, language: str | None = None) -> str | None:
        """Why the location is closed all day on ``day`` (a closed date or a public holiday)."""
        if not opening_hours.is_closed_all_day(self.schedule, day):
            return None
        with in_language(language):
            if day in self.closed_dates:
                return self.closed_dates[day] or pgettext("reason a place is closed", "gesloten")
            return public_holidays(day.year, translation.get_language()).get(day, "")


def holiday_language(language: str | None) -> str:
    """The ``holidays`` package's name for ``language`` ("en" → "en_US"); Dutch when the
    package has no holiday names in that language."""
    code = (language or "").split("-")[0]
    for supported in holidays.NL.supported_languages:
        if supported.split("_")[0] == code:
            return supported
    return holidays.NL.default_language


@lru_cache(maxsize=32)
def public_holidays(year: int, language: str | None = None) -> dict[dt.date, str]:
    names = holidays.country_holidays("NL", years=year, language=holiday_language(language))
    return dict(names)


@dataclass(frozen=True)
class Status:
    is_open: bool
    # Moment the status flips (closing time when open, next opening when closed), in UTC.
    next_change: dt.datetime | None
    closed_today_reason: str | None
    text: str


def status_at(schedule: WeekSchedule, moment: dt.datetime, language: str | None = None) -> Status:
    """The status line at ``moment`` (aware), e.g. "Nu open tot 12:00", in ``language``
    (default: the active language)."""
    with in_language(language):
        return _status_at(schedule, moment)


def _status_at(schedule: WeekSchedule, moment: dt.datetime) -> Status:
    now = moment.astimezone(UTC)
    today = now.astimezone(AMSTERDAM).date()
    is_open = opening_hours.is_open_at(schedule.schedule, now)
    change = opening_hours.next_change(schedule.schedule, now)
    change_at = change.at.astimezone(UTC) if change is not None else None
    if is_open:
        return Status(True, change_at, None, _open_text(change_at))
    closed_today = None
    if today.weekday() in schedule.windows or today in schedule.closed_dates:
        closed_today = schedule.closed_reason(today)
    return Status(False, change_at, closed_today, _closed_text(change_at, now, closed_today))


def _clock(moment: dt.datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%H:%M")


def _open_text(closes: dt.datetime | None) -> str:
    if closes is None:  # open around the clock within the look-ahead
        return gettext("Nu open")
    return gettext("Nu open tot %(time)s") % {"time": _clock(closes)}


def _closed_text(next_opening: dt.datetime | None, now: dt.datetime, reason: str | None) -> str:
    if next_opening is None:
        if reason:
            return gettext("Vandaag gesloten (%(reason)s)") % {"reason": reason}
        return gettext("Gesloten")
    opening = describe_opening(next_opening, now)
    if reason:
        return gettext("Vandaag gesloten (%(reason)s) — %(opening)s") % {
            "reason": reason,
            "opening": opening,
        }
    return gettext("Gesloten — %(opening)s") % {"opening": opening}


def describe_opening(opening: dt.datetime, now: dt.datetime, language: str | None = None) -> str:
    """ "opent dinsdag om 09:00" / "opens today at 13:00", relative to ``now``."""
    local = opening.astimezone(AMSTERDAM)
    days_ahead = (local.date() - now.astimezone(AMSTERDAM).date()).days
    values = {"time": _clock(opening)}
    with in_language(language):
        if days_ahead == 0:
            return gettext("opent vandaag om %(time)s") % values
        if days_ahead == 1:
            return gettext("opent morgen om %(time)s") % values
        if days_ahead < 7:
            return str(OPENS_ON_WEEKDAY[local.weekday()]) % values
        # Translators: %(date)s is a date such as "maandag 5 januari" (see "l j F").
        return gettext("opent %(date)s om %(time)s") % {**values, "date": format_date(local)}


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


def week_rows(
    schedule: WeekSchedule, moment: dt.datetime, language: str | None = None
) -> list[DayRow]:
    """Monday to Sunday with their opening times; today's row is marked."""
    today = moment.astimezone(AMSTERDAM).weekday()
    with in_language(language):
        names = [str(WEEKDAY_NAMES[weekday]) for weekday in range(7)]
    rows = []
    for weekday in range(7):
        ranges = [
            f"{opens:%H:%M} – {closes:%H:%M}" for opens, closes in schedule.windows.get(weekday, [])
        ]
        rows.append(DayRow(weekday, names[weekday], ranges, weekday == today))
    return rows


def upcoming_closed_dates(
    schedule: WeekSchedule, moment: dt.datetime, language: str | None = None, days: int = 60
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


def format_date(day: dt.date, language: str | None = None) -> str:
    """ "maandag 5 januari" / "Monday 5 January": Django's weekday and month names in the
    order the translation's date format gives."""
    with in_language(language):
        # Translators: a Django date format (docs: "date" template filter): l = weekday,
        # j = day, F = month name, E = month name in the genitive (Polish, Ukrainian).
        return dateformat.format(day, pgettext("date format: weekday day month", "l j F"))


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
    schedule: WeekSchedule, moment: dt.datetime, language: str | None = None, days: int = 7
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
