"""Six site languages (issue 14): every language serves the whole site, untranslated items
and pages show the Dutch text marked lang="nl" with a notice in the reader's language, the
switch and hreflang links lead to the same page in each language, one sitemap per language."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization

from directory.models import Organisation
from portal.localization.trees import ensure_locales
from tests import front_data
from tests.localization_helpers import translate

pytestmark = pytest.mark.django_db

OTHER = ["en", "tr", "ar", "pl", "uk"]
NATIVE = {
    "nl": "Nederlands",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "pl": "Polski",
    "uk": "Українська",
}
NOTICE = {
    "en": "This information has not been translated yet.",
    "tr": "Bu bilgi henüz çevrilmedi.",
    "ar": "لم تتم ترجمة هذه المعلومات بعد.",
    "pl": "Ta informacja nie jest jeszcze przetłumaczona.",
    "uk": "Цю інформацію ще не перекладено.",
}
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def sample(db):
    return front_data.build()


def html_of(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def switch_links(html) -> dict[str, str]:
    nav = re.search(r'<nav class="portal-languages".*?</nav>', html, re.S).group(0)
    pattern = r'<a class="portal-lang-switch" href="([^"]+)" hreflang="([^"]+)"'
    return {code: href for href, code in re.findall(pattern, nav)}


def hreflangs(html) -> dict[str, str]:
    pattern = r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"'
    return dict(re.findall(pattern, html))


def test_languages_come_from_settings_with_native_names():
    assert dict(settings.LANGUAGES) == NATIVE
    assert settings.WAGTAIL_CONTENT_LANGUAGES == settings.LANGUAGES
    assert settings.LANGUAGE_CODE == "nl"


def test_every_language_has_a_locale_synchronised_from_dutch():
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert set(NATIVE) <= codes
    for code in OTHER:
        sync = LocaleSynchronization.objects.get(locale__language_code=code)
        assert sync.sync_from.language_code == "nl"


def test_setup_site_runs_again_without_creating_anything():
    before = Page.objects.count()
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    assert "0 page(s) created" in out.getvalue()
    assert Page.objects.count() == before
    for code in ("tr", "ar", "pl", "uk"):
        assert Page.objects.filter(locale__language_code=code).count() == (
            Page.objects.filter(locale__language_code="en").count()
        )


@pytest.mark.parametrize("code", ["tr", "ar", "pl", "uk"])
def test_every_language_serves_the_whole_site_in_dutch_until_translated(client, sample, code):
    for url, dutch in [
        (f"/{code}/", None),
        (f"/{code}/themas/geldzaken/", "Schuldhulp A"),
        (f"/{code}/organisaties/a-schuldhulp/", "Schuldhulp A"),
        (f"/{code}/locaties/a-wijkentree-berflo/", "Wijkentree Berflo A"),
        (f"/{code}/vragen/", None),
        (f"/{code}/vragen/a-hulp-bij-schulden/", None),
        (f"/{code}/contact/", None),
        (f"/{code}/zoeken/?q=schulden", None),
    ]:
        html = html_of(client, url)
        assert f'<html lang="{code}"' in html, url
        if dutch:
            assert dutch in html, url
    # Dutch text on a right-to-left page keeps its own direction.
    dutch_attrs = ' lang="nl" dir="ltr"' if code == "ar" else ' lang="nl"'
    item = html_of(client, f"/{code}/organisaties/a-schuldhulp/")
    assert f'<h1 class="utrecht-heading-1"{dutch_attrs}>Schuldhulp A</h1>' in item
    assert NOTICE[code] in item
    page = html_of(client, f"/{code}/contact/")  # a page still copied from Dutch
    assert f'<h1 class="utrecht-heading-1"{dutch_attrs}>Contact</h1>' in page
    assert NOTICE[code] in page


def test_no_notice_on_dutch_pages_and_on_translations(client, sample):
    assert "portal-untranslated" not in html_of(client, "/organisaties/a-schuldhulp/")
    assert "portal-untranslated" not in html_of(client, "/en/contact/")  # translated page
    organisation = Organisation.objects.get(slug="a-schuldhulp")
    translate(organisation, "tr", lambda text: f"TR {text}")
    html = html_of(client, "/tr/organisaties/a-schuldhulp/")
    assert "portal-untranslated" not in html
    assert '<h1 class="utrecht-heading-1">TR Schuldhulp A</h1>' in html


def test_language_switch_lists_every_language_by_its_own_name(client, sample):
    html = html_of(client, "/ar/organisaties/a-schuldhulp/")
    assert switch_links(html) == {
        "nl": "/organisaties/a-schuldhulp/",
        "en": "/en/organisations/a-schuldhulp/",
        "tr": "/tr/organisaties/a-schuldhulp/",
        "pl": "/pl/organisaties/a-schuldhulp/",
        "uk": "/uk/organisaties/a-schuldhulp/",
    }
    for code, name in NATIVE.items():
        assert f'lang="{code}"' in html and name in html
    # The current language is named, not linked; Arabic is written right to left.
    assert '<span class="portal-lang-current" lang="ar" dir="rtl" aria-current="true">' in html
    assert 'hreflang="ar" lang="ar" dir="rtl">العربية</a>' in html_of(client, "/")


def test_switch_follows_a_translated_slug_and_hreflang_names_every_version(client, sample):
    organisation = Organisation.objects.get(slug="a-schuldhulp")
    turkish = translate(organisation, "tr")
    turkish.slug = "borc-yardimi-a"
    turkish.save()
    html = html_of(client, "/organisaties/a-schuldhulp/")
    assert switch_links(html)["tr"] == "/tr/organisaties/borc-yardimi-a/"
    links = hreflangs(html)
    assert set(links) == {*NATIVE, "x-default"}
    assert links["tr"] == "http://testserver/tr/organisaties/borc-yardimi-a/"
    assert links["x-default"] == links["nl"] == "http://testserver/organisaties/a-schuldhulp/"
    assert hreflangs(html_of(client, "/tr/organisaties/borc-yardimi-a/")) == links


def test_item_only_in_one_language_has_no_alternates_elsewhere(client, sample):
    organisation = Organisation.objects.get(slug="a-schuldhulp")
    polish = translate(organisation, "pl")
    organisation.unpublish()
    html = html_of(client, f"/pl/organisaties/{polish.slug}/")
    assert set(hreflangs(html)) == {"pl"}
    assert switch_links(html)["nl"] == "/"  # no Dutch version: the Dutch home page
    assert switch_links(html)["tr"] == "/tr/"


def test_one_sitemap_per_language(client, sample):
    organisation = Organisation.objects.get(slug="a-schuldhulp")
    ukrainian = translate(organisation, "uk")
    ukrainian.slug = "dopomoha-a"
    ukrainian.save()
    robots = html_of(client, "/robots.txt")
    for code in NATIVE:
        assert f"Sitemap: http://testserver/sitemap-{code}.xml" in robots

    def locations(code):
        tree = ElementTree.fromstring(client.get(f"/sitemap-{code}.xml").content)  # noqa: S314
        return {loc.text for loc in tree.findall("s:url/s:loc", SITEMAP_NS)}

    base = "http://localhost"
    uk = locations("uk")
    assert {f"{base}/uk/", f"{base}/uk/organisaties/dopomoha-a/", f"{base}/uk/contact/"} <= uk
    assert f"{base}/uk/organisaties/a-schuldhulp/" not in uk
    assert all(url.startswith(f"{base}/uk/") for url in uk)
    tr = locations("tr")
    assert f"{base}/tr/organisaties/a-schuldhulp/" in tr  # Dutch item, served in Turkish
    nl = locations("nl")
    assert f"{base}/organisaties/a-schuldhulp/" in nl
    assert not any(url.startswith(f"{base}/en/") for url in nl)
    assert client.get("/sitemap-xx.xml").status_code == 404


def test_a_seventh_language_is_only_a_setting(client, sample):
    languages = [*settings.LANGUAGES, ("de", "Deutsch")]
    with override_settings(LANGUAGES=languages, WAGTAIL_CONTENT_LANGUAGES=languages):
        ensure_locales()
        assert LocaleSynchronization.objects.filter(locale__language_code="de").exists()
        with translation.override("de"):
            html = html_of(client, "/")
        assert 'hreflang="de" lang="de">Deutsch</a>' in html
