"""Check the round-3 judged query sets and split them into a tuning half and a holdout half.

Run once from the repository root, before any search result was looked at:

    python -m search.benchmarks.judged.round3.split

Round 3 (`<kind>.tsv` in this folder, ids `r3-<kind prefix>-…`) was written after the first
round had been tuned on, so that results can be reported on queries nobody has tuned on. Every
row is checked first (id prefix, language, a non-empty query, and every judged slug, theme and
district existing in the sample corpus); with any problem nothing is written. Then each kind is
split with the first round's `split_rows` under this round's own seed into `<kind>-tune.tsv`
and `<kind>-holdout.tsv` (per stratum, so each language of `foreign.tsv` lands in both halves),
and `all-tune.tsv` / `all-holdout.tsv` hold every kind's half in one file, so relevance.py
scores a whole half in one run. Running it again gives the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from search.benchmarks.judged import split

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[3] / "portal" / "fixtures" / "sociale-kaart"
SEED = "20261206-round3"
ROUND = "r3"  # the id tag of this round's queries; a later round checks its rows with its own
LANGUAGES = ("nl", "en")  # the API accepts no other; tr/ar/pl/uk are typed on the Dutch site


def id_prefix(kind: str, round_tag: str = ROUND) -> str:
    return f"{round_tag}-{split.KINDS[kind]}-"


def read_sets() -> dict[str, list[dict[str, str]]]:
    return {kind: split.read_rows(HERE / f"{kind}.tsv") for kind in split.KINDS}


def row_problems(
    kind: str, rows: list[dict[str, str]], known: set[str], round_tag: str = ROUND
) -> list[str]:
    """What is wrong with the rows of one kind, one line per problem (empty when all is well).
    `round_tag` is the id tag the rows must carry (`r3`, or a later round's)."""
    prefix = id_prefix(kind, round_tag)
    problems = []
    seen_ids: set[str] = set()
    for row in rows:
        query_id = row["id"]
        if not query_id.startswith(prefix):
            problems.append(f"{kind}: {query_id} does not start with {prefix}")
        if query_id in seen_ids:
            problems.append(f"{kind}: {query_id} is used twice")
        seen_ids.add(query_id)
        if row["lang"] not in LANGUAGES:
            problems.append(f"{query_id}: lang {row['lang']!r} is not one of {LANGUAGES}")
        if not row["query"] or row["query"].strip() != row["query"]:
            problems.append(f"{query_id}: empty query or surrounding spaces")
        specs = [spec.strip() for spec in (row["relevant"] or "").split(",")]
        if not all(specs):
            problems.append(f"{query_id}: empty judgement")
        if len(specs) != len(set(specs)):
            problems.append(f"{query_id}: a spec is repeated")
        unknown = [spec for spec in specs if spec and spec not in known]
        if unknown:
            problems.append(f"{query_id}: not in the sample corpus: {', '.join(unknown)}")
    return problems


def split_sets(sets: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, str]]]:
    """The halves of every kind under this round's seed, keyed by the file name stem they are
    written to (`<kind>-<half>`, and `all-<half>` with every kind's rows in kind order)."""
    files: dict[str, list[dict[str, str]]] = {f"all-{half}": [] for half in split.HALVES}
    for kind, rows in sets.items():
        halves = split.split_rows(kind, rows, seed=SEED)
        for half in split.HALVES:
            files[f"{kind}-{half}"] = halves[half]
            files[f"all-{half}"].extend(halves[half])
    return files


def main() -> int:
    sets = read_sets()
    known = split.known_specs(CORPUS)
    problems = [line for kind, rows in sets.items() for line in row_problems(kind, rows, known)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    files = split_sets(sets)
    for stem, rows in files.items():
        split.write_rows(HERE / f"{stem}.tsv", rows)
    for kind in [*split.KINDS, "all"]:
        counts = " ".join(f"{half}={len(files[f'{kind}-{half}'])}" for half in split.HALVES)
        print(f"{kind}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
