"""Spreadsheet-safe CSV cells: text that a spreadsheet would run as a formula is neutralised.

Excel and LibreOffice treat a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, after
their own trimming, tab or carriage return) as a formula, so a resident's "=HYPERLINK(...)"
in a report, or an editor's text, would run on the machine of whoever opens the export
(CSV injection). Such a cell gets a leading apostrophe, which spreadsheets show as text.

The sociale-kaart import strips exactly that apostrophe again (``unescape_formula``), so
export → import → export is identical. To keep that a bijection, a value that already
starts with apostrophes followed by a trigger (``'=x``) gets one more (``''=x``).
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_NEEDS_ESCAPE = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")


def escape_formula(value):
    """The value as a CSV cell that no spreadsheet runs as a formula (non-text unchanged)."""
    if isinstance(value, str) and _NEEDS_ESCAPE.match(value):
        return ESCAPE + value
    return value


def unescape_formula(value: str) -> str:
    """The inverse of ``escape_formula`` for cells read back from an export."""
    if _ESCAPED.match(value):
        return value[len(ESCAPE) :]
    return value
