"""One rule for postcodes in the admin and the spreadsheet exchange.

The model's validator takes "7551DR" as well as "7551 DR" and the item is stored as
"7551 DR" (``normalise_postcode``); the import applies the same validator and normaliser,
so a postcode saved in the admin exports into a file the import accepts.
"""

import csv
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from directory.models import Organisation
from locations.models import District, Location
from portal.core.exchange import export_directory, import_directory
from tests.factories import LocationFactory, SuperUserFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "portal" / "fixtures" / "sociale-kaart"


def location_form(location, **changes):
    data = {
        "name": location.name,
        "slug": location.slug,
        "kind": location.kind,
        "organisation": location.organisation_id,
        "description": location.description,
        "street": location.street,
        "postcode": location.postcode,
        "city": location.city,
        "district": location.district_id,
        "latitude": str(location.latitude),
        "longitude": str(location.longitude),
        "opening_hours": inline_formset(
            [
                {"id": w.pk, "weekday": str(w.weekday), "opens": f"{w.opens:%H:%M}"}
                | {"closes": f"{w.closes:%H:%M}"}
                for w in location.opening_hours.all()
            ],
            initial=location.opening_hours.count(),
        ),
        "closed_on_public_holidays": "on",
        "closed_dates": inline_formset([]),
        "opening_hours_note": "",
        "accessibility": "",
        "phone": "",
        "action-publish": "publish",
    }
    data.update(changes)
    return nested_form_data(data)


def exported_postcode(folder, name, slug):
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return next(row["postcode"] for row in csv.DictReader(handle) if row["slug"] == slug)


def test_postcode_saved_in_the_admin_exports_into_a_file_the_import_accepts(client, tmp_path):
    assert import_directory(SAMPLE).ok
    location = LocationFactory(
        slug="buurthuis-de-bron",
        organisation=Organisation.objects.get(slug="stichting-wijkracht"),
        district=District.objects.get(slug="noord-boven-a1"),
        opening_hours="Mo 09:00-12:00; PH off",
    )
    client.force_login(SuperUserFactory())
    response = client.post(
        reverse("wagtailsnippets_locations_location:edit", args=[location.pk]),
        location_form(location, postcode="7554AB"),  # typed without the space
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    location.refresh_from_db()
    assert location.postcode == "7554 AB"

    first = tmp_path / "first"
    export_directory(first)
    assert exported_postcode(first, "locations.csv", "buurthuis-de-bron") == "7554 AB"
    result = import_directory(first)
    assert result.ok, result.problems
    assert result.counts["locations.csv"].updated == 0  # the file says what is stored

    export_directory(tmp_path / "second")
    for name in ("locations.csv", "organisations.csv"):
        assert (first / name).read_bytes() == (tmp_path / "second" / name).read_bytes()


def test_the_import_takes_a_postcode_without_space_and_stores_it_with_one(tmp_path):
    for name in SAMPLE.glob("*.csv"):
        (tmp_path / name.name).write_bytes(name.read_bytes())
    rows = list(csv.DictReader((tmp_path / "locations.csv").open(encoding="utf-8", newline="")))
    rows[0]["postcode"] = "7554AB"
    with (tmp_path / "locations.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    result = import_directory(tmp_path)
    assert result.ok, result.problems
    assert Location.objects.get(slug=rows[0]["slug"]).postcode == "7554 AB"
