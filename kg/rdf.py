"""The mapping from the intermediate model (``kg.model``) to RDF.

One document becomes one named graph. Every node is an IRI built from the
document id and the model's stable keys, so the same input always gives the
same triples. No blank nodes: figures, evidence and intervals get IRIs too.

The mapper writes Oxigraph quads (``document_quads``): building them costs a
fraction of adding triples to an rdflib graph, which matters at corpus scale.
``document_graph`` gives the same triples as an rdflib graph for file output.
"""

from __future__ import annotations

import re
from datetime import date
from typing import cast, overload

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, TIME
from rdflib.term import Node

from kg.model import ACTOR_KINDS, PLACE_KINDS, Document, Entity, Event, Span
from kg.namespace import CKG, GRAPH, ID, SCHEMA, WD

QUALIFIER_TERMS = {
    "exact": CKG.exactly,
    "at-least": CKG.atLeast,
    "more-than": CKG.moreThan,
    "around": CKG.around,
    "up-to": CKG.upTo,
    "less-than": CKG.lessThan,
}
OUTCOME_TERMS = {"killed": CKG.killed, "wounded": CKG.wounded}
ACTION_TERMS = {
    "proposed": CKG.proposed,
    "accepted": CKG.accepted,
    "rejected": CKG.rejected,
    "agreed": CKG.agreed,
    "began": CKG.began,
    "violated": CKG.violated,
    "ended": CKG.ended,
    "extended": CKG.extended,
}
STATUS_TERMS = {
    "asserted": CKG.asserted,
    "negated": CKG.negated,
    "planned": CKG.planned,
    "conditional": CKG.conditional,
    "hypothetical": CKG.hypothetical,
    "questioned": CKG.questioned,
}
COMMUNICATION_KINDS = frozenset({"Proposal", "Rejection", "Acceptance", "Agreement", "Denial", "Statement"})
# A communication event about a ceasefire is a step in the ceasefire's life.
LIFECYCLE_ACTIONS = {"Proposal": "proposed", "Rejection": "rejected", "Acceptance": "accepted", "Agreement": "agreed"}
NAMESPACES = {"ckg": CKG._NS, "wd": WD, "schema": SCHEMA, "skos": SKOS, "dcterms": DCTERMS, "time": TIME}


def safe_id(doc_id: str) -> str:
    """A document id made safe for an IRI path segment."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id).strip("-") or "document"


def graph_iri(doc_id: str) -> URIRef:
    """The IRI of the named graph that holds one document's triples."""
    return GRAPH[safe_id(doc_id)]


def document_iri(doc_id: str) -> URIRef:
    """The IRI of the document itself."""
    return ID[safe_id(doc_id)]


def node_iri(doc_id: str, key: str) -> URIRef:
    """The IRI of an entity, event or claim of a document."""
    return ID[f"{safe_id(doc_id)}/{key}"]


_XSD_DATE = ox.NamedNode(str(XSD.date))
_XSD_INTEGER = ox.NamedNode(str(XSD.integer))
_XSD_ANY_URI = ox.NamedNode(str(XSD.anyURI))
_XSD_STRING = str(XSD.string)
_VOCABULARY: dict[str, ox.NamedNode] = {}  # ontology and standard terms, converted once
_INSTANCES = str(ID)


def _date(value: date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=_XSD_DATE)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_XSD_INTEGER)


def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


@overload
def _ox(term: URIRef | ox.NamedNode) -> ox.NamedNode: ...
@overload
def _ox(term: URIRef | ox.NamedNode | ox.Literal) -> ox.NamedNode | ox.Literal: ...
def _ox(term: URIRef | ox.NamedNode | ox.Literal) -> ox.NamedNode | ox.Literal:
    """An Oxigraph term; vocabulary IRIs are converted once and kept."""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term
    if term.startswith(_INSTANCES):
        return ox.NamedNode(str(term))
    found = _VOCABULARY.get(term)
    if found is None:
        found = _VOCABULARY[term] = ox.NamedNode(str(term))
    return found


