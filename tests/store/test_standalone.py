"""Graphs that stand alone: an exported graph answers the canned queries in the Oxigraph CLI, no ontology file given."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import resources
from kg.store.export import export_store
from kg.store.serve import oxigraph_binary
from kg.store.sources import run_select

pytestmark = pytest.mark.server


def kg_rows(graph: Path, query: str) -> list[str]:
    """The rows `kg query` gives over a graph file (it adds the ontology itself), as sorted CSV lines."""
    data = run_select(query, [graph]).serialize(format=ox.QueryResultsFormat.CSV)
    return sorted(data.decode().splitlines())


def cli_rows(location: Path, query: Path, union: bool) -> list[str]:
    """The rows the Oxigraph CLI gives over what it loaded, as sorted CSV lines."""
    command = [oxigraph_binary(), "query", "--location", str(location), "--query-file", str(query),
               "--results-format", "csv"] + (["--union-default-graph"] if union else [])
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return sorted(done.stdout.splitlines())


def load(graph: Path, location: Path) -> Path:
    subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(graph)],
                   capture_output=True, timeout=120, check=True)
    return location


@pytest.mark.parametrize("fmt", ["nq", "ttl"])
def test_standalone_export_answers_canned_queries_in_the_oxigraph_cli(hand_store: Path, tmp_path: Path,
                                                                      fmt: str) -> None:
    alone, bare = tmp_path / f"alone.{fmt}", tmp_path / f"bare.{fmt}"
    export_store(hand_store, alone, with_ontology=True)
    export_store(hand_store, bare)
    union = fmt == "nq"  # quads sit in named graphs: the engine must read their union
    loaded_alone, loaded_bare = load(alone, tmp_path / "alone-db"), load(bare, tmp_path / "bare-db")
    differs = []
    for name in resources.query_names():
        query = tmp_path / f"{name}.rq"
        query.write_text(resources.query_text(name))
        expected = kg_rows(bare, resources.query_text(name))
        assert cli_rows(loaded_alone, query, union) == expected, name
        if cli_rows(loaded_bare, query, union) != expected:
            differs.append(name)
    assert "actors" in differs and "places" in differs  # without the ontology, rows go missing


def test_standalone_file_build_with_ontology_stays_byte_identical(example_build) -> None:
    from kg.build import add_ontology, new_dataset, serialize
    from kg.store.standalone import ontology_quads

    dataset = new_dataset()  # a copy: the example's build is shared with other tests
    dataset.parse(data=serialize(example_build.dataset, "nq"), format="nquads")
    add_ontology(dataset)
    first = serialize(dataset, "nq")
    add_ontology(dataset)  # adding it again changes nothing
    assert serialize(dataset, "nq") == first
    subclass = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    assert any(subclass in line and "_ontology>" in line for line in first.decode().splitlines())
    assert not any(isinstance(q.subject, ox.BlankNode) for q in ontology_quads())


def test_standalone_cli_export_option(hand_store: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "alone.nt"
    result = CliRunner().invoke(app, ["export", "--store", str(hand_store), "-o", str(out), "--with-ontology"])
    assert result.exit_code == 0, result.output
    assert "<http://www.w3.org/2000/01/rdf-schema#subClassOf>" in out.read_text()


def test_standalone_jsonld_reads_as_plain_json_with_the_ontology_terms(hand_store: Path, tmp_path: Path) -> None:
    import json

    out = tmp_path / "graph.jsonld"
    export_store(hand_store, out)
    data = json.loads(out.read_text())
    context = data["@context"]
    assert context["agent"] == {"@id": "ckg:agent", "@type": "@id"}
    assert context["count"] == {"@id": "ckg:count", "@type": "xsd:integer"}
    assert context["Capture"] == "ckg:Capture" and context["ckg"] == "https://w3id.org/conflict-kg/ontology#"
    nodes = [node for graph in data["@graph"] for node in graph.get("@graph", [graph])]
    captures = [node for node in nodes if "Capture" in node.get("@type", [])]
    assert len(captures) == 3 and all("agent" in node and "place" in node for node in captures)


def test_standalone_inferred_types_answer_superclass_queries_in_the_oxigraph_cli(hand_store: Path,
                                                                                 tmp_path: Path) -> None:
    typed, bare = tmp_path / "typed.nq", tmp_path / "bare.nq"
    export_store(hand_store, typed, with_types=True)
    export_store(hand_store, bare)
    query = tmp_path / "agents.rq"
    query.write_text("SELECT DISTINCT ?x WHERE { ?x a <http://www.w3.org/ns/prov#Agent> }")
    # `kg` reads the hierarchy from the ontology it adds; the Oxigraph CLI has only the file.
    expected = kg_rows(bare, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT DISTINCT ?x WHERE { "
                             "?x a/rdfs:subClassOf* <http://www.w3.org/ns/prov#Agent> }")
    assert len(expected) > 2  # the header and at least two agents
    assert cli_rows(load(typed, tmp_path / "typed-db"), query, union=True) == expected
    assert cli_rows(load(bare, tmp_path / "bare-db"), query, union=True) == ["x"]  # nothing without the types
    lines = typed.read_bytes().splitlines()
    assert lines == sorted(set(lines)) and any(b"/graph/inferred>" in line for line in lines)
