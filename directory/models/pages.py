"""The index pages that list themes, organisations and services and serve each item."""

from __future__ import annotations

from django.http import Http404

from portal.core.localized import active_language, localized
from portal.core.pagination import paginate
from portal.core.routing import RoutableIndexPage

from .organisations import Organisation
from .services import Service
from .themes import Theme

INDEX_PAGE_SIZE = 24


class ThemeIndexPage(RoutableIndexPage):
    item_model_path = "directory.Theme"
    detail_template = "pages/theme_detail.html"
    template = "pages/theme_index_page.html"

    class Meta:
        verbose_name = "overzicht thema's"

    def get_items(self):
        return Theme.objects.filter(parent=None).for_language(active_language())

    def get_item(self, slug):
        theme = Theme.objects.for_language(active_language()).filter(slug=slug).first()
        if theme is None:
            raise Http404("Niet gevonden")
        return theme


class OrganisationIndexPage(RoutableIndexPage):
    item_model_path = "directory.Organisation"
    detail_template = "pages/organisation_detail.html"
    template = "pages/organisation_index_page.html"

    class Meta:
        verbose_name = "overzicht organisaties"

    def get_items(self):
        return localized(Organisation).select_related("locale").order_by("name", "pk")

    def get_index_context(self, request) -> dict:
        pager = paginate(request, self.get_items(), INDEX_PAGE_SIZE, anchor="lijst")
        return {"pager": pager, "items": pager.items}


class ServiceIndexPage(RoutableIndexPage):
    item_model_path = "directory.Service"
    item_select_related = ("locale", "organisation")
    detail_template = "pages/service_detail.html"
    template = "pages/service_index_page.html"

    class Meta:
        verbose_name = "overzicht aanbod"

    def get_items(self):
        return localized(Service).select_related("organisation", "locale").order_by("name", "pk")

    def get_index_context(self, request) -> dict:
        pager = paginate(request, self.get_items(), INDEX_PAGE_SIZE, anchor="lijst")
        return {"pager": pager, "items": pager.items}