def _rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.DefaultGraph | ox.Triple) -> Node:
    """The rdflib term for an Oxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"no blank nodes or default graphs expected here: {term}")


class _Mapper:
    """Writes one document's triples as Oxigraph quads in the document's named graph."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.graph_name = ox.NamedNode(str(graph_iri(document.id)))
        self.quads: list[ox.Quad] = []
        self.doc_node = document_iri(document.id)
        self.events = {event.key: event for event in document.events}
        self.entities = {entity.key: entity for entity in document.entities}

    def node(self, key: str | None) -> URIRef | None:
        return node_iri(self.doc.id, key) if key else None

    def add(self, s: URIRef, p: URIRef, o: URIRef | ox.Literal | None) -> None:
        if o is not None:
            self.quads.append(ox.Quad(_ox(s), _ox(p), _ox(o), self.graph_name))

    def map(self) -> None:
        self.map_document()
        for entity in self.doc.entities:
            self.map_entity(entity)
        for event in self.doc.events:
            self.map_event(event)
        for claim in self.doc.claims:
            node = node_iri(self.doc.id, claim.key)
            self.add(node, RDF.type, CKG.Claim)
            self.add(node, RDFS.label, _text(claim.text))
            self.add(node, CKG.claimant, self.node(claim.claimant))
            self.add(node, CKG.claimAbout, self.node(claim.event))
            self.provenance(node, [claim.span])
        for one, other in self.doc.alliances:
            a, b = self.node(one), self.node(other)
            if a is not None and b is not None and a != b:
                self.add(a, CKG.allyOf, b)
                self.add(b, CKG.allyOf, a)

    def map_document(self) -> None:
        doc, node = self.doc, self.doc_node
        self.add(node, RDF.type, CKG.Document)
        self.add(node, DCTERMS.identifier, _text(doc.id))
        self.add(node, RDFS.label, _text(doc.title or doc.id))
        if doc.title:
            self.add(node, DCTERMS.title, _text(doc.title))
        if doc.published:
            self.add(node, CKG.published, _date(doc.published))
        if doc.url:
            self.add(node, SCHEMA.url, ox.Literal(doc.url, datatype=_XSD_ANY_URI))

    def provenance(self, node: URIRef, spans: list[Span]) -> None:
        self.add(node, CKG.mentionedIn, self.doc_node)
        for span in sorted(set(spans), key=lambda s: (s.start, s.end)):
            evidence = URIRef(f"{node}/at/{span.start}-{span.end}")
            self.add(node, CKG.evidence, evidence)
            self.add(evidence, RDF.type, CKG.Evidence)
            self.add(evidence, CKG.document, self.doc_node)
            self.add(evidence, CKG.start, _int(span.start))
            self.add(evidence, CKG.end, _int(span.end))
            self.add(evidence, CKG.quote, _text(span.text))

    def map_entity(self, entity: Entity) -> None:
        node = node_iri(self.doc.id, entity.key)
        self.add(node, RDF.type, CKG[entity.kind])
        if entity.kind in ACTOR_KINDS:
            self.add(node, RDF.type, CKG.Actor)
        elif entity.kind in PLACE_KINDS:
            self.add(node, RDF.type, CKG.Place)
        self.add(node, RDFS.label, _text(entity.label))
        for alias in sorted(set(entity.aliases) - {entity.label}):
            self.add(node, SKOS.altLabel, _text(alias))
        if entity.wikidata:
            self.add(node, SKOS.exactMatch, WD[entity.wikidata])
        if entity.within and entity.within != entity.key:
            self.add(node, CKG.within, self.node(entity.within))
            self.add(node, CKG.partOf, self.node(entity.within))
        self.add(node, CKG.affiliatedWith, self.node(entity.affiliation))
        self.provenance(node, entity.mentions or [])

    def event_label(self, event: Event) -> str:
        if event.label:
            return event.label
        topic = self.entities.get(event.topic or "")
        if topic is not None:
            return topic.label
        return event.trigger.text

    def ceasefire_of(self, event: Event) -> Entity | None:
        """The ceasefire an event is about, directly or through the proposal it answers."""
        topic = self.entities.get(event.topic or "")
        if topic is not None and topic.kind == "Ceasefire":
            return topic
        answered = self.events.get(event.topic or "")
        if answered is not None and answered is not event:
            topic = self.entities.get(answered.topic or "")
            if topic is not None and topic.kind == "Ceasefire":
                return topic
        return None

    def map_event(self, event: Event) -> None:
        node = node_iri(self.doc.id, event.key)
        for cls in (CKG.Event, CKG[event.kind], CKG[event.subtype] if event.subtype else None):
            self.add(node, RDF.type, cls)
        if event.kind in COMMUNICATION_KINDS:
            self.add(node, RDF.type, CKG.CommunicationEvent)
        self.add(node, RDFS.label, _text(self.event_label(event)))
        self.add(node, CKG.status, STATUS_TERMS.get(event.status, CKG.asserted))
        roles = (
            (CKG.agent, event.agent),
            (CKG.opponent, event.opponent),
            (CKG.target, event.target),
            (CKG.place, event.place),
            (CKG.capturedFrom, event.captured_from),
            (CKG.addressee, event.addressee),
            (CKG.source, event.source),
        )
        for prop, key in roles:
            self.add(node, prop, self.node(key))
        if event.topic in self.events and event.kind in ("Rejection", "Acceptance"):
            self.add(node, CKG.respondsTo, self.node(event.topic))
        elif event.topic in self.entities:
            self.add(node, CKG.about, self.node(event.topic))
        ceasefire = self.ceasefire_of(event)
        action = event.action or (LIFECYCLE_ACTIONS.get(event.kind) if ceasefire else None)
        if ceasefire is not None and action in ACTION_TERMS:
            self.add(node, CKG.about, self.node(ceasefire.key))
            self.add(node, CKG.action, ACTION_TERMS[action])
        self.add(node, CKG.denies, self.node(event.claim))
        if event.date:
            self.add(node, CKG.date, _date(event.date))
        if event.interval:
            self.map_interval(node, event.interval)
        for index, figure in enumerate(event.figures):
            fig = URIRef(f"{node}/figure/{index}")
            self.add(node, CKG.figure, fig)
            self.add(fig, RDF.type, CKG.Figure)
            if figure.count is not None:
                self.add(fig, CKG.count, _int(figure.count))
            self.add(fig, CKG.qualifier, QUALIFIER_TERMS.get(figure.qualifier or ""))
            self.add(fig, CKG.outcome, OUTCOME_TERMS.get(figure.outcome or ""))
            self.add(fig, CKG.victims, self.node(figure.victims))
            if figure.part_of is not None and 0 <= figure.part_of < len(event.figures):
                self.add(fig, CKG.partOfFigure, URIRef(f"{node}/figure/{figure.part_of}"))
            label = figure.span.text if figure.span else f"{figure.count}"
            self.add(fig, RDFS.label, _text(label))
        self.provenance(node, event.mentions or [event.trigger])

    def map_interval(self, node: URIRef, interval: tuple[date, date]) -> None:
        start, end = interval
        span = URIRef(f"{node}/during")
        self.add(node, CKG.during, span)
        self.add(span, RDF.type, TIME.Interval)
        for prop, day in ((TIME.hasBeginning, start), (TIME.hasEnd, end)):
            instant = URIRef(f"{span}/{day.isoformat()}")
            self.add(span, prop, instant)
            self.add(instant, RDF.type, TIME.Instant)
            self.add(instant, TIME.inXSDDate, _date(day))


def document_quads(document: Document) -> list[ox.Quad]:
    """One document's triples, as Oxigraph quads in its named graph."""
    mapper = _Mapper(document)
    mapper.map()
    return list(dict.fromkeys(mapper.quads))  # a triple said twice is one triple


def quads_graph(quads: list[ox.Quad], doc_id: str) -> Graph:
    """A document's quads as an rdflib graph named after the document."""
    graph = Graph(identifier=graph_iri(doc_id))
    for prefix, ns in NAMESPACES.items():
        graph.bind(prefix, ns)
    graph.addN((_rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object), graph) for q in quads)
    return graph


def document_graph(document: Document) -> Graph:
    """One document's triples, as an rdflib graph named after the document."""
    return quads_graph(document_quads(document), document.id)


def document_nquads(document: Document) -> str:
    """One document's triples as sorted N-Quads in its named graph."""
    # without an output file serialize returns the bytes (pyoxigraph's stub has no overload for that)
    text = cast(bytes, ox.serialize(document_quads(document), format=ox.RdfFormat.N_QUADS)).decode("utf-8")
    return "".join(sorted(line + "\n" for line in text.splitlines() if line))
