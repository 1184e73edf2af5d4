"""Check the round-4 judged query set: written as a blind holdout for issue 13, a tuning set
since round 5 took that place (see judged/README.md).

    python -m search.benchmarks.judged.round4.check

Round 4 (`<kind>-holdout.tsv` in this folder, ids `r4-<kind prefix>-…`) is not split: every
query is held out, to be scored once, as whole files, on the finished search. This checks
every row with round 3's row checks (id prefix, language, a non-empty query, every judged
slug, theme and district existing in the sample corpus), that ids are unique across the
round, and the planned size: ten queries per kind, the foreign set with 3 Turkish, 3 Polish,
2 Arabic and 2 Ukrainian queries typed on the Dutch site, and the English set with 8 on the
English site and 2 on the Dutch site. It prints every problem and exits 1 when there is one.

The later unsplit rounds (`round5/check.py`, `round6/check.py`) run the same checks on their own
folder, id tag and plan through the keyword arguments below.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from search.benchmarks.judged import split
from search.benchmarks.judged.round3 import split as round3

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[3] / "portal" / "fixtures" / "sociale-kaart"
ROUND = "r4"
PER_KIND = 10
# Queries per language of the foreign set (the language is the id's third part: r4-for-tr-01).
FOREIGN_PLAN = {"tr": 3, "pl": 3, "ar": 2, "uk": 2}
# Queries per site language (`lang`) of each kind; other kinds are all typed on the Dutch site.
LANG_PLAN = {"english": {"en": 8, "nl": 2}, "foreign": {"nl": PER_KIND}}


def path_of(kind: str, folder: Path = HERE) -> Path:
    return folder / f"{kind}-holdout.tsv"


def read_sets(folder: Path = HERE) -> dict[str, list[dict[str, str]]]:
    """Every kind's rows; a kind without a file has none (`problems` reports it)."""
    return {
        kind: split.read_rows(path_of(kind, folder)) if path_of(kind, folder).is_file() else []
        for kind in split.KINDS
    }


def foreign_language(query_id: str) -> str:
    """`r4-for-tr-01` -> `tr`."""
    parts = query_id.split("-")
    return parts[2] if len(parts) > 3 else ""


def problems(
    sets: dict[str, list[dict[str, str]]],
    known: set[str],
    *,
    round_tag: str = ROUND,
    per_kind: int = PER_KIND,
    foreign_plan: dict[str, int] = FOREIGN_PLAN,
    lang_plan: dict[str, dict[str, int]] = LANG_PLAN,
) -> list[str]:
    """Everything wrong with the round, one line per problem (empty when all is well)."""
    found = []
    for kind, rows in sets.items():
        found += round3.row_problems(kind, rows, known, round_tag=round_tag)
        if len(rows) != per_kind:
            found.append(f"{kind}: {len(rows)} queries, planned {per_kind}")
        languages = Counter(row["lang"] for row in rows)
        planned = lang_plan.get(kind, {"nl": per_kind})
        if languages != planned:
            found.append(f"{kind}: lang {dict(languages)}, planned {planned}")
    foreign = Counter(foreign_language(row["id"]) for row in sets.get("foreign", []))
    if foreign != foreign_plan:
        found.append(f"foreign: languages {dict(foreign)}, planned {foreign_plan}")
    ids = Counter(row["id"] for rows in sets.values() for row in rows)
    found += [f"{query_id} is used in more than one kind" for query_id, n in ids.items() if n > 1]
    return found


def report(folder: Path, name: str, problems_found: list[str]) -> int:
    """Print the problems of the round in `folder` (to stderr, exit status 1) or, when there
    are none, its size per kind and language (exit status 0). `problems_found` is what
    `problems` says about the sets read from `folder`."""
    found = [
        f"missing file {path_of(kind, folder).name}"
        for kind in split.KINDS
        if not path_of(kind, folder).is_file()
    ]
    found += problems_found
    if found:
        print("\n".join(found), file=sys.stderr)
        print(f"{len(found)} problem(s) in {name}", file=sys.stderr)
        return 1
    sets = read_sets(folder)
    for kind, rows in sets.items():
        languages = Counter(row["lang"] for row in rows)
        print(
            f"{kind}: {len(rows)} ({', '.join(f'{k}={v}' for k, v in sorted(languages.items()))})"
        )
    foreign = Counter(foreign_language(row["id"]) for row in sets["foreign"])
    print(f"foreign by language: {', '.join(f'{k}={v}' for k, v in sorted(foreign.items()))}")
    print(f"all: {sum(len(rows) for rows in sets.values())}")
    return 0


def main() -> int:
    return report(HERE, "round 4", problems(read_sets(), split.known_specs(CORPUS)))


if __name__ == "__main__":
    sys.exit(main())
