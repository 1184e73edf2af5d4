"""nginx (portal/deploy/nginx/proxy.conf) in front of gunicorn with 2 workers: clients that
send half a request and hang must not stall the site, and the client's address reaches the
portal. Runs Debian's nginx; skipped without it, except under CI=true where it fails."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from .environment import require
from .production_server import (
    BASE_DIR,
    collect_static,
    forget_server_writes,  # noqa: F401 - autouse fixture
    free_port,
    gunicorn,
    request,
)

PROXY_CONF = BASE_DIR / "portal" / "deploy" / "nginx" / "proxy.conf"
SLOW_CLIENTS = 3
# Straight at gunicorn, enough slow clients, a moment apart, that every worker accepts some:
# on a busy machine one worker can accept three connections in a row while the other is not
# scheduled, and the free one then answers (a CI run on a loaded machine saw that).
DIRECT_SLOW_CLIENTS = 12
DIRECT_CLIENT_GAP = 0.05


@pytest.fixture(scope="module")
def nginx_binary():
    binary = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )
    require(binary is not None, "nginx not installed (Debian package nginx-light)")
    return binary


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    collect_static(root)
    return root


@contextlib.contextmanager
def nginx(binary: str, directory: Path, upstream_port: int):
    port = free_port()
    user = pwd.getpwuid(os.geteuid()).pw_name
    temp = {name: directory / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True)
    config = directory / "nginx.conf"
    config.write_text(
        f"""
daemon off;
worker_processes 1;
{"user " + user + ";" if os.geteuid() == 0 else ""}
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    upstream portal_app {{ server 127.0.0.1:{upstream_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        include {PROXY_CONF};
    }}
}}
"""
    )
    check = subprocess.run(
        [binary, "-t", "-c", str(config), "-p", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(
        [binary, "-c", str(config), "-p", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError):
                if request(port, "GET", "/healthz", timeout=2).status == 200:
                    break
            assert time.monotonic() < deadline, (directory / "error.log").read_text()
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def half_sent_requests(port: int, count: int, gap: float = 0.0) -> list[socket.socket]:
    """Clients that send the first half of a request's headers, then say nothing (the way a
    slow mobile connection or a slowloris attack looks to the server), ``gap`` seconds
    apart."""
    sockets = []
    for _ in range(count):
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(b"GET /zoeken/?q=schulden HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: sl")
        sockets.append(conn)
        time.sleep(gap)
    return sockets


def site_answers(port: int, timeout: float) -> bool:
    try:
        for path in ("/", "/zoeken/?q=schulden", "/healthz"):
            if request(port, "GET", path, timeout=timeout).status != 200:
                return False
    except OSError:  # includes socket.timeout
        return False
    return True


@pytest.mark.django_db
def test_half_sent_requests_do_not_stall_the_site_behind_nginx(nginx_binary, static_root, tmp_path):
    # One thread per worker, so each stuck request would hold a whole worker.
    with (
        gunicorn(static_root, tmp_path, WEB_CONCURRENCY="2", GUNICORN_THREADS="1") as server,
        nginx(nginx_binary, tmp_path / "nginx", server.port) as proxy_port,
    ):
        stuck = half_sent_requests(proxy_port, SLOW_CLIENTS)
        try:
            time.sleep(0.5)
            started = time.monotonic()
            assert site_answers(proxy_port, timeout=5)
            print(f"behind nginx: 3 pages in {time.monotonic() - started:.2f} s")
        finally:
            for conn in stuck:
                conn.close()

        # Without the proxy the same clients take both workers: the attack is real.
        stuck = half_sent_requests(server.port, DIRECT_SLOW_CLIENTS, DIRECT_CLIENT_GAP)
        try:
            time.sleep(0.5)
            assert not site_answers(server.port, timeout=3)
        finally:
            for conn in stuck:
                conn.close()


@pytest.mark.django_db
def test_nginx_passes_the_scheme_it_was_reached_by(nginx_binary, static_root, tmp_path):
    with (
        gunicorn(static_root, tmp_path, SECURE_SSL_REDIRECT="true") as server,
        nginx(nginx_binary, tmp_path / "nginx", server.port) as proxy_port,
    ):
        # nginx sets X-Forwarded-Proto from its own scheme (http here): the portal
        # redirects to https, so the header went through and was believed.
        conn = socket.create_connection(("127.0.0.1", proxy_port))
        conn.sendall(b"GET /zoeken/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = conn.recv(4096).decode()
        conn.close()
        assert answer.startswith("HTTP/1.1 301")
        assert "Location: https://127.0.0.1/zoeken/" in answer


def test_the_site_example_passes_nginx_config_test(nginx_binary, tmp_path):
    """site.conf as an operator installs it, with a throw-away certificate in place of the
    Let's Encrypt one and this checkout's proxy.conf."""
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=localhost", "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    site = (BASE_DIR / "portal" / "deploy" / "nginx" / "site.conf").read_text()
    live = "/etc/letsencrypt/live/basisondersteuning-hengelo.nl"
    site = site.replace(f"{live}/fullchain.pem", str(certificate))
    site = site.replace(f"{live}/privkey.pem", str(key))
    site = site.replace("/etc/nginx/portal-proxy.conf", str(PROXY_CONF))
    (tmp_path / "site.conf").write_text(site)
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        [nginx_binary, "-t", "-c", str(config), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
