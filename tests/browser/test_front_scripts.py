"""The comfort scripts: "Zoek dichtbij mij" (asks for the location only after a tap and
sorts by distance) and the map (only with JavaScript; the list says the same)."""

from __future__ import annotations

import pytest

from .conftest import VIEWPORTS, _new_tab

# Next to the sample data's Wijkentree 't Berflo (Berflo Esplein 2).
NEAR_BERFLO = {"latitude": 52.2782, "longitude": 6.7826}

COUNT_GEOLOCATION_CALLS = """
window.__geolocationCalls = 0;
const original = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
navigator.geolocation.getCurrentPosition = (...args) => {
    window.__geolocationCalls += 1;
    return original(...args);
};
"""


@pytest.fixture
def located_tab(playwright_browser):
    tab = _new_tab(
        playwright_browser,
        viewport=VIEWPORTS["mobile"],
        geolocation=NEAR_BERFLO,
        permissions=["geolocation"],
    )
    tab.page.add_init_script(COUNT_GEOLOCATION_CALLS)
    yield tab
    tab.context.close()


def test_near_me_asks_only_after_a_tap_and_sorts_by_distance(sample_site, located_tab):
    page = located_tab.page
    located_tab.goto(sample_site.url("locations-overview"))
    assert page.evaluate("window.__geolocationCalls") == 0
    button = page.get_by_role("button", name="Zoek dichtbij mij")
    button.click()
    results = page.locator("#near-me-results")
    results.wait_for()
    assert page.evaluate("window.__geolocationCalls") == 1
    first = results.locator(".portal-card h3").first.inner_text()
    assert first == "Wijkentree 't Berflo"
    distances = [
        float(text.split()[0].replace(",", "."))
        for text in results.locator(".portal-distance").all_inner_texts()
    ]
    assert distances == sorted(distances) and len(distances) > 1
    assert located_tab.page_errors == [] and located_tab.csp_violations() == []


def test_map_shows_every_listed_location_with_javascript(sample_site, tabs):
    tab = tabs["desktop"]
    page = tab.page
    tab.goto(sample_site.url("locations-overview"))
    page.locator("#location-map.leaflet-container").wait_for()
    assert page.locator("#map-section").is_visible()
    listed_with_coordinates = page.locator(
        ".js-location-list .portal-card[data-lat]:not([data-lat=''])"
    )
    markers = page.locator("#location-map path.leaflet-interactive")
    assert markers.count() == listed_with_coordinates.count() > 0
    assert "Kaartgegevens © Kadaster" in page.locator(".leaflet-control-attribution").inner_text()
    assert tab.page_errors == [] and tab.csp_violations() == []


def test_without_javascript_no_map_but_the_full_list(sample_site, no_js_tab):
    page = no_js_tab.page
    no_js_tab.goto(sample_site.url("locations-overview"))
    assert not page.locator("#map-section").is_visible()
    assert page.locator(".js-location-list .portal-card").count() > 0
    assert page.get_by_role("button", name="Zoek dichtbij mij").count() == 0
