"""OpenSearch, offline: the settings, mappings and queries we would send.

The backend builds index settings, documents and query bodies without a connection, so
these run everywhere; tests/test_search_opensearch_live.py checks them on a live node.
"""

import pytest
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Boost, Or, PlainText

from directory.models import Organisation, Theme
from portal.pages.models import ContentPage
from search.backend_settings import search_backends
from search.vocabulary import invalidate
from tests.factories import english_text

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
    # an OpenSearch address or index for the PostgreSQL engine would be silently unused
    for engine in (None, "postgres", "database"):
        with pytest.raises(ValueError, match="SEARCH_BACKEND=opensearch"):
            search_backends(engine, "http://127.0.0.1:9200")
        with pytest.raises(ValueError, match="SEARCH_INDEX"):
            search_backends(engine, None, "hengelo")
    with pytest.raises(ValueError):
        search_backends("solr", "http://x")
    # withdrawn variants say why and what to use instead
    for withdrawn in ("elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"):
        with pytest.raises(ValueError, match="SEARCH_BACKEND=opensearch"):
            search_backends(withdrawn, "http://x")


@pytest.mark.parametrize("engine", ENGINES)
def test_index_settings_analyse_and_score_as_postgres(engine):
    settings = backend(engine).index_settings()["settings"]
    analyzers = settings["analysis"]["analyzer"]
    # dutch_unaccent: PostgreSQL's parser keeps e-mail addresses and URLs whole, then
    # unaccent, the Dutch stop words and the Snowball Dutch stemmer
    assert analyzers["default"]["tokenizer"] == "uax_url_email"
    assert analyzers["default"]["filter"] == [
        "lowercase",
        "asciifolding",
        "portal_dutch_stop",
        "portal_dutch_stemmer",
    ]
    assert settings["analysis"]["filter"]["portal_dutch_stemmer"] == {
        "type": "stemmer",
        "language": "dutch",
    }
    # no OpenSearch-only matching: compounds and theme words are handled above the backend
    assert "default_search" not in analyzers
    assert "decompounder" not in str(settings) and "synonym" not in str(settings)
    # ts_rank, not BM25
    similarity = settings["similarity"]["default"]
    assert similarity["type"] == "scripted" and "1.64493406685" in similarity["script"]["source"]
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
def test_a_heavier_class_also_fills_the_fields_of_lighter_classes(engine):
    """ts_rank counts a word's occurrences up to each class: the name's text (class A) is
    in the search words' field (class C) too, the search words not in the name's."""
    mapping = backend(engine).mapping_class(Organisation)
    properties = mapping.get_mapping()["properties"]
    fields = {
        f.field_name: f
        for f in Organisation.get_search_fields()
        if isinstance(f, index.SearchField)
    }

    def copied_to(name):
        return set(properties[mapping.get_field_column_name(fields[name])]["copy_to"])

    assert copied_to("name") == {"_all_text", "_all_text_boost_10_0", "_all_text_boost_5_0"}
    assert copied_to("search_words") == {"_all_text", "_all_text_boost_5_0"}
    assert copied_to("summary") == {"_all_text", "_all_text_boost_2_0"}


@pytest.mark.parametrize("engine", ENGINES)
def test_compiled_query_sums_weighted_words_over_weighted_fields(engine, themes):
    queryset = Organisation.objects.live().filter(locale_id__in=[1])
    query = Or([Boost(PlainText("schulden", operator="or"), 2.0), PlainText("hulp")])
    body = backend(engine).search(query, queryset)._get_es_body()
    # PostgreSQL's OR: the mean of the words' scores, each word over every field
    words = body["query"]["bool"]["must"]["bool"]["should"]
    assert len(words) == 2
    schulden = {
        field: match["boost"]
        for clause in words[0]["bool"]["should"]
        for field, match in clause["match"].items()
        if match["query"] == "schulden"
    }
    hulp = {
        field: match["boost"]
        for clause in words[1]["bool"]["should"]
        for field, match in clause["match"].items()
    }
    # modelsearch's weight classes: every field class D (0.2), the search words (boost 5)
    # class C (0.4667), which adds 0.2667 to D, the name (boost 10) class A (1.0), which
    # adds 0.5333 to C (its field also holds the lighter classes' text: ts_rank's sum is
    # cumulative); summary (boost 2) is class D and adds nothing
    class_c = 0.2 + 0.8 / 3  # classes 0.2, 0.4667, 0.7333 and 1.0: evenly apart
    weights = {"_all_text": 0.2, "_all_text_boost_5_0": class_c - 0.2}
    weights["_all_text_boost_10_0"] = 1.0 - class_c
    assert schulden == pytest.approx({field: w * 2.0 / 2 for field, w in weights.items()})
    assert hulp == pytest.approx({field: w / 2 for field, w in weights.items()})
    # equal scores: highest primary key first, as PostgreSQL
    assert body["sort"][0] == "_score" and body["sort"][-1] == {"pk": {"order": "desc"}}
    filters = body["query"]["bool"]["filter"]
    assert {"match": {"_django_content_type": "directory.Organisation"}} in filters
    assert "live_filter" in str(filters) and "locale_id_filter" in str(filters)
