"""Search over the database: ranking behaviour, filters, index currency and bad input."""

import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from directory.models import Organisation, Service, TargetGroup, Theme
from faq.models import FAQAnswer, FAQCategory
from locations.models import District, Location
from search.models import SearchQueryLog
from search.retrieval import forget_cached_lookups
from search.vocabulary import invalidate
from tests.factories import english_text

pytestmark = pytest.mark.django_db

API = "/api/v1/search/"


def _refresh_vocabulary():
    invalidate()
    forget_cached_lookups()


@pytest.fixture
def corpus(db):
    geld = Theme.objects.create(
        slug="geldzaken",
        name="Geldzaken",
        synonyms="schulden\ngeldproblemen\nrekeningen\nadministratie",
    )
    english_text(geld, "Money matters", search_words="debt\nbills")
    eenzaam = Theme.objects.create(
        slug="eenzaamheid-en-ontmoeting",
        name="Eenzaamheid en ontmoeting",
        synonyms="eenzaam\nalleen\nkoffie",
    )
    english_text(eenzaam, "Loneliness and meeting people", search_words="lonely")
    # Index-time compound splitting uses the vocabulary: make it see the new themes.
    _refresh_vocabulary()
    zuid = District.objects.create(slug="zuid", name="Zuid")
    midden = District.objects.create(slug="midden", name="Midden")
    ouderen = TargetGroup.objects.get_or_create(
        slug="ouderen", defaults={"name": "Ouderen", "name_en": "Older people"}
    )[0]

    def org(slug, name, summary, themes=(), districts=(), cost="gratis", **extra):
        item = Organisation(
            slug=slug, name=name, kind="sociale-basis", summary=summary, cost=cost, **extra
        )
        item.save()
        item.themes.set(themes)
        item.districts.set(districts)
        item.save()
        return item

    schuldhulp = org(
        "schuldhulpmaatje-hengelo",
        "SchuldHulpMaatje Hengelo",
        "Een vrijwilliger helpt u met uw post en rekeningen.",
        [geld],
        [zuid],
    )
    org(
        "thuisadministratie-hengelo",
        "Thuisadministratie Hengelo",
        "Orde in uw papieren, bij u thuis.",
        [geld],
        [midden],
        cost="eigen-bijdrage",
    )
    buurtkamer = org(
        "buurtkamer-zuid",
        "Buurtkamer Zuid",
        "Elke ochtend staat de koffie klaar. Kom gezellig langs.",
        [eenzaam],
        [zuid],
    )
    buurtkamer.target_groups.set([ouderen])
    buurtkamer.save()
    org("cooperatie-boer-en-zorg", "Coöperatie Boer en Zorg", "Zorg op de boerderij.")
    service = Service(
        slug="schuldhulpmaatje-gesprek",
        organisation=schuldhulp,
        name="Eerste gesprek over geldzorgen",
        description="Samen kijken we naar uw schuldhulpverlening.",
    )
    service.save()
    service.themes.set([geld])
    service.save()
    Location.objects.create(
        slug="wijkentree-zuid",
        name="Wijkentree Zuid",
        kind="wijkentree",
        street="Orionstraat 6",
        postcode="7555 BT",
        district=zuid,
        description="Loop binnen met vragen over geld of eenzaamheid.",
    )
    category = FAQCategory.objects.get_or_create(slug="pgb", defaults={"name": "Pgb"})[0]
    FAQAnswer.objects.create(
        slug="blijft-het-pgb-bestaan",
        question="Blijft het pgb bestaan?",
        short_answer="Ja, het pgb blijft bestaan.",
        answer="<p>Ja.</p>",
        category=category,
    )
    _refresh_vocabulary()
    return {"geld": geld, "schuldhulp": schuldhulp, "buurtkamer": buurtkamer}


def search(client, **params):
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return response.json()


def slugs(body):
    return [f"{r['type']}:{r['slug']}" for r in body["results"]]


def test_result_shape(client, corpus):
    body = search(client, q="schulden")
    assert body["count"] >= 3
    first = body["results"][0]
    assert {"type", "slug", "title", "url", "summary"} <= set(first)
    assert first["url"].startswith("/")
    assert set(body["facets"]) == {"type", "theme", "district", "target_group", "cost"}


def test_synonym_finds_theme_organisations_first(client, corpus):
    top = slugs(search(client, q="geldproblemen"))[:3]
    assert "organisation:thuisadministratie-hengelo" in top
    assert "organisation:schuldhulpmaatje-hengelo" in top


