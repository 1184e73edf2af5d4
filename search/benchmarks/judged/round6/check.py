"""Check the round-6 judged query set: a third blind holdout for the final measurement of
issue 13.

    python -m search.benchmarks.judged.round6.check

Round 6 (`<kind>-holdout.tsv` in this folder, ids `r6-<kind prefix>-…`) is, like rounds 4 and 5,
not split: every query is held out, to be scored once, as whole files, on the finished search.
It has round 5's plan (ten queries per kind; 3 Turkish, 2 Polish, 2 Arabic and 3 Ukrainian
queries on the Dutch site; 8 English ones on the English site and 2 on the Dutch one) and
runs round 4's checks on this folder with its own id tag. It prints every problem and exits
1 when there is one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from search.benchmarks.judged import split
from search.benchmarks.judged.round4 import check as round4
from search.benchmarks.judged.round5 import check as round5

HERE = Path(__file__).resolve().parent
ROUND = "r6"
PER_KIND = round5.PER_KIND


def path_of(kind: str) -> Path:
    return round4.path_of(kind, HERE)


def read_sets() -> dict[str, list[dict[str, str]]]:
    """Every kind's rows; a kind without a file has none (`problems` reports it)."""
    return round4.read_sets(HERE)


def problems(sets: dict[str, list[dict[str, str]]], known: set[str]) -> list[str]:
    """Everything wrong with the round, one line per problem (empty when all is well)."""
    return round4.problems(
        sets,
        known,
        round_tag=ROUND,
        per_kind=PER_KIND,
        foreign_plan=round5.FOREIGN_PLAN,
        lang_plan=round5.LANG_PLAN,
    )


def main() -> int:
    return round4.report(HERE, "round 6", problems(read_sets(), split.known_specs(round4.CORPUS)))


if __name__ == "__main__":
    sys.exit(main())
