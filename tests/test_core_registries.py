"""The kernel's registries: what a higher layer plugs in (page contexts, the search's
translation lookup) and what the kernel does without it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Locale

from directory.models import OrganisationIndexPage, ServiceIndexPage, ThemeIndexPage
from faq.models import FAQIndexPage
from locations.models import LocationIndexPage
from portal.core import routing
from portal.core.page_contexts import PageContextRegistry, page_contexts
from search import catalogue
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "page_model",
    [ThemeIndexPage, OrganisationIndexPage, ServiceIndexPage, LocationIndexPage, FAQIndexPage],
)
def test_every_item_page_has_its_context_registered(page_model):
    assert (page_model._meta.label_lower, "detail") in page_contexts._builders


def test_two_contexts_for_one_page_are_refused():
    registry = PageContextRegistry()
    registry.register("faq.FAQIndexPage", detail=lambda request, item: {})
    with pytest.raises(ImproperlyConfigured):
        registry.register("faq.FAQIndexPage", detail=lambda request, item: {"other": 1})


@pytest.fixture
def translated_location():
    dutch = LocationFactory(slug="wijkentree-noord")
    english = dutch.copy_for_translation(Locale.objects.get(language_code="en"))
    english.slug = "walk-in-centre-north"
    english.live = True
    english.save()
    untranslated = LocationFactory(slug="wijkteam-zuid")
    catalogue.invalidate()
    return dutch, english, untranslated


@pytest.fixture
def database_lookup():
    """The kernel without the search's lookup (as when the search app is not installed)."""
    registered = routing._translation_lookup[0]
    routing.register_translation_lookup(routing._DatabaseLookup)
    yield
    routing.register_translation_lookup(registered)


def slugs(items):
    return [routing.item_slug_in(item, language) for item in items for language in ("nl", "en")]


def test_the_search_registers_its_catalogue_as_the_translation_lookup():
    assert routing._translation_lookup[0] is catalogue.get_catalogue


def test_without_the_search_item_slugs_are_the_same(translated_location, database_lookup):
    dutch, english, untranslated = translated_location
    expected = [
        "wijkentree-noord",
        "walk-in-centre-north",
        "wijkentree-noord",
        "walk-in-centre-north",
        "wijkteam-zuid",
        "wijkteam-zuid",
    ]
    assert slugs([dutch, english, untranslated]) == expected


def test_with_the_search_item_slugs_are_the_same(translated_location):
    dutch, english, untranslated = translated_location
    assert slugs([dutch, english, untranslated]) == [
        "wijkentree-noord",
        "walk-in-centre-north",
        "wijkentree-noord",
        "walk-in-centre-north",
        "wijkteam-zuid",
        "wijkteam-zuid",
    ]
