"""Import the six CSV files of the social map; nothing changes unless every row is valid."""

import csv
import io
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.core.exchange import (
    IMPORT_LOCK_WAIT_SECONDS,
    ImportBusy,
    import_files,
    read_directory,
    spreadsheet_files,
)
from portal.core.exchange.columns import DATE_PATTERN, Date


def date_columns() -> dict[str, tuple[str, ...]]:
    """The date columns of each file, as its adapter declares them."""
    return {
        adapter.name: tuple(column.name for column in adapter.columns if isinstance(column, Date))
        for adapter in spreadsheet_files
    }


def move_dates_to(sources: dict[str, bytes | None], today: date) -> dict[str, bytes | None]:
    """The files with every date moved by the same number of days, so the newest is today.

    For the sample data only (``--demo-dates``): its dates were written once, and a fresh
    demo would otherwise show everything as long overdue. The spread between the dates,
    and so the mix of fresh and overdue items, stays as it was.
    """
    dated = date_columns()
    tables = {}
    for name, raw in sources.items():
        if raw is None or not dated.get(name):
            continue
        tables[name] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    found = [
        date.fromisoformat(row[column])
        for name, rows in tables.items()
        for row in rows
        for column in dated[name]
        if DATE_PATTERN.match(row[column] or "")
    ]
    if not found:
        return sources
    shift = today - max(found)
    moved = dict(sources)
    for name, rows in tables.items():
        for row in rows:
            for column in dated[name]:
                if DATE_PATTERN.match(row[column] or ""):
                    row[column] = (date.fromisoformat(row[column]) + shift).isoformat()
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=spreadsheet_files.columns(name), lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        moved[name] = buffer.getvalue().encode("utf-8")
    return moved


class Command(BaseCommand):
    help = (
        "Import the social map from a folder with the CSV files of the exchange format "
        "(portal/fixtures/sociale-kaart/README.md). Idempotent by slug; all or nothing; one "
        "import at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Folder with the CSV files")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report what would be created, updated or left unchanged.",
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=IMPORT_LOCK_WAIT_SECONDS,
            metavar="SECONDS",
            help="How long to wait for an import that is already running "
            f"(default {IMPORT_LOCK_WAIT_SECONDS:g}); then stop without changing anything.",
        )
        parser.add_argument(
            "--demo-dates",
            action="store_true",
            help=(
                "Sample data only (make run): move the check dates so the newest is today. "
                "Never use it for real data: it changes the dates that were imported."
            ),
        )

    def handle(
        self, *args, directory: Path, dry_run: bool, wait: float, demo_dates: bool, **options
    ):
        if not directory.is_dir():
            raise CommandError(f"Map niet gevonden: {directory}")
        sources = read_directory(directory)
        if demo_dates:
            sources = move_dates_to(sources, timezone.localdate())
        try:
            result = import_files(sources, dry_run=dry_run, lock_wait=wait)
        except ImportBusy as busy:
            raise CommandError(f"{busy} Er is niets veranderd.") from None
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(result.problems)} probleem/problemen gevonden; er is niets gewijzigd."
            )
        for line in result.summary_lines():
            self.stdout.write(line)
        verb = "Proefimport (er is niets opgeslagen)" if dry_run else "Import klaar"
        self.stdout.write(self.style.SUCCESS(f"{verb} in {result.elapsed:.2f} s."))
