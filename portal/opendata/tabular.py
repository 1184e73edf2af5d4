"""The tabular form of HSDS 3.0: HSDS JSON objects ⇄ one CSV table per object type.

The tables, their file names, columns (in order), types, required columns and keys are
the standard's own (``schema/datapackage.json``, a verbatim copy of the specification's
file), so this module names no column itself. Nested JSON objects become rows of their
own table that point back at their parent: a service's ``phones`` become rows of
``phones.csv`` with ``service_id`` set, its ``attributes`` rows of ``attributes.csv`` with
``link_id``/``link_entity``, and an object the parent refers to (a service's
``organization``, a service-at-location's ``location``) a row the parent names in its
``<property>_id`` column.

Everything is kept as CSV cell text (``TableSet``), whichever side it came from, so that
one set of checks (``check``) serves a data package and another directory's JSON API, and
every problem points at a place: ``file:line: column`` for a CSV file, the document and
the JSON path for the API.

The output is deterministic: rows sorted by id, numbers in their shortest form, RFC 4180
line ends, ``datapackage.json`` with sorted resources as the standard lists them and no
timestamps. Export → import → export therefore gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portal.core.exchange import Problem

SPEC_PATH = Path(__file__).resolve().parent / "schema" / "datapackage.json"
DESCRIPTOR = "datapackage.json"

# What the standard's JSON schemas nest in each object type (their "$ref"s): lists of
# objects that point back at the parent, and single objects the parent points at.
_COMMON = (("attributes", "attribute"), ("metadata", "metadata"))
NESTED_LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "organization": (
        ("funding", "funding"),
        ("contacts", "contact"),
        ("phones", "phone"),
        ("locations", "location"),
        ("programs", "program"),
        ("organization_identifiers", "organization_identifier"),
        *_COMMON,
    ),
    "service": (
        ("phones", "phone"),
        ("schedules", "schedule"),
        ("service_areas", "service_area"),
        ("service_at_locations", "service_at_location"),
        ("languages", "language"),
        ("funding", "funding"),
        ("cost_options", "cost_option"),
        ("required_documents", "required_document"),
        ("contacts", "contact"),
        *_COMMON,
    ),
    "service_at_location": (
        ("contacts", "contact"),
        ("phones", "phone"),
        ("schedules", "schedule"),
        *_COMMON,
    ),
    "location": (
        ("languages", "language"),
        ("addresses", "address"),
        ("contacts", "contact"),
        ("accessibility", "accessibility"),
        ("phones", "phone"),
        ("schedules", "schedule"),
        *_COMMON,
    ),
    "contact": (("phones", "phone"), *_COMMON),
    "phone": (("languages", "language"), *_COMMON),
    "attribute": (("metadata", "metadata"),),
    "taxonomy_term": (("metadata", "metadata"),),
    "taxonomy": (("metadata", "metadata"),),
    "metadata": (),
}
NESTED_OBJECTS: dict[str, tuple[tuple[str, str], ...]] = {
    "service": (("organization", "organization"), ("program", "program")),
    "service_at_location": (("location", "location"),),
    "attribute": (("taxonomy_term", "taxonomy_term"),),
    "taxonomy_term": (("taxonomy_detail", "taxonomy"),),
}


# A single nested object is named by the parent in ``<property>_id``, except these.
REFERENCE_COLUMNS = {"taxonomy_detail": "taxonomy_id"}


def nested_lists(table: str) -> tuple[tuple[str, str], ...]:
    return NESTED_LISTS.get(table, _COMMON)


# Rows that may belong to any kind of parent name it in two columns instead of a foreign key.
POLYMORPHIC_LINKS = {
    "attribute": ("link_id", "link_entity"),
    "metadata": ("resource_id", "resource_type"),
}

# How a row of each table is named in a message ("onbekende organisatie '…'").
LABELS = {
    "organization": "organisatie",
    "program": "programma",
    "service": "aanbod",
    "attribute": "kenmerk",
    "service_at_location": "aanbod op locatie",
    "location": "locatie",
    "phone": "telefoonnummer",
    "contact": "contactpersoon",
    "address": "adres",
    "schedule": "rooster",
    "funding": "financiering",
    "service_area": "werkgebied",
    "required_document": "vereist document",
    "language": "taal",
    "accessibility": "toegankelijkheid",
    "taxonomy_term": "taxonomieterm",
    "metadata": "metagegeven",
    "meta_table_description": "tabelbeschrijving",
    "cost_option": "kostenoptie",
    "organization_identifier": "organisatienummer",
    "taxonomy": "taxonomie",
}
NEUTER_LABELS = frozenset(
    {
        "aanbod",
        "aanbod op locatie",
        "kenmerk",
        "telefoonnummer",
        "adres",
        "rooster",
        "werkgebied",
        "vereist document",
        "metagegeven",
        "organisatienummer",
    }
)


def _the(label: str) -> str:
    """ "hetzelfde telefoonnummer", "dezelfde organisatie"."""
    return f"{'hetzelfde' if label in NEUTER_LABELS else 'dezelfde'} {label}"


DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
NUMBER_PATTERN = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


# --- the standard's tables ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, number, date, datetime, time
    format: str | None = None  # uuid, email, uri
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str  # the object type: "service"
    path: str  # its file: "services.csv"
    columns: tuple[Column, ...]
    primary_key: str
    foreign_keys: tuple[tuple[str, str], ...]  # (column, referenced table)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name)


@cache
def spec_descriptor() -> dict:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


@cache
def spec_tables() -> dict[str, Table]:
    """The standard's tables by object type, in the order its data package lists them."""
    tables = {}
    for resource in spec_descriptor()["resources"]:
        schema = resource["schema"]
        columns = tuple(
            Column(
                name=spec["name"],
                type=spec.get("type", "string"),
                format=spec.get("format"),
                required=bool(spec.get("constraints", {}).get("required")),
                unique=bool(spec.get("constraints", {}).get("unique")),
                enum=tuple(spec.get("constraints", {}).get("enum", ())),
            )
            for spec in schema["fields"]
        )
        foreign_keys = tuple(
            (key["fields"], key["reference"]["resource"]) for key in schema.get("foreignKeys", ())
        )
        tables[resource["name"]] = Table(
            resource["name"], resource["path"], columns, schema["primaryKey"], foreign_keys
        )
    return tables


