"""One ranked search over organisations, services, locations, FAQ answers and pages.

Flow: analyse the query (``search.query``) -> retrieve candidates per kind from the
configured Wagtail search backend (PostgreSQL full text or Elasticsearch/OpenSearch, OR
semantics with weighted words) plus the organisations and services tagged with a theme
the query points at -> load them with their facets -> score them with ``search.ranking``
-> filter, count facets, order. Both the HTML page and the JSON API call ``run_search``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Boost, Or, PlainText

from portal.core import review
from portal.core.content import COST_LABELS, Cost
from portal.core.invalidation import INDEX_PAGES_VERSION
from portal.core.localized import in_language, site_language
from portal.core.routing import index_page_for

from . import catalogue, fusion, names, places, ranking, responses, semantic, spelling
from .catalogue import Catalogue, get_catalogue
from .kinds import searched_models, type_labels, types
from .query import THEME_THRESHOLD, AnalysedQuery, _same_word, _stems, analyse
from .text import content_words, is_stopword, normalise, words
from .vocabulary import Vocabulary, get_vocabulary

ENGINE_CANDIDATES = 40
SEMANTIC_CANDIDATES = 20
THEME_CANDIDATES = 40
PLACE_CANDIDATES = 40
BROWSE_CANDIDATES = 200
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


def explain(hit: Hit, query: AnalysedQuery) -> dict:
    """Why ``hit`` is in the results: what matched, for editors and the API's ``matched``.

    ``words``: query words found in the name; ``text``: the full-text engine matched its
    text; ``themes``: recognised themes the item is tagged with, by words or by meaning;
    ``place``: the district the query names; ``meaning``: similarity in meaning (cosine).
    """
    title = hit.features.title
    named = [
        term.word
        for term in query.terms
        if title and _term_in_title(term, _title_words(hit.title, get_vocabulary())) >= 0.7
    ]
    themes = [
        {"slug": m.theme.slug, "by": m.source}
        for m in query.themes
        if m.theme.id in hit.theme_ids and m.strength >= THEME_THRESHOLD
    ]
    place = query.place
    return {
        "words": named,
        "text": hit.text_score > 0,
        "themes": themes,
        "place": place.slug if place is not None and hit.features.place else None,
        "meaning": round(hit.similarity, 3) if hit.features.semantic else None,
        "features": {
            "title": round(hit.features.title, 3),
            "text": round(hit.features.text, 3),
            "theme": round(hit.features.theme, 3),
            "semantic": round(hit.features.semantic, 3),
            "place": round(hit.features.place, 3),
            "exact": hit.features.exact,
        },
    }


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


def _load(kind: str, queryset, pks, lookups: Lookups, catalogue: Catalogue) -> list[Hit]:
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


def _plain(text: str, length: int = SUMMARY_LENGTH) -> str:
    text = re.sub(r"\s+", " ", strip_tags(text or "")).strip()
    return Truncator(text).chars(length)


# --- retrieval --------------------------------------------------------------------------


def _engine_query(query: AnalysedQuery):
    parts = [Boost(PlainText(word, operator="or"), weight) for word, weight in query.engine_terms()]
    return parts[0] if len(parts) == 1 else Or(parts)


def _backend():
    # Backends are cheap to use but not to construct (connections, weights, signals).
    if "backend" not in _memo:
        _memo["backend"] = get_search_backend()
    return _memo["backend"]


def _engine_candidates(queryset, query: AnalysedQuery, limit: int) -> dict[int, float]:
    backend = _backend()
    results = backend.search(_engine_query(query), queryset, operator="or")
    scored = results.annotate_score("_search_score")[:limit]
    return {obj.pk: float(obj._search_score or 0.0) for obj in scored}


def _searchable(record, locale_ids: list[int]) -> bool:
    """A catalogue record that search may show: live and in one of the locales."""
    return record is not None and record.live and record.locale_id in locale_ids


def _in_catalogue(records: dict, locale_ids: list[int]):
    """``_searchable`` by primary key, for the backend's ranking."""
    return lambda pk: _searchable(records.get(pk), locale_ids)


def _engine_candidates_by_kind(
    bases: dict, query: AnalysedQuery, limit: int, catalogue: Catalogue, locale_ids: list[int]
):
    """{kind: {pk: score}}: one query for all kinds where the backend can (PostgreSQL)."""
    backend = _backend()
    search_kinds = getattr(backend, "search_kinds", None)
    if search_kinds is not None:
        # Kinds the catalogue holds are checked in memory (their base querysets are
        # live items in ``locale_ids``); pages are checked against their queryset.
        allowed = {
            kind: _in_catalogue(catalogue.items[kind], locale_ids)
            for kind in bases
            if kind in catalogue.items
        }
        return search_kinds(bases, _engine_query(query), limit, allowed)
    return {kind: _engine_candidates(base.only("pk"), query, limit) for kind, base in bases.items()}


