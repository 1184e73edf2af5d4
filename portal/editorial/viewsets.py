"""The "Redactie" admin menu: reports inbox, what needs checking, spreadsheet upload."""

from __future__ import annotations

from django.urls import path
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal.core.item_views import AdminDateColumn

from .admin_views import DueItemsReportView, can_review
from .inbox import (
    AnswerReportView,
    ReportDeleteView,
    ReportEditView,
    ReportHistoryView,
    ReportIndexView,
)
from .models import ResidentReport, Responsibility
from .spreadsheet_views import SpreadsheetView, download_allowed, download_xlsx, download_zip


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review(request.user)


class DueItemsViewSet(ViewSet):
    name = "editorial_due"
    url_prefix = "redactie/te-controleren"
    icon = "time"
    menu_label = "Te controleren"
    menu_item_class = ReviewMenuItem

    def get_urlpatterns(self):
        view = DueItemsReportView.as_view()
        results = DueItemsReportView.as_view(results_only=True)
        return [path("", view, name="index"), path("results/", results, name="index_results")]


class SpreadsheetMenuItem(MenuItem):
    def is_shown(self, request):
        return download_allowed(request.user)


class SpreadsheetViewSet(ViewSet):
    name = "editorial_spreadsheet"
    url_prefix = "redactie/spreadsheet"
    icon = "table"
    menu_label = "Spreadsheet"
    menu_item_class = SpreadsheetMenuItem

    def get_urlpatterns(self):
        return [
            path("", SpreadsheetView.as_view(), name="index"),
            path("sociale-kaart.zip", download_zip, name="download_zip"),
            path("sociale-kaart.xlsx", download_xlsx, name="download_xlsx"),
        ]


class ReportItemPanel(Panel):
    """Shows what the report is about, with links to the public page and the editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "editorial/panels/report_item.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["report"] = self.instance
            return context


class ResidentReportViewSet(ModelViewSet):
    model = ResidentReport
    name = "meldingen"
    index_view_class = ReportIndexView
    edit_view_class = ReportEditView
    delete_view_class = ReportDeleteView
    history_view_class = ReportHistoryView
    url_prefix = "redactie/meldingen"
    icon = "mail"
    menu_label = "Meldingen van inwoners"
    list_display = [
        "__str__",
        "status",
        "assignee",
        AdminDateColumn("created_at", label="Ontvangen", sort_key="created_at"),
    ]
    list_filter = ["status", "problem", "assignee", "created_at"]
    search_fields = ["item_title", "message", "internal_notes"]
    list_export = [
        "item_title",
        "problem",
        "message",
        "status",
        "assignee",
        "created_at",
        "closed_at",
        "item_url",
    ]
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = False
    panels = [
        ReportItemPanel(heading="Melding"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("assignee"), FieldPanel("internal_notes")],
            heading="Behandeling",
        ),
    ]

    def get_common_view_kwargs(self, **kwargs):
        # Reports come from residents only: the inbox offers no "add" button.
        return super().get_common_view_kwargs(**{"add_url_name": None, **kwargs})

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name != "add"] + [
            path("<int:pk>/beantwoorden/", AnswerReportView.as_view(), name="answer")
        ]


class ResponsibilityViewSet(ModelViewSet):
    model = Responsibility
    name = "verantwoordelijken"
    url_prefix = "redactie/verantwoordelijken"
    icon = "user"
    menu_label = "Verantwoordelijken"
    list_display = ["organisation", "user", "group"]
    list_filter = ["group"]
    form_fields = ["organisation", "user", "group"]
    copy_view_enabled = False


class EditorialGroup(ViewSetGroup):
    menu_label = "Redactie"
    menu_icon = "clipboard-list"
    menu_order = 140
    items = (ResidentReportViewSet, DueItemsViewSet, SpreadsheetViewSet, ResponsibilityViewSet)
