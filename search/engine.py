"""One ranked search over organisations, services, locations, FAQ answers and pages.

Flow: analyse the query (``search.query``) -> retrieve candidates per kind from the
configured Wagtail search backend (PostgreSQL full text or Elasticsearch/OpenSearch, OR
semantics with weighted words) plus the organisations and services tagged with a theme
the query points at -> load them with their facets -> score them with ``search.ranking``
-> filter, count facets, order. Both the HTML page and the JSON API call ``run_search``.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from portal.core import review
from portal.core.invalidation import INDEX_PAGES_VERSION
from portal.core.localized import site_language
from portal.core.routing import index_page_for

from . import fusion, names, places, semantic, spelling
from .catalogue import Catalogue, get_catalogue
from .facets import count_facets, matches_filters, validate_filters
from .hits import Filters, Hit, SearchOutcome, load_hits, plain_text
from .kinds import searched_models, types
from .query import THEME_THRESHOLD, analyse
from .retrieval import (
    BROWSE_CANDIDATES,
    ENGINE_CANDIDATES,
    PLACE_CANDIDATES,
    SEMANTIC_CANDIDATES,
    THEME_CANDIDATES,
    base_queryset,
    browse_queryset,
    cached_lookups,
    engine_candidates_by_kind,
    in_catalogue,
    is_searchable,
    locales_for,
    lookups_memo,
)
from .scoring import score_hit, theme_needs
from .text import is_stopword, normalise, words
from .vocabulary import Vocabulary, get_vocabulary

# Final scores are compared to this many decimals (see the sort in run_search).
SCORE_DECIMALS = 6

# --- the search -------------------------------------------------------------------------


def run_search(raw_query: str | None, language: str = "nl", filters: Filters | None = None):
    filters = filters or Filters()
    language = site_language(language)
    vocabulary = get_vocabulary()
    catalogue = get_catalogue()
    lookups = cached_lookups(catalogue)
    validate_filters(filters, language, lookups)
    named, naming_words = _named(raw_query, vocabulary, catalogue)
    query = analyse(raw_query, vocabulary, keep=naming_words)
    query.place = places.find_place(query.text, catalogue.districts, catalogue.district_postcodes)
    if query.place is not None:
        # The words of a place name say where, not what ("klein" of "Klein Driene" is no
        # house too small); "postcode" or "wijk" beside it ask for nothing.
        where = query.place.all_words
        query.themes = [m for m in query.themes if not set(m.words) <= where]
        query.terms = [t for t in query.terms if t.word not in query.place.context] or query.terms
    models = searched_models()
    active_locale, locale_ids = locales_for(language)
    kinds = [t for t in types() if not filters.type or t in filters.type]
    similar = {}
    if not query.is_empty and fusion.has_meaning(query, vocabulary):
        similar = semantic.retrieve(
            fusion.semantic_text(query),
            [k for k in kinds if k in catalogue.items],
            SEMANTIC_CANDIDATES,
            {k: in_catalogue(catalogue.items[k], locale_ids) for k in catalogue.items},
        )
        meaning_themes = fusion.themes_by_meaning(
            similar,
            lambda kind, pk: _item_theme_ids(catalogue, kind, pk),
            {t.id: t for t in vocabulary.themes},
        )
        fusion.doubt_unconfirmed_themes(query.themes, meaning_themes)
        if not fusion.words_decide(query):
            query.themes.extend(meaning_themes)
    # Items that only meaning retrieves are candidates when their likeness counts at all
    # (an item far below the best match is noise, not a result).
    meant = fusion.close_in_meaning(similar)
    theme_ids = [m.theme.id for m in query.themes if m.strength >= THEME_THRESHOLD]

    bases = {}
    for kind in kinds:
        model = models[kind]
        if kind == "page":
            bases[kind] = model.objects.live().filter(locale_id=active_locale.pk)
        else:
            bases[kind] = base_queryset(kind, model, locale_ids)
    found = (
        {}
        if query.is_empty
        else engine_candidates_by_kind(bases, query, ENGINE_CANDIDATES, catalogue, locale_ids)
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
            for pk in meant.get(kind, ()):
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
            browse = browse_queryset(kind, model, locale_ids, filters)
            scores = dict.fromkeys(browse.values_list("pk", flat=True)[:BROWSE_CANDIDATES], 0.0)
        if not scores:
            continue
        loaded = load_hits(kind, base, set(scores), lookups, catalogue)
        if kind != "page":
            # Theme-tagged candidates come from the catalogue: keep live ones in our locales.
            loaded = [h for h in loaded if is_searchable(h.obj, locale_ids)]
        for hit in _prefer_active_locale(loaded, active_locale.pk):
            hit.text_score = scores[hit.obj.pk]
            hit.similarity = similar.get(kind, {}).get(hit.obj.pk, 0.0)
            hit.name_match = named.get((kind, hit.obj.pk), 0.0)
            hit.language = language
            hit.item_language = (
                language if getattr(hit.obj, "locale_id", None) == active_locale.pk else "nl"
            )
            hits.append(hit)

    score_hit(hits, query, vocabulary, catalogue, review.long_overdue_cutoff(timezone.localdate()))
    order = types()
    # Scores equal but for float noise (OpenSearch sums in single precision, PostgreSQL in
    # double) tie, and ties go by kind and title: the same order on every engine.
    hits.sort(key=lambda h: (-round(h.score, SCORE_DECIMALS), order.index(h.type), h.title))
    if filters.narrow is not None:
        hits = filters.narrow(hits)
    hits = fusion.interleave_needs(hits, theme_needs(query))
    facets = count_facets(hits, filters, language, lookups)
    hits = [h for h in hits if matches_filters(h, filters)]
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
    if len(lookups_memo) > 500:
        lookups_memo.clear()
    if key not in lookups_memo:
        page = index_page_for(model_path, locale_id)
        lookups_memo[key] = page.get_url(request=request) if page else None
    return lookups_memo[key]


def index_url(model_path: str, language: str, request=None) -> str | None:
    """URL of an index page ("directory.ThemeIndexPage") in ``language``, or in Dutch
    while that language has no page tree."""
    active_locale, _ = locales_for(language)
    return _index_base_url(model_path, active_locale.pk, request)


def attach_urls(hits: list[Hit], language: str, request=None) -> None:
    """Public URLs and summaries for the hits that are shown, in the active language."""
    active_locale, _ = locales_for(language)
    for hit in hits:
        hit.summary = plain_text(hit.summary)
        if hit.type == "page":
            hit.url = hit.obj.get_url(request=request) or ""
            continue
        base = _index_base_url(hit.obj.index_page_model, active_locale.pk, request)
        hit.url = f"{base}{hit.slug}/" if base else ""