def test_compound_and_stem(client, corpus):
    # "schulden" finds the description word "schuldhulpverlening" through its parts.
    assert "service:schuldhulpmaatje-gesprek" in slugs(search(client, q="schuld"))
    assert slugs(search(client, q="administratie"))[0] == "organisation:thuisadministratie-hengelo"


def test_typo_and_accent(client, corpus):
    body = search(client, q="eenzaamhied")
    assert slugs(body)[0] == "organisation:buurtkamer-zuid"
    assert body["query"]["corrected"] == "eenzaamheid"
    assert slugs(search(client, q="cooperatie"))[0] == "organisation:cooperatie-boer-en-zorg"


def test_english_query_on_both_sites(client, corpus):
    for lang in ("nl", "en"):
        top = slugs(search(client, q="debt", lang=lang))
        assert top and top[0].split(":")[1] in {
            "schuldhulpmaatje-hengelo",
            "thuisadministratie-hengelo",
            "schuldhulpmaatje-gesprek",
        }
    english = search(client, q="debt", lang="en")
    assert english["results"][0]["url"].startswith("/en/")
    # Dutch items stand in for missing translations and say so (WCAG 3.1.2)
    assert english["results"][0]["language"] == "nl"
    html = client.get("/en/search/", {"q": "debt"}).content.decode()
    assert 'lang="nl"' in html


def test_exact_name_comes_first(client, corpus):
    assert slugs(search(client, q="Buurtkamer Zuid"))[0] == "organisation:buurtkamer-zuid"


def test_long_question_uses_or_semantics(client, corpus):
    body = search(client, q="waar kan ik koffie drinken als ik me alleen voel")
    assert slugs(body)[0] == "organisation:buurtkamer-zuid"


def test_faq_found_by_its_question(client, corpus):
    assert slugs(search(client, q="pgb"))[0] == "faq:blijft-het-pgb-bestaan"


def test_filters_combine_and_facets_count(client, corpus):
    body = search(client, q="schulden", type="organisation", district="zuid")
    assert slugs(body) == ["organisation:schuldhulpmaatje-hengelo"]
    districts = {f["value"]: f["count"] for f in body["facets"]["district"]}
    # the district facet counts with the other filters applied (type=organisation)
    assert districts == {"zuid": 1, "midden": 1}
    costs = search(client, q="schulden", cost="eigen-bijdrage")
    assert slugs(costs) == ["organisation:thuisadministratie-hengelo"]


def test_theme_filter_without_query_lists_the_theme(client, corpus):
    body = search(client, theme="eenzaamheid-en-ontmoeting")
    assert slugs(body) == ["organisation:buurtkamer-zuid"]
    assert search(client, q="koffie", target_group="ouderen")["count"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "theme": "bestaat-niet"},
        {"q": "x", "district": "nergens"},
        {"q": "x", "type": "boek"},
        {"q": "x", "cost": "duur"},
        {"q": "x", "target_group": "martians"},
        {"q": "x", "limit": "-1"},
        {"q": "x", "limit": "0"},
        {"q": "x", "limit": "abc"},
        {"q": "x", "offset": "-5"},
        {"q": "x", "lang": "fr"},
    ],
)
def test_bad_parameters_give_a_clear_400(client, corpus, params):
    response = client.get(API, params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_huge_limit_is_capped(client, corpus):
    body = search(client, q="schulden", limit=str(10**9))
    assert body["limit"] == 50


@pytest.mark.parametrize(
    "query",
    [
        "a" * 10_000,
        "schulden\x00\x01\x1f",
        "!!!???...",
        "& | ! : * ( ) \" ' ~ ^",
        "schulden & | !hulp:* (geld",
        '"unbalanced',
        "😀🙈",
        "مساعدة في الديون",
        "עזרה",
        "",
    ],
)
def test_bad_queries_never_fail(client, corpus, query):
    body = search(client, q=query)
    assert isinstance(body["results"], list)


def test_invalid_utf8_in_url(client, corpus):
    response = client.get(API + "?q=%ff%fe%80schulden")
    assert response.status_code == 200
    assert response.json()["results"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300))
def test_any_query_string_is_answered(client, corpus, query):
    response = client.get(API, {"q": query.replace("\x00", "")})
    assert response.status_code == 200
    assert isinstance(response.json()["count"], int)


def test_zero_results_offer_a_way_out(client, corpus):
    body = search(client, q="xylofoonles")
    assert body["count"] == 0
    assert "14 074" in body["suggestions"]["help"]["text"]
    assert "themes" in body["suggestions"]


