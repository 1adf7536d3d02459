"""The command line: help on every command, one-line errors, builds and queries."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg import resources
from kg.build import serialize
from kg.cli import app
from kg.querying import to_table
from kg.store.formats import FORMATS
from kg.store.sparql import load_files, select

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "kg" / "examples" / "aleppo-2016-11.json"
runner = CliRunner()


def commands() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def kg(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, input=stdin, cwd=ROOT)


@pytest.mark.parametrize("name", commands())
def test_cli_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"`kg {name}\b", readme), f"kg {name} is not documented in README.md"


def test_cli_top_level_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("build", "query", "sparql", "demo"):
        assert name in result.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["build", "nothing-here.json", "-o", "out.ttl"], "E001"),
        (["build", str(EXAMPLE), "-o", "out.xyz"], "E010"),
        (["build", str(EXAMPLE), "-o", "out.ttl", "--format", "yaml"], "E009"),
        (["build", str(EXAMPLE)], "E022"),
        (["build", str(EXAMPLE), "-o", "/no/such/folder/out.ttl"], "E011"),
        (["query", "no-such-question", "x.ttl"], "E012"),
        (["query", "captures", "missing.ttl"], "E001"),
        (["query", "captures", str(EXAMPLE), "--format", "yaml"], "E016"),
        (["sparql", "SELEC nonsense", str(EXAMPLE.with_suffix(".ttl"))], "E001"),
    ],
)
def test_cli_bad_arguments_give_one_line_errors(args: list[str], code: str, tmp_path: Path) -> None:
    result = kg(*args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error {code}:"), result.stderr
    assert "Traceback" not in result.stderr


def test_cli_invalid_sparql_is_a_one_line_error(tmp_path: Path, example_build) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_bytes(serialize(example_build.dataset, "ttl"))
    result = kg("sparql", "SELEC nonsense", str(graph))
    assert result.returncode == 1
    assert result.stderr.startswith("error E013:")


def test_cli_bad_published_date_is_rejected(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Rebels captured the town of Kidal on Monday, officials said.")
    result = kg("build", str(article), "-o", str(tmp_path / "a.ttl"), "--published", "28/11/2016")
    assert result.returncode != 0
    assert "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_cli_every_output_format_round_trips(fmt: str, example_build, tmp_path: Path) -> None:
    data = serialize(example_build.dataset, fmt)
    parse_format = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "rdf": "xml"}[fmt]
    back = Dataset()
    back.parse(data=data.decode("utf-8"), format=parse_format)
    expected = Graph()
    for s, p, o, _ in example_build.dataset.quads((None, None, None, None)):
        expected.add((s, p, o))
    got = Graph()
    for s, p, o, _ in back.quads((None, None, None, None)):
        got.add((s, p, o))
    assert isomorphic(got, expected)
    if FORMATS[fmt].keeps_graphs:  # keeps the per-document named graph
        assert {str(g.identifier) for g in back.graphs() if len(g)} >= {
            "https://w3id.org/conflict-kg/graph/aleppo-offensive-2016-11"}


def test_cli_build_then_query_in_every_result_format(tmp_path: Path) -> None:
    out = tmp_path / "aleppo.ttl"
    built = kg("build", str(EXAMPLE), "-o", str(out))
    assert built.returncode == 0, built.stderr
    as_json = kg("query", "rejections", str(out), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    results = json.loads(as_json.stdout)
    assert results["head"]["vars"] == ["rejecter", "proposal", "proposer", "date", "evidence", "documents"]
    proposers = {b["proposer"]["value"] for b in results["results"]["bindings"] if "proposer" in b}
    assert proposers  # the example rejects a proposal made by someone
    as_csv = kg("query", "rejections", str(out), "--format", "csv")
    assert as_csv.stdout.splitlines()[0].strip() == "rejecter,proposal,proposer,date,evidence,documents"
    as_tsv = kg("query", "rejections", str(out), "--format", "tsv")
    assert as_tsv.stdout.splitlines()[0].strip() == "?rejecter\t?proposal\t?proposer\t?date\t?evidence\t?documents"
    table = kg("query", "rejections", str(out))
    assert any(proposer in table.stdout for proposer in proposers)
    anything = kg("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", str(out), "--format", "csv")
    assert int(anything.stdout.splitlines()[1]) > 100


def test_cli_query_list_names_every_question() -> None:
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    names = {line.split()[0] for line in result.output.splitlines() if line.strip()}
    assert len(names) == 16 and {"proposals", "places", "casualties", "control"} <= names


def test_cli_builds_text_from_standard_input_with_its_date(tmp_path: Path) -> None:
    out = tmp_path / "stdin.nt"
    text = "Islamist fighters seized the town of Konna on Thursday, the army said."
    result = kg("build", "-", "-o", str(out), "--published", "2013-01-12", stdin=text)
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(out, format="nt")
    published = [str(o) for o in graph.objects(None, None) if str(o) == "2013-01-12"]
    assert published


def test_cli_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    for name in ("one", "two"):
        result = kg("build", str(EXAMPLE), "-o", str(tmp_path / f"{name}.nt"))
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "one.nt").read_bytes() == (tmp_path / "two.nt").read_bytes()


def answers(example_build, name: str, column: str) -> set[str]:
    """One column of what the example's own graph answers (computed, not the dev corpus's gold)."""
    import pyoxigraph as ox

    store = load_files([])
    store.load(serialize(example_build.dataset, "nq"), format=ox.RdfFormat.N_QUADS)
    table = to_table(select(store, resources.query_text(name)))
    at = table.columns.index(column)
    return {row[at].value for row in table.rows if row[at] is not None}


def test_cli_demo_prints_every_question(example_build) -> None:
    result = kg("demo")
    assert result.returncode == 0, result.stderr
    for name in ("rejections", "captures", "places"):
        assert name in result.stdout
    proposers, places = answers(example_build, "rejections", "proposer"), answers(example_build, "captures", "place")
    assert proposers and places
    assert any(p in result.stdout for p in proposers) and any(p in result.stdout for p in places)
