"""The production server (gunicorn, portal.settings.production) with faults injected for
real: missing settings, Redis on a closed port or hanging, the database unreachable, and
database connections killed with pg_terminate_backend."""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import sys
import time

import psycopg
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from portal.editorial.models import ResidentReport

from .editorial_helpers import make_organisation, make_user
from .production_server import (
    APPLICATION_NAME,
    BASE_DIR,
    GUNICORN_CONFIG,
    HangingServer,
    closed_port,
    collect_static,
    csrf_token,
    forget_server_writes,  # noqa: F401 - autouse fixture
    gunicorn,
    request,
)

REDIS_WARNING = "Redis cache unreachable"
ADMIN_PASSWORD = "wachtwoord-123"  # make_user's


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    collect_static(root)
    return root


@pytest.fixture(scope="module")
def live_item(django_db_setup, django_db_blocker):
    """An organisation and an administrator, committed so the server process sees them."""
    with django_db_blocker.unblock():
        organisation = make_organisation(name="Schuldhulp Live", slug="schuldhulp-live")
        admin = make_user("beheer-live", superuser=True)
        # The test settings' fast MD5 hasher is unknown to production settings.
        admin.password = PBKDF2PasswordHasher().encode(ADMIN_PASSWORD, "live-test", 1000)
        admin.save(update_fields=["password"])
        content_type = ContentType.objects.get_for_model(organisation)
        item = {
            "url": organisation.url,
            "report_url": f"/melding/{content_type.pk}/{organisation.pk}/",
            "admin": admin.username,
        }
    yield item
    with django_db_blocker.unblock():
        ResidentReport.objects.filter(content_type=content_type, object_id=organisation.pk).delete()
        organisation.delete()
        admin.delete()


def environment_without(*names: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def test_gunicorn_without_settings_exits_with_a_clear_message(tmp_path):
    env = environment_without("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
    env["EMBEDDED_PGDATA"] = str(tmp_path / "pgdata")
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG), "portal.wsgi"],
        cwd=BASE_DIR,
        env={**env, "PORT": str(closed_port())},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "need the environment variables SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert "Listening at" not in result.stderr + result.stdout
    # Production never falls back to the embedded database server.
    assert not (tmp_path / "pgdata").exists()


def test_make_serve_without_secret_key_stops_before_serving():
    env = environment_without("SECRET_KEY")
    env.update(
        DATABASE_URL="postgres://portal@127.0.0.1:1/portal",
        ALLOWED_HOSTS="basisondersteuning.example",
        WAGTAILADMIN_BASE_URL="https://basisondersteuning.example",
    )
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"],
        cwd=BASE_DIR,
        env={**env, "PORT": str(closed_port())},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "need the environment variable SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert "gunicorn" not in result.stderr  # never got as far as starting the server


@pytest.mark.django_db
def test_gunicorn_serves_production_settings_and_static_files(static_root, tmp_path, live_item):
    with gunicorn(static_root, tmp_path) as server:
        home = request(server.port, "GET", "/")
        assert home.status == 200
        assert "Strict-Transport-Security" in dict(home.headers)
        css = request(server.port, "GET", "/static/css/portal.css")
        assert css.status == 200 and css.header("Content-Type").startswith("text/css")
        missing = request(server.port, "GET", "/bestaat-niet/")
        assert missing.status == 404
        assert "Traceback" not in missing.text and "DEBUG = True" not in missing.text
        assert request(server.port, "GET", live_item["url"]).status == 200


@pytest.mark.django_db
def test_readyz_answers_503_while_healthz_stays_up_when_the_database_is_unreachable(
    static_root, tmp_path
):
    unreachable = f"postgres://postgres@127.0.0.1:{closed_port()}/portal"
    with gunicorn(static_root, tmp_path, DATABASE_URL=unreachable) as server:
        assert request(server.port, "GET", "/healthz").status == 200
        started = time.monotonic()
        ready = request(server.port, "GET", "/readyz")
        assert time.monotonic() - started < 5
        assert ready.status == 503
        report = json.loads(ready.body)
        assert report["status"] == "down"
        assert report["database"]["status"] == "down"
        assert report["cache"]["status"] == "ok"


@pytest.mark.django_db
def test_readyz_reports_a_search_engine_that_is_down_without_failing(static_root, tmp_path):
    engine = {"SEARCH_BACKEND": "opensearch", "SEARCH_URL": f"http://127.0.0.1:{closed_port()}"}
    with gunicorn(static_root, tmp_path, **engine) as server:
        started = time.monotonic()
        ready = request(server.port, "GET", "/readyz")
        assert time.monotonic() - started < 5
        report = json.loads(ready.body)
    assert ready.status == 200
    assert report["status"] == "degraded"
    assert report["search"]["status"] == "down"
    assert report["database"]["status"] == "ok"


