"""Two imports at once: the second waits briefly, then stops with a clear Dutch message and
changes nothing (the command and the admin upload). Real concurrent connections and
processes; the lock is PostgreSQL's advisory lock, so nothing here is mocked."""

import csv
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from directory.models import Organisation, Theme
from portal.core.exchange.lock import IMPORT_LOCK_KEY
from portal.editorial.models import PendingUpload
from portal.groups import MODERATORS

from .editorial_helpers import make_user
from .test_editorial_upload import URL, as_uploads, sample_files

BASE_DIR = Path(settings.BASE_DIR)
SAMPLE = BASE_DIR / "portal" / "fixtures" / "sociale-kaart"
BUSY = "Er loopt al een import van de sociale kaart; probeer het over een paar minuten opnieuw."


def connect(dbname: str | None = None, **kwargs) -> psycopg.Connection:
    """A connection of its own to the test database's server (another session)."""
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        dbname=dbname or params["NAME"],
        autocommit=True,
        **kwargs,
    )


def database_url(dbname: str) -> str:
    params = connection.settings_dict
    # A Unix socket directory (the embedded server) goes percent-encoded in the host part.
    host = quote(params["HOST"] or "localhost", safe="")
    return f"postgres://{params['USER']}@{host}:{params['PORT'] or 5432}/{dbname}"


def manage(*args, dbname: str, **popen) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(dbname),
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


@pytest.fixture
def running_import(db):
    """Another session holding the import lock, as a running import in another process does."""
    with connect() as other:
        assert other.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY]).fetchone()[0]
        yield other


def test_command_while_another_import_runs_stops_with_a_dutch_message(running_import):
    test_database = connection.settings_dict["NAME"]
    process = manage("import_sociale_kaart", str(SAMPLE), "--wait", "0.5", dbname=test_database)
    stdout, stderr = process.communicate(timeout=120)

    assert process.returncode == 1
    assert BUSY in stderr
    assert "Er is niets veranderd." in stderr
    assert "Traceback" not in stderr
    assert "Import klaar" not in stdout
    count = running_import.execute("SELECT count(*) FROM directory_organisation").fetchone()[0]
    assert count == 0


def test_import_waits_for_a_running_import_to_finish(running_import):
    # The other import finishes after a second; this one waits for it and then runs.
    finish = threading.Timer(
        1.0, running_import.execute, ["SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY]]
    )
    started = time.monotonic()
    finish.start()
    try:
        call_command("import_sociale_kaart", str(SAMPLE), "--wait", "30", verbosity=0)
    finally:
        finish.cancel()

    assert time.monotonic() - started >= 1.0
    assert Organisation.objects.filter(live=True).exists()


def test_dry_run_does_not_wait_for_a_running_import(running_import):
    call_command("import_sociale_kaart", str(SAMPLE), "--dry-run", "--wait", "0", verbosity=0)

    assert not Theme.objects.exists()


def test_lock_is_released_after_a_failed_import(db, tmp_path):
    for name in SAMPLE.iterdir():
        (tmp_path / name.name).write_bytes(name.read_bytes())
    (tmp_path / "themes.csv").write_text("slug\nNiet Geldig\n", encoding="utf-8")
    with pytest.raises(CommandError, match="probleem"):
        call_command("import_sociale_kaart", str(tmp_path), verbosity=0)

    with connect() as other:
        assert other.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY]).fetchone()[0]


@pytest.fixture
def moderator(db, client):
    user = make_user("moderator", groups=[MODERATORS])
    client.force_login(user)
    return user


def test_admin_confirm_while_another_import_runs(client, moderator, running_import):
    client.post(URL, {"files": as_uploads(sample_files())})
    pending = PendingUpload.objects.get()

    response = client.post(URL, {"confirm": pending.pk})

    body = response.content.decode()
    assert response.status_code == 409
    assert BUSY in body
    assert "Er is niets veranderd" in body
    assert not Organisation.objects.exists()
    # The upload is kept and offered again, so the editor can confirm a bit later.
    assert PendingUpload.objects.filter(pk=pending.pk).exists()
    assert f'name="confirm" value="{pending.pk}"' in body

    running_import.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
    confirmed = client.post(URL, {"confirm": pending.pk}, follow=True)

    assert "De spreadsheet is geïmporteerd" in confirmed.content.decode()
    assert Organisation.objects.filter(live=True).count() == 3


@pytest.fixture
def empty_site_database(django_db_setup, django_db_blocker):
    """A database of its own with the schema and the page tree (imports there commit)."""
    name = f"{connection.settings_dict['NAME']}_import_race"
    with django_db_blocker.unblock(), connect("postgres") as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
        try:
            for command in (["migrate", "--noinput"], ["setup_site"]):
                process = manage(*command, dbname=name)
                _, stderr = process.communicate(timeout=600)
                assert process.returncode == 0, stderr
            yield name
        finally:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_import_processes_at_once(empty_site_database, django_db_blocker):
    # Both start from an empty map; without the lock the second fails with an
    # IntegrityError traceback once the first has created the same slugs.
    imports = [
        manage("import_sociale_kaart", str(SAMPLE), "--wait", "120", dbname=empty_site_database)
        for _ in range(2)
    ]
    results = [process.communicate(timeout=300) for process in imports]

    for process, (stdout, stderr) in zip(imports, results, strict=True):
        assert "Traceback" not in stderr
        assert process.returncode == 0, stderr
        assert "Import klaar" in stdout
    # One created everything; the other waited and then found it all unchanged.
    created_nothing = [
        all(" 0 nieuw" in line for line in stdout.splitlines() if "nieuw" in line)
        for stdout, _ in results
    ]
    assert sorted(created_nothing) == [False, True]
    with django_db_blocker.unblock(), connect(empty_site_database) as database:
        organisations = database.execute(
            "SELECT count(*), count(DISTINCT slug) FROM directory_organisation"
        ).fetchone()
    with (SAMPLE / "organisations.csv").open(encoding="utf-8", newline="") as handle:
        sample_organisations = len(list(csv.DictReader(handle)))
    assert organisations == (sample_organisations, sample_organisations)
