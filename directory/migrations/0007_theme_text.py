import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

import directory.models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_mark_domestic_violence_urgent"),
    ]

    operations = [
        migrations.CreateModel(
            name="ThemeText",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        help_text="Taalcode van de site, zoals en of tr.",
                        max_length=10,
                        validators=[directory.models.validate_translation_language],
                        verbose_name="taal",
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="naam")),
                (
                    "description",
                    models.TextField(
                        blank=True, help_text="Eén zin in B1-taal.", verbose_name="omschrijving"
                    ),
                ),
                (
                    "search_words",
                    models.TextField(
                        blank=True,
                        help_text="Woorden die inwoners in deze taal typen, één per regel.",
                        verbose_name="zoekwoorden",
                    ),
                ),
                (
                    "theme",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="texts",
                        to="directory.theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "thema in een andere taal",
                "verbose_name_plural": "thema's in andere talen",
                "ordering": ["theme", "language"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("theme", "language"), name="unique_theme_language"
                    )
                ],
            },
        ),
    ]
