"""Run the portal as production does, for tests that inject real faults: gunicorn with
portal/deploy/gunicorn.conf.py and portal.settings.production, on the test database.

The server is a subprocess, so it only sees committed rows: the fixtures that use it commit
what they create and delete it afterwards.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection

from search.models import SearchQueryLog

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN_CONFIG = BASE_DIR / "portal" / "deploy" / "gunicorn.conf.py"
SECRET_KEY = "a-production-like-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ"
APPLICATION_NAME = "portal-live-test"


@pytest.fixture(scope="module", autouse=True)
def forget_server_writes(django_db_setup, django_db_blocker):
    """What the server process committed (searches it logged, admin sessions) would
    outlive the test's rolled-back transaction: delete it after the module. Import this
    fixture into every module that starts a server."""
    yield
    with django_db_blocker.unblock():
        SearchQueryLog.objects.all().delete()
        Session.objects.all().delete()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def closed_port() -> int:
    """A port nothing listens on (bound once, then released)."""
    return free_port()


def database_url() -> str:
    """The test database as a URL; the connections carry an application name, so a test can
    kill exactly the server's connections."""
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    host = quote(host, safe="") if host.startswith("/") else host
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{quote(db['USER'], safe='')}{password}@{host}:{db['PORT'] or 5432}"
        f"/{db['NAME']}?application_name={APPLICATION_NAME}"
    )


def production_env(static_root: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SEARCH_BACKEND", "SEARCH_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(),
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        GUNICORN_ACCESS_LOG="",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def collect_static(static_root: Path) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=production_env(static_root),
        check=True,
        timeout=300,
    )


class Gunicorn:
    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process = process
        self.port = port
        self.log = log

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def gunicorn(static_root: Path, log_dir: Path, **extra_env: str) -> Iterator[Gunicorn]:
    port = free_port()
    workers = {"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "4"}
    env = production_env(static_root, PORT=str(port), **{**workers, **extra_env})
    log = log_dir / f"gunicorn-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG), "portal.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Gunicorn(process, port, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{server.output()}")
            with contextlib.suppress(OSError):
                if request(server.port, "GET", "/healthz").status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer:\n{server.output()}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def cookies(self) -> dict[str, str]:
        found = {}
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                found[name] = rest.split(";", 1)[0]
        return found

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(
    port: int,
    method: str,
    path: str,
    *,
    form: dict | None = None,
    cookies: dict | None = None,
    timeout: float = 30,
) -> Response:
    """One request as the proxy would forward it over HTTPS (X-Forwarded-Proto), so secure
    cookies and the CSRF origin check behave as in production."""
    headers = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https"}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = f"https://127.0.0.1:{port}"
        headers["Referer"] = f"https://127.0.0.1:{port}{path}"
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        client.request(method, path, body=body, headers=headers)
        reply = client.getresponse()
        return Response(reply.status, reply.getheaders(), reply.read())
    finally:
        client.close()


def csrf_token(page: Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, "no CSRF token in the form"
    return match.group(1)


class HangingServer:
    """A TCP server that accepts connections and never answers (a hung Redis)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        self.socket.close()
        for conn in self.accepted:
            conn.close()
