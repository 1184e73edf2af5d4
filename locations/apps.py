from django.apps import AppConfig


class LocationsConfig(AppConfig):
    name = "locations"
    verbose_name = "Locaties"

    def ready(self):
        from portal.core.page_contexts import page_contexts

        from .page_context import location_detail_context, location_index_context

        page_contexts.register(
            "locations.LocationIndexPage",
            index=location_index_context,
            detail=location_detail_context,
        )
