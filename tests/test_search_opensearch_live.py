"""OpenSearch, live: a real 2.19 node (``make opensearch``) and a real 3-node cluster.

Skipped without a node on a developer's machine, an error under CI=true (``.ci/run`` starts
one). ``OPENSEARCH_TEST_URL`` (default http://127.0.0.1:9200) names the node; the tests
use their own index prefix and delete their indexes afterwards. Faults are real: a closed
port, nodes stopped inside a running cluster.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from opensearchpy import OpenSearch
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Boost, Or, PlainText

from directory.models import Organisation, Service, Theme
from faq.models import FAQAnswer
from locations.models import Location
from search.backend_settings import search_backends
from search.backends.elasticsearch import opensearch as opensearch_backend
from search.opensearch import node
from search.retrieval import forget_cached_lookups
from search.vocabulary import invalidate
from tests.environment import require
from tests.factories import (
    DistrictFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    SuperUserFactory,
    english_text,
)
from tests.test_admin import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.opensearch]

URL = os.environ.get("OPENSEARCH_TEST_URL", "http://127.0.0.1:9200")
PREFIX = f"test{os.getpid()}"
SAMPLE = Path(django_settings.BASE_DIR) / "portal" / "fixtures" / "sociale-kaart"
CLUSTER_HTTP, CLUSTER_TRANSPORT = 9201, 9301
API = "/api/v1/search/"
FALLBACK_LOGGER = opensearch_backend.logger.name


@pytest.fixture(scope="session")
def live_url():
    port = int(URL.rsplit(":", 1)[1].strip("/"))
    require(node.health(port) is not None, f"no OpenSearch at {URL} (start one: make opensearch)")
    yield URL
    OpenSearch(URL).indices.delete(index=f"{PREFIX}*", ignore_unavailable=True)


def use_opensearch(settings, urls: str, prefix: str = PREFIX):
    settings.WAGTAILSEARCH_BACKENDS = search_backends("opensearch", urls, prefix)
    opensearch_backend.availability.reset()
    forget_cached_lookups()
    return get_search_backend()


@pytest.fixture
def backend(settings, live_url, request):
    # Indexes of their own: documents of other tests' rolled-back rows stay in an index.
    yield use_opensearch(settings, live_url, f"{PREFIX}{request.node.name[5:30]}".lower())
    opensearch_backend.availability.reset()
    forget_cached_lookups()


def refreshed(backend, model):
    index = backend.get_index_for_model(model)
    index.refresh()
    return index


def document_exists(backend, obj) -> bool:
    index = refreshed(backend, type(obj))
    document_id = backend.mapping_class(type(obj)).get_document_id(obj)
    return bool(backend.es.exists(index=index.name, id=document_id))


def engine_pks(backend, model, text: str) -> list[int]:
    """What OpenSearch itself finds (no theme candidates, no PostgreSQL fallback)."""
    refreshed(backend, model)
    return [obj.pk for obj in backend.search(text, model.objects.all(), operator="or")]


def themed_corpus():
    """A debt theme with everyday and English words, and one organisation about debts."""
    geld = Theme.objects.create(
        slug="geldzaken",
        name="Geldzaken",
        synonyms="schulden\ngeldproblemen",
    )
    english_text(geld, "Money matters", search_words="debt\nbills")
    invalidate()
    forget_cached_lookups()
    return OrganisationFactory(
        slug="schuldhulpmaatje",
        name="SchuldHulpMaatje Hengelo",
        summary="Een maatje geeft hulp bij schulden en post.",
        themes=[geld],
    )


# --- the index follows the admin and the import -----------------------------------------


def test_admin_edit_and_delete_reach_the_index(client, backend):
    location = LocationFactory(
        name="Buurthuis De Bron",
        slug="buurthuis-de-bron",
        opening_hours="Mo 09:00-12:00; PH off",
        district=DistrictFactory(),
    )
    assert location.pk in engine_pks(backend, Location, "bron")

    client.force_login(SuperUserFactory())
    edit = reverse("wagtailsnippets_locations_location:edit", args=[location.pk])
    data = form_data(location, name="Buurthuis De Klaproos", **{"action-publish": "publish"})
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:1000]
    assert location.pk in engine_pks(backend, Location, "klaproos")

    delete = reverse("wagtailsnippets_locations_location:delete", args=[location.pk])
    assert client.post(delete).status_code == 302
    assert not Location.objects.filter(pk=location.pk).exists()
    assert not document_exists(backend, location)


def test_import_creates_and_updates_documents(backend, tmp_path):
    call_command("import_sociale_kaart", str(SAMPLE), verbosity=0)
    index = refreshed(backend, Organisation)
    count = backend.es.count(index=index.name, body={"query": {"match_all": {}}})["count"]
    assert count == Organisation.objects.count() > 50

    changed = tmp_path / "sheets"
    shutil.copytree(SAMPLE, changed)
    sheet = changed / "organisations.csv"
    text = sheet.read_text(encoding="utf-8")
    assert "Stichting Wijkracht," in text
    sheet.write_text(text.replace("Stichting Wijkracht,", "Stichting Wijkkompas,", 1), "utf-8")
    call_command("import_sociale_kaart", str(changed), verbosity=0)
    wijkracht = Organisation.objects.get(slug="stichting-wijkracht")
    assert engine_pks(backend, Organisation, "wijkkompas") == [wijkracht.pk]


def test_an_item_is_found_by_its_search_words(client, backend):
    """Issue 13: words only the item's search words hold, in any language, as on PostgreSQL
    (tests/test_item_search_words.py)."""
    food_bank = OrganisationFactory(slug="voedselbank", name="Voedselbank Hengelo")
    service = ServiceFactory(slug="kleine-klussen", name="Kleine klussen in huis")
    assert engine_pks(backend, Organisation, "koelkast") == []
    food_bank.search_words = "lege koelkast, geen eten, boş buzdolabı"
    food_bank.save_revision().publish()
    service.search_words = "kraan druppelt, lekkende kraan"
    service.save_revision().publish()
    assert engine_pks(backend, Organisation, "koelkast") == [food_bank.pk]
    assert engine_pks(backend, Organisation, "buzdolabı") == [food_bank.pk]
    assert engine_pks(backend, Service, "kraan") == [service.pk]
    invalidate()
    forget_cached_lookups()
    response = client.get(API, {"q": "lege koelkast"})
    assert response.json()["results"][0]["slug"] == "voedselbank"


# --- Dutch analysis ---------------------------------------------------------------------


def test_analysis_is_postgres_dutch_unaccent(backend):
    call_command("update_index", backend_name="default", verbosity=0)
    index = backend.get_index_for_model(Organisation)
    text = "Mail overgangsjaar@wijkracht.nl: café's, Schuldhulpverlening en de kinderen"
    analysed = backend.es.indices.analyze(index=index.name, body={"text": text})
    tokens = {t["token"] for t in analysed["tokens"]}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('dutch_unaccent', %s))", [text])
        lexemes = set(cursor.fetchone()[0])
    assert tokens == lexemes, (tokens, lexemes)


# The engine's queries: weighted words (compound parts weigh half), as search.query sends them.
ENGINE_QUERIES = [
    [("schulden", 3.9), ("schuld", 1.95)],
    [("hulp", 1.8), ("administratie", 4.45)],
    [("eenzaam", 4.05)],
    [("online", 4.05), ("banking", 5.8), ("bank", 2.9)],
    [("wijkteam", 3.0), ("wijk", 1.5), ("team", 1.5)],
    [("vrijwilligerswerk", 3.9), ("vrijwilligers", 1.95), ("werk", 1.95)],
    [("dagbesteding", 2.7), ("dag", 1.36), ("besteding", 1.36)],
    [("overgangsjaar", 4.05)],
    [("verslaving", 3.9)],
    [("huur", 3.8), ("betalen", 3.8), ("maand", 3.0)],
]


def test_engine_finds_and_scores_as_postgres(backend):
    """The same candidates, order and scores as PostgreSQL full-text search, for every kind:
    the pipeline above the engine was tuned on PostgreSQL and must rank the same here."""
    call_command("import_sociale_kaart", str(SAMPLE), verbosity=0)
    for model in (Organisation, Service, Location, FAQAnswer):
        refreshed(backend, model)
    querysets = {
        "organisation": Organisation.objects.live(),
        "service": Service.objects.live(),
        "location": Location.objects.live(),
        "faq": FAQAnswer.objects.live(),
    }
    postgres = get_search_backend("postgres")
    for words in ENGINE_QUERIES:
        query = Or([Boost(PlainText(word, operator="or"), weight) for word, weight in words])
        found = backend.search_kinds(querysets, query, 40, {})
        expected = postgres.search_kinds(querysets, query, 40, {})
        assert any(expected.values()), words
        for kind, scores in expected.items():
            assert list(found[kind]) == list(scores), (words, kind)
            assert list(found[kind].values()) == pytest.approx(list(scores.values()), rel=1e-5)


def test_all_kinds_are_retrieved_in_one_request(backend, monkeypatch):
    """One round trip per search, whatever the number of kinds: each costs the network and
    OpenSearch's request overhead (at 25,000 items, one per kind doubled the search time)."""
    OrganisationFactory(name="Buurthuis De Bron")
    LocationFactory(name="Inloop De Bron", district=DistrictFactory())
    LocationFactory(name="Wijkcentrum Het Anker", district=DistrictFactory())
    for model in (Organisation, Location):
        refreshed(backend, model)
    querysets = {"organisation": Organisation.objects.live(), "location": Location.objects.live()}
    paths = []
    perform = backend.es.transport.perform_request

    def counted(method, url, *args, **kwargs):
        paths.append(url)
        return perform(method, url, *args, **kwargs)

    monkeypatch.setattr(backend.es.transport, "perform_request", counted)
    found = backend.search_kinds(querysets, PlainText("bron", operator="or"), 40, {})
    assert paths == ["/_msearch"]
    assert [len(found["organisation"]), len(found["location"])] == [1, 1]