def table_by_path() -> dict[str, Table]:
    return {table.path: table for table in spec_tables().values()}


# --- cells ------------------------------------------------------------------------------------


def to_cell(column: Column, value) -> str:
    """A JSON value as the text of a CSV cell (shortest, stable form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    if column.type == "time" and re.match(r"^\d\d:\d\d$", text):
        # The JSON form writes HH:MM; the tabular schema's "time" type is HH:MM:SS.
        return f"{text}:00"
    return text


def from_cell(column: Column, text: str):
    """The JSON value of a (checked) cell; None for an empty cell."""
    if text == "":
        return None
    if column.type == "number":
        number = Decimal(text)
        return (
            int(number)
            if number == number.to_integral_value() and "." not in text
            else float(number)
        )
    if column.type == "time" and re.match(r"^\d\d:\d\d:00$", text):
        return text[:5]
    return text


# --- rows and where they came from ---------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where a row was read: a CSV file and line, or an API document and a JSON path."""

    file: str
    line: int = 0
    path: str = ""  # "service_at_locations[0].location." for a nested API object

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.file, self.line, f"{self.path}{column}", message)


@dataclass
class Row:
    table: str
    cells: dict[str, str]
    origin: Origin

    @property
    def id(self) -> str:
        return self.cells.get("id", "")

    def problem(self, column: str, message: str) -> Problem:
        return self.origin.problem(column, message)


