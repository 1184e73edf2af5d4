"""Import the six CSV files of the social map; nothing changes unless every row is valid."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.import_lock import IMPORT_LOCK_WAIT_SECONDS, ImportBusy
from directory.spreadsheet import FILES, import_directory


class Command(BaseCommand):
    help = (
        "Import the social map from a folder with the six CSV files "
        f"({', '.join(FILES)}). Idempotent by slug; all or nothing; one import at a time."
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

    def handle(self, *args, directory: Path, dry_run: bool, wait: float, **options):
        if not directory.is_dir():
            raise CommandError(f"Map niet gevonden: {directory}")
        try:
            result = import_directory(directory, dry_run=dry_run, lock_wait=wait)
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
