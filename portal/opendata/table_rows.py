"""Rows of the tabular form of HSDS 3.0 and where they came from: HSDS JSON objects are
flattened into rows of one table per object type, and nested back (``TableSet``).

Nested JSON objects become rows of their own table that point back at their parent: a
service's ``phones`` become rows of ``phones.csv`` with ``service_id`` set, its
``attributes`` rows of ``attributes.csv`` with ``link_id``/``link_entity``, and an object
the parent refers to (a service's ``organization``, a service-at-location's ``location``)
a row the parent names in its ``<property>_id`` column. Everything is kept as CSV cell
text, whichever side it came from, so one set of checks serves a data package and another
directory's JSON API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from portal.core.exchange import Problem

from .table_schema import (
    NESTED_OBJECTS,
    POLYMORPHIC_LINKS,
    REFERENCE_COLUMNS,
    from_cell,
    nested_lists,
    spec_tables,
    to_cell,
    with_article,
)

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
                        f"'{value}' verschilt van '{old}' voor "
                        f"{with_article(spec_tables()[table].label)} "
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