def use_the_site(port: int, item: dict) -> None:
    """Pages, search, the admin login and the report form, each answering as it should."""
    for path in ("/", item["url"], "/zoeken/?q=schulden", "/api/v1/search/?q=schuldhulp"):
        response = request(port, "GET", path, timeout=10)
        assert response.status == 200, (path, response.status)

    login_page = request(port, "GET", "/admin/login/")
    assert login_page.status == 200
    cookies = login_page.cookies()
    login = request(
        port,
        "POST",
        "/admin/login/",
        form={
            "csrfmiddlewaretoken": csrf_token(login_page),
            "username": item["admin"],
            "password": ADMIN_PASSWORD,
        },
        cookies=cookies,
    )
    assert login.status == 302, login.text[:500]
    assert login.header("Location") == "/admin/"
    admin = request(port, "GET", "/admin/", cookies={**cookies, **login.cookies()})
    assert admin.status == 200

    report_page = request(port, "GET", item["report_url"])
    assert report_page.status == 200
    message = f"Telefoonnummer klopt niet ({time.monotonic()})"
    sent = request(
        port,
        "POST",
        item["report_url"],
        form={
            "csrfmiddlewaretoken": csrf_token(report_page),
            "problem": "telefoonnummer",
            "message": message,
            "email": "",
        },
        cookies=report_page.cookies(),
    )
    assert sent.status == 302, sent.text[:500]
    assert ResidentReport.objects.filter(message=message).exists()


@pytest.mark.django_db
def test_the_site_works_with_redis_on_a_closed_port(static_root, tmp_path, live_item):
    redis_url = f"redis://127.0.0.1:{closed_port()}/0"
    with gunicorn(static_root, tmp_path, REDIS_URL=redis_url) as server:
        use_the_site(server.port, live_item)
        use_the_site(server.port, live_item)
        ready = request(server.port, "GET", "/readyz")
        assert ready.status == 200
        assert json.loads(ready.body)["cache"]["status"] == "degraded"
        output = server.output()
    assert output.count(REDIS_WARNING) == 1, output  # one worker, one outage, one warning
    assert "Traceback" not in output


@pytest.mark.django_db
def test_the_site_works_with_a_redis_that_never_answers(static_root, tmp_path, live_item):
    hanging = HangingServer()
    try:
        redis_url = f"redis://127.0.0.1:{hanging.port}/0"
        with gunicorn(static_root, tmp_path, REDIS_URL=redis_url) as server:
            started = time.monotonic()
            use_the_site(server.port, live_item)
            # 12 requests; only the first waits for the socket timeout (0.5 s) before the
            # back-off sends the others to the per-process cache.
            assert time.monotonic() - started < 10
            assert hanging.accepted, "the server never tried Redis"
            ready = request(server.port, "GET", "/readyz")
            assert json.loads(ready.body)["cache"]["status"] == "degraded"
            output = server.output()
    finally:
        hanging.close()
    assert output.count(REDIS_WARNING) == 1, output
    assert "Traceback" not in output


def kill_server_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # fixed per transaction otherwise
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            [APPLICATION_NAME],
        )
        return cursor.fetchone()[0]


def waiting_server_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # fixed per transaction otherwise
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE application_name = %s AND wait_event_type = 'Lock'",
            [APPLICATION_NAME],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_killed_database_connections_are_replaced_on_the_next_request(
    static_root, tmp_path, live_item
):
    pages = ["/", live_item["url"], "/zoeken/?q=schulden", "/api/v1/search/?q=hulp"]
    with gunicorn(static_root, tmp_path) as server:
        for path in pages:  # every thread holds a connection
            assert request(server.port, "GET", path).status == 200

        # Idle connections killed: the health check at the start of the next request
        # notices and reconnects; no request fails.
        for _ in range(3):
            assert kill_server_connections() >= 1
            for path in pages:
                assert request(server.port, "GET", path).status == 200, path

        # Under load (4 clients), killed every 0.3 s: a read whose query was running at
        # that moment is answered again on a new connection (portal/db_retry.py).
        statuses: list[int] = []
        kills = 0

        def client(n: int) -> None:
            for i in range(40):
                path = pages[(n + i) % len(pages)]
                try:
                    statuses.append(request(server.port, "GET", path, timeout=15).status)
                except OSError:
                    statuses.append(0)

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(client, n) for n in range(4)]
            while not all(f.done() for f in futures):
                kill_server_connections()
                kills += 1
                time.sleep(0.3)
            for future in futures:
                future.result()
        failed = sum(1 for status in statuses if status != 200)
        print(f"{failed} of {len(statuses)} requests failed, {kills} kills")
        assert failed == 0
        for path in pages:
            assert request(server.port, "GET", path).status == 200, path


@pytest.mark.django_db
def test_a_read_whose_query_is_killed_mid_flight_is_answered_on_a_new_connection(
    static_root, tmp_path, live_item
):
    """Deterministic in-flight kill: the organisation table is locked from another
    connection, so the page's query waits in PostgreSQL; that backend is killed while it
    waits, then the lock is released."""
    with gunicorn(static_root, tmp_path) as server:
        assert request(server.port, "GET", live_item["url"]).status == 200
        locker = psycopg.connect(
            **{k: v for k, v in connection.get_connection_params().items() if k != "context"}
        )
        try:
            locker.execute("LOCK TABLE directory_organisation IN ACCESS EXCLUSIVE MODE")
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                page = pool.submit(request, server.port, "GET", live_item["url"])
                deadline = time.monotonic() + 20
                while not waiting_server_backends():
                    assert time.monotonic() < deadline, "the page never waited for the lock"
                    time.sleep(0.05)
                assert kill_server_connections() >= 1
                locker.rollback()
                response = page.result(timeout=30)
        finally:
            locker.close()
        output = server.output()
    assert response.status == 200
    assert "answering again on a new connection" in output
