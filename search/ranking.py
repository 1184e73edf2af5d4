"""How a candidate's features become one score. Pure functions, tested with fixed inputs.

The engine (PostgreSQL or Elasticsearch) only *retrieves* candidates and gives a text
score; the order residents see is decided here, identically for every engine:

* a theme whose everyday words the query contains puts that theme's organisations and
  services on top ("geldzorgen" -> Geldzaken),
* words found in the name beat words deep in a description,
* an exact name comes first ("Tactus Verslavingszorg").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from portal.core.kinds import item_kinds

THEME_WEIGHT = 3.0
TITLE_WEIGHT = 2.0
# The engine's text score: a rare word of the query in an item's text ("nuchter") is
# evidence a recognised theme alone does not give.
TEXT_WEIGHT = 1.5
EXACT_WEIGHT = 4.0
# Meaning (``search.fusion.semantic_feature``): decides between items no word or theme
# separates, and carries queries in other languages; below a theme match on purpose.
SEMANTIC_WEIGHT = 1.5
# The district the query names (``search.places``).
PLACE_WEIGHT = 2.5
# An item that only carries a recognised theme, without a word of the query in its name or
# text, any likeness in meaning or the place asked for, ranks below the theme's items that
# have such evidence: a theme holds many items, and a tag alone does not say which fits.
TAG_ONLY_FACTOR = 0.6


def type_prior(kind: str) -> float:
    """Between equally good matches, the directory's own entries (an organisation, a place
    to walk in) come before explanations: each item kind's ``search_prior``; pages 0."""
    return item_kinds.get(kind).search_prior if kind in item_kinds else 0.0


@dataclass
class Features:
    text: float = 0.0  # engine score, divided by the best engine score of this query
    title: float = 0.0  # share of the query's (idf-weighted) words found in the name
    theme: float = 0.0  # strength of the best matching theme the item is tagged with
    exact: bool = False  # the name is the query
    semantic: float = 0.0  # similarity in meaning, relative to the query's best
    place: float = 0.0  # belongs to the district the query names

    @property
    def beyond_theme(self) -> bool:
        """Does anything but a theme tag connect the item to the query?"""
        return bool(self.text or self.title or self.exact or self.semantic or self.place)


# Gentle: a long-overdue item sinks below equally good fresh ones, not below a clearly
# better match (0.5 pushed judged organisations out of the dev set's top results).
STALE_PENALTY = 0.25


def staleness_penalty(
    last_verified: datetime.date | None, long_overdue_cutoff: datetime.date | None
) -> float:
    """Items nobody has checked since the long-overdue cutoff (editors' rule) rank lower.

    Returns a number subtracted from the score. Never-checked items get no penalty: the
    editors' rule does not count them as long overdue (they show in the editors' report).
    """
    if last_verified is None or long_overdue_cutoff is None:
        return 0.0
    return STALE_PENALTY if last_verified <= long_overdue_cutoff else 0.0


def score(features: Features, kind: str = "", penalty: float = 0.0) -> float:
    return (
        type_prior(kind)
        + THEME_WEIGHT * features.theme * (1.0 if features.beyond_theme else TAG_ONLY_FACTOR)
        + TITLE_WEIGHT * features.title
        + TEXT_WEIGHT * features.text
        + (EXACT_WEIGHT if features.exact else 0.0)
        + SEMANTIC_WEIGHT * features.semantic
        + PLACE_WEIGHT * features.place
        - penalty
    )
