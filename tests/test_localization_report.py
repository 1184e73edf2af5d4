"""The admin report "Vertalingen": missing and outdated translations per language."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission

from faq.models import FAQAnswer
from portal.groups import MUNICIPALITY_EDITORS, WIJKRACHT_EDITORS
from portal.localization.status import MISSING, OUTDATED, translation_states
from tests.factories import FAQAnswerFactory, OrganisationFactory, SuperUserFactory, UserFactory
from tests.localization_helpers import start_translation, translate

pytestmark = pytest.mark.django_db


def states(**filters) -> set[tuple[str, str, str]]:
    return {(str(row.source), row.language, row.state) for row in translation_states(**filters)}


def test_untranslated_items_are_missing_in_every_other_language():
    organisation = OrganisationFactory(name="Buurthuis Oost")
    rows = states()
    for code in ("en", "tr", "ar", "pl", "uk"):
        assert ("Buurthuis Oost", code, MISSING) in rows
    assert not any(language == "nl" for _name, language, _state in rows)
    translate(organisation, "tr")
    rows = states()
    assert ("Buurthuis Oost", "tr", MISSING) not in rows
    assert ("Buurthuis Oost", "tr", OUTDATED) not in rows
    assert ("Buurthuis Oost", "en", MISSING) in rows


def test_changed_dutch_text_makes_the_translation_outdated_but_a_phone_number_does_not():
    organisation = OrganisationFactory(name="Buurthuis West", summary="Koffie.")
    translate(organisation, "pl")
    organisation.phone = "074 999 9999"
    organisation.save_revision().publish()
    assert ("Buurthuis West", "pl", OUTDATED) not in states()

    organisation.summary = "Koffie en thee."
    organisation.save_revision().publish()
    assert ("Buurthuis West", "pl", OUTDATED) in states()
    # "Vertalingen bijwerken" takes in the new text; outdated until the translation is
    # published again.
    start_translation(organisation, "pl").source.update_from_db()
    assert ("Buurthuis West", "pl", OUTDATED) in states()
    translate(organisation, "pl")
    assert ("Buurthuis West", "pl", OUTDATED) not in states()


def test_report_in_the_admin_with_filters_and_export(client):
    OrganisationFactory(name="Buurthuis Noord")
    changed = OrganisationFactory(name="Buurthuis Zuid", summary="Oud.")
    translate(changed, "uk")
    changed.summary = "Nieuw."
    changed.save_revision().publish()
    client.force_login(SuperUserFactory())
    assert "/admin/vertalingen/" in client.get("/admin/").content.decode()

    html = client.get("/admin/vertalingen/", {"taal": "uk"}).content.decode()
    assert "Buurthuis Noord" in html and "Buurthuis Zuid" in html
    assert "Niet vertaald" in html and "Verouderd" in html
    html = client.get("/admin/vertalingen/", {"taal": "uk", "stand": OUTDATED}).content.decode()
    assert "Buurthuis Zuid" in html and "Buurthuis Noord" not in html

    export = client.get("/admin/vertalingen/", {"taal": "uk", "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert {(row["Naam"], row["Taal"], row["Stand"]) for row in rows} >= {
        ("Buurthuis Noord", "uk", "Niet vertaald"),
        ("Buurthuis Zuid", "uk", "Verouderd"),
    }


def test_report_shows_only_the_kinds_an_editor_may_change(client):
    OrganisationFactory(name="Buurthuis Midden")
    FAQAnswerFactory(question="Waar vind ik hulp?")
    client.force_login(UserFactory(groups=[WIJKRACHT_EDITORS]))
    html = client.get("/admin/vertalingen/").content.decode()
    assert "Buurthuis Midden" in html and "Waar vind ik hulp?" not in html
    client.force_login(UserFactory(groups=[MUNICIPALITY_EDITORS]))
    html = client.get("/admin/vertalingen/").content.decode()
    assert "Waar vind ik hulp?" in html and "Buurthuis Midden" not in html
    assert FAQAnswer.objects.exists()


def test_no_report_and_no_menu_item_without_rights_to_change_items(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get("/admin/vertalingen/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "no"
    assert "/admin/vertalingen/" not in client.get("/admin/").content.decode()
