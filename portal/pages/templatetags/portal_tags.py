"""Template helpers for the public pages.

Interface text goes through Django's gettext (README, "Languages and translations"): the
labels below are Dutch message ids, translated in ``portal/pages/locale/``.
"""

from __future__ import annotations

import functools
import json
import re
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, pgettext_lazy
from wagtail.models import Locale

from directory.models import Organisation
from locations.models import Location
from portal.core.content import COST_LABELS
from portal.core.invalidation import INDEX_PAGES_VERSION
from portal.core.localized import active_language
from portal.core.routing import index_page_for
from portal.localization.alternates import home_url as language_home_url
from portal.pages.models import ContentPage

register = template.Library()

SEARCH_URLS = {"nl": "/zoeken/", "en": "/en/search/"}
FOOTER_SLUGS = {
    "nl": ["contact", "toegankelijkheid", "privacy"],
    "en": ["contact", "accessibility", "privacy"],
}
NAV_INDEX_PAGES = [
    "directory.ThemeIndexPage",
    "locations.LocationIndexPage",
    "directory.OrganisationIndexPage",
    "faq.FAQIndexPage",
]


def _request_cache(context) -> dict:
    request = context.get("request")
    if request is None:
        return {}
    if not hasattr(request, "_portal_cache"):
        request._portal_cache = {}
    return request._portal_cache


def active_locale(context=None):
    cache = _request_cache(context) if context is not None else {}
    key = ("locale", active_language())
    if key not in cache:
        cache[key] = Locale.objects.filter(language_code=active_language()).first()
    return cache[key]


INDEX_PAGE_MODELS = [
    "directory.ThemeIndexPage",
    "directory.OrganisationIndexPage",
    "directory.ServiceIndexPage",
    "locations.LocationIndexPage",
    "faq.FAQIndexPage",
]


def site_links(context) -> dict:
    """URLs and titles of the index pages and footer pages in the active language.

    The same for every visitor, so kept in the cache until a page is published, moved
    or deleted (``portal.core.invalidation`` bumps the version then); saves a handful of queries on
    every page view.
    """
    request_cache = _request_cache(context)
    language = active_language()
    if ("links", language) in request_cache:
        return request_cache[("links", language)]
    version = cache.get_or_set(INDEX_PAGES_VERSION, 1, None)
    key = f"front:site-links:{version}:{language}"
    links = cache.get(key)
    if links is None:
        locale = active_locale(context)
        links = {"index": {}, "footer": []}
        for model_path in INDEX_PAGE_MODELS:
            page = index_page_for(model_path, locale.pk) if locale else None
            url = page.get_url() if page else None
            if url:
                links["index"][model_path] = {"url": url, "title": page.title}
        slugs = FOOTER_SLUGS.get(language, FOOTER_SLUGS["nl"])
        pages = {
            page.slug: page
            for page in ContentPage.objects.live().filter(locale=locale, slug__in=slugs)
        }
        links["footer"] = [
            {"url": pages[slug].get_url(), "title": pages[slug].title}
            for slug in slugs
            if slug in pages
        ]
        cache.set(key, links, 300)
    request_cache[("links", language)] = links
    return links


def index_url(context, model_path: str) -> str | None:
    """URL of the index page serving ``model_path`` in the active language."""
    link = site_links(context)["index"].get(model_path)
    return link["url"] if link else None


@register.simple_tag(takes_context=True)
def item_url(context, item) -> str:
    """Public URL of a snippet item without a database query per item."""
    base = index_url(context, item.index_page_model)
    return f"{base}{item.slug}/" if base else ""


@register.simple_tag(takes_context=True)
def index_page_url(context, model_path: str) -> str:
    return index_url(context, model_path) or ""


@register.simple_tag
def search_url() -> str:
    # Other languages: the search page under their prefix (/tr/zoeken/).
    return SEARCH_URLS.get(active_language()) or reverse("search")


@register.simple_tag
def lang_attr(item) -> str:
    """` lang="nl"` when a Dutch item is shown on the English site (WCAG 3.1.2)."""
    return _lang_attribute(item_language(item))


def _lang_attribute(code: str | None) -> str:
    """` lang="<code>"` for text in another language than the page's; else nothing.

    Plus `dir` when that language is written the other way: Dutch shown on an Arabic page
    keeps its full stop at the end of the line.
    """
    if not code or code == active_language():
        return ""
    bidi = _is_bidi(code)
    if bidi != translation.get_language_bidi():
        return format_html(' lang="{}" dir="{}"', code, "rtl" if bidi else "ltr")
    return format_html(' lang="{}"', code)


def _is_bidi(code: str) -> bool:
    return code.split("-")[0] in settings.LANGUAGES_BIDI


