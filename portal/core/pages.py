"""The abstract page every public page type builds on."""

from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from portal.core.site_cache import any_view_restrictions, child_page


class BasePage(Page):
    """Fields and behaviour every public page shares."""

    introduction = models.TextField(
        "inleiding", blank=True, help_text="Eén of twee zinnen in eenvoudige taal (B1)."
    )

    search_fields = Page.search_fields + [index.SearchField("introduction")]
    content_panels = Page.content_panels + [FieldPanel("introduction")]

    class Meta:
        abstract = True

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        subpage = child_page(self, path_components[0])
        if subpage is None:
            raise Http404
        subpage._cached_parent_obj = self  # as Wagtail's route: get_parent() needs no query
        return subpage.route(request, path_components[1:])

    def get_view_restrictions(self):
        # Wagtail asks on every request (two queries); most sites never restrict a page.
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
