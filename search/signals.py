"""Keep the search's meaning vectors and per-process lookups current.

Which change makes the catalogue, the vocabulary or the cached responses stale is decided
in one place, ``portal.core.invalidation``; this module only adds what search keeps besides
those versions. Connected in ``SearchConfig.ready()``. Items are recognised through the
registry of item kinds (``portal.core.kinds.item_kinds``) when they are saved: a new kind
is kept current without a change here.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from portal.core import invalidation
from portal.core.exchange.signals import items_imported
from portal.core.kinds import item_kinds

from . import semantic, vocabulary
from .retrieval import forget_cached_lookups, forget_lookups

logger = logging.getLogger(__name__)


def _store_item_vector(sender, instance, raw=False, **kwargs):
    """Store the item's meaning vector when its text changed (``search.semantic``)."""
    kind = item_kinds.for_model(sender)
    if kind is None or raw:  # raw: loaddata, the rows are not complete yet
        return
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the save intact
            semantic.sync(kind.name, [instance.pk], semantic.tags_of(instance))
    except Exception:  # noqa: BLE001 - an editor's save must not fail on the search's vector
        # The item is still found by its words; `update_index` computes the vector later.
        logger.exception("Could not store the meaning vector of %s %s", kind.name, instance.pk)


def _forget_item_vector(sender, instance, **kwargs):
    kind = item_kinds.for_model(sender)
    if kind is not None:
        semantic.forget(kind.name, instance.pk)


def _forget_import_caches():
    """The vocabulary (and the lookups cached from it) is derived from all published text."""
    vocabulary.invalidate()
    forget_cached_lookups()


def _after_spreadsheet_import(sender, changed, **kwargs):
    """Before the import writes the search index: fresh vocabulary, vectors of what changed."""
    # Rebuilt from the new rows now, and dropped once more after commit so that other
    # processes drop their copies too.
    _forget_import_caches()
    transaction.on_commit(_forget_import_caches)
    # The meaning vectors of what changed (bulk writes send no save signals).
    semantic.sync_changed(changed)


def connect():
    # Every save and delete, looked up in the registry of item kinds when it happens.
    post_save.connect(_store_item_vector, dispatch_uid="search-item-vector")
    post_delete.connect(_forget_item_vector, dispatch_uid="search-item-vector-delete")
    # Themes, target groups, districts and languages: the engine's lookups hold them.
    invalidation.on_invalidate(invalidation.VOCABULARY_VERSION, forget_lookups)
    # A spreadsheet import writes rows in bulk (no save signals) and says what it changed.
    items_imported.connect(_after_spreadsheet_import, dispatch_uid="search-spreadsheet-import")
