"""Machine translation as a draft (issue 14): configured from the environment, tested
against a local LibreTranslate-compatible server, never live by itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import TestCase, override_settings
from wagtail_localize.models import StringTranslation

from portal.settings.machine_translation import machine_translator_from_environment
from tests.factories import OrganisationFactory, SuperUserFactory
from tests.fake_translation_server import FakeLibreTranslate, closed_port_url
from tests.localization_helpers import start_translation

ROOT = Path(__file__).resolve().parent.parent


def libretranslate(url: str, key: str = "") -> dict:
    return machine_translator_from_environment(
        {
            "MACHINE_TRANSLATOR": "libretranslate",
            "LIBRETRANSLATE_URL": url,
            "LIBRETRANSLATE_API_KEY": key,
        }
    )


# --- configuration ------------------------------------------------------------------------


def test_off_when_not_configured():
    assert machine_translator_from_environment({}) is None
    assert machine_translator_from_environment({"MACHINE_TRANSLATOR": " "}) is None


def test_libretranslate_and_deepl_from_the_environment():
    config = libretranslate("http://translate.internal:5000/", "geheim")
    assert config["CLASS"] == "portal.localization.machine.LibreTranslate"
    assert config["OPTIONS"]["LIBRETRANSLATE_URL"] == "http://translate.internal:5000"
    assert config["OPTIONS"]["API_KEY"] == "geheim"
    deepl = machine_translator_from_environment(
        {
            "MACHINE_TRANSLATOR": "DeepL",
            "DEEPL_API_KEY": "abc:fx",
            "MACHINE_TRANSLATOR_TIMEOUT": "5",
        }
    )
    assert deepl["CLASS"] == "portal.localization.machine.DeepL"
    assert deepl["OPTIONS"] == {"AUTH_KEY": "abc:fx", "TIMEOUT": 5.0}


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MACHINE_TRANSLATOR": "google"}, "MACHINE_TRANSLATOR='google' is not known"),
        ({"MACHINE_TRANSLATOR": "libretranslate"}, "needs LIBRETRANSLATE_URL"),
        ({"MACHINE_TRANSLATOR": "deepl"}, "needs DEEPL_API_KEY"),
        (
            {"LIBRETRANSLATE_URL": "http://x:5000"},
            "LIBRETRANSLATE_URL is set but MACHINE_TRANSLATOR",
        ),
        (
            {"MACHINE_TRANSLATOR": "libretranslate", "LIBRETRANSLATE_URL": "translate:5000"},
            "is not an http(s) address",
        ),
        (
            {"MACHINE_TRANSLATOR": "deepl", "DEEPL_API_KEY": "k", "LIBRETRANSLATE_URL": "http://x"},
            "LIBRETRANSLATE_URL does not belong to MACHINE_TRANSLATOR=deepl",
        ),
        (
            {
                "MACHINE_TRANSLATOR": "deepl",
                "DEEPL_API_KEY": "k",
                "MACHINE_TRANSLATOR_TIMEOUT": "0",
            },
            "MACHINE_TRANSLATOR_TIMEOUT='0'",
        ),
    ],
)
def test_a_wrong_setting_is_refused_with_a_message(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        machine_translator_from_environment(environ)


def test_a_wrong_setting_stops_startup():
    env = {
        **os.environ,
        "MACHINE_TRANSLATOR": "libretranslate",
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
    }
    env.pop("LIBRETRANSLATE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "manage.py: MACHINE_TRANSLATOR=libretranslate needs LIBRETRANSLATE_URL" in result.stderr
    assert "Traceback" not in result.stderr


# --- in the translation editor ----------------------------------------------------------------


def press_machine_translate(client, translation):
    client.force_login(SuperUserFactory())
    back = f"/admin/snippets/directory/organisation/edit/{translation.get_target_instance().pk}/"
    url = f"/admin/localize/translate/{translation.pk}/machine_translate/?next={back}"
    return client.post(url), back


@pytest.mark.django_db
def test_machine_translation_is_a_draft_the_editor_publishes(client):
    organisation = OrganisationFactory(name="Buurthuis De Brink", summary="Koffie en een praatje.")
    translation = start_translation(organisation, "tr")
    translation.save_target(publish=False)  # "Vertalen": the Turkish draft to work on
    with (
        FakeLibreTranslate(api_key="geheim") as server,
        override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=libretranslate(server.url, "geheim")),
    ):
        response, back = press_machine_translate(client, translation)
    assert response.status_code == 302 and response["Location"] == back
    sent = server.requests[0]
    assert (sent["source"], sent["target"], sent["api_key"]) == ("nl", "tr", "geheim")
    assert "Buurthuis De Brink" in sent["q"] and "074" not in " ".join(sent["q"])  # no phone
    machine = StringTranslation.objects.filter(
        locale=translation.target_locale,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )
    assert set(machine.values_list("data", flat=True)) >= {
        "[tr] Buurthuis De Brink",
        "[tr] Koffie en een praatje.",
    }

    # Not live by itself: the Turkish site still shows the Dutch item, marked as Dutch.
    turkish = translation.get_target_instance()
    assert not turkish.live
    page = client.get(f"/tr/organisaties/{organisation.slug}/").content.decode()
    assert "[tr]" not in page and 'lang="nl">Buurthuis De Brink</h1>' in page

    # The editor reads it and publishes: then it is live.
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(back, {"action": "publish"})
    turkish.refresh_from_db()
    assert turkish.live and turkish.name == "[tr] Buurthuis De Brink"
    page = client.get(f"/tr/organisaties/{organisation.slug}/").content.decode()
    assert "[tr] Buurthuis De Brink</h1>" in page


@pytest.mark.django_db
def test_unreachable_service_gives_the_editor_a_message_and_writes_nothing(client):
    organisation = OrganisationFactory()
    translation = start_translation(organisation, "ar")
    translation.save_target(publish=False)
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=libretranslate(closed_port_url())):
        response, back = press_machine_translate(client, translation)
        assert response.status_code == 302 and response["Location"] == back
        page = client.get(back).content.decode()
    assert "LibreTranslate is niet bereikbaar" in page
    assert not StringTranslation.objects.filter(locale=translation.target_locale).exists()
    assert not translation.get_target_instance().live


@pytest.mark.django_db
def test_wrong_api_key_is_a_clear_error_too(client):
    organisation = OrganisationFactory()
    translation = start_translation(organisation, "pl")
    translation.save_target(publish=False)
    with (
        FakeLibreTranslate(api_key="juist") as server,
        override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=libretranslate(server.url, "fout")),
    ):
        response, back = press_machine_translate(client, translation)
        page = client.get(back).content.decode()
    assert response.status_code == 302
    assert "geen bruikbaar antwoord (HTTPError)" in page
    assert not StringTranslation.objects.filter(locale=translation.target_locale).exists()


@pytest.mark.django_db
def test_without_configuration_there_is_no_machine_translation(client):
    organisation = OrganisationFactory()
    translation = start_translation(organisation, "uk")
    translation.save_target(publish=False)
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=None):
        response, _back = press_machine_translate(client, translation)
    assert response.status_code == 404
