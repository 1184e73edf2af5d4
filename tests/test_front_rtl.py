"""Right to left (issue 14): the page's direction follows the language; urgent help first and
filters behind one button on theme pages."""

import importlib
import io
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from directory.models import Theme
from tests import front_data

pytestmark = pytest.mark.django_db

WITH_ARABIC = [*settings.LANGUAGES, ("ar", "العربية")]


@pytest.fixture
def sample(db):
    return front_data.build()


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def html_element(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def render_base(rf, language: str) -> str:
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        return render_to_string("base.html", {"request": request}, request=request)


@pytest.mark.parametrize("url", ["/", "/en/", "/themas/geldzaken/", "/en/themes/geldzaken/"])
def test_pages_are_left_to_right_in_dutch_and_english(client, sample, url):
    element = html_element(get_html(client, url))
    assert 'dir="ltr"' in element


@override_settings(LANGUAGES=WITH_ARABIC)
def test_base_template_is_right_to_left_in_a_bidi_language(rf, sample):
    assert html_element(render_base(rf, "ar")) == '<html lang="ar" dir="rtl" class="portal-theme">'
    assert html_element(render_base(rf, "nl")) == '<html lang="nl" dir="ltr" class="portal-theme">'


def urgent_box(html: str) -> str | None:
    match = re.search(r'<section class="portal-urgent".*?</section>', html, re.S)
    return match.group(0) if match else None


def test_urgent_theme_opens_with_urgent_help_before_the_filters(client, sample):
    Theme.objects.filter(slug="geldzaken").update(urgent=True)
    html = get_html(client, "/themas/geldzaken/")
    box = urgent_box(html)
    assert box is not None
    assert 'href="tel:112"' in box
    assert 'href="tel:08002000"' in box
    assert "Direct hulp nodig?" in box
    assert "Veilig Thuis" in box
    # Phone numbers stay left to right on right-to-left pages.
    assert '<span class="portal-phone" dir="ltr">0800 2000</span>' in box
    assert html.index('class="portal-urgent"') < html.index('class="portal-filter-toggle"')
    assert html.index('class="portal-urgent"') > html.index("<h1")


def test_other_themes_have_no_urgent_help(client, sample):
    Theme.objects.filter(slug="geldzaken").update(urgent=True)
    assert urgent_box(get_html(client, "/themas/mantelzorg/")) is None
    assert urgent_box(get_html(client, "/en/themes/mantelzorg/")) is None


def test_urgent_help_on_the_english_theme_page(client, sample):
    Theme.objects.filter(slug="geldzaken").update(urgent=True)
    box = urgent_box(get_html(client, "/en/themes/geldzaken/"))
    assert box is not None
    assert 'href="tel:112"' in box
    assert 'href="tel:08002000"' in box


def test_urgent_help_is_in_english_on_the_english_site(client, sample):
    Theme.objects.filter(slug="geldzaken").update(urgent=True)
    box = urgent_box(get_html(client, "/en/themes/geldzaken/"))
    assert "Need help right now?" in box
    assert "Direct hulp nodig?" not in box


def test_filters_wait_behind_one_button(client, sample):
    html = get_html(client, "/themas/geldzaken/")
    toggle = re.search(r"<details class=\"portal-filter-toggle\"([^>]*)>\s*<summary", html)
    assert toggle is not None
    assert "open" not in toggle.group(1)  # closed: the results come first on a phone
    assert re.search(r'<details class="portal-filter-toggle".*?<select', html, re.S)
    assert "Resultaten filteren" in html
    assert "Filter results" in get_html(client, "/en/themes/geldzaken/")


def test_filters_open_after_a_wrong_choice(client, sample):
    html = get_html(client, "/themas/geldzaken/?kosten=niet-bestaand")
    assert re.search(r'<details class="portal-filter-toggle" open>', html)
    assert "Een keuze klopte niet" in html


def test_data_migration_marks_domestic_violence_urgent(sample):
    Theme.objects.create(slug="huiselijk-geweld", name="Huiselijk geweld")
    migration = importlib.import_module("directory.migrations.0006_mark_domestic_violence_urgent")
    migration.mark_urgent(apps, None)
    assert Theme.objects.get(slug="huiselijk-geweld").urgent
    assert not Theme.objects.get(slug="geldzaken").urgent


def test_mark_urgent_themes_command(sample):
    call_command("mark_urgent_themes", "mantelzorg", stdout=io.StringIO())
    assert Theme.objects.get(slug="mantelzorg").urgent
    with pytest.raises(CommandError, match="niet-bestaand"):
        call_command("mark_urgent_themes", "geldzaken", "niet-bestaand")
    assert not Theme.objects.get(slug="geldzaken").urgent  # all or nothing


@override_settings(LANGUAGES=WITH_ARABIC)
def test_dutch_text_on_a_right_to_left_page_keeps_left_to_right(sample):
    organisation = sample.organisations[0]
    template = Template("{% load portal_tags %}<p{% lang_attr item %}>")
    context = Context({"item": organisation})
    with translation.override("ar"):
        assert template.render(context) == '<p lang="nl" dir="ltr">'
    with translation.override("en"):
        assert template.render(context) == '<p lang="nl">'  # same direction: lang only
    with translation.override("nl"):
        assert template.render(context) == "<p>"
