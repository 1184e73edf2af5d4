"""Redis as Django's cache, degrading to a per-process cache while Redis is down or hangs.

Everything the portal keeps in the cache can be rebuilt from the database: version counters
(``portal/core/invalidation.py``), cached search responses, looked-up page ids, the report
form's rate limit. So a Redis outage must cost sharing between processes, never a request:
with Django's own ``RedisCache`` a closed port made every page, the report form and the
admin login answer 500, and a Redis that accepts connections but never answers held every
request until the proxy gave up.

``ResilientRedisCache`` therefore
- connects and reads with short socket timeouts (``REDIS_CONNECT_TIMEOUT``,
  ``REDIS_SOCKET_TIMEOUT``: Redis answers in well under a millisecond on a healthy host);
- on a connection error or timeout answers from a per-process ``LocMemCache`` and logs ONE
  warning for the outage (not one per request);
- tries Redis again only after a back-off (doubling from ``RETRY_AFTER`` up to
  ``MAX_RETRY_AFTER`` seconds), so at most one request per back-off period waits for a
  timeout; the first success logs that Redis is back and ends the outage.

What was written to the per-process cache during an outage stays there; values in Redis
from before the outage may be served again afterwards, for at most their lifetime (search
responses 60 s, the site structure ``portal.core.site_cache.MAX_AGE``).
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 0.5
SOCKET_TIMEOUT = 0.5
RETRY_AFTER = 5.0
MAX_RETRY_AFTER = 60.0

# Failures that mean "Redis is not reachable now". Other Redis errors (a wrong command, a
# value that is not an integer for incr) are bugs and still raise.
OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class _Outage:
    """One process's view of one Redis server: down since when, when to try again."""

    def __init__(self):
        self.lock = threading.Lock()
        self.since: float | None = None
        self.next_try = 0.0
        self.backoff = RETRY_AFTER


_outages: dict[str, _Outage] = {}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        options = params["OPTIONS"]
        self.retry_after = float(options.pop("RETRY_AFTER", RETRY_AFTER))
        self.max_retry_after = float(options.pop("MAX_RETRY_AFTER", MAX_RETRY_AFTER))
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        # redis-py would otherwise retry a timed-out command, doubling the wait.
        options.setdefault("retry_on_timeout", False)
        super().__init__(server, params)
        # Django makes one cache object per thread; the outage is the process's, so the
        # state (and the fallback's storage, shared by LocMemCache's name) is per location.
        self.fallback = LocMemCache(
            f"resilient-redis-fallback:{server}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "OPTIONS": {"MAX_ENTRIES": 10_000}},
        )
        self._outage = _outages.setdefault(str(server), _Outage())

    @property
    def degraded(self) -> bool:
        """True while this process answers from its own cache instead of Redis."""
        return self._outage.since is not None

    def _use_redis(self) -> bool:
        return self._outage.since is None or time.monotonic() >= self._outage.next_try

    def _failed(self, error: Exception) -> None:
        outage = self._outage
        with outage.lock:
            now = time.monotonic()
            if outage.since is None:
                outage.since = now
                outage.backoff = self.retry_after
                logger.warning(
                    "Redis cache unreachable (%s: %s): this process uses its own cache and "
                    "tries Redis again in %.0f s",
                    type(error).__name__,
                    error,
                    outage.backoff,
                )
            else:
                outage.backoff = min(outage.backoff * 2, self.max_retry_after)
            outage.next_try = now + outage.backoff

    def _succeeded(self) -> None:
        outage = self._outage
        if outage.since is None:
            return
        with outage.lock:
            if outage.since is not None:
                logger.warning(
                    "Redis cache reachable again after %.0f s", time.monotonic() - outage.since
                )
                outage.since = None

    def _call(self, name: str, *args, **kwargs):
        if self._use_redis():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except OUTAGE_ERRORS as error:
                self._failed(error)
            else:
                self._succeeded()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    # Every operation RedisCache implements (the others in BaseCache are built from these).
    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")
