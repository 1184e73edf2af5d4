"""Page weight per page type: bytes transferred on a first load, compressed as served.

Loads every page type in headless Chromium (empty cache, JavaScript on, phone viewport)
from a production-like server and adds up what went over the wire per kind of resource.
Map tiles (the only third-party request) are blocked and not counted; nor are images.
Budget (issue 4): HTML + CSS + JS <= 100 KB, JS <= 30 KB on pages without a map.

    .venv/bin/python -m portal.benchmarks.page_weight
"""

from __future__ import annotations

import argparse
import contextlib
from collections import defaultdict
from urllib.parse import urlsplit

from portal.benchmarks.common import (
    bench_database,
    chromium_path,
    load_sample_data,
    production_like_server,
)
from portal.benchmarks.pages import CHROMIUM_FLAGS, PAGE_TYPES, discover_page_urls

KB = 1000
BUDGET_TOTAL = 100 * KB
BUDGET_JS_WITHOUT_MAP = 30 * KB
KINDS = {"document": "html", "stylesheet": "css", "script": "js"}


def measure(base_url: str, urls: dict[str, str | None]) -> list[dict]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional dev tool, needed only when measuring

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for page_type in PAGE_TYPES:
            path = urls.get(page_type)
            if path is None:
                rows.append({"page": page_type, "missing": True})
                continue
            # A new context per page: an empty cache, as on a first visit.
            context = browser.new_context(viewport={"width": 360, "height": 740})
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if urlsplit(route.request.url).hostname == "127.0.0.1"
                    else route.abort("blockedbyclient")
                ),
            )
            page = context.new_page()
            sizes: dict[str, int] = defaultdict(int)
            raw: dict[str, int] = defaultdict(int)
            responses = []
            page.on("response", lambda response, seen=responses: seen.append(response))
            page.goto(base_url + path, wait_until="networkidle")
            for response in responses:
                kind = KINDS.get(response.request.resource_type, "other")
                sizes[kind] += response.request.sizes()["responseBodySize"]
                with contextlib.suppress(Exception):  # redirects and aborted requests: no body
                    raw[kind] += len(response.body())
            has_map = page.locator(".leaflet-container, [data-map]").count() > 0
            rows.append(
                {
                    "page": page_type,
                    "url": path,
                    "sizes": dict(sizes),
                    "raw": dict(raw),
                    "has_map": has_map,
                }
            )
            context.close()
        browser.close()
    return rows


def report(rows: list[dict]) -> None:
    print(
        f"{'page type':26} {'HTML':>8} {'CSS':>8} {'JS':>8} {'total':>8} {'other':>8}"
        f"  {'raw total':>9}  budget"
    )
    for row in rows:
        if row.get("missing"):
            print(f"{row['page']:26} (no such page in the data)")
            continue
        s, r = row["sizes"], row["raw"]
        html, css, js = s.get("html", 0), s.get("css", 0), s.get("js", 0)
        total = html + css + js
        raw_total = r.get("html", 0) + r.get("css", 0) + r.get("js", 0)
        over = []
        if total > BUDGET_TOTAL:
            over.append("total > 100 KB")
        if not row["has_map"] and js > BUDGET_JS_WITHOUT_MAP:
            over.append("JS > 30 KB")
        verdict = "OVER: " + ", ".join(over) if over else "ok"
        map_note = " (map)" if row["has_map"] else ""
        print(
            f"{row['page'] + map_note:26} {html / KB:7.1f}K {css / KB:7.1f}K {js / KB:7.1f}K "
            f"{total / KB:7.1f}K {s.get('other', 0) / KB:7.1f}K  {raw_total / KB:8.1f}K  {verdict}"
        )
    print(
        "Transferred bytes as served (whitenoise gzip for static, gzip for HTML); "
        "K = 1000 bytes; 'other' = images/fonts (not in the budget)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1, help="data multiplier (default 1)")
    args = parser.parse_args()
    with bench_database():
        load_sample_data(args.scale)
        urls = discover_page_urls()
        with production_like_server() as base_url:
            rows = measure(base_url, urls)
    report(rows)


if __name__ == "__main__":
    main()
