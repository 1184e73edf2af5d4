"""Export the published Dutch social map as the six CSV files of the exchange format."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from portal.core.exchange import export_directory


class Command(BaseCommand):
    help = "Write the six CSV files of the social map (Dutch, live items, sorted by slug)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Folder to write the CSV files into")

    def handle(self, *args, directory: Path, **options):
        started = time.perf_counter()
        counts = export_directory(directory)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} rijen")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Export naar {directory} klaar in {elapsed:.2f} s."))
