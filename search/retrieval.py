"""Candidates per kind of item: from the configured Wagtail search backend (PostgreSQL full
text or OpenSearch), from a browse of the catalogue, and the per-process lookups."""

from __future__ import annotations

from typing import Any

from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Boost, Or, PlainText

from . import catalogue, responses
from .catalogue import Catalogue
from .hits import Filters, Lookups
from .query import AnalysedQuery

ENGINE_CANDIDATES = 40
SEMANTIC_CANDIDATES = 20
THEME_CANDIDATES = 40
PLACE_CANDIDATES = 40
BROWSE_CANDIDATES = 200


def _engine_query(query: AnalysedQuery):
    parts = [Boost(PlainText(word, operator="or"), weight) for word, weight in query.engine_terms()]
    return parts[0] if len(parts) == 1 else Or(parts)


def _backend():
    # Backends are cheap to use but not to construct (connections, weights, signals).
    if "backend" not in lookups_memo:
        lookups_memo["backend"] = get_search_backend()
    return lookups_memo["backend"]


def _engine_candidates(queryset, query: AnalysedQuery, limit: int) -> dict[int, float]:
    backend = _backend()
    results = backend.search(_engine_query(query), queryset, operator="or")
    scored = results.annotate_score("_search_score")[:limit]
    return {obj.pk: float(obj._search_score or 0.0) for obj in scored}


def is_searchable(record, locale_ids: list[int]) -> bool:
    """A catalogue record that search may show: live and in one of the locales."""
    return record is not None and record.live and record.locale_id in locale_ids


def in_catalogue(records: dict, locale_ids: list[int]):
    """``is_searchable`` by primary key, for the backend's ranking."""
    return lambda pk: is_searchable(records.get(pk), locale_ids)


def engine_candidates_by_kind(
    bases: dict, query: AnalysedQuery, limit: int, catalogue: Catalogue, locale_ids: list[int]
):
    """{kind: {pk: score}}: one query for all kinds where the backend can (PostgreSQL)."""
    backend = _backend()
    search_kinds = getattr(backend, "search_kinds", None)
    if search_kinds is not None:
        # Kinds the catalogue holds are checked in memory (their base querysets are
        # live items in ``locale_ids``); pages are checked against their queryset.
        allowed = {
            kind: in_catalogue(catalogue.items[kind], locale_ids)
            for kind in bases
            if kind in catalogue.items
        }
        return search_kinds(bases, _engine_query(query), limit, allowed)
    return {kind: _engine_candidates(base.only("pk"), query, limit) for kind, base in bases.items()}


# Per-process lookups (backend, themes, locales, index page URLs); forget_lookups() empties it.
lookups_memo: dict[str, Any] = {}


def cached_lookups(catalogue: Catalogue) -> Lookups:
    """Themes, districts and target groups by id, from the catalogue that holds them."""
    memo = lookups_memo.get("lookups")
    if memo is None or memo[0] is not catalogue:
        memo = (catalogue, Lookups.from_catalogue(catalogue))
        lookups_memo["lookups"] = memo
    return memo[1]


def locales_for(language: str) -> tuple[Locale, list[int]]:
    key = f"locales:{language}"
    if key not in lookups_memo:
        default = Locale.get_default()
        active = Locale.objects.filter(language_code=language).first() or default
        ids = [active.pk] if active.pk == default.pk else [active.pk, default.pk]
        if Locale.objects.filter(language_code=language).exists():
            lookups_memo[key] = (active, ids)
        return active, ids
    return lookups_memo[key]


def forget_lookups() -> None:
    """Forget this process's locales, lookups and index page URLs (themes, districts,
    target groups or languages changed: ``portal.core.invalidation``'s vocabulary key)."""
    lookups_memo.clear()


def forget_cached_lookups(**kwargs) -> None:
    """Forget cached themes, districts, locales and relation maps (called by the import)."""
    forget_lookups()
    catalogue.invalidate()
    responses.invalidate()


def base_queryset(kind: str, model, locale_ids: list[int]):
    queryset = model.objects.live().filter(locale_id__in=locale_ids)
    return queryset


def browse_queryset(kind: str, model, locale_ids: list[int], filters: Filters):
    """Without a query, filters alone list items (e.g. everything in a theme)."""
    queryset = base_queryset(kind, model, locale_ids)
    if filters.theme:
        if kind not in ("organisation", "service"):
            return queryset.none()
        queryset = queryset.filter(themes__slug__in=filters.theme)
    if filters.district:
        if kind == "organisation":
            queryset = queryset.filter(districts__slug__in=filters.district)
        elif kind == "location":
            queryset = queryset.filter(district__slug__in=filters.district)
        elif kind == "service":
            queryset = queryset.filter(
                organisation__districts__slug__in=filters.district
            ) | queryset.filter(locations__district__slug__in=filters.district)
        else:
            return queryset.none()
    return queryset.distinct().order_by("pk")
