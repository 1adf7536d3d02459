"""Graphs that stand alone: the ontology's vocabulary written with the data.

The canned queries climb the class hierarchy (``rdfs:subClassOf+``) and read the
vocabulary's labels and notations. ``kg query`` adds the ontology itself; any
other SPARQL engine sees only what the file holds. With ``--with-ontology``,
``kg build -o`` and ``kg export`` write the ontology's named terms (classes and
their hierarchy, properties, individuals, labels, notations) along with the
data, in the graph ``ONTOLOGY_GRAPH`` (merged in triple formats), so the canned
queries give the same rows in Jena, GraphDB or the Oxigraph CLI. OWL's
blank-node axioms (restrictions, lists) are left out: no query reads them, and
without blank nodes a sorted file stays byte-identical from run to run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from kg import resources
from kg.namespace import ONTOLOGY_GRAPH

SHAPES_FILE = "shapes.ttl"  # the SHACL shapes check graphs; they are not vocabulary


def ontology_quads(graph: ox.NamedNode | ox.DefaultGraph | None = None) -> Iterator[ox.Quad]:
    """The ontology's statements between named terms, in ``graph`` (by default ``ONTOLOGY_GRAPH``)."""
    target = graph if graph is not None else ox.NamedNode(str(ONTOLOGY_GRAPH))
    for source in resources.ontology_files():
        if source.name == SHAPES_FILE:
            continue
        for triple in ox.parse(source.read_bytes(), format=ox.RdfFormat.TURTLE):
            if not isinstance(triple.subject, ox.BlankNode) and not isinstance(triple.object, ox.BlankNode):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, target)


def ontology_nquads() -> bytes:
    """``ontology_quads`` as N-Quads."""
    return ox.serialize(ontology_quads(), format=ox.RdfFormat.N_QUADS) or b""
