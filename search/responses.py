"""A short-lived cache of whole search API responses.

Residents ask the same few questions ("schulden", "eenzaam"), and a search costs a ranked
full-text query plus scoring. The cached body is keyed by everything that shapes it: the
query in the normalised forms the engine and the promotions use, the filters, the page,
the language, the host (URLs), today's date (freshness penalties) and a version number.

The version lives in the shared cache and goes up on any save or delete of any model and
on every import or vocabulary rebuild (``invalidate``), so an edit shows at once. With
the per-process default cache (no ``REDIS_URL``) other processes do not see the bump and
may answer from their copy for up to ``SEARCH_RESPONSE_CACHE_SECONDS`` (default 60; 0
turns the cache off).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from wagtail.search.utils import normalise_query_string

from portal.core.invalidation import bump_version, current_version

from .text import MAX_QUERY_LENGTH, normalise, strip_unsafe

VERSION_KEY = "search:responses:version"
DEFAULT_SECONDS = 60

# Written on (nearly) every request or login; they never change what a search returns.
_IGNORED_MODELS = {"search.searchquerylog", "sessions.session", "auth.user"}


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


def _on_change(sender, **kwargs) -> None:
    if sender._meta.label_lower in _IGNORED_MODELS:
        return
    invalidate()
    # A search between this bump and the commit still reads the old rows: bump once more
    # when the transaction commits. Consecutive saves share one callback (checking only the
    # last one keeps a save of many rows linear; an extra bump costs nothing).
    connection = transaction.get_connection(kwargs.get("using"))
    pending = connection.run_on_commit
    if connection.in_atomic_block and not (pending and pending[-1][1] is invalidate):
        transaction.on_commit(invalidate, using=connection.alias)


def connect() -> None:
    # Any model: pages, snippets, themes, promotions, relations, locales... all can change a
    # search result, and saves are rare next to searches.
    post_save.connect(_on_change, dispatch_uid="search-responses-save")
    post_delete.connect(_on_change, dispatch_uid="search-responses-delete")
    m2m_changed.connect(_on_change, dispatch_uid="search-responses-m2m")
