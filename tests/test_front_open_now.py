"""The "Nu open" filter and the open/closed line on cards, the map, postcode results and
search results (fixed moments in Europe/Amsterdam), and the header search box."""

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from locations import statuses
from locations.hours import WeekSchedule
from locations.page_context import location_index_context
from search.views import search_page
from tests import front_data

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
# The sample Wijkentree Berflo A opens Mo, We 09:00-12:00 and 13:00-16:00; Wijkteam Noord A
# Fr 08:30-17:00; Inloop Zuid A has no fixed hours.
MONDAY_MORNING = dt.datetime(2026, 11, 23, 10, 0, tzinfo=AMS)
MONDAY_EVENING = dt.datetime(2026, 11, 23, 20, 0, tzinfo=AMS)
FRIDAY_MORNING = dt.datetime(2026, 11, 27, 10, 0, tzinfo=AMS)
CHRISTMAS_FRIDAY = dt.datetime(2026, 12, 25, 10, 0, tzinfo=AMS)

BERFLO = WeekSchedule(
    windows={
        0: [(dt.time(9), dt.time(12)), (dt.time(13), dt.time(16))],
        2: [(dt.time(9), dt.time(12)), (dt.time(13), dt.time(16))],
    }
)
TEAM = WeekSchedule(windows={4: [(dt.time(8, 30), dt.time(17))]})
NO_HOURS = WeekSchedule()


@pytest.fixture
def sample(db):
    return front_data.build()


# --- pure functions at fixed moments -----------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (MONDAY_MORNING, {1}),
        (dt.datetime(2026, 11, 23, 12, 30, tzinfo=AMS), set()),  # lunch break
        (dt.datetime(2026, 11, 23, 15, 59, tzinfo=AMS), {1}),
        (dt.datetime(2026, 11, 23, 16, 0, tzinfo=AMS), set()),  # closing time is closed
        (MONDAY_EVENING, set()),
        (FRIDAY_MORNING, {2}),
        (CHRISTMAS_FRIDAY, set()),  # public holiday
        # 10:00 in Amsterdam is 09:00 UTC in winter and 08:00 UTC in summer.
        (dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), {1}),
        (dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC), {1}),
        (dt.datetime(2026, 6, 1, 6, 30, tzinfo=dt.UTC), set()),  # 08:30 in Amsterdam
    ],
)
def test_open_ids_at_fixed_moments(moment, expected):
    assert statuses.open_ids({1: BERFLO, 2: TEAM, 3: NO_HOURS}, moment) == expected


def test_status_by_location_leaves_out_places_without_hours():
    lines = statuses.status_by_location({1: BERFLO, 3: NO_HOURS}, MONDAY_EVENING, "nl")
    assert set(lines) == {1}
    assert lines[1].text == "Gesloten — opent woensdag om 09:00"
    english = statuses.status_by_location({1: BERFLO}, MONDAY_MORNING, "en")
    assert english[1].text == "Open now until 12:00"


@pytest.mark.parametrize(
    ("query", "wanted"),
    [("", False), ("open=", False), ("open=nu", True), ("open=now", True), ("open=NU%20", True)],
)
def test_open_now_parameter(query, wanted):
    assert statuses.open_now_requested(QueryDict(query)) is wanted


@pytest.mark.parametrize(("language", "message"), [("nl", "Deze keuze"), ("en", "We do not")])
def test_unknown_open_now_value_is_explained(language, message):
    with pytest.raises(statuses.OpenNowChoiceError, match=message):
        statuses.open_now_requested(QueryDict("open=ja"), language)


# --- locations overview ------------------------------------------------------------------


def index_context(url, moment):
    request = RequestFactory().get(url)
    with translation.override("nl"):
        return location_index_context(request, moment)


def names(locations):
    return [location.name for location in locations]


def test_open_now_narrows_list_and_map_on_monday_morning(sample):
    context = index_context("/locaties/?open=nu", MONDAY_MORNING)
    assert context["open_now"] is True
    assert names(context["locations"]) == ["Wijkentree Berflo A"]
    assert [point["name"] for point in context["map_points"]] == ["Wijkentree Berflo A"]
    assert context["map_points"][0]["status"] == "Nu open tot 12:00"
    assert context["location_total"] == 3


