"""Admin screens: the "Gecontroleerd" action and the report of what needs checking."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property, classproperty
from django.utils.http import urlencode
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import Button, ListingButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from directory.models import Organisation
from locations.models import District
from portal.core.content import effective_last_verified

from .exports import FormulaSafeCSVExportMixin
from .freshness import Freshness
from .models import verifiable_kind, verifiable_kinds
from .services import (
    due_items,
    item_freshness,
    kind_label,
    policy_for,
    record_verification,
    verifiable_models,
    verifications_for,
)


def can_verify(user, model) -> bool:
    meta = model._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def can_review(user) -> bool:
    """May check at least one kind of item (the review list, its menu item, downloads)."""
    return any(can_verify(user, kind.model) for kind in verifiable_kinds())


def verify_url(instance, next_url: str | None = None) -> str:
    meta = instance._meta
    url = reverse("editorial_verify", args=[meta.app_label, meta.model_name, instance.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def verified_button(instance, next_url: str | None = None) -> Button:
    return Button(
        "Gecontroleerd…",
        url=verify_url(instance, next_url),
        icon_name="success",
        priority=15,
        attrs={"aria-label": f"'{instance}' markeren als gecontroleerd"},
    )


class VerificationForm(forms.Form):
    note = forms.CharField(
        label="Opmerking (niet verplicht)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: 'Gebeld met de balie, alles klopt.'",
    )


class VerifyView(WagtailAdminTemplateMixin, FormView):
    """Confirm that an item was checked; shows the history of earlier checks."""

    template_name = "editorial/verify.html"
    form_class = VerificationForm
    header_icon = "success"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        label = f"{kwargs['app_label']}.{kwargs['model_name']}"
        kind = verifiable_kind(label)
        if kind is None:
            raise Http404
        self.model = kind.model
        self.object = get_object_or_404(self.model, pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not can_verify(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return "Gecontroleerd"

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def edit_url(self):
        meta = self.model._meta
        return reverse(
            f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[self.object.pk]
        )

    def get_breadcrumbs_items(self):
        meta = self.model._meta
        return self.breadcrumbs_items + [
            {
                "url": reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list"),
                "label": str(meta.verbose_name_plural).capitalize(),
            },
            {"url": self.edit_url, "label": str(self.object)},
            {"url": "", "label": "Gecontroleerd"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = policy_for(self.object)
        context.update(
            object=self.object,
            verbose_name=self.model._meta.verbose_name,
            freshness=item_freshness(self.object),
            due_on=policy.due_date(effective_last_verified(self.object)),
            effective_last_verified=effective_last_verified(self.object),
            review_months=policy.review_months,
            history=verifications_for(self.object)[:50],
            edit_url=self.edit_url,
            next_url=get_valid_next_url_from_request(self.request),
        )
        return context

    def form_valid(self, form):
        record_verification(self.object, self.request.user, form.cleaned_data["note"])
        messages.success(
            self.request,
            f"'{self.object}' is gemarkeerd als gecontroleerd. De inhoud is niet gewijzigd.",
        )
        return redirect(get_valid_next_url_from_request(self.request) or self.edit_url)


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.name, kind_label(kind.name)) for kind in verifiable_kinds()]


STATE_CHOICES = [
    (state.value, state.label)
    for state in (Freshness.NEVER, Freshness.LONG_OVERDUE, Freshness.OVERDUE, Freshness.DUE_SOON)
]


class DueItemFilterSet(WagtailFilterSet):
    """Filters a list of ``DueItem`` rows (the report spans three models)."""

    kind = django_filters.ChoiceFilter(label="Soort", choices=kind_choices, empty_label="Alle")
    state = django_filters.ChoiceFilter(label="Stand", choices=STATE_CHOICES, empty_label="Alle")
    organisation = django_filters.ModelChoiceFilter(
        label="Organisatie",
        queryset=lambda request: Organisation.objects.filter(locale__language_code="nl"),
        empty_label="Alle",
    )
    district = django_filters.ModelChoiceFilter(
        label="Stadsdeel", queryset=District.objects.all(), empty_label="Alle"
    )

    def filter_queryset(self, rows):
        data = self.form.cleaned_data
        if data.get("kind"):
            rows = [row for row in rows if row.kind == data["kind"]]
        if data.get("state"):
            rows = [row for row in rows if row.state.value == data["state"]]
        if data.get("organisation"):
            rows = [row for row in rows if row.organisation == data["organisation"]]
        if data.get("district"):
            rows = [row for row in rows if data["district"] in row.districts]
        return rows


class DueItemTitleColumn(ButtonsColumnMixin, TitleColumn):
    """The item's name with its "Gecontroleerd…" action, which returns to the report."""

    def get_buttons(self, row, parent_context):
        request = parent_context["request"]
        if not can_verify(request.user, type(row.item)):
            return []
        return [
            ListingButton(
                "Gecontroleerd…",
                url=verify_url(row.item, next_url=request.get_full_path()),
                classname="button-secondary",
                attrs={"aria-label": f"'{row.item}' markeren als gecontroleerd"},
            )
        ]


