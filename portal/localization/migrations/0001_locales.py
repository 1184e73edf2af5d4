"""A Wagtail locale for every language in settings.WAGTAIL_CONTENT_LANGUAGES, each kept in
step with the default language's page tree (wagtail-localize's "sync from"). Runs again
harmlessly; ``manage.py setup_site`` does the same for languages added later."""

from django.db import migrations

from portal.localization.trees import ensure_locales


def forwards(apps, schema_editor):
    ensure_locales(apps.get_model("wagtailcore", "Locale"), apps.get_model("wagtail_localize", "LocaleSynchronization"))


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
