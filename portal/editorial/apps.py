from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "portal.editorial"
    label = "editorial"
    verbose_name = "Redactie"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save

        from portal.core import review

        from . import long_overdue
        from .models import ReviewSettings
        from .permissions import grant_editorial_permissions

        post_migrate.connect(grant_editorial_permissions, dispatch_uid="editorial-permissions")
        review.set_long_overdue_cutoff_source(long_overdue.long_overdue_cutoff)
        post_save.connect(
            long_overdue.forget_long_overdue_months,
            sender=ReviewSettings,
            dispatch_uid="editorial-long-overdue-months",
        )
