from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "portal.editorial"
    label = "editorial"
    verbose_name = "Redactie"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .permissions import grant_editorial_permissions

        post_migrate.connect(grant_editorial_permissions, dispatch_uid="editorial-permissions")
