"""Version counters in the shared cache: bumping one makes every process drop what it keyed
on the old version (Redis in production; per-process memory in development)."""

from django.core.cache import cache


def current_version(key: str) -> int:
    return cache.get_or_set(key, 1, None)


def bump_version(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # never set, or evicted
        cache.set(key, 2, None)