@dataclass
class TableSet:
    """The rows of every HSDS table, as CSV cell text, with where each row came from."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in spec_tables()})
    problems: list[Problem] = field(default_factory=list)
    # Read from CSV files (the table schema's own rules apply) or from JSON documents.
    tabular: bool = True

    def __post_init__(self):
        self._by_id: dict[str, dict[str, Row]] = {name: {} for name in spec_tables()}
        self._link_index: dict[tuple, dict[tuple[str, ...], list[Row]]] = {}

    def get(self, table: str, row_id: str) -> Row | None:
        return self._by_id[table].get(row_id)

    def ids(self, table: str) -> set[str]:
        return set(self._by_id[table])

    def counts(self) -> dict[str, int]:
        return {spec_tables()[name].path: len(rows) for name, rows in self.rows.items()}

    # -- filling from CSV files --

    def add_row(self, table: str, cells: dict[str, str], origin: Origin) -> Row:
        """A row read from a file: a repeated id is a problem (no merging)."""
        row = Row(table, cells, origin)
        row_id = cells.get("id", "")
        first = self._by_id[table].get(row_id) if row_id else None
        if first is not None:
            self.problems.append(
                row.problem(
                    "id", f"'{row_id}' staat al op regel {first.origin.line} van dit bestand"
                )
            )
            return row
        self.rows[table].append(row)
        if row_id:
            self._by_id[table][row_id] = row
        return row

    # -- filling from JSON objects --

    def add_object(self, table: str, obj, origin: Origin, links: Mapping[str, str] | None = None):
        """Flatten one HSDS JSON object and everything nested in it into rows.

        ``links``: columns the parent sets on this row (``service_id`` of a phone …). The same
        object may be met more than once (a location under several services): the rows are
        merged, and different values for one column are a problem.
        """
        spec = spec_tables()[table]
        if not isinstance(obj, dict):
            self.problems.append(
                origin.problem(
                    "", f"verwacht een object ({spec.label}), gevonden {type(obj).__name__}"
                )
            )
            return None
        cells: dict[str, str] = {}
        for column in spec.columns:
            if column.name not in obj:
                continue
            value = obj[column.name]
            if isinstance(value, (list, dict)):
                self.problems.append(
                    origin.problem(column.name, "verwacht één waarde, gevonden een lijst of object")
                )
                continue
            cells[column.name] = to_cell(column, value)
        for name, value in (links or {}).items():
            if name in spec.column_names and not cells.get(name):
                cells[name] = value
        row_id = cells.get("id", "")
        # The nested objects, once this row's id is known.
        children: list[tuple[str, object, Origin, dict[str, str]]] = []
        for prop, child_table in nested_lists(table):
            value = obj.get(prop)
            if value is None:
                continue
            if not isinstance(value, list):
                self.problems.append(origin.problem(prop, "verwacht een lijst"))
                continue
            links = self._parent_links(table, child_table, row_id)
            for index, child in enumerate(value):
                path = f"{origin.path}{prop}[{index}]."
                children.append((child_table, child, Origin(origin.file, origin.line, path), links))
        for prop, child_table in NESTED_OBJECTS.get(table, ()):
            value = obj.get(prop)
            if value is None:
                continue
            if not isinstance(value, dict):
                self.problems.append(origin.problem(prop, "verwacht een object"))
                continue
            column = REFERENCE_COLUMNS.get(prop, f"{prop}_id")
            child_id = value.get("id")
            if isinstance(child_id, str) and not cells.get(column):
                cells[column] = child_id
            path = f"{origin.path}{prop}."
            children.append((child_table, value, Origin(origin.file, origin.line, path), {}))
        self._merge(table, cells, origin)
        for child_table, child, child_origin, child_links in children:
            self.add_object(child_table, child, child_origin, child_links)
        return row_id

    @staticmethod
    def _parent_links(parent: str, child: str, parent_id: str) -> dict[str, str]:
        if child in POLYMORPHIC_LINKS:
            id_column, entity_column = POLYMORPHIC_LINKS[child]
            return {id_column: parent_id, entity_column: parent}
        return {f"{parent}_id": parent_id}

    def _merge(self, table: str, cells: dict[str, str], origin: Origin) -> None:
        row_id = cells.get("id", "")
        existing = self._by_id[table].get(row_id) if row_id else None
        if existing is None:
            row = Row(table, cells, origin)
            self.rows[table].append(row)
            if row_id:
                self._by_id[table][row_id] = row
            return
        for name, value in cells.items():
            old = existing.cells.get(name, "")
            if not old:
                existing.cells[name] = value
            elif value and value != old:
                self.problems.append(
                    origin.problem(
                        name,
                        f"'{value}' verschilt van '{old}' voor {_the(spec_tables()[table].label)} "
                        f"'{row_id}' in {existing.origin.file}",
                    )
                )

    # -- back to JSON objects --

    def nest(self, table: str, row_id: str) -> dict:
        """The JSON object of one row with what the standard nests in it nested again."""
        spec = spec_tables()[table]
        row = self._by_id[table][row_id]
        obj = {}
        for column in spec.columns:
            value = from_cell(column, row.cells.get(column.name, ""))
            if value is not None:
                obj[column.name] = value
        for prop, child_table in nested_lists(table):
            links = tuple(self._parent_links(table, child_table, row_id).items())
            children = self._linked(child_table, links)
            if children:
                # A nested child does not repeat the parent it sits in.
                obj[prop] = [
                    {
                        key: value
                        for key, value in self.nest(child_table, child.id).items()
                        if key not in dict(links)
                    }
                    for child in children
                ]
        for prop, child_table in NESTED_OBJECTS.get(table, ()):
            child_id = row.cells.get(REFERENCE_COLUMNS.get(prop, f"{prop}_id"), "")
            if child_id in self._by_id[child_table]:
                obj[prop] = self.nest(child_table, child_id)
        return obj

    def _linked(self, table: str, links: tuple[tuple[str, str], ...]) -> list[Row]:
        """The rows of ``table`` whose link columns hold these values, sorted by id."""
        columns = tuple(name for name, _ in links)
        key = (table, columns)
        if key not in self._link_index:
            index: dict[tuple[str, ...], list[Row]] = {}
            for row in sorted(self.rows[table], key=lambda r: r.id):
                if row.id:
                    values = tuple(row.cells.get(name, "") for name in columns)
                    index.setdefault(values, []).append(row)
            self._link_index[key] = index
        return self._link_index[key].get(tuple(value for _, value in links), [])


# --- checking against the standard's table schemas -----------------------------------------


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


def check_cell(row: Row, column: Column, problems: list[Problem]) -> None:
    text = row.cells.get(column.name, "")
    if text == "":
        if column.required:
            problems.append(row.problem(column.name, "verplicht, maar leeg"))
        return
    if text != text.strip():
        problems.append(row.problem(column.name, f"'{text}' begint of eindigt met spaties"))
        return
    message = None
    if column.enum and text not in column.enum:
        message = f"'{text}' is geen geldige waarde (kies uit: {', '.join(column.enum)})"
    elif column.format == "uuid" and not _is_uuid(text):
        message = f"'{text}' is geen UUID (zoals 3fa85f64-5717-4562-b3fc-2c963f66afa6)"
    elif column.format == "email":
        try:
            validate_email(text)
        except ValidationError:
            message = f"'{text}' is geen geldig e-mailadres"
    elif column.format == "uri" and not (
        urlsplit(text).scheme and urlsplit(text).netloc or text.startswith("mailto:")
    ):
        message = f"'{text}' is geen geldig webadres (begin met https://)"
    elif column.type == "number":
        try:
            ok = bool(NUMBER_PATTERN.match(text)) and Decimal(text).is_finite()
        except InvalidOperation:
            ok = False
        if not ok:
            message = f"'{text}' is geen getal (schrijf bijvoorbeeld 52.26570)"
    elif column.type == "date":
        try:
            if not DATE_PATTERN.match(text):
                raise ValueError
            date.fromisoformat(text)
        except ValueError:
            message = f"'{text}' is geen geldige datum (schrijf JJJJ-MM-DD)"
    elif column.type == "datetime":
        try:
            if not DATE_PATTERN.match(text[:10]) or "T" not in text:
                raise ValueError
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            message = (
                f"'{text}' is geen geldig tijdstip (schrijf bijvoorbeeld 2025-09-15T10:00:00Z)"
            )
    elif column.type == "time" and not TIME_PATTERN.match(text):
        message = f"'{text}' is geen geldige tijd (schrijf UU:MM:SS, zoals 09:00:00)"
    if message:
        problems.append(row.problem(column.name, message))


def check(tables: TableSet) -> list[Problem]:
    """Every problem of the rows against the standard's table schemas: required cells,
    types and formats, allowed values, unique columns and foreign keys."""
    problems: list[Problem] = list(tables.problems)
    specs = spec_tables()
    for name, spec in specs.items():
        rows = tables.rows[name]
        # Unique columns other than the id are a rule of the tabular form only (the API's
        # JSON repeats a term's code in its translation).
        unique_seen: dict[str, dict[str, Row]] = {
            column.name: {}
            for column in spec.columns
            if column.unique and column.name != spec.primary_key and tables.tabular
        }
        for row in rows:
            for column in spec.columns:
                check_cell(row, column, problems)
            for column_name, seen in unique_seen.items():
                value = row.cells.get(column_name, "")
                if not value:
                    continue
                if value in seen:
                    other = seen[value]
                    where = f"regel {other.origin.line}" if other.origin.line else other.origin.file
                    problems.append(
                        row.problem(
                            column_name, f"'{value}' komt al voor ({where}); moet uniek zijn"
                        )
                    )
                else:
                    seen[value] = row
            for column_name, referenced in spec.foreign_keys:
                value = row.cells.get(column_name, "")
                if value and _is_uuid(value) and tables.get(referenced, value) is None:
                    label = specs[referenced].label
                    adjective = "onbekend" if label in NEUTER_LABELS else "onbekende"
                    problems.append(row.problem(column_name, f"{adjective} {label} '{value}'"))
    return sorted_problems(problems)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """In the order of the standard's files, then by line (API documents after them, in the
    order they were read)."""
    order = {table.path: index for index, table in enumerate(spec_tables().values())}
    order[DESCRIPTOR] = -1
    first_seen: dict[str, int] = {}
    for problem in problems:
        first_seen.setdefault(problem.file, len(first_seen))
    return sorted(
        problems,
        key=lambda p: (order.get(p.file, len(order)), first_seen[p.file], p.line),
    )


# --- CSV files ---------------------------------------------------------------------------------


def write_table(table: Table, rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180 line ends, like the spreadsheet exports
    writer.writerow(table.column_names)
    for row in sorted(rows, key=lambda r: (r.id, sorted(r.cells.items()))):
        writer.writerow([row.cells.get(name, "") for name in table.column_names])
    return buffer.getvalue()


def read_table(table: Table, text: str, tables: TableSet) -> None:
    """Add the rows of one CSV file; its header may hold the standard's columns in any order."""
    problems = tables.problems
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        problems.append(Problem(table.path, 1, "kopregel", "het bestand is leeg"))
        return
    except csv.Error as error:
        problems.append(Problem(table.path, 1, "kopregel", f"kopregel niet te lezen: {error}"))
        return
    unknown = [name for name in header if name not in table.column_names]
    repeated = sorted({name for name in header if header.count(name) > 1})
    missing = [c.name for c in table.columns if c.required and c.name not in header]
    if unknown or repeated or missing:
        for name in unknown:
            problems.append(
                Problem(
                    table.path,
                    1,
                    "kopregel",
                    f"onbekende kolom '{name}' (HSDS 3.0 kent: {','.join(table.column_names)})",
                )
            )
        for name in repeated:
            problems.append(
                Problem(table.path, 1, "kopregel", f"kolom '{name}' staat er meer dan eens")
            )
        for name in missing:
            problems.append(
                Problem(table.path, 1, "kopregel", f"verplichte kolom '{name}' ontbreekt")
            )
        return
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(table.path, line, "regel", f"regel niet te lezen: {error}"))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(table.path, line, "regel", f"{len(cells)} kolommen, verwacht {len(header)}")
            )
            continue
        tables.add_row(table.name, dict(zip(header, cells, strict=True)), Origin(table.path, line))


