"""HSDS 3.0 data package export and import: the sample set validates against the standard's
table schema, export → import into an empty database → export is byte-identical, a package
with errors changes nothing, problems point at their cell, another directory's API is read
over real HTTP (a server started here; a closed port and a hanging server fail cleanly),
the import lock, and GET /api/hsds/datapackage.zip."""

import csv
import http.server
import io
import json
import socket
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from frictionless import validate

from directory.models import Organisation, Service, TargetGroup, Theme
from locations.models import ClosedDate, District, Location
from portal.core.exchange import import_directory
from portal.core.exchange.lock import BUSY_MESSAGE, IMPORT_LOCK_KEY
from portal.opendata import mapping
from portal.opendata.models import Identifier
from portal.opendata.package import export_files
from portal.opendata.tabular import spec_tables

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "portal" / "fixtures" / "sociale-kaart"
# A small published set (the rest of the sample is unpublished, so not exported).
KEEP = ("humanitas-hengelo", "stichting-wijkracht")


def frictionless_errors(folder: Path) -> list[str]:
    report = validate(str(folder / "datapackage.json"))
    return [f"{t.name}: {e.type}: {e.message}" for t in report.tasks for e in t.errors] + [
        f"package: {e.type}: {e.message}" for e in report.errors
    ]


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Service, Location, Theme, District, ClosedDate)
    }


def published() -> dict[str, set[str]]:
    return {
        model.__name__: {
            str(k)
            for k in model.objects.filter(live=True).values_list("translation_key", flat=True)
        }
        for model in (Organisation, Service, Location)
    }


def empty_the_social_map() -> None:
    """As a freshly migrated database: no social-map items, no stored HSDS ids."""
    for model in (Service, Location, Organisation, Theme, District):
        model.objects.all().delete()
    Identifier.objects.all().delete()


def rows(folder: Path, name: str) -> list[dict]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(folder: Path, name: str, table_rows: list[dict]) -> None:
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table_rows[0]))
        writer.writeheader()
        writer.writerows(table_rows)


def line_of(folder: Path, name: str, **match) -> tuple[int, dict]:
    """(line, row) of the first row whose cells match (line 1 is the header)."""
    for index, row in enumerate(rows(folder, name)):
        if all(row[key] == value for key, value in match.items()):
            return index + 2, row
    raise AssertionError(f"no row {match} in {name}")


@pytest.fixture
def small_set(db):
    """The sample imported, then all but two organisations (and what is theirs) unpublished."""
    assert import_directory(SAMPLE).ok
    Organisation.objects.exclude(slug__in=KEEP).update(live=False)
    Service.objects.exclude(organisation__slug__in=KEEP).update(live=False)
    Location.objects.exclude(organisation__slug__in=KEEP).update(live=False)
    ClosedDate.objects.create(
        location=Location.objects.filter(organisation__slug="stichting-wijkracht").first(),
        date=mapping.Mapping().today.replace(year=mapping.Mapping().today.year + 1, day=1),
        reason="Verbouwing",
    )


@pytest.fixture
def small_package(small_set, tmp_path) -> Path:
    folder = tmp_path / "package"
    call_command("export_hsds", str(folder), verbosity=0)
    return folder


# --- the sample set --------------------------------------------------------------------------


def test_sample_round_trip_through_an_empty_database_is_byte_identical(tmp_path, capsys):
    assert import_directory(SAMPLE).ok
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_hsds", str(first))
    exported = capsys.readouterr().out
    assert "organizations.csv: 74 rijen" in exported
    assert "services.csv: 159 rijen" in exported
    assert frictionless_errors(first) == []
    before = published()

    empty_the_social_map()
    assert counts() == dict.fromkeys(counts(), 0)
    call_command("import_hsds", str(first))
    output = capsys.readouterr().out
    assert "organisaties: 74 nieuw, 0 gewijzigd, 0 ongewijzigd" in output
    assert "aanbod: 159 nieuw, 0 gewijzigd, 0 ongewijzigd" in output
    assert published() == before  # every item kept its HSDS id

    call_command("export_hsds", str(second))
    for table in ["datapackage.json", *(t.path for t in spec_tables().values())]:
        assert (first / table).read_bytes() == (second / table).read_bytes(), table

    # Importing the same package again changes nothing.
    call_command("import_hsds", str(second))
    output = capsys.readouterr().out
    assert "organisaties: 0 nieuw, 0 gewijzigd, 74 ongewijzigd" in output
    assert "aanbod: 0 nieuw, 0 gewijzigd, 159 ongewijzigd" in output


