"""The "open now" status of many locations at once: cards, search results and the
"Nu open" filter.

The status line itself comes from ``locations.hours.status_at`` (the same text as on a
location's own page). This module loads the opening hours of a whole list in a fixed
number of queries, so a page needs the same number of queries for 3 or 300 cards, and
reads the "Nu open" choice from a GET parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy

from locations.hours import Status, WeekSchedule, status_at
from locations.models import Location
from portal.core.localized import active_language, in_language

OPEN_NOW_PARAMETER = "open"
# ?open=nu on the Dutch site, ?open=now on the English one: the value is translated like any
# text. Every language's value works on every site, so a shared link never breaks.
OPEN_NOW_VALUE = pgettext_lazy(
    "value of ?open= in a web address: lower-case ASCII letters only, no spaces", "nu"
)


def open_now_value(language: str | None = None) -> str:
    """The value the forms send for "open now" in ``language`` (default: the active one)."""
    if language is None:
        return str(OPEN_NOW_VALUE)
    with translation.override(language):
        return str(OPEN_NOW_VALUE)


def open_now_values() -> set[str]:
    """The value in every site language: any of them is accepted on any site."""
    return {open_now_value(code) for code, _name in settings.LANGUAGES}


class OpenNowChoiceError(ValueError):
    """An ``open`` parameter with a value we do not know (shown to the resident)."""


def open_now_requested(params, language: str | None = None) -> bool:
    """Whether the resident asked for places that are open now (``?open=nu``); the error
    message is in ``language`` (default: the active language)."""
    values = [v.strip().lower() for v in params.getlist(OPEN_NOW_PARAMETER) if v.strip()]
    if not values:
        return False
    known = open_now_values()
    if any(v not in known for v in values):
        with in_language(language):
            message = gettext("Deze keuze kennen we niet. Kies 'Nu open' of laat het vakje leeg.")
        raise OpenNowChoiceError(message)
    return True


def schedules_by_location(location_ids: Iterable[int]) -> dict[int, WeekSchedule]:
    """Opening hours of these locations, by id: three queries however many there are."""
    ids = sorted(set(location_ids))
    if not ids:
        return {}
    locations = (
        Location.objects.filter(pk__in=ids)
        .only("pk", "closed_on_public_holidays")
        .prefetch_related("opening_hours", "closed_dates")
    )
    return {location.pk: WeekSchedule.for_location(location) for location in locations}


def status_by_location(
    schedules: dict[int, WeekSchedule], moment: dt.datetime, language: str | None = None
) -> dict[int, Status]:
    """The status line of each location that has opening hours (others have none)."""
    return {
        pk: status_at(schedule, moment, language)
        for pk, schedule in schedules.items()
        if schedule.has_hours
    }


def open_ids(schedules: dict[int, WeekSchedule], moment: dt.datetime) -> set[int]:
    """Ids of the locations open at ``moment``; a location without hours is never open."""
    return {pk for pk, status in status_by_location(schedules, moment).items() if status.is_open}


def attach_statuses(
    locations: list, moment: dt.datetime | None = None, language: str | None = None
) -> list:
    """Set ``opening_status`` (a ``Status`` or None) on each location instance, at
    ``moment`` (default: now) in ``language`` (default: the page's language).

    Opening hours and closed dates are prefetched for the whole list (two queries, none
    when the queryset already prefetched them); the instances must have
    ``closed_on_public_holidays`` loaded (it is one of ``Location.card_fields``).
    """
    moment = moment or timezone.now()
    language = language or active_language()
    prefetch_related_objects(locations, "opening_hours", "closed_dates")
    for location in locations:
        schedule = WeekSchedule.for_location(location)
        location.opening_status = (
            status_at(schedule, moment, language) if schedule.has_hours else None
        )
    return locations


def only_open(locations: list) -> list:
    """The locations whose attached status says they are open."""
    return [
        location
        for location in locations
        if location.opening_status is not None and location.opening_status.is_open
    ]