def _decode(name: str, raw: bytes, problems: list[Problem]) -> str | None:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(name, 0, "bestand", f"geen geldige UTF-8-tekst (byte {error.start})")
        )
        return None


def read_files(files: Mapping[str, bytes]) -> TableSet:
    """The tables of a data package given as {file name: bytes}.

    Which files belong to the package: the resources its ``datapackage.json`` lists (a
    listed file that is missing is a problem); without one, the standard's file names.
    A table without a file is empty.
    """
    tables = TableSet()
    by_path = table_by_path()
    paths: dict[str, Table] = {}
    descriptor_raw = files.get(DESCRIPTOR)
    if descriptor_raw is not None:
        text = _decode(DESCRIPTOR, descriptor_raw, tables.problems)
        try:
            descriptor = json.loads(text) if text is not None else None
        except json.JSONDecodeError as error:
            tables.problems.append(
                Problem(DESCRIPTOR, error.lineno, "bestand", f"geen geldige JSON: {error.msg}")
            )
            descriptor = None
        resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
        if descriptor is not None and not isinstance(resources, list):
            tables.problems.append(
                Problem(DESCRIPTOR, 0, "resources", "de lijst met bestanden (resources) ontbreekt")
            )
        for resource in resources or ():
            name = resource.get("name") if isinstance(resource, dict) else None
            path = resource.get("path") if isinstance(resource, dict) else None
            if name not in spec_tables() or not isinstance(path, str):
                tables.problems.append(
                    Problem(
                        DESCRIPTOR,
                        0,
                        "resources",
                        f"onbekende tabel '{name}' (HSDS 3.0 kent: {', '.join(spec_tables())})",
                    )
                )
                continue
            if path not in files:
                tables.problems.append(Problem(path, 0, "bestand", "het bestand ontbreekt"))
                continue
            paths[path] = spec_tables()[name]
    else:
        paths = {path: table for path, table in by_path.items() if path in files}
    if not paths and not tables.problems:
        tables.problems.append(
            Problem(
                DESCRIPTOR,
                0,
                "bestand",
                "geen HSDS-bestanden gevonden (zoals organizations.csv en services.csv)",
            )
        )
    for path, table in paths.items():
        text = _decode(path, files[path], tables.problems)
        if text is not None:
            read_table(table, text, tables)
    return tables


