"""Load test of the production server: requests/s and p95 for a mixed list of pages and
varied searches against ``make serve`` (gunicorn, portal.settings.production, DEBUG off),
at 1x and 10x data, each in its own database. Prints figures, asserts nothing.

    .venv/bin/python -m portal.benchmarks.load_test                  # 1x and 10x
    .venv/bin/python -m portal.benchmarks.load_test --scales 1 --clients 16 --requests 3000
    .venv/bin/python -m portal.benchmarks.load_test --kill-connections-every 1

The databases ``<name>_load_1x`` and ``<name>_load_10x`` are made next to the one
DATABASE_URL names (migrate, page tree, sample data; 10x adds
``generate_sociale_kaart --scale 10``) and kept for the next run (``--rebuild`` makes them
again). The server listens on 127.0.0.1 only; every loop is bounded by ``--requests``.

``--kill-connections-every S`` also runs ``pg_terminate_backend`` on the server's database
connections every S seconds during the run and prints how many requests failed: the
"killed database connections under load" figure of issue 11.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SAMPLE_DATA = BASE_DIR / "portal" / "fixtures" / "sociale-kaart"
APPLICATION_NAME = "portal-load-test"
PYTHON = sys.executable

# Varied searches as residents type them: single words, questions, compounds, typos,
# English, filters, the JSON API and the autocomplete.
QUERIES = [
    "schulden",
    "geldzorgen",
    "eenzaam",
    "hulp bij rekeningen betalen",
    "schuldhulpverlening",
    "mantelzorg",
    "huiselijk geweld",
    "wijkteam",
    "inloop",
    "taalles nederlands",
    "vrijwilligerswerk",
    "opvoeding",
    "jongeren",
    "ouderen",
    "dementie",
    "voedselbank",
    "formulieren invullen",
    "schuldhulp",
    "shculden",
    "mantelzrog",
    "hoe vraag ik toeslag aan",
    "berflo",
    "debt",
    "loneliness",
    "rent",
    "vervoer",
    "kinderopvang",
    "werk zoeken",
    "gezondheid",
    "psychische klachten",
]
SEARCH_PATHS = (
    [f"/zoeken/?q={quote(q)}" for q in QUERIES]
    + [f"/api/v1/search/?q={quote(q)}&limit=10" for q in QUERIES[::2]]
    + [f"/api/v1/search/suggest/?q={quote(q[:4])}" for q in QUERIES[::3]]
    + [
        "/zoeken/?q=hulp&type=location",
        "/zoeken/?q=hulp&cost=free",
        "/en/search/?q=debt",
        "/zoeken/?q=schulden&page=2",
    ]
)
SEARCH_SHARE = 0.5  # half of the requests are searches, half pages
PAGES_FROM_SITEMAP = 60


def database_url(base_url: str, name: str) -> str:
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"/{name}", query=f"application_name={APPLICATION_NAME}"))


def admin_connection(base_url: str) -> psycopg.Connection:
    parts = urlsplit(base_url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres", query="")), autocommit=True)


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def prepare_database(base_url: str, scale: int, rebuild: bool) -> str:
    name = f"{urlsplit(base_url).path.lstrip('/')}_load_{scale}x"
    with admin_connection(base_url) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not rebuild:
            print(f"reusing database {name} (--rebuild makes it again)")
            return name
        if exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": database_url(base_url, name),
    }
    print(f"building database {name} ({scale}x data) ...", flush=True)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "setup_site", "-v0")
    quiet = {"stdout": subprocess.DEVNULL}
    subprocess.run(
        [PYTHON, "manage.py", "import_sociale_kaart", str(SAMPLE_DATA)],
        cwd=BASE_DIR,
        env=env,
        check=True,
        **quiet,
    )
    if scale > 1:
        with tempfile.TemporaryDirectory(prefix="portal-load-data-") as data_dir:
            manage(env, "generate_sociale_kaart", data_dir, "--scale", str(scale))
            subprocess.run(
                [PYTHON, "manage.py", "import_sociale_kaart", data_dir],
                cwd=BASE_DIR,
                env=env,
                check=True,
                **quiet,
            )
    print(f"built in {time.monotonic() - started:.0f} s", flush=True)
    return name


def get(conn_holder: dict, port: int, path: str) -> int:
    """One GET over a kept-alive connection (reconnects when the server closed it)."""
    for attempt in (1, 2):
        conn = conn_holder.get("conn")
        if conn is None:
            conn = conn_holder["conn"] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
            response = conn.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn_holder["conn"] = None
            return response.status
        except (http.client.HTTPException, OSError):
            conn.close()
            conn_holder["conn"] = None
            if attempt == 2:
                return 0
    return 0


def wait_until_ready(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("make serve exited; see its output above")
        if get({}, port, "/healthz") == 200:
            return
        time.sleep(0.3)
    raise SystemExit("the server did not answer /healthz within 120 s")


def page_paths(port: int) -> list[str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/sitemap.xml", headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
    body = conn.getresponse().read().decode()
    conn.close()
    urls = sorted({urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", body)})
    step = max(1, len(urls) // PAGES_FROM_SITEMAP)
    return urls[::step][:PAGES_FROM_SITEMAP]


def kill_connections(
    base_url: str, database: str, stop: threading.Event, every: float, kills: list
) -> None:
    with admin_connection(base_url) as conn:
        while not stop.wait(every):
            row = conn.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND application_name = %s",
                [database, APPLICATION_NAME],
            ).fetchone()
            kills.append(row[0])


def run_load(port: int, mix: list[tuple[str, str]], clients: int, total: int):
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def client() -> None:
        holder: dict = {}
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            kind, path = mix[n % len(mix)]
            started = time.perf_counter()
            status = get(holder, port, path)
            elapsed = time.perf_counter() - started
            with lock:
                results.append((kind, status, elapsed))
        if holder.get("conn"):
            holder["conn"].close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def report(label: str, results, seconds: float) -> None:
    print(f"\n== {label}: {len(results)} requests in {seconds:.1f} s")
    print(f"{'kind':<10}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'failed':>8}")
    for kind in ("page", "search", None):
        rows = [r for r in results if kind is None or r[0] == kind]
        times = [r[2] * 1000 for r in rows]
        failed = sum(1 for r in rows if r[1] != 200)
        print(
            f"{kind or 'all':<10}{len(rows):>10}{len(rows) / seconds:>10.1f}"
            f"{statistics.median(times):>10.1f}{p95(times):>10.1f}{failed:>8}"
        )
    statuses: dict[int, int] = {}
    for _, status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    print("statuses:", ", ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(statuses.items())))


def serve(database_url_: str, port: int, static_root: Path, response_cache: bool):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url_,
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "PORT": str(port),
        "GUNICORN_ACCESS_LOG": "",
    }
    if not response_cache:
        env["SEARCH_RESPONSE_CACHE_SECONDS"] = "0"
    # The virtualenv this script runs from is already installed: no reinstall step.
    return subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections")
    parser.add_argument("--requests", type=int, default=2000, help="requests per run")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_TEST_PORT", 8250)))
    parser.add_argument("--rebuild", action="store_true", help="make the databases again")
    parser.add_argument(
        "--no-response-cache", action="store_true", help="SEARCH_RESPONSE_CACHE_SECONDS=0"
    )
    parser.add_argument("--kill-connections-every", type=float, default=0, metavar="SECONDS")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL")
    if not base_url:
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server; the load databases go there.")

    print(f"load average before: {os.getloadavg()}, cores: {os.cpu_count()}")
    print(
        f"workers: WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', 'default')} "
        f"GUNICORN_THREADS={os.environ.get('GUNICORN_THREADS', 'default')}; "
        f"{args.clients} clients; search response cache "
        f"{'off' if args.no_response_cache else 'on (production default)'}"
    )
    for scale in args.scales:
        database = prepare_database(base_url, scale, args.rebuild)
        with tempfile.TemporaryDirectory(prefix="portal-load-static-") as static_root:
            server = serve(
                database_url(base_url, database),
                args.port,
                Path(static_root),
                not args.no_response_cache,
            )
            try:
                wait_until_ready(args.port, server)
                pages = page_paths(args.port)
                rng = random.Random(args.seed)  # noqa: S311 - a repeatable mix, not a secret
                mix = [
                    ("search", rng.choice(SEARCH_PATHS))
                    if rng.random() < SEARCH_SHARE
                    else ("page", rng.choice(pages))
                    for _ in range(args.requests)
                ]
                # Warm-up: every distinct URL once (worker start-up, vocabulary, caches).
                warm, _ = run_load(args.port, sorted(set(mix)), args.clients, len(set(mix)))
                warm_statuses = sorted({status for _, status, _ in warm})
                print(f"warm-up: {len(warm)} distinct URLs, statuses {warm_statuses}")
                stop, kills = threading.Event(), []
                killer = None
                if args.kill_connections_every > 0:
                    killer = threading.Thread(
                        target=kill_connections,
                        args=(base_url, database, stop, args.kill_connections_every, kills),
                    )
                    killer.start()
                results, seconds = run_load(args.port, mix, args.clients, args.requests)
                stop.set()
                if killer:
                    killer.join()
                report(
                    f"{scale}x data ({database}), {len(pages)} pages + "
                    f"{len(SEARCH_PATHS)} searches",
                    results,
                    seconds,
                )
                if killer:
                    failed = sum(1 for r in results if r[1] != 200)
                    print(
                        f"killed connections: {sum(kills)} in {len(kills)} rounds "
                        f"(every {args.kill_connections_every} s); "
                        f"failed requests: {failed} of {len(results)}"
                    )
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=60)
    print(f"\nload average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
