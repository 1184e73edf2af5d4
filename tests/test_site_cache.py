"""Rows every request reads are kept per process, and an editor's change shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from portal.core import site_cache
from portal.pages.models import ContentPage, HelpSettings

pytestmark = pytest.mark.django_db

CONTENT_URL = "/toegankelijkheid/"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_site_settings_and_restrictions_are_read_once_per_process(client):
    client.get(CONTENT_URL)  # creates the help settings row, which changes the settings
    client.get(CONTENT_URL)
    queries = count_queries(client, CONTENT_URL)
    tables = " ".join(queries)
    assert "wagtailcore_site" not in tables
    assert "wagtailcore_pageviewrestriction" not in tables
    assert "pages_helpsettings" not in tables


def test_changed_help_settings_show_on_the_next_page(client):
    client.get(CONTENT_URL)
    site = Site.objects.get(is_default_site=True)
    settings = HelpSettings.for_site(site)
    settings.phone = "074 123 4567"
    settings.save()
    assert "074 123 4567" in client.get(CONTENT_URL).content.decode()


def test_help_settings_are_handed_out_as_copies():
    site = Site.objects.get(is_default_site=True)
    first, second = HelpSettings.for_site(site), HelpSettings.for_site(site)
    assert first is not second and first.pk == second.pk
    first.phone = "changed in memory only"
    assert HelpSettings.for_site(site).phone != "changed in memory only"


def test_a_new_view_restriction_applies_at_once(client):
    client.get(CONTENT_URL)  # the cache now says: no page is restricted
    page = ContentPage.objects.get(
        url_path__endswith="/toegankelijkheid/", locale__language_code="nl"
    )
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    response = client.get(CONTENT_URL)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_a_changed_site_routes_at_once(client):
    client.get(CONTENT_URL)
    site = Site.objects.get(is_default_site=True)
    site.hostname = "elders.example"
    site.is_default_site = False
    site.save()
    assert client.get(CONTENT_URL).status_code == 404


def test_a_change_inside_a_transaction_bumps_again_after_commit(
    django_capture_on_commit_callbacks,
):
    version = site_cache.current_version(site_cache.SITE_CACHE_VERSION)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Page.objects.get(depth=1).save()
    assert callbacks, "no bump registered for the commit"
    assert site_cache.current_version(site_cache.SITE_CACHE_VERSION) >= version + 2


def test_routing_follows_new_moved_and_unpublished_pages(client, home_page):
    assert client.get("/nieuw-hier/").status_code == 404  # the children are now cached
    page = home_page.add_child(instance=ContentPage(title="Nieuw hier", slug="nieuw-hier"))
    page.save_revision().publish()
    assert client.get("/nieuw-hier/").status_code == 200
    page.slug = "verhuisd"
    page.save_revision().publish()
    assert client.get("/nieuw-hier/").status_code == 404
    assert client.get("/verhuisd/").status_code == 200
    page.unpublish()
    assert client.get("/verhuisd/").status_code == 404


def test_routing_reads_one_row_per_level(client):
    client.get(CONTENT_URL)
    client.get(CONTENT_URL)
    page_queries = [
        sql
        for sql in count_queries(client, CONTENT_URL)
        if "wagtailcore_page" in sql and "translation_key" not in sql.split("WHERE")[-1]
    ]  # (the language switch looks up the page's translation)
    assert len(page_queries) == 1, page_queries  # the content page itself
