"""Right to left and the theme page on a phone (issue 14 items 2 and 7).

The stylesheet's right-to-left layout is checked twice: by forcing ``dir="rtl"`` on the Dutch
pages (axe, reflow, mirrored icons, numbers left to right), and on the real pages of every
right-to-left language in ``settings.LANGUAGES`` (Arabic) on a phone's first screen.

``BROWSER_SCREENSHOTS=<folder>`` saves what the phone-screen tests see, one PNG per page
and language, for a person to look at.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from directory.models import Theme

from .conftest import BIDI_LANGUAGES, LANGUAGES, URGENT_THEME, fetch
from .test_accessibility import describe_violations, run_axe

RTL_PAGE_TYPES = ["home", "theme", "organisation", "service", "location", "faq-overview"]
PHONE_SCREEN_PAGE_TYPES = ["home", "theme", "organisation", "location", "search"]
FIRST_SCREEN = {"width": 360, "height": 640}
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS")
# Numbers that must read left to right inside right-to-left text.
LEFT_TO_RIGHT_NUMBERS = ".portal-phone, .portal-hours td span"

SIDEWAYS_OVERFLOW = (
    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


def urgent_theme_url(sample_site) -> str:
    return f"{sample_site.base_url}/themas/{URGENT_THEME}/"


def force_rtl(page) -> None:
    page.evaluate("() => document.documentElement.setAttribute('dir', 'rtl')")


@pytest.mark.parametrize("page_type", RTL_PAGE_TYPES)
def test_pages_forced_right_to_left_pass_axe_and_reflow_at_360(
    sample_site, tabs, axe_source, page_type
):
    tab = tabs["mobile"]
    tab.goto(sample_site.url(page_type))
    force_rtl(tab.page)
    assert tab.page.evaluate(SIDEWAYS_OVERFLOW) <= 0, "scrolls sideways right to left"
    violations = run_axe(tab, axe_source)
    assert not violations, f"{page_type} right to left: " + describe_violations(violations)


def test_right_to_left_mirrors_the_layout_and_the_directional_icons(sample_site, tabs):
    tab = tabs["mobile"]
    tab.goto(sample_site.url("theme"))
    page = tab.page
    step = page.locator(".portal-pagination a[rel=next] .portal-icon--directional").first
    assert step.count() == 1, "the theme page in the sample data has a next-page link"
    assert page.evaluate("el => getComputedStyle(el).transform", step.element_handle()) == "none"
    assert text_offsets(page, "main h1") == ("left", 0)
    force_rtl(page)
    # Mirrored: scaleX(-1) is matrix(-1, 0, 0, 1, 0, 0).
    transform = page.evaluate("el => getComputedStyle(el).transform", step.element_handle())
    assert transform.startswith("matrix(-1,"), transform
    # The heading's text moves from the left edge of its box to the right edge.
    assert text_offsets(page, "main h1") == ("right", 0)


def text_offsets(page, selector: str) -> tuple[str, int]:
    """Which edge of the element its first line of text touches, and how far off it is."""
    return tuple(
        page.evaluate(
            """selector => {
                const el = document.querySelector(selector);
                const box = el.getBoundingClientRect();
                const range = document.createRange();
                range.selectNodeContents(el);
                const line = range.getClientRects()[0];
                const left = Math.round(line.left - box.left);
                const right = Math.round(box.right - line.right);
                return left <= right ? ['left', left] : ['right', right];
            }""",
            selector,
        )
    )


def test_phone_numbers_and_times_stay_left_to_right(sample_site, tabs):
    tab = tabs["mobile"]
    tab.goto(sample_site.url("location"))
    force_rtl(tab.page)
    directions = tab.page.evaluate(
        """() => [...document.querySelectorAll('.portal-phone, .portal-hours td span')]
            .map(el => getComputedStyle(el).direction)"""
    )
    assert directions, "the location page shows a phone number and opening hours"
    assert set(directions) == {"ltr"}


def test_first_result_is_on_the_first_screen_of_a_phone(sample_site, playwright_browser):
    context = playwright_browser.new_context(viewport=FIRST_SCREEN, locale="nl-NL")
    try:
        page = context.new_page()
        themes = Theme.objects.filter(urgent=False, parent=None).values_list("slug", flat=True)
        assert themes.exists()
        for slug in themes:
            page.goto(f"{sample_site.base_url}/themas/{slug}/", wait_until="load")
            first = page.locator("#results .portal-cards > li").first
            if first.count() == 0:
                continue  # a theme without results has nothing to show first
            top = first.bounding_box()["y"]
            assert top < FIRST_SCREEN["height"], f"/themas/{slug}/: first result at {top}px"
            assert not page.locator(".portal-filters select").first.is_visible()
    finally:
        context.close()


def test_filters_show_without_the_button_on_wide_screens(sample_site, tabs):
    tab = tabs["desktop"]
    tab.goto(sample_site.url("theme"))
    assert tab.page.locator(".portal-filters select").first.is_visible()
    assert not tab.page.locator(".portal-filter-toggle__summary").is_visible()


def test_filter_button_opens_the_filters_without_javascript(sample_site, no_js_tab):
    page = no_js_tab.page
    no_js_tab.goto(sample_site.url("theme"))
    select = page.locator(".portal-filters select").first
    assert not select.is_visible()
    page.click(".portal-filter-toggle__summary")
    assert select.is_visible()
    with page.expect_navigation():
        page.click(".portal-filters button[type=submit]")
    assert "#results" in page.url


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_urgent_theme_page_passes_axe(sample_site, tabs, axe_source, viewport):
    tab = tabs[viewport]
    response = tab.goto(urgent_theme_url(sample_site))
    assert response.status == 200
    box = tab.page.locator(".portal-urgent")
    assert box.is_visible()
    assert box.locator("a[href='tel:112']").count() == 1
    assert box.locator("a[href='tel:08002000']").count() == 1
    violations = run_axe(tab, axe_source)
    assert not violations, describe_violations(violations)


def test_urgent_theme_and_right_to_left_pages_are_valid_html(
    sample_site, vnu_command, tmp_path: Path
):
    pages = {"theme-urgent": urgent_theme_url(sample_site)}
    for page_type in ("theme", "location", "organisation"):
        pages[page_type] = sample_site.url(page_type)
    for name, url in pages.items():
        html = fetch(url)
        (tmp_path / f"{name}.html").write_bytes(html)
        rtl = html.replace(b'dir="ltr" class="portal-theme"', b'dir="rtl" class="portal-theme"', 1)
        assert rtl != html, f"{url}: no dir on <html>"
        (tmp_path / f"{name}-rtl.html").write_bytes(rtl)
    result = subprocess.run(
        [*vnu_command, str(tmp_path)], capture_output=True, text=True, timeout=300, check=False
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("language", BIDI_LANGUAGES)
def test_bidi_language_pages_are_right_to_left(sample_site, tabs, axe_source, language):
    tab = tabs["mobile"]
    response = tab.goto(f"{sample_site.base_url}/{language}/")
    assert response.status == 200
    html = tab.page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == language
    assert tab.page.evaluate(SIDEWAYS_OVERFLOW) <= 0
    violations = run_axe(tab, axe_source)
    assert not violations, f"/{language}/: " + describe_violations(violations)


@pytest.fixture(scope="module")
def phone_screen(playwright_browser):
    context = playwright_browser.new_context(viewport=FIRST_SCREEN, locale="nl-NL")
    yield context.new_page()
    context.close()


def save_screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def overlapping_controls(page) -> list[str]:
    """Pairs of visible links, buttons and fields on the first screen that cover each other."""
    return page.evaluate(
        """() => {
            const boxes = [...document.querySelectorAll(
                'a[href], button, input:not([type=hidden]), select, summary')]
                .filter(el => !el.closest('.leaflet-container, .visually-hidden'))
                .map(el => [el, el.getBoundingClientRect()])
                .filter(([el, r]) => r.width > 0 && r.height > 0 && r.top < innerHeight
                        && getComputedStyle(el).visibility !== 'hidden' && el.checkVisibility());
            const pairs = [];
            for (let i = 0; i < boxes.length; i++) {
                for (let j = i + 1; j < boxes.length; j++) {
                    const [a, ra] = boxes[i], [b, rb] = boxes[j];
                    if (a.contains(b) || b.contains(a)) continue;
                    const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
                    const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
                    if (x > 2 && y > 2) {
                        pairs.push(`${a.tagName}:${a.textContent.trim().slice(0, 20)} / `
                            + `${b.tagName}:${b.textContent.trim().slice(0, 20)}`);
                    }
                }
            }
            return pairs;
        }"""
    )


@pytest.mark.parametrize("language", BIDI_LANGUAGES)
@pytest.mark.parametrize("page_type", PHONE_SCREEN_PAGE_TYPES)
def test_bidi_language_phone_screen_is_mirrored(sample_site, phone_screen, page_type, language):
    """On a 360 x 640 phone: right to left, the heading on the right, numbers left to right,
    no sideways scrolling and no control covering another."""
    page = phone_screen
    url = sample_site.url(page_type, language)
    page.goto(url, wait_until="load")
    save_screenshot(page, f"{language}-{page_type}")
    assert page.evaluate("() => document.documentElement.dir") == "rtl", url
    assert page.evaluate(SIDEWAYS_OVERFLOW) <= 0, f"{url} scrolls sideways"
    # Mirrored: the site's name starts at the right edge (the heading may be Dutch text not
    # translated yet, marked dir="ltr", which rightly reads from the left).
    name = page.locator(".portal-header__name").bounding_box()
    assert FIRST_SCREEN["width"] - (name["x"] + name["width"]) < 40, f"{url}: name not right"
    heading_direction = page.evaluate(
        "() => getComputedStyle(document.querySelector('main h1')).direction"
    )
    expected_edge = "right" if heading_direction == "rtl" else "left"
    assert text_offsets(page, "main h1")[0] == expected_edge, f"{url}: heading not at its start"
    directions = page.evaluate(
        f"() => [...document.querySelectorAll({LEFT_TO_RIGHT_NUMBERS!r})]"
        ".map(el => getComputedStyle(el).direction)"
    )
    assert set(directions) <= {"ltr"}, f"{url}: numbers right to left"
    assert overlapping_controls(page) == [], url


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_first_screen_in_every_language(sample_site, phone_screen, language):
    """Every language's home page on a phone: no sideways scrolling, the heading on the first
    screen, no control covering another (long words in Turkish or Ukrainian, Arabic script)."""
    page = phone_screen
    url = sample_site.url("home", language)
    page.goto(url, wait_until="load")
    save_screenshot(page, f"{language}-home")
    assert page.evaluate(SIDEWAYS_OVERFLOW) <= 0, f"{url} scrolls sideways"
    box = page.locator("main h1").bounding_box()
    assert box["y"] + box["height"] <= FIRST_SCREEN["height"], f"{url}: heading below the fold"
    assert overlapping_controls(page) == [], url
