"""The layering rule of docs/architecture.md, read from the source's import statements.

- Only store/ talks to a database: no other module imports sqlmodel, sqlalchemy, sqlite3 or
  psycopg (one named exception below, a private cache file that is not the desk's database).
- Imports point down: cli → services → store and the domain libraries; the domain libraries
  never import cli, services or store; store never imports services or cli; the command line
  reaches the database only through services.
- No import cycles between our modules, counting imports made inside functions (a cycle hidden in
  a function is still a cycle for the next engineer).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "translate_flow"
DATABASE_LIBRARIES = ("sqlmodel", "sqlalchemy", "sqlite3", "psycopg", "psycopg2")
DOMAIN = {"text", "terms", "qa", "mt", "tm", "diff", "workflow", "formats"}

# terms/lemma_store.py keeps the hunspell analyser's answers in a small SQLite file in the user's
# cache directory: a private key-value cache of a domain library, not the desk's database.
SQL_EXCEPTIONS = {"translate_flow.terms.lemma_store"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """Every module named in an import statement anywhere in the module (functions included)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            named.add(module)
            named.update(f"{module}.{alias.name}" for alias in node.names)
    return named


def _ours(imported: str) -> str | None:
    while imported and imported not in MODULES:
        imported = imported.rpartition(".")[0]
    return imported or None


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name in MODULES:
        targets = {_ours(i) for i in _imports(name) if i.startswith("translate_flow")}
        graph[name] = {t for t in targets if t and t != name and not name.startswith(t + ".")}
    return graph


def _layer(name: str) -> str:
    if name == "translate_flow.__main__":
        return "entry"  # `python -m translate_flow` starts the command line
    parts = name.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and name in _packages()) else "top"


def _packages() -> set[str]:
    return {n for n, p in MODULES.items() if p.name == "__init__.py"}


def sql_offenders() -> list[str]:
    offenders = []
    for name in sorted(MODULES):
        if _layer(name) == "store" or name in SQL_EXCEPTIONS:
            continue
        used = {i.split(".")[0] for i in _imports(name)} & set(DATABASE_LIBRARIES)
        if used:
            offenders.append(f"{name} imports {', '.join(sorted(used))}")
    return offenders


def test_only_store_imports_database_libraries():
    assert sql_offenders() == []


FORBIDDEN = {
    **{layer: {"cli", "services", "store"} for layer in DOMAIN},
    "store": {"cli", "services"},
    "services": {"cli"},
    "cli": {"store"},
    "top": {"cli", "services", "store"} | DOMAIN,
}


# What the command line may take from the domain libraries directly: rendering only (diff spans
# drawn in colour or markers, text made safe for a terminal, a concept change described, the
# term types a table shows). Everything else it reaches through a service.
CLI_RENDERING = {
    "translate_flow.diff.spans",
    "translate_flow.text.controls",
    "translate_flow.terms.editing",
    "translate_flow.terms.model",
}


def cli_domain_offenders() -> list[str]:
    graph = _graph()
    return [
        f"{name} -> {target}"
        for name in sorted(graph)
        if _layer(name) == "cli"
        for target in sorted(graph[name])
        if _layer(target) in DOMAIN and target not in CLI_RENDERING
    ]


def test_the_command_line_uses_the_domain_only_to_render():
    assert cli_domain_offenders() == []


def layer_offenders() -> list[str]:
    graph = _graph()
    return [
        f"{name} -> {target}"
        for name in sorted(graph)
        if _layer(name) in FORBIDDEN
        for target in sorted(graph[name])
        if _layer(target) in FORBIDDEN[_layer(name)]
    ]


def test_imports_point_down():
    assert layer_offenders() == []


def import_cycles() -> list[str]:
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
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
                cycles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(" <-> ".join(cycle) for cycle in cycles)


def test_no_import_cycles():
    assert import_cycles() == []


def test_the_rule_reads_imports_made_inside_functions(tmp_path, monkeypatch):
    """The checker itself: an import inside a function counts (it is how cycles hide)."""
    module = tmp_path / "translate_flow" / "services" / "probe.py"
    module.parent.mkdir(parents=True)
    module.write_text("def f():\n    from translate_flow.cli import app\n    import sqlite3\n")
    monkeypatch.setitem(MODULES, "translate_flow.services.probe", module)
    assert {"translate_flow.cli", "translate_flow.cli.app", "sqlite3"} <= _imports(
        "translate_flow.services.probe"
    )
