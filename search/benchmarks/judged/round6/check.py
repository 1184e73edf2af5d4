"""Check the round-6 judged query set: a third blind holdout for the final measurement of
issue 13.

    python -m search.benchmarks.judged.round6.check

Round 6 (`<kind>-holdout.tsv` in this folder, ids `r6-<kind prefix>-…`) is, like rounds 4 and 5,
not split: every query is held out, to be scored once, as whole files, on the finished search.
It runs round 4's checks on this folder (every row with round 3's row checks, ids unique
across the round, the planned size) with this round's own plan: ten queries per kind, the
foreign set with 3 Turkish, 2 Polish, 2 Arabic and 3 Ukrainian queries typed on the Dutch
site, and the English set with 8 on the English site and 2 on the Dutch site. It prints every
problem and exits 1 when there is one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from search.benchmarks.judged import split
from search.benchmarks.judged.round4 import check as round4

HERE = Path(__file__).resolve().parent
ROUND = "r6"
PER_KIND = 10
# Queries per language of the foreign set (the language is the id's third part: r6-for-tr-01).
FOREIGN_PLAN = {"tr": 3, "pl": 2, "ar": 2, "uk": 3}
# Queries per site language (`lang`) of each kind; other kinds are all typed on the Dutch site.
LANG_PLAN = {"english": {"en": 8, "nl": 2}, "foreign": {"nl": PER_KIND}}


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
        foreign_plan=FOREIGN_PLAN,
        lang_plan=LANG_PLAN,
    )


def main() -> int:
    return round4.report(HERE, "round 6", problems(read_sets(), split.known_specs(round4.CORPUS)))


if __name__ == "__main__":
    sys.exit(main())
