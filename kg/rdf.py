"""The mapping from the intermediate model (``kg.model``) to RDF.

One document becomes one named graph. Every node is an IRI built from the
document id and the model's stable keys, so the same input always gives the
same triples. No blank nodes: figures, evidence and intervals get IRIs too.

The mapper writes N-Quads text (``document_data``), which a store loads
without making a Python object per quad: at corpus scale, making them cost more
than writing the lines. Every IRI is checked once, when it is first made, and
literals are escaped as JSON strings, whose escapes N-Quads shares.
``document_quads`` parses the text into Oxigraph quads and ``document_graph``
into an rdflib graph, for file output.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, cast

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS, TIME
from rdflib.term import Node

from kg.evidence import Sentences
from kg.model import ACTOR_KINDS, PLACE_KINDS, Document, Entity, Event, Span
from kg.namespace import CKG, DATA_PREFIXES, GEO, GRAPH, ID, SCHEMA, WD, prefixes


def _iri(value: str) -> str:
    """An IRI in N-Quads (``<...>``), checked: a bad one raises ValueError here, not in the store."""
    return str(ox.NamedNode(value))


class _Terms:
    """A namespace's terms in N-Quads, each made (and checked) once: ``_CKG.evidence``."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):  # copy, pickle and the like probe for these: not terms
            raise AttributeError(name)
        node = _iri(str(self._namespace[name]))
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


_CKG, _RDF, _RDFS, _SKOS = _Terms(CKG), _Terms(RDF), _Terms(RDFS), _Terms(SKOS)
_DCTERMS, _SCHEMA, _TIME, _GEO = _Terms(DCTERMS), _Terms(SCHEMA), _Terms(TIME), _Terms(GEO)

QUALIFIER_TERMS = {
    "exact": _CKG.exactly,
    "at-least": _CKG.atLeast,
    "more-than": _CKG.moreThan,
    "around": _CKG.around,
    "up-to": _CKG.upTo,
    "less-than": _CKG.lessThan,
}
OUTCOME_TERMS = {"killed": _CKG.killed, "wounded": _CKG.wounded}
ACTION_TERMS = {
    "proposed": _CKG.proposed,
    "accepted": _CKG.accepted,
    "rejected": _CKG.rejected,
    "agreed": _CKG.agreed,
    "began": _CKG.began,
    "violated": _CKG.violated,
    "ended": _CKG.ended,
    "extended": _CKG.extended,
}
STATUS_TERMS = {
    "asserted": _CKG.asserted,
    "negated": _CKG.negated,
    "planned": _CKG.planned,
    "conditional": _CKG.conditional,
    "hypothetical": _CKG.hypothetical,
    "questioned": _CKG.questioned,
}
COMMUNICATION_KINDS = frozenset({"Proposal", "Rejection", "Acceptance", "Agreement", "Denial", "Statement"})
# A communication event about a ceasefire is a step in the ceasefire's life.
LIFECYCLE_ACTIONS = {"Proposal": "proposed", "Rejection": "rejected", "Acceptance": "accepted", "Agreement": "agreed"}
NAMESPACES = {prefix: Namespace(iri) for prefix, iri in prefixes(DATA_PREFIXES).items()}


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8", "surrogatepass"))


def safe_id(doc_id: str) -> str:
    """A document id made safe for an IRI path segment, one to one.

    Ids of ``[A-Za-z0-9._-]`` stay as they are; any other character is
    percent-encoded (its UTF-8 bytes), so ids that differ only in punctuation,
    case or script keep distinct IRIs. A leading ``_`` is encoded too: graph
    names starting with ``_`` are the store's bookkeeping (``_builds``). The
    empty id is ``~``, which no other id gives.
    """
    if not doc_id:
        return "~"
    encoded = _UNSAFE.sub(_percent, doc_id)
    return "%5F" + encoded[1:] if encoded.startswith("_") else encoded


def graph_iri(doc_id: str) -> URIRef:
    """The IRI of the named graph that holds one document's triples."""
    return GRAPH[safe_id(doc_id)]


def document_iri(doc_id: str) -> URIRef:
    """The IRI of the document itself."""
    return ID[safe_id(doc_id)]


