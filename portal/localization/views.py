"""Admin report "Vertalingen": per language the items without a translation and the
translations whose Dutch text changed since (``status``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from .content import translatable_item_kinds
from .languages import other_languages, site_languages
from .status import STATE_LABELS, translation_states


def translatable_models_for(user) -> list:
    """The kinds of item this user may change (and so translate)."""
    return [
        kind.model
        for kind in translatable_item_kinds()
        if user.has_perm(f"{kind.model._meta.app_label}.change_{kind.model._meta.model_name}")
    ]


class TranslationReportView(ReportView):
    page_title = "Vertalingen"
    header_icon = "globe"
    index_url_name = "localization_report"
    index_results_url_name = "localization_report_results"
    template_name = "localization/translation_report.html"
    export_filename = "vertalingen"
    verbose_name_plural = "vertalingen"
    paginate_by = 100
    columns = [
        TitleColumn("title", label="Naam", get_url=lambda row: row.admin_url),
        Column("language_name", label="Taal"),
        Column("kind_label", label="Soort"),
        Column("state_label", label="Stand"),
        Column("source_changed_at", label="Nederlandse tekst gepubliceerd"),
    ]
    list_export = ["title", "language", "kind_label", "state_label", "source_changed_at"]
    export_headings = {
        "title": "Naam",
        "language": "Taal",
        "kind_label": "Soort",
        "state_label": "Stand",
        "source_changed_at": "Nederlandse tekst gepubliceerd",
    }

    def dispatch(self, request, *args, **kwargs):
        self.models = translatable_models_for(request.user)
        if not self.models:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def chosen(self, name: str, allowed) -> str:
        value = self.request.GET.get(name, "")
        return value if value in allowed else ""

    def get_queryset(self):
        language = self.chosen("taal", other_languages())
        state = self.chosen("stand", STATE_LABELS)
        rows = translation_states(self.models, [language] if language else None)
        if state:
            rows = [row for row in rows if row.state == state]
        finder = AdminURLFinder(self.request.user)
        for row in rows:
            row.admin_url = finder.get_edit_url(row.item)
        return rows

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.object_list
        context.update(
            languages=[lang for lang in site_languages() if not lang.is_default],
            states=STATE_LABELS,
            chosen_language=self.chosen("taal", other_languages()),
            chosen_state=self.chosen("stand", STATE_LABELS),
            total=len(rows),
        )
        return context
