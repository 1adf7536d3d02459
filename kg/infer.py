"""Materialize what the ontology entails about a graph.

An OWL 2 RL closure (the owlrl package) of ontology plus data gives the
inverses (``ckg:hasPart``), the other half of every symmetric ``ckg:allyOf``,
the ``ckg:partOf`` closure, the superclass types (``ckg:Organization``,
``sem:Event``, ``prov:Agent``...) and the values of super-properties
(``sem:hasActor``, ``prov:wasAttributedTo``...). Only triples about the data's
own nodes are kept; the closure's bookkeeping (``owl:sameAs`` of a node with
itself, ``owl:Thing`` types, anonymous classes) is left out.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, BNode, Dataset, Graph, URIRef

from kg.namespace import GRAPH
from kg.validate import as_graph, ontology_graph

INFERRED_GRAPH = GRAPH["inferred"]
_TRIVIAL_TYPES = {OWL.Thing, OWL.NamedIndividual, RDFS.Resource}


def entailments(data: Graph | Dataset) -> Graph:
    """The triples that ontology plus ``data`` entail about the data's nodes, without those stated."""
    import owlrl

    graph = as_graph(data)
    ontology = ontology_graph()
    closure = Graph()
    closure += ontology
    closure += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    vocabulary = set(ontology.subjects())
    nodes = {n for n in (*graph.subjects(), *graph.objects()) if isinstance(n, URIRef) and n not in vocabulary}
    found = Graph()
    for prefix, namespace in graph.namespaces():
        found.bind(prefix, namespace)
    for s, p, o in closure:
        if s not in nodes or (s, p, o) in graph:
            continue
        if p == OWL.sameAs and s == o:
            continue
        if p == RDF.type and (o in _TRIVIAL_TYPES or isinstance(o, BNode)):
            continue
        if isinstance(o, BNode):
            continue
        found.add((s, p, o))
    return found


def infer(data: Graph | Dataset) -> Dataset:
    """``data`` plus its entailments; the entailed triples go in the named graph ``graph/inferred``."""
    result = Dataset()
    for prefix, namespace in [*ontology_graph().namespaces(), *data.namespaces()]:
        result.bind(prefix, namespace, replace=True)
    if isinstance(data, Dataset):
        for s, p, o, g in data.quads((None, None, None, None)):
            result.graph(g).add((s, p, o))
    else:
        target = result.graph(data.identifier) if isinstance(data.identifier, URIRef) else result.default_graph
        for triple in data:
            target.add(triple)
    inferred = result.graph(INFERRED_GRAPH)
    for triple in entailments(data):
        inferred.add(triple)
    return result
