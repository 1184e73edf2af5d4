"""The spreadsheet exchange: import and export of the social map as CSV files (or .xlsx).

The core knows no file: each file is an adapter (``SpreadsheetFile``) in the app that owns
its model, found in that app's ``exchange`` module. The format is described in
``portal/fixtures/sociale-kaart/README.md``.

    from portal.core.exchange import import_directory, export_directory, spreadsheet_files
"""

from .cells import rich_text_to_text, text_to_rich_text
from .export import export_directory, export_files, workbook_bytes
from .files import SpreadsheetFile, spreadsheet_files
from .importer import SpreadsheetImport, import_directory, import_files
from .lock import IMPORT_LOCK_WAIT_SECONDS, ImportBusy, import_lock
from .reading import read_directory
from .results import FileCounts, ImportResult, Problem, SpreadsheetError
from .signals import items_imported

__all__ = [
    "IMPORT_LOCK_WAIT_SECONDS",
    "FileCounts",
    "ImportBusy",
    "ImportResult",
    "Problem",
    "SpreadsheetError",
    "SpreadsheetFile",
    "SpreadsheetImport",
    "export_directory",
    "export_files",
    "import_directory",
    "import_files",
    "import_lock",
    "items_imported",
    "read_directory",
    "rich_text_to_text",
    "spreadsheet_files",
    "text_to_rich_text",
    "workbook_bytes",
]
