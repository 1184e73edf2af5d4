"""Right to left and the theme page on a phone (issue 14 items 2 and 7).

Arabic is not among the languages yet, so the stylesheet's right-to-left layout is checked by
forcing ``dir="rtl"`` on the pages (axe, reflow, mirrored icons, numbers left to right), and
the tests over the bidi languages in ``settings.LANGUAGES`` start running once one is added.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import get_language_info

from directory.models import Theme

from .conftest import URGENT_THEME
from .test_accessibility import describe_violations, run_axe
from .test_html_validity import fetch

BIDI_LANGUAGES = [code for code, _ in settings.LANGUAGES if get_language_info(code)["bidi"]]
RTL_PAGE_TYPES = ["home", "theme", "organisation", "service", "location", "faq-overview"]
FIRST_SCREEN = {"width": 360, "height": 640}

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
