"""The semantic layer and the new search stages against the database and the API."""

from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import Organisation, Theme
from locations.models import DistrictPostcode
from portal.core.exchange import import_directory
from search import catalogue, semantic
from search.catalogue import get_catalogue
from search.models import LOW_SCORE, ItemEmbedding, SearchQueryLog
from tests import test_search_api
from tests.factories import ThemeFactory
from tests.test_search_api import API, search, slugs

pytestmark = pytest.mark.django_db
# The search API tests' small directory (themes, districts, organisations, a location).
corpus = test_search_api.corpus

SAMPLE = Path(__file__).resolve().parent.parent / "portal" / "fixtures" / "sociale-kaart"


def _vector_row(org):
    return ItemEmbedding.objects.get(kind="organisation", object_id=org.pk)


def test_saving_an_item_stores_its_vector_once_per_text(corpus):
    org = corpus["schuldhulp"]
    row = _vector_row(org)
    assert len(bytes(row.vector)) == semantic.DIMENSIONS * 4
    assert row.model == semantic.MODEL_ID
    org.save()  # same text: nothing to compute
    assert semantic.sync("organisation", [org.pk]) == 0
    assert _vector_row(org).text_hash == row.text_hash
    org.summary = "Hulp bij het openen van de post."
    org.save()
    assert _vector_row(org).text_hash != row.text_hash
    pk = org.pk
    org.delete()
    assert not ItemEmbedding.objects.filter(kind="organisation", object_id=pk).exists()


def test_an_items_meaning_text_ends_with_its_themes_as_saved(corpus):
    """An item's themes are part of what it means; a save's signal comes before the
    many-to-many rows are written, so the vector must follow the themes the item holds."""
    org = corpus["schuldhulp"]
    themes = list(org.themes.all())
    assert themes
    text = semantic._current_texts("organisation", [org.pk])[org.pk]
    assert text.endswith(f"{semantic.TAGS_LABEL}: {', '.join(t.name for t in themes)}.")
    others = [
        Theme.objects.exclude(pk__in=[t.pk for t in themes]).first(),
        ThemeFactory(name="Zorg om elkaar", slug="zorg-om-elkaar"),
    ]
    org.themes.set(others[::-1])  # modelcluster: written by save(), after post_save
    org.save()
    # In the themes' own order, as the database gives them.
    names = [t.name for t in Theme.objects.filter(pk__in=[t.pk for t in others])]
    expected = semantic.item_text(org.name, org.summary, org.description, names)
    assert _vector_row(org).text_hash == semantic.text_hash(expected)
    assert semantic.sync("organisation", [org.pk]) == 0  # the database agrees after the save


def test_search_by_meaning_finds_an_item_without_shared_words(corpus):
    semantic.invalidate()
    catalogue = get_catalogue()
    allowed = {"organisation": lambda pk: pk in catalogue.items["organisation"]}
    found = semantic.retrieve(
        "I need someone to help me with my money", ["organisation"], 3, allowed
    )
    first = next(iter(found["organisation"]))
    assert catalogue.items["organisation"][first].slug == "schuldhulpmaatje-hengelo"


def test_the_process_index_follows_changes(corpus):
    before = len(semantic.get_index().pks)
    Organisation.objects.create(
        slug="nieuw", name="Nieuwe Buurtkamer", kind="sociale-basis", summary="Koffie."
    )
    assert len(semantic.get_index().pks) == before + 1


def test_update_index_recomputes_missing_vectors(corpus):
    ItemEmbedding.objects.all().delete()
    call_command("update_index", verbosity=0)
    assert ItemEmbedding.objects.filter(kind="organisation").count() == (
        Organisation.objects.count()
    )


def test_import_stores_vectors_of_what_it_wrote(db):
    result = import_directory(SAMPLE)
    assert result.ok, result.problems
    assert (
        ItemEmbedding.objects.filter(kind="service").count()
        == result.counts["services.csv"].created
    )


def test_results_say_what_matched(client, corpus):
    body = search(client, q="rekeningen")
    first = body["results"][0]["matched"]
    assert {"slug": "geldzaken", "by": "words"} in first["themes"]
    assert any(r["matched"]["text"] for r in body["results"])
    assert body["query"]["themes"][0]["by"] == "words"
    assert body["query"]["place"] is None