_memo: dict[str, Any] = {}


def _cached_lookups(catalogue: Catalogue) -> Lookups:
    """Themes, districts and target groups by id, from the catalogue that holds them."""
    memo = _memo.get("lookups")
    if memo is None or memo[0] is not catalogue:
        memo = (catalogue, Lookups.from_catalogue(catalogue))
        _memo["lookups"] = memo
    return memo[1]


def _locales(language: str) -> tuple[Locale, list[int]]:
    key = f"locales:{language}"
    if key not in _memo:
        default = Locale.get_default()
        active = Locale.objects.filter(language_code=language).first() or default
        ids = [active.pk] if active.pk == default.pk else [active.pk, default.pk]
        if Locale.objects.filter(language_code=language).exists():
            _memo[key] = (active, ids)
        return active, ids
    return _memo[key]


def forget_lookups() -> None:
    """Forget this process's locales, lookups and index page URLs (themes, districts,
    target groups or languages changed: ``portal.core.invalidation``'s vocabulary key)."""
    _memo.clear()


def forget_cached_lookups(**kwargs) -> None:
    """Forget cached themes, districts, locales and relation maps (called by the import)."""
    forget_lookups()
    catalogue.invalidate()
    responses.invalidate()


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


@dataclass(frozen=True)
class _TitleWords:
    """A title's words and compound parts, with their stems, for matching query terms."""

    words: tuple[str, ...]
    text: str
    word_forms: tuple[frozenset, frozenset, frozenset]  # words, Dutch stems, English stems
    part_forms: tuple[frozenset, frozenset, frozenset]
    all_forms: tuple[frozenset, frozenset, frozenset]  # words and parts together


def _forms(texts) -> tuple[frozenset, frozenset, frozenset]:
    texts = frozenset(texts)
    stems = [_stems(t) for t in texts]
    return texts, frozenset(nl for nl, _ in stems), frozenset(en for _, en in stems)


def _title_words(title: str, vocabulary: Vocabulary) -> _TitleWords:
    """Per vocabulary (compound parts depend on it), remembered: titles recur in searches."""
    analysed = vocabulary.title_words_memo.get(title)
    if analysed is None:
        title_words = tuple(content_words(title))
        parts = [p for w in title_words for p in vocabulary.split(w)]
        analysed = _TitleWords(
            title_words,
            " ".join(words(title)),
            _forms(title_words),
            _forms(parts),
            _forms([*title_words, *parts]),
        )
        if len(vocabulary.title_words_memo) > 100_000:
            vocabulary.title_words_memo.clear()
        vocabulary.title_words_memo[title] = analysed
    return analysed


def _same_as_any(word: str, forms: tuple[frozenset, frozenset, frozenset]) -> bool:
    """``search.query._same_word(word, w)`` for some w of ``forms``: equal, or a stem shared
    (the stemmer conflates e.g. ouderen/ouders)."""
    if word in forms[0]:
        return True
    dutch, english = _stems(word)
    return dutch in forms[1] or english in forms[2]


def _term_in_title(term, title: _TitleWords) -> float:
    if any(form in title.word_forms[0] for form in term.forms):
        return 1.0
    best = 0.0
    for form in term.forms:
        if _same_as_any(form, title.word_forms):
            best = max(best, 0.7)
        if len(form) >= 4 and any(
            word.startswith(form) and not _same_word(form, word) for word in title.words
        ):
            best = max(best, 0.8)
    if term.parts:
        found = sum(_same_as_any(part, title.all_forms) for part in term.parts)
        best = max(best, 0.8 * found / len(term.parts))
    if any(_same_as_any(form, title.part_forms) for form in term.forms):
        best = max(best, 0.7)
    return best


def _title_features(hit: Hit, query: AnalysedQuery, vocabulary: Vocabulary) -> None:
    title = _title_words(hit.title, vocabulary)
    total = matched = 0.0
    for term in query.terms:
        total += term.weight
        matched += term.weight * _term_in_title(term, title)
    hit.features.title = max(matched / total if total else 0.0, hit.name_match)
    hit.features.exact = bool(title.text) and title.text in {query.text, query.corrected_text}


