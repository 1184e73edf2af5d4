"""Version counters in the shared cache: bumping one makes every process drop what it keyed
on the old version (Redis in production; per-process memory in development).

``SiteMiddleware`` reads a version on every request, so the cache must never raise here:
with Redis, ``portal.resilient_cache.ResilientRedisCache`` answers from a per-process cache
while Redis is down or hangs (each process then follows only its own bumps until Redis is
back). Django's plain ``RedisCache`` made every request fail during an outage."""

from django.core.cache import cache
from django.db import transaction


def current_version(key: str) -> int:
    return cache.get_or_set(key, 1, None)


def bump_version(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # never set, or evicted
        cache.set(key, 2, None)


def bump_version_after_change(key: str) -> None:
    """Bump now, and again when the surrounding transaction commits: another process may
    have rebuilt from the rows committed before this change in the meantime."""
    bump_version(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: bump_version(key))
