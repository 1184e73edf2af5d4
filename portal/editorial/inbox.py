"""The residents' reports inbox: each group sees its own reports, and can answer them.

Scoping: ``reports.visible_reports`` (the same routing as the e-mail to the editors). Every
view that lists or opens a report goes through it, so an editor of the other group gets a
404 for a report's address, not the reporter's e-mail address.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import DeleteView, EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView

from .exports import FormulaSafeIndexView
from .reports import AnswerNotSent, answer_report, visible_reports

INBOX_URL_NAMESPACE = "meldingen"


class ScopedReportObjectMixin:
    def get_object(self, *args, **kwargs):
        report = super().get_object(*args, **kwargs)
        if not visible_reports(self.request.user).filter(pk=report.pk).exists():
            raise Http404
        return report


class ReportIndexView(FormulaSafeIndexView):  # residents' text must not become a formula
    def get_base_queryset(self):
        return visible_reports(self.request.user, super().get_base_queryset())


class ReportEditView(ScopedReportObjectMixin, EditView):
    pass


class ReportDeleteView(ScopedReportObjectMixin, DeleteView):
    pass


class ReportHistoryView(ScopedReportObjectMixin, HistoryView):
    pass


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Je antwoord aan de melder",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "De melder krijgt dit per e-mail (in de u-vorm, zoals op de website). Schrijf kort "
            "wat je hebt gedaan, bijvoorbeeld: 'Het telefoonnummer is aangepast.'"
        ),
    )


class AnswerReportView(WagtailAdminTemplateMixin, FormView):
    """ "Beantwoorden en sluiten": e-mail the reporter, close the report, log it."""

    template_name = "editorial/answer_report.html"
    form_class = AnswerForm
    page_title = "Beantwoorden en sluiten"
    header_icon = "mail"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.report = get_object_or_404(visible_reports(request.user), pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("editorial.change_residentreport"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def edit_url(self) -> str:
        return reverse(f"{INBOX_URL_NAMESPACE}:edit", args=[self.report.pk])

    def get_page_subtitle(self):
        return str(self.report)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{INBOX_URL_NAMESPACE}:index"), "label": "Meldingen van inwoners"},
            {"url": self.edit_url, "label": str(self.report)},
            {"url": "", "label": "Beantwoorden en sluiten"},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, edit_url=self.edit_url, **kwargs)

    def form_valid(self, form):
        try:
            answer_report(self.report, self.request.user, form.cleaned_data["answer"])
        except AnswerNotSent as problem:
            form.add_error(None, f"{problem} Er is niets veranderd; probeer het later opnieuw.")
            return self.form_invalid(form)
        messages.success(
            self.request, "Je antwoord is naar de melder gestuurd en de melding is gesloten."
        )
        return redirect(self.edit_url)
