"""The judged query sets of search/benchmarks/judged/ are well-formed and judge real items.

Every slug a judgement names must exist in the sample corpus (portal/fixtures/sociale-kaart),
a theme or district must expand to at least one item (relevance.py stops on one that does
not), query ids never repeat, and the tune/holdout files are exactly the seeded split of
their kind's file.
"""

from collections import Counter
from pathlib import Path

import pytest

from search.benchmarks.judged import split
from search.benchmarks.judged.round3 import split as round3
from search.benchmarks.judged.round4 import check as round4
from search.benchmarks.judged.round5 import check as round5
from search.benchmarks.judged.round6 import check as round6

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "portal" / "fixtures" / "sociale-kaart"
JUDGED = ROOT / "search" / "benchmarks" / "judged"
EXTRA = ROOT / "search" / "benchmarks" / "queries-extra.tsv"
MINIMUM_PER_KIND = 20
MINIMUM_FOREIGN = 24
MINIMUM_PER_LANGUAGE = 6
FOREIGN_LANGUAGES = ("tr", "ar", "pl", "uk")
MINIMUM_TOTAL = 170


KNOWN_SPECS = split.known_specs(CORPUS)
SETS = {kind: split.read_rows(JUDGED / f"{kind}.tsv") for kind in split.KINDS}
# Later judged sets written before their round of tuning (`extra2-<kind>.tsv`, ids `x2-`);
# they are not split into halves but must be as well-formed as the split sets.
LATER_SETS = {path.name: split.read_rows(path) for path in sorted(JUDGED.glob("extra2-*.tsv"))}
# Round 3 (`round3/<kind>.tsv`, ids `r3-`): a blind set written after the first round was tuned
# on, split into its own halves; its holdout half is for reporting only.
ROUND3_SETS = round3.read_sets()
ROUND3_PER_KIND = 16
ROUND3_PER_LANGUAGE = 4
# Round 4 (`round4/<kind>-holdout.tsv`, ids `r4-`): a blind set for the final measurement only,
# not split (every query is held out).
ROUND4_SETS = round4.read_sets()
# Round 5 (`round5/<kind>-holdout.tsv`, ids `r5-`): a second blind set for the final
# measurement, not split, with its own plan of languages.
ROUND5_SETS = round5.read_sets()
# Round 6 (`round6/<kind>-holdout.tsv`, ids `r6-`): a third blind set for the final measurement,
# not split, with round 5's plan of languages.
ROUND6_SETS = round6.read_sets()


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
    all_sets = [
        *SETS.values(),
        *LATER_SETS.values(),
        *ROUND3_SETS.values(),
        *ROUND4_SETS.values(),
        *ROUND5_SETS.values(),
        *ROUND6_SETS.values(),
    ]
    ids = Counter(row["id"] for rows in all_sets for row in rows)
    assert not [i for i, n in ids.items() if n > 1]


def test_no_query_is_written_twice_or_copied_from_the_extra_set():
    all_sets = [
        *SETS.values(),
        *LATER_SETS.values(),
        *ROUND3_SETS.values(),
        *ROUND4_SETS.values(),
        *ROUND5_SETS.values(),
        *ROUND6_SETS.values(),
    ]
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


@pytest.mark.parametrize("kind", split.KINDS)
def test_every_round3_row_is_complete_and_judges_items_that_exist(kind):
    assert_rows_are_complete_and_judge_items_that_exist(ROUND3_SETS[kind], round3.id_prefix(kind))
    assert round3.row_problems(kind, ROUND3_SETS[kind], KNOWN_SPECS) == []


def test_the_round3_check_reports_a_slug_that_is_not_in_the_corpus():
    row = {"id": "r3-nam-99", "lang": "tr", "query": "x", "relevant": "organisation:nope"}
    problems = round3.row_problems("names", [row], KNOWN_SPECS)
    assert any("organisation:nope" in line for line in problems)
    assert any("lang" in line for line in problems)


