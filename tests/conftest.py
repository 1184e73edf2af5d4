import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Locale

from portal.pages.models import HomePage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the site tree (nl + en) once; every test runs inside a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("setup_site", verbosity=0)


@pytest.fixture
def home_page(db):
    return HomePage.objects.get(locale=Locale.get_default())


@pytest.fixture
def locale_en(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Rolled-back test data sends no signals: never answer a search, or list a theme, from
    an earlier test's data."""
    from portal.core import site_cache
    from search import catalogue, responses

    responses.invalidate()
    catalogue.invalidate()
    site_cache.invalidate()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Dutch: the test client's requests leave the language the
    LocaleMiddleware activated for the thread, which would leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
