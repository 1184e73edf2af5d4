from django.apps import AppConfig


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
