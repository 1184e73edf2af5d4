"""Postcode → stadsdeel, using the district postcodes in the database (no network call)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from locations.models import DistrictPostcode, Location
from portal.core.localized import in_language

POSTCODE_PATTERN = re.compile(r"^([1-9][0-9]{3})\s?([A-Z]{2})?$")

MESSAGES = {
    "malformed": gettext_lazy(
        "Dit is geen postcode. Een postcode heeft 4 cijfers en soms 2 letters, "
        "bijvoorbeeld 7552 of 7552 AB."
    ),
    "unknown": gettext_lazy(
        "Postcode %(postcode)s ligt niet in Hengelo. Deze website gaat over Hengelo "
        "(postcodes 7550 tot en met 7559)."
    ),
}


@dataclass
class PostcodeResult:
    query: str
    postcode: str = ""
    district: object | None = None
    wijkentrees: list = field(default_factory=list)
    wijkteams: list = field(default_factory=list)
    error: str = ""

    @property
    def is_malformed(self) -> bool:
        return self.error == "malformed"

    def message(self, language: str | None = None) -> str:
        """What went wrong, in ``language`` (default: the active language)."""
        if not self.error:
            return ""
        with in_language(language):
            return str(MESSAGES[self.error]) % {"postcode": self.postcode}


def normalise(raw: str) -> str | None:
    """``" 7552ab"`` → ``"7552 AB"``; ``None`` when it is not a Dutch postcode."""
    text = re.sub(r"\s+", " ", (raw or "").strip().upper())
    match = POSTCODE_PATTERN.match(text)
    if not match:
        return None
    digits, letters = match.groups()
    return f"{digits} {letters}" if letters else digits


def lookup(raw: str, locations) -> PostcodeResult:
    """District and its Wijkentrees and wijkteams for a postcode.

    ``locations`` is the queryset of locations shown on the site (already limited to live
    items in the right language); a fixed number of queries whatever the data size.
    """
    result = PostcodeResult(query=(raw or "").strip()[:20])
    postcode = normalise(raw)
    if postcode is None:
        result.error = "malformed"
        return result
    result.postcode = postcode
    match = (
        DistrictPostcode.objects.select_related("district").filter(postcode=postcode[:4]).first()
    )
    if match is None:
        result.error = "unknown"
        return result
    result.district = match.district
    nearby = (
        locations.filter(
            district=match.district,
            kind__in=Location.ENTRY_POINT_KINDS,
        )
        .select_related("district", "locale")
        .prefetch_related(Prefetch("opening_hours"), "closed_dates")
        .order_by("name")
    )
    for location in nearby:
        if location.kind == Location.Kind.WIJKENTREE:
            result.wijkentrees.append(location)
        else:
            result.wijkteams.append(location)
    return result
