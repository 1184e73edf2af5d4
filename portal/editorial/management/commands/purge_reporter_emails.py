"""Delete reporters' e-mail addresses a configurable time after their report closed (AVG)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from portal.editorial.reports import purge_reporter_emails


class Command(BaseCommand):
    help = "Delete reporters' e-mail addresses once the retention period after closing has passed."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Override the retention period in days.")

    def handle(self, *args, **options):
        count = purge_reporter_emails(retention_days=options["days"])
        self.stdout.write(f"E-mailadres verwijderd uit {count} afgesloten melding(en).")