class PackageError(Exception):
    """A data package that cannot be opened at all (no folder, not a zip …)."""


MAX_PACKAGE_BYTES = 200 * 1024 * 1024


def read_package(path: str | Path) -> dict[str, bytes]:
    """The files of a data package folder or zip file: {file name: bytes}.

    In a zip the files may sit in one folder (as when a folder is zipped).
    """
    path = Path(path)
    if path.is_dir():
        return {
            child.name: child.read_bytes() for child in sorted(path.iterdir()) if child.is_file()
        }
    if not path.is_file():
        raise PackageError(f"Map of bestand niet gevonden: {path}")
    if not zipfile.is_zipfile(path):
        raise PackageError(f"{path} is geen map en geen zip-bestand.")
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if sum(info.file_size for info in members) > MAX_PACKAGE_BYTES:
            raise PackageError(f"{path} is uitgepakt groter dan {MAX_PACKAGE_BYTES // 2**20} MB.")
        descriptors = [info.filename for info in members if Path(info.filename).name == DESCRIPTOR]
        folder = str(Path(min(descriptors, key=len)).parent) if descriptors else ""
        for info in members:
            parent = str(Path(info.filename).parent)
            if parent in ("", ".") and folder in ("", ".") or parent == folder:
                files[Path(info.filename).name] = archive.read(info)
    return files


# --- writing a package ------------------------------------------------------------------------


def descriptor(metadata: Mapping[str, object]) -> dict:
    """Our ``datapackage.json``: our name, title and licence, the standard's resources."""
    spec = spec_descriptor()
    return {
        **metadata,
        "profile": spec["profile"],
        "resources": spec["resources"],
    }


def package_files(tables: TableSet, metadata: Mapping[str, object]) -> dict[str, bytes]:
    """Every file of the package: ``datapackage.json`` and one CSV per table (header only
    when a table is empty), in the standard's order."""
    files = {
        DESCRIPTOR: (json.dumps(descriptor(metadata), ensure_ascii=False, indent=2) + "\n").encode()
    }
    for name, table in spec_tables().items():
        files[table.path] = write_table(table, tables.rows[name]).encode("utf-8")
    return files


def write_package(folder: str | Path, files: Mapping[str, bytes]) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)


# A fixed date in every zip entry, so the same data gives the same zip bytes.
ZIP_DATE = (2024, 5, 16, 0, 0, 0)


def zip_package(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
