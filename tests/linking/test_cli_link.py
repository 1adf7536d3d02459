"""`kg link` on graphs built earlier: exactMatch and within added, one-line errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import SKOS
from typer.testing import CliRunner

from kg.build import new_dataset, write_file
from kg.cli import app
from kg.linking.gazetteer import Gazetteer
from kg.model import Document, Entity, Span
from kg.namespace import CKG
from kg.rdf import document_graph, graph_iri, node_iri

runner = CliRunner()
WD = "http://www.wikidata.org/entity/"
TEXT = "Malian forces shelled Gao in northern Mali, and Algerian jets struck Valencia, the European Union said."


def _span(text: str) -> Span:
    match = re.search(rf"\b{text}\b", TEXT)
    assert match is not None
    return Span(match.start(), match.end(), text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph as `kg build` writes it, from a document made by hand (no extractor needed)."""
    doc = Document(id="doc-1", text=TEXT, title="Shelling in Gao")
    doc.entities = [
        Entity("gao", "Gao", "City", mentions=[_span("Gao")]),
        Entity("mali", "Mali", "Country", mentions=[_span("Mali")]),
        Entity("algeria", "Algeria", "State", mentions=[_span("Algerian")]),
        Entity("eu", "European Union", "InternationalOrganization", mentions=[_span("European Union")]),
        Entity("valencia", "Valencia", "City", mentions=[_span("Valencia")]),
    ]
    dataset = new_dataset()
    named = dataset.graph(graph_iri(doc.id))
    named += document_graph(doc)
    path = tmp_path_factory.mktemp("graphs") / "built.trig"
    write_file(dataset, path, "trig")
    return path


def _qid(dataset: Dataset, key: str) -> str | None:
    match = dataset.value(node_iri("doc-1", key), SKOS.exactMatch)
    return str(match)[len(WD):] if match is not None else None


@pytest.mark.parametrize("suffix", [".trig", ".ttl", ".nq"])
def test_cli_link_adds_exact_match_and_within(built: Path, tmp_path: Path, gazetteer: Gazetteer, suffix: str) -> None:
    out = tmp_path / f"linked{suffix}"
    result = runner.invoke(app, ["link", str(built), "-o", str(out)])
    assert result.exit_code == 0, result.output
    linked = Dataset(default_union=True)
    linked.parse(out, format={".trig": "trig", ".ttl": "turtle", ".nq": "nquads"}[suffix])
    assert (_qid(linked, "gao"), _qid(linked, "mali"), _qid(linked, "algeria"), _qid(linked, "eu")) == (
        "Q188904", "Q912", "Q262", "Q458")
    assert _qid(linked, "valencia") is None  # Mali is the context, and Mali has no Valencia
    gao = node_iri("doc-1", "gao")
    assert linked.value(gao, CKG.within) == node_iri("doc-1", "mali")
    if suffix != ".ttl":  # named-graph formats keep the links in the document's graph
        graph = linked.graph(graph_iri("doc-1"))
        assert (gao, SKOS.exactMatch, URIRef(WD + "Q188904")) in graph


def test_cli_link_is_idempotent(built: Path, tmp_path: Path, gazetteer: Gazetteer) -> None:
    once, twice = tmp_path / "once.nq", tmp_path / "twice.nq"
    assert runner.invoke(app, ["link", str(built), "-o", str(once)]).exit_code == 0
    assert runner.invoke(app, ["link", str(once), "-o", str(twice)]).exit_code == 0
    assert once.read_bytes() == twice.read_bytes()


def test_cli_link_bad_arguments_give_one_line_errors(built: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["link", str(tmp_path / "nope.ttl"), "-o", str(tmp_path / "o.ttl")])
    assert missing.exit_code == 1 and "error E001" in missing.output and "Traceback" not in missing.output
    bad_out = runner.invoke(app, ["link", str(built), "-o", str(tmp_path / "o.xyz")])
    assert bad_out.exit_code == 1 and "error E010" in bad_out.output
    bad_endpoint = runner.invoke(app, ["link", str(built), "-o", str(tmp_path / "o.ttl"), "--online",
                                       "--endpoint", "not-a-url"])
    assert bad_endpoint.exit_code == 1 and "error E203" in bad_endpoint.output
    help_text = runner.invoke(app, ["link", "--help"])
    assert help_text.exit_code == 0 and "--online" in help_text.output
