"""Non-prose fields follow the Dutch item into its translations, never offered as text to
translate (issue 14: the stale phone number and the "Publiceer" server error)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.test import TestCase

from directory.models import Organisation
from locations.models import Location
from portal.core.exchange import export_directory
from portal.localization.synchronised import synchronised_field_names
from tests.factories import LocationFactory, OrganisationFactory, SuperUserFactory, ThemeFactory
from tests.localization_helpers import fill_in, segment_paths, start_translation, translate

pytestmark = pytest.mark.django_db

NOT_PROSE = {"slug", "phone", "email", "website", "street", "postcode", "city", "kind", "cost"}


def rewrite_csv(path, slug: str, **changes) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fieldnames = list(rows[0])
    for row in rows:
        if row["slug"] == slug:
            row.update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_translation_editor_offers_only_prose():
    organisation = OrganisationFactory(phone="074 111 1111")
    paths = segment_paths(start_translation(organisation, "en"))
    assert {"name", "summary"} <= paths
    assert not paths & NOT_PROSE, paths & NOT_PROSE
    location = LocationFactory(opening_hours="Mo-Fr 09:00-12:00")
    paths = segment_paths(start_translation(location, "tr"))
    assert "name" in paths
    assert not paths & {"street", "postcode", "city", "phone", "slug", "opening_hours"}


def test_every_item_kind_lists_its_contact_fields_as_synchronised():
    assert {"phone", "email", "website", "street", "postcode", "city", "themes", "districts"} <= (
        set(synchronised_field_names(Organisation))
    )
    assert {"latitude", "longitude", "opening_hours", "closed_dates", "phone"} <= set(
        synchronised_field_names(Location)
    )


def test_import_of_a_new_phone_number_reaches_the_translation(tmp_path):
    """Reported: after translating an organisation, a new Dutch phone number from the
    spreadsheet upload left the English page on the old number."""
    organisation = OrganisationFactory(slug="stichting-telefoon", phone="074 111 1111")
    english = translate(organisation)
    assert english.phone == "074 111 1111"

    export_directory(tmp_path)
    rewrite_csv(tmp_path / "organisations.csv", "stichting-telefoon", phone="074 222 2222")
    call_command("import_sociale_kaart", str(tmp_path), stdout=io.StringIO())

    english.refresh_from_db()
    assert english.phone == "074 222 2222"
    assert english.name == "[EN] " + organisation.name  # the translation itself stays
    # Its live revision and wagtail-localize's snapshot of the source have the new number:
    # publishing the translation again must not bring the old one back.
    assert english.live_revision.content["phone"] == "074 222 2222"
    with TestCase.captureOnCommitCallbacks(execute=True):
        start_translation(organisation, "en").save_target(publish=True)
    english.refresh_from_db()
    assert english.phone == "074 222 2222"


def test_published_dutch_change_reaches_every_translation(client):
    organisation = OrganisationFactory(phone="074 111 1111", street="Marktstraat 1")
    translations = [translate(organisation, code) for code in ("en", "tr", "ar")]
    organisation.phone = "074 333 3333"
    organisation.street = "Brinkstraat 9"
    organisation.themes.set([ThemeFactory()])
    organisation.save_revision().publish()
    for translation in translations:
        translation.refresh_from_db()
        assert (translation.phone, translation.street) == ("074 333 3333", "Brinkstraat 9")
        assert list(translation.themes.all()) == list(organisation.themes.all())
    response = client.get(f"/tr/organisaties/{organisation.slug}/")
    assert response.status_code == 200
    assert "074 333 3333" in response.content.decode()


def test_opening_hours_of_a_translated_location_follow_the_import(tmp_path):
    location = LocationFactory(slug="wijkcentrum-uren", opening_hours="Mo-Fr 09:00-12:00")
    polish = translate(location, "pl")
    assert polish.opening_hours.count() == 5
    export_directory(tmp_path)
    rewrite_csv(tmp_path / "locations.csv", "wijkcentrum-uren", opening_hours="Tu 13:00-16:00")
    call_command("import_sociale_kaart", str(tmp_path), stdout=io.StringIO())
    polish.refresh_from_db()
    hours = [(w.weekday, str(w.opens)) for w in polish.opening_hours.all()]
    assert hours == [(1, "13:00:00")]
    # The Dutch location keeps its own rows.
    assert location.opening_hours.count() == 1


def publish_in_editor(client, translation):
    """Press "Publiceer" in wagtail-localize's translation editor (the item's edit view)."""
    client.force_login(SuperUserFactory())
    target = translation.get_target_instance()
    url = f"/admin/snippets/directory/organisation/edit/{target.pk}/"
    assert client.get(url).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {"action": "publish"}, follow=True)


def test_publish_in_the_translation_editor_with_non_prose_fields_works(client):
    """Reported: a long value in a translated non-prose field made "Publiceer" fail with
    `value too long for type character varying(40)`. The phone is no longer a string to
    translate, so a translator cannot give it one; publishing copies the Dutch number."""
    organisation = OrganisationFactory(phone="074 111 1111", street="Marktstraat 1")
    translation = start_translation(organisation, "en")
    translation.save_target(publish=False)  # what "Vertalen" does: a draft to work on
    fill_in(translation, lambda text: "Bel ons " * 30 if text == "074 111 1111" else f"EN {text}")
    response = publish_in_editor(client, translation)
    assert response.status_code == 200
    english = translation.get_target_instance()
    assert english.live
    assert english.name == f"EN {organisation.name}"
    assert (english.phone, english.street) == ("074 111 1111", "Marktstraat 1")


def test_too_long_translation_is_refused_with_a_message_not_a_server_error(client):
    """Prose columns have a length too (the summary: 160): wagtail-localize writes the row
    before it validates, so the database used to answer with "value too long"."""
    organisation = OrganisationFactory(summary="Korte samenvatting.")
    translation = start_translation(organisation, "en")
    translation.save_target(publish=False)
    fill_in(
        translation, lambda text: "Much too long " * 20 if text == "Korte samenvatting." else text
    )
    response = publish_in_editor(client, translation)
    assert response.status_code == 200
    body = response.content.decode()
    assert "te lang: maximaal 160 tekens" in body or "validation errors" in body
    english = translation.get_target_instance()
    assert not english.live  # nothing half-published
    assert len(english.summary) <= 160
