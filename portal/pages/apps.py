from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "portal.pages"
    label = "pages"
    verbose_name = "Algemene pagina's"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal.core.page_contexts import page_contexts
        from portal.groups import ensure_groups_and_workflow

        from . import directory_pages

        # The directory's pages show items of every domain app: built in this layer.
        page_contexts.register(
            "directory.ThemeIndexPage", detail=directory_pages.theme_detail_context
        )
        page_contexts.register(
            "directory.OrganisationIndexPage", detail=directory_pages.organisation_detail_context
        )
        page_contexts.register(
            "directory.ServiceIndexPage", detail=directory_pages.service_detail_context
        )
        post_migrate.connect(ensure_groups_and_workflow, dispatch_uid="portal-groups")
