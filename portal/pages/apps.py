from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "portal.pages"
    label = "pages"
    verbose_name = "Algemene pagina's"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal import routing  # noqa: F401  (connects cache invalidation signals)
        from portal.groups import ensure_groups_and_workflow
        from portal.site_cache import connect as connect_site_cache

        connect_site_cache()

        post_migrate.connect(ensure_groups_and_workflow, dispatch_uid="portal-groups")
