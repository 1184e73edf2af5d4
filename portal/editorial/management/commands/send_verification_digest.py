"""Daily cron job: remind editors and contact persons, then apply the AVG retention rule.

manage.py send_verification_digest            # send and purge
manage.py send_verification_digest --dry-run  # only print what would be sent
"""

from __future__ import annotations

from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.editorial.digest import send_digests


class Command(BaseCommand):
    help = "E-mail a digest of items that became overdue and delete expired reporter e-mails."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this day (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Print, send nothing.")
        parser.add_argument(
            "--skip-purge", action="store_true", help="Do not delete expired reporter e-mails."
        )

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as error:
            raise CommandError("Gebruik --date JJJJ-MM-DD") from error
        dry_run = options["dry_run"]
        sent = send_digests(today, dry_run=dry_run, log=self.stdout.write)
        if not dry_run:
            items = sum(len(d.rows) for d in sent)
            self.stdout.write(f"Klaar: {len(sent)} e-mail(s) met samen {items} item(s).")
        if not options["skip_purge"] and not dry_run:
            call_command("purge_reporter_emails", stdout=self.stdout)
