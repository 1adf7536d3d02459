"""Read what a report shows out of a graph: documents, evidence, places, actors, events, links.

This is the one place that knows how the graph records evidence and
coordinates; the HTML page and the CSV table only see the plain records below.
Evidence is read from ``ckg:evidence`` nodes (``ckg:document``, ``ckg:start``,
``ckg:end``, ``ckg:quote``), whether they quote a mention or its whole sentence;
mention offsets (``ckg:span "start-end"``), where the graph keeps them, mark the
names and triggers inside the sentences. A link (an alliance) takes the evidence
of its statement (``rdf:subject``/``rdf:predicate``/``rdf:object`` with
``ckg:evidence``), else the nearest evidence of its two ends. Coordinates come from the graph
(WGS84 ``geo:lat``/``geo:long``) or, for places that carry none, from the
offline gazetteer by Wikidata id (``kg.report.coords``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.model import ACTOR_KINDS, ATTACK_SUBTYPES, EVENT_KINDS, PLACE_KINDS
from kg.namespace import PREFIXES, prefixes
from kg.store.sparql import load_files, select

WD = PREFIXES["wd"]
# WGS84 coordinates; kept here until kg.namespace declares them with the places' coordinates.
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
_HEADER = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in
                  {**prefixes(("ckg", "rdf", "rdfs", "skos", "dcterms", "schema")), "geo": GEO}.items())


@dataclass
class Evidence:
    """A span of a document that supports a statement."""

    iri: str
    document: str  # the document node's IRI
    start: int
    end: int
    quote: str


@dataclass
class DocumentInfo:
    """A document of the graph."""

    iri: str
    ident: str
    title: str
    published: str = ""
    url: str = ""


@dataclass
class Node:
    """A place or an actor of one document (``kind`` is its most specific class)."""

    iri: str
    label: str
    kind: str
    wikidata: str = ""
    lat: float | None = None
    lon: float | None = None
    within: str = ""  # the enclosing place's IRI
    evidence: list[str] = field(default_factory=list)


@dataclass
class EventInfo:
    """An event told as having happened (status asserted)."""

    iri: str
    kind: str
    subtype: str
    label: str
    date: str = ""
    roles: dict[str, list[str]] = field(default_factory=dict)  # role (agent, opponent, ...) -> node IRIs
    figures: list[str] = field(default_factory=list)  # "10000 killed", "more than 200"
    evidence: list[str] = field(default_factory=list)


@dataclass
class Link:
    """A link between two actors: an alliance, or a clash or attack event."""

    kind: str  # ally | clash | attack
    source: str
    target: str
    evidence: str = ""
    event: str = ""


@dataclass
class GraphView:
    """Everything a report or the event table shows, read once from a store."""

    documents: dict[str, DocumentInfo]
    evidence: dict[str, Evidence]
    places: dict[str, Node]
    actors: dict[str, Node]
    events: dict[str, EventInfo]
    links: list[Link]
    mentions: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # node -> its mention offsets


def open_source(graphs: list[Path], store: Path | None) -> ox.Store:
    """The Oxigraph store to read: graph files loaded in memory (with the ontology), or a store folder."""
    if bool(graphs) == (store is not None):
        raise KgError(Errors.E018)
    if store is not None:
        from kg.store import open_store

        return open_store(store, read_only=True)
    return load_files(graphs)


def check_not_input(output: Path, graphs: list[Path]) -> None:
    """Refuse an output file that is one of the graph files read (E062)."""
    target = output.resolve()
    if any(target == graph.resolve() for graph in graphs if graph.exists()):
        raise KgError(Errors.E062, path=output)


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    """A SELECT's rows as plain strings (unbound variables left out)."""
    solutions = select(store, _HEADER + query)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def read_documents(store: ox.Store) -> dict[str, DocumentInfo]:
    rows = _rows(store, """SELECT ?d ?id ?label ?title ?published ?url WHERE {
        ?d a ckg:Document . OPTIONAL { ?d dcterms:identifier ?id } OPTIONAL { ?d rdfs:label ?label }
        OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d ckg:published ?published }
        OPTIONAL { ?d schema:url ?url } }""")
    docs: dict[str, DocumentInfo] = {}
    for r in rows:
        ident = r.get("id") or r["d"].rsplit("/", 1)[-1]
        docs.setdefault(r["d"], DocumentInfo(r["d"], ident, r.get("title") or r.get("label") or ident,
                                             r.get("published", ""), r.get("url", "")))
    return dict(sorted(docs.items(), key=lambda kv: (kv[1].published, kv[1].ident)))


