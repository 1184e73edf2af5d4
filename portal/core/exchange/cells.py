"""Reading the cells of one row, and the text conventions of the exchange format.

``RowCleaner`` hands a column its cell and collects what is wrong with it as a
``Problem``. Rich text travels as plain paragraphs (``text_to_rich_text`` and back).
"""

from __future__ import annotations

import html
import re

from .results import Problem

# "het" words among the labels of references: "onbekend thema", but "onbekende locatie".
NEUTER_LABELS = frozenset({"thema", "stadsdeel"})

_PLAIN_PARAGRAPHS = re.compile(r"^(?:<p>[^<]*</p>)+$")


class RowCleaner:
    """The cells of one row of one file, and the problems found in them."""

    def __init__(
        self,
        file: str,
        line: int,
        cells: dict[str, str],
        problems: list[Problem],
        first_lines: dict[str, int],
        column_names: dict[str, str] | None = None,
    ):
        self.file = file
        # A row read from another file's old layout names that file's columns.
        self.column_names = column_names or {}
        self.line = line
        self.cells = cells
        self.problems = problems
        # Slug -> the line it first appeared on in this file (shared by the file's rows).
        self.first_lines = first_lines

    def problem(self, column: str, message: str) -> None:
        column = self.column_names.get(column, column)
        self.problems.append(Problem(self.file, self.line, column, message))

    def cell(self, column: str) -> str:
        return self.cells[column]


def text_to_rich_text(text: str) -> str:
    """Plain paragraphs (separated by a blank line) become escaped ``<p>`` elements.

    A cell that already is HTML (an export of text an editor formatted in the admin) is
    kept as it is, so that formatting survives a round trip.
    """
    text = text.strip()
    if not text:
        return ""
    if text.startswith("<"):
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def rich_text_to_text(value: str) -> str:
    """The inverse of ``text_to_rich_text`` for plain paragraphs; other HTML stays HTML."""
    value = (value or "").strip()
    if not value:
        return ""
    if _PLAIN_PARAGRAPHS.match(value):
        return "\n\n".join(html.unescape(p) for p in re.findall(r"<p>([^<]*)</p>", value))
    return value


def split_values(cell: str) -> list[str]:
    """A ``;``-separated cell as a list without empty or repeated values."""
    seen: dict[str, None] = {}
    for value in cell.split(";"):
        if value.strip():
            seen.setdefault(value.strip(), None)
    return list(seen)


def reference_problem(label: str, value: str) -> str:
    adjective = "onbekend" if label in NEUTER_LABELS else "onbekende"
    return f"{adjective} {label} '{value}'"
