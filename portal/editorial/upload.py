"""Reading an admin upload safely: CSV files, a zip of them or the .xlsx of the download.

Nothing here writes to disk or to the database: the result is a mapping of file name to
bytes (for ``portal.core.exchange.import_files``) or a list of clear, Dutch errors.
Zip members are never extracted; their names are still checked, so a zip with
``../x`` paths (zip slip) or a zip bomb is refused as a whole. An .xlsx is a zip too: it
passes the same checks before openpyxl reads it, and each sheet becomes the CSV file of the
same name (``organisations`` → ``organisations.csv``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath

from django.conf import settings
from openpyxl import load_workbook

from portal.core.exchange import spreadsheet_files

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # per upload, and for all unpacked files together
MAX_ZIP_MEMBERS = 20
MAX_XLSX_MEMBERS = 100  # Excel adds styles, themes, printer settings, ...
MAX_COMPRESSION_RATIO = 100


def max_upload_bytes() -> int:
    return getattr(settings, "EDITORIAL_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


@dataclass
class UploadReadResult:
    files: dict[str, bytes] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.files)


def too_big_message(size: int | None = None) -> str:
    found = f" Dit bestand is {megabytes(size)}." if size else ""
    return f"Het bestand is te groot. Upload samen maximaal {megabytes(max_upload_bytes())}.{found}"


def _check_csv_bytes(name: str, data: bytes, errors: list[str]) -> None:
    if not data.strip():
        errors.append(f"{name}: het bestand is leeg.")
    elif b"\x00" in data[:4096]:
        errors.append(
            f"{name}: dit is geen CSV-bestand. Sla het werkblad op als 'CSV UTF-8 (door "
            "komma's gescheiden)'."
        )
    else:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            errors.append(
                f"{name}: de tekens zijn niet goed opgeslagen (geen UTF-8). Kies in Excel "
                "'Opslaan als' en dan 'CSV UTF-8 (door komma's gescheiden)'."
            )


def _accept(name: str, data: bytes, result: UploadReadResult) -> None:
    names = spreadsheet_files.names()
    if name not in names:
        result.errors.append(
            f"{name}: onbekend bestand. Gebruik de namen {', '.join(names)} (of een zip daarvan)."
        )
        return
    if name in result.files:
        result.errors.append(f"{name}: dit bestand zit er twee keer in.")
        return
    _check_csv_bytes(name, data, result.errors)
    result.files[name] = data


def _safe_member_name(raw: str) -> str | None:
    """The file name of a zip member, or None when its path could escape a folder."""
    if "\\" in raw or raw.startswith("/") or ":" in raw:
        return None
    parts = PurePosixPath(raw).parts
    if any(part in ("..", "") for part in parts):
        return None
    return parts[-1] if parts else None


def _checked_zip(
    upload_name: str, data: bytes, result: UploadReadResult, *, max_members: int, kind: str
) -> zipfile.ZipFile | None:
    """The archive when its paths and declared sizes are safe; otherwise errors and None."""
    limit = max_upload_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        result.errors.append(f"{upload_name}: dit is geen geldig {kind}.")
        return None
    members = [m for m in archive.infolist() if not m.is_dir()]
    problems = []
    if len(members) > max_members:
        problems.append(f"{upload_name}: het {kind} bevat te veel onderdelen.")
    problems += [
        f"{upload_name}: ongeldig pad '{m.filename}' in het {kind}. Er is niets veranderd."
        for m in members
        if _safe_member_name(m.filename) is None
    ]
    declared = sum(m.file_size for m in members)
    compressed = sum(m.compress_size for m in members) or 1
    if not problems and (declared > limit or declared / compressed > MAX_COMPRESSION_RATIO):
        problems.append(
            f"{upload_name}: uitgepakt is het {kind} te groot "
            f"(maximaal {megabytes(limit)}). Er is niets veranderd."
        )
    if problems:
        archive.close()
        result.errors.extend(problems)
        return None
    return archive


def read_zip(upload_name: str, data: bytes, result: UploadReadResult) -> None:
    limit = max_upload_bytes()
    archive = _checked_zip(
        upload_name, data, result, max_members=MAX_ZIP_MEMBERS, kind="zip-bestand"
    )
    if archive is None:
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        total = 0
        for member in members:
            name = _safe_member_name(member.filename)
            if name.startswith(".") or name.startswith("__MACOSX"):
                continue  # hidden files that operating systems add to zips
            try:
                with archive.open(member) as handle:
                    content = handle.read(limit + 1)  # never trust the declared size
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError):
                result.errors.append(f"{upload_name}: '{name}' is niet te lezen.")
                continue
            total += len(content)
            if total > limit:
                result.errors.append(
                    f"{upload_name}: uitgepakt is het zip-bestand te groot "
                    f"(maximaal {megabytes(limit)}). Er is niets veranderd."
                )
                return
            _accept(name, content, result)


def _cell_text(value) -> str:
    """A cell as the CSV export writes it (Excel may have turned text into numbers or dates)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(upload_name: str, data: bytes, result: UploadReadResult) -> None:
    archive = _checked_zip(
        upload_name, data, result, max_members=MAX_XLSX_MEMBERS, kind="Excel-bestand"
    )
    if archive is None:
        return
    archive.close()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged workbook
        result.errors.append(
            f"{upload_name}: dit Excel-bestand is niet te lezen. Download het opnieuw of "
            "upload de CSV-bestanden."
        )
        return
    try:
        for sheet in workbook.worksheets:
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            for row in sheet.iter_rows(values_only=True):
                writer.writerow([_cell_text(value) for value in row])
            _accept(f"{sheet.title.strip().lower()}.csv", text.getvalue().encode("utf-8"), result)
    finally:
        workbook.close()


def read_upload(uploaded_files) -> UploadReadResult:
    """Read Django ``UploadedFile`` objects: CSV files and/or zips of them."""
    result = UploadReadResult()
    limit = max_upload_bytes()
    if not uploaded_files:
        result.errors.append("Kies een of meer bestanden om te uploaden.")
        return result
    if sum(f.size for f in uploaded_files) > limit:
        result.errors.append(too_big_message(sum(f.size for f in uploaded_files)))
        return result
    for uploaded in uploaded_files:
        name = PurePosixPath(uploaded.name.replace("\\", "/")).name
        data = uploaded.read(limit + 1)
        if name.lower().endswith(".zip"):
            read_zip(name, data, result)
        elif name.lower().endswith(".xlsx"):
            read_xlsx(name, data, result)
        elif name.lower().endswith(".csv"):
            _accept(name.lower(), data, result)
        else:
            result.errors.append(
                f"{name}: dit is geen CSV-, zip- of Excel-bestand (.xlsx). Upload CSV-bestanden, "
                "een zip daarvan of het Excel-bestand van de download."
            )
    if not result.errors and not result.files:
        result.errors.append("Er zat geen enkel CSV-bestand in de upload.")
    return result
