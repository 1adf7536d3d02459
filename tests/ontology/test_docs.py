"""The generated ontology reference is complete and up to date."""

from __future__ import annotations

from pathlib import Path

from kg.docs import OUTPUT, main, markdown
from kg.namespace import CKG


def test_docs_reference_lists_every_term_and_a_diagram() -> None:
    text = markdown()
    for name in CKG.__annotations__:
        assert f"`ckg:{name}`" in text, name
    assert "```mermaid\nclassDiagram" in text
    assert "| `ckg:atLeast` | `ckg:Qualifier` | `at-least` |" in text
    assert "`cameo:19` Fight" in text


def test_docs_reference_is_current() -> None:
    assert OUTPUT.read_text(encoding="utf-8") == markdown(), "docs/ontology.md is stale: run `make docs`"


def test_docs_main_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "docs" / "ontology.md"
    assert main(out) == 0
    assert out.read_text(encoding="utf-8").startswith("# Conflict-KG ontology")
