"""One module decides which change makes which cached value stale (portal.core.invalidation)."""

import pytest
from wagtail.models import Locale, Page, Site

from portal.core import invalidation
from portal.core.invalidation import (
    CATALOGUE_VERSION,
    INDEX_PAGES_VERSION,
    SEARCH_RESPONSES_VERSION,
    SITE_CACHE_VERSION,
    VOCABULARY_VERSION,
    current_version,
)
from portal.pages.models import NavigationSettings
from tests.factories import OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def versions(*keys):
    return {key: current_version(key) for key in keys}


def bumped(before):
    return {key for key, version in before.items() if current_version(key) > version}


ALL_KEYS = (
    CATALOGUE_VERSION,
    VOCABULARY_VERSION,
    SITE_CACHE_VERSION,
    INDEX_PAGES_VERSION,
    SEARCH_RESPONSES_VERSION,
)


def test_a_theme_makes_the_vocabulary_catalogue_and_responses_stale():
    before = versions(*ALL_KEYS)
    ThemeFactory()
    assert bumped(before) == {CATALOGUE_VERSION, VOCABULARY_VERSION, SEARCH_RESPONSES_VERSION}


def test_an_item_of_any_kind_makes_the_catalogue_stale_but_not_the_vocabulary():
    before = versions(*ALL_KEYS)
    OrganisationFactory()
    changed = bumped(before)
    assert CATALOGUE_VERSION in changed
    assert VOCABULARY_VERSION not in changed
    assert SITE_CACHE_VERSION not in changed


def test_a_language_feeds_the_vocabulary():
    before = versions(*ALL_KEYS)
    Locale.objects.get(language_code="en").save()
    assert {VOCABULARY_VERSION, CATALOGUE_VERSION} <= bumped(before)


def test_every_site_setting_is_watched_without_naming_it():
    before = versions(*ALL_KEYS)
    NavigationSettings.for_site(Site.objects.get(is_default_site=True)).save()
    assert SITE_CACHE_VERSION in bumped(before)


def test_a_plain_page_save_makes_index_pages_and_the_site_cache_stale():
    before = versions(*ALL_KEYS)
    Page.objects.get(depth=1).save()
    assert {INDEX_PAGES_VERSION, SITE_CACHE_VERSION} <= bumped(before)


def test_a_listener_hears_the_keys_it_registered_for():
    heard = []
    invalidation.on_invalidate(VOCABULARY_VERSION, lambda: heard.append("vocabulary"))
    try:
        ThemeFactory(name_en="")  # one save: no English text row
    finally:
        invalidation._listeners[VOCABULARY_VERSION].pop()
    assert heard == ["vocabulary"]
