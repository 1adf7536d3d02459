"""Document ids map one to one onto graph and node IRIs; a second document with the same id is reported."""

from __future__ import annotations

import itertools

import pyoxigraph as ox
import pytest

from kg.inputs import InputProblem, unique_documents
from kg.model import Document
from kg.namespace import GRAPH, ID
from kg.rdf import document_iri, graph_iri, node_iri, safe_id

# Ids that differ only in punctuation, case, script, normalisation or by a character the old cleaning dropped.
LOOKALIKES = ["a b", "a/b", "a-b", "a_b", "a--b", "A-B", "a:b", "a%20b", "-a-b-", "a b ", "a\tb", "",
              "document", "حلب", "阿勒颇", "Алеппо", "🕊️", "🕊", "café", "cafe\u0301", "café", "_builds",
              "%5Fbuilds", "~", "a#b", "a?b", "a\\b", "a<b>", 'a"b', "a\u2028b"]


def test_ids_distinct_ids_give_distinct_iris() -> None:
    ids = sorted(set(LOOKALIKES))
    for make in (graph_iri, document_iri, lambda i: node_iri(i, "e1")):
        iris = [make(doc_id) for doc_id in ids]
        assert len(set(iris)) == len(ids), [(a, b) for a, b in itertools.combinations(ids, 2) if make(a) == make(b)]


@pytest.mark.parametrize("doc_id", LOOKALIKES)
def test_ids_every_iri_is_valid_for_oxigraph(doc_id: str) -> None:
    for iri in (graph_iri(doc_id), document_iri(doc_id), node_iri(doc_id, "event/3")):
        assert ox.NamedNode(str(iri)).value == str(iri)


def test_ids_node_iris_of_different_documents_never_meet() -> None:
    # "a/b" with key "c" and "a" with key "b/c" must not share a node IRI.
    assert node_iri("a/b", "c") != node_iri("a", "b/c")


@pytest.mark.parametrize("doc_id", ["doc-1", "aleppo-2016-11", "AP.2024.05.06_x", "0"])
def test_ids_safe_ids_keep_the_iris_they_had(doc_id: str) -> None:
    assert safe_id(doc_id) == doc_id
    assert graph_iri(doc_id) == GRAPH[doc_id]
    assert document_iri(doc_id) == ID[doc_id]


def test_ids_bookkeeping_graph_names_cannot_be_taken_by_a_document() -> None:
    assert str(graph_iri("_builds")) != str(GRAPH["_builds"])
    assert str(graph_iri("_ontology")) != str(GRAPH["_ontology"])


def test_ids_second_document_with_an_id_is_reported_with_both_places() -> None:
    items = [Document("x", "one", where="a.jsonl:1"), Document("y", "two", where="a.jsonl:2"),
             Document("x", "three", where="b.json")]
    out = list(unique_documents(items))
    assert [i.id for i in out if isinstance(i, Document)] == ["x", "y"]
    problem = out[2]
    assert isinstance(problem, InputProblem) and problem.error.code == "E023"
    assert "b.json" in problem.error.message and "a.jsonl:1" in problem.error.message
