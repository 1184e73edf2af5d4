"""Search follows the registry of item kinds (``portal.core.kinds``): a kind registered on a
model is kept current and searched without naming it anywhere in search."""

import pytest
from django.contrib.auth.models import Group

from portal.cache_versions import current_version
from portal.core.kinds import ItemKind, item_kinds
from search import catalogue
from search.kinds import types


@pytest.fixture
def group_kind():
    """Registers Django's ``Group`` as an item kind for the test, then restores the registry."""
    kind = ItemKind("test-group", title_field="name", summary_field="name")
    kind.__set_name__(Group, "item_kind")
    item_kinds.register(kind)
    try:
        yield kind
    finally:
        item_kinds.collect()


@pytest.mark.django_db
def test_saving_or_deleting_an_item_of_a_newly_registered_kind_makes_the_catalogue_stale(
    group_kind,
):
    before = current_version(catalogue.VERSION_KEY)
    group = Group.objects.create(name="Nieuwe soort")
    after_save = current_version(catalogue.VERSION_KEY)
    assert after_save > before
    group.delete()
    assert current_version(catalogue.VERSION_KEY) > after_save


@pytest.mark.django_db
def test_a_model_that_is_no_item_kind_leaves_the_catalogue_alone():
    before = current_version(catalogue.VERSION_KEY)
    Group.objects.create(name="Gewone groep")
    assert current_version(catalogue.VERSION_KEY) == before


def test_search_returns_every_registered_kind_and_pages_last():
    assert types() == (*item_kinds.names(), "page")


@pytest.mark.django_db
def test_the_catalogue_holds_every_registered_kind():
    assert tuple(catalogue.get_catalogue().items) == item_kinds.names()
