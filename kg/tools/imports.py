"""Check the shape of the imports in ``kg/``: no cycles, and a storage layer below the build and CLI.

    python -m kg.tools.imports   # exit 1, with the offending modules, when a rule is broken

Every import counts, also those inside functions (a lazy import still ties two
modules together). Reads the source with ``ast``; imports nothing of ``kg``.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Sequence
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# module prefix -> module prefixes it must never reach, directly or through others
FORBIDDEN = {"kg.store": ("kg.cli", "kg.build")}


def module_name(path: Path, root: Path = PACKAGE_DIR) -> str:
    """The dotted name of a module file of the package."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _target(name: str, modules: set[str]) -> str | None:
    """The package module an imported name belongs to (the longest known prefix)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph(root: Path = PACKAGE_DIR) -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    modules = set(files)
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                names = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            deps.update(t for t in (_target(n, modules) for n in names) if t and t != name)
        graph[name] = deps
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others."""
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph.get(name, ()))
    return seen


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def problems(graph: dict[str, set[str]]) -> list[str]:
    """What breaks the rules: an import cycle, or a forbidden module reached."""
    found = []
    # A package's __init__ importing its own modules is not a cycle Python trips on.
    acyclic = {m: {d for d in deps if not _under(m, d)} for m, deps in graph.items()}
    try:
        TopologicalSorter(acyclic).prepare()
    except CycleError as exc:
        found.append("import cycle: " + " -> ".join(exc.args[1]))
    for prefix, banned in FORBIDDEN.items():
        for module in sorted(m for m in graph if _under(m, prefix)):
            bad = sorted(d for d in reachable(graph, module) if any(_under(d, b) for b in banned))
            if bad:
                found.append(f"{module} imports {', '.join(bad)} (directly or through others)")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Print what breaks the rules; exit 1 if anything does."""
    del argv
    graph = import_graph()
    found = problems(graph)
    for line in found:
        print(line, file=sys.stderr)
    if not found:
        print(f"ok: {len(graph)} modules, no import cycle; " +
              "; ".join(f"{k} reaches none of {', '.join(v)}" for k, v in FORBIDDEN.items()))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
