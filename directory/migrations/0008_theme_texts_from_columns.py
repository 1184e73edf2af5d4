"""Move the English columns of Theme into ThemeText rows, then seed the other languages.

The English name, search words and description become the theme's "en" row (what editors
wrote wins); then `directory.theme_seed` adds the sample set's texts for every other site
language, empty fields and missing search words (the words that were in
search/theme_words/*.json). Going back copies the "en" rows into the columns again.
"""

from django.conf import settings
from django.db import migrations

from directory.theme_seed import seed_theme_texts

ENGLISH = "en"


def translation_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def forwards(apps, schema_editor):
    Theme = apps.get_model("directory", "Theme")
    ThemeText = apps.get_model("directory", "ThemeText")
    for theme in Theme.objects.all():
        if not (theme.name_en or theme.synonyms_en or theme.description_en):
            continue
        ThemeText.objects.update_or_create(
            theme=theme,
            language=ENGLISH,
            defaults={
                "name": theme.name_en or theme.name,
                "description": theme.description_en,
                "search_words": theme.synonyms_en,
            },
        )
    seed_theme_texts(Theme, ThemeText, translation_languages())


def backwards(apps, schema_editor):
    Theme = apps.get_model("directory", "Theme")
    ThemeText = apps.get_model("directory", "ThemeText")
    for text in ThemeText.objects.filter(language=ENGLISH):
        Theme.objects.filter(pk=text.theme_id).update(
            name_en=text.name, synonyms_en=text.search_words, description_en=text.description
        )
    ThemeText.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_theme_text"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
