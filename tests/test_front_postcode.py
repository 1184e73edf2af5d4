"""Postcode lookup on the locations page: valid, unknown and malformed input."""

import pytest

from locations.postcode import normalise
from tests import front_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7552", "7552"),
        ("7552 AB", "7552 AB"),
        (" 7552ab ", "7552 AB"),
        ("7552  ab", "7552 AB"),
        ("0552", None),
        ("755", None),
        ("7552 A", None),
        ("abcd", None),
        ("", None),
        ("7552 ABC", None),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.fixture
def sample(db):
    return front_data.build()


@pytest.mark.parametrize("postcode", ["7552", "7552 AB", "7553nk"])
def test_valid_postcode_shows_district_wijkentree_and_wijkteam(client, sample, postcode):
    response = client.get("/locaties/", {"postcode": postcode})
    assert response.status_code == 200
    html = response.content.decode()
    result = html.split('id="postcode-result"', 1)[1].split('id="near-me"', 1)[0]
    assert "stadsdeel Noord onder de A1" in result
    assert "Wijkentree Berflo A" in result
    assert "Wijkteam Noord A" in result
    assert "Inloop Zuid A" not in result


def test_unknown_postcode_explains_hengelo(client, sample):
    response = client.get("/locaties/", {"postcode": "1234 AB"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Postcode 1234 AB ligt niet in Hengelo" in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("postcode", ["abc", "75521", "<b>7552</b>", ""])
def test_malformed_postcode_gives_400_with_a_dutch_message(client, sample, postcode):
    response = client.get("/locaties/", {"postcode": postcode})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit is geen postcode" in html
    assert "<b>7552" not in html


def test_english_messages(client, sample):
    response = client.get("/en/locations/", {"postcode": "nope"})
    assert "This is not a postcode" in response.content.decode()


def test_home_postcode_form_submits_to_locations_page(client, sample):
    html = client.get("/").content.decode()
    assert 'action="/locaties/#postcode-result"' in html
