"""Link graphs built earlier: what ``kg link GRAPH... -o OUT`` runs.

Each document of the input graphs is rebuilt as far as linking needs it: its
places and actors (name from ``rdfs:label`` and ``skos:altLabel``, kind from the
``ckg:`` class), their evidence quotes put back at their character offsets, and
the title. :func:`kg.linking.link.link_document` then decides, and the new
links are added to the graph that holds the entity: ``skos:exactMatch`` to the
Wikidata IRI, and ``ckg:within`` / ``ckg:partOf`` to the enclosing place (with
the statement of the ``within`` link and its evidence, as the mapper makes it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import IdentifiedNode, Node

from kg.linking.gazetteer import Gazetteer
from kg.linking.link import link_document
from kg.model import ACTOR_KINDS, PLACE_KINDS, Document, Entity, Span
from kg.namespace import CKG, WD
from kg.rdf import safe_id

if TYPE_CHECKING:
    from kg.linking.online import WikidataLinker

_KIND_OF = {str(CKG[kind]): kind for kind in ACTOR_KINDS + PLACE_KINDS}
_ROOTS = {str(CKG.Actor), str(CKG.Place)}


@dataclass
class _Found:
    """An entity read back from RDF, with the graph that holds it."""

    node: URIRef
    graph: IdentifiedNode | None
    entity: Entity
    document: Node | None
    before: tuple[str | None, str | None] = field(default=(None, None))


def _kind(types: set[str]) -> str | None:
    specific = [_KIND_OF[t] for t in sorted(types) if t in _KIND_OF and t not in _ROOTS]
    if specific:
        return specific[0]
    return "Place" if str(CKG.Place) in types else None


def _entities(dataset: Dataset) -> list[_Found]:
    found: dict[URIRef, _Found] = {}
    for node, _, _, graph in dataset.quads((None, RDFS.label, None, None)):
        if not isinstance(node, URIRef) or node in found:
            continue
        types = {str(t) for t in dataset.objects(node, RDF.type)}
        kind = _kind(types)
        if kind is None:
            continue
        label = str(dataset.value(node, RDFS.label))
        aliases = sorted(str(a) for a in dataset.objects(node, SKOS.altLabel))
        entity = Entity(key=str(node), label=label, kind=kind, aliases=aliases)
        for match in dataset.objects(node, SKOS.exactMatch):
            if str(match).startswith(str(WD)):
                entity.wikidata = str(match)[len(str(WD)):]
        within = dataset.value(node, CKG.within)
        entity.within = str(within) if within is not None else None
        entity.mentions = _spans(dataset, node)
        found[node] = _Found(node, graph, entity, dataset.value(node, CKG.mentionedIn),
                             (entity.wikidata, entity.within))
    return list(found.values())


def _spans(dataset: Dataset, node: URIRef) -> list[Span]:
    """A node's mentions: its ``ckg:span`` offsets, with their words cut from its evidence sentences."""
    sentences = []
    for evidence in dataset.objects(node, CKG.evidence):
        start, quote = dataset.value(evidence, CKG.start), dataset.value(evidence, CKG.quote)
        if isinstance(start, Literal) and quote is not None:
            sentences.append((int(start.toPython()), str(quote)))
    spans = []
    for value in dataset.objects(node, CKG.span):
        first, _, last = str(value).partition("-")
        if not (first.isdigit() and last.isdigit()):
            continue
        begin, end = int(first), int(last)
        for offset, sentence in sentences:
            if offset <= begin and end <= offset + len(sentence):
                spans.append(Span(begin, end, sentence[begin - offset:end - offset]))
                break
    return sorted(spans, key=lambda s: (s.start, s.end))


def _text(dataset: Dataset, document: Node | None) -> str:
    """The document's evidence quotes at their offsets (the graph does not keep the full text)."""
    if document is None:
        return ""
    pieces: list[tuple[int, str]] = []
    for evidence in dataset.subjects(CKG.document, document):
        start, quote = dataset.value(evidence, CKG.start), dataset.value(evidence, CKG.quote)
        if isinstance(start, Literal) and quote is not None:
            pieces.append((int(start.toPython()), str(quote)))
    size = max((offset + len(text) for offset, text in pieces), default=0)
    chars = [" "] * size
    for offset, text in pieces:
        chars[offset:offset + len(text)] = text
    return "".join(chars)


def link_dataset(dataset: Dataset, gazetteer: Gazetteer | None, online: WikidataLinker | None = None) -> int:
    """Add Wikidata links and ``within`` to every document of a dataset; return how many triples were added."""
    union, dataset.default_union = dataset.default_union, True  # read across the named graphs
    try:
        return _link(dataset, gazetteer, online)
    finally:
        dataset.default_union = union


def _link(dataset: Dataset, gazetteer: Gazetteer | None, online: WikidataLinker | None) -> int:
    by_document: dict[Node | None, list[_Found]] = {}
    for item in _entities(dataset):
        by_document.setdefault(item.document, []).append(item)
    added = 0
    for document_node, items in sorted(by_document.items(), key=lambda kv: str(kv[0])):
        title = dataset.value(document_node, DCTERMS.title) if document_node is not None else None
        doc = Document(id=str(document_node or "graph"), text=_text(dataset, document_node),
                       title=str(title) if title is not None else None, entities=[i.entity for i in items])
        link_document(doc, gazetteer, online, country_places=False)  # new nodes would need the full mapping
        for item in items:
            target = dataset.graph(item.graph)
            qid, within = item.entity.wikidata, item.entity.within
            if qid and qid != item.before[0]:
                target.add((item.node, SKOS.exactMatch, WD[qid]))
                added += 1
            if within and within != item.before[1] and within != item.entity.key:
                target.add((item.node, CKG.within, URIRef(within)))
                target.add((item.node, CKG.partOf, URIRef(within)))
                added += 2 + _state_within(dataset, target, item.node, URIRef(within))
    return added


def _state_within(dataset: Dataset, target: Graph, node: URIRef, within: URIRef) -> int:
    """The statement of a new ``within`` link with its evidence: the first sentence that names the place."""
    first = min(dataset.objects(node, CKG.evidence), default=None,
                key=lambda e: int(cast(Literal, dataset.value(e, CKG.start) or Literal(0)).toPython()))
    if first is None:
        return 0
    statement = URIRef(f"{node}/within/{safe_id(str(within).rstrip('/').rsplit('/', 1)[-1])}")
    for triple in ((statement, RDF.subject, node), (statement, RDF.predicate, CKG.within),
                   (statement, RDF.object, within), (statement, CKG.evidence, first)):
        target.add(triple)
    return 4

