#!/usr/bin/env python3
"""Latency of the JSON search API over a fixed query list (standard library only).

Usage: python search/benchmarks/latency.py --base-url http://127.0.0.1:8102 [--rounds 5]

First warms the server with queries that are not in QUERIES (its encoder, vector index,
catalogue and vocabulary load on a worker's first searches), then sends every query of
QUERIES ``rounds`` times. The first round sees each query for the first time: the server
encodes its vector (later rounds find it in the query-vector cache, as a repeated question
does). Prints p50/p95/max in milliseconds for the first round, for the repeated rounds and,
on the last line (the summary), for all requests together.
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


# Warm-up only: words residents type that QUERIES does not hold (the vectors of QUERIES
# must not be cached before the first counted round). A misspelled word loads the word
# lists of every language and the name index, once per worker like the encoder.
WARM_UP = [
    ("nl", "buurthuis"),
    ("nl", "huisarts in de wijk"),
    ("en", "help at home"),
    ("nl", "boodschapen doen"),
]


def _summary(label: str, timings: list[float]) -> str:
    return (
        f"{label}requests={len(timings)} p50_ms={statistics.median(timings):.1f} "
        f"p95_ms={percentile(timings, 0.95):.1f} max_ms={max(timings):.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    counts: dict[str, int] = {}

    def send(lang: str, query: str) -> float:
        params = urllib.parse.urlencode({"q": query, "limit": args.limit, "lang": lang})
        url = f"{args.base_url.rstrip('/')}/api/v1/search/?{params}"
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            body = json.loads(response.read())
        counts[query] = body["count"]
        return (time.perf_counter() - started) * 1000

    reference_before = cpu_reference_ms()
    for lang, query in WARM_UP:
        send(lang, query)
    first = [send(lang, query) for lang, query in QUERIES]
    repeated = [send(lang, query) for _ in range(args.rounds - 1) for lang, query in QUERIES]
    print(f"results per query: {json.dumps(counts, ensure_ascii=False)}")
    print(
        f"cpu reference loop: {reference_before:.0f} ms before, {cpu_reference_ms():.0f} ms after"
    )
    label = f"{args.label} " if args.label else ""
    print(_summary(f"{label}first round (query vectors encoded) ", first))
    if repeated:
        print(_summary(f"{label}later rounds (query vectors cached) ", repeated))
    print(_summary(f"{label}all ", first + repeated))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
