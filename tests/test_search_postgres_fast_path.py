"""The PostgreSQL one-query search gives exactly what one stock backend search per kind gives,
whether it ranks from the postings table or with ts_rank over every match."""

import pytest
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Boost, Or, PlainText

from directory.models import Organisation
from faq.models import FAQAnswer, FAQCategory
from search.backends import postgres

pytestmark = pytest.mark.django_db


def _stock(backend, queryset, query, limit):
    results = backend.search(query, queryset.only("pk"), operator="or")
    scored = results.annotate_score("_search_score")[:limit]
    return {obj.pk: float(obj._search_score or 0.0) for obj in scored}


@pytest.fixture
def organisations(db):
    made = []
    for number in range(8):
        # Different amounts of the word give different scores; every third is a draft.
        item = Organisation(
            slug=f"schuldhulp-{number}",
            name=f"Schuldhulp {number}",
            kind="sociale-basis",
            summary=" ".join(["schulden"] * (number + 1)) + " en hulp bij geld.",
        )
        item.save()
        if number % 3 == 1:
            item.live = False
            item.save()
        made.append(item)
    category = FAQCategory.objects.get_or_create(slug="geld", defaults={"name": "Geld"})[0]
    FAQAnswer.objects.create(
        slug="wat-zijn-schulden",
        question="Wat doe ik met schulden?",
        short_answer="Vraag hulp bij schulden.",
        answer="<p>Bel ons.</p>",
        category=category,
    )
    return made


@pytest.fixture(params=["postings", "ts_rank"])
def ranking(request, monkeypatch):
    """Run a test once with each way of ranking, and check the wanted one was used."""
    monkeypatch.setattr(postgres, "_postings_ready", {"default": request.param == "postings"})
    calls = []
    rank = postgres.postings.rank
    monkeypatch.setattr(
        postgres.postings, "rank", lambda *args, **kwargs: calls.append(1) or rank(*args, **kwargs)
    )
    yield request.param
    assert bool(calls) == (request.param == "postings")


def _querysets():
    return {
        "organisation": Organisation.objects.live(),
        "faq": FAQAnswer.objects.live(),
    }


@pytest.mark.parametrize("prefix_factor", [1, 2, 5])
@pytest.mark.parametrize("limit", [1, 2, 3, 10])
def test_one_query_equals_one_search_per_kind(
    organisations, ranking, monkeypatch, prefix_factor, limit
):
    # A small prefix makes drafts crowd out live items, forcing the stock fallback.
    monkeypatch.setattr(postgres, "RANKED_PREFIX_FACTOR", prefix_factor)
    backend = get_search_backend()
    if not hasattr(backend, "search_kinds"):
        pytest.skip("not the PostgreSQL backend")
    query = Or([Boost(PlainText("schulden", operator="or"), 2.0), PlainText("geld")])
    fast = backend.search_kinds(_querysets(), query, limit)
    stock = {kind: _stock(backend, qs, query, limit) for kind, qs in _querysets().items()}
    assert fast.keys() == stock.keys()
    for kind in stock:  # same items in the same order, same scores (float4 impacts)
        assert list(fast[kind]) == list(stock[kind])
        assert fast[kind] == pytest.approx(stock[kind], rel=1e-6)
    assert fast["organisation"], "the query must find something for the test to mean anything"
    assert all(Organisation.objects.get(pk=pk).live for pk in fast["organisation"])


def test_short_prefix_falls_back_to_the_stock_search(organisations, ranking, monkeypatch):
    monkeypatch.setattr(postgres, "RANKED_PREFIX_FACTOR", 1)
    calls = []
    stock_search = postgres._stock_search

    def counting(*args):
        calls.append(args)
        return stock_search(*args)

    monkeypatch.setattr(postgres, "_stock_search", counting)
    backend = get_search_backend()
    if not hasattr(backend, "search_kinds"):
        pytest.skip("not the PostgreSQL backend")
    # The best-scoring organisation (most "schulden") is number 7, a draft.
    found = backend.search_kinds(_querysets(), PlainText("schulden"), 1)
    assert calls, "a prefix of one draft must send the kind to the stock search"
    assert list(found["organisation"]) == [organisations[6].pk]
