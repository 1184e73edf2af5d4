"""``/healthz`` (liveness) and ``/readyz`` (readiness) for the proxy, systemd or a load balancer.

Answered by the first middleware, before anything else runs, because a probe must be
cheap and must not depend on what it probes: no host check (probes use the server's own
address, not a name in ALLOWED_HOSTS), no HTTPS redirect, no site lookup (a database query),
no session or cookies, no search log, no rate limit, never cached.

- ``/healthz``: the process answers; touches nothing else. Always 200 ``ok``.
- ``/readyz``: JSON with the state of the database, the cache and the search engine, each
  ``ok``, ``degraded`` or ``down``. 200 while the site is usable; 503 only when the database
  is down (without Redis or OpenSearch the site still works, degraded).
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from wagtail.search.backends import get_search_backend

from portal.resilient_cache import OUTAGE_ERRORS, ResilientRedisCache

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
SLOW_SECONDS = 0.5  # a check slower than this reports "degraded"
SEARCH_TIMEOUT = 1  # seconds for the search engine's ping

OK, DEGRADED, DOWN = "ok", "degraded", "down"


def _timed(check) -> tuple[str, str]:
    started = time.monotonic()
    state, detail = check()
    if state == OK and time.monotonic() - started > SLOW_SECONDS:
        return DEGRADED, f"{detail} (slow: {time.monotonic() - started:.2f} s)"
    return state, detail


def check_database() -> tuple[str, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # A broken connection must not be reused by the next probe or request.
        connection.close_if_unusable_or_obsolete()
        return DOWN, type(error).__name__
    return OK, connection.vendor


def check_cache() -> tuple[str, str]:
    backend = caches["default"]
    if not isinstance(backend, ResilientRedisCache):
        return OK, "per-process cache (no REDIS_URL)"
    backend.get("portal:readyz")  # goes to Redis unless it is waiting out a back-off
    if backend.degraded:
        return DEGRADED, "Redis unreachable: per-process cache"
    return OK, "redis"


def check_search() -> tuple[str, str]:
    backend = get_search_backend()
    client = getattr(backend, "es", None)  # Elasticsearch/OpenSearch backends
    if client is None:
        return OK, "postgresql (in the database)"
    try:
        if hasattr(client, "options"):  # elasticsearch-py 8+
            reachable = client.options(request_timeout=SEARCH_TIMEOUT).ping()
        else:  # opensearch-py
            reachable = client.ping(request_timeout=SEARCH_TIMEOUT)
    except Exception as error:  # any client or transport error means "not reachable"
        logger.debug("Search engine ping failed: %s", error)
        reachable = False
    if not reachable:
        return DOWN, f"{type(backend).__name__} unreachable"
    return OK, type(backend).__name__


def readiness() -> tuple[int, dict]:
    checks = {
        "database": check_database,
        "cache": check_cache,
        "search": check_search,
    }
    report = {}
    for name, check in checks.items():
        try:
            state, detail = _timed(check)
        except (DatabaseError, *OUTAGE_ERRORS) as error:
            state, detail = DOWN, type(error).__name__
        report[name] = {"status": state, "detail": detail}
    database_down = report["database"]["status"] == DOWN
    states = {part["status"] for part in report.values()}
    overall = DOWN if database_down else OK if states == {OK} else DEGRADED
    return (503 if database_down else 200), {"status": overall, **report}


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers the two probe paths; every other request passes through untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == LIVENESS_PATH:
            return _no_store(HttpResponse("ok\n", content_type="text/plain; charset=utf-8"))
        if request.path == READINESS_PATH:
            status, report = readiness()
            return _no_store(JsonResponse(report, status=status))
        return self.get_response(request)
