"""Server time (p50/p95) and database queries per page type, at 1x and 10x the sample data.

Requests go through Django's full middleware stack in-process (no network, no browser), so
the figures are the time the server spends on a page. Budget (issue 4): p95 <= 50 ms with
the sample data; the query count must not grow with the amount of data.

    .venv/bin/python -m portal.benchmarks.server_time [--requests 100] [--scales 1,10]
"""

from __future__ import annotations

import argparse
import os
import time

from portal.benchmarks.common import bench_database, load_sample_data, percentile
from portal.benchmarks.pages import PAGE_TYPES, discover_page_urls


def measure(requests: int, urls: dict[str, str | None]) -> dict[str, dict]:
    from django.db import connection  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)
    from django.test import Client  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)

    from portal.worker import prepare_worker  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)

    client = Client()
    results = {}
    for page_type in PAGE_TYPES:
        path = urls.get(page_type)
        if path is None:
            continue
        for _ in range(5):  # warm caches (index pages, settings, templates)
            client.get(path)
        # As portal/wsgi.py does at a worker's start; here it also hides what loading the
        # data in this same process left behind, which a web worker would not carry.
        prepare_worker()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        # Counted now: the next request's request_started signal empties the query log.
        query_count = len(queries.captured_queries)
        timings, cpu_timings = [], []
        for _ in range(requests):
            start, cpu_start = time.perf_counter(), time.thread_time()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            cpu_timings.append((time.thread_time() - cpu_start) * 1000)
        results[page_type] = {
            "url": path,
            "status": response.status_code,
            "queries": query_count,
            "p50": percentile(timings, 0.50),
            "p95": percentile(timings, 0.95),
            "cpu_p95": percentile(cpu_timings, 0.95),
        }
    return results


def count_items() -> str:
    from directory.models import Organisation, Service  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)
    from faq.models import FAQAnswer  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)
    from locations.models import Location  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)

    return (
        f"{Organisation.objects.count()} organisations, {Service.objects.count()} services, "
        f"{Location.objects.count()} locations, {FAQAnswer.objects.count()} FAQ answers"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    parser.add_argument("--scales", default="1,10", help="data multipliers, e.g. 1,10")
    args = parser.parse_args()
    scales = [int(scale) for scale in args.scales.split(",")]

    from search.benchmarks.latency import cpu_reference_ms  # noqa: PLC0415 - Django is set up first (portal.benchmarks.common)

    reference_before = cpu_reference_ms()
    by_scale = {}
    with bench_database():
        load_sample_data()
        # The same pages at every scale, so query counts compare like with like.
        urls = discover_page_urls()
        for scale in scales:
            if scale > 1:
                load_sample_data(scale)
            print(f"{scale}x data: {count_items()}")
            by_scale[scale] = measure(args.requests, urls)

    print(
        f"\n{'page type':20} "
        + " ".join(
            f"{f'{s}x p50':>8} {f'{s}x p95':>8} {f'{s}x cpu95':>9} {f'{s}x q':>6}" for s in by_scale
        )
        + "  status"
    )
    for page_type in PAGE_TYPES:
        cells, statuses = [], set()
        for results in by_scale.values():
            row = results.get(page_type)
            if row is None:
                cells.append(f"{'-':>8} {'-':>8} {'-':>9} {'-':>6}")
                continue
            statuses.add(row["status"])
            times = f"{row['p50']:6.1f}ms {row['p95']:6.1f}ms {row['cpu_p95']:7.1f}ms"
            cells.append(f"{times} {row['queries']:>6}")
        print(f"{page_type:20} " + " ".join(cells) + f"  {','.join(map(str, sorted(statuses)))}")
    if len(by_scale) > 1:
        first, *rest = by_scale.values()
        growing = [
            page_type
            for page_type in first
            if any(
                page_type in r and r[page_type]["queries"] != first[page_type]["queries"]
                for r in rest
            )
        ]
        print("\nquery count grows with the data on: " + (", ".join(growing) or "no page type"))
    print(
        f"({args.requests} timed requests per page after 5 warm-up requests; in-process, full "
        "middleware stack, no network. p50/p95: wall clock; cpu95: p95 of this thread's CPU "
        "time, less sensitive to other load on the machine; q: database queries)"
    )
    print(f"load average while measuring: {os.getloadavg()}")
    print(
        f"cpu reference loop (search/benchmarks/latency.py): {reference_before:.0f} ms before, "
        f"{cpu_reference_ms():.0f} ms after"
    )


if __name__ == "__main__":
    main()