def test_the_exported_package_fails_validation_when_broken(small_package):
    assert frictionless_errors(small_package) == []
    services = rows(small_package, "services.csv")
    services[0]["status"] = "open"
    write_rows(small_package, "services.csv", services)
    errors = frictionless_errors(small_package)
    assert len(errors) == 1
    assert "constraint-error" in errors[0] and "status" in errors[0]


# --- a package with errors changes nothing -------------------------------------------------


def test_package_with_errors_changes_nothing(small_package, capsys):
    services = rows(small_package, "services.csv")
    services[0]["organization_id"] = "00000000-0000-4000-8000-000000000000"
    # The valid rows of the same package would change another service's name.
    services[1]["name"] = "Nieuwe naam"
    services[1]["email"] = "geen-adres"
    write_rows(small_package, "services.csv", services)
    before = counts()
    names = set(Service.objects.values_list("name", flat=True))

    with pytest.raises(CommandError, match="2 probleem/problemen gevonden; er is niets gewijzigd"):
        call_command("import_hsds", str(small_package))

    assert capsys.readouterr().err.splitlines() == [
        "services.csv:2: organization_id: onbekende organisatie "
        "'00000000-0000-4000-8000-000000000000'",
        "services.csv:3: email: 'geen-adres' is geen geldig e-mailadres",
    ]
    assert counts() == before
    assert set(Service.objects.values_list("name", flat=True)) == names


def test_model_validators_report_at_the_cell_the_value_came_from(small_package, capsys):
    """Once the tables are sound, the models' own validators speak, at the right cell."""
    line_address, address = line_of(small_package, "addresses.csv", address_type="physical")
    addresses = rows(small_package, "addresses.csv")
    addresses[line_address - 2]["postal_code"] = "12345"
    write_rows(small_package, "addresses.csv", addresses)
    line_org, _ = line_of(small_package, "organizations.csv")
    organisations = rows(small_package, "organizations.csv")
    organisations[line_org - 2]["name"] = "x" * 201
    write_rows(small_package, "organizations.csv", organisations)
    line_location, _ = line_of(small_package, "locations.csv", id=address["location_id"])
    locations = rows(small_package, "locations.csv")
    locations[line_location - 2]["latitude"] = "48.1"
    write_rows(small_package, "locations.csv", locations)
    before = counts()

    with pytest.raises(CommandError, match="3 probleem/problemen gevonden; er is niets gewijzigd"):
        call_command("import_hsds", str(small_package))

    assert capsys.readouterr().err.splitlines() == [
        f"organizations.csv:{line_org}: name: Zorg dat deze waarde niet meer dan 200 tekens "
        "bevat (het zijn er nu 201).",
        f"locations.csv:{line_location}: latitude: Zorg ervoor dat deze waarde minstens 50.70 is.",
        f"addresses.csv:{line_address}: postal_code: Vul een postcode in zoals 7551 DR.",
    ]
    assert counts() == before


def test_import_into_an_empty_database_keeps_ids_closed_dates_and_taxonomies(small_package):
    before = published()
    closed = set(ClosedDate.objects.values_list("date", "reason"))
    empty_the_social_map()

    call_command("import_hsds", str(small_package), verbosity=0)

    assert published() == before
    assert set(ClosedDate.objects.values_list("date", "reason")) == closed
    wijkracht = Organisation.objects.get(slug="stichting-wijkracht")
    assert wijkracht.kind == "alliantiepartner"
    assert wijkracht.themes.exists() and wijkracht.districts.count() == 4
    assert Theme.objects.filter(slug="geldzaken", name_en="Money matters").exists()
    assert TargetGroup.objects.get(slug="ouderen").name_en == "Older people"


def test_dry_run_writes_nothing(small_package, capsys):
    empty_the_social_map()
    call_command("import_hsds", str(small_package), "--dry-run")
    assert "Proefimport (er is niets opgeslagen)" in capsys.readouterr().out
    assert counts() == dict.fromkeys(counts(), 0)


def test_zip_package_and_bad_paths(small_package, tmp_path):
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for child in small_package.iterdir():
            handle.write(child, f"export/{child.name}")
    call_command("import_hsds", str(archive), "--dry-run", verbosity=0)
    with pytest.raises(CommandError, match="Map of bestand niet gevonden"):
        call_command("import_hsds", str(tmp_path / "missing"))
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(CommandError, match="geen map en geen zip-bestand. Er is niets veranderd"):
        call_command("import_hsds", str(tmp_path / "notes.txt"))