def test_unpublished_items_disappear_and_deleted_items_too(client, corpus):
    org = corpus["buurtkamer"]
    assert "organisation:buurtkamer-zuid" in slugs(search(client, q="buurtkamer"))
    org.unpublish()
    assert "organisation:buurtkamer-zuid" not in slugs(search(client, q="buurtkamer"))
    org.save_revision().publish()
    assert "organisation:buurtkamer-zuid" in slugs(search(client, q="buurtkamer"))
    org.delete()
    assert "organisation:buurtkamer-zuid" not in slugs(search(client, q="buurtkamer"))


def test_saving_a_new_name_updates_the_index(client, corpus):
    org = corpus["schuldhulp"]
    org.name = "Geldmaatjes Hengelo"
    org.save()
    assert slugs(search(client, q="geldmaatjes"))[0] == "organisation:schuldhulpmaatje-hengelo"


def test_theme_synonym_change_reaches_search(client, corpus):
    def themes_by_words(body):
        return [t["slug"] for t in body["query"]["themes"] if t["by"] == "words"]

    # Before: no word of a theme (meaning may still find money items: "armoede" is poverty).
    assert themes_by_words(search(client, q="armoede")) == []
    theme = corpus["geld"]
    theme.synonyms += "\narmoede"
    theme.save()
    body = search(client, q="armoede")
    assert themes_by_words(body) == [theme.slug]
    assert "organisation:thuisadministratie-hengelo" in slugs(body)


def test_promotion_is_shown_first(client, corpus, home_page):
    query = Query.get("schulden")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/hulp",
        external_link_text="Hulp bij geld",
    )
    body = search(client, q="Schulden")
    assert body["promoted"][0]["url"] == "https://example.org/hulp"
    page = client.get("/zoeken/", {"q": "schulden"}).content.decode()
    assert page.index("Hulp bij geld") < page.index("SchuldHulpMaatje")


