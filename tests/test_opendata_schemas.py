"""Every answer of the HSDS API validates against the official HSDS 3.0 schemas, for the
whole sample data set (issue 15), and the validator really rejects broken documents."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from locations.models import ClosedDate, Location
from portal.opendata import ratelimit
from tests import front_data
from tests.hsds_schemas import errors, page_errors

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "portal" / "fixtures" / "sociale-kaart"
API = "/api/hsds"

LISTS = {
    # list URL (without paging): schema of each item
    "/services": "service.json",
    "/services?full=true": "service.json",
    "/services?minimal=true": "service.json",
    "/organizations": "organization.json",
    "/organizations?full=true": "organization.json",
    "/organizations?full=true&full_service=true": "organization.json",
    "/taxonomies": "taxonomy.json",
    "/taxonomy_terms": "taxonomy_term.json",
    "/service_at_locations": "service_at_location.json",
    "/service_at_locations?full=true": "service_at_location.json",
}


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    monkeypatch.setattr(ratelimit, "REQUESTS_PER_WINDOW", 10**9)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def _all_pages(client, url: str) -> list[dict]:
    pages = []
    joiner = "&" if "?" in url else "?"
    number = 1
    while True:
        page = _get(client, f"{API}{url}{joiner}page={number}&per_page=100")
        pages.append(page)
        if page["last_page"]:
            return pages
        number += 1


def _nested_errors(document: dict) -> list[str]:
    """Our documented extensions hold HSDS objects too: validate those as well."""
    found = []
    if isinstance(document.get("service"), dict):
        found += errors(document["service"], "service.json")
    for service in document.get("services", []):
        found += errors(service, "service.json")
    return found


def test_every_answer_for_the_sample_set_validates(client):
    call_command("import_sociale_kaart", str(SAMPLE), verbosity=0)
    # A closed date, so the closure schedules are part of what is validated.
    location = Location.objects.filter(live=True, opening_hours__isnull=False).first()
    ClosedDate.objects.create(
        location=location, date=dt.date.today() + dt.timedelta(days=3), reason="Studiedag"
    )

    counts: dict[str, int] = {}
    problems: list[str] = []
    ids: dict[str, set[str]] = {}
    pages_of: dict[str, list[dict]] = {}
    for url, schema in LISTS.items():
        pages_of[url] = _all_pages(client, url)
        for page in pages_of[url]:
            problems += [f"{url}: {e}" for e in page_errors(page, schema)]
            for item in page["contents"]:
                problems += [f"{url}: {e}" for e in _nested_errors(item)]
            counts[url] = counts.get(url, 0) + len(page["contents"])
            ids.setdefault(url.split("?")[0], set()).update(i["id"] for i in page["contents"])
    details = {
        "/services": "service.json",
        "/organizations": "organization.json",
        "/taxonomies": "taxonomy.json",
        "/taxonomy_terms": "taxonomy_term.json",
        "/service_at_locations": "service_at_location.json",
    }
    for path, schema in details.items():
        for item_id in sorted(ids[path]):
            document = _get(client, f"{API}{path}/{item_id}")
            assert document["id"] == item_id
            problems += [f"{path}/{item_id}: {e}" for e in errors(document, schema)]
            problems += [f"{path}/{item_id}: {e}" for e in _nested_errors(document)]
            counts[f"{path}/{{id}}"] = counts.get(f"{path}/{{id}}", 0) + 1
    root = _get(client, f"{API}/")
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/api/hsds/openapi.json")

    assert problems == []
    # The whole sample set, nothing left out (159 services, 74 organisations in the CSVs).
    assert counts["/services"] == counts["/services?full=true"] == 159
    assert counts["/services?minimal=true"] == 159
    assert counts["/organizations"] == 74
    assert counts["/services/{id}"] == 159
    assert counts["/organizations/{id}"] == 74
    assert counts["/service_at_locations/{id}"] == counts["/service_at_locations"] > 0
    assert counts["/taxonomies/{id}"] == 5
    assert counts["/taxonomy_terms/{id}"] == counts["/taxonomy_terms"] > 0
    closures = [
        schedule
        for page in pages_of["/service_at_locations?full=true"]
        for link in page["contents"]
        for schedule in link["location"]["schedules"]
        if schedule.get("description") == "Gesloten: Studiedag"
    ]
    assert closures, "the closed date is published"
    print("validated documents:", counts)


def _service_document(client) -> dict:
    data = front_data.build()
    service = data.services[0]
    return _get(client, f"{API}/services/{service.translation_key}")


def test_the_validator_rejects_a_document_without_a_required_field(client):
    document = _service_document(client)
    assert errors(document, "service.json") == []

    without_name = copy.deepcopy(document)
    del without_name["name"]
    assert any("'name' is a required property" in e for e in errors(without_name, "service.json"))

    # Deep inside, through the schemas' relative $refs: a location without its type.
    nested = copy.deepcopy(document)
    del nested["service_at_locations"][0]["location"]["location_type"]
    assert any("location_type" in e for e in errors(nested, "service.json"))

    # Formats are checked: an id that is not a UUID, a status outside the list.
    wrong = copy.deepcopy(document)
    wrong["id"] = "not-a-uuid"
    wrong["status"] = "open"
    found = errors(wrong, "service.json")
    assert any("uuid" in e for e in found) and any("'open' is not one of" in e for e in found)


def test_a_page_without_the_spec_fields_is_rejected(client):
    front_data.build()
    page = _get(client, f"{API}/services")
    assert page_errors(page, "service.json") == []
    del page["total_pages"]
    assert page_errors(page, "service.json")
