"""The HSDS API's behaviour: paging, filters, errors, what is published, schedules with
closed dates, HTTP headers, the rate limit and the OpenAPI document (issue 15)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import resolve
from django.utils import timezone
from wagtail.models import Locale

from directory.models import Organisation, Service, TargetGroup, Theme
from locations.models import ClosedDate, District, Location
from portal.opendata import identifiers, mapping, ratelimit
from portal.opendata.api import ENDPOINTS, MAX_PER_PAGE
from tests import front_data
from tests.hsds_schemas import errors

pytestmark = pytest.mark.django_db
API = "/api/hsds"


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    monkeypatch.setattr(ratelimit, "REQUESTS_PER_WINDOW", 10**9)


@pytest.fixture
def data():
    return front_data.build(batches=3)


def get(client, url, status=200, **headers):
    response = client.get(f"{API}{url}", **headers)
    assert response.status_code == status, (url, response.content[:300])
    return response.json() if response.content else None


def names(page) -> list[str]:
    return [item["name"] for item in page["contents"]]


def term_id(mapping_, taxonomy_id, code, language="nl") -> str:
    for term in mapping_.taxonomies[taxonomy_id].terms:
        if term.code == code and term.language == language:
            return term.id
    raise KeyError(code)


# --- paging ----------------------------------------------------------------------------------
def test_pages_follow_the_spec_page_shape_at_every_edge(client, data):
    first = get(client, "/services?per_page=4")
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 6,
        "total_pages": 2,
        "page_number": 1,
        "size": 4,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    second = get(client, "/services?per_page=4&page=2")
    assert (second["size"], second["first_page"], second["last_page"]) == (2, False, True)
    # Together every service once, in a stable order.
    all_names = names(first) + names(second)
    assert len(set(all_names)) == 6 and all_names == names(get(client, "/services?per_page=6"))
    after = get(client, "/services?per_page=4&page=3")
    assert after["contents"] == [] and after["empty"] and after["size"] == 0
    assert after["last_page"] and after["total_items"] == 6
    nothing = get(client, f"/services?organization_id={uuid.uuid4()}")
    assert (nothing["total_items"], nothing["total_pages"], nothing["empty"]) == (0, 0, True)
    assert nothing["first_page"] and nothing["last_page"]
    assert get(client, "/services")["size"] == 6  # default 25 per page
    assert get(client, "/services?minimal=true")["size"] == 6  # minimal: all at once


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=1.5",
        "page=abc",
        "page=",
        "per_page=0",
        f"per_page={MAX_PER_PAGE + 1}",
        "per_page=10001&minimal=true",
        "full=yes",
        "minimal=true&full=true",
        "format=ndjson",
        "taxonomy_term_id=geldzaken",
        "organization_id=12",
        f"organization_id={uuid.uuid4()},{uuid.uuid4()}",
        "taxonomy_term_id=" + ",".join(str(uuid.uuid4()) for _ in range(11)),
        "modified_after=gisteren",
        "modified_after=2026-13-01",
        "search=" + "x" * 201,
        "unknown=1",
        "page=1&page=2",
    ],
)
def test_bad_parameters_get_400_with_a_message(client, data, query):
    response = client.get(f"{API}/services?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["message"] and body["parameter"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_bad_parameters_of_the_other_endpoints(client, data):
    for url in (
        "/service_at_locations?postcode=abc",
        "/service_at_locations?proximity=500",  # without a postcode
        "/service_at_locations?postcode=7553&proximity=0",
        "/service_at_locations?postcode=7553&proximity=nan",
        "/taxonomy_terms?top_only=1",
        "/taxonomies?taxonomy_id=x",  # not a parameter of this endpoint
        f"/services/{data.services[0].translation_key}?full=true",  # details have none
    ):
        body = get(client, url, status=400)
        assert body["message"], url


def test_messages_follow_accept_language(client, data):
    dutch = get(client, "/services?page=x", status=400)
    english = get(client, "/services?page=x", status=400, HTTP_ACCEPT_LANGUAGE="en")
    assert "moet een heel getal" in dutch["message"]
    assert "must be a whole number" in english["message"]


# --- filters -----------------------------------------------------------------------------------
def test_filters_by_taxonomy_term_with_and_semantics(client, data):
    m = mapping.Mapping()
    geld = term_id(m, identifiers.THEMES_TAXONOMY, "geldzaken")
    geld_en = term_id(m, identifiers.THEMES_TAXONOMY, "geldzaken", "en")
    mantelzorg = term_id(m, identifiers.THEMES_TAXONOMY, "mantelzorg")
    elderly = term_id(m, identifiers.TARGET_GROUPS_TAXONOMY, "ouderen")
    south = term_id(m, identifiers.DISTRICTS_TAXONOMY, "zuid")
    subcontractor = term_id(m, identifiers.ORGANISATION_KINDS_TAXONOMY, "onderaannemer")
    wijkentree = term_id(m, identifiers.LOCATION_KINDS_TAXONOMY, "wijkentree")

    assert get(client, f"/services?taxonomy_term_id={geld}")["total_items"] == 6
    assert get(client, f"/services?taxonomy_term_id={geld_en}")["total_items"] == 6
    assert get(client, f"/services?taxonomy_term_id={mantelzorg}")["total_items"] == 0
    spreekuur = {"Spreekuur geldzaken A", "Spreekuur geldzaken B1", "Spreekuur geldzaken B2"}
    assert set(names(get(client, f"/services?taxonomy_term_id={elderly}"))) == spreekuur
    assert set(names(get(client, f"/services?taxonomy_term_id={wijkentree}"))) == spreekuur
    cursus = {"Budgetcursus A", "Budgetcursus B1", "Budgetcursus B2"}
    assert set(names(get(client, f"/services?taxonomy_term_id={subcontractor}"))) == cursus
    # Zuid: the spreekuur's organisation works there, the cursus takes place there.
    assert get(client, f"/services?taxonomy_term_id={south}")["total_items"] == 6
    # AND: several terms, and terms with an organisation.
    both = get(client, f"/services?taxonomy_term_id={geld},{elderly}")
    assert set(names(both)) == spreekuur
    assert get(client, f"/services?taxonomy_term_id={elderly},{subcontractor}")["total_items"] == 0
    organisation = data.organisations[1]  # a budgetcoach
    one = get(client, f"/services?organization_id={organisation.translation_key}")
    assert names(one) == ["Budgetcursus A"]
    assert (
        get(
            client,
            f"/services?organization_id={organisation.translation_key}&taxonomy_term_id={elderly}",
        )["total_items"]
        == 0
    )
    # Unknown but well-formed ids match nothing.
    assert get(client, f"/services?taxonomy_term_id={uuid.uuid4()}")["total_items"] == 0
    assert get(client, f"/services?taxonomy_id={uuid.uuid4()}")["total_items"] == 0


def test_filters_by_taxonomy(client, data):
    cursus = Service.objects.get(slug="a-budgetcursus")
    cursus.themes.clear()
    cursus.save()
    themes = get(client, f"/services?taxonomy_id={identifiers.THEMES_TAXONOMY}")
    assert "Budgetcursus A" not in names(themes) and themes["total_items"] == 5
    kinds = get(client, f"/organizations?taxonomy_id={identifiers.ORGANISATION_KINDS_TAXONOMY}")
    assert kinds["total_items"] == 6
    terms = get(client, f"/taxonomy_terms?taxonomy_id={identifiers.DISTRICTS_TAXONOMY}")
    assert {t["code"] for t in terms["contents"]} == {"noord-onder-a1", "zuid"}


def test_search_uses_the_site_search_and_combines_with_filters(client, data):
    found = get(client, "/services?search=budgetcursus")
    assert found["total_items"] >= 3 and names(found)[0].startswith("Budgetcursus")
    spreekuur_org = data.organisations[0]
    combined = get(
        client, f"/services?search=budgetcursus&organization_id={spreekuur_org.translation_key}"
    )
    assert all(not name.startswith("Budgetcursus") for name in names(combined))
    organisations = get(client, "/organizations?search=budgetcoach")
    assert names(organisations)[0].startswith("Budgetcoach")
    terms = get(client, "/taxonomy_terms?search=money")
    assert [t["name"] for t in terms["contents"]] == ["Money matters"]


def test_postcode_and_proximity_on_services_at_locations(client, data):
    everything = get(client, "/service_at_locations")["total_items"]
    assert everything == 6
    # 7555 is in Zuid: the spreekuur's organisation works in Zuid, the cursus's in Noord.
    south = get(client, "/service_at_locations?postcode=7555 AB")
    assert {link["service"]["name"][:8] for link in south["contents"]} == {"Spreekuu"}
    # Outside Hengelo no service area covers it; services without an area are kept.
    coach = Organisation.objects.get(slug="a-budgetcoach")
    coach.districts.clear()
    coach.save()
    outside = get(client, "/service_at_locations?postcode=1011")
    assert names_of_services(outside) == ["Budgetcursus A"]
    # Proximity: the postcode's position is that of our addresses in it (7553 NK: Berflo).
    # 7553 is in Noord onder de A1: only organisations working there count.
    near = get(client, "/service_at_locations?postcode=7553NK&proximity=100")
    assert near["total_items"] == 0  # the spreekuur's organisations work in Zuid only
    for organisation in Organisation.objects.filter(slug__endswith="-schuldhulp"):
        organisation.districts.add(*District.objects.all())
        organisation.save()
    near = get(client, "/service_at_locations?postcode=7553NK&proximity=100")
    assert near["total_items"] == 3 and all(
        link["location"]["name"].startswith("Wijkentree Berflo") for link in near["contents"]
    )
    wide = get(client, "/service_at_locations?postcode=7553&proximity=5000")
    assert wide["total_items"] == 3  # the cursus's inloop has no coordinates
    assert get(client, "/service_at_locations?postcode=7553")["total_items"] == 6
    unknown = get(client, "/service_at_locations?postcode=7557&proximity=1000", status=400)
    assert unknown["parameter"] == "postcode"


def names_of_services(page) -> list[str]:
    return sorted(link["service"]["name"] for link in page["contents"])


def test_modified_after(client, data):
    old = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    Service.objects.update(last_published_at=old)
    Organisation.objects.update(last_published_at=old)
    Location.objects.update(last_published_at=old)
    assert get(client, "/services?modified_after=2026-01-01T12:00:00Z")["total_items"] == 6
    assert get(client, "/services?modified_after=2026-01-01T12:00:01Z")["total_items"] == 0
    assert get(client, "/services?modified_after=2026-01-01")["total_items"] == 6
    newer = old + dt.timedelta(days=30)
    Service.objects.filter(slug="a-budgetcursus").update(last_published_at=newer)
    # The spreekuur's location changed: the service counts as modified too.
    Location.objects.filter(slug="b1-wijkentree-berflo").update(last_published_at=newer)
    found = get(client, "/services?modified_after=2026-01-15T00:00:00%2B01:00")
    assert set(names(found)) == {"Budgetcursus A", "Spreekuur geldzaken B1"}
    assert {s["last_modified"] for s in found["contents"]} == {"2026-01-31T12:00:00.000Z"}
    organisations = get(client, "/organizations?modified_after=2026-01-15")
    assert set(names(organisations)) == {"Budgetcoach A", "Schuldhulp B1"}
    links = get(client, "/service_at_locations?modified_after=2026-01-15")
    assert links["total_items"] == 2


# --- what is published -------------------------------------------------------------------------
def test_drafts_unpublished_and_other_languages_never_appear(client, data):
    nl = Locale.get_default()
    draft_org = Organisation.objects.create(
        slug="concept",
        locale=nl,
        name="Conceptorganisatie",
        kind="gemeente",
        summary="x",
        live=False,
    )
    draft_service = Service.objects.create(
        slug="concept-aanbod",
        locale=nl,
        organisation=data.organisations[0],
        name="Concept",
        live=False,
    )
    of_draft = Service.objects.create(
        slug="van-concept", locale=nl, organisation=draft_org, name="Van concept", live=True
    )
    english = Service.objects.create(
        slug="english",
        locale=Locale.objects.get(language_code="en"),
        organisation=data.organisations[0],
        name="English service",
        live=True,
    )
    draft_location = Location.objects.create(
        slug="conceptlocatie",
        locale=nl,
        name="Conceptlocatie",
        kind="inloop",
        street="Straat 1",
        postcode="7555 AA",
    )
    data.services[0].locations.add(draft_location)
    hidden = {"Conceptorganisatie", "Concept", "Van concept", "English service"}
    listed = set(names(get(client, "/services?per_page=100")))
    listed |= set(names(get(client, "/organizations?per_page=100&full=true")))
    assert not (listed & hidden)
    links = get(client, "/service_at_locations?per_page=100")
    assert all(link["location"]["name"] != "Conceptlocatie" for link in links["contents"])
    for item, path in (
        (draft_org, "organizations"),
        (draft_service, "services"),
        (of_draft, "services"),
        (english, "services"),
    ):
        get(client, f"/{path}/{item.translation_key}", status=404)
    detail = get(client, f"/services/{data.services[0].translation_key}")
    assert [link["location"]["name"] for link in detail["service_at_locations"]] == [
        "Wijkentree Berflo A"
    ]


def test_unknown_ids_get_404_json(client, data):
    for path in ("services", "organizations", "taxonomies", "taxonomy_terms"):
        for value in (uuid.uuid4(), "nope"):
            body = get(client, f"/{path}/{value}", status=404)
            assert body == {"status": 404, "message": "Niet gevonden: dit id kennen we niet."}
    get(client, f"/service_at_locations/{uuid.uuid4()}", status=404)


# --- schedules ---------------------------------------------------------------------------------
def _covers(schedule, day: dt.date) -> bool:
    start = dt.date.fromisoformat(schedule["valid_from"]) if "valid_from" in schedule else None
    end = dt.date.fromisoformat(schedule["valid_to"]) if "valid_to" in schedule else None
    return (start is None or start <= day) and (end is None or day <= end)


def test_a_closed_date_never_appears_open(client, data):
    location = Location.objects.get(slug="a-wijkentree-berflo")  # open Mo and We
    today = dt.date.today()
    monday = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
    ClosedDate.objects.create(location=location, date=monday, reason="Studiedag")
    ClosedDate.objects.create(location=location, date=today - dt.timedelta(days=10))
    document = get(client, f"/services/{data.services[0].translation_key}")
    schedules = document["service_at_locations"][0]["location"]["schedules"]
    assert errors(document, "service.json") == []
    weekly = [s for s in schedules if s.get("freq") == "WEEKLY"]
    assert {(s["byday"], s["opens_at"], s["closes_at"]) for s in weekly} == {
        ("MO,WE", "09:00:00", "12:00:00"),
        ("MO,WE", "13:00:00", "16:00:00"),
    }
    assert all("MO" in s["byday"] for s in weekly)
    # No weekly schedule is valid on the closed Monday; one says it is closed, with why.
    assert not [s for s in weekly if _covers(s, monday)]
    closed = [s for s in schedules if "freq" not in s and _covers(s, monday)]
    assert len(closed) == 1 and closed[0]["description"] == "Gesloten: Studiedag"
    assert closed[0]["valid_from"] == closed[0]["valid_to"] == monday.isoformat()
    # The Monday after is open again.
    assert [s for s in weekly if _covers(s, monday + dt.timedelta(days=7))]
    # Public holidays count as closed dates for a year ahead: next Christmas is never open.
    christmas = dt.date(today.year, 12, 25)
    christmas = christmas if christmas >= today else dt.date(today.year + 1, 12, 25)
    assert not [s for s in weekly if _covers(s, christmas)]
    assert any(s.get("description") == "Gesloten: Eerste kerstdag" for s in schedules)
    # A past closed date is history, not a schedule.
    past = (today - dt.timedelta(days=10)).isoformat()
    assert not [s for s in schedules if s.get("valid_from") == past and "freq" not in s]


def test_without_public_holidays_the_schedule_is_open_ended(client, data):
    Location.objects.filter(slug="a-wijkentree-berflo").update(closed_on_public_holidays=False)
    document = get(client, f"/services/{data.services[0].translation_key}")
    schedules = document["service_at_locations"][0]["location"]["schedules"]
    assert len(schedules) == 2 and all("valid_to" not in s for s in schedules)


# --- HTTP ---------------------------------------------------------------------------------------
def test_cors_cache_headers_etag_and_304(client, data):
    response = client.get(f"{API}/services")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(f"{API}/services", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Access-Control-Allow-Origin"] == "*"
    Service.objects.filter(slug="a-budgetcursus").update(name="Budgetcursus nieuw")
    changed = client.get(f"{API}/services", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_last_modified_and_if_modified_since(client, data):
    moment = timezone.make_aware(dt.datetime(2026, 3, 1, 10))
    Service.objects.update(last_published_at=moment)
    response = client.get(f"{API}/services")
    assert response["Last-Modified"] == "Sun, 01 Mar 2026 09:00:00 GMT"
    same = client.get(f"{API}/services", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert same.status_code == 304
    Location.objects.filter(slug="a-inloop-zuid").update(
        last_published_at=moment + dt.timedelta(hours=1)
    )
    later = client.get(f"{API}/services", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert later.status_code == 200


def test_head_is_answered_like_get_without_a_body(client, data):
    response = client.head(f"{API}/services")
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"]


def test_rate_limit_per_client(client, data, monkeypatch):
    monkeypatch.setattr(ratelimit, "REQUESTS_PER_WINDOW", 3)
    for _ in range(3):
        assert client.get(f"{API}/", REMOTE_ADDR="192.0.2.7").status_code == 200
    limited = client.get(f"{API}/", REMOTE_ADDR="192.0.2.7")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1 and limited.json()["status"] == 429
    assert client.get(f"{API}/", REMOTE_ADDR="192.0.2.8").status_code == 200


# --- the OpenAPI document ---------------------------------------------------------------------
EXAMPLES = {
    "page": "1",
    "per_page": "5",
    "format": "json",
    "search": "geld",
    "taxonomy_term_id": None,  # filled in from the data
    "taxonomy_id": identifiers.THEMES_TAXONOMY,
    "organization_id": None,
    "modified_after": "2026-01-01T00:00:00Z",
    "minimal": "false",
    "full": "true",
    "full_service": "true",
    "top_only": "true",
    "parent_id": str(uuid.uuid4()),
    "postcode": "7553",
    "proximity": "2000",
}


def test_the_openapi_document_says_what_the_api_does(client, data):
    document = get(client, "/openapi.json")
    assert document["openapi"] == "3.1.0" and document["info"]["license"]["identifier"] == "CC0-1.0"
    m = mapping.Mapping()
    examples = dict(EXAMPLES)
    examples["taxonomy_term_id"] = term_id(m, identifiers.THEMES_TAXONOMY, "geldzaken")
    examples["organization_id"] = str(data.organisations[0].translation_key)
    ids = {
        "/services/{id}": data.services[0].translation_key,
        "/organizations/{id}": data.organisations[0].translation_key,
        "/taxonomies/{id}": identifiers.THEMES_TAXONOMY,
        "/taxonomy_terms/{id}": examples["taxonomy_term_id"],
        "/service_at_locations/{id}": m.service_at_location_id(
            data.services[0], data.services[0].locations.first()
        ),
    }
    # Every endpoint, plus the data package when this installation serves one.
    extra = set(document["paths"]) - {e.path for e in ENDPOINTS.values()}
    assert extra <= {"/datapackage.zip"}
    for path in extra:
        assert client.get(API + path).status_code == 200
    for endpoint in ENDPOINTS.values():
        path = endpoint.path
        operation = document["paths"][path]["get"]
        url = API + path.replace("{id}", str(ids.get(path, "")))
        assert resolve(url.rstrip("/") if path != "/" else f"{API}/")
        declared = [p["$ref"].rsplit("/", 1)[1] for p in operation["parameters"] if "$ref" in p]
        for name in declared:
            assert name in document["components"]["parameters"]
            value = examples[name]
            query = {name: value}
            if name == "proximity":
                query["postcode"] = examples["postcode"]
            response = client.get(url, query)
            assert response.status_code == 200, (path, name, response.content[:200])
        assert client.get(url, {"not_declared": "1"}).status_code == 400
        assert client.get(url).status_code == 200, path


# --- identifiers ------------------------------------------------------------------------------
def test_stored_ids_are_stable_and_never_reused(client, data):
    theme = Theme.objects.get(slug="mantelzorg")
    first = mapping.Mapping()._dutch_term(identifiers.THEMES_TAXONOMY, theme.pk).id
    assert mapping.Mapping()._dutch_term(identifiers.THEMES_TAXONOMY, theme.pk).id == first
    pk = theme.pk
    theme.delete()
    # A new theme never gets the deleted theme's id, not even with the same primary key.
    again = Theme.objects.create(pk=pk, slug="mantelzorg-2", name="Mantelzorg")
    assert identifiers.stored_uuids(Theme, [again.pk])[again.pk] != first
    get(client, f"/taxonomy_terms/{first}", status=404)


def test_an_import_can_set_ids(data):
    group = TargetGroup.objects.get(slug="ouderen")
    wanted = str(uuid.uuid4())
    identifiers.assign(group, wanted)
    assert identifiers.stored_uuids(TargetGroup, [group.pk]) == {group.pk: wanted}
    assert identifiers.object_pk(TargetGroup, wanted) == group.pk
    district = District.objects.first()
    with pytest.raises(identifiers.IdentifierConflict):
        identifiers.assign(district, wanted)
    # Ids derived from items are the same in every export.
    service = data.services[0]
    location = service.locations.first()
    assert mapping.Mapping.service_at_location_id(
        service, location
    ) == mapping.Mapping.service_at_location_id(service, location)


# --- the Open data page ------------------------------------------------------------------------
def test_the_open_data_page_explains_the_api_in_dutch_and_english(client):
    dutch = client.get("/open-data/")
    english = client.get("/en/open-data/")
    assert dutch.status_code == english.status_code == 200
    dutch_html, english_html = dutch.content.decode(), english.content.decode()
    assert '<h1 class="utrecht-heading-1">Open data</h1>' in dutch_html
    assert "Waarom CC0?" in dutch_html and "Why CC0?" in english_html
    assert "Waarom CC0?" not in english_html
    for html in (dutch_html, english_html):
        assert "http://testserver/api/hsds/openapi.json" in html
        assert "creativecommons.org/publicdomain/zero/1.0/" in html
    # The language switch leads to the same page in the other language.
    assert 'href="/en/open-data/" hreflang="en"' in dutch_html
    assert 'href="/open-data/" hreflang="nl"' in english_html
