"""/healthz and /readyz through the whole middleware stack (portal/health.py); the faults
(database unreachable, Redis down) are in test_production_server.py."""

import json

import pytest
from django.test import Client

from search.models import SearchQueryLog


def test_healthz_answers_without_the_database_cookies_or_caching():
    # No django_db mark: any query (a site lookup, a session) would raise here.
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


@pytest.mark.django_db
def test_readyz_reports_each_part(django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = Client().get("/readyz")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    report = json.loads(response.content)
    assert report["status"] == "ok"
    assert {part: report[part]["status"] for part in ("database", "cache", "search")} == {
        "database": "ok",
        "cache": "ok",
        "search": "ok",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_any_host_and_plain_http(path):
    # Load balancers probe the server's own address, not the site's name.
    response = Client().get(path, HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200


@pytest.mark.django_db
def test_probes_are_never_rate_limited_or_logged_as_searches():
    client = Client()
    logged = SearchQueryLog.objects.count()
    for _ in range(30):
        assert client.get("/readyz").status_code == 200
        assert client.get("/healthz").status_code == 200
    assert SearchQueryLog.objects.count() == logged
