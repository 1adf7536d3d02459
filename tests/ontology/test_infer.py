"""`kg.infer`: the entailed triples, and only those about the data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, Dataset, Graph, Namespace, URIRef

from kg.infer import INFERRED_GRAPH, entailments, infer
from kg.namespace import CKG, GRAPH

FIXTURES = Path(__file__).resolve().parent / "shapes"
T = Namespace("https://w3id.org/conflict-kg/id/t/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")


@pytest.fixture(scope="module")
def data() -> Graph:
    graph = Graph().parse(FIXTURES / "complete_PASS.ttl")
    graph.remove((T.croatia, CKG.allyOf, T.gov))  # only one direction given
    return graph


@pytest.fixture(scope="module")
def found(data: Graph) -> Graph:
    return entailments(data)


def test_infer_inverse_and_transitive_part_of(found: Graph) -> None:
    assert (T.sarajevo, CKG.hasPart, T.dobrinja) in found
    assert (T.dobrinja, CKG.partOf, T.bosnia) in found  # Dobrinja in Sarajevo in Bosnia and Herzegovina
    assert (T.bosnia, CKG.hasPart, T.dobrinja) in found


def test_infer_symmetric_alliance(found: Graph) -> None:
    assert (T.croatia, CKG.allyOf, T.gov) in found


def test_infer_superclasses_and_super_properties(found: Graph) -> None:
    assert (T.gov, RDF.type, CKG.Organization) in found
    assert (T.observatory, RDF.type, CKG.NonGovernmentalOrganization) in found
    assert (T.v1, RDF.type, SEM.Event) in found
    assert (T.gov, RDF.type, PROV.Agent) in found
    assert (T.v1, SEM.hasActor, T.gov) in found
    assert (T.v2, PROV.wasAttributedTo, T.observatory) in found


def test_infer_keeps_out_what_is_stated_and_the_bookkeeping(data: Graph, found: Graph) -> None:
    assert not set(found) & set(data)
    assert not list(found.triples((None, OWL.sameAs, None)))
    assert (None, RDF.type, OWL.Thing) not in found
    vocabulary = URIRef(str(CKG._NS))
    assert not [s for s in found.subjects() if str(s).startswith(str(vocabulary))]


def test_infer_keeps_named_graphs_and_adds_one(data: Graph) -> None:
    dataset = Dataset()
    named = dataset.graph(GRAPH["t"])
    for triple in data:
        named.add(triple)
    result = infer(dataset)
    graphs = {g.identifier for g in result.graphs() if len(g)}
    assert {GRAPH["t"], INFERRED_GRAPH} <= graphs
    assert len(result.graph(GRAPH["t"])) == len(data)
    assert (T.sarajevo, CKG.hasPart, T.dobrinja) in result.graph(INFERRED_GRAPH)
