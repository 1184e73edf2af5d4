"""Public URLs for snippets: one routable index page per kind of item.

``/organisaties/<slug>/`` is served by ``OrganisationIndexPage``, which editors can move or
translate like any page. Items find their index page through ``index_page_for``, which is
cached because list pages ask for it once per item.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale, Page
from wagtail.signals import page_published, page_unpublished

from portal.cache_versions import bump_version, current_version
from portal.pages.models import BasePage

CACHE_VERSION_KEY = "routing:index-pages:version"


def _cache_key(model_path: str, locale_id: int) -> str:
    return f"routing:index-page:{current_version(CACHE_VERSION_KEY)}:{model_path}:{locale_id}"


def index_page_for(model_path: str, locale_id: int):
    """The live index page of ``model_path`` ("app.Model") in a locale, or in the default one."""
    key = _cache_key(model_path, locale_id)
    page_id = cache.get(key)
    model = apps.get_model(model_path)
    if page_id is None:
        pages = model.objects.live()
        page = (
            pages.filter(locale_id=locale_id).first()
            or pages.filter(locale=Locale.get_default()).first()
        )
        page_id = page.pk if page else 0
        cache.set(key, page_id, 300)
    if not page_id:
        return None
    return model.objects.filter(pk=page_id).first()


def item_slug_in(item, language: str) -> str | None:
    """The slug that serves ``item`` on the ``language`` site: its live version's in that
    language (translators may translate slugs), else its live Dutch version's (every other
    language shows untranslated Dutch items); None when it has no version for that site."""
    from search.catalogue import KIND_BY_MODEL, get_catalogue

    kind = KIND_BY_MODEL.get(item._meta.label)
    if kind is None:  # not translatable (themes): one slug on both sites
        return item.slug
    catalogue = get_catalogue()
    translated = catalogue.live_translation(kind, item.pk, language)
    if translated is not None:
        return translated.slug
    if item.locale_id == catalogue.locale_ids.get(settings.LANGUAGE_CODE):
        return item.slug
    dutch = catalogue.live_translation(kind, item.pk, settings.LANGUAGE_CODE)
    return dutch.slug if dutch is not None else None


def invalidate_index_pages(**kwargs):
    bump_version(CACHE_VERSION_KEY)


page_published.connect(invalidate_index_pages)
page_unpublished.connect(invalidate_index_pages)
post_save.connect(invalidate_index_pages, sender=Page)
post_delete.connect(invalidate_index_pages, sender=Page)


class RoutableIndexPage(RoutablePageMixin, BasePage):
    """Lists one kind of snippet and serves each item at ``<index url>/<slug>/``."""

    item_model_path: str = ""
    detail_template: str = ""
    # Read with the item: what its page always shows (saves a query each).
    item_select_related: tuple[str, ...] = ("locale",)
    max_count_per_parent = 1
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    @property
    def item_model(self):
        return apps.get_model(self.item_model_path)

    def get_items(self):
        """Live items in this page's locale."""
        return self.item_model.objects.live().filter(locale_id=self.locale_id)

    def get_item(self, slug: str):
        items = self.item_model.objects.live().select_related(*self.item_select_related)
        item = items.filter(locale_id=self.locale_id, slug=slug).first()
        if item is None and self.locale_id != Locale.get_default().pk:
            # Untranslated items stay reachable on the English site in Dutch.
            item = items.filter(locale=Locale.get_default(), slug=slug).first()
        if item is None:
            raise Http404("Niet gevonden")
        return item

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("items", self.get_items())
        return context

    @path("")
    def index_route(self, request):
        return self.render(request, context_overrides=self.get_index_context(request))

    def get_index_context(self, request) -> dict:
        """Extra context for the list page only (not computed for item pages)."""
        return {}

    @path("<slug:slug>/")
    def detail_route(self, request, slug):
        item = self.get_item(slug)
        # A Dutch address followed on the English site leads to the English version.
        slug_here = item_slug_in(item, translation.get_language())
        if slug_here and slug_here != slug:
            return redirect(f"{self.get_url(request)}{slug_here}/")
        return TemplateResponse(request, self.detail_template, self.get_item_context(request, item))

    def get_item_context(self, request, item) -> dict:
        """Everything an item's template needs; the admin preview renders with it too."""
        context = self.get_context(request)
        context.update(item=item, **self.get_detail_context(request, item))
        return context

    def get_detail_context(self, request, item) -> dict:
        return {}

    def get_sitemap_urls(self, request=None):
        """The index page plus every item it serves, in one query whatever their number."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base:
            return urls
        items = self.get_items()
        has_lastmod = any(f.name == "last_published_at" for f in items.model._meta.get_fields())
        fields = ["slug", "last_published_at"] if has_lastmod else ["slug"]
        for row in items.order_by("slug").values(*fields):
            entry = {"location": f"{base}{row['slug']}/"}
            if row.get("last_published_at"):
                entry["lastmod"] = row["last_published_at"]
            urls.append(entry)
        return urls
