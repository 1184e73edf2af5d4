from django.apps import AppConfig
from django.db import transaction


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Zoeken"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal.core.content import register_compound_splitter
        from portal.core.routing import register_translation_lookup

        from . import catalogue, signals
        from .backends import postings
        from .indexing import compound_parts_of

        # The kernel's items and routing ask the search for what only it keeps.
        register_compound_splitter(compound_parts_of)
        register_translation_lookup(catalogue.get_catalogue)

        post_migrate.connect(postings.ensure_current, sender=self, dispatch_uid="search-postings")

        signals.connect()

        from portal.core.exchange.signals import items_imported

        items_imported.connect(after_spreadsheet_import, dispatch_uid="search-spreadsheet-import")


def forget_import_caches():
    """The vocabulary (and the lookups cached from it) is derived from all published text."""
    # apps.py is imported before the models are loaded: search's modules only at call time.
    from .engine import forget_cached_lookups  # noqa: PLC0415 - models not loaded at import
    from .vocabulary import invalidate  # noqa: PLC0415 - models not loaded at import

    invalidate()
    forget_cached_lookups()


def after_spreadsheet_import(sender, changed, **kwargs):
    """Before the import writes the search index: fresh vocabulary, vectors of what changed."""
    from . import semantic  # noqa: PLC0415 - models not loaded when apps.py is imported

    # Rebuilt from the new rows now, and dropped once more after commit so that other
    # processes drop their copies too.
    forget_import_caches()
    transaction.on_commit(forget_import_caches)
    # The meaning vectors of what changed (bulk writes send no save signals).
    semantic.sync_changed(changed)
