"""Validation against the official HSDS 3.0 JSON Schemas, offline.

The schemas (``portal/opendata/schema/``, verbatim copies) refer to each other by file name
(``"$ref": "phone.json"``) and use JSON Schema 2020-12: a ``referencing`` registry of that
folder resolves the references. Formats are checked too: ``uuid`` and ``email`` by
jsonschema itself, ``uri`` and ``date-time`` by the two checks below (jsonschema skips them
without optional packages, which would let a broken URL or timestamp pass).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(settings.BASE_DIR) / "portal" / "opendata" / "schema"
NOT_OBJECT_SCHEMAS = {"openapi.json", "datapackage.json"}
PAGE_FIELDS = (
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
)

format_checker = FormatChecker()


@format_checker.checks("uri")
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in ("urn", "mailto"))


@format_checker.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.tzinfo is not None and "T" in value


@cache
def registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
        if path.name not in NOT_OBJECT_SCHEMAS
    ]
    return Registry().with_resources(resources)


@cache
def validator(schema_name: str) -> Draft202012Validator:
    schema = registry().contents(schema_name)
    return Draft202012Validator(schema, registry=registry(), format_checker=format_checker)


@cache
def page_validator() -> Draft202012Validator:
    """The ``Page`` of the specification's OpenAPI file, with every field required."""
    openapi = json.loads((SCHEMA_DIR / "openapi.json").read_text())
    schema = dict(openapi["components"]["schemas"]["Page"])
    schema["required"] = list(PAGE_FIELDS)
    schema["properties"] = {**schema["properties"], "contents": {"type": "array"}}
    return Draft202012Validator(schema, format_checker=format_checker)


def errors(document, schema_name: str) -> list[str]:
    return [
        f"{error.json_path}: {error.message}"
        for error in validator(schema_name).iter_errors(document)
    ]


def page_errors(page, item_schema: str) -> list[str]:
    found = [f"page {e.json_path}: {e.message}" for e in page_validator().iter_errors(page)]
    for item in page.get("contents", []):
        found += errors(item, item_schema)
    return found
