"""PostgreSQL full-text backend: Wagtail's database backend with weighted OR queries.

Identical to ``wagtail.search.backends.database`` on PostgreSQL, except that ``Boost``
inside a query is used for ranking only (the stock backend warns on every query and
ignores it while building the tsquery, which is exactly what we want, minus the warning).
Configure the Dutch text search configuration with ``SEARCH_CONFIG`` ("dutch_unaccent",
created by ``search/migrations/0001``).
"""

from modelsearch.backends.database.postgres.postgres import (
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


class DutchPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = DutchSearchQueryCompiler
    autocomplete_query_compiler_class = DutchAutocompleteQueryCompiler


SearchBackend = DutchPostgresSearchBackend