def node_iri(doc_id: str, key: str) -> URIRef:
    """The IRI of an entity, event or claim of a document."""
    return ID[f"{safe_id(doc_id)}/{key}"]


_XSD_DATE = _iri(str(XSD.date))
_XSD_INTEGER = _iri(str(XSD.integer))
_XSD_ANY_URI = _iri(str(XSD.anyURI))
_XSD_STRING = str(XSD.string)
_XSD_DECIMAL = _iri(str(XSD.decimal))


def _date(value: date) -> str:
    return f'"{value.isoformat()}"^^{_XSD_DATE}'


def _int(value: int) -> str:
    return f'"{int(value)}"^^{_XSD_INTEGER}'


def _text(value: str) -> str:
    # JSON's string escapes (\" \\ \n \r \t \b \f \uXXXX) are all N-Quads escapes too.
    return json.dumps(value, ensure_ascii=False)


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


def decimal_text(value: float) -> str:
    """A coordinate as an xsd:decimal in canonical form (no trailing zeros, as a store keeps it), to six places:
    a graph file and a store's export of the same documents then hold the same bytes."""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def rdflib_term(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.DefaultGraph | ox.Triple) -> Node:
    """The rdflib term for an Oxigraph term (no blank nodes: the mapping writes none)."""
    return _rdflib(term)


