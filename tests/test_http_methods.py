"""HEAD, OPTIONS and TRACE on every kind of view (issue 16, item 15).

Requests go through Django's WSGI handler itself, not the test client: the test client
removes HEAD bodies on its own and would hide a server that sends them.
"""

from __future__ import annotations

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from search.models import SearchQueryLog

from .editorial_helpers import make_location

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/en/",
    "/zoeken/",
    "/zoeken/?q=schulden",
    "/en/search/?q=debt",
    "/api/v1/search/?q=schulden",
    "/api/v1/search/suggest/?q=schul",
    "/robots.txt",
    "/sitemap.xml",
    "/admin/login/",
]


def wsgi(method: str, url: str):
    path, _, query = url.partition("?")
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD=method
    )
    found = {}

    def start_response(status, headers, exc_info=None):
        found["status"] = int(status.split()[0])
        found["headers"] = dict(headers)

    # As the test client does: keep the test's database connection (and transaction) open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        body = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return found["status"], found["headers"], body


@pytest.mark.parametrize("url", [*PUBLIC_URLS, "report-form"])
def test_head_answers_like_get_without_a_body(url, home_page):
    if url == "report-form":
        url = make_location().url
    get_status, get_headers, get_body = wsgi("GET", url)
    status, headers, body = wsgi("HEAD", url)
    assert get_status == 200, url
    assert status == 200, url
    assert body == b""
    assert headers["Content-Type"] == get_headers["Content-Type"]
    if url == "/robots.txt":
        assert headers["Content-Length"] == str(len(get_body))


def test_a_head_request_is_not_counted_as_a_search(home_page):
    wsgi("HEAD", "/zoeken/?q=schulden")
    wsgi("HEAD", "/api/v1/search/?q=schulden")
    assert not SearchQueryLog.objects.exists()
    wsgi("GET", "/zoeken/?q=schulden")
    assert SearchQueryLog.objects.get().searches == 1


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "CONNECT", "PROPFIND"])
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_options_trace_and_others_get_405_without_a_page(method, url, home_page):
    status, headers, body = wsgi(method, url)
    assert status == 405, (method, url)
    assert headers["Allow"] == "GET, HEAD, POST"
    assert body == b""
