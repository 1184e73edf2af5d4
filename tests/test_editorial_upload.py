"""Admin spreadsheet upload: preview then confirm; bad input gives a clear error, no change."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from directory.models import Organisation, Theme
from portal.core.exchange import spreadsheet_files
from portal.editorial.models import PendingUpload
from portal.groups import MODERATORS, WIJKRACHT_EDITORS

from .editorial_helpers import make_organisation, make_user

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "portal" / "fixtures" / "sociale-kaart"
URL = "/admin/redactie/spreadsheet/"


def sample_files(organisation_rows=3) -> dict[str, bytes]:
    """A small valid set: all themes and districts, a few organisations, other files empty."""
    files = {}
    for name in spreadsheet_files.names():
        text = (SAMPLE / name).read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        keep = {"themes.csv": len(rows), "districts.csv": len(rows)}.get(name, 1)
        if name == "organisations.csv":
            keep = 1 + organisation_rows
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows[:keep])
        files[name] = buffer.getvalue().encode("utf-8")
    return files


def as_uploads(files: dict[str, bytes]):
    return [SimpleUploadedFile(name, data, content_type="text/csv") for name, data in files.items()]


def zipped(members: dict[str, bytes], name="sociale-kaart.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


@pytest.fixture
def moderator(client):
    user = make_user("moderator", groups=[MODERATORS])
    client.force_login(user)
    return user


def assert_nothing_changed(response, *expected_texts):
    body = response.content.decode()
    assert response.status_code in (400, 413)
    for text in expected_texts:
        assert text in body, text
    assert "Er is niets veranderd" in body
    assert not Organisation.objects.exists()
    assert not PendingUpload.objects.exists()


def test_preview_then_confirm(client, moderator):
    response = client.post(URL, {"files": as_uploads(sample_files())})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Voorbeeld: dit gebeurt als je doorgaat" in body
    assert "stichting-wijkracht" in body
    assert not Organisation.objects.exists()  # a preview changes nothing
    pending = PendingUpload.objects.get()

    confirmed = client.post(URL, {"confirm": pending.pk}, follow=True)

    assert confirmed.status_code == 200
    assert "De spreadsheet is geïmporteerd" in confirmed.content.decode()
    assert Organisation.objects.filter(live=True).count() == 3
    assert not PendingUpload.objects.exists()
    # The same upload again: everything is left alone.
    again = client.post(URL, {"files": as_uploads(sample_files())})
    assert again.context["result"].counts["organisations.csv"].unchanged == 3


def test_zip_upload_with_folder_is_accepted(client, moderator):
    members = {f"sociale-kaart/{name}": data for name, data in sample_files(1).items()}
    response = client.post(URL, {"files": [zipped(members)]})
    assert response.status_code == 200
    assert response.context["result"].counts["organisations.csv"].created == 1


def test_validation_errors_show_file_line_and_column(client, moderator):
    files = sample_files()
    files["organisations.csv"] = files["organisations.csv"].replace(b",7551 DR,", b",7551DRX,", 1)
    response = client.post(URL, {"files": as_uploads(files)})
    assert_nothing_changed(response, "organisations.csv:2: postcode:")


def test_confirm_of_unknown_upload_changes_nothing(client, moderator):
    response = client.post(URL, {"confirm": "999999"})
    assert_nothing_changed(response, "verlopen of al verwerkt")


def test_not_csv(client, moderator):
    files = sample_files()
    files["themes.csv"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    response = client.post(URL, {"files": as_uploads(files)})
    assert_nothing_changed(response, "themes.csv: dit is geen CSV-bestand")


def test_other_file_type(client, moderator):
    upload = SimpleUploadedFile("kaart.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(URL, {"files": [upload]})
    assert_nothing_changed(response, "kaart.pdf: dit is geen CSV-, zip- of Excel-bestand")


def test_empty_file(client, moderator):
    files = sample_files()
    files["organisations.csv"] = b""
    response = client.post(URL, {"files": as_uploads(files)})
    assert_nothing_changed(response, "organisations.csv: het bestand is leeg.")


def test_wrong_encoding(client, moderator):
    files = sample_files()
    # As a Windows spreadsheet program saves it: "?" for what cp1252 cannot hold (the
    # sample's Arabic and Ukrainian search words).
    files["organisations.csv"] = (
        files["organisations.csv"].decode("utf-8").encode("cp1252", errors="replace")
    )
    assert b"\xe9" in files["organisations.csv"] or b"\xeb" in files["organisations.csv"]
    response = client.post(URL, {"files": as_uploads(files)})
    assert_nothing_changed(response, "organisations.csv: de tekens zijn niet goed opgeslagen")


def test_fifty_megabytes_is_refused(client, moderator):
    big = SimpleUploadedFile(
        "organisations.csv", b"a," * (25 * 1024 * 1024), content_type="text/csv"
    )
    response = client.post(URL, {"files": [big]})
    assert_nothing_changed(response, "Het bestand is te groot. Upload samen maximaal 10 MB.")


def test_zip_slip_is_refused(client, moderator):
    members = dict(sample_files())
    members["../x"] = b"boo"
    response = client.post(URL, {"files": [zipped(members)]})
    assert_nothing_changed(response, "ongeldig pad &#x27;../x&#x27;")


@pytest.mark.parametrize("path", ["/etc/passwd", "..\\..\\x.csv", "a/../../themes.csv"])
def test_other_escaping_paths_are_refused(client, moderator, path):
    response = client.post(URL, {"files": [zipped({path: b"slug\n"})]})
    assert_nothing_changed(response, "ongeldig pad")


def test_zip_bomb_is_refused(client, moderator):
    bomb = zipped({"organisations.csv": b"0" * (60 * 1024 * 1024)})
    assert bomb.size < 1024 * 1024  # tiny on the wire
    response = client.post(URL, {"files": [bomb]})
    assert_nothing_changed(response, "uitgepakt is het zip-bestand te groot")


def test_corrupt_zip(client, moderator):
    upload = SimpleUploadedFile(
        "kaart.zip", b"PK\x03\x04 not really", content_type="application/zip"
    )
    assert_nothing_changed(client.post(URL, {"files": [upload]}), "geen geldig zip-bestand")


def test_editors_cannot_upload_but_can_download(client):
    client.force_login(make_user("redacteur", groups=[WIJKRACHT_EDITORS]))
    refused = client.post(URL, {"files": as_uploads(sample_files())})
    assert refused.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    assert client.get(URL).status_code == 200
    assert not Organisation.objects.exists()


def test_download_zip_and_xlsx(client, moderator):
    make_organisation(slug="buurthuis", name='=HYPERLINK("http://evil")')
    Theme.objects.get_or_create(slug="geldzaken", defaults={"name": "Geldzaken"})

    response = client.get(reverse("editorial_spreadsheet:download_zip"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(spreadsheet_files.names())
    organisations = archive.read("organisations.csv").decode("utf-8")
    assert organisations.splitlines()[0] == ",".join(spreadsheet_files.columns("organisations.csv"))
    assert "buurthuis" in organisations

    response = client.get(reverse("editorial_spreadsheet:download_xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [name.removesuffix(".csv") for name in spreadsheet_files.names()]
    sheet = workbook["organisations"]
    header = [cell.value for cell in sheet[1]]
    assert header == list(spreadsheet_files.columns("organisations.csv"))
    name_cell = sheet.cell(row=2, column=2)
    assert name_cell.value == '=HYPERLINK("http://evil")' and name_cell.data_type == "s"


def imported_sample(client, organisation_rows=3):
    response = client.post(URL, {"files": as_uploads(sample_files(organisation_rows))})
    client.post(URL, {"confirm": response.context["pending"].pk})
    assert Organisation.objects.filter(live=True).count() == organisation_rows


def test_the_downloaded_xlsx_uploads_again(client, moderator):
    imported_sample(client)
    downloaded = client.get(reverse("editorial_spreadsheet:download_xlsx")).content
    workbook = load_workbook(io.BytesIO(downloaded))
    sheet = workbook["organisations"]
    sheet.cell(
        row=2, column=spreadsheet_files.columns("organisations.csv").index("phone") + 1
    ).value = "074 123 4567"
    edited = io.BytesIO()
    workbook.save(edited)
    upload = SimpleUploadedFile(
        "sociale-kaart.xlsx",
        edited.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    response = client.post(URL, {"files": [upload]})

    assert response.status_code == 200, response.context.get("upload_errors")
    result = response.context["result"]
    assert result.ok, [str(p) for p in result.problems]
    assert result.counts["organisations.csv"].updated == 1
    assert result.counts["organisations.csv"].unchanged == 2


def test_one_file_updates_only_that_file(client, moderator):
    imported_sample(client)
    text = sample_files()["organisations.csv"].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    changed_slug = rows[1][header.index("slug")]
    old_phone = rows[1][header.index("phone")]
    rows[1][header.index("phone")] = "074 999 0000"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    upload = SimpleUploadedFile("organisations.csv", buffer.getvalue().encode(), "text/csv")

    response = client.post(URL, {"files": [upload]})

    body = response.content.decode()
    assert response.status_code == 200, body[:3000]
    assert "ontbreekt" not in body
    result = response.context["result"]
    assert list(result.counts) == ["organisations.csv"]  # the other files are left alone
    # The preview says what changes: field, old value and new value.
    assert result.changes["organisations.csv"][changed_slug] == [
        ("phone", old_phone, "074 999 0000")
    ]
    assert "074 999 0000" in body and old_phone in body
    client.post(URL, {"confirm": response.context["pending"].pk})
    assert Organisation.objects.get(slug=changed_slug).phone == "074 999 0000"
    assert Theme.objects.count() > 0  # untouched


def test_semicolon_csv_is_explained(client, moderator):
    text = sample_files()["organisations.csv"].decode("utf-8")
    semicolons = "\n".join(";".join(row) for row in csv.reader(io.StringIO(text))).encode("utf-8")
    upload = SimpleUploadedFile("organisations.csv", semicolons, "text/csv")
    response = client.post(URL, {"files": [upload]})
    assert_nothing_changed(response, "gebruik komma&#x27;s als scheidingsteken")
    assert "verwacht" not in response.content.decode()
