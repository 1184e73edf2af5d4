"""Keep the search vocabulary and cached lookups current."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)


def _invalidate(**kwargs):
    from . import catalogue
    from .engine import forget_cached_lookups
    from .vocabulary import invalidate

    invalidate()
    catalogue.invalidate()
    forget_cached_lookups()


def _invalidate_catalogue(**kwargs):
    from . import catalogue

    catalogue.invalidate()


def _embed_item(sender, instance, raw=False, **kwargs):
    """Store the item's meaning vector when its text changed (``search.semantic``)."""
    from . import semantic

    if raw:  # loaddata: the rows are not complete yet
        return
    kind = semantic.KIND_BY_MODEL.get(sender._meta.label)
    if not kind:
        return
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the save intact
            semantic.sync(kind, [instance.pk])
    except Exception:  # noqa: BLE001 - an editor's save must not fail on the search's vector
        # The item is still found by its words; `update_index` computes the vector later.
        logger.exception("Could not store the meaning vector of %s %s", kind, instance.pk)


def _forget_item_vector(sender, instance, **kwargs):
    from . import semantic

    kind = semantic.KIND_BY_MODEL.get(sender._meta.label)
    if kind:
        semantic.forget(kind, instance.pk)


def _forget_review_settings(**kwargs):
    from django.core.cache import cache

    from .engine import LONG_OVERDUE_CACHE_KEY

    cache.delete(LONG_OVERDUE_CACHE_KEY)


def connect():
    from wagtail.models import Locale

    from directory.models import Organisation, Service, TargetGroup, Theme
    from faq.models import FAQAnswer
    from locations.models import District, Location
    from portal.editorial.models import ReviewSettings, Verification

    post_save.connect(
        _forget_review_settings, sender=ReviewSettings, dispatch_uid="search-review-settings"
    )
    # "Gecontroleerd" writes last_verified with queryset.update (no item signal); the
    # Verification row it stores tells the catalogue its check dates changed.
    post_save.connect(
        _invalidate_catalogue, sender=Verification, dispatch_uid="search-cat-verification"
    )

    # Item saves change themes, districts and target groups (the catalogue's maps) and the
    # titles, states and keywords of its records.
    for model in (Organisation, Service, Location, FAQAnswer):
        post_save.connect(
            _invalidate_catalogue, sender=model, dispatch_uid=f"search-cat-{model.__name__}"
        )
        post_delete.connect(
            _invalidate_catalogue, sender=model, dispatch_uid=f"search-cat-del-{model.__name__}"
        )
        post_save.connect(_embed_item, sender=model, dispatch_uid=f"search-vec-{model.__name__}")
        post_delete.connect(
            _forget_item_vector, sender=model, dispatch_uid=f"search-vec-del-{model.__name__}"
        )

    for model in (Theme, TargetGroup, District, Locale):
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"search-vocab-{model.__name__}")
        post_delete.connect(
            _invalidate, sender=model, dispatch_uid=f"search-vocab-del-{model.__name__}"
        )