def test_queries_are_logged_without_personal_numbers(client, corpus):
    search(client, q="schulden")
    search(client, q="schulden")
    search(client, q="bel mij 0612345678")
    search(client, q="xylofoonles")
    today = timezone.localdate()
    log = SearchQueryLog.objects.get(date=today, query="schulden")
    assert log.searches == 2 and log.zero_results == 0
    assert not SearchQueryLog.objects.filter(query__contains="0612345678").exists()
    assert SearchQueryLog.objects.get(query="xylofoonles").zero_results == 1


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def _wait_for_the_disk() -> None:
    """This connection waits for the disk, whatever the server's setting (CI's throwaway
    server runs with synchronous_commit off)."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = on")


def test_counting_a_search_does_not_wait_for_the_disk():
    """The log's upsert commits without waiting for the WAL flush: inside a transaction
    (as here) the setting holds until that transaction ends."""
    _wait_for_the_disk()
    SearchQueryLog.record("schulden", "nl", 3)
    assert _synchronous_commit() == "off"
    assert SearchQueryLog.objects.get(query="schulden").searches == 1


@pytest.mark.django_db
def test_counting_a_search_leaves_the_connections_setting_alone():
    """Autocommit, as in a request: the next statement on the connection (an editor's
    save) waits for the disk as before. Run in a thread, whose connection is outside this
    test's transaction (a transactional test would flush the tables the browser tests'
    site lives in)."""
    seen = {}

    def request():
        try:
            _wait_for_the_disk()
            SearchQueryLog.record("autocommitproef", "nl", 3)
            seen["after"] = _synchronous_commit()
            # Committed outside the test's transaction: remove it, or later tests see it.
            seen["removed"], _ = SearchQueryLog.objects.filter(query="autocommitproef").delete()
        finally:
            connection.close()

    thread = threading.Thread(target=request)
    thread.start()
    thread.join()
    assert seen["after"] == "on"
    assert seen["removed"] == 1


def test_suggest_api(client, corpus):
    body = client.get(API + "suggest/", {"q": "schul"}).json()
    titles = [s["title"] for s in body["suggestions"]]
    assert "SchuldHulpMaatje Hengelo" in titles
    assert client.get(API + "suggest/", {"q": "\x00"}).json()["suggestions"] == []


@pytest.mark.parametrize("url", ["/zoeken/", "/en/search/"])
def test_html_search_page(client, corpus, url):
    response = client.get(url, {"q": "schulden", "district": "zuid"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="robots" content="noindex"' in html
    assert "SchuldHulpMaatje Hengelo" in html
    assert "<script" not in html or "src=" in html  # no inline scripts (CSP)


def test_html_search_page_bad_filter_and_zero_results(client, corpus):
    response = client.get("/zoeken/", {"q": "schulden", "theme": "onbekend"})
    assert response.status_code == 200
    assert "Onbekende thema" in response.content.decode()
    empty = client.get("/zoeken/", {"q": "xylofoonles"}).content.decode()
    assert "14 074" in empty and "Wijkentree" in empty


def test_html_pagination(client, corpus):
    response = client.get("/zoeken/", {"q": "schulden", "page": "999"})
    assert response.status_code == 200
    response = client.get("/zoeken/", {"q": "schulden", "page": "abc"})
    assert response.status_code == 200


def test_admin_report_lists_searches_and_zero_results(client, corpus, django_user_model):
    search(client, q="schulden")
    search(client, q="xylofoonles")
    admin = django_user_model.objects.create_superuser("beheer", "b@example.org", "pw")
    client.force_login(admin)
    html = client.get("/admin/reports/zoekopdrachten/").content.decode()
    assert "schulden" in html and "xylofoonles" in html
    zero = client.get("/admin/reports/zoekopdrachten/", {"zero_results": "true"})
    assert "xylofoonles" in zero.content.decode()
    assert "schulden" not in zero.content.decode()
    export = client.get("/admin/reports/zoekopdrachten/", {"export": "csv"})
    assert export.status_code == 200 and b"xylofoonles" in b"".join(export.streaming_content)


def test_long_overdue_items_rank_below_equally_good_fresh_ones(client):
    today = timezone.localdate()
    fresh = Organisation.objects.create(
        slug="kledingbank-noord",
        name="Kledingbank Noord",
        kind="sociale-basis",
        summary="Gratis kleding.",
        last_verified=today,
    )
    stale = Organisation.objects.create(
        slug="kledingbank-zuid",
        name="Kledingbank Zuid",
        kind="sociale-basis",
        summary="Gratis kleding.",
        last_verified=today.replace(year=today.year - 3),
    )
    _refresh_vocabulary()
    slugs = [r["slug"] for r in client.get(API, {"q": "kledingbank"}).json()["results"]]
    assert slugs.index(fresh.slug) < slugs.index(stale.slug)

    # Checked again: the penalty is gone and the names decide (Noord before Zuid either way),
    # so flip the dates to prove it is the date that orders them.
    Organisation.objects.filter(pk=fresh.pk).update(last_verified=stale.last_verified)
    Organisation.objects.filter(pk=stale.pk).update(last_verified=today)
    _refresh_vocabulary()
    from search import catalogue, responses

    catalogue.invalidate()
    responses.invalidate()
    slugs = [r["slug"] for r in client.get(API, {"q": "kledingbank"}).json()["results"]]
    assert slugs.index(stale.slug) < slugs.index(fresh.slug)


def test_html_search_results_are_paged_with_the_sites_pagination(client, corpus, monkeypatch):
    from search import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    html = client.get("/zoeken/", {"q": "schulden"}).content.decode()
    assert '<nav class="portal-pagination" aria-label="Resultaatpagina\'s">' in html
    assert 'href="?q=schulden&amp;page=2" rel="next"' in html
    assert 'href="?q=schulden&amp;page=1" aria-current="page"' in html

    too_far = client.get("/zoeken/", {"q": "schulden", "page": "999"})
    assert too_far.status_code == 200
    assert "Pagina ‘999’ bestaat niet." in too_far.content.decode()


# What residents typed that must never reach the query log (issue 16, item 10), and the
# topic words around it that must still be counted.
PERSONAL_QUERIES = [
    ("jan.jansen@example.nl schulden", ["jan", "jansen", "example"]),
    ("schulden mail naar j.de-vries+hulp@gemeente.hengelo.nl", ["vries", "gemeente.hengelo"]),
    ("bel mij 06-12345678 schulden", ["12345678", "06 12345678"]),
    ("schulden +31 74 000 1234", ["000 1234", "31 74"]),
    ("schulden (074) 123 45 67", ["123 45 67", "074"]),
    ("bsn 123456782 schulden", ["123456782"]),
    ("bsn 1234.56.782 schulden", ["1234 56 782", "782"]),
    ("schulden 123,456,782", ["123 456 782"]),
    ("iban NL91ABNA0417164300 schulden", ["nl91abna0417164300", "0417164300"]),
    ("schulden NL91 ABNA 0417 1643 00", ["abna", "0417", "1643"]),
    ("schulden nl91-abna-0417-1643-00", ["abna", "0417"]),
]


@pytest.mark.parametrize(("typed", "never_stored"), PERSONAL_QUERIES)
def test_personal_data_never_reaches_the_query_log(client, corpus, typed, never_stored):
    search(client, q=typed)  # the API
    client.get("/zoeken/", {"q": typed})  # the HTML page
    client.get("/zoeken/", {"q": typed})  # and once more, as a cached answer would be
    search(client, q=typed)
    stored = list(SearchQueryLog.objects.values_list("query", flat=True))
    assert stored, "the topic words must still be counted"
    for query in stored:
        assert "@" not in query
        assert "schulden" in query
        for fragment in never_stored:
            assert fragment not in query, (typed, query)
        assert sum(ch.isdigit() for ch in query) < 6, (typed, query)
    assert sum(SearchQueryLog.objects.values_list("searches", flat=True)) == 4


def test_postcodes_house_numbers_and_plain_words_are_kept():
    assert (
        SearchQueryLog.clean_query("Wijkentree 7552 AB nummer 12") == "wijkentree 7552 ab nummer 12"
    )
    assert SearchQueryLog.clean_query("hulp bij schulden 2025") == "hulp bij schulden 2025"
    assert SearchQueryLog.clean_query("jan@example.nl") == ""


# --- languages: lang= takes every site language; messages in the language asked for --------


def test_unknown_lang_is_a_400_naming_the_site_languages(client, corpus):
    for url in (API, API + "suggest/"):
        response = client.get(url, {"q": "schulden", "lang": "xx"})
        assert response.status_code == 400
        codes = ", ".join(code for code, _name in django_settings.LANGUAGES)
        assert response.json()["error"] == (
            f"De parameter 'lang' moet een van deze taalcodes zijn: {codes}."
        )


@pytest.mark.parametrize(
    ("params", "dutch", "english"),
    [
        ({"limit": "abc"}, "De parameter 'limit' moet", "The 'limit' parameter must"),
        ({"offset": "-1"}, "De parameter 'offset' moet", "The 'offset' parameter must"),
        ({"theme": "nergens"}, "Onbekende thema: nergens", "Unknown theme: nergens"),
        ({"target_group": "x"}, "Onbekende doelgroep: x", "Unknown target group: x"),
        ({"type": ",".join("abcdefghijk")}, "Te veel filterwaarden.", "Too many filter values."),
    ],
)
def test_api_errors_come_in_the_language_asked_for(client, corpus, params, dutch, english):
    for lang, expected in (("nl", dutch), ("en", english)):
        response = client.get(API, {"q": "schulden", "lang": lang, **params})
        assert response.status_code == 400
        assert response.json()["error"].startswith(expected)


def test_labels_and_help_in_dutch_and_english(client, corpus):
    dutch = search(client, q="schulden", lang="nl")["facets"]
    english = search(client, q="schulden", lang="en")["facets"]
    assert {f["label"] for f in dutch["type"]} >= {"Organisatie"}
    assert {f["label"] for f in english["type"]} >= {"Organisation"}
    assert {f["label"] for f in english["cost"]} <= {"Free", "Own contribution", "Paid"}
    help_en = search(client, q="xylofoonles", lang="en")["suggestions"]["help"]
    assert help_en["text"].startswith("Call the municipality on 14 074")
    assert help_en["walk_in_url"] == "/en/locations/"  # the English page tree's index page
    help_nl = search(client, q="xylofoonles", lang="nl")["suggestions"]["help"]
    assert help_nl["text"].startswith("Bel de gemeente op 14 074")
    assert help_nl["walk_in_url"] == "/locaties/"


def test_every_site_language_is_accepted_and_never_shows_an_empty_label(client, corpus):
    """A language in LANGUAGES without a page tree or catalogue of its own answers with the
    Dutch items and, where it has no translation, the Dutch interface text."""
    languages = dict(django_settings.LANGUAGES) | {"fy": "Frysk"}
    with override_settings(LANGUAGES=list(languages.items())):
        body = search(client, q="schulden", lang="fy")
        assert body["count"] > 0
        labels = [f["label"] for facet in body["facets"].values() for f in facet]
        assert labels and all(label and label.strip() for label in labels)
        assert "Organisatie" in labels  # no Frisian catalogue: the Dutch text
        response = client.get(API, {"q": "schulden", "lang": "fy", "limit": "abc"})
        assert response.json()["error"].startswith("De parameter 'limit' moet")
        empty = search(client, q="xylofoonles", lang="fy")["suggestions"]["help"]
        assert empty["text"].startswith("Bel de gemeente op 14 074")
        suggest = client.get(API + "suggest/", {"q": "schu", "lang": "fy"})
        assert suggest.status_code == 200