@register.simple_tag
def site_text(site_settings, field_name: str) -> dict:
    """A text from site settings in the page's language, with ` lang="nl"` when the English
    site falls back to the Dutch text (``HelpSettings.in_language``). Empty when the request
    matched no site (the settings are then an empty string)."""
    if not hasattr(site_settings, "in_language"):
        return {"text": "", "lang_attr": ""}
    text, language = site_settings.in_language(field_name, active_language())
    return {"text": text, "lang_attr": _lang_attribute(language)}


def item_language(item) -> str | None:
    locale = getattr(item, "locale", None)
    return locale.language_code if locale is not None else None


@register.simple_tag(takes_context=True)
def site_navigation(context) -> list[dict]:
    """Main menu: the index pages in the active language."""
    request = context.get("request")
    current = request.path if request else ""
    index_links = site_links(context)["index"]
    return [
        {**index_links[path], "current": current.startswith(index_links[path]["url"])}
        for path in NAV_INDEX_PAGES
        if path in index_links
    ]


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[dict]:
    return site_links(context)["footer"]


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    return language_home_url(active_language())


@register.filter
def tel_href(phone: str) -> str:
    """`tel:` target for a Dutch phone number as people write it ("074 000 4120", "14 074")."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}"


@register.simple_tag
def route_url(location) -> str:
    """OpenStreetMap directions to a location (a plain link; nothing is requested on load)."""
    if location.latitude is not None and location.longitude is not None:
        destination = f"{location.latitude},{location.longitude}"
        return "https://www.openstreetmap.org/directions?" + urlencode(
            {"route": f";{destination}", "to": destination}
        )
    address = f"{location.street}, {location.postcode} {location.city}"
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address})


@register.filter
def language_names(codes) -> str:
    """ISO 639-1 codes as language names in the page's language ("nl,tr" → "Nederlands, Turks")."""
    names = []
    for code in codes or []:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)
    return ", ".join(names)


@register.filter
def display_name(obj) -> str:
    """Theme, target group or category name in the active language."""
    return obj.display_name(active_language())


@register.filter
def theme_description(theme) -> str:
    if active_language() == "en" and theme.description_en:
        return theme.description_en
    return theme.description


@register.simple_tag
def theme_description_lang(theme) -> str:
    if active_language() == "en" and not theme.description_en and theme.description:
        return mark_safe(' lang="nl"')  # noqa: S308 - constant string
    return ""


# What residents read for a location's or organisation's kind (the model choices' labels are
# the admin's Dutch).
KIND_LABELS = {
    Location.Kind.WIJKENTREE: pgettext_lazy("soort locatie", "Wijkentree"),
    Location.Kind.WIJKTEAM: pgettext_lazy("soort locatie", "Wijkteam"),
    Location.Kind.INLOOP: pgettext_lazy("soort locatie", "Inloop"),
    Location.Kind.ACTIVITY: pgettext_lazy("soort locatie", "Activiteit"),
    Organisation.Kind.ALLIANCE_PARTNER: pgettext_lazy(
        "soort organisatie", "Alliantiepartner van Wijkracht"
    ),
    Organisation.Kind.SUBCONTRACTOR: pgettext_lazy(
        "soort organisatie", "Werkt samen met Wijkracht"
    ),
    Organisation.Kind.SOCIAL_BASE: pgettext_lazy("soort organisatie", "Sociale basis"),
    Organisation.Kind.MUNICIPALITY: pgettext_lazy("soort organisatie", "Gemeente"),
}


@register.filter
def cost_label(value: str) -> str:
    return str(COST_LABELS.get(value, value))


@register.filter
def kind_label(value: str) -> str:
    return str(KIND_LABELS.get(value, value))


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data) -> str:
    """Structured data as a non-executed script block (allowed by a CSP without inline)."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.simple_tag
def icon(name: str, css_class: str = "") -> str:
    # A page shows up to twenty icons and the template picks one of many shapes, so each
    # (name, class) is rendered once per process (every time while developing).
    if settings.DEBUG:
        return _render_icon.__wrapped__(name, css_class)
    return _render_icon(name, css_class)


@functools.lru_cache(maxsize=256)
def _render_icon(name: str, css_class: str) -> str:
    html = render_to_string("components/icon.html", {"name": name, "css_class": css_class})
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


THEME_ICONS = {
    "gezondheid": "heart",
    "eenzaamheid-en-ontmoeting": "people",
    "geldzaken": "coins",
    "vrijwilligerswerk": "hand",
    "mantelzorg": "care",
    "opvoeden-en-opgroeien": "family",
    "ouder-worden": "cane",
    "dementie": "brain",
    "psychische-gezondheid": "mind",
    "verslaving": "stop",
    "verstandelijke-beperking": "puzzle",
    "niet-aangeboren-hersenletsel": "brain",
    "wonen-en-huishouden": "house",
    "werk-en-dagbesteding": "briefcase",
    "huiselijk-geweld": "shield",
    "taal-en-digitale-vaardigheden": "speech",
}


@register.filter
def theme_icon_name(theme) -> str:
    return theme.icon or THEME_ICONS.get(theme.slug, "dot")
