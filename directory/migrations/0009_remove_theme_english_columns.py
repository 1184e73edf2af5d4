from django.db import migrations


class Migration(migrations.Migration):
    """The English texts live in ThemeText rows now (0008)."""

    dependencies = [
        ("directory", "0008_theme_texts_from_columns"),
    ]

    operations = [
        migrations.RemoveField(model_name="theme", name="description_en"),
        migrations.RemoveField(model_name="theme", name="name_en"),
        migrations.RemoveField(model_name="theme", name="synonyms_en"),
    ]
