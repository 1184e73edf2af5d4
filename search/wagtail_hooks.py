from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import SearchTermsReportView


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path(
            "reports/zoekopdrachten/",
            SearchTermsReportView.as_view(),
            name="search_terms_report",
        ),
        path(
            "reports/zoekopdrachten/results/",
            SearchTermsReportView.as_view(results_only=True),
            name="search_terms_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        "Zoekopdrachten",
        reverse("search_terms_report"),
        name="search-terms",
        icon_name="search",
        order=900,
    )
