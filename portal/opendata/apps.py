from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    """Open data: the social map as an Open Referral HSDS 3.0 API and data package.

    A feature: it reads the domain through its models and ``portal.core.kinds``; no domain
    app imports it.
    """

    name = "portal.opendata"
    label = "opendata"
    verbose_name = "Open data"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from . import identifiers

        for model in identifiers.stored_models():
            post_delete.connect(
                identifiers.retire,
                sender=model,
                dispatch_uid=f"opendata-retire-{model._meta.label_lower}",
            )
