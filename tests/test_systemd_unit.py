"""portal/deploy/portal.service, as far as a machine without systemd as PID 1 can run it:
``systemd-analyze verify`` on the unit, then its exact ExecStart command line with its
environment, the sd_notify readiness message systemd waits for (Type=notify), ExecReload's
SIGHUP and a stop within TimeoutStopSec. Not covered here: User=portal and the sandboxing
options, which only systemd applies."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from .production_server import (
    BASE_DIR,
    collect_static,
    forget_server_writes,  # noqa: F401 - autouse fixture
    free_port,
    production_env,
    request,
)

DEPLOY = BASE_DIR / "portal" / "deploy"
INSTALL_DIR = "/srv/portal"  # where the unit expects the checkout


def unit_settings(text: str) -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "[")) and "=" in line:
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


@pytest.fixture
def unit(tmp_path) -> Path:
    """The unit with the checkout's path instead of /srv/portal."""
    text = (DEPLOY / "portal.service").read_text().replace(INSTALL_DIR, str(BASE_DIR))
    path = tmp_path / "portal.service"
    path.write_text(text)
    return path


def test_systemd_analyze_verify_accepts_the_unit(unit):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze not installed (Debian package systemd)")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


@pytest.mark.django_db
def test_the_units_command_line_starts_notifies_reloads_and_stops(unit, tmp_path):
    settings = unit_settings(unit.read_text())
    assert settings["Type"] == ["notify"]
    static_root = tmp_path / "static"
    collect_static(static_root)

    # EnvironmentFile (the example) then Environment=, as systemd applies them; the
    # database, port and static files are this test's.
    env = env_file(DEPLOY / "portal.env.example")
    for assignment in settings["Environment"]:
        key, value = assignment.split("=", 1)
        env[key] = value
    env = {
        **production_env(static_root),
        **{k: v for k, v in env.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORT": str(free_port()),
    }
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify_path = tmp_path / "notify.sock"
    notify.bind(str(notify_path))
    notify.settimeout(60)
    env["NOTIFY_SOCKET"] = str(notify_path)

    command = shlex.split(settings["ExecStart"][0])
    assert Path(command[0]).exists(), command[0]
    process = subprocess.Popen(
        command,
        cwd=settings["WorkingDirectory"][0],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        message = notify.recv(4096).decode()
        assert "READY=1" in message
        port = int(env["PORT"])
        assert request(port, "GET", "/healthz").status == 200
        assert request(port, "GET", "/readyz").status == 200

        reload_command = settings["ExecReload"][0].replace("$MAINPID", str(process.pid))
        subprocess.run(shlex.split(reload_command), check=True)
        time.sleep(2)
        assert process.poll() is None
        assert request(port, "GET", "/").status == 200

        process.send_signal(signal.SIGTERM)
        stop_seconds = int(settings["TimeoutStopSec"][0])
        assert process.wait(timeout=stop_seconds) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        notify.close()
        os.unlink(notify_path)
