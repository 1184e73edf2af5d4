"""The Redis cache wrapper against real sockets: a closed port, a server that never answers,
and a real redis-server that comes back (portal/resilient_cache.py)."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches

from portal.editorial import ratelimit
from portal.resilient_cache import ResilientRedisCache

from .environment import require
from .production_server import HangingServer, closed_port

WARNING = "Redis cache unreachable"


def resilient_cache(port: int, retry_after: float = 5.0) -> ResilientRedisCache:
    # A fresh port per test: the outage state is kept per process and location.
    return ResilientRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"RETRY_AFTER": retry_after, "MAX_RETRY_AFTER": retry_after * 4}},
    )


def warnings_in(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_a_closed_port_falls_back_to_the_process_cache_with_one_warning(caplog):
    cache = resilient_cache(closed_port())
    with caplog.at_level(logging.WARNING, logger="portal.resilient_cache"):
        for n in range(50):
            cache.set("answer", n)
            assert cache.get("answer") == n
        assert cache.get_or_set("version", 1, None) == 1
        assert cache.incr("version") == 2
        with pytest.raises(ValueError):
            cache.incr("never-set")  # the same contract as Redis
    assert cache.degraded
    assert sum(WARNING in m for m in warnings_in(caplog)) == 1


def test_threads_share_one_outage_and_one_fallback(caplog):
    port = closed_port()
    location = f"redis://127.0.0.1:{port}/1"
    first = ResilientRedisCache(location, {})
    second = ResilientRedisCache(location, {})  # Django makes one per thread
    with caplog.at_level(logging.WARNING, logger="portal.resilient_cache"):
        first.set("key", "value")
        assert second.get("key") == "value"
    assert sum(WARNING in m for m in warnings_in(caplog)) == 1


def test_a_server_that_never_answers_costs_one_timeout_per_back_off(caplog):
    hanging = HangingServer()
    try:
        cache = resilient_cache(hanging.port, retry_after=0.5)
        with caplog.at_level(logging.WARNING, logger="portal.resilient_cache"):
            started = time.monotonic()
            assert cache.get("missing", "default") == "default"
            first_call = time.monotonic() - started
            started = time.monotonic()
            for n in range(200):
                cache.set("n", n)
            assert time.monotonic() - started < 0.5  # answered from the process cache
            assert cache.get("n") == 199
            connections_before_retry = len(hanging.accepted)
            time.sleep(0.6)  # back-off over: the next call tries Redis once more
            cache.get("n")
        assert first_call < 2  # socket timeouts of 0.5 s, no retries
        assert len(hanging.accepted) == connections_before_retry + 1
        assert sum(WARNING in m for m in warnings_in(caplog)) == 1
    finally:
        hanging.close()


@pytest.fixture
def redis_port(tmp_path):
    """A free port where the test starts a real redis-server (6391-6399 where free, the
    range kept for it on shared machines)."""
    require(
        shutil.which("redis-server") is not None,
        "redis-server not installed (Debian package redis-server)",
    )
    for port in range(6391, 6400):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    return closed_port()


def test_redis_coming_back_is_used_again_after_the_back_off(tmp_path, redis_port, caplog):
    cache = resilient_cache(redis_port, retry_after=0.2)
    with caplog.at_level(logging.WARNING, logger="portal.resilient_cache"):
        cache.set("during-outage", 1)
        assert cache.degraded
        server = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while cache.degraded:
                assert time.monotonic() < deadline, "Redis was never used again"
                time.sleep(0.1)
                cache.get("probe")
            cache.set("after-outage", "shared")
            direct = redis.Redis(host="127.0.0.1", port=redis_port)
            assert direct.exists(cache.make_and_validate_key("after-outage"))
        finally:
            server.terminate()
            server.wait(timeout=10)
    messages = warnings_in(caplog)
    assert sum(WARNING in m for m in messages) == 1
    assert any("reachable again" in m for m in messages)


def test_the_report_rate_limit_lives_in_redis_for_every_worker(rf, settings):
    """With REDIS_URL (here CI's Redis, .ci/services.sh) the count is in Redis itself, so
    every worker process sees it, not in one process's memory."""
    url = os.environ.get("REDIS_TEST_URL", "")
    require(bool(url), "REDIS_TEST_URL is not set (.ci/services.sh starts a Redis for it)")
    settings.CACHES = {
        "default": {"BACKEND": "portal.resilient_cache.ResilientRedisCache", "LOCATION": url}
    }
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    stored_key = caches["default"].make_key(ratelimit._key(request))
    direct = redis.Redis.from_url(url)
    direct.delete(stored_key, stored_key + ":start")
    try:
        for _ in range(3):
            ratelimit.register_attempt(request)
        assert not caches["default"].degraded
        assert int(direct.get(stored_key)) == 3
    finally:
        direct.delete(stored_key, stored_key + ":start")
