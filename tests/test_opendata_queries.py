"""The HSDS API needs the same number of database queries whatever the amount of data
(1× and 10× the data, as the page tests do), for lists of 50 and nested details."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.opendata import ratelimit
from tests import front_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    monkeypatch.setattr(ratelimit, "REQUESTS_PER_WINDOW", 10**9)


def urls(data) -> list[str]:
    service = data.services[0]
    organisation = data.organisations[0]
    return [
        "/api/hsds/services?per_page=50",
        "/api/hsds/services?per_page=50&full=true",
        "/api/hsds/services?minimal=true",
        f"/api/hsds/services/{service.translation_key}",
        "/api/hsds/organizations?per_page=50&full=true&full_service=true",
        f"/api/hsds/organizations/{organisation.translation_key}",
        "/api/hsds/service_at_locations?per_page=50&full=true",
        "/api/hsds/service_at_locations?per_page=50&postcode=7553&proximity=3000",
        "/api/hsds/taxonomy_terms?per_page=50",
    ]


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:200]
    return len(queries)


def test_query_count_does_not_grow_with_data(client, django_assert_max_num_queries):
    data = front_data.build(batches=1)
    small = {url: count_queries(client, url) for url in urls(data)}
    for number in range(1, 10):
        front_data.add_batch(data, prefix=f"b{number}")
    for url in urls(data):
        client.get(url)
        with django_assert_max_num_queries(small[url]):
            response = client.get(url)
        assert response.status_code == 200
    # Each list now has more than one batch's worth of results on its page.
    assert client.get("/api/hsds/services?per_page=50").json()["size"] == 20
    print("queries per request:", {url[len("/api/hsds") :]: n for url, n in small.items()})