def test_round3_has_the_planned_size_per_kind_and_language():
    for kind, rows in ROUND3_SETS.items():
        assert len(rows) == ROUND3_PER_KIND, kind
    per_language = Counter(row["id"].split("-")[2] for row in ROUND3_SETS["foreign"])
    assert per_language == dict.fromkeys(FOREIGN_LANGUAGES, ROUND3_PER_LANGUAGE)
    assert {row["lang"] for row in ROUND3_SETS["foreign"]} == {"nl"}
    assert Counter(row["lang"] for row in ROUND3_SETS["english"]) == {"en": 12, "nl": 4}


def test_round3_tune_and_holdout_are_its_seeded_split():
    expected = round3.split_sets(ROUND3_SETS)
    for stem, rows in expected.items():
        written = split.read_rows(JUDGED / "round3" / f"{stem}.tsv")
        assert written == rows, f"round3/{stem}.tsv: run the round3 split again"
    for kind, rows in ROUND3_SETS.items():
        tune = {row["id"] for row in expected[f"{kind}-tune"]}
        holdout = {row["id"] for row in expected[f"{kind}-holdout"]}
        assert not tune & holdout
        assert tune | holdout == {row["id"] for row in rows}
        assert len(tune) == len(holdout), kind
    foreign_holdout = Counter(row["id"].split("-")[2] for row in expected["foreign-holdout"])
    assert set(foreign_holdout.values()) == {ROUND3_PER_LANGUAGE // 2}
    all_ids = [row["id"] for half in split.HALVES for row in expected[f"all-{half}"]]
    assert sorted(all_ids) == sorted(row["id"] for rows in ROUND3_SETS.values() for row in rows)


# The blind rounds: their checker, rows and foreign-language plan (restated here on purpose).
BLIND_ROUNDS = {
    "round4": (round4, ROUND4_SETS, {"tr": 3, "pl": 3, "ar": 2, "uk": 2}),
    "round5": (round5, ROUND5_SETS, {"tr": 3, "pl": 2, "ar": 2, "uk": 3}),
    "round6": (round6, ROUND6_SETS, {"tr": 3, "pl": 2, "ar": 2, "uk": 3}),
}


@pytest.mark.parametrize("kind", split.KINDS)
@pytest.mark.parametrize("name", BLIND_ROUNDS)
def test_every_blind_round_row_is_complete_and_judges_items_that_exist(name, kind):
    module, sets, _plan = BLIND_ROUNDS[name]
    assert module.path_of(kind).is_file(), kind
    assert_rows_are_complete_and_judge_items_that_exist(
        sets[kind], round3.id_prefix(kind, module.ROUND)
    )


@pytest.mark.parametrize("name", BLIND_ROUNDS)
def test_a_blind_round_has_the_planned_size_per_kind_and_language(name):
    module, sets, plan = BLIND_ROUNDS[name]
    for kind, rows in sets.items():
        assert len(rows) == module.PER_KIND, kind
    assert Counter(row["id"].split("-")[2] for row in sets["foreign"]) == plan
    assert {row["lang"] for row in sets["foreign"]} == {"nl"}
    assert Counter(row["lang"] for row in sets["english"]) == {"en": 8, "nl": 2}
    for kind in set(split.KINDS) - {"english", "foreign"}:
        assert {row["lang"] for row in sets[kind]} == {"nl"}, kind
    assert module.problems(sets, KNOWN_SPECS) == []


def test_the_round4_check_reports_wrong_rows_sizes_and_languages():
    sets = {kind: list(rows) for kind, rows in ROUND4_SETS.items()}
    bad = {"id": "r3-for-de-09", "lang": "tr", "query": "x", "relevant": "organisation:nope"}
    sets["foreign"] = [*sets["foreign"][1:], bad]
    sets["names"] = sets["names"][:-1]
    problems = round4.problems(sets, KNOWN_SPECS)
    assert any("organisation:nope" in line for line in problems)
    assert any("does not start with r4-for-" in line for line in problems)
    assert any(line.startswith("names: 9 queries") for line in problems)
    assert any(line.startswith("foreign: languages") for line in problems)
    assert any(line.startswith("foreign: lang") for line in problems)


def test_the_round5_check_reports_wrong_rows_sizes_and_languages():
    sets = {kind: list(rows) for kind, rows in ROUND5_SETS.items()}
    bad = {"id": "r4-for-pl-09", "lang": "en", "query": " x", "relevant": "district:nowhere"}
    sets["foreign"] = [*sets["foreign"][1:], bad]
    sets["english"] = [{**row, "lang": "nl"} for row in sets["english"]]
    sets["multi"] = [*sets["multi"], sets["multi"][0]]
    problems = round5.problems(sets, KNOWN_SPECS)
    assert any("district:nowhere" in line for line in problems)
    assert any("does not start with r5-for-" in line for line in problems)
    assert any("empty query or surrounding spaces" in line for line in problems)
    assert any(line.startswith("english: lang") for line in problems)
    assert any(line.startswith("foreign: languages") for line in problems)
    assert any(line.startswith("foreign: lang") for line in problems)
    assert any(line.startswith("multi: 11 queries") for line in problems)
    assert any("is used twice" in line for line in problems)


def test_round5_is_checked_against_its_own_plan_not_round4s():
    # Round 4's defaults (ids r4-, 3 Polish and 2 Ukrainian queries) reject round 5's rows.
    problems = round4.problems(ROUND5_SETS, KNOWN_SPECS)
    assert any("does not start with r4-" in line for line in problems)
    assert any(line.startswith("foreign: languages") for line in problems)


def test_the_round5_check_exits_1_on_a_problem_and_0_without(tmp_path, capsys):
    for kind in split.KINDS:
        split.write_rows(round4.path_of(kind, tmp_path), ROUND5_SETS[kind])
    assert round4.report(tmp_path, "round 5", round5.problems(ROUND5_SETS, KNOWN_SPECS)) == 0
    assert "all: 80" in capsys.readouterr().out
    round4.path_of("names", tmp_path).unlink()
    sets = round4.read_sets(tmp_path)
    assert round4.report(tmp_path, "round 5", round5.problems(sets, KNOWN_SPECS)) == 1
    err = capsys.readouterr().err
    assert "missing file names-holdout.tsv" in err
    assert "names: 0 queries, planned 10" in err


def test_the_round6_check_reports_rows_of_another_round_and_a_missing_kind():
    sets = {kind: list(rows) for kind, rows in ROUND6_SETS.items()}
    sets["names"] = [{**row, "id": row["id"].replace("r6-", "r5-")} for row in sets["names"]]
    sets["places"] = []
    problems = round6.problems(sets, KNOWN_SPECS)
    assert any("does not start with r6-nam-" in line for line in problems)
    assert any(line.startswith("places: 0 queries, planned 10") for line in problems)
    # Round 5's checker rejects round 6's ids, so each round is checked with its own tag.
    assert any(
        "does not start with r5-" in line for line in round5.problems(ROUND6_SETS, KNOWN_SPECS)
    )


def test_the_round6_check_exits_1_on_a_problem_and_0_without(tmp_path, capsys):
    for kind in split.KINDS:
        split.write_rows(round4.path_of(kind, tmp_path), ROUND6_SETS[kind])
    assert round4.report(tmp_path, "round 6", round6.problems(ROUND6_SETS, KNOWN_SPECS)) == 0
    assert "all: 80" in capsys.readouterr().out
    bad = {**ROUND6_SETS["multi"][0], "relevant": "theme:nope"}
    sets = {**ROUND6_SETS, "multi": [bad, *ROUND6_SETS["multi"][1:]]}
    assert round4.report(tmp_path, "round 6", round6.problems(sets, KNOWN_SPECS)) == 1
    assert "not in the sample corpus: theme:nope" in capsys.readouterr().err
