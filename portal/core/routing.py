"""Public URLs for snippets: one routable index page per kind of item.

``/organisaties/<slug>/`` is served by ``OrganisationIndexPage``, which editors can move or
translate like any page. Items find their index page through ``index_page_for``, which is
cached because list pages ask for it once per item.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale

from portal.core.invalidation import INDEX_PAGES_VERSION, current_version
from portal.core.kinds import item_kinds
from portal.core.page_contexts import page_contexts
from portal.core.pages import BasePage


def _cache_key(model_path: str, locale_id: int) -> str:
    return f"routing:index-page:{current_version(INDEX_PAGES_VERSION)}:{model_path}:{locale_id}"


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


class TranslationLookup(Protocol):
    """What ``item_slug_in`` asks: the live version of an item in a language, and the ids
    of the locales by language code."""

    locale_ids: dict[str, int]

    def live_translation(self, kind: str, pk: int, language: str): ...


class _DatabaseLookup:
    """Asks the database (one query per question); a feature that keeps the items in
    memory (the search catalogue) registers a faster lookup with the same answers."""

    @property
    def locale_ids(self) -> dict[str, int]:
        return {code: pk for pk, code in Locale.objects.values_list("pk", "language_code")}

    def live_translation(self, kind: str, pk: int, language: str):
        model = item_kinds.get(kind).model
        item = model.objects.filter(pk=pk).only("translation_key").first()
        if item is None:
            return None
        return (
            model.objects.live()
            .filter(translation_key=item.translation_key, locale__language_code=language)
            .only("slug")
            .first()
        )


_translation_lookup: list[Callable[[], TranslationLookup]] = [_DatabaseLookup]


def register_translation_lookup(get_lookup: Callable[[], TranslationLookup]) -> None:
    """Let ``item_slug_in`` ask ``get_lookup()`` (called per question: it may be rebuilt)."""
    _translation_lookup[0] = get_lookup


def item_slug_in(item, language: str) -> str | None:
    """The slug that serves ``item`` on the ``language`` site: its live version's in that
    language (translators may translate slugs), else its live Dutch version's (every other
    language shows untranslated Dutch items); None when it has no version for that site."""
    kind = item_kinds.for_model(item)
    if kind is None:  # not translatable (themes): one slug on both sites
        return item.slug
    lookup = _translation_lookup[0]()
    translated = lookup.live_translation(kind.name, item.pk, language)
    if translated is not None:
        return translated.slug
    if item.locale_id == lookup.locale_ids.get(settings.LANGUAGE_CODE):
        return item.slug
    dutch = lookup.live_translation(kind.name, item.pk, settings.LANGUAGE_CODE)
    return dutch.slug if dutch is not None else None


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
        return page_contexts.index_context(self, request)

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
        return page_contexts.detail_context(self, request, item)

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
