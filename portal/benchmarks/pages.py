"""What the browser tests and the measurement scripts share: one URL per page type residents
see (found in the database) and how Chromium is started on these machines."""

from __future__ import annotations

from django.utils import translation

PAGE_TYPES = [
    "home",
    "theme",
    "organisation",
    "service",
    "location",
    "locations-overview",
    "faq-overview",
    "faq-answer",
    "search",
    "content",
    "not-found",
]
SEARCH_URL = "/zoeken/?q=geldzorgen"  # a word residents type

# Headless, and without the background connections this machine's closed network refuses.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _first_url(queryset) -> str | None:
    for item in queryset[:5]:
        url = item.url
        if url:
            return url
    return None


def _themes_with_every_section_first(theme_model) -> list:
    """Themes in menu order, those whose page also lists related questions first: the
    fullest theme page is the one worth measuring and checking."""
    from portal.pages.directory_pages import related_faq_ids  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)
    from search.catalogue import get_catalogue  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)

    catalogue = get_catalogue()
    themes = list(theme_model.objects.order_by("sort_order", "pk"))
    return sorted(themes, key=lambda theme: not related_faq_ids(catalogue, theme, "nl"))


def discover_page_urls() -> dict[str, str | None]:
    """Relative URL of one Dutch page per page type; None where no such item exists."""
    from wagtail.models import Locale  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)

    from directory.models import Organisation, Service, Theme  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)
    from faq.models import FAQAnswer  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)
    from locations.models import Location, LocationIndexPage  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)

    with translation.override("nl"):  # item URLs follow the active language
        nl = Locale.get_default()
        locations_index = LocationIndexPage.objects.live().filter(locale=nl).first()
        return {
            "home": "/",
            "theme": _first_url(_themes_with_every_section_first(Theme)),
            "organisation": _first_url(Organisation.objects.live().filter(locale=nl)),
            "service": _first_url(Service.objects.live().filter(locale=nl)),
            "location": _first_url(Location.objects.live().filter(locale=nl)),
            "locations-overview": locations_index.url if locations_index else None,
            "faq-overview": "/vragen/",
            "faq-answer": _first_url(FAQAnswer.objects.live().filter(locale=nl)),
            "search": SEARCH_URL,
            "content": "/toegankelijkheid/",
            "not-found": "/deze-pagina-bestaat-niet/",
        }
