"""Dutch analysis for the OpenSearch backend: stemming, accent folding, compounds, synonyms.

Selected purely by settings: ``SEARCH_BACKEND=opensearch`` and
``SEARCH_URL=https://user:pass@host:9200`` (see ``search.backend_settings`` and the README);
the backend itself is ``search.backends.elasticsearch.opensearch``. The package keeps its
name because modelsearch's OpenSearch backend is its Elasticsearch backend family.

Every text field of the index is analysed with the index's ``default`` analyzer (Dutch
stop words and stemmer, accent folding, and a ``dictionary_decompounder`` fed with the
search vocabulary, so "schuldhulpverlening" is also indexed as schuld/hulp/verlening);
queries use ``default_search``, which adds a ``synonym_graph`` built from every Theme's
names and editor-maintained synonyms (nl + en). The analysis depends on Theme data, so it
is computed when the index is created (``update_index`` after changing themes).
"""

from __future__ import annotations

from copy import deepcopy

from django.db import models
from modelsearch.index import Indexed
from modelsearch.utils import deep_update

from directory.models import Theme
from search.text import STOPWORDS, fold
from search.vocabulary import get_vocabulary

MAX_DECOMPOUND_WORDS = 20_000


def synonym_rules(themes) -> list[str]:
    """One equivalence rule per theme: its names and everyday words in every language
    (``themes`` with their ``texts`` loaded)."""
    rules = []
    for theme in themes:
        texts = theme.texts.all()
        terms = [
            theme.name,
            *(text.name for text in texts),
            *theme.synonym_list,
            *(word for text in texts for word in text.search_word_list),
        ]
        cleaned = []
        for term in terms:
            # Commas, '=>' and '#' have a meaning in Solr synonym syntax.
            text = " ".join(fold(term).replace(",", " ").replace("=>", " ").split())
            text = text.replace("#", " ").strip()
            if text and text not in cleaned:
                cleaned.append(text)
        if len(cleaned) > 1:
            rules.append(", ".join(cleaned))
    return rules


def decompound_words(vocabulary) -> list[str]:
    """The corpus' words and the parts our own splitter finds in them.

    The parts matter: the corpus says "schulden" but not "schuld", so without them
    "schuldhulpverlening" would only split into schuldhulp/hulp.
    """
    frequent = [
        w
        for w, df in sorted(vocabulary.word_df.items(), key=lambda item: -item[1])
        if len(w) >= 3 and w.isalpha() and w not in STOPWORDS
    ][:MAX_DECOMPOUND_WORDS]
    words = dict.fromkeys(frequent)
    for word in frequent:
        if len(words) >= MAX_DECOMPOUND_WORDS:
            break
        words.update(
            dict.fromkeys(p for p in vocabulary.parts_of(word) if len(p) >= 3 and p.isalpha())
        )
    return sorted(words)


def dutch_analysis(themes, vocabulary) -> dict:
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "portal_dutch_stop": {"type": "stop", "stopwords": "_dutch_"},
                    "portal_dutch_stemmer": {"type": "stemmer", "language": "dutch"},
                    "portal_decompounder": {
                        "type": "dictionary_decompounder",
                        "word_list": decompound_words(vocabulary),
                        "min_word_size": 6,
                        "min_subword_size": 3,
                        "only_longest_match": False,
                    },
                    "portal_theme_synonyms": {
                        "type": "synonym_graph",
                        "synonyms": synonym_rules(themes),
                        "lenient": True,
                    },
                },
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [
                            "lowercase",
                            "asciifolding",
                            "portal_decompounder",
                            "portal_dutch_stop",
                            "portal_dutch_stemmer",
                        ],
                    },
                    "default_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [
                            "lowercase",
                            "asciifolding",
                            "portal_theme_synonyms",
                            "portal_dutch_stop",
                            "portal_dutch_stemmer",
                        ],
                    },
                },
            }
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
    mapping = type("DutchMapping", (ConcreteParentMappingMixin, base_backend.mapping_class), {})
    compiler = type(
        "DutchQueryCompiler", (base_backend.query_compiler_class,), {"mapping_class": mapping}
    )
    autocomplete = type(
        "DutchAutocompleteCompiler",
        (base_backend.autocomplete_query_compiler_class,),
        {"mapping_class": mapping},
    )
    index = type("DutchIndex", (DutchIndexMixin, base_backend.index_class), {})
    return type(
        f"Dutch{prefix}SearchBackend",
        (DutchAnalysisMixin, base_backend),
        {
            "mapping_class": mapping,
            "query_compiler_class": compiler,
            "autocomplete_query_compiler_class": autocomplete,
            "index_class": index,
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
        """The settings sent when an index is created (reads Theme data)."""
        analysis = dutch_analysis(list(Theme.objects.prefetch_related("texts")), get_vocabulary())
        return deep_update(deepcopy(self.settings), analysis)
