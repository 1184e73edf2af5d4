"""Dutch analysis and PostgreSQL's scoring for the OpenSearch backend.

Selected purely by settings: ``SEARCH_BACKEND=opensearch`` and
``SEARCH_URL=https://user:pass@host:9200`` (see ``search.backend_settings`` and the README);
the backend itself is ``search.backends.elasticsearch.opensearch``. The package keeps its
name because modelsearch's OpenSearch backend is its Elasticsearch backend family.

OpenSearch retrieves exactly what PostgreSQL full-text search retrieves, with the same
scores, so the search pipeline above it (``search.engine``) ranks the same on every
engine. Every text field is analysed as PostgreSQL's ``dutch_unaccent`` configuration
analyses it (``search/migrations/0001``): e-mail addresses and URLs kept whole and words
split at apostrophes as PostgreSQL's parser does, lower case, accents folded
(``unaccent``), the Snowball Dutch stop words and stemmer. Scores follow ``ts_rank`` (``.ranking``).

What OpenSearch offered beyond that is done above the backend, for every engine:
compound parts are indexed by our own splitter (the ``search_name_parts`` and
``search_text_parts`` fields) and sent with the query (``search.query``); theme words in
every language are recognised by ``search.vocabulary`` and bring the theme's items. An
OpenSearch ``dictionary_decompounder`` and a query-time ``synonym_graph`` of theme words
were dropped: they made OpenSearch find other items than PostgreSQL (an English theme word
matched every item of the theme as text), which ranked differently (dev set nDCG@10 0.986
against 0.994; the judged tune halves 0.870 against 0.872).
"""

from __future__ import annotations

from copy import deepcopy

from django.db import models
from modelsearch.index import Indexed
from modelsearch.utils import deep_update

from .ranking import (
    SIMILARITY,
    CumulativeBoostMappingMixin,
    TieBreakResultsMixin,
    TsRankQueryMixin,
)


def dutch_analysis() -> dict:
    """Index settings: PostgreSQL's ``dutch_unaccent`` analysis and ``ts_rank`` scoring."""
    return {
        "settings": {
            "similarity": SIMILARITY,
            "analysis": {
                # PostgreSQL's parser splits at apostrophes ("auto's", "'t Lansink").
                "char_filter": {
                    "portal_apostrophes": {
                        "type": "mapping",
                        "mappings": ["' => \\u0020", "\u2019 => \\u0020"],
                    },
                },
                "filter": {
                    "portal_dutch_stop": {"type": "stop", "stopwords": "_dutch_"},
                    "portal_dutch_stemmer": {"type": "stemmer", "language": "dutch"},
                },
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "char_filter": ["portal_apostrophes"],
                        "tokenizer": "uax_url_email",
                        "filter": [
                            "lowercase",
                            "asciifolding",
                            "portal_dutch_stop",
                            "portal_dutch_stemmer",
                        ],
                    },
                },
            },
        }
    }


def _concrete_indexed_parent(cls):
    for base in cls.__bases__:
        if issubclass(base, Indexed) and issubclass(base, models.Model):
            if not base._meta.abstract:
                return base
            found = _concrete_indexed_parent(base)
            if found is not None:
                return found
    return None


class ConcreteParentMappingMixin:
    """Skip abstract bases (``PublicItem``, ``BasePage``) when listing a document's types.

    The stock mapping treats every Indexed model base as a parent with its own content
    type, which fails for abstract bases that belong to no app.
    """

    def get_parent(self):
        parent = _concrete_indexed_parent(self.model)
        return type(self)(parent) if parent is not None else None


def build_backend(module, prefix: str):
    """The Dutch variant of a modelsearch Elasticsearch-family backend module."""
    base_backend = module.SearchBackend
    mapping = type(
        "DutchMapping",
        (CumulativeBoostMappingMixin, ConcreteParentMappingMixin, base_backend.mapping_class),
        {},
    )
    compiler = type(
        "DutchQueryCompiler",
        (TsRankQueryMixin, base_backend.query_compiler_class),
        {"mapping_class": mapping},
    )
    autocomplete = type(
        "DutchAutocompleteCompiler",
        (base_backend.autocomplete_query_compiler_class,),
        {"mapping_class": mapping},
    )
    index = type("DutchIndex", (DutchIndexMixin, base_backend.index_class), {})
    results = type("DutchResults", (TieBreakResultsMixin, base_backend.results_class), {})
    return type(
        f"Dutch{prefix}SearchBackend",
        (DutchAnalysisMixin, base_backend),
        {
            "mapping_class": mapping,
            "query_compiler_class": compiler,
            "autocomplete_query_compiler_class": autocomplete,
            "index_class": index,
            "results_class": results,
        },
    )


class DutchIndexMixin:
    """Creates the index with the Dutch analysis added to the backend's settings."""

    def put(self):
        plain = self.backend.settings
        self.backend.settings = self.backend.index_settings()
        try:
            super().put()
        finally:
            self.backend.settings = plain


class DutchAnalysisMixin:
    def index_settings(self) -> dict:
        """The settings sent when an index is created."""
        return deep_update(deepcopy(self.settings), dutch_analysis())
