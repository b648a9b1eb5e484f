"""No import cycle among the project's modules, counting imports inside functions too.

A cycle hidden in a function (`from privacy_terms.cli import run_check` inside a command) works
until the import order changes; the command line used to have one (cli -> commands -> site_cli
-> cli). Importing `a.b.c` also runs `a/__init__.py` and `a/b/__init__.py`, so a package's
`__init__` that imports its own submodules counts as a cycle too.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

Graph = dict[str, set[str]]


def module_name(path: Path, top: Path) -> str:
    parts = list(path.relative_to(top.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def ancestors(name: str) -> list[str]:
    """`a.b.c` -> [`a`, `a.b`]: the packages that run before the module itself."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def import_graph(package: Path) -> Graph:
    """Every module of `package` and the project modules it imports, anywhere in its code."""
    files = {module_name(path, package): path for path in sorted(package.rglob("*.py"))}
    graph: Graph = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set(ancestors(name))  # importing a module runs its packages first
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from .x import y, from .. import z
                    here = name.split(".") if is_package else name.split(".")[:-1]
                    here = here[: len(here) - (node.level - 1)]
                    base = ".".join([*here, base] if base else here)
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        edges: set[str] = set()
        for target in targets:
            if target in files:
                edges.add(target)
                edges.update(a for a in ancestors(target) if a in files)
        edges.discard(name)
        graph[name] = edges
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_among_privacy_terms_modules() -> None:
    graph = import_graph(ROOT / "privacy_terms")
    assert "privacy_terms.cli" in graph and "privacy_terms.commands.build" in graph
    assert cycles(graph) == []


def test_no_command_module_imports_the_entry_point() -> None:
    graph = import_graph(ROOT / "privacy_terms")
    importers = sorted(name for name, edges in graph.items() if "privacy_terms.cli" in edges)
    assert importers == []


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_detector_finds_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    """The shape the command line had: cli -> commands -> site_cli -> (inside a function) cli."""
    package = tmp_path / "pkg"
    write(package / "__init__.py", "")
    write(package / "cli.py", "from pkg import commands\n")
    write(package / "commands.py", "from pkg import site_cli\n")
    write(package / "site_cli.py", "def run():\n    from pkg.cli import main\n    return main\n")
    write(package / "leaf.py", "import os\n")
    assert cycles(import_graph(package)) == [["pkg.cli", "pkg.commands", "pkg.site_cli"]]


def test_the_detector_counts_a_package_init_that_imports_its_submodules(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    write(package / "__init__.py", "")
    write(package / "sub" / "__init__.py", "from . import a\n")
    write(package / "sub" / "a.py", "from ..other import x\n")
    write(package / "other.py", "x = 1\n")
    graph = import_graph(package)
    assert graph["pkg.sub.a"] == {"pkg", "pkg.sub", "pkg.other"}
    assert cycles(graph) == [["pkg.sub", "pkg.sub.a"]]


STAGES = {"utils": 1, "data": 2, "website": 3, "record": 3, "commands": 4}
"""The package's folders in the order they build on each other; a module imports only from its own
stage or an earlier one (and `website` and `record`, side by side, not from each other)."""


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None
    return "commands" if parts[1] == "cli" else parts[1]  # the entry point of the command line


def upward_imports(graph: Graph) -> list[str]:
    found = []
    for name, edges in sorted(graph.items()):
        here = stage_of(name)
        for target in sorted(edges):
            there = stage_of(target)
            if here is None or there is None or here == there:
                continue
            if STAGES[there] >= STAGES[here]:
                found.append(f"{name} -> {target}")
    return found


def test_every_module_lives_in_a_stage_and_imports_no_later_stage() -> None:
    package = ROOT / "privacy_terms"
    loose = sorted(p.name for p in package.glob("*.py") if p.stem not in {"__init__", "cli"})
    assert loose == []  # a new module goes into the folder of its stage
    folders = sorted(p.name for p in package.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == sorted(STAGES)
    assert upward_imports(import_graph(package)) == []


def test_the_stage_rule_finds_an_import_upwards(tmp_path: Path) -> None:
    package = tmp_path / "privacy_terms"
    write(package / "__init__.py", "")
    write(package / "data" / "__init__.py", "")
    write(package / "data" / "model.py", "from privacy_terms.website import pages\n")
    write(package / "website" / "__init__.py", "")
    write(package / "website" / "pages.py", "from privacy_terms.record import diff\n")
    write(package / "record" / "__init__.py", "")
    write(package / "record" / "diff.py", "from privacy_terms.data import model\n")
    assert upward_imports(import_graph(package)) == [
        "privacy_terms.data.model -> privacy_terms.website",
        "privacy_terms.data.model -> privacy_terms.website.pages",
        "privacy_terms.website.pages -> privacy_terms.record",
        "privacy_terms.website.pages -> privacy_terms.record.diff",
    ]
