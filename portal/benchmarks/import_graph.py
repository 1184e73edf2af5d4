"""Print the shape of the import graph between the project's own modules.

Usage: python -m portal.benchmarks.import_graph [--list]

It reads the source with ``ast`` (nothing is imported) and counts, for the
layering issue: import cycles when imports inside functions count too, imports
inside functions (outside ``apps.py``, and how many carry a ``# noqa: PLC0415``
reason), and the largest modules. ``--list`` prints every deferred import and
the modules of each cycle. import-linter enforces the layers themselves
(``.importlinter``); this script only reports figures.
"""

import argparse
import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "directory", "faq", "locations", "search", "opendata")
SKIPPED_PARTS = {"migrations", "__pycache__"}


def project_modules():
    modules = {}
    for package in PACKAGES:
        base = ROOT / package
        if not base.is_dir():
            continue
        for path in base.rglob("*.py"):
            relative = path.relative_to(ROOT)
            if SKIPPED_PARTS & set(relative.parts):
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def resolve(name, modules):
    """The longest project module that ``name`` (a dotted import target) lies in."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imports_of(module, path, modules):
    """Yield (target module, line, deferred, has_reason) for every project import."""
    tree = ast.parse(path.read_text(), filename=str(path))
    lines = path.read_text().splitlines()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(node, deferred):
        for child in ast.iter_child_nodes(node):
            inside = deferred or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                names = []
                if isinstance(child, ast.Import):
                    names = [alias.name for alias in child.names]
                else:
                    base = child.module or ""
                    if child.level:
                        anchor = package.split(".")
                        anchor = anchor[: len(anchor) - (child.level - 1)]
                        base = ".".join(anchor + ([base] if base else []))
                    names = [f"{base}.{alias.name}" for alias in child.names] or [base]
                line = lines[child.lineno - 1]
                for name in names:
                    target = resolve(name, modules)
                    if target and target != module:
                        yield target, child.lineno, deferred, "noqa: PLC0415" in line
            yield from visit(child, inside)

    yield from visit(tree, False)


def strongly_connected(graph):
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = [0]

    def connect(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return components


@dataclass
class ImportGraph:
    modules: dict
    links: int = 0
    deferred: int = 0
    unexplained: list = field(default_factory=list)
    explained: list = field(default_factory=list)
    in_ready: list = field(default_factory=list)
    cycles: list = field(default_factory=list)
    sizes: list = field(default_factory=list)  # (lines, path), largest first


def measure() -> ImportGraph:
    modules = project_modules()
    result = ImportGraph(modules)
    graph = {module: set() for module in modules}
    seen = set()
    for module, path in sorted(modules.items()):
        for target, line, is_deferred, has_reason in imports_of(module, path, modules):
            graph[module].add(target)
            result.links += 1
            where = f"{path.relative_to(ROOT)}:{line} -> {target}"
            if is_deferred and where not in seen:
                seen.add(where)
                result.deferred += 1
                if path.name == "apps.py":
                    result.in_ready.append(where)
                elif has_reason:
                    result.explained.append(where)
                else:
                    result.unexplained.append(where)
    result.cycles = strongly_connected(graph)
    result.sizes = sorted(
        (
            (len(path.read_text().splitlines()), str(path.relative_to(ROOT)))
            for path in modules.values()
        ),
        reverse=True,
    )
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every finding")
    arguments = parser.parse_args(argv)
    graph = measure()

    print(f"project modules: {len(graph.modules)}")
    print(f"links between project modules (import statements): {graph.links}")
    print(f"imports inside functions (statement, target module): {graph.deferred}")
    print(f"  in apps.py (ready): {len(graph.in_ready)}")
    print(f"  elsewhere with a stated reason (noqa: PLC0415): {len(graph.explained)}")
    print(f"  elsewhere without a reason: {len(graph.unexplained)}")
    print(f"import cycles (counting imports inside functions): {len(graph.cycles)}")
    for cycle in graph.cycles:
        print(f"  cycle of {len(cycle)} modules")
    print("largest modules (lines):")
    for size, name in graph.sizes[:5]:
        print(f"  {size:5d} {name}")
    if arguments.list:
        for title, items in (
            ("without a reason", graph.unexplained),
            ("with a reason", graph.explained),
            ("in apps.py", graph.in_ready),
        ):
            print(f"\nimports inside functions {title}:")
            for item in items:
                print(f"  {item}")
        for cycle in graph.cycles:
            print("\ncycle:\n  " + "\n  ".join(cycle))
    return 0


if __name__ == "__main__":
    sys.exit(main())
