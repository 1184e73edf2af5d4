"""Print the memory one web worker spends on the semantic layer (figures, no assertions).

Run with the database of a benchmark size (``search/benchmarks/run_latency.sh`` does):
loads the sentence encoder and the in-process vector matrix as a worker does on its first
search, and prints the resident memory each adds.
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
    from search import semantic  # noqa: PLC0415 - the app registry is ready only after setup()

    base = _rss_mb()
    started = time.perf_counter()
    semantic.query_vectors.get("hulp bij schulden")
    encoder = _rss_mb()
    index = semantic.get_index()
    loaded = _rss_mb()
    print(
        f"semantic layer per worker: encoder {encoder - base:.0f} MB, "
        f"index {loaded - encoder:.0f} MB ({len(index.pks)} vectors, "
        f"matrix {index.memory_bytes / 2**20:.0f} MB), total {loaded - base:.0f} MB; "
        f"loaded in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
