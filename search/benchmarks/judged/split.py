"""Split every judged query set into a tuning half and a holdout half.

Run once, before any search result was looked at:

    python search/benchmarks/judged/split.py

For each `<kind>.tsv` in this folder it writes `<kind>-tune.tsv` and `<kind>-holdout.tsv`.
The split is random with a fixed seed, so running it again gives the same files. Queries are
split per stratum (the id without its number, e.g. `for-tr-` for the Turkish queries), so each
language of the foreign-language set lands in both halves; an odd stratum gives its extra
query to the tuning half. Rows keep the order of the source file.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261206
# Each kind and the prefix of its query ids (ids stay unique across all files).
KINDS = {
    "sentences": "sen",
    "spelling": "spl",
    "everyday": "evd",
    "english": "eng",
    "foreign": "for",
    "names": "nam",
    "places": "plc",
    "multi": "mul",
}
HALVES = ("tune", "holdout")
# The item files of the sample corpus, by the spec type that names their slugs.
ITEM_FILES = {
    "organisation": "organisations.csv",
    "service": "services.csv",
    "location": "locations.csv",
    "faq": "faqs.csv",
}
HEADER = ["id", "lang", "query", "relevant", "note"]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def stratum(query_id: str) -> str:
    """`for-tr-03` -> `for-tr-`: the id without its trailing number."""
    return re.sub(r"\d+$", "", query_id)


def split_rows(
    kind: str, rows: list[dict[str, str]], seed: int | str = SEED
) -> dict[str, list[dict[str, str]]]:
    """Assign each row to a half; the seed mixes in the kind so kinds are shuffled apart.
    A later round of judged sets passes its own seed (see `round3/split.py`)."""
    rng = random.Random(f"{seed}:{kind}")  # noqa: S311 - reproducible split, not security
    tune_ids: set[str] = set()
    for name in sorted({stratum(r["id"]) for r in rows}):
        ids = sorted(r["id"] for r in rows if stratum(r["id"]) == name)
        rng.shuffle(ids)
        tune_ids.update(ids[: (len(ids) + 1) // 2])
    return {
        "tune": [r for r in rows if r["id"] in tune_ids],
        "holdout": [r for r in rows if r["id"] not in tune_ids],
    }


def known_specs(corpus: Path) -> set[str]:
    """Every `type:slug` a judgement may name in the sample corpus at `corpus`: item slugs,
    and themes and districts only when they expand to items the way relevance.py expands
    them (a theme some organisation or service carries, a district some location lies in)."""

    def rows(filename: str) -> list[dict[str, str]]:
        with (corpus / filename).open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    specs = set()
    for kind, filename in ITEM_FILES.items():
        specs.update(f"{kind}:{row['slug']}" for row in rows(filename))
    themes = {row["slug"] for row in rows("themes.csv")}
    for filename in ("organisations.csv", "services.csv"):
        for row in rows(filename):
            specs.update(f"theme:{t}" for t in row["themes"].split(";") if t in themes)
    districts = {row["slug"] for row in rows("districts.csv")}
    specs.update(
        f"district:{row['district']}"
        for row in rows("locations.csv")
        if row["district"] in districts
    )
    return specs


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    for kind in KINDS:
        halves = split_rows(kind, read_rows(HERE / f"{kind}.tsv"))
        for half in HALVES:
            write_rows(HERE / f"{kind}-{half}.tsv", halves[half])
        print(f"{kind}: tune={len(halves['tune'])} holdout={len(halves['holdout'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
