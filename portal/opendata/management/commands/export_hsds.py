"""Write the social map as an HSDS 3.0 data package (datapackage.json + CSVs) into a folder."""

import csv
import io
from pathlib import Path

from django.core.management.base import BaseCommand

from portal.opendata.package import export_files
from portal.opendata.tabular import DESCRIPTOR, write_package


class Command(BaseCommand):
    help = (
        "Export the published Dutch social map as an Open Referral HSDS 3.0 data package: "
        "datapackage.json and one CSV file per table of the standard."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Folder to write the files into")
        parser.add_argument(
            "--site-root",
            metavar="URL",
            help="Address of the site in the item links (default: the default Wagtail site)",
        )

    def handle(self, *args, directory: Path, site_root: str | None, **options):
        files = export_files(site_root=site_root)
        write_package(directory, files)
        for name, content in files.items():
            if name != DESCRIPTOR:
                rows = len(list(csv.reader(io.StringIO(content.decode("utf-8"))))) - 1
                if rows:
                    self.stdout.write(f"{name}: {rows} rijen")
        self.stdout.write(self.style.SUCCESS(f"{len(files)} bestanden geschreven in {directory}."))