# --- zero-downtime reindex --------------------------------------------------------------


def test_update_index_swaps_the_alias_while_searches_keep_answering(backend):
    organisation = themed_corpus()
    OrganisationFactory.create_batch(30, summary="Hulp bij schulden, formulieren en post.")
    call_command("update_index", backend_name="default", verbosity=0)
    alias = backend.get_index_for_model(Organisation).name
    before = set(backend.es.indices.get_alias(name=alias))

    # The searches ask OpenSearch directly (another thread cannot see this test's
    # uncommitted rows): every one must answer with the documents while update_index runs.
    answers: list[int] = []
    errors: list[Exception] = []
    done = threading.Event()

    def search_until_done():
        body = {"query": {"match": {"_all_text": "schulden"}}, "size": 50}
        while not done.is_set() or not answers:
            try:
                answers.append(len(backend.es.search(index=alias, body=body)["hits"]["hits"]))
            except Exception as error:  # noqa: BLE001 - any failure is the test's finding
                errors.append(error)

    searcher = threading.Thread(target=search_until_done)
    searcher.start()
    try:
        call_command("update_index", backend_name="default", verbosity=0)
    finally:
        done.set()
        searcher.join(timeout=30)

    after = set(backend.es.indices.get_alias(name=alias))
    assert after and after.isdisjoint(before)  # a new index behind the alias
    assert not any(backend.es.indices.exists(index=name) for name in before)  # old one gone
    assert errors == []
    assert len(answers) > 5 and min(answers) == 31, (len(answers), min(answers))
    assert organisation.pk in engine_pks(backend, Organisation, "schuldhulpmaatje")


