"""Measure djstripe's own import graph from the source, with ``ast`` (nothing is imported).

Prints: modules and lines, imports of the package's own modules (at module level and
inside functions: the lazy ones), the strongly connected components of the graph with
the lazy imports counted (a lazy import still makes a cycle, only a hidden one) and
without them, and ``try/except ImportError`` around the package's own modules.

    python scripts/import_graph.py [--package djstripe] [--json] [--lazy]

``--lazy`` lists every remaining lazy import with the line above it (its reason).
Imports under ``if TYPE_CHECKING:`` are not counted: they never run.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Edge:
    source: str
    target: str
    line: int
    lazy: bool
    guarded: bool  # inside try/except ImportError


@dataclass
class Graph:
    modules: dict[str, Path] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def module_name(path: Path, base: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def find_modules(package: str) -> dict[str, Path]:
    base = ROOT
    found = {}
    for path in sorted((base / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        found[module_name(path, base)] = path
    return found


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def catches_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for name in names:
            if isinstance(name, ast.Name) and name.id in {"ImportError", "ModuleNotFoundError"}:
                return True
    return False


class Collector(ast.NodeVisitor):
    """Walk one module, noting every import with whether it runs lazily or guarded."""

    def __init__(self, module: str, is_package: bool, known: dict[str, Path]) -> None:
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.known = known
        self.depth = 0  # function nesting
        self.guard = 0  # try/except ImportError nesting
        self.edges: list[Edge] = []

    def visit_FunctionDef(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.visit_FunctionDef(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit_FunctionDef(node)

    def visit_If(self, node: ast.If) -> None:
        if is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Try(self, node: ast.Try) -> None:
        guarded = catches_import_error(node)
        self.guard += guarded
        for child in node.body:
            self.visit(child)
        self.guard -= guarded
        for child in [*node.handlers, *node.orelse, *node.finalbody]:
            self.visit(child)

    def add(self, target: str | None, line: int) -> None:
        if target is None:
            return
        self.edges.append(Edge(self.module, target, line, self.depth > 0, self.guard > 0))

    def resolve(self, dotted: str) -> str | None:
        """The deepest known module that ``dotted`` names (a name inside a module -> the module)."""
        while dotted:
            if dotted in self.known:
                return dotted
            dotted = dotted.rpartition(".")[0]
        return None

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.add(self.resolve(alias.name), node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            prefix = f"{base}.{node.module}" if node.module else base
        else:
            prefix = node.module or ""
        for alias in node.names:
            target = self.resolve(f"{prefix}.{alias.name}")
            self.add(target if target != self.module else self.resolve(prefix), node.lineno)


def build(package: str) -> Graph:
    graph = Graph(modules=find_modules(package))
    for name, path in graph.modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        collector = Collector(name, path.name == "__init__.py", graph.modules)
        collector.visit(tree)
        graph.edges.extend(e for e in collector.edges if e.target != name)
    return graph


def components(nodes: list[str], edges: list[Edge]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (no recursion limit)."""
    succ: dict[str, set[str]] = {n: set() for n in nodes}
    for e in edges:
        succ[e.source].add(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(succ[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(succ[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part.append(member)
                        if member == node:
                            break
                    if len(part) > 1:
                        found.append(sorted(part))
    return sorted(found, key=len, reverse=True)


def lines_of(paths: list[Path]) -> int:
    return sum(len(p.read_text().splitlines()) for p in paths)


def report(package: str) -> dict[str, object]:
    graph = build(package)
    nodes = sorted(graph.modules)
    lazy = [e for e in graph.edges if e.lazy]
    with_lazy = components(nodes, graph.edges)
    without_lazy = components(nodes, [e for e in graph.edges if not e.lazy])
    return {
        "modules": len(nodes),
        "lines": lines_of(list(graph.modules.values())),
        "imports": len(graph.edges),
        "lazy_imports": len(lazy),
        "guarded_imports": sum(e.guarded for e in graph.edges),
        "modules_in_cycles": sum(len(c) for c in with_lazy),
        "largest_cycle": len(with_lazy[0]) if with_lazy else 0,
        "cycles": len(with_lazy),
        "modules_in_cycles_module_level": sum(len(c) for c in without_lazy),
        "cycle_members": with_lazy,
    }


def print_lazy(package: str) -> None:
    graph = build(package)
    for e in sorted((e for e in graph.edges if e.lazy), key=lambda e: (e.source, e.line)):
        path = graph.modules[e.source]
        above = path.read_text().splitlines()[e.line - 2].strip()
        print(f"{path.relative_to(ROOT)}:{e.line}: -> {e.target}    [{above}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="djstripe")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--lazy", action="store_true", help="list every lazy import")
    args = parser.parse_args(argv)
    if args.lazy:
        print_lazy(args.package)
        return 0
    figures = report(args.package)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    members = figures.pop("cycle_members")
    for key, value in figures.items():
        print(f"{key:32} {value}")
    for part in members:  # type: ignore[attr-defined]
        print(f"cycle of {len(part)}: {' '.join(part)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
