"""The same page in every site language: the language switch and ``hreflang`` links.

A page's versions are its translations and aliases (one per language, see ``trees``); an
item's are its translations, or the Dutch item itself on every language site until it is
translated (``portal.core.routing.item_slug_in``); any other view (the search page) is the same
address under the other language's prefix. Where a language has no version the switch
leads to that language's home page, and no ``hreflang`` link is given.

Everything here is read from per-process caches (``portal.core.site_cache``, the index-page
cache and the search catalogue), so the switch adds no database query to a page view.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import translate_url
from wagtail.models import Locale, Page

from portal.core.routing import index_page_for, item_slug_in
from portal.core.site_cache import cached

from .languages import active_language, default_language, site_languages


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # the language's own name for itself
    url: str
    exact: bool  # False: the language has no version of this page; url is its home page
    current: bool
    bidi: bool


def home_url(code: str) -> str:
    return "/" if code == default_language() else f"/{code}/"


def _locale_ids() -> dict[str, int]:
    # Cached with the page URLs it serves (a new locale comes with new pages).
    return cached(
        ("localization", "locale-ids"),
        lambda: dict(Locale.objects.values_list("language_code", "pk")),
    )


def _page_urls(page: Page, request) -> dict[str, str]:
    """URL of the page's live version per language (translation or alias)."""
    site = getattr(request, "_wagtail_site", None)

    def build():
        urls = {}
        versions = page.get_translations(inclusive=True).live().select_related("locale")
        for version in versions:
            url = version.get_url(request=request)
            if url:
                urls[version.locale.language_code] = url
        return urls

    return cached(("localization", "page-urls", page.pk, getattr(site, "pk", None)), build)


def _index_urls(model_path: str, request) -> dict[str, str]:
    """URL of the index page of ``model_path`` per language."""
    site = getattr(request, "_wagtail_site", None)

    def build():
        urls = {}
        for code, locale_id in _locale_ids().items():
            page = index_page_for(model_path, locale_id)
            if page is not None and page.locale_id == locale_id:
                url = page.get_url(request=request)
                if url:
                    urls[code] = url
        return urls

    return cached(("localization", "index-urls", model_path, getattr(site, "pk", None)), build)


def version_urls(context) -> dict[str, str]:
    """Where this page is in each language that has it."""
    request = context.get("request")
    page = context.get("page")
    item = context.get("item")
    if isinstance(page, Page):
        if item is not None and hasattr(page, "item_model_path"):
            urls = {}
            for code, base in _index_urls(page._meta.label, request).items():
                slug = item_slug_in(item, code)
                if slug:
                    urls[code] = f"{base}{slug}/"
            return urls
        if hasattr(page, "item_model_path"):
            return _index_urls(page._meta.label, request)
        return _page_urls(page, request)
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name == "wagtail_serve":
        return {}  # no page found (a 404): no versions to point to
    # A view outside the page tree (the search page): the same address in each language.
    return {
        language.code: translate_url(request.path, language.code) for language in site_languages()
    }


def language_links(context) -> list[LanguageLink]:
    urls = version_urls(context)
    current = active_language()
    return [
        LanguageLink(
            code=language.code,
            name=language.native_name,
            url=urls.get(language.code) or home_url(language.code),
            exact=language.code in urls,
            current=language.code == current,
            bidi=language.bidi,
        )
        for language in site_languages()
    ]
