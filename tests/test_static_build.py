"""Production's static storage (hashed names, every CSS/JS reference resolved) accepts our files."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings


def test_collectstatic_with_the_manifest_storage_production_uses(tmp_path: Path):
    # whitenoise's CompressedManifestStaticFilesStorage does this reference check too; the
    # compression step is left out because it only costs time here.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("css/portal.css", "vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css"):
        assert name in manifest
