"""A short-lived cache of whole search API responses.

Residents ask the same few questions ("schulden", "eenzaam"), and a search costs a ranked
full-text query plus scoring. The cached body is keyed by everything that shapes it: the
query in the normalised forms the engine and the promotions use, the filters, the page,
the language, the host (URLs), today's date (freshness penalties) and a version number.

The version lives in the shared cache and goes up on any save or delete of any model
(``portal.core.invalidation``) and on every import (``invalidate``), so an edit shows at once. With
the per-process default cache (no ``REDIS_URL``) other processes do not see the bump and
may answer from their copy for up to ``SEARCH_RESPONSE_CACHE_SECONDS`` (default 60; 0
turns the cache off).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from wagtail.search.utils import normalise_query_string

from portal.core.invalidation import SEARCH_RESPONSES_VERSION, bump_version, current_version

from .text import MAX_QUERY_LENGTH, normalise, strip_unsafe

VERSION_KEY = SEARCH_RESPONSES_VERSION
DEFAULT_SECONDS = 60


def lifetime() -> int:
    return int(getattr(settings, "SEARCH_RESPONSE_CACHE_SECONDS", DEFAULT_SECONDS))


def key_for(params, language: str, host: str) -> str:
    raw = params.get("q", "")
    safe = strip_unsafe(raw or "")[:MAX_QUERY_LENGTH]
    shape = {
        "q": [normalise(raw), normalise_query_string(safe)],
        "params": sorted(
            (name, sorted(params.getlist(name))) for name in params if name not in ("q", "lang")
        ),
        "lang": language,
        "host": host,
        "day": timezone.localdate().isoformat(),
    }
    digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()
    return f"search:response:{current_version(VERSION_KEY)}:{digest}"


def get(key: str):
    if lifetime() <= 0:
        return None
    return cache.get(key)


def put(key: str, value) -> None:
    if lifetime() > 0:
        cache.set(key, value, lifetime())


def invalidate(**kwargs) -> None:
    """Make every cached response unreachable (the version in the key changes)."""
    bump_version(VERSION_KEY)
