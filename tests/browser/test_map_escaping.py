"""Data on the map is text, never HTML (issue 16, item 14).

A location named like an HTML element must show that name literally in the map's tooltip
and popup; no element may be created from it. Leaflet sets string content with innerHTML,
so map.js must hand it DOM nodes filled with textContent.
"""

from __future__ import annotations

import pytest

from .conftest import VIEWPORTS, _new_tab

HOSTILE_NAME = '<img src=x onerror="window.__mapXss=1"><b>Vet</b>'
# Far from the sample locations, so its marker is not covered by another.
HOSTILE_POINT = {"latitude": "52.3050000", "longitude": "6.7000000"}

# Records every <img src="x"> and <b> that is ever put into the page, also in nodes added
# later (Leaflet creates a tooltip's DOM when it opens).
WATCH_INSERTED_ELEMENTS = """
window.__inserted = [];
new MutationObserver(function (mutations) {
  mutations.forEach(function (mutation) {
    mutation.addedNodes.forEach(function (node) {
      if (node.nodeType !== 1) return;
      var found = [node].concat(Array.prototype.slice.call(node.querySelectorAll("img, b")));
      found.forEach(function (el) {
        if ((el.tagName === "IMG" && el.getAttribute("src") === "x") || el.tagName === "B") {
          window.__inserted.push(el.outerHTML);
        }
      });
    });
  });
}).observe(document, { childList: true, subtree: true });
"""


@pytest.fixture(scope="module")
def hostile_location(sample_site, django_db_blocker):
    """Committed (the live server reads it from its own connection), removed afterwards."""
    from .. import editorial_helpers

    with django_db_blocker.unblock():
        location = editorial_helpers.make_location(
            name=HOSTILE_NAME, slug="xss-proef", street="Proefstraat 1", **HOSTILE_POINT
        )
    yield location
    with django_db_blocker.unblock():
        location.delete()


@pytest.fixture
def watched_tab(playwright_browser):
    tab = _new_tab(playwright_browser, viewport=VIEWPORTS["desktop"])
    tab.page.add_init_script(WATCH_INSERTED_ELEMENTS)
    yield tab
    tab.context.close()


def test_location_names_on_the_map_stay_text(sample_site, hostile_location, watched_tab):
    page = watched_tab.page
    watched_tab.goto(sample_site.url("locations-overview"))
    page.locator("#location-map.leaflet-container").wait_for()

    tooltip_texts = []
    markers = page.locator("#location-map path.leaflet-interactive")
    for index in range(markers.count()):
        markers.nth(index).hover(force=True)
        tooltip = page.locator(".leaflet-tooltip")
        if tooltip.count():
            tooltip_texts.append(tooltip.last.inner_text())
        if HOSTILE_NAME in tooltip_texts:
            markers.nth(index).click(force=True)  # the popup, too
            break
    assert HOSTILE_NAME in tooltip_texts, tooltip_texts
    popup = page.locator(".leaflet-popup-content a")
    popup.wait_for()
    assert popup.inner_text() == HOSTILE_NAME

    assert page.evaluate("window.__inserted") == []
    assert page.locator("#location-map img[src='x'], #location-map b").count() == 0
    assert page.evaluate("window.__mapXss") is None
    assert watched_tab.page_errors == []
