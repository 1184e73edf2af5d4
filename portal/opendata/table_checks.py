"""Checking a ``TableSet`` against the standard's table schemas: every problem points at a
place (``file:line: column`` for a CSV file, the document and JSON path for the API)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portal.core.exchange import Problem

from .table_rows import Row, TableSet
from .table_schema import (
    DATE_PATTERN,
    DESCRIPTOR,
    NEUTER_LABELS,
    NUMBER_PATTERN,
    TIME_PATTERN,
    Column,
    spec_tables,
)

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
