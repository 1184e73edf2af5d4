"""Long lists are paged (?pagina=N); bad page numbers show the nearest page with a notice."""

import re

import pytest

from directory.models import pages as directory_index_pages
from faq import page_context as faq_context
from portal.core.pagination import requested_page
from portal.pages import directory_pages as directory_context
from tests import front_data

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<li class="portal-card"')
CURRENT = re.compile(
    r'<a href="[^"]*"\s+aria-current="page">\s*'
    r'<span class="visually-hidden">(?:Pagina|Page) </span>(\d+)</a>'
)


@pytest.mark.parametrize(
    ("raw", "num_pages", "expected"),
    [
        (None, 3, (1, True)),
        ("", 3, (1, True)),
        ("2", 3, (2, True)),
        (" 3 ", 3, (3, True)),
        ("4", 3, (3, False)),
        ("0", 3, (1, False)),
        ("-1", 3, (1, False)),
        ("abc", 3, (1, False)),
        ("1.5", 3, (1, False)),
        ("1", 1, (1, True)),
    ],
)
def test_requested_page(raw, num_pages, expected):
    assert requested_page(raw, num_pages) == expected


@pytest.fixture
def three_batches(db, monkeypatch):
    """Six organisations and six services; three of each per page gives two pages."""
    monkeypatch.setattr(directory_index_pages, "INDEX_PAGE_SIZE", 3)
    monkeypatch.setattr(directory_context, "THEME_LIST_PAGE_SIZE", 2)
    data = front_data.build(batches=3)
    return data


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def current_page(html):
    pages = CURRENT.findall(html)
    assert len(pages) == 1, pages
    return int(pages[0])


@pytest.mark.parametrize("index", ["/organisaties/", "/aanbod/"])
def test_first_page(client, three_batches, index):
    html = html_of(client, index)
    assert len(CARD.findall(html)) == 3
    assert current_page(html) == 1
    assert 'href="?pagina=2#lijst" rel="next"' in html
    assert 'rel="prev"' not in html
    assert "(6)" in html  # the heading counts all items, not just this page
    assert "bestaat niet" not in html


@pytest.mark.parametrize("index", ["/organisaties/", "/aanbod/"])
def test_last_page(client, three_batches, index):
    html = html_of(client, f"{index}?pagina=2")
    assert len(CARD.findall(html)) == 3
    assert current_page(html) == 2
    assert 'href="?pagina=1#lijst" rel="prev"' in html
    assert 'rel="next"' not in html


def test_pages_together_list_every_item_once(client, three_batches):
    names = []
    for number in (1, 2):
        html = html_of(client, f"/organisaties/?pagina={number}")
        names += re.findall(r'<h3[^>]*><a href="/organisaties/([^/]+)/">', html)
    assert sorted(names) == sorted(org.slug for org in three_batches.organisations)


@pytest.mark.parametrize(("raw", "shown"), [("99", 2), ("0", 1), ("abc", 1), ("2x", 1), ("-3", 1)])
def test_bad_page_number_shows_nearest_page_with_a_notice(client, three_batches, raw, shown):
    html = html_of(client, f"/organisaties/?pagina={raw}")
    assert f"Pagina ‘{raw}’ bestaat niet. U ziet nu pagina {shown}." in html
    assert current_page(html) == shown
    assert len(CARD.findall(html)) == 3


def test_english_page_links_and_notice(client, three_batches):
    html = html_of(client, "/en/organisations/?pagina=abc")
    assert "Page “abc” does not exist. You are seeing page 1." in html
    assert ">Next<" in html


def test_theme_lists_page_separately_and_keep_the_filters(client, three_batches):
    html = html_of(client, "/themas/geldzaken/?kosten=gratis")
    assert "?kosten=gratis&amp;pagina-organisaties=2#organisaties" in html
    html = html_of(client, "/themas/geldzaken/?kosten=gratis&pagina-organisaties=2")
    # The other list stays on its first page; its links keep this list's page.
    assert "pagina-organisaties=2&amp;pagina-aanbod=2#aanbod" in html
    html = html_of(client, "/themas/geldzaken/?pagina-aanbod=zz")
    assert "Pagina ‘zz’ bestaat niet" in html


def test_theme_locations_page_too(client, three_batches):
    html = html_of(client, "/themas/geldzaken/")
    assert "?pagina-locaties=2#locaties" in html
    first = set(re.findall(r'href="(/locaties/[^"]+/)"', html.split('id="locaties"', 1)[1]))
    html = html_of(client, "/themas/geldzaken/?pagina-locaties=2")
    second = set(re.findall(r'href="(/locaties/[^"]+/)"', html.split('id="locaties"', 1)[1]))
    assert len(first) == len(second) == 2 and not first & second


def test_theme_page_count_line_counts_all_items(client, three_batches):
    html = html_of(client, "/themas/geldzaken/")
    assert "Gevonden: 6 organisaties, 6 soorten hulp of activiteit" in html


def answers_shown(html: str) -> int:
    """FAQ answers (one <details> each) in the page's main content, not the header's
    language button."""
    return html.split("<main", 1)[1].count("<details")


def test_faq_overview_limits_answers_per_category(client, monkeypatch, db):
    monkeypatch.setattr(faq_context, "ANSWERS_PER_CATEGORY", 2)
    monkeypatch.setattr(faq_context, "CATEGORY_PAGE_SIZE", 4)
    front_data.build(batches=3)  # six answers, one category
    html = html_of(client, "/vragen/")
    assert answers_shown(html) == 2
    assert 'href="?onderwerp=basisondersteuning"' in html
    assert "Alle 6 vragen over Basisondersteuning" in html

    html = html_of(client, "/vragen/?onderwerp=basisondersteuning")
    assert answers_shown(html) == 4
    assert current_page(html) == 1
    html = html_of(client, "/vragen/?onderwerp=basisondersteuning&pagina=2")
    assert answers_shown(html) == 2
    html = html_of(client, "/vragen/?onderwerp=basisondersteuning&pagina=7")
    assert "Pagina ‘7’ bestaat niet. U ziet nu pagina 2." in html


def test_faq_unknown_category_shows_the_overview_with_a_notice(client, db):
    front_data.build()
    html = html_of(client, "/vragen/?onderwerp=bestaat-niet")
    assert "Dit onderwerp bestaat niet" in html
    assert "Waar krijg ik hulp bij schulden (a)?" in html
