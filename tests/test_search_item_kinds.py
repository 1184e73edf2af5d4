"""Search follows the registry of item kinds (``portal.core.kinds``): a kind registered on a
model is kept current and searched without naming it anywhere in search."""

import pytest
from django.contrib.auth.models import Group

from portal.core import invalidation
from portal.core.invalidation import CATALOGUE_VERSION, current_version
from portal.core.kinds import ItemKind, item_kinds
from search import catalogue
from search.kinds import types
from search.models import ItemEmbedding


@pytest.fixture
def group_kind():
    """Django's ``Group`` declared as an item kind, as if a model declared ``item_kind``:
    registered and wired as at start-up (``CoreConfig.ready()``), restored afterwards."""
    kind = ItemKind("test-group", title_field="name", summary_field="name")
    kind.__set_name__(Group, "item_kind")
    item_kinds.register(kind)
    invalidation.connect()
    try:
        yield kind
    finally:
        item_kinds.collect()
        invalidation.connect()


@pytest.mark.django_db
def test_an_item_of_a_newly_registered_kind_keeps_the_catalogue_and_its_meaning_current(
    group_kind,
):
    before = current_version(CATALOGUE_VERSION)
    group = Group.objects.create(name="Schuldhulp")
    after_save = current_version(CATALOGUE_VERSION)
    assert after_save > before
    assert ItemEmbedding.objects.filter(kind="test-group", object_id=group.pk).exists()

    group.delete()
    assert current_version(CATALOGUE_VERSION) > after_save
    assert not ItemEmbedding.objects.filter(kind="test-group", object_id=group.pk).exists()


@pytest.mark.django_db
def test_a_model_that_is_no_item_kind_leaves_the_catalogue_and_meanings_alone():
    before = current_version(CATALOGUE_VERSION)
    group = Group.objects.create(name="Gewone groep")
    assert current_version(CATALOGUE_VERSION) == before
    assert not ItemEmbedding.objects.filter(object_id=group.pk, kind="test-group").exists()


def test_search_returns_every_registered_kind_and_pages_last():
    assert types() == (*item_kinds.names(), "page")


@pytest.mark.django_db
def test_the_catalogue_holds_every_registered_kind():
    assert tuple(catalogue.get_catalogue().items) == item_kinds.names()
