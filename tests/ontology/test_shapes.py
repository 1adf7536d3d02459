"""SHACL fixtures: each *_PASS.ttl conforms, each *_XFAIL.ttl gives exactly the results its comments expect.

A fixture lists every result it expects, violations and warnings, one per comment line:
``# expect: <severity> <focus node> <path or -> <constraint component>``.
Adding a case needs no Python: drop a new file in tests/ontology/shapes/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.validate import shacl_problems

FIXTURES = Path(__file__).resolve().parent / "shapes"
CASES = sorted(FIXTURES.glob("*_PASS.ttl")) + sorted(FIXTURES.glob("*_XFAIL.ttl"))


def expected(path: Path) -> set[tuple[str, str, str, str]]:
    rows = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            severity, node, prop, component = line.removeprefix("# expect:").split()
            rows.add((severity, node, prop, component))
    return rows


def test_shapes_fixtures_exist() -> None:
    assert any(p.name.endswith("_PASS.ttl") for p in CASES)
    assert len([p for p in CASES if p.name.endswith("_XFAIL.ttl")]) >= 4


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_shapes_fixture(path: Path) -> None:
    conforms, problems = shacl_problems(Graph().parse(path))
    found = {(p.severity, p.node, p.path or "-", p.component) for p in problems}
    assert found == expected(path), "\n".join(str(p) for p in problems)
    assert conforms is path.name.endswith("_PASS.ttl")
    if not conforms:
        assert any(p.severity == "violation" for p in problems)
