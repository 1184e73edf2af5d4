"""The tabular form of HSDS 3.0: the data package's files.

A data package is ``datapackage.json`` and one CSV file per table of the standard
(``table_schema``); its rows are a ``TableSet`` (``table_rows``), checked by
``table_checks``. This module reads and writes the files, a folder and a zip file.

The output is deterministic: rows sorted by id, numbers in their shortest form, RFC 4180
line ends, ``datapackage.json`` with sorted resources as the standard lists them and no
timestamps. Export → import → export therefore gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from portal.core.exchange import Problem

from .table_rows import Origin, Row, TableSet
from .table_schema import DESCRIPTOR, Table, spec_descriptor, spec_tables, table_by_path

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
