"""No import cycles in ``course_utils``, counting every import a module can run.

The graph is read from the source with :mod:`ast` (``ast.walk``), so an import
inside a function counts the same as one at the top: a deferred import only moves
a cycle to run time, where it fails on whichever call comes first.

What makes an edge ``A -> B``:

* ``import course_utils.x.y`` and ``from course_utils.x import y``: ``course_utils.x.y``
  when ``y`` is a module, else ``course_utils.x`` (the module, or the package's ``__init__``);
  relative imports are resolved the same way. A package's ``__init__`` importing its
  submodules counts.
* ``importlib.import_module(...)`` / ``__import__(...)``: a literal names its module;
  an f-string names every module under its literal prefix; a name (a registry dict)
  names every ``course_utils`` module spelled as a string literal in that file.
* Imports under ``if TYPE_CHECKING:`` count too. They do not run, but they are a
  dependency all the same: a type-only cycle is two modules that each need the other
  to be understood, and ``TYPE_CHECKING`` must not become a place to hide a cycle.

The implicit edge from a submodule to its own parent package is left out: Python
starts a package's ``__init__`` before any of its submodules, so that edge can never
be the one that finds a half-initialised module (an explicit
``from course_utils.pkg import name`` inside the package still counts).

``python tests/test_import_graph.py`` prints the cycles found (strongly connected
components and elementary cycles), for reports.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = "course_utils"
IMPORT_FUNCTIONS = {"import_module", "__import__"}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    text: str

    def where(self) -> str:
        path = module_path(self.source).relative_to(ROOT)
        return f"{path}:{self.line}: {self.text}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@lru_cache(maxsize=1)
def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted((SRC / PACKAGE).rglob("*.py"))}


def module_path(name: str) -> Path:
    return all_modules()[name]


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _line_text(lines: list[str], node: ast.AST) -> str:
    end = getattr(node, "end_lineno", node.lineno)
    return " ".join(line.strip() for line in lines[node.lineno - 1:end])


def _resolve_base(node: ast.ImportFrom, name: str, is_package: bool) -> str:
    """The absolute module of ``from <base> import ...`` (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = name.split(".") if is_package else name.split(".")[:-1]
    package = package[:len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def _nearest_module(dotted: str, modules) -> str | None:
    """``dotted`` if it is a module, else its longest prefix that is one."""
    parts = dotted.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def _is_import_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in IMPORT_FUNCTIONS


def _dynamic_targets(call: ast.Call, tree: ast.AST, modules, own: str) -> set[str]:
    """The course modules an ``import_module``/``__import__`` call can load."""
    if not call.args:
        return set()
    arg = call.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        found = _nearest_module(arg.value, modules)
        return {found} if found else set()
    if isinstance(arg, ast.JoinedStr):
        prefix = arg.values[0].value if arg.values and isinstance(arg.values[0], ast.Constant) else ""
        return {module for module in modules if module.startswith(prefix)} if prefix.startswith(PACKAGE) else set()
    # A computed name: assume it may be any course module named as a literal in this file
    # (but not the file itself, which may name itself to start a subprocess).
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in modules} - {own}


def imports_of(name: str, path: Path, modules) -> list[Edge]:
    """Every edge out of module ``name`` (the file at ``path``), wherever its import statement sits."""
    return imports_in(name, _is_package(path), path.read_text(encoding="utf-8"), modules)


def imports_in(name: str, is_package: bool, source: str, modules) -> list[Edge]:
    lines = source.splitlines()
    tree = ast.parse(source)
    edges: list[Edge] = []

    def add(target: str | None, node: ast.AST) -> None:
        edge = Edge(name, target, node.lineno, _line_text(lines, node)) if target else None
        if edge is not None and edge not in edges:  # one edge per line and target, however many names
            edges.append(edge)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    add(_nearest_module(alias.name, modules), node)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_base(node, name, is_package)
            if base.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                add(submodule if submodule in modules else _nearest_module(base, modules), node)
        elif _is_import_call(node):
            for target in sorted(_dynamic_targets(node, tree, modules, name)):
                add(target, node)
    return edges


@lru_cache(maxsize=1)
def import_graph() -> dict[str, list[Edge]]:
    modules = all_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def strongly_connected(graph: dict[str, list[Edge]]) -> list[list[str]]:
    """Tarjan's components, each sorted; iterative so deep chains cannot hit the recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted({edge.target for edge in graph[root]})))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted({edge.target for edge in graph[nxt]}))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def cyclic_components(graph: dict[str, list[Edge]]) -> list[list[str]]:
    """Components with more than one module, or one module that imports itself."""
    return sorted(component for component in strongly_connected(graph)
                  if len(component) > 1 or any(edge.target == component[0] for edge in graph[component[0]]))


def elementary_cycles(graph: dict[str, list[Edge]], component: list[str], limit: int = 10_000) -> list[list[str]]:
    """The simple cycles inside one component, each starting at its smallest module (at most ``limit``)."""
    members = set(component)
    succ = {node: sorted({edge.target for edge in graph[node]} & members) for node in component}
    cycles: list[list[str]] = []
    for start in component:
        path = [start]

        def walk(node: str) -> None:
            for nxt in succ[node]:
                if len(cycles) >= limit:
                    return
                if nxt == start:
                    cycles.append(list(path))
                elif nxt > start and nxt not in path:
                    path.append(nxt)
                    walk(nxt)
                    path.pop()

        walk(start)
    return cycles


def describe(graph: dict[str, list[Edge]], components: list[list[str]]) -> str:
    out = []
    for component in components:
        members = set(component)
        out.append("cycle among: " + ", ".join(component))
        for name in component:
            out += [f"    {edge.where()}  [-> {edge.target}]" for edge in graph[name] if edge.target in members]
    return "\n".join(out)


# --- tests -----------------------------------------------------------------------------------


def test_the_graph_sees_imports_everywhere():
    """The reader finds imports in functions, relative and dynamic ones (so a clean result means something)."""
    modules = {"course_utils", "course_utils.pkg", "course_utils.pkg.a", "course_utils.pkg.b", "course_utils.c"}
    sample = '''
from typing import TYPE_CHECKING
import importlib
if TYPE_CHECKING:
    from course_utils.c import Thing
def f():
    from . import b
    from .b import helper
    return importlib.import_module(f"course_utils.pkg.{name}")
'''
    edges = imports_in("course_utils.pkg.a", False, sample, modules)
    assert sorted((edge.line, edge.target) for edge in edges) == [
        (5, "course_utils.c"), (7, "course_utils.pkg.b"), (8, "course_utils.pkg.b"),
        (9, "course_utils.pkg.a"), (9, "course_utils.pkg.b")]
    assert edges[0].text.startswith("from ")
    package_edges = imports_in("course_utils.pkg", True, "from . import a\nfrom .b import x\n", modules)
    assert [edge.target for edge in package_edges] == ["course_utils.pkg.a", "course_utils.pkg.b"]
    registry = 'import importlib\nNAMES = {"c": "course_utils.c"}\nimportlib.import_module(NAMES[key])\n'
    assert [edge.target for edge in imports_in("course_utils.pkg.a", False, registry, modules)] == ["course_utils.c"]


def test_cycle_finder_finds_cycles_and_self_loops():
    def edges(pairs):
        graph = {node: [] for pair in pairs for node in pair}
        for source, target in pairs:
            graph[source].append(Edge(source, target, 1, ""))
        return graph

    graph = edges([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "e"), ("b", "a")])
    assert cyclic_components(graph) == [["a", "b", "c"], ["e"]]
    assert elementary_cycles(graph, ["a", "b", "c"]) == [["a", "b"], ["a", "b", "c"]]


def test_every_module_is_read():
    graph = import_graph()
    assert "course_utils.exercises.checks" in graph and "course_utils.quiz" in graph
    edges = {(edge.source, edge.target) for found in graph.values() for edge in found}
    assert ("course_utils.quiz", "course_utils.quiz.bank") in edges  # a package __init__ importing a submodule


def test_no_import_cycles():
    graph = import_graph()
    components = cyclic_components(graph)
    assert not components, f"{len(components)} import cycle(s):\n" + describe(graph, components)


def test_exercises_utils_imports_nothing_from_the_course():
    """nbgrader's rule for ``utils.py``: it stands alone, so it imports no course module."""
    name = "course_utils.exercises.utils"
    path = module_path(name)
    edges = imports_of(name, path, all_modules())
    assert not edges, "\n".join(edge.where() for edge in edges)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level]
    assert not relative, f"relative imports at lines {relative}"


if __name__ == "__main__":
    graph = import_graph()
    components = cyclic_components(graph)
    cycles = [cycle for component in components for cycle in elementary_cycles(graph, component)]
    print(f"modules: {len(graph)}, edges: {sum(len(set(e.target for e in v)) for v in graph.values())}")
    print(f"cyclic strongly connected components: {len(components)}")
    print(f"elementary cycles: {len(cycles)}")
    for cycle in cycles:
        print("  " + " -> ".join(cycle + cycle[:1]))
    if components:
        print(describe(graph, components))
    sys.exit(1 if components else 0)
