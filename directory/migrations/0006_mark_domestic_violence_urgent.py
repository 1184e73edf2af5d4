"""Mark the domestic-violence theme urgent on installations that already have it.

On a fresh installation the themes arrive later, by the spreadsheet import, which does not
carry this flag yet: `make run` then marks it with `manage.py mark_urgent_themes`.
"""

from django.db import migrations

DOMESTIC_VIOLENCE = "huiselijk-geweld"


def mark_urgent(apps, schema_editor):
    Theme = apps.get_model("directory", "Theme")
    Theme.objects.filter(slug=DOMESTIC_VIOLENCE).update(urgent=True)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_theme_urgent"),
    ]

    operations = [
        # Going back only drops the column (0005), so there is nothing to undo here.
        migrations.RunPython(mark_urgent, migrations.RunPython.noop),
    ]
