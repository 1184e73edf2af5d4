"""The embedded PostgreSQL server survives being stopped at any moment (issue 11, item 5).

Real processes against a real embedded server in a temporary ``EMBEDDED_PGDATA``: several
starters at once, one of them killed with SIGTERM (to its whole process group, as Ctrl-C
or a stopped ``make run`` does) part-way, after the state was emptied, corrupted or left
stale by a killed server. Every other starter must succeed and so must the next one.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest
from django.conf import settings

from portal.embedded_server import CLUSTER_DIR, EmbeddedServer

BASE_DIR = Path(settings.BASE_DIR)

# A starter does what every manage.py command does first: get the database settings (which
# starts the server when needed) and then use them.
STARTER = """
import psycopg
from portal.database import embedded_database, embedded_state_dir
config = embedded_database(embedded_state_dir())
with psycopg.connect(host=config["HOST"], port=config["PORT"], user=config["USER"],
                     dbname=config["NAME"]) as conn:
    print("ok", conn.execute("SELECT 41 + 1").fetchone()[0])
"""


def environment(state_dir: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["EMBEDDED_PGDATA"] = str(state_dir)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    return env


def start_starters(state_dir: Path, count: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, "-c", STARTER],
            cwd=BASE_DIR,
            env=environment(state_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, like `make run` in a terminal
        )
        for _ in range(count)
    ]


def run_starters(state_dir: Path, count: int = 4, kill_after: float = 0.3) -> None:
    """Start ``count`` at once, SIGTERM the first one's process group after ``kill_after``
    seconds, and check that every other one got a working server."""
    starters = start_starters(state_dir, count)
    time.sleep(kill_after)
    with contextlib.suppress(ProcessLookupError):  # it may have finished already
        os.killpg(starters[0].pid, signal.SIGTERM)
    outputs = [starter.communicate(timeout=180) for starter in starters]
    for starter, (stdout, stderr) in list(zip(starters, outputs, strict=True))[1:]:
        assert starter.returncode == 0, stderr
        assert stdout.strip() == "ok 42"
    assert starters[0].returncode in (0, -signal.SIGTERM), outputs[0][1]
    # And afterwards, as the next `make run` would.
    [last] = start_starters(state_dir, 1)
    stdout, stderr = last.communicate(timeout=180)
    assert last.returncode == 0, stderr
    assert stdout.strip() == "ok 42"


def new_state_dir() -> Path:
    # Short and under /tmp: the socket lives in the cluster directory, and as root the
    # server's own user must be able to reach it.
    path = Path(tempfile.mkdtemp(prefix="portal-embedded-", dir="/tmp"))
    path.chmod(0o755)
    return path


def postmaster_pid(state_dir: Path) -> int:
    return int((state_dir / CLUSTER_DIR / "postmaster.pid").read_text().split()[0])


def kill_server(state_dir: Path) -> None:
    """SIGKILL the postmaster and its children: a crash that leaves postmaster.pid behind."""
    postmaster = psutil.Process(postmaster_pid(state_dir))
    family = [postmaster, *postmaster.children(recursive=True)]
    for process in family:
        process.kill()
    psutil.wait_procs(family, timeout=10)


@pytest.fixture(scope="module")
def cluster_dir():
    state_dir = new_state_dir()
    EmbeddedServer(state_dir).ensure_running("portal")
    yield state_dir
    EmbeddedServer(state_dir).stop()
    shutil.rmtree(state_dir, ignore_errors=True)


def test_first_start_by_several_processes_at_once(cluster_dir):
    state_dir = new_state_dir()
    try:
        # The first starter is killed while the cluster is being created (initdb).
        run_starters(state_dir, count=3, kill_after=1.0)
        assert not (state_dir / f"{CLUSTER_DIR}.initdb").exists()
    finally:
        EmbeddedServer(state_dir).stop()
        shutil.rmtree(state_dir, ignore_errors=True)


def write_pid_file(state_dir: Path, text: str) -> None:
    path = state_dir / CLUSTER_DIR / "postmaster.pid"
    path.write_text(text)


@pytest.mark.parametrize(
    "damage",
    [
        "running",
        "stopped",
        "server killed",
        "postmaster.pid empty",
        "postmaster.pid garbage",
        "postmaster.pid of another process",
        "wheel state file empty",
        "wheel state file corrupt",
    ],
)
def test_starts_whatever_state_was_left_behind(cluster_dir, damage):
    server = EmbeddedServer(cluster_dir)
    if damage != "running":
        if damage == "server killed":
            kill_server(cluster_dir)
        else:
            server.stop()
    other = None
    if damage == "postmaster.pid empty":
        write_pid_file(cluster_dir, "")
    elif damage == "postmaster.pid garbage":
        write_pid_file(cluster_dir, "not a pid\n\x00\x00")
    elif damage == "postmaster.pid of another process":
        # After a reboot the old pid often belongs to something else.
        other = subprocess.Popen(["sleep", "60"])
        write_pid_file(cluster_dir, f"{other.pid}\n{cluster_dir / CLUSTER_DIR}\n")
    elif damage == "wheel state file empty":
        # What a stopped `make run` left behind with the wheel's own wrapper.
        (cluster_dir / ".handle_pids.json").write_text("")
    elif damage == "wheel state file corrupt":
        (cluster_dir / ".handle_pids.json").write_text("[12, 3")
    try:
        run_starters(cluster_dir)
    finally:
        if other is not None:
            other.kill()
            other.wait()
    assert server.is_running()


def test_manage_py_after_a_killed_server_and_an_emptied_state_file(cluster_dir):
    kill_server(cluster_dir)
    (cluster_dir / ".handle_pids.json").write_text("")

    command = "from django.db import connection; connection.ensure_connection(); print('ok')"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", command],
        cwd=BASE_DIR,
        env=environment(cluster_dir),
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
    assert "Traceback" not in result.stderr


def test_stop_twice_then_start(cluster_dir):
    server = EmbeddedServer(cluster_dir)
    server.ensure_running("portal")

    assert server.stop() is True
    assert server.stop() is False
    assert not server.is_running()
    run_starters(cluster_dir, count=2)


def test_clone_from_before_the_lock_with_an_emptied_state_file(cluster_dir):
    # Older clones have the data directory itself at .pgdata/, with the wheel's pid list
    # that a stopped `make run` left empty (every manage.py command then failed).
    EmbeddedServer(cluster_dir).stop()
    legacy = new_state_dir() / "pgdata"
    shutil.move(cluster_dir / CLUSTER_DIR, legacy)
    (legacy / ".handle_pids.json").write_text("")
    try:
        run_starters(legacy)
        assert EmbeddedServer(legacy).cluster == legacy
    finally:
        EmbeddedServer(legacy).stop()
        shutil.move(legacy, cluster_dir / CLUSTER_DIR)
        shutil.rmtree(legacy.parent, ignore_errors=True)
