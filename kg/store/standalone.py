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

With ``--with-types`` instead (or as well), every typed node also carries its
superclass types (``ckg:Government`` is also a ``ckg:Actor``), in the graph
``graph/inferred``: queries that match ``?x a ckg:Actor`` find it without the
ontology. The canned questions also read the vocabulary's labels and notations
(the ``type`` column of ``actors``, a ceasefire's ``action``), which only
``--with-ontology`` brings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyoxigraph as ox

from kg import resources
from kg.namespace import GRAPH, ONTOLOGY_GRAPH, PREFIXES

INFERRED_GRAPH = GRAPH["inferred"]  # where `kg infer` puts what it entails, too
RDF_TYPE = f"<{PREFIXES['rdf']}type>".encode()
SUBCLASS_OF = PREFIXES["rdfs"] + "subClassOf"

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


@lru_cache(maxsize=1)
def superclasses() -> dict[bytes, tuple[bytes, ...]]:
    """Each named class of the ontology (as ``<IRI>``) and all its named superclasses, nearest first."""
    parents: dict[str, set[str]] = {}
    for quad in ontology_quads():
        if (quad.predicate.value == SUBCLASS_OF and isinstance(quad.subject, ox.NamedNode)
                and isinstance(quad.object, ox.NamedNode)):
            parents.setdefault(quad.subject.value, set()).add(quad.object.value)
    closure: dict[bytes, tuple[bytes, ...]] = {}
    for cls in parents:
        seen: list[str] = []
        todo = sorted(parents[cls])
        while todo:
            parent = todo.pop(0)
            if parent not in seen and parent != cls:
                seen.append(parent)
                todo.extend(sorted(parents.get(parent, ())))
        closure[f"<{cls}>".encode()] = tuple(f"<{c}>".encode() for c in seen)
    return closure


def with_inferred_types(lines: Iterable[bytes]) -> Iterator[bytes]:
    """N-Quads lines, each ``S rdf:type C`` followed by ``S rdf:type D`` for every superclass D of C
    (in ``INFERRED_GRAPH``), so that files stand alone without the ontology's hierarchy."""
    table = superclasses()
    inferred = f" <{INFERRED_GRAPH}> .\n".encode()
    for line in lines:
        yield line
        parts = line.split(b" ", 3)  # IRIs and blank node labels hold no space: S P O rest
        if len(parts) == 4 and parts[1] == RDF_TYPE:
            for parent in table.get(parts[2], ()):
                yield parts[0] + b" " + RDF_TYPE + b" " + parent + inferred