def test_import_waits_for_the_lock_then_stops_without_changes(small_package):
    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        dbname=params["NAME"],
        autocommit=True,
    ) as other:
        assert other.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY]).fetchone()[0]
        empty_the_social_map()
        with pytest.raises(CommandError, match=BUSY_MESSAGE):
            call_command("import_hsds", str(small_package), "--wait", "0.3")
    assert counts() == dict.fromkeys(counts(), 0)


# --- another directory's API over HTTP -------------------------------------------------------


class DirectoryServer(http.server.ThreadingHTTPServer):
    """Another directory's HSDS API: documents made by our mapping, served over real HTTP."""

    daemon_threads = True

    def __init__(self, lists: dict[str, list[dict]], details: dict[str, dict], delay=0.0):
        self.lists, self.details, self.delay = lists, details, delay
        self.paths: list[str] = []
        super().__init__(("127.0.0.1", 0), DirectoryHandler)


class DirectoryHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the standard library's name
        server: DirectoryServer = self.server
        server.paths.append(self.path)
        time.sleep(server.delay)
        parts = urlsplit(self.path)
        path = parts.path.removeprefix("/api")
        if path in server.lists:
            query = parse_qs(parts.query)
            page, per_page = int(query["page"][0]), int(query["per_page"][0])
            items = server.lists[path]
            total_pages = max(1, -(-len(items) // per_page))
            body = {
                "total_items": len(items),
                "total_pages": total_pages,
                "page_number": page,
                "size": per_page,
                "first_page": page == 1,
                "last_page": page == total_pages,
                "empty": not items,
                "contents": items[(page - 1) * per_page : page * per_page],
            }
        elif path in server.details:
            body = server.details[path]
        else:
            self.send_error(404)
            return
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def directory_server(small_set):
    builder = mapping.Mapping(site_root="http://127.0.0.1")
    organisations = mapping.load_organizations(mapping.live_organizations(), full=True)
    services = mapping.load_services(mapping.live_services(), full=True)
    details = {
        **{
            f"/organizations/{o.translation_key}": builder.organization(o, full=True)
            for o in organisations
        },
        **{f"/services/{s.translation_key}": builder.service(s, full=True) for s in services},
    }
    lists = {
        "/taxonomies": mapping.taxonomy_documents(builder),
        "/taxonomy_terms": mapping.taxonomy_term_documents(builder),
        "/organizations": [{"id": str(o.translation_key)} for o in organisations],
        "/services": [{"id": str(s.translation_key)} for s in services],
    }
    server = DirectoryServer(lists, details)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_import_from_another_directorys_api(directory_server, capsys):
    before = published()
    empty_the_social_map()
    url = f"http://127.0.0.1:{directory_server.server_address[1]}/api"

    call_command("import_hsds", url)

    assert "Import klaar" in capsys.readouterr().out
    assert published() == before
    # Paged lists (50 per page: the 62 taxonomy terms take two) and one request per document.
    assert "/api/taxonomy_terms?page=2&per_page=50" in directory_server.paths
    lists = 5
    assert len(directory_server.paths) == lists + len(before["Organisation"]) + len(
        before["Service"]
    )
    service = Service.objects.get(slug="stichting-wijkracht-wijkentree")
    assert service.locations.count() == 3 and service.themes.count() == 2


def test_closed_port_fails_with_a_clear_message_and_changes_nothing(small_set):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_hsds", f"http://127.0.0.1:{port}/api")
    message = str(error.value)
    assert message.startswith(
        f"http://127.0.0.1:{port}/api/taxonomies?page=1&per_page=50 is niet bereikbaar"
    )
    assert message.endswith("Er is niets veranderd.")
    assert counts() == before


def test_hanging_server_times_out(directory_server):
    directory_server.delay = 2.0
    started = time.monotonic()
    with pytest.raises(CommandError, match="is niet bereikbaar: .*timed out"):
        call_command(
            "import_hsds",
            f"http://127.0.0.1:{directory_server.server_address[1]}/api",
            "--timeout",
            "0.3",
        )
    assert time.monotonic() - started < 2.0


# --- GET /api/hsds/datapackage.zip --------------------------------------------------------


def test_datapackage_zip_is_the_export_with_cache_headers(small_set, client):
    response = client.get("/api/hsds/datapackage.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Access-Control-Allow-Origin"] == "*"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert files == export_files(site_root="http://testserver")
    again = client.get("/api/hsds/datapackage.zip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