def _effective_last_verified(hit: Hit, catalogue: Catalogue):
    """An item's own check date, else its organisation's (as the editors' report counts)."""
    own = getattr(hit.obj, "last_verified", None)
    organisation_id = getattr(hit.obj, "organisation_id", None)
    if own is not None or organisation_id is None:
        return own
    organisation = catalogue.items.get("organisation", {}).get(organisation_id)
    return organisation.last_verified if organisation else None


def _score(
    hits: list[Hit],
    query: AnalysedQuery,
    vocabulary: Vocabulary,
    catalogue: Catalogue,
    long_overdue_cutoff,
) -> None:
    best_text = max((h.text_score for h in hits), default=0.0) or 1.0
    best_similarity = max((h.similarity for h in hits), default=0.0)
    citywide = len(catalogue.districts) or 1
    for hit in hits:
        hit.features.text = hit.text_score / best_text
        hit.features.place = places.place_feature(hit, query.place, citywide)
        _title_features(hit, query, vocabulary)
    share = fusion.semantic_share(query, hits)
    if share <= fusion.THEME_WORDS_FACTOR:
        # The query's words decide (a name, a sure theme word): themes guessed from meaning
        # would only pull in items of a theme nobody asked for.
        query.themes = [m for m in query.themes if m.source != "meaning"]
    needs = _needs(query)
    for hit in hits:
        hit.features.theme = fusion.needs_feature(
            [query.theme_strength(t) for t in hit.theme_ids],
            sum(1 for need in needs if need & hit.theme_ids),
        )
        hit.features.semantic = share * fusion.semantic_feature(hit.similarity, best_similarity)
        last_verified = _effective_last_verified(hit, catalogue)
        penalty = ranking.staleness_penalty(last_verified, long_overdue_cutoff)
        hit.score = ranking.score(hit.features, hit.type, penalty)


# --- filters and facets -----------------------------------------------------------------


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


def _matches(hit: Hit, filters: Filters, skip: str | None = None) -> bool:
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


def _facets(hits: list[Hit], filters: Filters, language: str, lookups: Lookups):
    """Counts per facet value; each facet counts with the *other* filters applied."""
    labels = _facet_labels(language, lookups)
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
    language = site_language(language)
    vocabulary = get_vocabulary()
    catalogue = get_catalogue()
    lookups = _cached_lookups(catalogue)
    validate_filters(filters, language, lookups)
    named, naming_words = _named(raw_query, vocabulary, catalogue)
    query = analyse(raw_query, vocabulary, keep=naming_words)
    query.place = places.find_place(query.text, catalogue.districts, catalogue.district_postcodes)
    models = searched_models()
    active_locale, locale_ids = _locales(language)
    kinds = [t for t in types() if not filters.type or t in filters.type]
    similar = {}
    if not query.is_empty and fusion.has_meaning(query, vocabulary):
        similar = semantic.retrieve(
            fusion.semantic_text(query),
            [k for k in kinds if k in catalogue.items],
            SEMANTIC_CANDIDATES,
            {k: _in_catalogue(catalogue.items[k], locale_ids) for k in catalogue.items},
        )
        if not fusion.words_decide(query):
            query.themes.extend(
                fusion.themes_by_meaning(
                    similar,
                    lambda kind, pk: _item_theme_ids(catalogue, kind, pk),
                    {t.id: t for t in vocabulary.themes},
                )
            )
    theme_ids = [m.theme.id for m in query.themes if m.strength >= THEME_THRESHOLD]

    bases = {}
    for kind in kinds:
        model = models[kind]
        if kind == "page":
            bases[kind] = model.objects.live().filter(locale_id=active_locale.pk)
        else:
            bases[kind] = _base_queryset(kind, model, locale_ids)
    found = (
        {}
        if query.is_empty
        else _engine_candidates_by_kind(bases, query, ENGINE_CANDIDATES, catalogue, locale_ids)
    )

    hits: list[Hit] = []
    for kind in kinds:
        model = models[kind]
        base = bases[kind]
        scores: dict[int, float] = {}
        if not query.is_empty:
            scores = dict(found.get(kind, {}))
            if theme_ids and kind in ("organisation", "service"):
                # Tagged items the engine did not find; live/locale are checked on loading.
                tagged = sorted(
                    {pk for t in theme_ids for pk in catalogue.theme_items.get(t, {}).get(kind, [])}
                )
                for pk in tagged[:THEME_CANDIDATES]:
                    scores.setdefault(pk, 0.0)
            for pk in similar.get(kind, {}):
                scores.setdefault(pk, 0.0)
            for named_kind, pk in named:
                if named_kind == kind:
                    scores.setdefault(pk, 0.0)
            if query.place is not None:
                for pk in catalogue.items_in_district(kind, query.place.district_id)[
                    :PLACE_CANDIDATES
                ]:
                    scores.setdefault(pk, 0.0)
        elif filters.active and kind != "page":
            browse = _browse_queryset(kind, model, locale_ids, filters)
            scores = dict.fromkeys(browse.values_list("pk", flat=True)[:BROWSE_CANDIDATES], 0.0)
        if not scores:
            continue
        loaded = _load(kind, base, set(scores), lookups, catalogue)
        if kind != "page":
            # Theme-tagged candidates come from the catalogue: keep live ones in our locales.
            loaded = [h for h in loaded if _searchable(h.obj, locale_ids)]
        for hit in _prefer_active_locale(loaded, active_locale.pk):
            hit.text_score = scores[hit.obj.pk]
            hit.similarity = similar.get(kind, {}).get(hit.obj.pk, 0.0)
            hit.name_match = named.get((kind, hit.obj.pk), 0.0)
            hit.language = language
            hit.item_language = (
                language if getattr(hit.obj, "locale_id", None) == active_locale.pk else "nl"
            )
            hits.append(hit)

    _score(hits, query, vocabulary, catalogue, review.long_overdue_cutoff(timezone.localdate()))
    order = types()
    hits.sort(key=lambda h: (-h.score, order.index(h.type), h.title))
    if filters.narrow is not None:
        hits = filters.narrow(hits)
    hits = fusion.interleave_needs(hits, _needs(query))
    facets = _facets(hits, filters, language, lookups)
    hits = [h for h in hits if _matches(h, filters)]
    return SearchOutcome(query, hits, facets, language)