def read_evidence(store: ox.Store) -> tuple[dict[str, Evidence], dict[str, list[str]]]:
    """Every evidence node, and for each node the evidence that supports it (in text order)."""
    rows = _rows(store, """SELECT ?e ?d ?start ?end ?quote WHERE {
        ?e a ckg:Evidence ; ckg:document ?d ; ckg:start ?start ; ckg:end ?end .
        OPTIONAL { ?e ckg:quote ?quote } }""")
    evidence = {r["e"]: Evidence(r["e"], r["d"], int(r["start"]), int(r["end"]), r.get("quote", "")) for r in rows}
    supports: dict[str, list[str]] = defaultdict(list)
    for r in _rows(store, "SELECT ?n ?e WHERE { ?n ckg:evidence ?e }"):
        if r["e"] in evidence:
            supports[r["n"]].append(r["e"])
    for key, found in supports.items():
        supports[key] = sorted(set(found), key=lambda e: (evidence[e].document, evidence[e].start, evidence[e].end))
    return evidence, supports


def read_mentions(store: ox.Store) -> dict[str, list[tuple[int, int]]]:
    """Each node's mention offsets (``ckg:span "start-end"``), where the graph records them."""
    mentions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in _rows(store, "SELECT ?n ?span WHERE { ?n ckg:span ?span }"):
        start, _, end = r["span"].partition("-")
        if start.isdigit() and end.isdigit():
            mentions[r["n"]].append((int(start), int(end)))
    return {node: sorted(spans) for node, spans in mentions.items()}


def _most_specific(types: set[str], kinds: tuple[str, ...]) -> str:
    for kind in reversed(kinds):  # the kinds lists put the general classes first
        if kind in types:
            return kind
    return kinds[0]


def read_nodes(store: ox.Store, root: str, kinds: tuple[str, ...],
               supports: dict[str, list[str]]) -> dict[str, Node]:
    """The places (root ``Place``) or actors (root ``Actor``) with their label, class, link and coordinates."""
    rows = _rows(store, f"""SELECT ?n ?label ?type ?match ?lat ?long ?within WHERE {{
        ?n a ckg:{root} ; rdfs:label ?label ; a ?type .
        OPTIONAL {{ ?n skos:exactMatch ?match FILTER STRSTARTS(STR(?match), "{WD}") }}
        OPTIONAL {{ ?n geo:lat ?lat ; geo:long ?long }}
        OPTIONAL {{ ?n ckg:within ?within }} }}""")
    types: dict[str, set[str]] = defaultdict(set)
    nodes: dict[str, Node] = {}
    for r in rows:
        types[r["n"]].add(_local(r["type"]))
        node = nodes.setdefault(r["n"], Node(r["n"], r["label"], "", evidence=supports.get(r["n"], [])))
        node.wikidata = node.wikidata or r.get("match", "").removeprefix(WD)
        node.within = node.within or r.get("within", "")
        if node.lat is None and "lat" in r:
            node.lat, node.lon = float(r["lat"]), float(r["long"])
    for iri, node in nodes.items():
        node.kind = _most_specific(types[iri], kinds)
    return nodes


