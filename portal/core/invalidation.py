"""Cache invalidation in one place: every version key the project uses, which model changes
bump which key, and the signal wiring (connected once, in ``CoreConfig.ready()``).

A version counter lives in the shared cache; bumping it makes every process drop what it
keyed on the old version (Redis in production; per-process memory in development). Readers
only import a key and call ``current_version(key)``; nobody else connects a signal for it.

``SiteMiddleware`` reads a version on every request, so the cache must never raise here:
with Redis, ``portal.resilient_cache.ResilientRedisCache`` answers from a per-process cache
while Redis is down or hangs (each process then follows only its own bumps until Redis is
back). Django's plain ``RedisCache`` made every request fail during an outage.

Which change bumps which key:

====================  ============================================================
key                   bumped by
====================  ============================================================
CATALOGUE_VERSION     save/delete of an item kind's model (``portal.core.kinds``) and of
                      any model listing it in ``bumps_cache_versions``
VOCABULARY_VERSION    save/delete of wagtail's ``Locale`` and of any model listing it in
                      ``bumps_cache_versions`` (themes, target groups, districts; they
                      list CATALOGUE_VERSION too, as the catalogue maps them)
SEMANTIC_VERSION      ``search.semantic`` itself, after it wrote meaning vectors
SEARCH_RESPONSES_…    save/delete/m2m change of any model except ``SEARCH_RESPONSES_IGNORED``
SITE_CACHE_VERSION    pages, sites, view restrictions and every wagtail settings model
                      (saved, deleted, published, unpublished, moved)
INDEX_PAGES_VERSION   pages published, unpublished, or saved/deleted as plain ``Page``
====================  ============================================================

A model opts in by declaring the keys it feeds, e.g. on ``Theme``::

    bumps_cache_versions = (VOCABULARY_VERSION, CATALOGUE_VERSION)

A feature that keeps something per process besides the version (a dict it clears) adds a
listener with ``on_invalidate(key, callback)`` in its ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.core.kinds import item_kinds

# --- every version key of the project -------------------------------------------------
CATALOGUE_VERSION = "search:catalogue:version"
VOCABULARY_VERSION = "search:vocabulary:version"
SEMANTIC_VERSION = "search:semantic:version"
SEARCH_RESPONSES_VERSION = "search:responses:version"
SITE_CACHE_VERSION = "portal:site-cache:version"
INDEX_PAGES_VERSION = "routing:index-pages:version"

# Written on (nearly) every request or login; they never change what a search returns.
SEARCH_RESPONSES_IGNORED = frozenset({"search.searchquerylog", "sessions.session", "auth.user"})

# Models outside the project that feed the vocabulary (language names) and so the
# catalogue's maps; the project's own models declare ``bumps_cache_versions`` instead.
_VOCABULARY_MODELS = (Locale,)
# What the site cache keeps: the site, its page tree, view restrictions and settings.
_SITE_MODELS = (Page, Site, PageViewRestriction, BaseSiteSetting, BaseGenericSetting)


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


# --- listeners: per-process state a feature clears with a key ---------------------------
_listeners: dict[str, list[Callable[[], None]]] = defaultdict(list)


def on_invalidate(key: str, callback: Callable[[], None]) -> None:
    """Call ``callback()`` in this process whenever a model change invalidates ``key``."""
    if callback not in _listeners[key]:
        _listeners[key].append(callback)


def invalidate(key: str) -> None:
    """A change made ``key``'s cached values stale: tell this process, bump for all."""
    for callback in _listeners[key]:
        callback()
    bump_version_after_change(key)


# --- which model changes bump which key -------------------------------------------------
def keys_bumped_by(model) -> tuple[str, ...]:
    """The version keys a save or delete of ``model`` (a class) makes stale, in order."""
    keys = list(getattr(model, "bumps_cache_versions", ()))
    if item_kinds.for_model(model) is not None and CATALOGUE_VERSION not in keys:
        keys.append(CATALOGUE_VERSION)
    if issubclass(model, _VOCABULARY_MODELS):
        keys.extend(key for key in (VOCABULARY_VERSION, CATALOGUE_VERSION) if key not in keys)
    if issubclass(model, _SITE_MODELS):
        keys.append(SITE_CACHE_VERSION)
    if model is Page:  # as before: only saves that send the plain Page class
        keys.append(INDEX_PAGES_VERSION)
    return tuple(keys)


def _on_save_or_delete(sender, **kwargs) -> None:
    for key in _keys_by_model.get(sender, ()):
        invalidate(key)


def _on_page_published_or_unpublished(**kwargs) -> None:
    invalidate(SITE_CACHE_VERSION)
    bump_version(INDEX_PAGES_VERSION)


def _on_page_moved(**kwargs) -> None:
    invalidate(SITE_CACHE_VERSION)


def _bump_search_responses(**kwargs) -> None:
    bump_version(SEARCH_RESPONSES_VERSION)


def _on_any_change(sender, **kwargs) -> None:
    """Any model (pages, snippets, themes, promotions, relations, locales...) can change a
    search result, and saves are rare next to searches."""
    if sender._meta.label_lower in SEARCH_RESPONSES_IGNORED:
        return
    _bump_search_responses()
    # A search between this bump and the commit still reads the old rows: bump once more
    # when the transaction commits. Consecutive saves share one callback (checking only the
    # last one keeps a save of many rows linear; an extra bump costs nothing).
    connection = transaction.get_connection(kwargs.get("using"))
    pending = connection.run_on_commit
    if connection.in_atomic_block and not (pending and pending[-1][1] is _bump_search_responses):
        transaction.on_commit(_bump_search_responses, using=connection.alias)


_keys_by_model: dict[type, tuple[str, ...]] = {}


def connect() -> None:
    """Wire every rule above to Django's and Wagtail's signals (``CoreConfig.ready()``).

    Models are found through the app registry, never by importing apps; each save is
    looked up by its sender class, so every page type is covered by ``Page``'s rule."""
    _keys_by_model.clear()
    for model in apps.get_models():
        keys = keys_bumped_by(model)
        if keys:
            _keys_by_model[model] = keys
    post_save.connect(_on_save_or_delete, dispatch_uid="core-invalidation-save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="core-invalidation-delete")
    page_published.connect(_on_page_published_or_unpublished, dispatch_uid="core-published")
    page_unpublished.connect(_on_page_published_or_unpublished, dispatch_uid="core-unpublished")
    post_page_move.connect(_on_page_moved, dispatch_uid="core-page-moved")
    post_save.connect(_on_any_change, dispatch_uid="core-search-responses-save")
    post_delete.connect(_on_any_change, dispatch_uid="core-search-responses-delete")
    m2m_changed.connect(_on_any_change, dispatch_uid="core-search-responses-m2m")