class _Mapper:
    """Writes one document's triples as N-Quads lines in the document's named graph.

    Terms are N-Quads text: IRIs ``<...>`` (made with ``_iri`` or a ``_Terms``,
    or a checked IRI plus a suffix of safe characters) and literals from ``_text``,
    ``_int`` and ``_date``.
    """

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.graph_name = _iri(str(graph_iri(document.id)))
        self.lines: list[str] = []
        self.doc_node = _iri(str(document_iri(document.id)))
        self.prefix = str(document_iri(document.id)) + "/"  # + a key: the IRI node_iri gives
        self.nodes: dict[str, str] = {}  # each IRI is made (and checked) once
        self.events = {event.key: event for event in document.events}
        self.entities = {entity.key: entity for entity in document.entities}
        self.sentences = Sentences(document)
        self.evidence_nodes: dict[tuple[int, int], str] = {}  # (start, end) of a sentence -> its node

    def node(self, key: str | None) -> str | None:
        """The node of a model key (an entity, event or claim), or None for no key."""
        if not key:
            return None
        found = self.nodes.get(key)
        if found is None:
            found = self.nodes[key] = _iri(self.prefix + key)
        return found

    def add(self, s: str | None, p: str, o: str | None) -> None:
        if s is not None and o is not None:
            self.lines.append(f"{s} {p} {o} {self.graph_name} .\n")

    def map(self) -> None:
        self.map_document()
        for entity in self.doc.entities:
            self.map_entity(entity)
        for event in self.doc.events:
            self.map_event(event)
        for claim in self.doc.claims:
            node = self.node(claim.key)
            self.add(node, _RDF.type, _CKG.Claim)
            self.add(node, _RDFS.label, _text(claim.text))
            self.add(node, _CKG.claimant, self.node(claim.claimant))
            self.add(node, _CKG.claimAbout, self.node(claim.event))
            self.provenance(node, [claim.span])
        for one, other in self.doc.alliances:
            if one != other:
                self.link(self.node(one), "allyOf", other, (self.spans_of(one), self.spans_of(other)))
                self.link(self.node(other), "allyOf", one, (self.spans_of(other), self.spans_of(one)))

    def map_document(self) -> None:
        doc, node = self.doc, self.doc_node
        self.add(node, _RDF.type, _CKG.Document)
        self.add(node, _DCTERMS.identifier, _text(doc.id))
        self.add(node, _RDFS.label, _text(doc.title or doc.id))
        if doc.title:
            self.add(node, _DCTERMS.title, _text(doc.title))
        if doc.published:
            self.add(node, _CKG.published, _date(doc.published))
        if doc.url:
            self.add(node, _SCHEMA.url, f"{_text(doc.url)}^^{_XSD_ANY_URI}")
        if doc.file_name:
            self.add(node, _CKG.fileName, _text(doc.file_name))

    def provenance(self, node: str | None, spans: list[Span]) -> None:
        """The document that mentions a node, and the support of its mentions."""
        if node is None:
            return
        self.add(node, _CKG.mentionedIn, self.doc_node)
        self.support(node, spans)

    def support(self, node: str, spans: list[Span]) -> None:
        """Each mention's offsets (``ckg:span``) and the evidence of the sentences that hold them."""
        for span in sorted({(int(s.start), int(s.end)) for s in spans}):
            self.add(node, _CKG.span, _text(f"{span[0]}-{span[1]}"))
        self.point(node, self.sentences.supporting(spans))

    def point(self, node: str, sentences: list[Span]) -> None:
        """``ckg:evidence`` to each sentence, and ``ckg:firstEvidence`` to the first (what the canned queries show)."""
        for index, sentence in enumerate(sentences):
            evidence = self.evidence(sentence)
            self.add(node, _CKG.evidence, evidence)
            if index == 0:
                self.add(node, _CKG.firstEvidence, evidence)

    def evidence(self, sentence: Span) -> str:
        """The evidence node of one sentence, shared by every fact the sentence supports."""
        key = (int(sentence.start), int(sentence.end))
        found = self.evidence_nodes.get(key)
        if found is None:
            found = self.evidence_nodes[key] = _below(self.doc_node, f"sentence/{key[0]}-{key[1]}")
            self.add(found, _RDF.type, _CKG.Evidence)
            self.add(found, _CKG.document, self.doc_node)
            self.add(found, _CKG.start, _int(key[0]))
            self.add(found, _CKG.end, _int(key[1]))
            self.add(found, _CKG.quote, _text(sentence.text))
        return found

    def link(self, subject: str | None, prop: str, key: str | None, spans: tuple[list[Span], list[Span]]) -> None:
        """A link between two nodes, and a statement about it (``rdf:Statement`` style) that carries its evidence.

        ``prop`` is a ckg: local name; the evidence is the sentence where the two
        ends are named closest together (``Sentences.linking``).
        """
        target = self.node(key)
        if subject is None or target is None or key is None:
            return
        self.add(subject, _CKG[prop], target)
        statement = _below(subject, f"{prop}/{safe_id(key)}")
        self.add(statement, _RDF.subject, subject)
        self.add(statement, _RDF.predicate, _CKG[prop])
        self.add(statement, _RDF.object, target)
        self.point(statement, self.sentences.linking(*spans))

    def spans_of(self, key: str | None) -> list[Span]:
        """The mentions of an entity, event or claim (its trigger for an event without mentions)."""
        entity = self.entities.get(key or "")
        if entity is not None:
            return entity.mentions
        event = self.events.get(key or "")
        if event is not None:
            return event.mentions or [event.trigger]
        return []

    def map_entity(self, entity: Entity) -> None:
        node = self.node(entity.key)
        self.add(node, _RDF.type, _CKG[entity.kind])
        if entity.kind in ACTOR_KINDS:
            self.add(node, _RDF.type, _CKG.Actor)
        elif entity.kind in PLACE_KINDS:
            self.add(node, _RDF.type, _CKG.Place)
        self.add(node, _RDFS.label, _text(entity.label))
        for alias in sorted(set(entity.aliases) - {entity.label}):
            self.add(node, _SKOS.altLabel, _text(alias))
        if entity.wikidata:
            self.add(node, _SKOS.exactMatch, _iri(f"{WD}{entity.wikidata}"))
        if entity.coordinates is not None and entity.kind in PLACE_KINDS:
            lat, long = entity.coordinates
            self.add(node, _GEO.lat, f'"{decimal_text(lat)}"^^{_XSD_DECIMAL}')
            self.add(node, _GEO.long, f'"{decimal_text(long)}"^^{_XSD_DECIMAL}')
        if entity.within and entity.within != entity.key:
            self.link(node, "within", entity.within, (entity.mentions, self.spans_of(entity.within)))
            self.add(node, _CKG.partOf, self.node(entity.within))
        if entity.affiliation != entity.key:
            self.link(node, "affiliatedWith", entity.affiliation,
                      (entity.mentions, self.spans_of(entity.affiliation)))
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
        node = self.node(event.key)
        if node is None:
            return
        for cls in (_CKG.Event, _CKG[event.kind], _CKG[event.subtype] if event.subtype else None):
            self.add(node, _RDF.type, cls)
        if event.kind in COMMUNICATION_KINDS:
            self.add(node, _RDF.type, _CKG.CommunicationEvent)
        self.add(node, _RDFS.label, _text(self.event_label(event)))
        self.add(node, _CKG.status, STATUS_TERMS.get(event.status, _CKG.asserted))
        roles = (
            (_CKG.agent, event.agent),
            (_CKG.opponent, event.opponent),
            (_CKG.target, event.target),
            (_CKG.place, event.place),
            (_CKG.capturedFrom, event.captured_from),
            (_CKG.addressee, event.addressee),
        )
        for prop, key in roles:
            self.add(node, prop, self.node(key))
        self.link(node, "source", event.source, (self.spans_of(event.key), self.spans_of(event.source)))
        if event.topic in self.events and event.kind in ("Rejection", "Acceptance"):
            self.add(node, _CKG.respondsTo, self.node(event.topic))
        elif event.topic in self.entities:
            self.add(node, _CKG.about, self.node(event.topic))
        ceasefire = self.ceasefire_of(event)
        action = event.action or (LIFECYCLE_ACTIONS.get(event.kind) if ceasefire else None)
        if ceasefire is not None and action in ACTION_TERMS:
            self.add(node, _CKG.about, self.node(ceasefire.key))
            self.add(node, _CKG.action, ACTION_TERMS[action])
        self.add(node, _CKG.denies, self.node(event.claim))
        if event.date:
            self.add(node, _CKG.date, _date(event.date))
        if event.interval:
            self.map_interval(node, event.interval)
        figures = [_below(node, f"figure/{index}") for index in range(len(event.figures))]
        for index, figure in enumerate(event.figures):
            fig = figures[index]
            self.add(node, _CKG.figure, fig)
            self.add(fig, _RDF.type, _CKG.Figure)
            if figure.count is not None:
                self.add(fig, _CKG.count, _int(figure.count))
            self.add(fig, _CKG.qualifier, QUALIFIER_TERMS.get(figure.qualifier or ""))
            self.add(fig, _CKG.outcome, OUTCOME_TERMS.get(figure.outcome or ""))
            self.add(fig, _CKG.victims, self.node(figure.victims))
            if figure.part_of is not None and 0 <= figure.part_of < len(event.figures):
                self.add(fig, _CKG.partOfFigure, figures[figure.part_of])
            label = figure.span.text if figure.span else f"{figure.count}"
            self.add(fig, _RDFS.label, _text(label))
            self.support(fig, [figure.span] if figure.span else [event.trigger])
        self.provenance(node, event.mentions or [event.trigger])

    def map_interval(self, node: str, interval: tuple[date, date]) -> None:
        start, end = interval
        span = _below(node, "during")
        self.add(node, _CKG.during, span)
        self.add(span, _RDF.type, _TIME.Interval)
        for prop, day in ((_TIME.hasBeginning, start), (_TIME.hasEnd, end)):
            instant = _below(span, day.isoformat())
            self.add(span, prop, instant)
            self.add(instant, _RDF.type, _TIME.Instant)
            self.add(instant, _TIME.inXSDDate, _date(day))


def _below(node: str, path: str) -> str:
    """The IRI ``node`` + ``/path`` (a path of letters, digits, ``/`` and ``-``: nothing to check)."""
    return f"{node[:-1]}/{path}>"


def document_data(document: Document) -> bytes:
    """One document's triples as N-Quads in its named graph: what a store loads."""
    mapper = _Mapper(document)
    mapper.map()
    return "".join(dict.fromkeys(mapper.lines)).encode("utf-8")  # a triple said twice is one triple


def document_quads(document: Document) -> list[ox.Quad]:
    """One document's triples, as Oxigraph quads in its named graph."""
    return list(ox.parse(document_data(document), format=ox.RdfFormat.N_QUADS))


def quads_graph(quads: list[ox.Quad], doc_id: str) -> Graph:
    """A document's quads as an rdflib graph named after the document."""
    graph = Graph(identifier=graph_iri(doc_id))
    for prefix, ns in NAMESPACES.items():
        graph.bind(prefix, ns, replace=True)
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
