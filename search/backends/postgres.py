"""PostgreSQL full-text backend: Wagtail's database backend with weighted OR queries.

Identical to ``wagtail.search.backends.database`` on PostgreSQL, except that ``Boost``
inside a query is used for ranking only (the stock backend warns on every query and
ignores it while building the tsquery, which is exactly what we want, minus the warning).
Configure the Dutch text search configuration with ``SEARCH_CONFIG`` ("dutch_unaccent",
created by ``search/migrations/0001``).
"""

from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Boost


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


def _ranked_entries(backend, querysets: dict, query, limit: int):
    """The index entries of all kinds, each kind ranked and cut at ``limit``.

    Scores equal the stock backend's (same tsquery, same ts_rank expression over the index
    entry's title and body, same tie-break on the primary key), so results do not change.
    One query ranks the index entries of all kinds together and keeps a prefix of each
    kind's ranking; a second keeps the entries whose item is in the kind's queryset (live,
    locale). A kind whose prefix holds too few such items is searched the stock way.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F, IntegerField, TextField, Value, Window
    from django.db.models.functions import Cast, RowNumber

    any_queryset = next(iter(querysets.values()))
    compiler = backend.query_compiler_class(any_queryset, query, operator="or")
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(query, config=config)
    rank = (
        compiler.build_tsrank(F("title"), query, config=config) * F("title_norm")
        + compiler.build_tsrank(F("body"), query, config=config) * 1.0
    )
    kind_of_type = {
        ContentType.objects.get_for_model(queryset.model).pk: kind
        for kind, queryset in querysets.items()
    }
    prefix = limit * RANKED_PREFIX_FACTOR
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
    ranked: dict[str, list[tuple[int, float]]] = {kind: [] for kind in querysets}
    for content_type_id, object_pk, score, _position in sorted(entries, key=lambda e: e[3]):
        ranked[kind_of_type[content_type_id]].append((object_pk, float(score or 0.0)))

    checks = [
        querysets[kind]
        .order_by()
        .filter(pk__in=[pk for pk, _ in rows])
        .annotate(_kind=Value(kind, output_field=TextField()))
        .values_list("_kind", "pk")
        for kind, rows in ranked.items()
        if rows
    ]
    allowed: set[tuple[str, int]] = set()
    if checks:
        allowed = set(checks[0].union(*checks[1:], all=True)) if len(checks) > 1 else set(checks[0])

    found: dict[str, dict[int, float]] = {}
    for kind, rows in ranked.items():
        kept = [(pk, score) for pk, score in rows if (kind, pk) in allowed][:limit]
        if len(kept) < limit and len(rows) == prefix:
            # The prefix ran out of live items: there may be more further down.
            found[kind] = _stock_search(backend, querysets[kind], query, limit)
        else:
            found[kind] = dict(kept)
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

    def search_kinds(self, querysets: dict, query, limit: int) -> dict[str, dict[int, float]]:
        """Top ``limit`` matches per kind ({kind: {pk: score}}), all kinds in one query.

        ``search.engine`` uses this when the backend offers it and falls back to one
        ``search()`` per kind otherwise (Elasticsearch/OpenSearch).
        """
        if not querysets:
            return {}
        return _ranked_entries(self, querysets, query, limit)


SearchBackend = DutchPostgresSearchBackend
