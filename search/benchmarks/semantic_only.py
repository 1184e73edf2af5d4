"""How well meaning alone ranks the directory: nDCG@10 per judged query file (figures only).

Ranks the organisations and services of the database by their stored meaning vector's
cosine with the query (``search.semantic``; no words, themes or names), and scores the top
ten against the judgements with the relevance benchmark's own functions. Compares
encoders: run it on a database indexed with each.

    DJANGO_SETTINGS_MODULE=portal.settings.test DATABASE_URL=... \\
        python -m search.benchmarks.semantic_only [--eval ../shared/eval] [FILE.tsv ...]

Default files: the dev set and the judged sets that ``relevance_sets`` scores, but for the
holdout halves (tuning halves and sets without halves, in ``judged/`` and every
``judged/round<N>/``; round 4 is all holdout, so none of it).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
from pathlib import Path

import django

from search.benchmarks.relevance_sets import CORPUS, judged_files, judged_folders

REPO = Path(__file__).resolve().parents[2]
JUDGED = REPO / "search" / "benchmarks" / "judged"


def _relevance_module(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("relevance", eval_dir / "relevance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def default_files(eval_dir: Path) -> list[Path]:
    files = [eval_dir / "queries-dev.tsv"]
    for folder in judged_folders(JUDGED):
        groups = judged_files(folder)
        files += groups["tune"] + groups["other"]
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    django.setup()
    from directory.models import Organisation, Service  # noqa: PLC0415 - after setup()
    from search import semantic  # noqa: PLC0415 - after setup()

    relevance = _relevance_module(args.eval)
    corpus = relevance.load_corpus(CORPUS)
    index = semantic.get_index()
    slugs = {
        "organisation": dict(Organisation.objects.values_list("pk", "slug")),
        "service": dict(Service.objects.values_list("pk", "slug")),
    }
    print(f"encoder {semantic.MODEL_ID}")
    for path in args.files or default_files(args.eval):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = [r for r in csv.DictReader(handle, delimiter="\t") if r.get("query")]
        scores = []
        for row in rows:
            found = index.search(semantic.query_vectors.get(row["query"]), list(slugs), 10)
            ranked = sorted(
                (
                    (score, kind, slugs[kind][pk])
                    for kind, items in found.items()
                    for pk, score in items.items()
                ),
                reverse=True,
            )[:10]
            grades = relevance.judgements(row["relevant"], corpus)
            scores.append(relevance.ndcg([(kind, slug) for _, kind, slug in ranked], grades, 10))
        name = path.relative_to(JUDGED) if path.is_relative_to(JUDGED) else path.name
        print(f"{name}\tqueries={len(rows)}\tsemantic-only nDCG@10={sum(scores) / len(scores):.3f}")


if __name__ == "__main__":
    main()