def _named(raw_query, vocabulary: Vocabulary, catalogue: Catalogue):
    """{(kind, pk): sureness} of names the query gives in part or misspelled, and the
    query words that gave them (spelling correction leaves those alone)."""
    query_words = words(normalise(raw_query))
    if not query_words:
        return {}, set()
    unknown = [
        w
        for w in dict.fromkeys(query_words)
        if not is_stopword(w) and not vocabulary.is_known(w) and not spelling.is_valid_word(w)
    ]
    return names.get_name_index(catalogue).match(query_words, unknown)


def _item_theme_ids(catalogue: Catalogue, kind: str, pk: int) -> list[int]:
    if kind == "organisation":
        return catalogue.org_themes.get(pk, [])
    if kind == "service":
        return catalogue.service_themes.get(pk, [])
    return []


def _needs(query: AnalysedQuery) -> list[set[int]]:
    """One set of theme ids per need: themes matched by different query words."""
    by_words: dict[tuple[str, ...], set[int]] = {}
    for match in query.themes:
        if match.source == "words" and match.strength >= fusion.NEED_STRENGTH and match.words:
            by_words.setdefault(tuple(sorted(match.words)), set()).add(match.theme.id)
    # Themes found by the same words are one need.
    return list(by_words.values())


def _prefer_active_locale(hits: list[Hit], active_locale_id: int) -> list[Hit]:
    """Show a translation where one exists, the Dutch item otherwise."""

    def locale_of(hit):
        return getattr(hit.obj, "locale_id", active_locale_id)

    translated = {hit.obj.translation_key for hit in hits if locale_of(hit) == active_locale_id}
    return [
        hit
        for hit in hits
        if locale_of(hit) == active_locale_id
        or getattr(hit.obj, "translation_key", None) not in translated
    ]


def _index_base_url(model_path: str, locale_id: int, request=None) -> str | None:
    """URL of a kind's index page in a locale, cached until pages are (un)published."""
    key = ("base-url", model_path, locale_id, cache.get(INDEX_PAGES_VERSION))
    if len(_memo) > 500:
        _memo.clear()
    if key not in _memo:
        page = index_page_for(model_path, locale_id)
        _memo[key] = page.get_url(request=request) if page else None
    return _memo[key]


def index_url(model_path: str, language: str, request=None) -> str | None:
    """URL of an index page ("directory.ThemeIndexPage") in ``language``, or in Dutch
    while that language has no page tree."""
    active_locale, _ = _locales(language)
    return _index_base_url(model_path, active_locale.pk, request)


def attach_urls(hits: list[Hit], language: str, request=None) -> None:
    """Public URLs and summaries for the hits that are shown, in the active language."""
    active_locale, _ = _locales(language)
    for hit in hits:
        hit.summary = _plain(hit.summary)
        if hit.type == "page":
            hit.url = hit.obj.get_url(request=request) or ""
            continue
        base = _index_base_url(hit.obj.index_page_model, active_locale.pk, request)
        hit.url = f"{base}{hit.slug}/" if base else ""
