from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self):
        from . import invalidation
        from .kinds import item_kinds

        # Models are found through the app registry, not by importing every app.
        item_kinds.collect()
        invalidation.connect()
