"""Delete reporters' e-mail addresses a configurable time after their report closed, and
in any case REPORTER_EMAIL_MAX_AGE_DAYS after it came in (AVG). Run daily by
``send_verification_digest``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from portal.editorial.reports import purge_reporter_emails


class Command(BaseCommand):
    help = (
        "Delete reporters' e-mail addresses once the retention period after closing has "
        "passed, and from reports older than the maximum age even when they are still open."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Override the retention period in days.")
        parser.add_argument(
            "--max-age-days",
            type=int,
            help="Override REPORTER_EMAIL_MAX_AGE_DAYS (days after a report came in).",
        )

    def handle(self, *args, **options):
        count = purge_reporter_emails(
            retention_days=options["days"], max_age_days=options["max_age_days"]
        )
        self.stdout.write(f"E-mailadres verwijderd uit {count} melding(en).")
