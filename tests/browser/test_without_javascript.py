"""With JavaScript switched off the site still does its job: search, postcode, lists, in
every language of ``settings.LANGUAGES`` (right to left included)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.utils import translation
from django.utils.translation import gettext

from locations.statuses import OPEN_NOW_PARAMETER, open_now_value

from .conftest import LANGUAGES

POSTCODE_INPUT = "input[name=postcode]"
DETAIL_PAGE_TYPES = ["theme", "organisation", "service", "location", "faq-answer"]


def detail_link_prefixes(sample_site, language: str) -> tuple[str, ...]:
    """The index pages' paths in ``language`` (e.g. /themas/), from the detail pages' URLs."""
    paths = (urlsplit(sample_site.url(kind, language)).path for kind in DETAIL_PAGE_TYPES)
    return tuple(path.rstrip("/").rsplit("/", 1)[0] + "/" for path in paths)


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def main_links(page) -> list[str]:
    return page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => new URL(a.href).pathname)"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_works_without_javascript(sample_site, no_js_tab, language):
    page = no_js_tab.page
    no_js_tab.goto(sample_site.url("home", language))
    page.fill("input[type=search], input[name=q]", "geldzorgen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=geldzorgen" in page.url
    if sample_site.has_sample_data:
        results = [
            link
            for link in main_links(page)
            if link.startswith(detail_link_prefixes(sample_site, language)) and link.count("/") >= 3
        ]
        assert results, "a search for 'geldzorgen' shows no results without JavaScript"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", ["home", "locations-overview"])
def test_postcode_form_works_without_javascript(sample_site, no_js_tab, page_type, language):
    if sample_site.postcode_district is None:
        pytest.skip("no district postcodes in the sample data yet")
    postcode, district = sample_site.postcode_district
    page = no_js_tab.page
    no_js_tab.goto(sample_site.url(page_type, language))
    forms = page.locator(POSTCODE_INPUT)
    assert forms.count() > 0, f"no postcode form ({POSTCODE_INPUT}) on {page_type}"
    forms.first.fill(postcode)
    with page.expect_navigation():
        forms.first.press("Enter")
    assert district in page.locator("main").inner_text(), (
        f"postcode {postcode} does not show its district {district!r} without JavaScript"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_search_works_without_javascript(sample_site, no_js_tab, language):
    page = no_js_tab.page
    no_js_tab.goto(sample_site.url("location", language))
    page.fill("#header-search-q", "wijkentree")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).query == "q=wijkentree", page.url
    assert page.evaluate("() => document.documentElement.lang") == language, page.url
    assert page.locator("main .search-result").count() > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_open_now_filter_works_without_javascript(sample_site, no_js_tab, language):
    page = no_js_tab.page
    no_js_tab.goto(sample_site.url("locations-overview", language))
    every_card = page.locator("main .js-location-list .portal-card").count()
    page.check("#open-now")
    with page.expect_navigation():
        page.click(".portal-open-filter button[type=submit]")
    assert f"{OPEN_NOW_PARAMETER}={open_now_value(language)}" in page.url
    assert page.locator("#open-now").is_checked()
    count = page.locator(".portal-open-count").inner_text()
    shown = page.locator("main .js-location-list .portal-card")
    # Whatever the time: every card left says it is open now, and the count line says so.
    assert shown.count() < every_card
    for index in range(shown.count()):
        status = shown.nth(index).locator(".portal-status")
        assert "portal-status--open" in status.get_attribute("class")
    nobody_open = in_language(language, "Op dit moment is er geen locatie open.")
    assert (nobody_open.rstrip(".") in count) == (shown.count() == 0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_locations_list_complete_without_javascript(sample_site, no_js_tab, language):
    page = no_js_tab.page
    no_js_tab.goto(sample_site.url("locations-overview", language))
    listed = set(main_links(page))
    missing = [url for url in sample_site.location_urls_by_language[language] if url not in listed]
    assert missing == [], f"locations missing from the {language} overview's list: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_answers_readable_without_javascript(sample_site, no_js_tab, language):
    page = no_js_tab.page
    overview = sample_site.url("faq-overview", language)
    no_js_tab.goto(overview)
    # The overview shows the first answers per category and links to each category's own
    # page for the rest: together they must list every answer.
    seen = set(page.locator("main details > summary").all_inner_texts())
    category_links = page.locator('main a[href^="?onderwerp="]').evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    for href in category_links:
        no_js_tab.goto(overview + href)
        seen |= set(page.locator("main details > summary").all_inner_texts())
    assert len(seen) >= sample_site.faq_count
    no_js_tab.goto(overview)
    questions = page.locator("main details > summary")
    if sample_site.faq_count:
        questions.first.click()
        answer = questions.first.locator("xpath=..")
        assert answer.evaluate("d => d.open")
        assert len(answer.inner_text()) > len(questions.first.inner_text())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", ["theme", "organisation", "location"])
def test_detail_pages_list_their_content_without_javascript(
    sample_site, no_js_tab, page_type, language
):
    page = no_js_tab.page
    response = no_js_tab.goto(sample_site.url(page_type, language))
    assert response.status == 200
    assert page.locator("main h1").count() == 1
    assert len(page.locator("main").inner_text()) > 100
