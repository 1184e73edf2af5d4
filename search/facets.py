"""Filters the reader chose and the facet counts shown beside the results."""

from __future__ import annotations

from portal.core.content import COST_LABELS, Cost
from portal.core.localized import in_language

from .hits import FILTER_NAMES, UNKNOWN_FILTER_VALUE, Filters, Hit, Lookups, SearchInputError
from .kinds import type_labels, types


def validate_filters(filters: Filters, language: str, lookups: Lookups) -> None:
    checks = {
        "type": set(types()),
        "theme": lookups.slugs("themes"),
        "district": lookups.slugs("districts"),
        "target_group": lookups.slugs("target_groups"),
        "cost": set(Cost.values),
    }
    for name, allowed in checks.items():
        unknown = [v for v in getattr(filters, name) if v not in allowed]
        if unknown:
            with in_language(language):
                message = str(UNKNOWN_FILTER_VALUE[name]) % {"value": unknown[0][:60]}
            raise SearchInputError(message)


def matches_filters(hit: Hit, filters: Filters, skip: str | None = None) -> bool:
    for name in FILTER_NAMES:
        wanted = getattr(filters, name)
        if name != skip and wanted and not (hit.values(name) & set(wanted)):
            return False
    return True


def _facet_labels(language: str, lookups: Lookups) -> dict[str, dict[str, str]]:
    with in_language(language):
        return {
            "type": type_labels(),
            "theme": {t.slug: t.display_name(language) for t in lookups.themes.values()},
            "district": {d.slug: d.name for d in lookups.districts.values()},
            "target_group": {
                g.slug: g.display_name(language) for g in lookups.target_groups.values()
            },
            "cost": {str(code): str(label) for code, label in COST_LABELS.items()},
        }


def count_facets(hits: list[Hit], filters: Filters, language: str, lookups: Lookups):
    """Counts per facet value; each facet counts with the *other* filters applied."""
    labels = _facet_labels(language, lookups)
    facets = {}
    for name in FILTER_NAMES:
        counts: dict[str, int] = {}
        for hit in hits:
            if matches_filters(hit, filters, skip=name):
                for value in hit.values(name):
                    counts[value] = counts.get(value, 0) + 1
        selected = set(getattr(filters, name))
        order = list(labels[name])
        facets[name] = [
            {
                "value": value,
                "label": labels[name].get(value, value),
                "count": counts[value],
                "selected": value in selected,
            }
            for value in sorted(counts, key=lambda v: order.index(v) if v in order else 999)
        ]
    return facets
