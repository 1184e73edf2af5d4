from __future__ import annotations

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter
from wagtail.snippets.action_menu import ActionMenuItem

from .admin_views import (
    VerifyBulkAction,
    VerifyView,
    can_review,
    can_verify,
    verified_button,
    verify_url,
)
from .freshness import Freshness
from .models import ResidentReport
from .reports import ANSWER_ACTION, unreachable_reports, visible_reports
from .services import VERIFY_ACTION, due_items, is_verifiable, review_settings
from .viewsets import EditorialGroup, ResidentReportViewSet


@hooks.register("register_admin_viewset")
def register_editorial_viewsets():
    return EditorialGroup()


@hooks.register("insert_global_admin_css")
def editorial_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("editorial/admin.css"))


@hooks.register("register_admin_urls")
def register_verify_url():
    return [
        path(
            "redactie/gecontroleerd/<str:app_label>/<str:model_name>/<int:pk>/",
            VerifyView.as_view(),
            name="editorial_verify",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def verified_listing_button(snippet, user, next_url=None):
    if is_verifiable(snippet) and can_verify(user, type(snippet)):
        yield verified_button(snippet, next_url)


class VerifiedMenuItem(ActionMenuItem):
    label = "Gecontroleerd…"
    name = "action-verified"
    icon_name = "success"
    order = 90

    def is_shown(self, context):
        return context["view"] == "edit" and can_verify(context["request"].user, context["model"])

    def get_url(self, parent_context):
        return verify_url(parent_context["instance"])


hooks.register("register_bulk_action", VerifyBulkAction)


@hooks.register("register_snippet_action_menu_item")
def register_verified_menu_item(model):
    if is_verifiable(model):
        return VerifiedMenuItem()
    return None


@hooks.register("register_log_actions")
def register_verify_log_action(actions):
    @actions.register_action(VERIFY_ACTION)
    class VerifiedFormatter(LogFormatter):
        label = "Gecontroleerd"

        def format_message(self, log_entry):
            return "Gecontroleerd: de gegevens kloppen nog (inhoud niet gewijzigd)"

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("note", "")

    @actions.register_action(ANSWER_ACTION)
    class AnsweredFormatter(LogFormatter):
        label = "Beantwoord en gesloten"

        def format_message(self, log_entry):
            return "Antwoord per e-mail naar de melder gestuurd; melding gesloten"

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("answer", "")


class DueItemsPanel(Component):
    name = "editorial_due"
    order = 50
    template_name = "editorial/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        settings = review_settings()
        rows = due_items(timezone.localdate(), settings=settings)
        counts = {
            "long_overdue": sum(r.state == Freshness.LONG_OVERDUE for r in rows),
            "overdue": sum(r.state == Freshness.OVERDUE for r in rows),
            "never": sum(r.state == Freshness.NEVER for r in rows),
            "due_soon": sum(r.state == Freshness.DUE_SOON for r in rows),
            "new_reports": visible_reports(self.request.user)
            .filter(status=ResidentReport.Status.NEW)
            .count(),
        }
        user = self.request.user
        reports_url = (
            reverse(f"{ResidentReportViewSet.name}:index")
            if user.has_perm("editorial.change_residentreport")
            else None
        )
        return {
            "counts": counts,
            "due_soon_days": settings.due_soon_days,
            "reports_url": reports_url,
        }


@hooks.register("construct_homepage_panels")
def add_due_items_panel(request, panels):
    if can_review(request.user):
        panels.append(DueItemsPanel(request))


class ReportsUnreachablePanel(Component):
    """A warning at the top of the dashboard while residents' reports reach no one."""

    name = "editorial_reports_unreachable"
    order = 10
    template_name = "editorial/reports_unreachable_panel.html"

    def __init__(self, request, problems):
        self.request = request
        self.problems = problems

    def get_context_data(self, parent_context=None):
        user = self.request.user
        return {
            "problems": self.problems,
            "users_url": reverse("wagtailusers_users:index")
            if user.has_perm("auth.change_user")
            else None,
            "settings_url": reverse("wagtailsettings:edit", args=["editorial", "reviewsettings"])
            if user.has_perm("editorial.change_reviewsettings")
            else None,
        }


@hooks.register("construct_homepage_panels")
def add_reports_unreachable_panel(request, panels):
    if not (can_review(request.user) or request.user.has_perm("editorial.change_residentreport")):
        return
    problems = unreachable_reports()
    if problems:
        panels.append(ReportsUnreachablePanel(request, problems))
