"""One ranked search over organisations, services, locations, FAQ answers and pages.

Flow: analyse the query (``search.query``) -> retrieve candidates per kind from the
configured Wagtail search backend (PostgreSQL full text or Elasticsearch/OpenSearch, OR
semantics with weighted words) plus the organisations and services tagged with a theme
the query points at -> load them with their facets -> score them with ``search.ranking``
-> filter, count facets, order. Both the HTML page and the JSON API call ``run_search``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Boost, Or, PlainText

from . import ranking
from .query import THEME_THRESHOLD, AnalysedQuery, analyse
from .text import content_words, words
from .vocabulary import Vocabulary, get_vocabulary

TYPES = ("organisation", "service", "location", "faq", "page")
ENGINE_CANDIDATES = 60
THEME_CANDIDATES = 120
BROWSE_CANDIDATES = 200
SUMMARY_LENGTH = 160

TYPE_LABELS = {
    "nl": {
        "organisation": "Organisatie",
        "service": "Hulp of activiteit",
        "location": "Locatie",
        "faq": "Vraag en antwoord",
        "page": "Informatie",
    },
    "en": {
        "organisation": "Organisation",
        "service": "Help or activity",
        "location": "Location",
        "faq": "Question and answer",
        "page": "Information",
    },
}
COST_LABELS = {
    "nl": {"gratis": "Gratis", "eigen-bijdrage": "Eigen bijdrage", "betaald": "Betaald"},
    "en": {"gratis": "Free", "eigen-bijdrage": "Own contribution", "betaald": "Paid"},
}
FILTER_NAMES = ("type", "theme", "district", "target_group", "cost")


class SearchInputError(ValueError):
    """A filter value that does not exist; the message is shown to the resident."""


@dataclass
class Filters:
    type: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    district: list[str] = field(default_factory=list)
    target_group: list[str] = field(default_factory=list)
    cost: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in FILTER_NAMES)


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
    features: ranking.Features = field(default_factory=ranking.Features)
    score: float = 0.0

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


def _models():
    from directory.models import Organisation, Service, Theme
    from faq.models import FAQAnswer
    from locations.models import District, Location
    from portal.pages.models import ContentPage

    return {
        "organisation": Organisation,
        "service": Service,
        "location": Location,
        "faq": FAQAnswer,
        "page": ContentPage,
        "_theme": Theme,
        "_district": District,
    }


def _loader(kind: str, model):
    """The queryset that loads candidates of a kind with everything facets need."""
    from directory.models import Theme

    themes = Prefetch("themes", queryset=Theme.objects.only("id", "slug"))
    if kind == "organisation":
        return model.objects.prefetch_related(themes, "districts", "target_groups")
    if kind == "service":
        return model.objects.select_related("organisation").prefetch_related(
            themes,
            "locations__district",
            "organisation__districts",
            "organisation__target_groups",
        )
    if kind == "location":
        return model.objects.select_related("district")
    return model.objects.all()


def _plain(text: str, length: int = SUMMARY_LENGTH) -> str:
    text = re.sub(r"\s+", " ", strip_tags(text or "")).strip()
    return Truncator(text).chars(length)


def _describe(hit: Hit, language: str) -> None:
    obj = hit.obj
    if hit.type == "organisation":
        hit.title, hit.summary, hit.cost = obj.name, obj.summary, obj.cost
        hit.themes = frozenset(t.slug for t in obj.themes.all())
        hit.theme_ids = frozenset(t.pk for t in obj.themes.all())
        hit.districts = frozenset(d.slug for d in obj.districts.all())
        hit.target_groups = frozenset(g.slug for g in obj.target_groups.all())
    elif hit.type == "service":
        hit.title, hit.summary, hit.cost = obj.name, _plain(obj.description), obj.cost
        hit.themes = frozenset(t.slug for t in obj.themes.all())
        hit.theme_ids = frozenset(t.pk for t in obj.themes.all())
        located = {loc.district.slug for loc in obj.locations.all() if loc.district}
        hit.districts = frozenset(located or (d.slug for d in obj.organisation.districts.all()))
        hit.target_groups = frozenset(g.slug for g in obj.organisation.target_groups.all())
    elif hit.type == "location":
        hit.title = obj.name
        hit.summary = _plain(f"{obj.street}, {obj.city}. {obj.description}")
        hit.districts = frozenset([obj.district.slug]) if obj.district else frozenset()
    elif hit.type == "faq":
        hit.title = obj.question
        hit.summary = _plain(obj.short_answer or obj.answer)
    else:
        hit.title = obj.title
        hit.summary = _plain(obj.search_description or obj.introduction)
    hit.slug = obj.slug


# --- retrieval --------------------------------------------------------------------------


def _engine_query(query: AnalysedQuery):
    parts = [Boost(PlainText(word), weight) for word, weight in query.engine_terms()]
    return parts[0] if len(parts) == 1 else Or(parts)


def _engine_candidates(queryset, query: AnalysedQuery, limit: int) -> dict[int, float]:
    backend = get_search_backend()
    results = backend.search(_engine_query(query), queryset, operator="or")
    scored = results.annotate_score("_search_score")[:limit]
    return {obj.pk: float(obj._search_score or 0.0) for obj in scored}


def _locales(language: str) -> tuple[Locale, list[int]]:
    default = Locale.get_default()
    active = Locale.objects.filter(language_code=language).first() or default
    ids = [active.pk] if active.pk == default.pk else [active.pk, default.pk]
    return active, ids


def _base_queryset(kind: str, model, locale_ids: list[int]):
    queryset = model.objects.live().filter(locale_id__in=locale_ids)
    return queryset


def _browse_queryset(kind: str, model, locale_ids: list[int], filters: Filters):
    """Without a query, filters alone list items (e.g. everything in a theme)."""
    queryset = _base_queryset(kind, model, locale_ids)
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


# --- scoring ----------------------------------------------------------------------------


def _term_in_title(term, title_words: list[str], title_parts: list[str]) -> float:
    from .query import _same_word

    best = 0.0
    for form in term.forms:
        for word in title_words:
            if form == word:
                return 1.0
            if _same_word(form, word):
                best = max(best, 0.9)
            elif len(form) >= 4 and word.startswith(form):
                best = max(best, 0.8)
    if term.parts:
        found = sum(any(_same_word(p, w) for w in title_words + title_parts) for p in term.parts)
        best = max(best, 0.8 * found / len(term.parts))
    if any(_same_word(f, p) for f in term.forms for p in title_parts):
        best = max(best, 0.7)
    return best


def _title_features(hit: Hit, query: AnalysedQuery, vocabulary: Vocabulary) -> None:
    title_words = content_words(hit.title)
    title_parts = [p for w in title_words for p in vocabulary.split(w)]
    total = matched = 0.0
    for term in query.terms:
        total += term.weight
        matched += term.weight * _term_in_title(term, title_words, title_parts)
    hit.features.title = matched / total if total else 0.0
    title_text = " ".join(words(hit.title))
    hit.features.exact = bool(title_text) and title_text in {query.text, query.corrected_text}


def _score(hits: list[Hit], query: AnalysedQuery, vocabulary: Vocabulary) -> None:
    best_text = max((h.text_score for h in hits), default=0.0) or 1.0
    today = timezone.localdate()
    for hit in hits:
        hit.features.text = hit.text_score / best_text
        hit.features.theme = max((query.theme_strength(t) for t in hit.theme_ids), default=0.0)
        _title_features(hit, query, vocabulary)
        last_verified = getattr(hit.obj, "last_verified", None)
        penalty = ranking.staleness_penalty(last_verified, today)
        hit.score = ranking.score(hit.features, hit.type, penalty)


# --- filters and facets -----------------------------------------------------------------


def validate_filters(filters: Filters, language: str) -> None:
    models = _models()
    english = language == "en"
    checks = {
        "type": set(TYPES),
        "theme": set(models["_theme"].objects.values_list("slug", flat=True)),
        "district": set(models["_district"].objects.values_list("slug", flat=True)),
        "target_group": set(_target_groups().keys()),
        "cost": set(COST_LABELS["nl"]),
    }
    names_nl = {
        "type": "soort",
        "theme": "thema",
        "district": "stadsdeel",
        "target_group": "doelgroep",
        "cost": "kosten",
    }
    for name, allowed in checks.items():
        unknown = [v for v in getattr(filters, name) if v not in allowed]
        if unknown:
            if english:
                raise SearchInputError(f"Unknown {name.replace('_', ' ')}: {unknown[0][:60]}")
            raise SearchInputError(f"Onbekende {names_nl[name]}: {unknown[0][:60]}")


def _target_groups() -> dict[str, Any]:
    from directory.models import TargetGroup

    return {g.slug: g for g in TargetGroup.objects.all()}


def _matches(hit: Hit, filters: Filters, skip: str | None = None) -> bool:
    for name in FILTER_NAMES:
        wanted = getattr(filters, name)
        if name != skip and wanted and not (hit.values(name) & set(wanted)):
            return False
    return True


def _facet_labels(language: str) -> dict[str, dict[str, str]]:
    models = _models()
    english = language == "en"
    return {
        "type": TYPE_LABELS[language],
        "theme": {t.slug: t.display_name(language) for t in models["_theme"].objects.all()},
        "district": {d.slug: d.name for d in models["_district"].objects.all()},
        "target_group": {s: g.display_name(language) for s, g in _target_groups().items()},
        "cost": COST_LABELS["en" if english else "nl"],
    }


def _facets(hits: list[Hit], filters: Filters, language: str) -> dict[str, list[dict]]:
    """Counts per facet value; each facet counts with the *other* filters applied."""
    labels = _facet_labels(language)
    facets = {}
    for name in FILTER_NAMES:
        counts: dict[str, int] = {}
        for hit in hits:
            if _matches(hit, filters, skip=name):
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


# --- the search -------------------------------------------------------------------------


def run_search(raw_query: str | None, language: str = "nl", filters: Filters | None = None):
    filters = filters or Filters()
    language = "en" if language == "en" else "nl"
    validate_filters(filters, language)
    vocabulary = get_vocabulary()
    query = analyse(raw_query, vocabulary)
    models = _models()
    active_locale, locale_ids = _locales(language)
    kinds = [t for t in TYPES if not filters.type or t in filters.type]
    theme_ids = [m.theme.id for m in query.themes if m.strength >= THEME_THRESHOLD]

    hits: list[Hit] = []
    for kind in kinds:
        model = models[kind]
        if kind == "page":
            base = model.objects.live().filter(locale_id=active_locale.pk)
        else:
            base = _base_queryset(kind, model, locale_ids)
        scores: dict[int, float] = {}
        if not query.is_empty:
            scores = _engine_candidates(base.only("pk"), query, ENGINE_CANDIDATES)
            if theme_ids and kind in ("organisation", "service"):
                tagged = base.filter(themes__in=theme_ids).distinct().order_by("pk")
                for pk in tagged.values_list("pk", flat=True)[:THEME_CANDIDATES]:
                    scores.setdefault(pk, 0.0)
        elif filters.active and kind != "page":
            browse = _browse_queryset(kind, model, locale_ids, filters)
            scores = dict.fromkeys(browse.values_list("pk", flat=True)[:BROWSE_CANDIDATES], 0.0)
        if not scores:
            continue
        objects = list(_loader(kind, model).filter(pk__in=list(scores)))
        objects = _prefer_active_locale(objects, active_locale.pk)
        for obj in objects:
            hit = Hit(kind, obj, text_score=scores[obj.pk])
            _describe(hit, language)
            hits.append(hit)

    _score(hits, query, vocabulary)
    hits.sort(key=lambda h: (-h.score, TYPES.index(h.type), h.title))
    facets = _facets(hits, filters, language)
    hits = [h for h in hits if _matches(h, filters)]
    return SearchOutcome(query, hits, facets, language)


def _prefer_active_locale(objects: list, active_locale_id: int) -> list:
    """Show a translation where one exists, the Dutch item otherwise."""
    translated = {
        obj.translation_key
        for obj in objects
        if getattr(obj, "locale_id", active_locale_id) == active_locale_id
        and hasattr(obj, "translation_key")
    }
    return [
        obj
        for obj in objects
        if getattr(obj, "locale_id", active_locale_id) == active_locale_id
        or getattr(obj, "translation_key", None) not in translated
    ]


def attach_urls(hits: list[Hit], language: str, request=None) -> None:
    """Public URLs in the active language's site section (one index lookup per kind)."""
    from portal.routing import index_page_for

    active_locale, _ = _locales(language)
    bases: dict[str, str | None] = {}
    for hit in hits:
        if hit.type == "page":
            hit.url = hit.obj.get_url(request=request) or ""
            continue
        if hit.type not in bases:
            page = index_page_for(hit.obj.index_page_model, active_locale.pk)
            bases[hit.type] = page.get_url(request=request) if page else None
        base = bases[hit.type]
        hit.url = f"{base}{hit.slug}/" if base else (hit.obj.get_url(request=request) or "")
