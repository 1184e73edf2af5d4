from django.apps import AppConfig


class LocalizationConfig(AppConfig):
    name = "portal.localization"
    label = "localization"
    verbose_name = "Talen en vertalingen"

    def ready(self):
        from . import receivers

        receivers.connect()
