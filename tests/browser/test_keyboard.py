"""Keyboard only: Tab, Enter and Space reach and use the search box, filters, the language
switch and the FAQ, and every focused element shows where the focus is (WCAG 2.4.7), in
every language of ``settings.LANGUAGES`` (right to left included)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from locations.statuses import OPEN_NOW_PARAMETER, open_now_value

from .conftest import LANGUAGES, LAYOUT_LANGUAGES

MAX_TAB_STOPS = 80

DESCRIBE_ACTIVE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const name = (el.getAttribute('aria-label') || el.textContent || el.name || '').trim();
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${name.slice(0, 40)}"`;
}"""


def tab_until(page, predicate_js: str, what: str) -> list[str]:
    """Press Tab until the focused element matches ``predicate_js`` (a JS function of it)."""
    visited = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({predicate_js})(document.activeElement)"):
            return visited
        visited.append(page.evaluate(DESCRIBE_ACTIVE))
    pytest.fail(f"{what} not reached with Tab in {MAX_TAB_STOPS} stops; focus went: {visited}")


def focus_is_visible(page) -> bool:
    """Compare the focused element's surroundings with and without focus, pixel for pixel."""
    box = page.evaluate(
        """() => {
            const r = document.activeElement.getBoundingClientRect();
            return {x: r.left, y: r.top, width: r.width, height: r.height,
                    vw: window.innerWidth, vh: window.innerHeight};
        }"""
    )
    pad = 6
    x = max(box["x"] - pad, 0)
    y = max(box["y"] - pad, 0)
    width = min(box["x"] + box["width"] + pad, box["vw"]) - x
    height = min(box["y"] + box["height"] + pad, box["vh"]) - y
    if width <= 0 or height <= 0:
        return False  # focused but not on screen: nobody can see it
    clip = {"x": x, "y": y, "width": width, "height": height}
    focused = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("() => { window.qaFocused = document.activeElement; window.qaFocused.blur(); }")
    unfocused = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("() => window.qaFocused.focus()")
    return focused != unfocused


def assert_on_search_page(page, query: str, language: str) -> None:
    """The search page in ``language`` with ``query`` in its own search box."""
    assert urlsplit(page.url).query == f"q={query}", page.url
    assert page.evaluate("() => document.documentElement.lang") == language, page.url
    assert page.locator("main input[name=q]").first.input_value() == query, page.url


@pytest.mark.parametrize("language", LAYOUT_LANGUAGES)
@pytest.mark.parametrize("page_type", ["home", "theme", "faq-overview", "location"])
def test_every_tab_stop_shows_visible_focus(sample_site, keyboard_tab, page_type, language):
    page = keyboard_tab.page
    keyboard_tab.goto(sample_site.url(page_type, language))
    invisible, seen = [], []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        description = page.evaluate(DESCRIBE_ACTIVE)
        handle = page.evaluate_handle("() => document.activeElement")
        if description == "body" or any(handle == s for s in seen):
            break
        if page.evaluate("el => el.closest('.leaflet-container') !== null", handle):
            seen.append(handle)
            continue  # the map's own controls: Leaflet styles them, the list says the same
        seen.append(handle)
        if not focus_is_visible(page):
            invisible.append(description)
    assert len(seen) > 3, f"only {len(seen)} tab stops on {page_type} ({language})"
    assert invisible == [], f"no visible focus on {page_type} ({language}) for: {invisible}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_box_by_keyboard(sample_site, keyboard_tab, language):
    page = keyboard_tab.page
    keyboard_tab.goto(sample_site.url("home", language))
    tab_until(
        page,
        "el => el.matches('input[type=search], input[name=q]')",
        "the search box",
    )
    page.keyboard.type("geldzorgen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=geldzorgen" in page.url
    assert page.locator("main").inner_text().strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_search_box_by_keyboard(sample_site, keyboard_tab, language):
    """Every page but home and search has a search box in the header, early in Tab order."""
    page = keyboard_tab.page
    keyboard_tab.goto(sample_site.url("theme", language))
    visited = tab_until(page, "el => el.id === 'header-search-q'", "the header search box")
    assert len(visited) <= 3, f"too many stops before the header search box: {visited}"
    page.keyboard.type("geldzorgen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_on_search_page(page, "geldzorgen", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_open_now_filter_by_keyboard(sample_site, keyboard_tab, language):
    page = keyboard_tab.page
    keyboard_tab.goto(sample_site.url("locations-overview", language))
    tab_until(page, "el => el.id === 'open-now'", "the 'Nu open' checkbox")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"{OPEN_NOW_PARAMETER}={open_now_value(language)}" in page.url


@pytest.mark.parametrize("language", LANGUAGES)
def test_filters_by_keyboard(sample_site, keyboard_tab, language):
    page = keyboard_tab.page
    keyboard_tab.goto(sample_site.url("theme", language))
    control_selector = (
        "main form select, main form input[type=checkbox], main form input[type=radio]"
    )
    assert page.locator(control_selector).count() > 0, "the theme page has no filter form"
    tab_until(page, f"el => el.matches({control_selector!r})", "a filter control")
    name = page.evaluate("() => document.activeElement.name")
    kind = page.evaluate("() => document.activeElement.type")
    before = page.url
    if kind in ("checkbox", "radio"):
        page.keyboard.press("Space")
        assert page.evaluate("() => document.activeElement.checked")
    else:
        page.keyboard.press("ArrowDown")
    page.wait_for_load_state("load")
    if page.url == before:
        # Without an auto-submitting script: Tab on to the form's button and press Enter.
        tab_until(
            page,
            "el => el.matches('button, input[type=submit]') && el.form !== null",
            "the filter form's submit button",
        )
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert f"{name}=" in page.url, f"filter {name!r} not in {page.url}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switch_by_keyboard(sample_site, keyboard_tab, language):
    """From each language's theme page to the next language's version of the same page."""
    target = LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
    page = keyboard_tab.page
    keyboard_tab.goto(sample_site.url("theme", language))
    # The languages wait behind one button (a <details>): open it, then reach the link.
    tab_until(page, "el => el.matches('.portal-languages summary')", "the language button")
    assert not page.evaluate("() => document.activeElement.parentElement.open")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.parentElement.open")
    tab_until(
        page,
        f"el => el.matches('a[hreflang={target}][lang={target}]')",
        f"the link to the {target} site",
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == sample_site.url("theme", target)
    assert page.evaluate("() => document.documentElement.lang") == target


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_details_by_keyboard(sample_site, keyboard_tab, language):
    page = keyboard_tab.page
    keyboard_tab.goto(sample_site.url("faq-overview", language))
    assert page.locator("main details > summary").count() > 0, "no <details> answers"
    tab_until(page, "el => el.matches('details > summary')", "the first FAQ question")
    is_open = "() => document.activeElement.parentElement.open"
    assert not page.evaluate(is_open)
    page.keyboard.press("Enter")
    assert page.evaluate(is_open)
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    assert not page.evaluate(is_open)
    page.keyboard.press("Space")
    assert page.evaluate(is_open)
