"""Lighthouse scores (mobile profile) for the pages named in issue 4.

Runs npm's lighthouse (node_modules/.bin/lighthouse) with Debian's Chromium against a
production-like server over a throw-away database with the sample data. Targets: >= 95
performance, 100 accessibility, best practices and SEO.

    .venv/bin/python -m portal.benchmarks.lighthouse [--runs 1]

With several runs the median score per category is printed (performance varies with the
load on the machine; accessibility, best practices and SEO do not).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from portal.benchmarks.common import (
    bench_database,
    chromium_path,
    load_sample_data,
    production_like_server,
)
from portal.benchmarks.pages import CHROMIUM_FLAGS, discover_page_urls

PAGES = ["home", "theme", "location", "search", "search-results", "faq-answer"]
# The search page (/zoeken/) may be indexed; its result pages carry noindex as issue 4 asks,
# which Lighthouse's SEO audit "is-crawlable" always counts against them.
SEARCH_PAGE_URL = "/zoeken/"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = Path(settings.BASE_DIR) / "node_modules" / ".bin" / "lighthouse"


# Lighthouse sometimes fails to record the trace of a load (NO_NAVSTART, "Please run
# Lighthouse again"); such a run says nothing about the page, so it is tried again.
ATTEMPTS = 3


def run_lighthouse(url: str, output: Path) -> dict:
    for attempt in range(1, ATTEMPTS):
        try:
            return run_lighthouse_once(url, output)
        except subprocess.CalledProcessError:
            print(f"  lighthouse run on {url} failed (attempt {attempt}); trying again")
    return run_lighthouse_once(url, output)


def run_lighthouse_once(url: str, output: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
    ]
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    subprocess.run(command, env=env, check=True, timeout=300)
    report = json.loads(output.read_text())
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        f"{audit_id} ({audit.get('score')})"
        for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "metricSavings")
    ]
    metrics = report["audits"]
    timings = {
        key: metrics[key]["displayValue"]
        for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
        if key in metrics
    }
    return {"scores": scores, "failing": failing, "timings": timings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median is shown)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("node_modules/.bin/lighthouse missing: run `make node-deps`")

    results = {}
    with bench_database():
        load_sample_data()
        urls = discover_page_urls()
        urls["search-results"], urls["search"] = urls["search"], SEARCH_PAGE_URL
        with production_like_server() as base_url, tempfile.TemporaryDirectory() as tmp:
            for page_type in PAGES:
                if urls.get(page_type) is None:
                    continue
                try:
                    runs = [
                        run_lighthouse(
                            base_url + urls[page_type], Path(tmp) / f"{page_type}-{n}.json"
                        )
                        for n in range(args.runs)
                    ]
                except subprocess.CalledProcessError:
                    print(f"! lighthouse failed on {page_type} ({urls[page_type]})")
                    continue
                results[page_type] = {
                    "url": urls[page_type],
                    "scores": {
                        name: statistics.median(run["scores"][name] for run in runs)
                        for name in CATEGORIES
                    },
                    "failing": sorted({audit for run in runs for audit in run["failing"]}),
                    "timings": runs[-1]["timings"],
                }

    print(f"\n{'page':15} {'url':42} " + " ".join(f"{name[:14]:>14}" for name in CATEGORIES))
    for page_type, result in results.items():
        scores = " ".join(f"{result['scores'][name]:>14}" for name in CATEGORIES)
        print(f"{page_type:15} {result['url'][:42]:42} {scores}")
    print("\nAudits not passed (score < 1), and the last run's timings:")
    for page_type, result in results.items():
        print(f"- {page_type}: {', '.join(result['failing']) or 'none'}; {result['timings']}")
    print(
        f"(lighthouse mobile profile, {args.runs} run(s) per page; load average {os.getloadavg()})"
    )


if __name__ == "__main__":
    main()