def test_open_now_on_friday_shows_the_wijkteam(sample):
    context = index_context("/locaties/?open=nu", FRIDAY_MORNING)
    assert names(context["locations"]) == ["Wijkteam Noord A"]


def test_open_now_in_the_evening_shows_nothing(sample):
    context = index_context("/locaties/?open=nu", MONDAY_EVENING)
    assert context["locations"] == []


def test_without_the_filter_every_location_carries_its_status(sample):
    context = index_context("/locaties/", MONDAY_MORNING)
    by_name = {location.name: location.opening_status for location in context["locations"]}
    assert by_name["Wijkentree Berflo A"].text == "Nu open tot 12:00"
    assert by_name["Wijkteam Noord A"].text == "Gesloten — opent vrijdag om 08:30"
    assert by_name["Inloop Zuid A"] is None


def test_postcode_results_carry_their_status(sample):
    context = index_context("/locaties/?postcode=7552", MONDAY_MORNING)
    result = context["postcode_result"]
    assert result.wijkentrees[0].opening_status.text == "Nu open tot 12:00"
    assert result.wijkteams[0].opening_status.is_open is False


def test_location_card_shows_the_status_as_text(sample):
    [location] = statuses.attach_statuses(
        [sample.locations[0]], MONDAY_MORNING.replace(hour=13, minute=30), "nl"
    )
    with translation.override("nl"):
        html = render_to_string("components/location_card.html", {"location": location})
    assert re.search(
        r'<p class="portal-status[^"]*portal-status--open">Nu open tot 16:00</p>', html
    )


def status_lines(html):
    return re.findall(r'<p class="portal-status portal-status--compact[^"]*">([^<]+)</p>', html)