# --- OpenSearch down: PostgreSQL answers ------------------------------------------------


def search(client, **params):
    response = client.get(API, params)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.json()


def test_closed_port_falls_back_to_postgres_with_one_warning(client, settings, caplog):
    organisation = themed_corpus()  # indexed by PostgreSQL; OpenSearch refuses connections
    closed = "http://127.0.0.1:9399"
    require(node.health(9399) is None, "port 9399 is expected to be closed")
    use_opensearch(settings, closed)
    caplog.set_level(logging.WARNING, logger=FALLBACK_LOGGER)
    try:
        for query in ("schuldhulpmaatje", "schulden", "maatje post", "xylofoonles"):
            body = search(client, q=query, lang="nl")
            if query != "xylofoonles":
                assert body["results"][0]["slug"] == organisation.slug
        warnings = [r for r in caplog.records if r.name == FALLBACK_LOGGER]
        assert len(warnings) == 1, [r.getMessage() for r in warnings]
        assert "PostgreSQL" in warnings[0].getMessage()
    finally:
        opensearch_backend.availability.reset()
        forget_cached_lookups()


# --- a 3-node cluster loses a node, then all of them ------------------------------------


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    require(shutil.which("java") is not None, "Java is needed for the OpenSearch cluster test")
    require(shutil.which("mvn") is not None, "Maven is needed for the OpenSearch cluster test")
    for port in (CLUSTER_HTTP, CLUSTER_HTTP + 1, CLUSTER_HTTP + 2):
        require(node.health(port) is None, f"port {port} is taken; the test starts its own nodes")
    local = node.LocalCluster(
        nodes=3,
        http_port=CLUSTER_HTTP,
        transport_port=CLUSTER_TRANSPORT,
        data=tmp_path_factory.mktemp("opensearch-cluster"),
        cluster="portal-test",
        interactive=True,
    )
    local.start()
    yield local
    local.stop()


