from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import TranslationReportView, translatable_models_for


class TranslationReportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(translatable_models_for(request.user))


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return TranslationReportMenuItem(
        "Vertalingen", reverse("localization_report"), icon_name="globe", order=900
    )


@hooks.register("register_admin_urls")
def register_translation_report_urls():
    view = TranslationReportView.as_view()
    results = TranslationReportView.as_view(results_only=True)
    return [
        path("vertalingen/", view, name="localization_report"),
        path("vertalingen/resultaten/", results, name="localization_report_results"),
    ]
