"""How our values are written in HSDS 3.0 fields: fixed values, dates, times, languages.

Shared by every document of the mapping (``portal.opendata.mapping``) and its taxonomies.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import get_language_info

HSDS_VERSION = "3.0"
LANGUAGE = "nl"
COUNTRY = "NL"
PROVINCE = "Overijssel"
CURRENCY = "EUR"

COST_OPTIONS = {
    # our code: (option text, amount or None when it depends)
    "gratis": ("Gratis", 0),
    "eigen-bijdrage": ("Eigen bijdrage", None),
    "betaald": ("Betaald", None),
}


def datetime_text(moment: dt.datetime | None) -> str | None:
    """RFC 3339 in UTC with milliseconds, as HSDS asks for ``last_modified``."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def date_text(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def time_text(moment: dt.time) -> str:
    return moment.strftime("%H:%M:%S")


def newest(*moments):
    found = [m for m in moments if m is not None]
    return max(found) if found else None


def language_name(code: str) -> str:
    with translation.override(LANGUAGE):
        try:
            return str(get_language_info(code)["name_translated"])
        except KeyError:
            return code


def without_empty(document: dict) -> dict:
    """Leave out fields we have no value for (HSDS: absent, not empty or null)."""
    return {key: value for key, value in document.items() if value is not None and value != ""}
