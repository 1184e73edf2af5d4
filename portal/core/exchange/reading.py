"""Reading the files of an import: bytes to rows of cells, with a clear word for bad files."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from portal.csv_cells import unescape_formula

from .files import spreadsheet_files
from .results import Problem


@dataclass
class RawRow:
    line: int
    cells: dict[str, str]
    # Where the row was read, when another file's old layout held it (problems name that
    # file and, through ``source_columns``, its columns).
    source: str | None = None
    source_columns: dict[str, str] | None = None


def header_of(text: str) -> tuple[str, ...]:
    """The first row's cells, stripped (empty for an unreadable or empty file)."""
    try:
        return tuple(cell.strip() for cell in next(csv.reader(io.StringIO(text, newline=""))))
    except (StopIteration, csv.Error):
        return ()


def decode(name: str, raw: bytes | str, problems: list[Problem]) -> str | None:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(
                Problem(name, 0, "bestand", f"geen geldige UTF-8-tekst (byte {error.start})")
            )
            return None
    return raw.removeprefix("\ufeff")


def read_rows(
    name: str, text: str, expected: tuple[str, ...], problems: list[Problem]
) -> list[RawRow] | None:
    """The rows of one file, or None when its header is not the expected one."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(name, 1, "kopregel", "het bestand is leeg"))
        return None
    except csv.Error as error:
        problems.append(Problem(name, 1, "kopregel", f"kopregel niet te lezen: {error}"))
        return None
    header = [cell.strip() for cell in header]
    if tuple(header) != expected and any(";" in cell for cell in header):
        # Dutch Excel saves "CSV" with semicolons; comparing headers would only confuse.
        problems.append(
            Problem(
                name,
                1,
                "kopregel",
                "gebruik komma's als scheidingsteken: dit bestand gebruikt puntkomma's. Kies in "
                "Excel 'Opslaan als' en dan 'CSV UTF-8 (door komma's gescheiden)'",
            )
        )
        return None
    if tuple(header) != expected:
        problems.append(
            Problem(
                name,
                1,
                "kopregel",
                f"verwacht '{','.join(expected)}', gevonden '{','.join(header)}'",
            )
        )
        return None
    rows = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(name, line, "regel", f"regel niet te lezen: {error}"))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(expected):
            problems.append(
                Problem(name, line, "regel", f"{len(cells)} kolommen, verwacht {len(expected)}")
            )
            continue
        # Cells the export protected against formula injection ("'=...") lose that one
        # apostrophe again, so export -> import -> export is identical.
        cells = [unescape_formula(cell) for cell in cells]
        rows.append(RawRow(line, dict(zip(expected, cells, strict=True))))
    return rows


def read_directory(path: str | Path) -> dict[str, bytes | None]:
    """The raw bytes of every file of the format in a folder (None for a missing file)."""
    folder = Path(path)
    return {
        name: (folder / name).read_bytes() if (folder / name).is_file() else None
        for name in spreadsheet_files.names()
    }
