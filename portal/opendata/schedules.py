"""Opening hours and closed dates as HSDS ``schedule`` documents (RFC 5545 RRULE fields).

Dutch public holidays count as closed dates for locations that close on them, for
``HOLIDAY_HORIZON_DAYS`` from today; the importer uses the same list to recognise them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays

from .hsds_fields import date_text, time_text, without_empty
from .identifiers import derived, item_uuid

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Public holidays are published as closed dates this far ahead (a schedule says so).
HOLIDAY_HORIZON_DAYS = 365
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def today_in_hengelo() -> dt.date:
    return dt.datetime.now(AMSTERDAM).date()


def public_holidays(today: dt.date) -> dict[dt.date, str]:
    """Dutch public holidays (date: Dutch name) from ``today`` to ``HOLIDAY_HORIZON_DAYS``
    ahead, as the site's "open now" counts them."""
    end = today + dt.timedelta(days=HOLIDAY_HORIZON_DAYS)
    days = holidays.Netherlands(years=range(today.year, end.year + 1), language="nl")
    return {day: str(name) for day, name in sorted(days.items()) if today <= day <= end}


def location_schedules(location, today: dt.date, holidays_ahead: dict[dt.date, str]) -> list[dict]:
    """Opening hours as weekly RRULE schedules; closed dates never appear open.

    Each group of windows with the same times becomes one weekly schedule
    (``freq=WEEKLY``, ``byday=MO,WE``, ``opens_at``/``closes_at`` in Dutch local time).
    HSDS has no "closed on" rule, so, as its guidance on exceptional schedules says, the
    regular schedule is cut around each closed date: it is published as several
    schedules whose ``valid_from``/``valid_to`` leave the closed dates out, and each
    closed date gets a schedule of its own for that day, without opening times and with
    the reason. Closed dates before today are left out; public holidays (when the
    location closes on them) count as closed dates for the coming year, after which
    the regular schedules end (``valid_to``): we say nothing about later holidays.
    """
    location_id = item_uuid(location)
    groups: dict[tuple[dt.time, dt.time], list[int]] = {}
    for window in sorted(location.opening_hours.all(), key=lambda w: (w.weekday, w.opens)):
        groups.setdefault((window.opens, window.closes), []).append(window.weekday)
    closed: dict[dt.date, str] = {}
    if location.closed_on_public_holidays:
        closed.update(holidays_ahead)
    for closed_date in location.closed_dates.all():
        if closed_date.date >= today:
            closed[closed_date.date] = closed_date.reason or closed.get(closed_date.date, "")
    horizon = (
        today + dt.timedelta(days=HOLIDAY_HORIZON_DAYS)
        if location.closed_on_public_holidays
        else None
    )
    segments = _open_segments(sorted(closed), horizon)
    documents = []
    for (opens, closes), weekdays in sorted(groups.items(), key=lambda g: (g[1][0], g[0])):
        weekdays = sorted(set(weekdays))
        days_text = " en ".join(WEEKDAY_NAMES[d] for d in weekdays)
        description = f"{days_text} van {opens:%H:%M} tot {closes:%H:%M} (Nederlandse tijd)"
        for start, end in segments:
            documents.append(
                without_empty(
                    {
                        "id": derived(
                            location_id,
                            "schedule",
                            ",".join(WEEKDAY_CODES[d] for d in weekdays),
                            time_text(opens),
                            time_text(closes),
                            date_text(start) or "",
                            date_text(end) or "",
                        ),
                        "location_id": location_id,
                        "valid_from": date_text(start),
                        "valid_to": date_text(end),
                        "freq": "WEEKLY",
                        "wkst": "MO",
                        "byday": ",".join(WEEKDAY_CODES[d] for d in weekdays),
                        "opens_at": time_text(opens),
                        "closes_at": time_text(closes),
                        "description": description,
                        "notes": location.opening_hours_note,
                    }
                )
            )
    for day in sorted(closed):
        reason = closed[day]
        documents.append(
            without_empty(
                {
                    "id": derived(location_id, "closed", day.isoformat()),
                    "location_id": location_id,
                    "valid_from": day.isoformat(),
                    "valid_to": day.isoformat(),
                    "description": f"Gesloten: {reason}" if reason else "Gesloten",
                    "notes": "Gesloten op deze dag, de hele dag.",
                }
            )
        )
    return documents


def _open_segments(closed: list[dt.date], horizon: dt.date | None):
    """(valid_from, valid_to) pieces of time between the closed dates (None: unbounded)."""
    segments = []
    start = None
    for day in closed:
        end = day - dt.timedelta(days=1)
        if start is None or start <= end:
            segments.append((start, end))
        start = day + dt.timedelta(days=1)
    if horizon is None or start is None or start <= horizon:
        segments.append((start, horizon))
    return segments
