"""Who may import whom (docs/adr/0011-content-types-and-import-floors.md).

The graph is built from the source with `ast`: every `import` and `from ... import` in
every project module, at module level and inside functions alike (a function-level
import is still a dependency, only a later one). Migrations are left out: they are
history, not the layout.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The project's configuration wires the apps together: it may import any of them.
CONFIGURATION = ("servicecentre.urls", "servicecentre.settings", "servicecentre.wsgi")


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in sorted(p for p in ROOT.iterdir() if (p / "__init__.py").exists()):
        for path in package.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(resolve(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = name.split(".")
                    if path.name != "__init__.py":
                        package = package[:-1]
                    package = package[: len(package) - node.level + 1]
                    base = ".".join([*package, base] if base else package)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in modules else resolve(base))
        graph[name] = {target for target in targets if target and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
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
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_module_and_function_level_imports():
    graph = import_graph()
    # Module level: a content app on the core.
    assert "servicecentre.models" in graph["finance_directory.models"]
    # Function level: search registers its directory view with the core inside ready().
    assert "servicecentre.models" in graph["search.apps"]
    # The check can fail: a made-up cycle is found.
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_project_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_core_imports_no_app_above_it():
    """The core (servicecentre, less the configuration) imports only itself: content apps,
    search, provenance and the rest depend on it, never the reverse."""
    upward = {
        module: sorted(t for t in targets if not t.startswith("servicecentre"))
        for module, targets in import_graph().items()
        if module.startswith("servicecentre") and not module.startswith(CONFIGURATION)
    }
    assert {module: targets for module, targets in upward.items() if targets} == {}


def test_content_apps_do_not_import_search():
    """Content apps own their data and know nothing of Elasticsearch."""
    content_apps = ("finance_directory", "market_info", "onestop", "abinet")
    reaching = {
        module: sorted(t for t in targets if t.startswith("search"))
        for module, targets in import_graph().items()
        if module.startswith(content_apps)
    }
    assert {module: targets for module, targets in reaching.items() if targets} == {}