def test_a_postcode_names_the_district_and_puts_it_first(client, corpus):
    zuid = corpus["schuldhulp"].districts.get()
    DistrictPostcode.objects.create(district=zuid, postcode="7555")
    catalogue.invalidate()  # a postcode row sends no signal the catalogue listens to
    body = search(client, q="wijkentree 7555")
    assert body["query"]["place"] == {
        "district": "zuid",
        "name": "Zuid",
        "matched": "7555",
        "by": "postcode",
    }
    assert slugs(body)[0] == "location:wijkentree-zuid"
    assert body["results"][0]["matched"]["place"] == "zuid"
    page = client.get("/zoeken/", {"q": "wijkentree 7555"}).content.decode()
    assert "stadsdeel Zuid" in page


def test_the_words_of_a_place_name_name_no_theme(client, corpus):
    assert search(client, q="koffie")["query"]["themes"][0]["slug"] == "eenzaamheid-en-ontmoeting"
    zuid = corpus["schuldhulp"].districts.get()
    zuid.neighbourhoods = "Koffie Es"  # "koffie" is also a theme word
    zuid.save()
    catalogue.invalidate()
    body = search(client, q="koffie es")
    assert body["query"]["place"]["by"] == "neighbourhood"
    assert body["query"]["themes"] == []


def test_weak_best_results_are_counted_for_the_report(client, corpus, django_user_model):
    search(client, q="schulden")
    search(client, q="koffie drinken lukt niet zo")
    strong = SearchQueryLog.objects.get(query="schulden")
    assert strong.low_score == 0 and strong.last_top_score > LOW_SCORE
    admin = django_user_model.objects.create_superuser("beheer", "b@example.org", "x")
    client.force_login(admin)
    report = client.get("/admin/reports/zoekopdrachten/", {"low_score": "true"})
    assert report.status_code == 200
    assert "schulden" not in report.content.decode()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.one_of(
        st.text(max_size=120),
        st.from_regex(r"[1-9][0-9]{3} ?[A-Za-z]{0,3}", fullmatch=True),
        st.text(alphabet="абвгдеєжзиіїйклмнопрстуфхцчшщьюя'ʼ ", max_size=60),
        st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", max_size=60),
    )
)
def test_any_query_passes_every_stage(client, corpus, query):
    """Bad input through places, names, spelling and the semantic layer: never a 500."""
    response = client.get(API, {"q": query.replace("\x00", "")})
    assert response.status_code == 200
    body = response.json()
    for result in body["results"]:
        assert set(result["matched"]) >= {"words", "themes", "place", "meaning"}


def test_the_quantised_index_keeps_the_order_of_neighbours(db, monkeypatch):
    """Each process holds the vectors as 16-bit codes with a scale per row, not the stored
    float32: cosines stay within 1e-4 of float32's, so an item ranks before another only if
    it is at least as close, up to that margin (8-bit codes miss it by ten times)."""
    assert import_directory(SAMPLE).ok
    monkeypatch.setattr(semantic, "BUILD_BLOCK", 37)  # several blocks, the last one partial
    monkeypatch.setattr(semantic, "PRODUCT_BLOCK", 50)
    index = semantic.build_index()
    stored = {
        (kind, pk): np.frombuffer(vector, dtype="<f4")
        for kind, pk, vector in ItemEmbedding.objects.values_list("kind", "object_id", "vector")
    }
    exact = np.zeros((len(index.pks), semantic.DIMENSIONS), dtype=np.float32)
    for kind, rows in index.rows_by_kind.items():
        for row in rows:
            exact[row] = stored[(kind, int(index.pks[row]))]
    assert len(index.pks) == len(stored) > 2 * semantic.BUILD_BLOCK
    assert index.codes.dtype == np.int16
    assert index.memory_bytes < 0.6 * exact.nbytes
    for query in ("hulp bij schulden", "I feel lonely", "borç yardımı", "taalles", "dementie"):
        vector = semantic.query_vectors.get(query)
        cosines, approximate = exact @ vector, index.similarities(vector)
        assert np.abs(cosines - approximate).max() < 1e-4
        ranked = np.argsort(-approximate, kind="stable")[:20]
        assert (np.diff(cosines[ranked]) < 1e-4).all()  # never a clearly closer item later
        assert np.allclose(np.sort(cosines)[::-1][:20], np.sort(cosines[ranked])[::-1], atol=1e-4)