class DueItemsReportView(FormulaSafeCSVExportMixin, ReportView):
    """Everything overdue or due within the 'due soon' window, most urgent first."""

    page_title = "Te controleren"
    header_icon = "time"
    index_url_name = "editorial_due:index"
    index_results_url_name = "editorial_due:index_results"
    filterset_class = DueItemFilterSet
    export_filename = "te-controleren"
    verbose_name_plural = "items om te controleren"
    columns = [
        DueItemTitleColumn("title", label="Naam", get_url=lambda row: row.admin_url),
        Column("kind_label", label="Soort"),
        Column("organisation_name", label="Organisatie"),
        Column("districts_label", label="Stadsdeel"),
        Column("state_label", label="Stand"),
        Column("last_verified_display", label="Laatst gecontroleerd"),
        Column("due_on_display", label="Controleren vóór"),
    ]
    list_export = [
        "title",
        "kind_label",
        "organisation_name",
        "districts_label",
        "state_label",
        "last_verified",
        "last_verified_by_name",
        "due_on",
    ]
    export_headings = {
        "title": "Naam",
        "kind_label": "Soort",
        "organisation_name": "Organisatie",
        "districts_label": "Stadsdeel",
        "state_label": "Stand",
        "last_verified": "Laatst gecontroleerd",
        "last_verified_by_name": "Gecontroleerd door",
        "due_on": "Controleren vóór",
    }

    def dispatch(self, request, *args, **kwargs):
        if not any(can_verify(request.user, model) for model in verifiable_models()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        # Rows are plain objects, not a queryset: give the filterset something to hold.
        return {**super().get_filterset_kwargs(), "queryset": Organisation.objects.none()}

    def get_queryset(self):
        return self.filter_queryset(due_items())

    def get_filtered_queryset(self):
        return self.get_queryset()


class VerifyBulkAction(SnippetBulkAction):
    """ "Gecontroleerd" for several selected organisations, services or locations at once."""

    display_name = "Gecontroleerd"
    action_type = "verify"
    aria_label = "Geselecteerde items markeren als gecontroleerd"
    template_name = "editorial/bulk/confirm_verify.html"
    action_priority = 20

    @classproperty
    def models(cls):
        return verifiable_models()

    def check_perm(self, obj):
        return can_verify(self.request.user, type(obj))

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for obj in objects:
            record_verification(obj, user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        if num_parent_objects == 1:
            return "1 item is gemarkeerd als gecontroleerd. De inhoud is niet gewijzigd."
        return (
            f"{num_parent_objects} items zijn gemarkeerd als gecontroleerd. "
            "De inhoud is niet gewijzigd."
        )
