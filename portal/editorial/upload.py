"""Reading an admin upload safely: six CSV files or one zip, within size limits.

Nothing here writes to disk or to the database: the result is a mapping of file name to
bytes (for ``directory.spreadsheet.import_files``) or a list of clear, Dutch errors.
Zip members are never extracted; their names are still checked, so a zip with
``../x`` paths (zip slip) or a zip bomb is refused as a whole.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings

from directory.spreadsheet import FILES

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # per upload, and for all unpacked files together
MAX_ZIP_MEMBERS = 20
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
    if name not in FILES:
        result.errors.append(
            f"{name}: onbekend bestand. Gebruik de namen {', '.join(FILES)} (of een zip daarvan)."
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


def read_zip(upload_name: str, data: bytes, result: UploadReadResult) -> None:
    limit = max_upload_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        result.errors.append(f"{upload_name}: dit is geen geldig zip-bestand.")
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            result.errors.append(f"{upload_name}: het zip-bestand bevat te veel bestanden.")
            return
        for member in members:
            if _safe_member_name(member.filename) is None:
                result.errors.append(
                    f"{upload_name}: ongeldig pad '{member.filename}' in het zip-bestand. "
                    "Er is niets veranderd."
                )
        if result.errors:
            return
        declared = sum(m.file_size for m in members)
        compressed = sum(m.compress_size for m in members) or 1
        if declared > limit or declared / compressed > MAX_COMPRESSION_RATIO:
            result.errors.append(
                f"{upload_name}: uitgepakt is het zip-bestand te groot "
                f"(maximaal {megabytes(limit)}). Er is niets veranderd."
            )
            return
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
        elif name.lower().endswith(".csv"):
            _accept(name.lower(), data, result)
        else:
            result.errors.append(
                f"{name}: dit is geen CSV- of zip-bestand. Upload de zes CSV-bestanden of een zip."
            )
    if not result.errors and not result.files:
        result.errors.append("Er zat geen enkel CSV-bestand in de upload.")
    return result
