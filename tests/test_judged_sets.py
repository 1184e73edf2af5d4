"""The judged query sets of search/benchmarks/judged/ are well-formed and judge real items.

Every slug a judgement names must exist in the sample corpus (portal/fixtures/sociale-kaart),
a theme or district must expand to at least one item (relevance.py stops on one that does
not), query ids never repeat, and the tune/holdout files are exactly the seeded split of
their kind's file.
"""

import csv
from collections import Counter
from pathlib import Path

import pytest

from search.benchmarks.judged import split

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "portal" / "fixtures" / "sociale-kaart"
JUDGED = ROOT / "search" / "benchmarks" / "judged"
EXTRA = ROOT / "search" / "benchmarks" / "queries-extra.tsv"
ITEM_FILES = {
    "organisation": "organisations.csv",
    "service": "services.csv",
    "location": "locations.csv",
    "faq": "faqs.csv",
}
MINIMUM_PER_KIND = 20
MINIMUM_FOREIGN = 24
MINIMUM_PER_LANGUAGE = 6
FOREIGN_LANGUAGES = ("tr", "ar", "pl", "uk")
MINIMUM_TOTAL = 170


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def corpus_specs() -> set[str]:
    """Every `type:slug` a judgement may name, with themes and districts only when they
    expand to items the way relevance.py expands them."""
    specs = set()
    for kind, filename in ITEM_FILES.items():
        specs.update(f"{kind}:{row['slug']}" for row in csv_rows(CORPUS / filename))
    themes = {row["slug"] for row in csv_rows(CORPUS / "themes.csv")}
    for filename in ("organisations.csv", "services.csv"):
        for row in csv_rows(CORPUS / filename):
            specs.update(f"theme:{t}" for t in row["themes"].split(";") if t in themes)
    districts = {row["slug"] for row in csv_rows(CORPUS / "districts.csv")}
    specs.update(
        f"district:{row['district']}"
        for row in csv_rows(CORPUS / "locations.csv")
        if row["district"] in districts
    )
    return specs


KNOWN_SPECS = corpus_specs()
SETS = {kind: split.read_rows(JUDGED / f"{kind}.tsv") for kind in split.KINDS}
# Later judged sets written before their round of tuning (`extra2-<kind>.tsv`, ids `x2-`);
# they are not split into halves but must be as well-formed as the split sets.
LATER_SETS = {path.name: split.read_rows(path) for path in sorted(JUDGED.glob("extra2-*.tsv"))}


def test_every_kind_has_a_file_with_the_relevance_header():
    for kind in split.KINDS:
        with (JUDGED / f"{kind}.tsv").open(encoding="utf-8") as fh:
            assert fh.readline().rstrip("\n").split("\t") == split.HEADER, kind


def assert_rows_are_complete_and_judge_items_that_exist(rows, id_prefix):
    for row in rows:
        assert row["id"].startswith(id_prefix), row["id"]
        assert row["lang"] in {"nl", "en"}, f"{row['id']}: the API accepts only nl and en"
        assert row["query"].strip() == row["query"] and row["query"], row["id"]
        specs = [s.strip() for s in row["relevant"].split(",")]
        assert specs and all(specs), f"{row['id']}: empty judgement"
        unknown = [s for s in specs if s not in KNOWN_SPECS]
        assert not unknown, f"{row['id']}: not in the corpus: {unknown}"
        assert len(specs) == len(set(specs)), f"{row['id']}: a spec is repeated"


@pytest.mark.parametrize("kind", split.KINDS)
def test_every_row_is_complete_and_judges_items_that_exist(kind):
    assert_rows_are_complete_and_judge_items_that_exist(SETS[kind], f"{split.KINDS[kind]}-")


def test_the_later_sets_exist_with_the_relevance_header():
    assert len(LATER_SETS) >= 3
    for name in LATER_SETS:
        with (JUDGED / name).open(encoding="utf-8") as fh:
            assert fh.readline().rstrip("\n").split("\t") == split.HEADER, name


@pytest.mark.parametrize("name", sorted(LATER_SETS))
def test_every_row_of_a_later_set_is_complete_and_judges_items_that_exist(name):
    kind = name.removeprefix("extra2-").removesuffix(".tsv")
    assert kind in split.KINDS, name
    assert_rows_are_complete_and_judge_items_that_exist(
        LATER_SETS[name], f"x2-{split.KINDS[kind]}-"
    )


def test_query_ids_are_unique_across_all_sets():
    all_sets = [*SETS.values(), *LATER_SETS.values()]
    ids = Counter(row["id"] for rows in all_sets for row in rows)
    assert not [i for i, n in ids.items() if n > 1]


def test_no_query_is_written_twice_or_copied_from_the_extra_set():
    all_sets = [*SETS.values(), *LATER_SETS.values()]
    queries = Counter(row["query"].lower() for rows in all_sets for row in rows)
    assert not [q for q, n in queries.items() if n > 1]
    extra = {
        line.split("\t")[2].lower()
        for line in EXTRA.read_text(encoding="utf-8").splitlines()[1:]
        if line and not line.startswith("#")
    }
    assert not extra & set(queries)


def test_each_kind_is_large_enough():
    for kind, rows in SETS.items():
        minimum = MINIMUM_FOREIGN if kind == "foreign" else MINIMUM_PER_KIND
        assert len(rows) >= minimum, kind
    per_language = Counter(row["id"].split("-")[1] for row in SETS["foreign"])
    for language in FOREIGN_LANGUAGES:
        assert per_language[language] >= MINIMUM_PER_LANGUAGE, language
    assert sum(len(rows) for rows in SETS.values()) >= MINIMUM_TOTAL


@pytest.mark.parametrize("kind", split.KINDS)
def test_tune_and_holdout_are_the_seeded_split(kind):
    expected = split.split_rows(kind, SETS[kind])
    for half in split.HALVES:
        written = split.read_rows(JUDGED / f"{kind}-{half}.tsv")
        assert written == expected[half], f"{kind}-{half}.tsv: run split.py again"
    tune = {row["id"] for row in expected["tune"]}
    holdout = {row["id"] for row in expected["holdout"]}
    assert not tune & holdout
    assert tune | holdout == {row["id"] for row in SETS[kind]}
    assert abs(len(tune) - len(holdout)) <= len({split.stratum(i) for i in tune | holdout})
