"""Add the sample set's theme texts (every site language) to the themes that exist.

The migration `directory.0008` does this once on upgrade; run it again after adding a
language to LANGUAGES. It only adds (see `directory.theme_seed`), never overwrites.
"""

from django.core.management.base import BaseCommand

from directory.models import Theme, ThemeText, translation_languages
from directory.theme_seed import seed_theme_texts


class Command(BaseCommand):
    help = "Vul de thema's aan met naam, omschrijving en zoekwoorden per taal uit de voorbeeldset."

    def handle(self, *args, **options):
        languages = [code for code, _ in translation_languages()]
        result = seed_theme_texts(Theme, ThemeText, languages)
        if options["verbosity"]:
            self.stdout.write(
                f"Talen: {', '.join(languages)}. Nieuwe teksten: {result.created}, aangevuld:"
                f" {result.filled}, Nederlandse zoekwoorden toegevoegd: {result.dutch_words_added}."
            )
