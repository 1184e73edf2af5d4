from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "portal.pages"
    label = "pages"
    verbose_name = "Algemene pagina's"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal.groups import ensure_groups_and_workflow

        post_migrate.connect(ensure_groups_and_workflow, dispatch_uid="portal-groups")
