"""The comfort scripts: "Zoek dichtbij mij" (asks for the location only after a tap and
sorts by distance), the map (only with JavaScript; the list says the same) and the
opening-hours line that stays right on a page read later than it was served."""

from __future__ import annotations

import json

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


@pytest.fixture
def clock_tab(playwright_browser):
    tab = _new_tab(playwright_browser, viewport=VIEWPORTS["mobile"])
    yield tab
    tab.context.close()


def _location_with_changes(sample_site, tab) -> tuple[str, list[dict]]:
    """A location page whose opening-hours timeline holds several different lines."""
    for url in sample_site.location_urls:
        tab.goto(sample_site.base_url + url)
        data = tab.page.locator("#opening-status-data")
        if data.count():
            timeline = json.loads(data.text_content())
            if len({entry["text"] for entry in timeline}) > 2:
                return url, timeline
    pytest.skip("no location with opening hours in the sample data")


def test_status_line_follows_the_clock_on_a_page_from_a_cache(sample_site, clock_tab):
    """The server writes the line for *now*; a page kept in a cache is read later. The script
    must then show the line of the latest change that has begun, from the page's own data."""
    url, timeline = _location_with_changes(sample_site, clock_tab)
    page = clock_tab.page
    served_text = page.locator("#opening-status").inner_text()
    later = next(entry for entry in timeline[1:] if entry["text"] != served_text)

    # The same HTML, read by a browser whose clock says it is a minute after that change.
    page.clock.install(time=later["from"] + 60)
    clock_tab.goto(sample_site.base_url + url)
    status = page.locator("#opening-status")
    assert status.inner_text() == later["text"]
    expected_class = "portal-status--open" if later["open"] else "portal-status--closed"
    assert expected_class in status.get_attribute("class")

    # And the line moves on by itself when the next change comes while the page is open.
    following = timeline[timeline.index(later) + 1]
    page.clock.run_for((following["from"] - later["from"]) * 1000)
    assert status.inner_text() == following["text"]
    assert clock_tab.page_errors == [] and clock_tab.csp_violations() == []
