"""OpenSearch, offline: the settings, mappings and queries we would send.

The backend builds index settings, documents and query bodies without a connection, so
these run everywhere; tests/test_search_opensearch_live.py checks them on a live node.
"""

import pytest
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Boost, Or, PlainText

from directory.models import Organisation, Theme
from portal.pages.models import ContentPage
from search.backend_settings import search_backends
from search.backends.elasticsearch import synonym_rules
from search.vocabulary import invalidate
from tests.factories import english_text
from tests.search_helpers import FakeTheme

pytestmark = pytest.mark.django_db

ENGINES = ["opensearch"]


def backend(engine):
    config = search_backends(engine, "http://127.0.0.1:9", "portal")["default"]
    params = {k: v for k, v in config.items() if k != "BACKEND"}
    return get_search_backend(config["BACKEND"], **params)


@pytest.fixture
def themes(db):
    theme = Theme.objects.create(
        slug="geldzaken",
        name="Geldzaken",
        synonyms="schulden\ngeldproblemen\nvaste lasten, huur",
    )
    english_text(theme, "Money matters", search_words="debt")
    invalidate()


def test_settings_choose_the_engine_from_environment_values():
    assert search_backends(None, None)["default"]["SEARCH_CONFIG"] == "dutch_unaccent"
    backends = search_backends(
        "opensearch", "https://u:p@os.example:9200, http://b:9200", "hengelo"
    )
    opensearch = backends["default"]
    assert opensearch["BACKEND"] == "search.backends.elasticsearch.opensearch"
    assert opensearch["URLS"] == ["https://u:p@os.example:9200", "http://b:9200"]
    assert opensearch["INDEX_PREFIX"] == "hengelo_"
    # PostgreSQL stays a second backend: kept current, answers when OpenSearch is down
    assert backends["postgres"]["BACKEND"] == "search.backends.postgres"
    with pytest.raises(ValueError, match="SEARCH_URL"):
        search_backends("opensearch", "")
    with pytest.raises(ValueError):
        search_backends("solr", "http://x")
    # withdrawn variants say why and what to use instead
    for withdrawn in ("elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"):
        with pytest.raises(ValueError, match="SEARCH_BACKEND=opensearch"):
            search_backends(withdrawn, "http://x")


def test_synonym_rules_escape_solr_syntax():
    (rule,) = synonym_rules(
        [
            FakeTheme(
                1,
                "x",
                "Geldzaken",
                "Money matters",
                ["schulden", "vaste lasten, huur", "a => b"],
                ["debt"],
            )
        ]
    )
    assert rule == "geldzaken, money matters, schulden, vaste lasten huur, a b, debt"


@pytest.mark.parametrize("engine", ENGINES)
def test_index_settings_have_dutch_analysis(engine, themes):
    settings = backend(engine).index_settings()["settings"]["analysis"]
    analyzers = settings["analyzer"]
    assert "portal_decompounder" in analyzers["default"]["filter"]
    assert "portal_dutch_stemmer" in analyzers["default"]["filter"]
    assert "asciifolding" in analyzers["default"]["filter"]
    assert "portal_theme_synonyms" in analyzers["default_search"]["filter"]
    filters = settings["filter"]
    assert filters["portal_dutch_stemmer"] == {"type": "stemmer", "language": "dutch"}
    assert filters["portal_decompounder"]["type"] == "dictionary_decompounder"
    assert "schulden" in filters["portal_decompounder"]["word_list"]
    synonyms = filters["portal_theme_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert any(r.startswith("geldzaken, money matters, schulden") for r in synonyms["synonyms"])
    # the stock edge-ngram analyzer for autocomplete stays
    assert "edgengram_analyzer" in analyzers


@pytest.mark.parametrize("engine", ENGINES)
def test_documents_and_mappings(engine, themes):
    search_backend = backend(engine)
    organisation = Organisation(
        slug="schuldhulpmaatje",
        name="SchuldHulpMaatje Hengelo",
        kind="sociale-basis",
        summary="Een maatje geeft hulp bij schulden.",
    )
    organisation.save()
    mapping = search_backend.mapping_class(Organisation)
    properties = mapping.get_mapping()["properties"]
    assert {"name", "summary", "search_name_parts", "live_filter", "locale_id_filter"} <= set(
        properties
    )
    document = mapping.get_document(organisation)
    assert document["_django_content_type"] == ["directory.Organisation"]
    assert "schuld" in document["search_name_parts"].split()
    pages = search_backend.mapping_class(ContentPage).get_all_content_types()
    assert pages == ["pages.ContentPage", "wagtailcore.Page"]
    assert search_backend.get_index_for_model(Organisation).name.startswith("portal_")


@pytest.mark.parametrize("engine", ENGINES)
def test_compiled_query_is_a_weighted_or(engine, themes):
    queryset = Organisation.objects.live().filter(locale_id__in=[1])
    query = Or([Boost(PlainText("schulden", operator="or"), 2.0), PlainText("hulp")])
    body = backend(engine).search(query, queryset)._get_es_body()
    text = str(body)
    assert "'schulden'" in text and "'hulp'" in text
    assert "'boost': 2.0" in text
    filters = body["query"]["bool"]["filter"]
    assert {"match": {"_django_content_type": "directory.Organisation"}} in filters
    assert "live_filter" in str(filters) and "locale_id_filter" in str(filters)
