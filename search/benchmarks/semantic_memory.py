"""Print the memory one web worker spends on the semantic layer (figures, no assertions).

Run with the database of a benchmark size (``search/benchmarks/run_latency.sh`` does):
loads the sentence encoder and the in-process vector matrix as a worker does on its first
searches, and prints the resident memory (VmRSS) each adds. The starting point is a worker
that has made its first database query (every request makes one; the connection and
Django's query machinery are not the semantic layer's). The encoder is measured after
encoding every query of the latency benchmark, one at a time as searches do.
"""

import os
import time

import django


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    django.setup()
    # The app registry is ready only after setup().
    from search import semantic  # noqa: PLC0415
    from search.benchmarks.latency import QUERIES  # noqa: PLC0415
    from search.models import ItemEmbedding  # noqa: PLC0415

    ItemEmbedding.objects.filter(pk=0).exists()  # the worker's database connection
    base = _rss_mb()
    started = time.perf_counter()
    for _language, query in QUERIES:
        semantic.query_vectors.get(query)
    encoder = _rss_mb()
    index = semantic.get_index()
    loaded = _rss_mb()
    print(
        f"semantic layer per worker: encoder {encoder - base:.0f} MB, "
        f"index {loaded - encoder:.0f} MB ({len(index.pks)} vectors, "
        f"matrix {index.memory_bytes / 2**20:.0f} MB as {index.codes.dtype}), "
        f"total {loaded - base:.0f} MB; loaded in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
