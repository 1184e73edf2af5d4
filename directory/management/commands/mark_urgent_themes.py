"""Mark themes as urgent: their page opens with the urgent-help box (112, Veilig Thuis).

Editors do this in the admin ("Spoedhulp tonen"). The spreadsheet format has no column
for it yet, so `make run` marks the sample set's domestic-violence theme with this
command after importing it.
"""

from django.core.management.base import BaseCommand, CommandError

from directory.models import Theme


class Command(BaseCommand):
    help = "Zet 'Spoedhulp tonen' aan voor de thema's met deze slugs."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="+", metavar="SLUG")

    def handle(self, *args, slugs, **options):
        themes = {theme.slug: theme for theme in Theme.objects.filter(slug__in=slugs)}
        missing = [slug for slug in slugs if slug not in themes]
        if missing:
            raise CommandError(
                f"Geen thema met de slug: {', '.join(missing)}. Er is niets veranderd."
            )
        for theme in themes.values():
            if not theme.urgent:
                theme.urgent = True
                theme.save(update_fields=["urgent"])  # save(), so cache invalidation sees it
        if options["verbosity"]:
            self.stdout.write(f"Spoedhulp staat aan voor: {', '.join(sorted(themes))}.")
