"""Locales and page trees for every site language.

Each language other than the default one gets a wagtail-localize locale that is kept in step
with the default language's page tree: a page that is not translated yet exists there as an
*alias* of the Dutch page (same content, updated whenever the Dutch page is published), so
``/tr/``, ``/ar/`` … serve the whole site from the start. Translating a page in the admin
turns its alias into a real translation. An alias is how templates know a page is still in
Dutch (``portal.localization.content.content_language``).
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex, synchronize_tree


def ensure_locales(locale_model=Locale, synchronization_model=LocaleSynchronization) -> list:
    """A locale per content language, synchronised from the default one; returns them.
    The data migration passes its historical models."""
    default, _ = locale_model.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    locales = [default]
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        locale, _ = locale_model.objects.get_or_create(language_code=code)
        synchronization_model.objects.get_or_create(locale=locale, defaults={"sync_from": default})
        locales.append(locale)
    return locales


def ensure_language_trees() -> int:
    """Aliases of the default tree's pages in every language that lacks them; returns how
    many pages were created."""
    default, *others = ensure_locales()
    before = Page.objects.count()
    index = PageIndex.from_database().sort_by_tree_position()
    for locale in others:
        synchronize_tree(default, locale, page_index=index)
    return Page.objects.count() - before
