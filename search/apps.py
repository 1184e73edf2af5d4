from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Zoeken"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals
        from .backends import postings

        post_migrate.connect(postings.ensure_current, sender=self, dispatch_uid="search-postings")

        signals.connect()
