"""The export: the files of the exchange format as CSV text, a folder or one .xlsx workbook.

Live items in the default (Dutch) locale, sorted by slug, in the same canonical cells the
import compares with, so export → import → export gives identical files.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from wagtail.models import Locale

from portal.csv_cells import escape_formula, unescape_formula

from .files import spreadsheet_files
from .importer import existing_objects, export_cells


def export_files() -> dict[str, str]:
    """Every file as text: live Dutch items, sorted by slug."""
    locale = Locale.get_default()
    files = {}
    for adapter in spreadsheet_files:
        buffer = io.StringIO()
        writer = csv.writer(buffer)  # RFC 4180 line ends, as the sample files
        writer.writerow(adapter.column_names)
        for obj in existing_objects(adapter, locale, live_only=True):
            cells = export_cells(adapter, obj)
            # "=..." / "+..." / "-..." / "@..." would be a formula in a spreadsheet.
            writer.writerow([escape_formula(cells[column]) for column in adapter.column_names])
        files[adapter.name] = buffer.getvalue()
    return files


def export_directory(path: str | Path) -> dict[str, int]:
    """Write every file into ``path``; return the number of rows per file."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, text in export_files().items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
        counts[name] = len(list(csv.reader(io.StringIO(text)))) - 1
    return counts


def workbook_bytes(files: dict[str, str]) -> bytes:
    """One sheet per CSV file; text cells stay text (no formulas from data)."""
    workbook = Workbook(write_only=True)
    for adapter in spreadsheet_files:
        sheet = workbook.create_sheet(title=adapter.name.removesuffix(".csv"))
        header = ",".join(adapter.column_names)
        for row in csv.reader(io.StringIO(files.get(adapter.name, header))):
            cells = []
            for value in row:
                # The cell is typed as text below, so the CSV's formula guard is not needed.
                cell = WriteOnlyCell(sheet, unescape_formula(value))
                cell.data_type = "s"  # a cell like "=HYPERLINK(...)" must not become a formula
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
