"""Places in a query: a postcode, a stadsdeel or a neighbourhood.

"hulp bij geld 7555", "taalles Hasselo", "wijkentree 7559 BH" or "zuid": residents say
where they live. The districts hold their four-digit postcode areas and neighbourhood
names (editors keep them in the admin), so a place in the query maps to one district;
the search then puts that district's locations and services first and says which
district it understood. Pure functions over the catalogue's districts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold, words

# "7555", "7555BT", "7555 bt": the four digits decide the district.
_POSTCODE_RE = re.compile(r"(?<!\d)([1-9]\d{3})(?:\s?([a-z]{2}))?(?![\da-z])")
# Words of district names too common to mean the place on their own.
_AMBIGUOUS = frozenset({"de", "a1", "boven", "onder", "noord"})


@dataclass(frozen=True)
class Place:
    district_id: int
    slug: str
    name: str
    matched: str  # what the resident typed: "7555", "hasselo", "zuid"
    by: str  # "postcode", "neighbourhood" or "district"
    # The query words that named the place (left out of the words that say what is needed).
    words: tuple[str, ...] = ()


def _phrase_in(phrase: list[str], query_words: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(query_words[i : i + n] == phrase for i in range(len(query_words) - n + 1))


def find_place(text: str, districts, postcodes: dict[str, int]) -> Place | None:
    """The district a query names, or None. Postcodes first, then neighbourhoods (longest
    name first: "Hasseler Es" before "Hasselo"), then district names."""
    folded = fold(text or "")
    by_id = {d.pk: d for d in districts}
    for match in _POSTCODE_RE.finditer(folded):
        district_id = postcodes.get(match.group(1))
        if district_id in by_id:
            district = by_id[district_id]
            return Place(
                district.pk,
                district.slug,
                district.name,
                match.group(0),
                "postcode",
                tuple(w for w in (match.group(1), match.group(2)) if w),
            )
    query_words = words(folded)
    names = []
    for district in districts:
        for neighbourhood in district.neighbourhood_list:
            names.append((words(neighbourhood), district, "neighbourhood"))
        names.append((words(district.name), district, "district"))
    names.sort(key=lambda item: -len(" ".join(item[0])))
    for phrase, district, by in names:
        if by == "district" and all(w in _AMBIGUOUS for w in phrase):
            continue
        # "'t Lansink" is typed "lansink" too: articles are optional.
        candidates = [phrase, [w for w in phrase if w not in ("t", "de", "het")]]
        for candidate in candidates:
            if candidate and _phrase_in(candidate, query_words):
                return Place(
                    district.pk,
                    district.slug,
                    district.name,
                    " ".join(candidate),
                    by,
                    tuple(candidate),
                )
    return None


# How much a place counts for an item, by how the item belongs to the district.
LOCATION_IN_DISTRICT = 1.0
SERVICE_AT_LOCATION = 0.5
ORGANISATION_IN_DISTRICT = 0.4


def place_feature(hit, place: Place | None, citywide_count: int) -> float:
    """0..1: how much ``hit`` is in the district the query names."""
    if place is None or place.slug not in hit.districts:
        return 0.0
    if hit.type == "location":
        return LOCATION_IN_DISTRICT
    # An item active in every district is no more here than anywhere else.
    if len(hit.districts) >= citywide_count:
        return 0.0
    if hit.type == "service":
        return SERVICE_AT_LOCATION
    return ORGANISATION_IN_DISTRICT
