"""Places in a query: a postcode, a stadsdeel or a neighbourhood.

"hulp bij geld 7555", "taalles Hasselo", "wijkentree 7559 BH" or "zuid": residents say
where they live. The districts hold their four-digit postcode areas and neighbourhood
names (editors keep them in the admin), so a place in the query maps to one district;
the search then puts that district's locations and services first and says which
district it understood. Pure functions over the catalogue's districts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz.distance import OSA

from portal.core.kinds import item_kinds

from . import spelling
from .text import fold, words

# "7555", "7555BT", "7555 bt": the four digits decide the district.
_POSTCODE_RE = re.compile(r"(?<!\d)([1-9]\d{3})(?:\s?([a-z]{2}))?(?![\da-z])")
# Words of district names too common to mean the place on their own.
_AMBIGUOUS = frozenset({"de", "a1", "boven", "onder", "noord"})
# "'t Lansink" is typed "lansink" too: articles are optional.
_ARTICLES = frozenset({"t", "de", "het"})
# The town's name and words made of it ("hengelose") name no part of it.
_TOWN = "hengelo"
# Query words joined to compare with a name typed apart or together ("tuin dorp",
# "kleindriene"): at most this many.
_MAX_JOINED = 3
# A place name typed with one letter wrong ("wilderink" for "Wilderinck") is still that
# place, when the typed word is no word of any language we serve and both are at least
# this long (shorter names are too close to other words).
_MIN_FUZZY_LENGTH = 6
# From this length, two letters may be wrong.
_LONG_NAME = 10
# Words that only say a place follows or precedes ("postcode 7558", "wijk Wilderinck",
# "Lansink Hengelo"): beside a place they ask for nothing (the whole town is Hengelo), so
# they are no need to search for. Dutch, English and the words residents of other
# languages use for a neighbourhood or district.
CONTEXT_WORDS = frozenset(
    {
        # Dutch
        _TOWN,
        "postcode",
        "wijk",
        "buurt",
        "stadsdeel",
        "woonwijk",
        "omgeving",
        # English
        "zip",
        "zipcode",
        "neighbourhood",
        "neighborhood",
        "district",
        "area",
        # Turkish, Polish, Arabic, Ukrainian
        "mahalle",
        "mahallesi",
        "semt",
        "dzielnica",
        "osiedle",
        "kod",
        "pocztowy",
        "حي",
        "منطقة",
        "الحي",
        "район",
        "індекс",
    }
)


@dataclass(frozen=True)
class Place:
    district_id: int
    slug: str
    name: str
    matched: str  # what the resident typed: "7555", "hasselo", "zuid"
    by: str  # "postcode", "neighbourhood" or "district"
    # The query words that named the place (left out of the words that say what is needed).
    words: tuple[str, ...] = ()
    # The neighbourhood's or district's own name ("Klein Driene" for "kleindriene").
    area: str = ""
    # Further query words that only said where (``CONTEXT_WORDS``: "postcode", "wijk").
    context: tuple[str, ...] = ()

    @property
    def all_words(self) -> frozenset[str]:
        """Every query word that said where, not what."""
        return frozenset(self.words) | frozenset(self.context)

    @property
    def postcode(self) -> str:
        """The postcode as typed, without spaces and in capitals ("7555BT", "7555"), or ""."""
        return "".join(self.words).upper() if self.by == "postcode" else ""


@dataclass(frozen=True)
class _PlaceName:
    words: tuple[str, ...]
    district: object
    by: str
    area: str  # the name as the district holds it
    # One word of a longer neighbourhood name ("driene"): tried after whole names.
    part: bool = False

    @property
    def joined(self) -> str:
        return "".join(self.words)


def _phrase_in(phrase: list[str], query_words: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(query_words[i : i + n] == phrase for i in range(len(query_words) - n + 1))


def _runs(words_: list[str], shortest: int, longest: int | None = None) -> list[tuple[str, ...]]:
    """Every run of ``shortest`` to ``longest`` (default: all) consecutive words."""
    longest = len(words_) if longest is None else min(longest, len(words_))
    return [
        tuple(words_[start : start + length])
        for length in range(shortest, longest + 1)
        for start in range(len(words_) - length + 1)
    ]


def _place_names(districts) -> list[_PlaceName]:
    """Every way a query may name a district, longest first: each neighbourhood's name with
    and without its article, each district's name, and any part of two or more words of a
    district's name that no other district's name has ("boven de a1", "noord onder")."""
    names: list[_PlaceName] = []
    district_runs: dict[tuple[str, ...], set[int]] = {}
    # "driene" (Groot and Klein Driene, both in Midden), "berflo" (Berflo Es): a word of a
    # neighbourhood's name that is no everyday word and that no other district's names hold.
    name_words: dict[str, set[int]] = {}
    name_word_area: dict[str, str] = {}
    for district in districts:
        for neighbourhood in district.neighbourhood_list:
            phrase = words(neighbourhood)
            for form in {tuple(phrase), tuple(w for w in phrase if w not in _ARTICLES)}:
                if form:
                    names.append(_PlaceName(form, district, "neighbourhood", neighbourhood))
            if len(phrase) > 1:
                for word in phrase:
                    name_words.setdefault(word, set()).add(district.pk)
                    name_word_area.setdefault(word, neighbourhood)
        phrase = words(district.name)
        bare = [w for w in phrase if w not in _ARTICLES]
        for run in {*_runs(phrase, 2), *_runs(bare, 2)}:
            district_runs.setdefault(run, set()).add(district.pk)
        for form in {tuple(phrase), tuple(bare)}:
            if len(form) == 1 and form[0] not in _AMBIGUOUS:
                names.append(_PlaceName(form, district, "district", district.name))
    by_id = {d.pk: d for d in districts}
    for word, owners in name_words.items():
        if (
            len(owners) == 1
            and len(word) >= _MIN_FUZZY_LENGTH
            and word not in _ARTICLES
            and not spelling.is_valid_word(word)
            and not word.startswith(_TOWN)
        ):
            district = by_id[next(iter(owners))]
            names.append(
                _PlaceName((word,), district, "neighbourhood", name_word_area[word], part=True)
            )
    for run, owners in district_runs.items():
        if len(owners) == 1:
            district = by_id[next(iter(owners))]
            names.append(_PlaceName(run, district, "district", district.name))
    names.sort(key=lambda name: (-len(" ".join(name.words)), name.by, name.words))
    return names


def _place(name: _PlaceName, typed: tuple[str, ...]) -> Place:
    district = name.district
    return Place(
        district.pk, district.slug, district.name, " ".join(typed), name.by, typed, name.area
    )


def _joined_match(names: list[_PlaceName], query_words: list[str]) -> Place | None:
    """A name typed apart or together: "tuin dorp" for Tuindorp, "kleindriene" for Klein
    Driene (only the letters count, so only an exact match)."""
    by_joined = {}
    for name in names:
        by_joined.setdefault(name.joined, name)
    for typed in _runs(query_words, 1, _MAX_JOINED):
        name = by_joined.get("".join(typed))
        if name is not None:
            return _place(name, typed)
    return None


def _fuzzy_match(names: list[_PlaceName], query_words: list[str]) -> Place | None:
    """A name with a letter or two wrong ("wilderink", "klien driene"), typed as one word
    or apart, where a typed word is no word of any language we serve (so the Dutch word
    "boekel" never becomes Boekelo). Longer runs of words first."""
    for typed in reversed(_runs(query_words, 1, _MAX_JOINED)):
        joined = "".join(typed)
        if len(joined) < _MIN_FUZZY_LENGTH or not joined.isalpha():
            continue
        if all(spelling.is_valid_word(word) for word in typed):
            continue
        for name in names:
            limit = 2 if min(len(joined), len(name.joined)) >= _LONG_NAME else 1
            if len(name.joined) >= _MIN_FUZZY_LENGTH and (
                OSA.distance(joined, name.joined, score_cutoff=limit) <= limit
            ):
                return _place(name, typed)
    return None


def find_place(text: str, districts, postcodes: dict[str, int]) -> Place | None:
    """The district a query names, or None. Postcodes first, then neighbourhood and district
    names (longest first: "Hasseler Es" before "Hasselo"), then names typed apart or
    together, then names with a letter wrong, then a telling word of a longer name
    ("driene"). ``Place.context`` holds the words beside it that only said where."""
    folded = fold(text or "")
    query_words = words(folded)
    place = _find_place(folded, query_words, districts, postcodes)
    if place is None:
        return None
    context = (w for w in dict.fromkeys(query_words) if w in CONTEXT_WORDS)
    return replace(place, context=tuple(w for w in context if w not in place.words))


def _find_place(
    folded: str, query_words: list[str], districts, postcodes: dict[str, int]
) -> Place | None:
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
                # As the query's words hold it: "7555bt" or "7555", "bt".
                tuple(words(match.group(0))),
            )
    names = _place_names(districts)
    whole = [name for name in names if not name.part]
    for name in whole:
        if _phrase_in(list(name.words), query_words):
            return _place(name, name.words)
    found = _joined_match(whole, query_words) or _fuzzy_match(whole, query_words)
    if found is not None:
        return found
    for name in names:
        if name.part and _phrase_in(list(name.words), query_words):
            return _place(name, name.words)
    return _fuzzy_match([name for name in names if name.part], query_words)


# How much a place counts for an item, by how the item belongs to the district. Among the
# district's locations, those at the very place typed come first (the same postcode, the
# neighbourhood or district in their name: "Buurthuis Tuindorp" for "tuindorp", "Wijkteam
# Zuid" for "zuid"), then the district's walk-in points and team, where residents of
# the district can go with any question (as on the postcode page), then the rest.
LOCATION_AT_PLACE = 1.1
ENTRY_POINT_IN_DISTRICT = 1.0
LOCATION_IN_DISTRICT = 0.9
SERVICE_AT_LOCATION = 0.5
ORGANISATION_IN_DISTRICT = 0.4


def is_at_place(location, place: Place) -> bool:
    """Is the location (its catalogue record) at the very place the query names, not only
    in its district?"""
    if place.by == "postcode":
        return location.postcode.replace(" ", "").upper().startswith(place.postcode)
    return _phrase_in(words(place.area), words(location.title))


def place_feature(hit, place: Place | None, citywide_count: int) -> float:
    """0..1.1: how much ``hit`` is in the district the query names."""
    if place is None or place.slug not in hit.districts:
        return 0.0
    if hit.type == "location":
        if is_at_place(hit.obj, place):
            return LOCATION_AT_PLACE
        entry_point = item_kinds.get(hit.type).is_entry_point(hit.obj)
        return ENTRY_POINT_IN_DISTRICT if entry_point else LOCATION_IN_DISTRICT
    # An item active in every district is no more here than anywhere else.
    if len(hit.districts) >= citywide_count:
        return 0.0
    if hit.type == "service":
        return SERVICE_AT_LOCATION
    return ORGANISATION_IN_DISTRICT
