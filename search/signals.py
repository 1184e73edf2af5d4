"""Keep the search vocabulary, the catalogue, the meaning vectors and cached lookups current.

Connected in ``SearchConfig.ready()``. Items are recognised through the registry of item
kinds (``portal.core.kinds.item_kinds``): a new kind is kept current without a change here.
"""

import logging

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale

from directory.models import TargetGroup, Theme
from locations.models import District
from portal.core.kinds import item_kinds

from . import catalogue, semantic
from .engine import forget_cached_lookups
from .vocabulary import invalidate as invalidate_vocabulary

logger = logging.getLogger(__name__)

# "Gecontroleerd" (``portal.editorial``) writes last_verified with queryset.update (no item
# signal); the Verification row it stores tells the catalogue its check dates changed.
# Named, not imported: search and the editorial tools are features that do not import
# each other.
VERIFICATION_MODEL = "editorial.Verification"


def _invalidate(**kwargs):
    invalidate_vocabulary()
    catalogue.invalidate()
    forget_cached_lookups()


def _invalidate_catalogue(**kwargs):
    catalogue.invalidate()


def _item_saved(sender, instance, raw=False, **kwargs):
    """An item's save changes themes, districts and target groups (the catalogue's maps),
    its record's title, state and keywords, and its meaning vector."""
    kind = item_kinds.for_model(sender)
    if kind is None:
        return
    catalogue.invalidate()
    if raw:  # loaddata: the rows are not complete yet
        return
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the save intact
            semantic.sync(kind.name, [instance.pk])
    except Exception:  # noqa: BLE001 - an editor's save must not fail on the search's vector
        # The item is still found by its words; `update_index` computes the vector later.
        logger.exception("Could not store the meaning vector of %s %s", kind.name, instance.pk)


def _item_deleted(sender, instance, **kwargs):
    kind = item_kinds.for_model(sender)
    if kind is None:
        return
    catalogue.invalidate()
    semantic.forget(kind.name, instance.pk)


def connect():
    # Every save and delete, looked up in the registry of item kinds when it happens: a kind
    # registered later is kept current too, and no kind can be left out by accident.
    post_save.connect(_item_saved, dispatch_uid="search-item-saved")
    post_delete.connect(_item_deleted, dispatch_uid="search-item-deleted")
    if apps.is_installed("portal.editorial"):
        post_save.connect(
            _invalidate_catalogue,
            sender=apps.get_model(VERIFICATION_MODEL),
            dispatch_uid="search-cat-verification",
        )
    for model in (Theme, TargetGroup, District, Locale):
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"search-vocab-{model.__name__}")
        post_delete.connect(
            _invalidate, sender=model, dispatch_uid=f"search-vocab-del-{model.__name__}"
        )
