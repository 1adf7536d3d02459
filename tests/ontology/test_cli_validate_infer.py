"""`kg validate` and `kg infer` on the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from kg.cli import app
from kg.namespace import CKG

FIXTURES = Path(__file__).resolve().parent / "shapes"
ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.mark.parametrize("name", ["validate", "infer"])
def test_cli_ontology_commands_have_help(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_cli_validate_passes_a_good_graph_without_reasoner() -> None:
    result = runner.invoke(app, ["validate", "--no-reasoner", str(FIXTURES / "recommended_PASS.ttl")])
    assert result.exit_code == 0, result.output
    assert "shapes: conforms; reasoner: not run" in result.output
    assert "warning: t/v1 (Capture): has no ckg:agent" in result.output


def test_cli_validate_lists_the_problems_and_fails() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "validate", "--no-reasoner", "--no-warnings", str(FIXTURES / "events_XFAIL.ttl")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "violation: t/v2 (Capture): ckg:agent must point to a ckg:Actor (value: t/town)" in proc.stdout
    assert "warning:" not in proc.stdout
    assert proc.stderr.strip().splitlines() == ["error E101: the graph does not validate: 12 problem(s), listed above"]


@pytest.mark.java
def test_cli_validate_runs_the_reasoner() -> None:
    result = runner.invoke(app, ["validate", str(FIXTURES / "complete_PASS.ttl")])
    assert result.exit_code == 0, result.output
    assert "reasoner: consistent" in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["validate", "missing.ttl"], 1, "error E001: no such file or folder: missing.ttl"),
        (["validate", "README.md"], 1, "error E014:"),
        (["validate", "--frobnicate", "x.ttl"], 2, "No such option"),
        (["infer", str(FIXTURES / "complete_PASS.ttl")], 2, "Missing option"),
        (["infer", str(FIXTURES / "complete_PASS.ttl"), "-o", "out.xyz"], 1, "error E010:"),
        (["infer", "missing.ttl", "-o", "out.ttl"], 1, "error E001:"),
    ],
)
def test_cli_ontology_commands_bad_arguments(args: list[str], code: int, message: str, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == code
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_infer_writes_the_graph_with_inferred_triples(tmp_path: Path) -> None:
    out = tmp_path / "out.trig"
    result = runner.invoke(app, ["infer", str(FIXTURES / "complete_PASS.ttl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    dataset = Dataset(default_union=True)
    dataset.parse(out, format="trig")
    t = "https://w3id.org/conflict-kg/id/t/"
    from rdflib import URIRef

    assert (URIRef(t + "sarajevo"), CKG.hasPart, URIRef(t + "dobrinja")) in dataset
    assert (URIRef(t + "sarajevo"), CKG.within, URIRef(t + "bosnia")) in dataset
