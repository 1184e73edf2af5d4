"""Render tests for every public page type, language switch, lang attributes and structured data."""

import datetime
import json
import re

import pytest
from django.template.loader import get_template
from django.utils import timezone
from wagtail.models import Locale, Site

from locations import hours
from locations.models import Location
from portal.pages.models import HelpSettings
from tests import front_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(db):
    return front_data.build()


def get_html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def structured_data(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def language_switch_href(html):
    match = re.search(r'<a class="portal-lang-switch" href="([^"]+)"', html)
    assert match, "language switch missing"
    return match.group(1)


PAGE_URLS = [
    ("/", "Kies een onderwerp"),
    ("/themas/", "Geldzaken"),
    ("/themas/geldzaken/", "Schuldhulp A"),
    ("/organisaties/", "Schuldhulp A"),
    ("/organisaties/a-schuldhulp/", "Gratis hulp bij schulden"),
    ("/aanbod/", "Spreekuur geldzaken A"),
    ("/aanbod/a-schuldhulp-spreekuur/", "Kom langs met uw rekeningen"),
    ("/locaties/", "Wijkentree Berflo A"),
    ("/locaties/a-wijkentree-berflo/", "Openingstijden"),
    ("/vragen/", "Waar krijg ik hulp bij schulden (a)?"),
    ("/vragen/a-hulp-bij-schulden/", "De Wijkentree helpt u verder."),
    ("/contact/", "Contact"),
    ("/en/", "Choose a subject"),
    ("/en/themes/geldzaken/", "Schuldhulp A"),
    ("/en/locations/a-wijkentree-berflo/", "Opening hours"),
    ("/en/questions/", "Waar krijg ik hulp bij schulden (a)?"),
]


@pytest.mark.parametrize(("url", "expected"), PAGE_URLS)
def test_page_renders_with_help_block_and_landmarks(client, sample, url, expected):
    html = get_html(client, url)
    assert expected in html
    language = "en" if url.startswith("/en/") else "nl"
    assert f'<html lang="{language}"' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    # WCAG 3.2.6: the same help, in the same place, on every page.
    assert 'id="help-title"' in html and 'href="tel:14074"' in html
    assert "<script>" not in html and " style=" not in html  # CSP without unsafe-inline


def help_block(html):
    return html.split('<aside class="portal-help"', 1)[1].split("</aside>", 1)[0]


def test_english_help_block_shows_what_editors_set_for_the_english_site(client, sample):
    help_settings = HelpSettings.for_site(Site.objects.get(is_default_site=True))
    help_settings.phone_hours = "Werkdagen van 9.00 tot 16.00 uur"
    help_settings.phone_hours_en = "Workdays 9.00 to 16.00"
    help_settings.help_text_en = "<p>Call us or drop in.</p>"
    help_settings.footer_text = "<p>Gemaakt met inwoners.</p>"
    help_settings.footer_text_en = ""
    help_settings.save()

    english = get_html(client, "/en/")
    assert '<span class="portal-meta">Workdays 9.00 to 16.00</span>' in help_block(english)
    assert "<div><p>Call us or drop in.</p></div>" in help_block(english)
    # No English footer text: the Dutch one, marked as Dutch (WCAG 3.1.2).
    assert '<div lang="nl"><p>Gemaakt met inwoners.</p></div>' in english

    dutch = get_html(client, "/")
    assert '<span class="portal-meta">Werkdagen van 9.00 tot 16.00 uur</span>' in help_block(dutch)
    # Kept on one line, and left to right on right-to-left pages.
    assert '<span class="portal-phone" dir="ltr">14 074</span>' in help_block(dutch)
    assert "Call us" not in dutch
    assert "<div><p>Gemaakt met inwoners.</p></div>" in dutch

    help_settings.phone_hours_en = ""
    help_settings.save()
    english = get_html(client, "/en/")
    assert '<span class="portal-meta" lang="nl">Werkdagen van 9.00 tot 16.00 uur</span>' in english


def test_footer_links_to_contact_accessibility_and_privacy(client, sample):
    html = get_html(client, "/")
    for href in ['href="/contact/"', 'href="/toegankelijkheid/"', 'href="/privacy/"']:
        assert href in html
    html = get_html(client, "/en/")
    assert 'href="/en/accessibility/"' in html


@pytest.mark.parametrize(
    ("url", "switch"),
    [
        ("/", "/en/"),
        ("/en/", "/"),
        ("/themas/", "/en/themes/"),
        ("/themas/geldzaken/", "/en/themes/geldzaken/"),
        ("/organisaties/a-schuldhulp/", "/en/organisations/a-schuldhulp/"),
        ("/locaties/a-wijkentree-berflo/", "/en/locations/a-wijkentree-berflo/"),
        ("/en/questions/a-hulp-bij-schulden/", "/vragen/a-hulp-bij-schulden/"),
        ("/toegankelijkheid/", "/en/accessibility/"),
    ],
)
def test_language_switch_links_to_the_same_page_in_the_other_language(client, sample, url, switch):
    assert language_switch_href(get_html(client, url)) == switch


@pytest.fixture
def translated_location(sample):
    """Wijkentree Berflo A with an English translation whose slug the translator changed."""
    dutch = Location.objects.get(slug="a-wijkentree-berflo")
    english = dutch.copy_for_translation(Locale.objects.get(language_code="en"))
    english.slug = "a-walk-in-centre-berflo"
    english.save()
    return dutch, english


def test_language_switch_follows_a_translated_slug(client, translated_location):
    dutch_page, english_page = (
        "/locaties/a-wijkentree-berflo/",
        "/en/locations/a-walk-in-centre-berflo/",
    )
    assert language_switch_href(get_html(client, dutch_page)) == english_page
    assert language_switch_href(get_html(client, english_page)) == dutch_page


def test_dutch_address_on_english_site_leads_to_the_translation(client, translated_location):
    response = client.get("/en/locations/a-wijkentree-berflo/")
    assert response.status_code == 302
    assert response["Location"] == "/en/locations/a-walk-in-centre-berflo/"
    # Without a translation the Dutch item itself is shown on the English site.
    assert client.get("/en/organisations/a-schuldhulp/").status_code == 200


def test_language_switch_of_an_item_without_dutch_version_leads_to_dutch_home(
    client, translated_location
):
    dutch, _ = translated_location
    dutch.live = False
    dutch.save()
    get_html(client, "/locaties/a-wijkentree-berflo/", status=404)
    assert language_switch_href(get_html(client, "/en/locations/a-walk-in-centre-berflo/")) == "/"


def test_dutch_content_on_english_site_is_marked_dutch(client, sample):
    html = get_html(client, "/en/organisations/a-schuldhulp/")
    assert '<h1 class="utrecht-heading-1" lang="nl">Schuldhulp A</h1>' in html
    assert "<dt>Cost</dt>" in html  # English labels stay English
    html = get_html(client, "/en/questions/")
    assert '<summary lang="nl">' in html


def test_home_has_search_first_theme_tiles_and_wijkentrees(client, sample):
    html = get_html(client, "/")
    main = html.split('<main id="main"', 1)[1]
    assert main.index('action="/zoeken/"') < main.index("portal-tiles")
    assert 'href="/themas/geldzaken/"' in main
    assert "<svg" in main
    assert "Wijkentree Berflo A" in main
    assert 'name="postcode"' in main
    assert 'action="/en/search/"' in get_html(client, "/en/")


def test_theme_filters_combine(client, sample):
    html = get_html(client, "/themas/geldzaken/?doelgroep=ouderen&stadsdeel=zuid&kosten=gratis")
    assert "Schuldhulp A" in html and "Budgetcoach A" not in html
    html = get_html(client, "/themas/geldzaken/?doelgroep=jongeren&kosten=gratis")
    assert "Schuldhulp A" not in html and "Budgetcoach A" not in html
    html = get_html(client, "/themas/geldzaken/?kosten=betaald")
    assert "Budgetcoach A" in html and "Budgetcursus A" in html
    assert "Spreekuur geldzaken A" not in html


def test_theme_filter_with_unknown_value_explains_instead_of_failing(client, sample):
    html = get_html(client, "/themas/geldzaken/?kosten=%3Cscript%3E")
    assert "Een keuze klopte niet" in html
    assert "<script>" not in html.split("</head>", 1)[1]


def test_theme_page_lists_related_faq_answers(client, sample):
    html = get_html(client, "/themas/geldzaken/")
    assert "<details" in html and "Waar krijg ik hulp bij schulden (a)?" in html


def test_organisation_page_contact_details(client, sample):
    html = get_html(client, "/organisaties/a-schuldhulp/")
    assert 'href="tel:0740001234"' in html
    assert 'href="mailto:info@example.org"' in html
    assert 'href="https://example.org/schuldhulp"' in html
    assert "Nederlands, Turks, Arabisch" in html
    assert "Zuid" in html and "Gratis" in html
    assert "Laatst gecontroleerd op" in html and "12 oktober 2026" in html
    [data] = structured_data(html)
    assert data["@type"] == "Organization" and data["telephone"] == "074 000 1234"


def test_location_page_hours_route_and_place_data(client, sample):
    response = client.get("/locaties/a-wijkentree-berflo/")
    html = response.content.decode()
    assert "openstreetmap.org/directions" in html
    assert 'href="tel:0740004120"' in html
    assert "Rolstoeltoegankelijk" in html
    assert 'aria-current="date"' in html
    assert re.search(r"(Nu open tot|Gesloten|Vandaag gesloten)", html)
    [data] = structured_data(html)
    assert data["@type"] == "Place"
    days = {spec["dayOfWeek"] for spec in data["openingHoursSpecification"]}
    assert days == {"https://schema.org/Monday", "https://schema.org/Wednesday"}


def test_location_page_cache_expires_no_later_than_the_next_change(client, sample):
    location = sample.locations[0]
    schedule = hours.WeekSchedule.for_location(location)
    longest_allowed = hours.cache_seconds(schedule, timezone.now())
    response = client.get("/locaties/a-wijkentree-berflo/")
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age <= longest_allowed
    assert response["Cache-Control"] == f"max-age={max_age}"


def test_faq_pages(client, sample):
    html = get_html(client, "/vragen/")
    assert 'id="basisondersteuning"' in html and "<details" in html
    html = get_html(client, "/vragen/a-hulp-bij-schulden/")
    assert "Laatst nagekeken op" in html and "1 september 2026" in html
    assert 'href="/vragen/a-wat-is-basisondersteuning/"' in html  # related question
    [data] = structured_data(html)
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"].startswith("Loop binnen")


def test_locations_overview_groups_by_district_and_loads_map_only_there(client, sample):
    html = get_html(client, "/locaties/")
    assert html.index("Noord onder de A1") < html.index("Zuid</h3>")
    assert "leaflet.js" in html and 'id="map-data"' in html
    assert "leaflet" not in get_html(client, "/locaties/a-wijkentree-berflo/")
    assert "leaflet" not in get_html(client, "/")


def test_unknown_item_gives_styled_404(client, sample):
    html = get_html(client, "/organisaties/bestaat-niet/", status=404)
    assert 'action="/zoeken/"' in html and 'id="help-title"' in html


def test_500_template_renders_without_context_or_database():
    html = get_template("500.html").render()
    assert "Er ging iets mis" in html and "tel:14074" in html and 'action="/zoeken/"' in html


def test_location_without_organisation_coordinates_or_hours(client, sample):
    Location.objects.create(
        slug="losse-inloop",
        locale=Locale.get_default(),
        name="Losse inloop",
        kind=Location.Kind.INLOOP,
        street="Brink 1",
        postcode="7551 AA",
        live=True,
    )
    response = client.get("/locaties/losse-inloop/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geen vaste openingstijden" in html
    assert "openstreetmap.org/search" in html
    assert "max-age" not in response.get("Cache-Control", "")


def test_faq_answer_without_review_date_shows_when_it_was_published(client, sample):
    from faq.models import FAQAnswer

    answer = FAQAnswer.objects.get(slug="a-hulp-bij-schulden")
    published = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))
    FAQAnswer.objects.filter(pk=answer.pk).update(last_reviewed=None, last_published_at=published)
    html = get_html(client, "/vragen/a-hulp-bij-schulden/")
    assert "Laatst nagekeken op" not in html
    assert "Laatst bijgewerkt op" in html and "2 maart 2026" in html


def test_editors_find_the_english_help_texts_in_the_settings(admin_client, sample):
    site = Site.objects.get(is_default_site=True)
    html = get_html(admin_client, f"/admin/settings/pages/helpsettings/{site.pk}/")
    assert "Engelse website" in html
    for field_name in ("phone_hours_en", "help_text_en", "footer_text_en"):
        assert f'name="{field_name}"' in html
