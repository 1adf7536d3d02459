"""Catalogue, querying: any query form, no updates, readable errors, results that end with a newline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal

from tests.robustness.conftest import GOOD, article, check, kg


@pytest.mark.parametrize("name", ["a.json", "a.jsonl", "a.txt"])
def test_querying_an_article_instead_of_a_graph_says_so(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(GOOD["juba-1"] if name.endswith(".txt") else json.dumps(article("juba-1")))
    check(kg("query", "actors", path), 1, r"^error E028: .* is an article, not a graph: build it first")


def test_querying_ask_prints_true_or_false(built: Path) -> None:
    run = kg("sparql", "ASK { ?d a ckg:Document }", built)
    check(run, 0)
    assert run.out == "true\n"
    assert kg("sparql", "ASK { ?d a ckg:Siege, ckg:Document }", built).out == "false\n"


def test_querying_ask_in_json(built: Path) -> None:
    run = kg("sparql", "ASK { ?d a ckg:Document }", built, "-f", "json")
    check(run, 0)
    assert json.loads(run.out)["boolean"] is True and run.out.endswith("\n")


def test_querying_construct_answers_rdf(built: Path) -> None:
    run = kg("sparql", "CONSTRUCT { ?d dcterms:title ?t } WHERE { ?d a ckg:Document ; dcterms:title ?t }", built)
    check(run, 0)
    graph = Graph().parse(data=run.out, format="turtle")
    assert {str(o) for o in graph.objects()} == {f"Report {doc_id}" for doc_id in GOOD}


def test_querying_describe_answers_rdf_in_the_format_asked(built: Path) -> None:
    run = kg("sparql", "DESCRIBE ?d WHERE { ?d a ckg:Document }", built, "-f", "nt")
    check(run, 0)
    assert len(Graph().parse(data=run.out, format="nt")) >= 3 * len(GOOD)


@pytest.mark.parametrize("update", [
    "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
    "DROP ALL",
    "# a comment first\nPREFIX ex: <https://example.org/>\nDELETE WHERE { ?s ex:p ?o }",
    "LOAD <https://example.org/data.ttl>",
])
def test_querying_updates_are_refused_with_a_message(built: Path, update: str) -> None:
    check(kg("sparql", update, built), 1, r"^error E029: kg sparql answers queries .* not updates")


def test_querying_every_prefix_of_the_graph_is_predeclared(built: Path) -> None:
    query = ("SELECT ?t WHERE { ?d a ckg:Document ; dcterms:title ?t ; ckg:published ?p . "
             "OPTIONAL { ?d schema:url ?u } OPTIONAL { ?d time:inXSDDate ?x } FILTER(?p = '2024-03-01'^^xsd:date) }")
    run = kg("sparql", query, built, "-f", "csv")
    check(run, 0)
    assert sorted(run.out.splitlines()[1:]) == sorted(f"Report {doc_id}" for doc_id in GOOD)


def test_querying_unknown_prefix_is_named(built: Path) -> None:
    run = kg("sparql", "SELECT * WHERE { ?s ?p ?o ; acme:weight ?w }", built)
    check(run, 1, r"^error E013: the SPARQL query is not valid: unknown prefix acme \(line 1, column \d+\)")


def test_querying_syntax_errors_read_as_words(built: Path) -> None:
    run = kg("sparql", "SELECT * WHERE { ?s ?p }", built)
    check(run, 1, r"^error E013: the SPARQL query is not valid: line 1, column \d+: expected ")
    assert "\\u{" not in run.err and "'0' ..= '9'" not in run.err


def test_querying_unreachable_service_is_one_line(built: Path) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    check(kg("sparql", query, built), 1, r"^error E311: cannot reach the SPARQL endpoint")


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_querying_results_end_with_a_newline(built: Path, fmt: str) -> None:
    run = kg("query", "actors", built, "-f", fmt)
    check(run, 0)
    assert run.out.endswith("\n")


def test_querying_unreadable_graph_file(tmp_path: Path) -> None:
    (tmp_path / "g.ttl").write_text("<a> <b> .")
    check(kg("query", "actors", tmp_path / "g.ttl"), 1, r"^error E014: .*g\.ttl: not a readable RDF graph")


def test_querying_no_source(built: Path) -> None:
    check(kg("query", "actors"), 1, r"^error E018: ")


def test_querying_unknown_canned_query(built: Path) -> None:
    check(kg("query", "sieges-and-more", built), 1, r"^error E012: unknown query 'sieges-and-more'")


def test_querying_missing_graph_file(tmp_path: Path) -> None:
    check(kg("query", "actors", tmp_path / "none.ttl"), 1, r"^error E001: ")


def test_querying_link_keeps_literals_as_they_were(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "linked.trig"
    check(kg("link", built, "-o", out, "-q"), 0)
    before, after = Dataset(), Dataset()
    before.parse(built, format="trig")
    after.parse(out, format="trig")
    typed = [o for o in after.objects() if isinstance(o, Literal) and o.datatype is not None
             and str(o.datatype).endswith("#string")]
    assert typed == []
    plain = {o for o in before.objects() if isinstance(o, Literal)}
    assert plain <= {o for o in after.objects() if isinstance(o, Literal)}


def test_querying_infer_keeps_literals_as_they_were(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "inferred.nt"
    check(kg("infer", built, "-o", out), 0)
    after = Graph().parse(out, format="nt")
    before = Dataset()
    before.parse(built, format="trig")
    for s, p, o, _ in before.quads((None, None, None, None)):
        assert (s, p, o) in after, (s, p, o)

