"""Whole search API responses are cached briefly and dropped on any change."""

import pytest
from django.test import override_settings

from directory.models import Organisation
from portal.core.exchange import SpreadsheetImport, items_imported
from search import views
from search.models import SearchQueryLog

pytestmark = pytest.mark.django_db

API = "/api/v1/search/"


@pytest.fixture
def counted_searches(monkeypatch):
    calls = []
    run_search = views.run_search

    def counting(*args, **kwargs):
        calls.append(args)
        return run_search(*args, **kwargs)

    monkeypatch.setattr(views, "run_search", counting)
    return calls


def _organisation(slug, name):
    item = Organisation(slug=slug, name=name, kind="sociale-basis", summary="Hulp bij schulden.")
    item.save()
    return item


def _slugs(client, **params):
    response = client.get(API, {"q": "schuldhulp", **params})
    assert response.status_code == 200
    return [r["slug"] for r in response.json()["results"]]


def test_the_same_search_is_answered_from_the_cache_and_still_counted(client, counted_searches):
    _organisation("schuldhulp-oost", "Schuldhulp Oost")
    first = client.get(API, {"q": "schuldhulp"}).json()
    second = client.get(API, {"q": "schuldhulp"}).json()
    assert first == second
    assert len(counted_searches) == 1
    assert SearchQueryLog.objects.get(query="schuldhulp").searches == 2


def test_other_filters_limit_or_language_are_searched_anew(client, counted_searches):
    _organisation("schuldhulp-oost", "Schuldhulp Oost")
    _slugs(client)
    _slugs(client, limit=5)
    _slugs(client, type="organisation")
    _slugs(client, lang="en")
    assert len(counted_searches) == 4


def test_saving_an_item_shows_at_once(client):
    item = _organisation("schuldhulp-oost", "Schuldhulp Oost")
    assert "schuldhulp-oost" in _slugs(client)
    item.live = False
    item.save()
    assert "schuldhulp-oost" not in _slugs(client)
    _organisation("schuldhulp-west", "Schuldhulp West")
    assert "schuldhulp-west" in _slugs(client)


def test_deleting_an_item_shows_at_once(client):
    item = _organisation("schuldhulp-oost", "Schuldhulp Oost")
    assert "schuldhulp-oost" in _slugs(client)
    item.delete()
    assert "schuldhulp-oost" not in _slugs(client)


def test_an_import_drops_cached_responses(client, counted_searches):
    _organisation("schuldhulp-oost", "Schuldhulp Oost")
    _slugs(client)
    items_imported.send(sender=SpreadsheetImport, changed={})
    _slugs(client)
    assert len(counted_searches) == 2


@override_settings(SEARCH_RESPONSE_CACHE_SECONDS=0)
def test_a_lifetime_of_zero_turns_the_cache_off(client, counted_searches):
    _organisation("schuldhulp-oost", "Schuldhulp Oost")
    _slugs(client)
    _slugs(client)
    assert len(counted_searches) == 2


def test_a_save_bumps_the_version_again_when_its_transaction_commits(
    django_capture_on_commit_callbacks,
):
    from portal.core.invalidation import current_version
    from search import responses

    with django_capture_on_commit_callbacks() as callbacks:
        _organisation("schuldhulp-oost", "Schuldhulp Oost")
    before = current_version(responses.VERSION_KEY)
    for callback in callbacks:  # the commit (the wiring is in portal.core.invalidation)
        callback()
    assert current_version(responses.VERSION_KEY) > before
