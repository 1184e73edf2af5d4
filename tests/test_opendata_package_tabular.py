"""The HSDS tabular form on the standard's own example: JSON → tables → package files that
the Frictionless validator accepts against the standard's table schema, our own checks
with file:line: column messages, and the way back (files → tables → JSON)."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from frictionless import validate

from portal.opendata import table_checks, table_rows, table_schema, tabular

BASE_DIR = Path(settings.BASE_DIR)
# The standard's own example, copied unchanged beside its schemas (schema/README.md).
EXAMPLE_FOLDER = BASE_DIR / "portal" / "opendata" / "schema" / "examples"


def example_service() -> dict:
    """The standard's fully nested example service, with its one stray trailing space
    (a text the checks would rightly report) removed."""
    service = json.loads((EXAMPLE_FOLDER / "service_full.json").read_text(encoding="utf-8"))
    service["description"] = service["description"].strip()
    return service


def frictionless_errors(folder: Path) -> list[str]:
    report = validate(str(folder / "datapackage.json"))
    return [
        f"{task.name}: {error.type}: {error.message}"
        for task in report.tasks
        for error in task.errors
    ] + [f"package: {error.type}: {error.message}" for error in report.errors]


@pytest.fixture
def example_tables() -> table_rows.TableSet:
    tables = table_rows.TableSet()
    tables.add_object("service", example_service(), table_rows.Origin("services/example"))
    return tables


def test_spec_tables_follow_the_standards_datapackage():
    tables = table_schema.spec_tables()
    assert list(tables)[:3] == ["organization", "program", "service"]
    assert tables["service"].path == "services.csv"
    assert tables["service"].column_names[:4] == ("id", "organization_id", "program_id", "name")
    assert tables["schedule"].column("opens_at").type == "time"
    assert ("organization_id", "organization") in tables["service"].foreign_keys


def test_nested_example_becomes_one_row_per_table_and_validates(example_tables, tmp_path):
    assert table_checks.check(example_tables) == []
    counts = example_tables.counts()
    assert counts["services.csv"] == 1
    assert counts["organizations.csv"] == 1
    assert counts["service_at_location.csv"] == 1
    assert counts["meta_table_descriptions.csv"] == 0
    service = example_tables.rows["service"][0]
    # The nested organization is named in the service's organization_id column.
    assert service.cells["organization_id"] == example_tables.rows["organization"][0].id
    # JSON times (HH:MM) as the tabular "time" type (HH:MM:SS).
    assert example_tables.rows["schedule"][0].cells["opens_at"] == "10:00:00"
    tabular.write_package(tmp_path, tabular.package_files(example_tables, {"name": "example"}))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["datapackage.json", *(t.path for t in table_schema.spec_tables().values())]
    )
    assert frictionless_errors(tmp_path) == []


def test_the_validator_rejects_a_broken_package(example_tables, tmp_path):
    """The check can fail: a required cell emptied, a bad UUID and a dangling reference."""
    tabular.write_package(tmp_path, tabular.package_files(example_tables, {"name": "example"}))
    services = list(csv.DictReader(io.StringIO((tmp_path / "services.csv").read_text())))
    services[0]["name"] = ""
    services[0]["organization_id"] = "00000000-0000-4000-8000-000000000000"
    with (tmp_path / "services.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(services[0]))
        writer.writeheader()
        writer.writerows(services)
    errors = frictionless_errors(tmp_path)
    assert any("constraint-error" in e and '"name"' in e for e in errors), errors
    assert any("foreign-key" in e and "organization_id" in e for e in errors), errors

    tables = tabular.read_files(tabular.read_package(tmp_path))
    assert [str(p) for p in table_checks.check(tables)] == [
        "services.csv:2: name: verplicht, maar leeg",
        "services.csv:2: organization_id: onbekende organisatie "
        "'00000000-0000-4000-8000-000000000000'",
    ]


def test_package_files_read_back_to_the_same_files(example_tables, tmp_path):
    files = tabular.package_files(example_tables, {"name": "example"})
    tabular.write_package(tmp_path / "a", files)
    read = tabular.read_files(tabular.read_package(tmp_path / "a"))
    assert table_checks.check(read) == []
    assert tabular.package_files(read, {"name": "example"}) == files
    # The same from a zip, also when the files sit in a folder inside it.
    (tmp_path / "p.zip").write_bytes(tabular.zip_package(files))
    assert tabular.read_package(tmp_path / "p.zip") == files
    in_folder = tabular.zip_package({f"export/{name}": content for name, content in files.items()})
    (tmp_path / "q.zip").write_bytes(in_folder)
    assert tabular.read_package(tmp_path / "q.zip") == files
    assert tabular.zip_package(files) == tabular.zip_package(files)


def test_tables_nest_back_into_the_json_object(example_tables):
    service = example_service()
    nested = example_tables.nest("service", service["id"])
    assert nested["name"] == service["name"]
    assert nested["organization"]["id"] == service["organization"]["id"]
    location = nested["service_at_locations"][0]["location"]
    assert (
        location["addresses"][0]["postal_code"]
        == (service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"])
    )
    assert nested["schedules"][0]["opens_at"] == "10:00"
    # Nested children do not repeat their parent's id.
    assert "service_id" not in nested["phones"][0]
    # And flattening the nested object again gives the same rows; except the example's
    # attributes and metadata, which name a parent (link_id, resource_id) that is not in
    # the example, so nothing nests them (nor their taxonomy term and taxonomy).
    again = table_rows.TableSet()
    again.add_object("service", nested, table_rows.Origin("again"))
    unreachable = {"attributes.csv", "metadata.csv", "taxonomy_terms.csv", "taxonomies.csv"}
    first = tabular.package_files(example_tables, {})
    second = tabular.package_files(again, {})
    assert {k: v for k, v in second.items() if k not in unreachable} == {
        k: v for k, v in first.items() if k not in unreachable
    }
    assert example_tables.rows["attribute"][0].cells["link_entity"] == "link_entity"


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        (
            "service",
            "status",
            "open",
            "'open' is geen geldige waarde (kies uit: active, inactive, defunct, "
            "temporarily closed)",
        ),
        ("service", "id", "123", "'123' is geen UUID (zoals 3fa85f64-5717-4562-b3fc-2c963f66afa6)"),
        ("service", "email", "no-mail", "'no-mail' is geen geldig e-mailadres"),
        (
            "service",
            "url",
            "example.org",
            "'example.org' is geen geldig webadres (begin met https://)",
        ),
        (
            "service",
            "minimum_age",
            "twelve",
            "'twelve' is geen getal (schrijf bijvoorbeeld 52.26570)",
        ),
        (
            "service",
            "assured_date",
            "15-09-2025",
            "'15-09-2025' is geen geldige datum (schrijf JJJJ-MM-DD)",
        ),
        (
            "service",
            "last_modified",
            "2025-09-15",
            "'2025-09-15' is geen geldig tijdstip (schrijf bijvoorbeeld 2025-09-15T10:00:00Z)",
        ),
        (
            "schedule",
            "opens_at",
            "9 uur",
            "'9 uur' is geen geldige tijd (schrijf UU:MM:SS, zoals 09:00:00)",
        ),
        ("service", "name", " Naam", "' Naam' begint of eindigt met spaties"),
    ],
)
def test_each_bad_cell_is_reported_at_its_line(
    example_tables, tmp_path, table, column, value, message
):
    files = tabular.package_files(example_tables, {"name": "example"})
    path = table_schema.spec_tables()[table].path
    rows = list(csv.DictReader(io.StringIO(files[path].decode())))
    rows[0][column] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    files[path] = buffer.getvalue().encode()
    problems = [str(p) for p in table_checks.check(tabular.read_files(files))]
    assert f"{path}:2: {column}: {message}" in problems


def test_header_problems_and_repeated_ids():
    files = {
        "organizations.csv": b"id,name,colour\n",
        "services.csv": (
            b"id,organization_id,name,status\n"
            b"3fa85f64-5717-4562-b3fc-2c963f66afa6,,Een,active\n"
            b"3fa85f64-5717-4562-b3fc-2c963f66afa6,,Twee,active\n"
        ),
    }
    problems = [str(p) for p in table_checks.check(tabular.read_files(files))]
    assert problems == [
        "organizations.csv:1: kopregel: onbekende kolom 'colour' (HSDS 3.0 kent: id,name,"
        "alternate_name,description,email,website,tax_status,tax_id,year_incorporated,legal_status,logo,uri,"
        "parent_organization_id)",
        "organizations.csv:1: kopregel: verplichte kolom 'description' ontbreekt",
        "services.csv:2: organization_id: verplicht, maar leeg",
        "services.csv:3: id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' staat al op regel 2 van "
        "dit bestand",
    ]


def test_listed_file_missing_and_not_a_package(tmp_path):
    descriptor = {"resources": [{"name": "service", "path": "services.csv"}]}
    tables = tabular.read_files({"datapackage.json": json.dumps(descriptor).encode()})
    assert [str(p) for p in tables.problems] == ["services.csv:0: bestand: het bestand ontbreekt"]
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(tabular.PackageError, match="geen map en geen zip-bestand"):
        tabular.read_package(tmp_path / "notes.txt")
    with pytest.raises(tabular.PackageError, match="niet gevonden"):
        tabular.read_package(tmp_path / "missing")


def test_conflicting_copies_of_one_object_are_reported():
    tables = table_rows.TableSet()
    service = example_service()
    tables.add_object("service", service, table_rows.Origin("services/a"))
    other = {
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "name": "Another service",
        "status": "active",
        "organization": {**service["organization"], "name": "Another name"},
    }
    tables.add_object("service", other, table_rows.Origin("services/b"))
    assert [str(p) for p in table_checks.check(tables)] == [
        "services/b:0: organization.name: 'Another name' verschilt van "
        f"'{service['organization']['name']}' voor dezelfde organisatie "
        f"'{service['organization']['id']}' in services/a"
    ]
