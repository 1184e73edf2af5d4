from django.urls import path

from .views import report_thanks_view, report_view

urlpatterns = [
    path("melding/<int:content_type_id>/<int:object_id>/", report_view, name="editorial_report"),
    path(
        "melding/<int:content_type_id>/<int:object_id>/bedankt/",
        report_thanks_view,
        name="editorial_report_thanks",
    ),
]
