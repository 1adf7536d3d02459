"""JSON-LD with a real ``@context``: the ontology's terms, so plain-JSON users read ``"agent"``, not IRIs.

The context maps every class, property and individual of the ontology to a
short term (``"Attack"``, ``"agent"``, ``"killed"``); object properties are
declared as IRIs (``"@type": "@id"``) and datatype properties with their XSD
range, so values compact to plain strings and numbers. The prefixes stay, for
IRIs outside the ontology. ``kg build -o FILE.jsonld`` and ``kg export`` write
through ``serialize_jsonld``: one JSON-LD writer for files and stores.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.namespace import DATA_PREFIXES, PREFIXES, prefixes
from kg.store.standalone import ontology_quads

if TYPE_CHECKING:
    from rdflib import Graph

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_RANGE = PREFIXES["rdfs"] + "range"
OWL = PREFIXES["owl"]
CONTEXT_PREFIXES = (*DATA_PREFIXES, "id", "rdfs", "xsd")
# Terms for the few outside properties every document uses.
COMMON_TERMS = {"label": "rdfs:label", "notation": "skos:notation", "exactMatch": "skos:exactMatch",
                "title": "dcterms:title"}


def _curie(iri: str) -> str:
    for prefix, namespace in prefixes(CONTEXT_PREFIXES).items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The ``@context``: prefixes, then one term per ontology class, property and individual."""
    ckg = PREFIXES["ckg"]
    kinds: dict[str, set[str]] = {}
    ranges: dict[str, set[str]] = {}
    for quad in ontology_quads():
        if not isinstance(quad.subject, ox.NamedNode) or not quad.subject.value.startswith(ckg):
            continue
        subject = quad.subject.value
        if quad.predicate.value == RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            kinds.setdefault(subject, set()).add(quad.object.value)
        elif quad.predicate.value == RDFS_RANGE and isinstance(quad.object, ox.NamedNode):
            ranges.setdefault(subject, set()).add(quad.object.value)
    context: dict[str, Any] = dict(prefixes(CONTEXT_PREFIXES))
    context.update(COMMON_TERMS)
    for iri in sorted(kinds):
        term, kind = iri[len(ckg):], kinds[iri]
        if OWL + "ObjectProperty" in kind:
            context[term] = {"@id": _curie(iri), "@type": "@id"}
        elif OWL + "DatatypeProperty" in kind:
            # Plain strings need no coercion (and rdflib would read them back as xsd:string, not plain).
            xsd = [r for r in ranges.get(iri, ()) if r.startswith(PREFIXES["xsd"]) and r != PREFIXES["xsd"] + "string"]
            context[term] = {"@id": _curie(iri), "@type": _curie(xsd[0])} if len(xsd) == 1 else _curie(iri)
        else:
            context[term] = _curie(iri)
    return context


def serialize_jsonld(data: Graph | Iterable[ox.Quad]) -> bytes:
    """JSON-LD of an rdflib dataset (or graph), or of Oxigraph quads, compacted with the terms' context."""
    from rdflib import Dataset, Graph

    if not isinstance(data, Graph):
        dataset = Dataset()
        dataset.parse(data=ox.serialize(data, format=ox.RdfFormat.N_QUADS) or b"", format="ox-nquads")
        data = dataset
    return data.serialize(format="json-ld", context=jsonld_context(), indent=1).encode("utf-8")
