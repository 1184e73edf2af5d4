"""Keep the search vocabulary and cached lookups current."""

from django.db.models.signals import post_delete, post_save


def _invalidate(**kwargs):
    from .engine import forget_cached_lookups
    from .vocabulary import invalidate

    invalidate()
    forget_cached_lookups()


def connect():
    from wagtail.models import Locale

    from directory.models import TargetGroup, Theme
    from locations.models import District

    for model in (Theme, TargetGroup, District, Locale):
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"search-vocab-{model.__name__}")
        post_delete.connect(
            _invalidate, sender=model, dispatch_uid=f"search-vocab-del-{model.__name__}"
        )