def test_overview_page_renders_statuses_and_the_filter_form(client, sample):
    html = client.get("/locaties/").content.decode()
    # Berflo and the wijkteam have hours, the inloop has none: two lines, whatever the time.
    lines = status_lines(html.split('id="list-title"', 1)[1])
    assert len(lines) == 2
    assert all(re.match(r"(Nu open|Gesloten|Vandaag gesloten)", line) for line in lines)
    assert 'name="open" value="nu"' in html and "Nu open" in html
    data = json.loads(re.search(r'id="map-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert {bool(point["status"]) for point in data} == {True}  # both mapped places have hours


def test_open_now_page_says_how_many_are_open(client, sample):
    html = client.get("/locaties/", {"open": "nu"}).content.decode()
    assert 'role="status" class="portal-open-count"' in html
    assert "Toon alle locaties" in html
    assert "Inloop Zuid A" not in html.split('id="list-title"', 1)[1]  # never open: no hours


def test_english_overview_uses_open_now(client, sample):
    html = client.get("/en/locations/", {"open": "now"}).content.decode()
    assert 'name="open" value="now"' in html and "Open now" in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/locaties/", "Deze keuze kennen we niet"),
        ("/en/locations/", "We do not know this choice"),
    ],
)
def test_bad_open_value_gives_400_with_a_message(client, sample, url, message):
    response = client.get(url, {"open": "<b>ja</b>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "<b>ja" not in html


@pytest.mark.parametrize(
    "url",
    ["/", "/themas/geldzaken/", "/organisaties/a-schuldhulp/", "/aanbod/a-schuldhulp-spreekuur/"],
)
def test_location_cards_elsewhere_show_the_status(client, sample, url):
    html = client.get(url).content.decode()
    assert status_lines(html), url


# --- search results ------------------------------------------------------------------------


def search_html(params, moment, language="nl"):
    request = RequestFactory().get("/zoeken/" if language == "nl" else "/en/search/", params)
    request.user = AnonymousUser()
    with translation.override(language):
        response = search_page(request, moment=moment)
        response.render()
    return response.content.decode()


def result_titles(html):
    return re.findall(r'<h2><a href="[^"]*">([^<]+)</a></h2>', html)


def test_search_results_show_the_status_of_locations(sample):
    html = search_html({"q": "berflo"}, MONDAY_MORNING)
    assert "Wijkentree Berflo A" in result_titles(html)
    assert "Nu open tot 12:00" in status_lines(html)


def test_search_open_now_keeps_only_open_locations(sample):
    everything = result_titles(search_html({"q": "wijkentree wijkteam"}, MONDAY_MORNING))
    assert {"Wijkentree Berflo A", "Wijkteam Noord A"} <= set(everything)
    html = search_html({"q": "wijkentree wijkteam", "open": "nu"}, MONDAY_MORNING)
    assert result_titles(html) == ["Wijkentree Berflo A"]
    assert 'id="f-open-now"' in html and re.search(r'id="f-open-now"[^>]*checked', html)
    assert '<input type="hidden" name="open" value="nu">' in html  # kept by the search form
    friday = search_html({"q": "wijkentree wijkteam", "open": "nu"}, FRIDAY_MORNING)
    assert result_titles(friday) == ["Wijkteam Noord A"]


def test_search_open_now_with_nothing_open_explains_without_filter_panel(sample):
    html = search_html({"q": "wijkentree", "open": "nu"}, MONDAY_EVENING)
    assert result_titles(html) == []
    assert "Er is nu niets open dat past bij uw zoekopdracht." in html
    assert 'href="?q=wijkentree">Zoek zonder filters' in html
    assert 'id="filters"' not in html


def test_search_open_now_in_english(sample):
    html = search_html({"q": "berflo", "open": "now"}, MONDAY_MORNING, "en")
    assert "Open now until 12:00" in status_lines(html)
    assert 'name="open" value="now"' in html


def test_search_with_a_bad_open_value_explains(client, sample):
    response = client.get("/zoeken/", {"q": "berflo", "open": "ja"})
    assert response.status_code == 200
    assert "Deze keuze kennen we niet" in response.content.decode()


def test_zero_result_page_has_no_empty_filter_panel(client, sample):
    html = client.get("/zoeken/", {"q": "qqxzvw"}).content.decode()
    assert "Niets gevonden" in html
    assert 'id="filters"' not in html and "Resultaten filteren" not in html
    assert "Filters toepassen" not in html


def test_results_still_have_the_filter_panel(client, sample):
    html = client.get("/zoeken/", {"q": "schulden"}).content.decode()
    assert 'id="filters"' in html and "Filters toepassen" in html


# --- header search box -----------------------------------------------------------------------

HEADER_SEARCH = re.compile(
    r'<form class="portal-header-search" action="(?P<action>[^"]+)" method="get" role="search"'
    r' aria-label="(?P<name>[^"]+)">\s*<label class="visually-hidden" for="header-search-q">'
)


@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/themas/geldzaken/", "/zoeken/"),
        ("/organisaties/", "/zoeken/"),
        ("/locaties/", "/zoeken/"),
        ("/locaties/a-wijkentree-berflo/", "/zoeken/"),
        ("/vragen/", "/zoeken/"),
        ("/contact/", "/zoeken/"),
        ("/bestaat-niet/", "/zoeken/"),
        ("/en/themes/geldzaken/", "/en/search/"),
        ("/en/locations/", "/en/search/"),
    ],
)
def test_header_search_on_every_public_page(client, sample, url, action):
    response = client.get(url)
    html = response.content.decode()
    match = HEADER_SEARCH.search(html)
    assert match, url
    assert match["action"] == action
    assert html.count('id="header-search-q"') == 1
    assert html.index("portal-header-search") < html.index('<main id="main"')


@pytest.mark.parametrize("url", ["/", "/en/", "/zoeken/", "/zoeken/?q=schulden", "/en/search/"])
def test_no_second_search_landmark_where_the_page_has_its_own(client, sample, url):
    html = client.get(url).content.decode()
    assert "portal-header-search" not in html
    assert html.count('role="search"') == 1
