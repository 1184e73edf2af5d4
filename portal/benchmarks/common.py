"""Shared set-up for the measurement scripts: a throw-away database with the sample data and
a server that serves static files the way production does (whitenoise, compressed).

The scripts print figures; they assert nothing. Run them with the project's virtualenv,
e.g. ``.venv/bin/python -m portal.benchmarks.page_weight`` (see portal/benchmarks/README.md).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import statistics
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command, get_commands  # noqa: E402
from django.test.utils import override_settings, setup_databases, teardown_databases  # noqa: E402

SAMPLE_DATA = Path(settings.BASE_DIR) / "portal" / "fixtures" / "sociale-kaart"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(fraction * 100) - 1]


def load_sample_data(scale: float = 1) -> None:
    """The page tree plus the sample sociale kaart; with ``scale`` > 1 also a data set
    ``scale`` times the sample's size from ``generate_sociale_kaart`` (imported on top)."""
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("setup_site", **quiet)
    if "import_sociale_kaart" not in get_commands():
        print("! import_sociale_kaart not available: measuring the page tree only")
        return
    call_command("import_sociale_kaart", str(SAMPLE_DATA), **quiet)
    if scale > 1:
        if "generate_sociale_kaart" not in get_commands():
            raise SystemExit("generate_sociale_kaart not available: cannot scale the data")
        with tempfile.TemporaryDirectory(prefix="portal-bench-data-") as data_dir:
            call_command("generate_sociale_kaart", data_dir, scale=scale, **quiet)
            call_command("import_sociale_kaart", data_dir, **quiet)


@contextlib.contextmanager
def bench_database() -> Iterator[None]:
    """A fresh database next to the configured one (``<name>_bench``), dropped afterwards, so
    measuring never touches development data or a running test session's database.

    The page-type list includes a missing page on purpose; Django's warning for each of its
    hundreds of 404 responses would bury the printed figures, so only errors are logged."""
    logging.getLogger("django.request").setLevel(logging.ERROR)
    db = settings.DATABASES["default"]
    db.setdefault("TEST", {})["NAME"] = f"{db['NAME']}_bench"
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        yield
    finally:
        teardown_databases(config, verbosity=0)


@contextlib.contextmanager
def production_like_server() -> Iterator[str]:
    """Serve the site over HTTP as production would: DEBUG off, collected and compressed
    static files served by whitenoise, HTML gzip-compressed (what the reverse proxy does in
    production). Yields the base URL."""
    from django.test.testcases import LiveServerThread  # noqa: PLC0415 - must follow django.setup() above

    static_root = Path(tempfile.mkdtemp(prefix="portal-bench-static-"))
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "django.middleware.gzip.GZipMiddleware",
    )
    try:
        with override_settings(
            DEBUG=False, STATIC_ROOT=static_root, STORAGES=storages, MIDDLEWARE=middleware
        ):
            call_command("collectstatic", interactive=False, verbosity=0)
            server = LiveServerThread("127.0.0.1", static_handler=lambda app: app)
            server.daemon = True
            server.start()
            server.is_ready.wait()
            if server.error:
                raise server.error
            try:
                yield f"http://127.0.0.1:{server.port}"
            finally:
                server.terminate()
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise SystemExit("Chromium not found: install Debian's chromium package")
    return path
