"""What consolidation reads: each document's actors, places and events, from its quads.

Consolidation works on RDF, not on the extraction model, so that it runs the same over
a file build's dataset and over a store that holds documents built long ago. ``read``
turns quads (rdflib or Oxigraph terms) into one small record per node.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kg.namespace import BUILDS_GRAPH, CKG, GRAPH, ID, ONTOLOGY_GRAPH

CKG_NS = str(CKG._NS)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
SKOS_MATCH = "http://www.w3.org/2004/02/skos/core#exactMatch"
DCTERMS_TITLE = "http://purl.org/dc/terms/title"
WIKIDATA = "http://www.wikidata.org/entity/"
CONSOLIDATED = str(GRAPH["consolidated"])
KEYS_GRAPH = str(GRAPH["_consolidation"])  # bookkeeping: each document's blocking keys (kg.consolidate.keys)
# Graphs that hold no document: the consolidated graph itself, the ontology, bookkeeping, inferences.
SKIPPED_GRAPHS = frozenset({CONSOLIDATED, str(ONTOLOGY_GRAPH), str(BUILDS_GRAPH), KEYS_GRAPH,
                            str(GRAPH["inferred"])})
ROLES = ("agent", "opponent", "target", "place", "capturedFrom", "addressee", "source", "about", "respondsTo",
         "denies")
ACTOR_CLASSES = frozenset({"Actor", "Person", "Organization", "Government", "StateArmedForce", "NonStateArmedGroup",
                           "InternationalOrganization", "NonGovernmentalOrganization", "MonitoringOrganization",
                           "MediaOrganization", "State", "Alliance"})
PLACE_CLASSES = frozenset({"Place", "Country", "Region", "City", "District", "PlacePart", "Facility"})


class _Empty(Mapping[str, str]):
    """An empty read-only mapping: one object for all the records that hold one, and pickled as that object."""

    __slots__ = ()

    def __getitem__(self, role: str) -> str:
        raise KeyError(role)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __reduce__(self) -> str:
        return "EMPTY"


EMPTY: Mapping[str, str] = _Empty()
NO_ROLES = EMPTY  # what a node without roles holds (most actors and places)
# A sentence of a correction that tells a figure as wrong ("wrongly said that 15 children died").
WITHDRAWN = re.compile(r"\bwrongly\b|\berroneously\b|\bincorrectly\b|\bmistakenly\b|\bmisreported\b|\bin error\b",
                       re.IGNORECASE)
# A document that presents itself as a correction says so in its title or in a sentence.
CORRECTION = re.compile(r"\bcorrection\b|\bcorrected\b|\bwrongly\b|\berroneously\b|\bincorrectly\b|\bmisreported\b",
                        re.IGNORECASE)


def kept_quote(quote: str) -> bool:
    """Whether a record keeps a sentence or a title: only ``kg.consolidate.figures`` reads them, to find
    corrections and the figures they tell as wrong, so the others are left out (records are held for every
    document)."""
    return bool(CORRECTION.search(quote) or WITHDRAWN.search(quote))


class Iri(str):
    """An IRI read from a quad (a plain ``str`` is a literal's text)."""

    __slots__ = ()


# Records are held for every node of a corpus (a file build's whole story): slots, no per-record dict.
@dataclass(slots=True)
class Figure:
    """One figure as a document gives it."""

    iri: str
    count: int | None = None
    qualifier: str | None = None
    outcome: str | None = None
    victims: str | None = None
    evidence: list[str] = field(default_factory=list)  # the sentences (ckg:Evidence IRIs) that give it


@dataclass(slots=True)
class Node:
    """An actor, place, ceasefire or event of one document."""

    iri: str
    graph: str
    # local names of ckg classes (one object per set of classes: records are held for every node)
    classes: AbstractSet[str] = frozenset()
    label: str | None = None
    aliases: AbstractSet[str] = frozenset()
    wikidata: str | None = None
    within: str | None = None
    roles: Mapping[str, str] = field(default_factory=lambda: NO_ROLES)  # role -> node IRI
    status: str | None = None
    action: str | None = None
    date: date | None = None
    during: str | None = None
    figures: Sequence[str] = ()
    # every (predicate, object), to copy; empty when read without them (a file build's records)
    triples: Sequence[tuple[str, Any]] = ()

    @property
    def family(self) -> str:
        """actor, place, event, ceasefire or other: what it may merge with."""
        if "Event" in self.classes:
            return "event"
        if "Ceasefire" in self.classes:
            return "ceasefire"
        if self.classes & ACTOR_CLASSES:
            return "actor"
        if self.classes & PLACE_CLASSES:
            return "place"
        return "other"

    @property
    def kind(self) -> str:
        """The most specific event kind (Attack, Capture, ...) or entity class."""
        generic = {"Event", "CommunicationEvent", "Actor", "Place"}
        specific = sorted(self.classes - generic)
        return specific[0] if specific else next(iter(sorted(self.classes)), "Thing")


@dataclass(slots=True)  # held for every document of a corpus: no per-record dict
class Document:
    """A document's graph: its date, whether it corrects earlier reports, its nodes."""

    graph: str
    published: date | None = None
    title: str | None = None  # kept when it may tell a correction (``kept_quote``): only then is it read
    # each sentence (ckg:Evidence IRI) -> its quote, of the sentences that may tell a correction (``kept_quote``)
    evidence: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    nodes: tuple[Node, ...] = ()  # in the order of their IRIs (``Corpus.nodes`` finds one by IRI)

    @property
    def quotes(self) -> list[str]:
        """The document's sentences that may tell a correction (the others are not kept)."""
        return list(self.evidence.values())


@dataclass
class Corpus:
    """Every document read, and every figure by IRI."""

    documents: dict[str, Document] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # the labels of other nodes: a figure's victims

    def node(self, iri: str | None) -> Node | None:
        """The node with this IRI, in whichever document."""
        return self.nodes.get(iri) if iri else None

    def label(self, iri: str | None) -> str | None:
        """The label of a node (an actor, place, event, or another node such as a figure's victims)."""
        if not iri:
            return None
        node = self.nodes.get(iri)
        return node.label if node is not None else self.labels.get(iri)


def combine(*parts: Corpus) -> Corpus:
    """One corpus of several read apart (documents in the order ``read`` gives: by graph)."""
    return combined(parts)


def combined(parts: Iterable[Corpus]) -> Corpus:
    """``combine`` over parts given one at a time (each may be dropped once it is combined)."""
    whole = Corpus()
    documents: list[tuple[str, Document]] = []
    for part in parts:
        whole.figures.update(part.figures)
        whole.nodes.update(part.nodes)
        whole.labels.update(part.labels)
        documents.extend(part.documents.items())
    whole.documents = dict(sorted(documents))
    return whole


def term(value: Any) -> Any:
    """A plain Python value for an rdflib or Oxigraph term: Iri, str, int or date."""
    module = type(value).__module__
    if module.startswith("rdflib"):
        from rdflib import Literal, URIRef

        if isinstance(value, URIRef):
            return Iri(value)
        if isinstance(value, Literal):
            py = value.toPython()
            return py if isinstance(py, (int, date)) and not isinstance(py, bool) else str(value)
        return str(value)
    kind = type(value).__name__
    if kind == "NamedNode":
        return Iri(value.value)
    if kind == "Literal":
        datatype = value.datatype.value
        if datatype.endswith("#integer"):
            return int(value.value)
        if datatype.endswith("#date"):
            try:
                return date.fromisoformat(value.value)
            except ValueError:
                return value.value
        return value.value
    return str(value)


def shared(corpus: Corpus) -> Corpus:
    """A corpus read back from disk (a document's records, pickled by a file build) with its strings and class
    sets shared again with the documents read before, as ``read`` shares them."""
    for node in corpus.nodes.values():
        node.classes = _CLASS_SETS.setdefault(node.classes, node.classes)  # type: ignore[arg-type]
        if node.label is not None:
            node.label = sys.intern(node.label)
        if node.aliases:
            node.aliases = frozenset(map(sys.intern, node.aliases))
        if node.wikidata is not None:
            node.wikidata = sys.intern(node.wikidata)
    for figure in corpus.figures.values():
        figure.qualifier = sys.intern(figure.qualifier) if figure.qualifier is not None else None
        figure.outcome = sys.intern(figure.outcome) if figure.outcome is not None else None
    for iri, label in corpus.labels.items():
        corpus.labels[iri] = sys.intern(label)
    return corpus


def _local(iri: str) -> str | None:
    """A ckg term's local name, one string object per name (records hold it for every node)."""
    return sys.intern(iri[len(CKG_NS):]) if iri.startswith(CKG_NS) else None


def read(quads: Iterable[tuple[Any, Any, Any, Any]], triples: bool = True, name: str | None = None) -> Corpus:
    """Read every document graph's nodes (quads as (s, p, o, g) in rdflib or Oxigraph terms);
    ``triples=False`` leaves out each node's pairs (``Node.triples``), for a reader that gives them
    again when the consolidated graph is written (a file build's, from its spilled lines); ``name``, a
    graph's IRI that the caller holds already, is used for that graph (not a string of its own)."""
    corpus = Corpus()
    by_graph: dict[str, dict[str, list[tuple[str, Any]]]] = {}
    prefix = str(GRAPH)
    predicates: dict[str, str] = {}  # one string per predicate: every node's pairs hold them
    graphs: dict[str, str] = {name: name} if name else {}  # one string object per graph
    for s, p, o, g in quads:
        graph = str(g.value if hasattr(g, "value") else g)
        if graph in SKIPPED_GRAPHS or not graph.startswith(prefix):
            continue
        graph = graphs.setdefault(graph, graph)
        subject = str(s.value if hasattr(s, "value") else s)
        predicate = str(p.value if hasattr(p, "value") else p)
        predicate = predicates.setdefault(predicate, predicate)
        by_graph.setdefault(graph, {}).setdefault(subject, []).append((predicate, term(o)))
    for graph, subjects in sorted(by_graph.items()):  # sorted: the result never depends on the quads' order
        document = corpus.documents[graph] = _document(graph, dict(sorted(subjects.items())), corpus, triples)
        corpus.nodes.update((node.iri, node) for node in document.nodes)
    return corpus


def _document(graph: str, subjects: dict[str, list[tuple[str, Any]]], corpus: Corpus, triples: bool) -> Document:
    document = Document(graph)
    iris = {subject: subject for subject in subjects}  # a role names a node by the node's own IRI object
    evidence: dict[str, str] = {}
    nodes: list[Node] = []
    for subject, pairs in subjects.items():
        classes = {_local(o) for p, o in pairs if p == RDF_TYPE and isinstance(o, Iri)} - {None}
        if "Document" in classes:
            for p, o in pairs:
                if p == CKG_NS + "published" and isinstance(o, date):
                    document.published = o
                elif p == DCTERMS_TITLE and kept_quote(title := str(o)):
                    document.title = title
        elif "Figure" in classes:
            corpus.figures[subject] = _figure(subject, pairs)
        elif "Evidence" in classes:
            evidence.update((subject, quote) for p, o in pairs if p == CKG_NS + "quote" and kept_quote(quote := str(o)))
        elif classes and subject.startswith(str(ID)):
            node = _node(subject, graph, pairs, classes, triples, iris)  # type: ignore[arg-type]
            if node.family != "other":
                nodes.append(node)
            elif node.label:
                corpus.labels[subject] = node.label
    if evidence:
        document.evidence = evidence
    document.nodes = tuple(nodes)  # a tuple, not a dict: records are held for every document of a corpus
    return document


def _figure(iri: str, pairs: list[tuple[str, Any]]) -> Figure:
    figure = Figure(iri)
    for p, o in pairs:
        name = _local(p)
        if name == "count" and isinstance(o, int):
            figure.count = o
        elif name in ("qualifier", "outcome") and isinstance(o, Iri):
            setattr(figure, name, _local(o))
        elif name == "victims":
            figure.victims = str(o)
        elif name == "evidence":
            figure.evidence.append(str(o))
    return figure


_CLASS_SETS: dict[frozenset[str], frozenset[str]] = {}  # each set of classes met, to share


def _node(iri: str, graph: str, pairs: list[tuple[str, Any]], classes: set[str], triples: bool,
          iris: dict[str, str]) -> Node:
    node = Node(iri, graph, classes=_CLASS_SETS.setdefault(frozenset(classes), frozenset(classes)),
                triples=pairs if triples else ())
    aliases: set[str] = set()
    roles: dict[str, str] = {}
    figures: list[str] = []
    for p, o in pairs:
        name = _local(p)
        if p == RDFS_LABEL:
            node.label = sys.intern(str(o))  # names repeat across a story's reports: one string each
        elif p == SKOS_ALT:
            aliases.add(sys.intern(str(o)))
        elif p == SKOS_MATCH and str(o).startswith(WIKIDATA):
            node.wikidata = sys.intern(str(o)[len(WIKIDATA):])
        elif name == "within":
            node.within = iris.get(o, str(o))
        elif name in ROLES:
            roles[name] = iris.get(o, str(o))
        elif name == "status":
            node.status = _local(str(o))
        elif name == "action":
            node.action = _local(str(o))
        elif name == "date" and isinstance(o, date):
            node.date = o
        elif name == "during":
            node.during = iris.get(o, str(o))
        elif name == "figure":
            figures.append(iris.get(o, str(o)))
    if aliases:
        node.aliases = frozenset(aliases)
    if roles:  # most nodes have none: they share NO_ROLES
        node.roles = roles
    if figures:
        node.figures = figures
    return node
