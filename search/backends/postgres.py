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


def _ranked_entries(backend, querysets: dict, query, limit: int):
    """The index entries of all kinds in one query, each kind ranked and cut at ``limit``.

    Scores equal the stock backend's (same tsquery, same ts_rank expression over the index
    entry's title and body, same tie-break on the primary key), so results do not change;
    only the round trips and five ORM compilations per search go.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F, IntegerField, Q, TextField, Window
    from django.db.models.functions import Cast, RowNumber

    any_queryset = next(iter(querysets.values()))
    compiler = backend.query_compiler_class(any_queryset, query, operator="or")
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(query, config=config)
    rank = (
        compiler.build_tsrank(F("title"), query, config=config) * F("title_norm")
        + compiler.build_tsrank(F("body"), query, config=config) * 1.0
    )

    kind_of_type: dict[int, str] = {}
    wanted = Q()
    for kind, queryset in querysets.items():
        content_type = ContentType.objects.get_for_model(queryset.model)
        kind_of_type[content_type.pk] = kind
        object_ids = queryset.order_by().annotate(_id_text=Cast("pk", TextField()))
        wanted |= Q(content_type_id=content_type.pk, object_id__in=object_ids.values("_id_text"))

    entries = (
        IndexEntry.objects.filter(wanted)
        .annotate(_vector_=F("title")._combine(F("body"), "||", False))
        .filter(_vector_=tsquery)
        .annotate(
            score=rank,
            object_pk=Cast("object_id", IntegerField()),
        )
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=F("content_type_id"),
                order_by=[F("score").desc(), F("object_pk").desc()],
            )
        )
        .filter(position__lte=limit)
        .values_list("content_type_id", "object_pk", "score")
    )
    found: dict[str, dict[int, float]] = {kind: {} for kind in querysets}
    for content_type_id, object_pk, score in entries:
        found[kind_of_type[content_type_id]][object_pk] = float(score or 0.0)
    return found


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
