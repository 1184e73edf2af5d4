#!/usr/bin/env python3
"""Score every judged query set against a running server: one summary line per file.

    python search/benchmarks/relevance_sets.py --base-url http://127.0.0.1:8290 --engine postgres

``run_relevance.sh`` builds the database and starts the server, then runs this. The files,
in this order: the shared dev set (``queries-dev.tsv`` beside relevance.py), our
``queries-extra.tsv``, and in ``judged/`` and then every ``judged/round<N>/`` folder (in
round order: ``round3``, ``round4`` …) every ``*-tune.tsv``, every ``*-holdout.tsv`` and the
other sets (a ``<kind>.tsv`` that was split into halves is left out: its queries are in the
halves; so is a folder's own ``all-*.tsv`` join). Each group of a folder with more than one
file also gets a combined line (``judged/all-tune.tsv``, ``judged/round4/all-holdout.tsv``
…), scored from one file that holds every query of the group under one header.

Prints only aggregates (``relevance.py``'s last line): nobody tuning the search sees a
holdout query's results here. Standard library only; ``relevance.py`` is run as a script.
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent.parent
DEFAULT_RELEVANCE = CHECKOUT.parent / "shared" / "eval" / "relevance.py"
CORPUS = CHECKOUT / "portal" / "fixtures" / "sociale-kaart"
GROUPS = ("tune", "holdout", "other")
COLUMNS = ("queries", "nDCG@10", "S@3", "MRR", "empty")
SUMMARY = re.compile(
    r"queries=(?P<queries>\d+) nDCG@\d+=(?P<ndcg>[\d.]+) S@3=(?P<s3>[\d.]+) "
    r"MRR=(?P<mrr>[\d.]+) empty=(?P<empty>\d+) errors=(?P<errors>\d+)"
)


def group_of(path: Path) -> str:
    for group in ("tune", "holdout"):
        if path.stem.endswith(f"-{group}"):
            return group
    return "other"


def judged_folders(judged: Path = HERE / "judged") -> list[Path]:
    """``judged/`` and then each of its ``round<N>/`` folders, in round order (``round10``
    after ``round9``)."""
    rounds = [path for path in judged.glob("round*") if path.is_dir()]
    numbered = [path for path in rounds if path.name.removeprefix("round").isdigit()]
    return [judged, *sorted(numbered, key=lambda path: int(path.name.removeprefix("round")))]


def judged_files(folder: Path) -> dict[str, list[Path]]:
    """A folder's sets by group; a source ``<kind>.tsv`` beside its halves and a join of the
    folder's sets (``all-tune.tsv``, ``all.tsv``) are left out."""
    groups: dict[str, list[Path]] = {group: [] for group in GROUPS}
    if not folder.is_dir():
        return groups
    for path in sorted(folder.glob("*.tsv")):
        if (folder / f"{path.stem}-tune.tsv").exists():
            continue
        if path.stem == "all" or path.stem.startswith("all-"):
            continue  # a folder's own join of its sets: the combined line scores the same
        groups[group_of(path)].append(path)
    return groups


def combine(paths: list[Path], target: Path) -> Path:
    """Every query of ``paths`` in one TSV with one header (the union of their columns)."""
    columns: list[str] = []
    rows: list[dict[str, str]] = []
    for path in paths:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            columns.extend(c for c in reader.fieldnames or [] if c not in columns)
            rows.extend(r for r in reader if r.get("id") and not r["id"].startswith("#"))
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=columns, delimiter="\t", extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
    return target


def label(path: Path) -> str:
    """Relative to search/benchmarks/; a file outside it (the shared dev set) by its name."""
    return str(path.relative_to(HERE)) if path.is_relative_to(HERE) else path.name


def sets(dev: Path, scratch: Path) -> list[tuple[str, Path]]:
    """(label, file) in reporting order, combined files written into ``scratch``."""
    found = [(label(dev), dev)]
    extra = HERE / "queries-extra.tsv"
    if extra.exists():
        found.append((label(extra), extra))
    for folder in judged_folders():
        groups = judged_files(folder)
        for group in GROUPS:
            paths = groups[group]
            found.extend((label(path), path) for path in paths)
            if len(paths) > 1:
                halves = groups["tune"] or groups["holdout"]
                name = "all.tsv" if not halves else f"all-{group}.tsv"
                combined = scratch / f"{folder.name}-{name}"
                found.append((f"{label(folder)}/{name}", combine(paths, combined)))
    return found


def score(relevance: Path, base_url: str, queries: Path) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, str(relevance), "--base-url", base_url, "--queries", str(queries)]
        + ["--corpus", str(CORPUS)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    match = SUMMARY.search(lines[-1]) if lines else None
    if match is None:
        sys.stderr.write(done.stderr[-2000:])
        raise SystemExit(f"relevance.py gave no summary line for {queries}")
    return match.groupdict()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--engine", default="-", help="the first column of every line")
    parser.add_argument("--relevance", type=Path, default=DEFAULT_RELEVANCE)
    parser.add_argument(
        "--dev", type=Path, help="the dev set (default: queries-dev.tsv beside relevance.py)"
    )
    args = parser.parse_args(argv)
    relevance = args.relevance.resolve()
    if not relevance.is_file():
        parser.error(f"no relevance.py at {relevance} (--relevance PATH)")
    dev = (args.dev or relevance.parent / "queries-dev.tsv").resolve()
    if not dev.is_file():
        parser.error(f"no dev set at {dev} (--dev PATH)")

    errors = 0
    with tempfile.TemporaryDirectory(prefix="relevance-sets-") as scratch:
        files = sets(dev, Path(scratch))
        width = max(len(name) for name, _ in files)
        print(f"{'engine':<10} {'file':<{width}} " + " ".join(f"{c:>7}" for c in COLUMNS))
        for name, path in files:
            result = score(relevance, args.base_url, path)
            errors += int(result["errors"])
            values = (result["queries"], result["ndcg"], result["s3"], result["mrr"])
            print(
                f"{args.engine:<10} {name:<{width}} "
                + " ".join(f"{v:>7}" for v in (*values, result["empty"])),
                flush=True,
            )
    if errors:
        print(f"{errors} requests failed (relevance.py counts them as empty)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
