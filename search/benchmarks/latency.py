#!/usr/bin/env python3
"""Latency of the JSON search API over a fixed query list (standard library only).

Usage: python search/benchmarks/latency.py --base-url http://127.0.0.1:8102 [--rounds 5]

Sends every query of QUERIES ``rounds`` times (after one warm-up round that is not
counted) and prints p50/p95/max in milliseconds. The last line is the summary.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
import urllib.parse
import urllib.request

# Theme words, synonyms, names, typos, compounds, English and long questions: what
# residents type. Fixed, so runs at different data sizes are comparable.
QUERIES = [
    ("nl", "schulden"),
    ("nl", "eenzaam"),
    ("nl", "eenzaamhied"),
    ("nl", "vrijwilliger"),
    ("nl", "vrijwiliger"),
    ("nl", "mantelzorgers"),
    ("nl", "dementie"),
    ("nl", "mijn moeder vergeet alles"),
    ("nl", "hulp bij administratie"),
    ("nl", "schuldhulpverlening"),
    ("nl", "geldzorgen"),
    ("nl", "wijkentree"),
    ("nl", "wijkteam zuid"),
    ("nl", "tactus"),
    ("nl", "voedselbank"),
    ("nl", "repair cafe"),
    ("nl", "pgb"),
    ("nl", "indicatie loopt af"),
    ("nl", "koffie drinken in de buurt"),
    ("nl", "waar kan ik terecht als ik mijn rekeningen niet meer kan betalen"),
    ("nl", "hulp"),
    ("nl", "dagbesteding"),
    ("nl", "taalles"),
    ("nl", "xylofoonles"),
    ("en", "loneliness"),
    ("en", "debt"),
    ("en", "volunteering"),
    ("en", "dementia"),
]


def cpu_reference_ms() -> float:
    """Time of a fixed pure-Python loop: how fast this machine's CPU is right now.

    Shared virtual machines slow down by half at times; printed next to the figures so that
    runs can be compared.
    """
    started = time.perf_counter()
    total = 0
    for number in range(2_000_000):
        total += number * number
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    timings: list[float] = []
    counts: dict[str, int] = {}
    reference_before = cpu_reference_ms()
    for round_number in range(args.rounds + 1):
        for lang, query in QUERIES:
            params = urllib.parse.urlencode({"q": query, "limit": args.limit, "lang": lang})
            url = f"{args.base_url.rstrip('/')}/api/v1/search/?{params}"
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                body = json.loads(response.read())
            elapsed = (time.perf_counter() - started) * 1000
            if round_number:  # round 0 warms caches and is not counted
                timings.append(elapsed)
            counts[query] = body["count"]
    print(f"results per query: {json.dumps(counts, ensure_ascii=False)}")
    print(
        f"cpu reference loop: {reference_before:.0f} ms before, {cpu_reference_ms():.0f} ms after"
    )
    label = f"{args.label} " if args.label else ""
    print(
        f"{label}requests={len(timings)} p50_ms={statistics.median(timings):.1f} "
        f"p95_ms={percentile(timings, 0.95):.1f} max_ms={max(timings):.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
