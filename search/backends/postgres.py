"""PostgreSQL full-text backend: Wagtail's database backend with weighted OR queries.

Identical to ``wagtail.search.backends.database`` on PostgreSQL, except that ``Boost``
inside a query is used for ranking only (the stock backend warns on every query and
ignores it while building the tsquery, which is exactly what we want, minus the warning).
Configure the Dutch text search configuration with ``SEARCH_CONFIG`` ("dutch_unaccent",
created by ``search/migrations/0001``).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, IntegerField, TextField, Value, Window
from django.db.models.functions import Cast, RowNumber
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Boost, Or, PlainText

from . import postings


class _BoostForRankingOnly:
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, Boost):
            return self.build_tsquery_content(query.subquery, config=config, invert=invert)
        return super().build_tsquery_content(query, config=config, invert=invert)


class DutchSearchQueryCompiler(_BoostForRankingOnly, PostgresSearchQueryCompiler):
    pass


class DutchAutocompleteQueryCompiler(_BoostForRankingOnly, PostgresAutocompleteQueryCompiler):
    pass


# Entries ranked per kind before checking which are live and in the wanted locales. Checking
# every match instead (thousands for a common word) costs a scan of each item table.
RANKED_PREFIX_FACTOR = 5

# Whether the postings table is built with the code's weights, per database alias. It can
# only change with a migrate (new code), which restarts the processes that read this.
_postings_ready: dict[str, bool] = {}


def _kind_of_type(querysets: dict) -> dict[int, str]:
    """{content type id: kind} for the querysets' models."""
    return {
        ContentType.objects.get_for_model(queryset.model).pk: kind
        for kind, queryset in querysets.items()
    }


def _weighted_words(query) -> list[tuple[str, float]] | None:
    """(word, boost) pairs of an OR of boosted plain words; None for any other shape."""
    parts = query.subqueries if isinstance(query, Or) else [query]
    words = []
    for part in parts:
        boost = 1.0
        while isinstance(part, Boost):
            boost *= part.boost
            part = part.subquery
        if not isinstance(part, PlainText):
            return None
        words.append((part.query_string, boost))
    return words


def _ranked_by_postings(backend, querysets, query, prefix: int):
    """{kind: KindRanking} from the postings table, or None when it cannot be used."""
    words = _weighted_words(query)
    alias = next(iter(querysets.values())).db
    if words is None:
        return None
    if alias not in _postings_ready:
        _postings_ready[alias] = postings.is_ready(alias)
    if not _postings_ready[alias]:
        return None
    kind_of_type = _kind_of_type(querysets)
    config = backend.query_compiler_class(
        next(iter(querysets.values())), query, operator="or"
    ).get_config(backend)
    rankings = postings.rank(words, list(kind_of_type), prefix, config, using=alias)
    return {kind_of_type[ct]: ranking for ct, ranking in rankings.items()}


def _ranked_by_ts_rank(backend, querysets: dict, query, prefix: int):
    """{kind: KindRanking}: the stock ranking of every match, cut at ``prefix`` per kind.

    Scores equal the stock backend's (same tsquery, same ts_rank expression over the index
    entry's title and body, same tie-break on the primary key). One query ranks the index
    entries of all kinds together.
    """
    any_queryset = next(iter(querysets.values()))
    compiler = backend.query_compiler_class(any_queryset, query, operator="or")
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(query, config=config)
    rank = (
        compiler.build_tsrank(F("title"), query, config=config) * F("title_norm")
        + compiler.build_tsrank(F("body"), query, config=config) * 1.0
    )
    kind_of_type = _kind_of_type(querysets)
    entries = (
        IndexEntry.objects.filter(content_type_id__in=list(kind_of_type))
        .annotate(_vector_=F("title")._combine(F("body"), "||", False))
        .filter(_vector_=tsquery)
        .annotate(score=rank, object_pk=Cast("object_id", IntegerField()))
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=F("content_type_id"),
                order_by=[F("score").desc(), F("object_pk").desc()],
            )
        )
        .filter(position__lte=prefix)
        .values_list("content_type_id", "object_pk", "score", "position")
    )
    rankings = {kind: postings.KindRanking([], None) for kind in querysets}
    for content_type_id, object_pk, score, _position in sorted(entries, key=lambda e: e[3]):
        rankings[kind_of_type[content_type_id]].rows.append((object_pk, float(score or 0.0)))
    for ranking in rankings.values():
        if len(ranking.rows) == prefix:  # cut: more matches may follow
            ranking.bound = ranking.rows[-1][1]
    return rankings


def _allowed_by_queryset(querysets: dict, candidates: dict[str, list[int]]):
    """The (kind, pk) pairs among ``candidates`` that each kind's queryset holds."""
    checks = [
        querysets[kind]
        .order_by()
        .filter(pk__in=pks)
        .annotate(_kind=Value(kind, output_field=TextField()))
        .values_list("_kind", "pk")
        for kind, pks in candidates.items()
        if pks
    ]
    if not checks:
        return set()
    return set(checks[0].union(*checks[1:], all=True)) if len(checks) > 1 else set(checks[0])


def _ranked_entries(backend, querysets: dict, query, limit: int, allowed=None):
    """The best ``limit`` items of every kind: {kind: {pk: score}}.

    Ranks index entries by the postings table where possible (see ``postings``), else by
    ts_rank over every match. Only items in the kind's queryset (live, locale) count: a
    kind in ``allowed`` ({kind: predicate(pk)}) is checked in memory, the others with one
    query. When a kind's ranking was cut before ``limit`` such items with a score above
    what the rest could reach, that kind is searched the stock way (exact, slower).
    """
    prefix = limit * RANKED_PREFIX_FACTOR
    allowed = allowed or {}
    rankings = _ranked_by_postings(backend, querysets, query, prefix)
    if rankings is None:
        rankings = _ranked_by_ts_rank(backend, querysets, query, prefix)

    in_queryset = _allowed_by_queryset(
        querysets,
        {
            kind: [pk for pk, _ in ranking.rows]
            for kind, ranking in rankings.items()
            if kind not in allowed
        },
    )
    found: dict[str, dict[int, float]] = {}
    for kind, ranking in rankings.items():
        check = allowed.get(kind)
        kept = [
            (pk, score)
            for pk, score in ranking.rows
            if (check(pk) if check else (kind, pk) in in_queryset)
        ][:limit]
        complete = ranking.bound is None or (len(kept) == limit and kept[-1][1] >= ranking.bound)
        found[kind] = (
            dict(kept) if complete else _stock_search(backend, querysets[kind], query, limit)
        )
    return found


def _stock_search(backend, queryset, query, limit: int) -> dict[int, float]:
    results = backend.search(query, queryset.only("pk"), operator="or")
    return {
        obj.pk: float(obj._search_score or 0.0)
        for obj in results.annotate_score("_search_score")[:limit]
    }


class DutchPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = DutchSearchQueryCompiler
    autocomplete_query_compiler_class = DutchAutocompleteQueryCompiler

    def search_kinds(
        self, querysets: dict, query, limit: int, allowed=None
    ) -> dict[str, dict[int, float]]:
        """Top ``limit`` matches per kind ({kind: {pk: score}}), all kinds in one query.

        ``search.engine`` uses this when the backend offers it and falls back to one
        ``search()`` per kind otherwise (Elasticsearch/OpenSearch).
        """
        if not querysets:
            return {}
        return _ranked_entries(self, querysets, query, limit, allowed)


SearchBackend = DutchPostgresSearchBackend
