"""The layering figures of issue 12 stay met (ARCHITECTURE.md); import-linter checks the
layers themselves in `make test`."""

import pytest

from portal.benchmarks import import_graph

MAX_MODULE_LINES = 500


@pytest.fixture(scope="module")
def graph():
    return import_graph.measure()


def test_no_import_cycle_even_through_imports_inside_functions(graph):
    assert graph.cycles == []


def test_imports_inside_functions_only_in_ready_or_with_a_reason(graph):
    assert graph.unexplained == []


def test_no_module_is_longer_than_the_limit(graph):
    too_long = [(lines, path) for lines, path in graph.sizes if lines > MAX_MODULE_LINES]
    assert too_long == []


def test_the_measure_finds_a_cycle_and_an_unexplained_inner_import(tmp_path, monkeypatch):
    package = tmp_path / "portal"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "first.py").write_text("from portal import second\n")
    (package / "second.py").write_text("def late():\n    from portal import first\n")
    monkeypatch.setattr(import_graph, "ROOT", tmp_path)
    found = import_graph.measure()
    assert found.cycles == [["portal.first", "portal.second"]]
    assert found.unexplained == ["portal/second.py:2 -> portal.first"]
