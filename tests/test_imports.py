"""The shape of the imports: no cycle in kg/, and the storage package below the build and the CLI."""

from __future__ import annotations

from pathlib import Path

from kg.tools.imports import import_graph, main, problems


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "kg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "kg"


def test_imports_kg_has_no_cycle_and_store_stays_below_build_and_cli() -> None:
    assert problems(import_graph()) == []
    assert main([]) == 0


def test_imports_find_a_cycle_through_a_lazy_import(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from kg.b import x\n",
        "b.py": "def x():\n    from kg import a\n",
    })
    found = problems(import_graph(package))
    assert any(line.startswith("import cycle:") and "kg.a" in line and "kg.b" in line for line in found)


def test_imports_find_storage_reaching_the_build_through_another_module(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "build.py": "",
        "helper.py": "from . import build\n",
        "store/__init__.py": "",
        "store/files.py": "from ..helper import thing\n",
    })
    assert problems(import_graph(package)) == ["kg.store.files imports kg.build (directly or through others)"]


def test_imports_a_package_importing_its_own_modules_is_no_cycle(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "store/__init__.py": "from kg.store.disk import open_store\n",
        "store/disk.py": "from kg.store.locks import check\n",
        "store/locks.py": "",
    })
    assert problems(import_graph(package)) == []
