"""The standard's tables for the tabular form of HSDS 3.0, and their cells.

The tables, their file names, columns (in order), types, required columns and keys are
the standard's own (``schema/datapackage.json``, a verbatim copy of the specification's
file), so no module names a column itself; what the JSON schemas nest in each object type
is listed here. A cell is CSV text: numbers in their shortest form, dates ISO.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

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


def with_article(label: str) -> str:
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