def test_three_node_cluster_answers_while_nodes_stop(client, settings, cluster, caplog):
    backend = use_opensearch(settings, ",".join(cluster.urls), prefix="cluster")
    organisation = themed_corpus()
    OrganisationFactory.create_batch(20)
    call_command("update_index", backend_name="default", verbosity=0)
    # One replica per shard (auto_expand_replicas 0-1): every shard survives one node.
    health = node.health(CLUSTER_HTTP, wait_for="green", timeout=120)
    assert health["status"] == "green" and health["number_of_nodes"] == 3, health
    index = backend.get_index_for_model(Organisation)
    replicas = backend.es.indices.get_settings(index=index.name)
    assert {s["settings"]["index"]["auto_expand_replicas"] for s in replicas.values()} == {"0-1"}

    # Searches run against the cluster while node 1 (the first URL the client knows) stops,
    # and go on until 20 more have answered with node 1 gone; bounded in time.
    stopper = threading.Thread(target=cluster.stop_node, args=(1,))
    during_stop = after_stop = 0
    deadline = time.monotonic() + 90
    for i in range(10_000):
        assert time.monotonic() < deadline, (during_stop, after_stop)
        if i == 5:
            stopper.start()
        stopping = stopper.is_alive()
        # Sliced as the engine asks (search_kinds passes a limit): an unsliced search reads
        # through a scroll, whose context lives on one node and dies with it.
        results = backend.search("schuldhulpmaatje", Organisation.objects.all())[:10]
        found = [obj.pk for obj in results]
        assert found == [organisation.pk], f"search {i}"
        if i >= 5:
            if stopping:
                during_stop += 1
            else:
                after_stop += 1
                if after_stop == 20:
                    break
        time.sleep(0.05)
    assert node.health(CLUSTER_HTTP) is None  # node 1 really is down
    assert during_stop > 0 and after_stop == 20

    # Then the whole cluster goes: the site answers from PostgreSQL, with one warning.
    caplog.set_level(logging.WARNING, logger=FALLBACK_LOGGER)
    cluster.stop_node(2)
    cluster.stop_node(3)
    for query in ("schuldhulpmaatje", "schulden", "maatje post"):
        body = search(client, q=query, lang="nl")
        assert body["results"][0]["slug"] == organisation.slug, query
    warnings = [r for r in caplog.records if r.name == FALLBACK_LOGGER]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