def read_events(store: ox.Store, supports: dict[str, list[str]]) -> dict[str, EventInfo]:
    """The asserted events with their roles, date and figures."""
    rows = _rows(store, """SELECT ?ev ?type ?label ?date WHERE {
        ?ev a ckg:Event ; ckg:status ckg:asserted ; a ?type . OPTIONAL { ?ev rdfs:label ?label }
        OPTIONAL { ?ev ckg:date ?date } }""")
    types: dict[str, set[str]] = defaultdict(set)
    events: dict[str, EventInfo] = {}
    for r in rows:
        types[r["ev"]].add(_local(r["type"]))
        events.setdefault(r["ev"], EventInfo(r["ev"], "", "", r.get("label", ""), r.get("date", ""),
                                             evidence=supports.get(r["ev"], [])))
    for iri, event in events.items():
        event.kind = _most_specific(types[iri], EVENT_KINDS[::-1])  # EVENT_KINDS lists no general class
        event.subtype = next((s for s in ATTACK_SUBTYPES if s in types[iri]), "")
    roles = "agent opponent target place capturedFrom addressee source".split()
    for r in _rows(store, f"""SELECT ?ev ?role ?n WHERE {{ VALUES ?role {{ {' '.join('ckg:' + x for x in roles)} }}
            ?ev ckg:status ckg:asserted ; ?role ?n }}"""):
        if r["ev"] in events:
            events[r["ev"]].roles.setdefault(_local(r["role"]), []).append(r["n"])
    for r in _rows(store, """SELECT ?ev ?count ?qualifier ?outcome WHERE {
            ?ev ckg:status ckg:asserted ; ckg:figure ?f . OPTIONAL { ?f ckg:count ?count }
            OPTIONAL { ?f ckg:qualifier ?qualifier } OPTIONAL { ?f ckg:outcome ?outcome } }"""):
        if r["ev"] in events and "count" in r:
            words = [_local(r[k]) for k in ("qualifier", "outcome") if k in r]
            events[r["ev"]].figures.append(" ".join([r["count"], *words]))
    for event in events.values():
        for nodes in event.roles.values():
            nodes.sort()
        event.figures.sort()
    return dict(sorted(events.items(), key=lambda kv: (kv[1].date or "9999", kv[0])))


def _nearest(one: list[str], other: list[str], evidence: dict[str, Evidence]) -> str:
    """Of ``one``'s evidence, the span closest to some span of ``other`` in the same document."""
    best: tuple[int, str] | None = None
    for a in one:
        for b in other:
            ea, eb = evidence[a], evidence[b]
            if ea.document == eb.document:
                gap = max(ea.start, eb.start) - min(ea.end, eb.end)
                if best is None or gap < best[0]:
                    best = (gap, a)
    return best[1] if best else (one[0] if one else "")


def read_links(store: ox.Store, events: dict[str, EventInfo], actors: dict[str, Node],
               evidence: dict[str, Evidence]) -> list[Link]:
    """Alliances between actors, and the actor pairs of clashes and attacks."""
    links: list[Link] = []
    stated: dict[tuple[str, str], str] = {}
    for r in _rows(store, """SELECT ?a ?b ?e WHERE { ?st rdf:subject ?a ; rdf:predicate ckg:allyOf ;
            rdf:object ?b ; ckg:evidence ?e }"""):
        if r["e"] in evidence:
            key = (min(r["a"], r["b"]), max(r["a"], r["b"]))
            stated[key] = min(stated.get(key, r["e"]), r["e"])
    for r in _rows(store, "SELECT ?a ?b WHERE { ?a ckg:allyOf ?b FILTER (STR(?a) < STR(?b)) }"):
        if r["a"] in actors and r["b"] in actors:
            found = stated.get((r["a"], r["b"])) or _nearest(actors[r["a"]].evidence, actors[r["b"]].evidence,
                                                             evidence)
            links.append(Link("ally", r["a"], r["b"], found))
    for event in events.values():
        kind = {"Clash": "clash", "Attack": "attack"}.get(event.kind)
        other_role = "opponent" if kind == "clash" else "target"
        if kind is None:
            continue
        for agent in event.roles.get("agent", []):
            for other in event.roles.get(other_role, []):
                if agent in actors and other in actors and agent != other:
                    links.append(Link(kind, agent, other, event.evidence[0] if event.evidence else "", event.iri))
    return sorted(links, key=lambda link: (link.kind, link.source, link.target, link.event))


def read_graph(store: ox.Store, coordinates: Callable[[str], tuple[float, float] | None] | None = None) -> GraphView:
    """Read a report's records from a store; ``coordinates`` (QID -> lat, lon) fills places without any."""
    evidence, supports = read_evidence(store)
    places = read_nodes(store, "Place", PLACE_KINDS, supports)
    actors = read_nodes(store, "Actor", ("Actor", *ACTOR_KINDS), supports)
    if coordinates is not None:
        for place in places.values():
            if place.lat is None and place.wikidata:
                found = coordinates(place.wikidata)
                if found is not None:
                    place.lat, place.lon = found
    events = read_events(store, supports)
    links = read_links(store, events, actors, evidence)
    return GraphView(read_documents(store), evidence, places, actors, events, links, read_mentions(store))
