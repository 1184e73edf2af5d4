"""Admin report: what residents searched, and which searches found nothing."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Max, Min, Sum
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from portal.core.localized import site_language_choices

from .models import SearchQueryLog

PERIODS = [("7", "Laatste 7 dagen"), ("30", "Laatste 30 dagen"), ("365", "Laatste jaar")]


class SearchTermsFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label="Periode", choices=PERIODS, method="filter_period", empty_label="Laatste 30 dagen"
    )
    zero_results = django_filters.BooleanFilter(
        label="Alleen zoekopdrachten zonder resultaat", method="filter_zero"
    )
    low_score = django_filters.BooleanFilter(
        label="Alleen zoekopdrachten met een zwakke beste treffer", method="filter_low_score"
    )
    language = django_filters.ChoiceFilter(label="Taal", choices=site_language_choices)

    class Meta:
        model = SearchQueryLog
        fields = ["language"]

    def filter_period(self, queryset, name, value):
        return queryset  # applied in the view, which also uses the default period

    def filter_zero(self, queryset, name, value):
        return queryset.filter(zero_results__gt=0) if value else queryset

    def filter_low_score(self, queryset, name, value):
        # Results, but the best one matched weakly: probably not what the resident meant.
        return queryset.filter(low_score__gt=0) if value else queryset


class SearchTermsReportView(ReportView):
    page_title = "Zoekopdrachten van inwoners"
    header_icon = "search"
    index_url_name = "search_terms_report"
    index_results_url_name = "search_terms_report_results"
    filterset_class = SearchTermsFilterSet
    permission_policy = None
    columns = [
        Column("query", label="Zoekopdracht"),
        Column("language", label="Taal"),
        Column("total_searches", label="Aantal keer gezocht"),
        Column("total_zero", label="Keer zonder resultaat"),
        Column("total_low", label="Keer met zwakke beste treffer"),
        Column("lowest_top_score", label="Laagste beste score"),
        Column("last_result_count", label="Resultaten (laatste keer)"),
        Column("last_date", label="Laatst gezocht"),
    ]
    list_export = [
        "query",
        "language",
        "total_searches",
        "total_zero",
        "total_low",
        "lowest_top_score",
        "last_date",
    ]
    export_headings = {
        "query": "Zoekopdracht",
        "language": "Taal",
        "total_searches": "Aantal keer gezocht",
        "total_zero": "Keer zonder resultaat",
        "total_low": "Keer met zwakke beste treffer",
        "lowest_top_score": "Laagste beste score",
        "last_date": "Laatst gezocht",
    }

    def get_filename(self):
        return f"zoekopdrachten-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        days = int(self.request.GET.get("period") or 30) if self._valid_period() else 30
        since = timezone.localdate() - datetime.timedelta(days=days)
        return SearchQueryLog.objects.filter(date__gte=since)

    def _valid_period(self) -> bool:
        return self.request.GET.get("period", "") in {"", *dict(PERIODS)}

    def get_filtered_queryset(self):
        rows = self.filter_queryset(self.get_queryset())
        return (
            rows.values("query", "language")
            .annotate(
                total_searches=Sum("searches"),
                total_zero=Sum("zero_results"),
                total_low=Sum("low_score"),
                lowest_top_score=Min("last_top_score"),
                last_date=Max("date"),
                last_result_count=Max("last_result_count"),
            )
            .order_by("-total_searches", "query")
        )
