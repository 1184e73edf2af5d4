"""search/benchmarks/relevance_sets.py picks and joins the judged files run_relevance.sh scores.

relevance.py reads a TSV with one header; a file joined from several must hold every query
of each once, under one header, whatever columns each file had.
"""

import csv

from search.benchmarks.relevance_sets import HERE, combine, judged_files, judged_folders, sets

HEADER = "id\tlang\tquery\trelevant"


def write(path, header, *rows):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_groups_leave_out_the_source_of_split_halves(tmp_path):
    write(tmp_path / "names.tsv", HEADER)
    write(tmp_path / "names-tune.tsv", HEADER)
    write(tmp_path / "names-holdout.tsv", HEADER)
    write(tmp_path / "places-tune.tsv", HEADER)
    write(tmp_path / "extra2-english.tsv", HEADER)
    write(tmp_path / "all-tune.tsv", HEADER)  # the folder's own join: scored as the combined line
    write(tmp_path / "notes.md", "not a set")
    groups = judged_files(tmp_path)
    assert [p.name for p in groups["tune"]] == ["names-tune.tsv", "places-tune.tsv"]
    assert [p.name for p in groups["holdout"]] == ["names-holdout.tsv"]
    assert [p.name for p in groups["other"]] == ["extra2-english.tsv"]


def test_a_missing_folder_has_no_sets(tmp_path):
    assert judged_files(tmp_path / "round3") == {"tune": [], "holdout": [], "other": []}


def test_combined_file_has_one_header_and_every_query(tmp_path):
    first = write(
        tmp_path / "a.tsv",
        HEADER + "\tnote",
        "a-1\tnl\tschulden\ttheme:geldzaken\tdebt",
        "# a comment line",
        "a-2\ten\tdebt help\ttheme:geldzaken\t",
    )
    second = write(tmp_path / "b.tsv", HEADER, "b-1\tnl\teenzaam\ttheme:eenzaamheid")
    joined = combine([first, second], tmp_path / "all.tsv")
    lines = joined.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER + "\tnote"
    assert sum(line.startswith("id\t") for line in lines) == 1
    with joined.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert [r["id"] for r in rows] == ["a-1", "a-2", "b-1"]
    assert rows[2]["query"] == "eenzaam" and rows[2]["note"] == ""


def test_judged_folders_are_the_first_round_then_every_round_in_order(tmp_path):
    for name in ("round4", "round10", "round3", "roundup"):
        (tmp_path / name).mkdir()
    write(tmp_path / "round5.tsv", HEADER)  # a file, not a round folder
    folders = judged_folders(tmp_path)
    assert [f.name for f in folders] == [tmp_path.name, "round3", "round4", "round10"]


def test_every_round_of_the_repository_is_scored_after_the_first(tmp_path):
    dev = write(tmp_path / "queries-dev.tsv", HEADER)
    labels = [name for name, _ in sets(dev, tmp_path)]
    rounds = sorted(p.name for p in (HERE / "judged").glob("round*") if p.is_dir())
    assert {"round4", "round5", "round6"} <= set(rounds)
    for name in rounds:
        assert f"judged/{name}/sentences-holdout.tsv" in labels, name
        assert f"judged/{name}/all-holdout.tsv" in labels, name
    assert labels.index("judged/all-holdout.tsv") < labels.index("judged/round3/all-holdout.tsv")
    assert labels.index("judged/round3/all-holdout.tsv") < labels.index(
        "judged/round4/all-holdout.tsv"
    )
    assert labels.index("judged/round4/all-holdout.tsv") < labels.index(
        "judged/round5/all-holdout.tsv"
    )
    assert labels.index("judged/round5/all-holdout.tsv") < labels.index(
        "judged/round6/all-holdout.tsv"
    )
