"""Import an HSDS 3.0 data package (folder or zip) or another directory's HSDS API."""

from django.core.management.base import BaseCommand, CommandError

from portal.core.exchange import IMPORT_LOCK_WAIT_SECONDS, ImportBusy
from portal.opendata.harvest import TIMEOUT_SECONDS, HarvestError, tables_from_api
from portal.opendata.importer import import_tables
from portal.opendata.tabular import PackageError, read_files, read_package


class Command(BaseCommand):
    help = (
        "Import an Open Referral HSDS 3.0 data package (a folder or zip with "
        "datapackage.json and the CSV files) or the HSDS API at a URL into the social map. "
        "All or nothing; items keep their HSDS ids; one import at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Folder, zip file or http(s) address of an HSDS API")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only check and report what would be created, updated or left unchanged.",
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
            "--timeout",
            type=float,
            default=TIMEOUT_SECONDS,
            metavar="SECONDS",
            help=f"Per request to an API (default {TIMEOUT_SECONDS:g}).",
        )

    def handle(self, *args, source: str, dry_run: bool, wait: float, timeout: float, **options):
        try:
            if source.startswith(("http://", "https://")):
                tables = tables_from_api(source, timeout=timeout)
            else:
                tables = read_files(read_package(source))
        except (HarvestError, PackageError) as error:
            raise CommandError(f"{error} Er is niets veranderd.") from None
        try:
            result = import_tables(tables, dry_run=dry_run, lock_wait=wait)
        except ImportBusy as busy:
            raise CommandError(f"{busy} Er is niets veranderd.") from None
        for notice in result.notices:
            self.stdout.write(f"let op: {notice}")
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
