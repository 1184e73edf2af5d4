"""What a search returns: its filters, its hits (with their explanation) and the outcome,
and how hits are loaded from the catalogue."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from portal.core.localized import in_language

from . import ranking
from .catalogue import Catalogue
from .kinds import type_labels
from .query import AnalysedQuery

SUMMARY_LENGTH = 160

FILTER_NAMES = ("type", "theme", "district", "target_group", "cost")
# The message for a filter value that does not exist, per filter.
UNKNOWN_FILTER_VALUE = {
    "type": gettext_lazy("Onbekende soort: %(value)s"),
    "theme": gettext_lazy("Onbekende thema: %(value)s"),
    "district": gettext_lazy("Onbekende stadsdeel: %(value)s"),
    "target_group": gettext_lazy("Onbekende doelgroep: %(value)s"),
    "cost": gettext_lazy("Onbekende kosten: %(value)s"),
}


class SearchInputError(ValueError):
    """A filter value that does not exist; the message is shown to the resident."""


@dataclass
class Filters:
    type: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    district: list[str] = field(default_factory=list)
    target_group: list[str] = field(default_factory=list)
    cost: list[str] = field(default_factory=list)
    # A filter the engine does not know itself (the page's "Nu open", locations.statuses):
    # gets every hit and returns those to keep, before facets are counted.
    narrow: Callable[[list[Hit]], list[Hit]] | None = None

    @property
    def active(self) -> bool:
        return self.narrow is not None or any(getattr(self, name) for name in FILTER_NAMES)


@dataclass
class Hit:
    type: str
    obj: Any
    title: str = ""
    slug: str = ""
    summary: str = ""
    url: str = ""
    themes: frozenset[str] = frozenset()
    theme_ids: frozenset[int] = frozenset()
    districts: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    cost: str = ""
    text_score: float = 0.0
    similarity: float = 0.0  # cosine to the query in the semantic index
    name_match: float = 0.0  # the query names it in part or misspelled (search.names)
    features: ranking.Features = field(default_factory=ranking.Features)
    score: float = 0.0
    language: str = "nl"  # of the search (site section)
    item_language: str = "nl"  # of the text shown; Dutch items stand in for translations

    @property
    def type_label(self) -> str:
        with in_language(self.language):
            return type_labels()[self.type]

    def values(self, facet: str) -> frozenset[str]:
        if facet == "type":
            return frozenset([self.type])
        if facet == "theme":
            return self.themes
        if facet == "district":
            return self.districts
        if facet == "target_group":
            return self.target_groups
        if facet == "cost":
            return frozenset([self.cost]) if self.cost else frozenset()
        raise KeyError(facet)


@dataclass
class SearchOutcome:
    query: AnalysedQuery
    hits: list[Hit]
    facets: dict[str, list[dict]]
    language: str
    promotions: list[dict] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.hits)


# --- the kinds of things we search ------------------------------------------------------


@dataclass
class Lookups:
    """The small tables facets and filters need, by id (the catalogue holds them)."""

    themes: dict[int, Any]
    districts: dict[int, Any]
    target_groups: dict[int, Any]

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue) -> Lookups:
        return cls(
            {t.pk: t for t in catalogue.themes},
            {d.pk: d for d in catalogue.districts},
            {g.pk: g for g in catalogue.target_groups},
        )

    def slugs(self, table: str) -> set[str]:
        return {item.slug for item in getattr(self, table).values()}


def load_hits(kind: str, queryset, pks, lookups: Lookups, catalogue: Catalogue) -> list[Hit]:
    """Candidates of one kind with titles and facet values (pages: one query)."""
    if kind == "page":
        objects = list(queryset.filter(pk__in=pks))
        return [
            Hit(kind, o, o.title, o.slug, o.search_description or o.introduction) for o in objects
        ]
    theme_slug = {pk: t.slug for pk, t in lookups.themes.items()}
    district_slug = {pk: d.slug for pk, d in lookups.districts.items()}
    group_slug = {pk: g.slug for pk, g in lookups.target_groups.items()}
    records = catalogue.items.get(kind, {})
    hits = []
    for pk in pks:
        record = records.get(pk)
        if record is None:  # added after the catalogue was built; shown next time
            continue
        hit = Hit(kind, record, record.title, record.slug, record.summary, cost=record.cost)
        district_ids: list[int] = []
        group_ids: list[int] = []
        theme_ids: list[int] = []
        if kind == "organisation":
            theme_ids = catalogue.org_themes.get(pk, [])
            district_ids = catalogue.org_districts.get(pk, [])
            group_ids = catalogue.org_groups.get(pk, [])
        elif kind == "service":
            theme_ids = catalogue.service_themes.get(pk, [])
            located = [
                catalogue.location_district.get(i) for i in catalogue.service_locations.get(pk, [])
            ]
            district_ids = [i for i in located if i] or catalogue.org_districts.get(
                record.organisation_id, []
            )
            group_ids = catalogue.org_groups.get(record.organisation_id, [])
        elif kind == "location":
            district_ids = [record.district_id] if record.district_id else []
        hit.theme_ids = frozenset(theme_ids)
        hit.themes = frozenset(theme_slug[i] for i in theme_ids if i in theme_slug)
        hit.districts = frozenset(district_slug[i] for i in district_ids if i in district_slug)
        hit.target_groups = frozenset(group_slug[i] for i in group_ids if i in group_slug)
        hits.append(hit)
    return hits


def plain_text(text: str, length: int = SUMMARY_LENGTH) -> str:
    text = re.sub(r"\s+", " ", strip_tags(text or "")).strip()
    return Truncator(text).chars(length)
