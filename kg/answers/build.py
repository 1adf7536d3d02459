"""Computing a store's answer index: every canned question's whole answer, and its parts for narrowing.

Per question (``kg.answers.shapes``): its whole answer in order, as SPARQL's TSV results
(N-Triples terms) in one blob that a reader streams, and each row's cells apart; its parts, each with its row, its least
support, its reports and its days; and per part, the nodes narrowing may name: for a role read
from the event (``ckg:agent``...), the nodes that role leads to; for a role that is the row's
own node (``?thing``, ``?where``...), that node (0 when unbound: SPARQL's ``VALUES`` joins an
unbound variable with any value). Nodes and reports are numbered (in memory: the tables keep the numbers). Each
node the parts name has its handles (``kg.answers.handles``): the names and items that narrow to
it, so that a narrowing is one lookup of what it asks.

The index is written to a temporary file beside the store and renamed into place at the end,
so a build killed midway leaves the old index (found stale, never served) or none.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from kg import resources
from kg.answers.handles import Reach
from kg.answers.order import Unsortable, ordered
from kg.answers.shapes import Shape, Unshaped, shape
from kg.namespace import WD
from kg.narrowing import CKG, INSIDE, NAMES, RDFS, SAME_ACTOR, SKOS, SPECS

VERSION = "7"  # of the tables: an index of another version is not used
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE questions (name TEXT PRIMARY KEY, id INTEGER NOT NULL, columns TEXT NOT NULL, dated INTEGER NOT NULL);
CREATE TABLE wholes (question INTEGER PRIMARY KEY, tsv BLOB NOT NULL);
CREATE TABLE rows (question INTEGER NOT NULL, pos INTEGER NOT NULL, cells TEXT NOT NULL,
                   PRIMARY KEY (question, pos)) WITHOUT ROWID;
CREATE TABLE parts (question INTEGER NOT NULL, unit INTEGER NOT NULL, pos INTEGER NOT NULL, first TEXT,
                    reports TEXT NOT NULL, told INTEGER NOT NULL, day TEXT, until TEXT);
CREATE TABLE keys (question INTEGER NOT NULL, kind TEXT NOT NULL, node INTEGER NOT NULL, unit INTEGER NOT NULL);
CREATE TABLE handles (kind TEXT NOT NULL, handle TEXT NOT NULL, node INTEGER NOT NULL);
CREATE TABLE held (qid TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE named (label TEXT NOT NULL, qid TEXT NOT NULL);
"""
INDEXES = """
CREATE INDEX parts_unit ON parts (question, unit);
CREATE INDEX parts_day ON parts (question, day);
CREATE INDEX keys_node ON keys (question, kind, node);
CREATE INDEX handles_handle ON handles (kind, handle);
CREATE INDEX named_label ON named (label);
"""
# What the handles are computed from (``kg.answers.handles``): the labels of each node, the Wikidata items linked,
# and the steps from a place to what lies within it or the node merging it ("p"), from an actor to its merged
# node or to the mentions merged into it ("a").
LABELS = (f"{RDFS}label", f"{SKOS}altLabel")  # NAMES, one plain pattern each, repeats dropped in Python
assert NAMES == "|".join(f"<{p}>" for p in LABELS)
ITEMS = f"SELECT DISTINCT ?node ?item WHERE {{ ?node <{SKOS}exactMatch> ?item }}"
# Each step as its predicate read forwards (True) or backwards, one plain pattern per predicate: cheaper than
# the alternative path with DISTINCT, the repeats (one link told in several graphs) dropped here.
STEPS = {"p": ((f"{CKG}within", False), (f"{CKG}consolidates", False)),
         "a": ((f"{CKG}mergedInto", True), (f"{CKG}mergedInto", False))}
assert INSIDE == "|".join(f"{'' if forward else '^'}<{p}>" for p, forward in STEPS["p"])
assert SAME_ACTOR == "|".join(f"{'' if forward else '^'}<{p}>" for p, forward in STEPS["a"])

Select = Callable[[str], ox.QuerySolutions]
Term = ox.NamedNode | ox.BlankNode | ox.Literal | None


def digest() -> str:
    """What the index depends on besides the store: its version, the questions and what narrowing reads."""
    import hashlib

    parts = [VERSION, repr(sorted(SPECS.items()))]
    parts += [f"{name}\n{resources.query_text(name)}" for name in resources.query_names()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def cell(term: Term) -> str:
    """A term as a cell of SPARQL's TSV results: N-Triples syntax, empty when unbound."""
    return "" if term is None else str(term)


def day(term: Term) -> str | None:
    """The ISO day of a date key ("" when the row has no date); ``ValueError`` for a date the index cannot
    compare as SPARQL does (not an ``xsd:date`` of a valid day)."""
    if isinstance(term, ox.Literal) and term.value == "" and term.datatype.value.endswith("#string"):
        return None
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_DATE and _DAY.fullmatch(term.value):
        date.fromisoformat(term.value)  # raises ValueError for a day that does not exist
        return term.value
    raise ValueError(f"not a day: {term}")


@dataclass
class Numbering:
    """Node and report IRIs numbered from 1 (0 stands for an unbound node)."""

    ids: dict[str, int] = field(default_factory=dict)

    def __call__(self, iri: str) -> int:
        found = self.ids.get(iri)
        if found is None:
            found = self.ids[iri] = len(self.ids) + 1
        return found


def _node(term: Term) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


class Paths:
    """The nodes each role path leads to from each event, read once for every question that narrows by it."""

    def __init__(self, select: Select) -> None:
        self.select = select
        self.found: dict[tuple[str, ...], list[tuple[str, str]]] = {}

    def __call__(self, path: tuple[str, ...]) -> list[tuple[str, str]]:
        pairs = self.found.get(path)
        if pairs is None:
            steps = "/".join(f"<{step}>" for step in path)
            read = self.select(f"SELECT ?event ?node WHERE {{ ?event {steps} ?node }}")
            pairs = self.found[path] = [(s["event"].value, s["node"].value) for s in read
                                        if isinstance(s["event"], ox.NamedNode) and isinstance(s["node"], ox.NamedNode)]
        return pairs


@dataclass
class _Row:
    """One answer row as its parts are read: its cells, least support and reports."""

    terms: tuple[Term, ...]
    least: str | None = None
    reports: set[int] = field(default_factory=set)


def _evidence(first: str | None) -> str:
    """The evidence cell: ``IRI(?first)``, unbound when there is none or it is no IRI."""
    if first is None:
        return ""
    try:
        return str(ox.NamedNode(first))
    except ValueError:
        return ""


def _positions(s: Shape, select: Select, found: dict[tuple[str, ...], _Row]) -> list[tuple[str, ...]]:
    """The rows' keys in the answer's order: sorted here as SPARQL sorts, else as the question answers."""
    if s.order is not None:
        plain = s.columns[:-2]
        order = [(plain.index(column), descending) for column, descending in s.order]
        keys = list(found)
        try:
            return ordered(keys, [found[k].terms for k in keys], order)
        except Unsortable:
            pass
    asked = [tuple(cell(solution[k]) for k in s.keys) for solution in select(s.whole)]
    if sorted(asked) != sorted(found):  # the two queries disagree: the question is left to SPARQL
        raise Unshaped(f"queries/{s.name}.rq: the parts are not the answer's rows")
    return asked


def question_tables(number: int, s: Shape, select: Select, ids: Numbering,
                    db: sqlite3.Connection, paths: Paths | None = None) -> None:
    """Compute one question's rows, parts and keys into the index being written.

    One SPARQL query reads the parts; the rows are their groups (the least support, the distinct
    reports counted, as the question's aggregates), in the question's order (``kg.answers.order``).
    """
    paths = paths or Paths(select)
    plain = s.columns[:-2]
    spec = SPECS[s.name]
    direct = {role.var: kind for kind, roles in (("p", spec.place), ("a", spec.actor))
              for role in roles if role.path is None}
    units: dict[tuple[str | None, ...], int] = {}
    found: dict[tuple[str, ...], _Row] = {}
    parts: list[tuple[int, tuple[str, ...], str | None, list[int], str | None, str | None]] = []
    keys = set()
    dated = True
    for solution in select(s.parts):
        nodes = tuple(_node(solution[u]) for u in s.units)
        unit = units.get(nodes)
        if unit is None:
            unit = units[nodes] = len(units) + 1
            for var, node in zip(s.units, nodes):
                if var in direct:
                    unbound = solution[var] is None
                    keys.add((number, direct[var], 0 if unbound else ids(node) if node else -1, unit))
        key = tuple(cell(solution[k]) for k in s.keys)
        row = found.get(key)
        if row is None:
            row = found[key] = _Row(tuple(solution[c] for c in plain))
        reports = solution["reports"]
        report_ids = sorted({ids(r) for r in reports.value.split(" ") if r}) if reports is not None else []
        row.reports.update(report_ids)
        first = solution["first"]
        least = first.value if first is not None else None
        if least is not None and (row.least is None or least < row.least):
            row.least = least
        days: list[str | None] = [None, None]
        try:
            for n, date_key in enumerate(s.dates):
                days[n] = day(solution[date_key])
        except ValueError:
            dated = False
        parts.append((unit, key, least, report_ids, days[0], days[1]))
    order = _positions(s, select, found)
    position = {key: pos for pos, key in enumerate(order)}
    whole = ["\t".join(f"?{c}" for c in s.columns) + "\n"]
    rows = []
    for pos, key in enumerate(order):
        row = found[key]
        cells = "\t".join(cell(term) for term in row.terms)
        rows.append((number, pos, cells))
        whole.append(f"{cells}\t{_evidence(row.least)}\t{cell(ox.Literal(len(row.reports)))}\n")
    events = {nodes[0]: unit for nodes, unit in units.items() if nodes[0] is not None}
    for kind, roles in (("p", spec.place), ("a", spec.actor)):
        for role in roles:
            if role.path is None:
                continue
            for event, node in paths(role.path):
                unit = events.get(event)
                if unit is not None:
                    keys.add((number, kind, ids(node), unit))
    db.execute("INSERT INTO wholes VALUES (?, ?)", (number, "".join(whole).encode("utf-8")))
    db.executemany("INSERT INTO rows VALUES (?, ?, ?)", rows)
    db.executemany("INSERT INTO parts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   ((number, unit, position[key], least, " ".join(map(str, reports)), len(reports), day_, until)
                    for unit, key, least, reports, day_, until in parts))
    db.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)", sorted(keys))
    db.execute("INSERT INTO questions VALUES (?, ?, ?, ?)", (s.name, number, "\t".join(s.columns), int(dated)))


@dataclass
class NodeFacts:
    """What the index read of the store's nodes: their labels, Wikidata items and steps, by node number."""

    labels: dict[int, list[str]] = field(default_factory=dict)
    items: dict[int, list[str]] = field(default_factory=dict)
    steps: dict[str, set[tuple[int, int]]] = field(default_factory=dict)


def lookup_tables(select: Select, ids: Numbering, db: sqlite3.Connection) -> NodeFacts:
    """The labels, Wikidata items and within and merged steps of the store's nodes (numbered), and the table
    of each label's items."""
    read = NodeFacts()
    names = {(str(s["name"]), ids(s["node"].value)) for predicate in LABELS
             for s in select(f"SELECT ?node ?name WHERE {{ ?node <{predicate}> ?name }}")
             if isinstance(s["node"], ox.NamedNode)}
    for label, node in names:
        read.labels.setdefault(node, []).append(label)
    wikidata = str(WD)
    items = {(s["item"].value[len(wikidata):], ids(s["node"].value)) for s in select(ITEMS)
             if isinstance(s["node"], ox.NamedNode) and s["item"].value.startswith(wikidata)}
    for qid, node in items:
        read.items.setdefault(node, []).append(qid)
    # the items of each label: a country's name labels a mention in every report, which are not read one by one
    named = {(label, qid) for node, qids in read.items.items() for label in read.labels.get(node, ()) for qid in qids}
    db.executemany("INSERT INTO named VALUES (?, ?)", sorted(named))
    for kind, steps in STEPS.items():
        pairs: dict[str, list[tuple[str, str]]] = {}
        edges: set[tuple[int, int]] = set()
        for predicate, forward in steps:
            if predicate not in pairs:
                found = select(f"SELECT ?a ?b WHERE {{ ?a <{predicate}> ?b }}")
                pairs[predicate] = [(s["a"].value, s["b"].value) for s in found
                                    if isinstance(s["a"], ox.NamedNode) and isinstance(s["b"], ox.NamedNode)]
            edges.update((ids(a), ids(b)) if forward else (ids(b), ids(a)) for a, b in pairs[predicate])
        read.steps[kind] = edges
    return read


def handle_tables(read: NodeFacts, db: sqlite3.Connection) -> None:
    """The handles (``kg.answers.handles``) of every node the parts name: labels, and for places items."""
    from kg.linking.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    holders: dict[str, set[str]] = {}

    def held(qid: str) -> set[str]:
        if qid not in holders:
            holders[qid] = gazetteer.holders(qid) if gazetteer is not None else {qid}
        return holders[qid]

    def place(node: int) -> set[str]:
        found = set(read.labels.get(node, ()))
        for qid in read.items.get(node, ()):
            found |= held(qid)
        return found

    linked = {qid for qids in read.items.values() for qid in qids}
    db.executemany("INSERT INTO held VALUES (?)", ((qid,) for qid in sorted(set().union(*map(held, linked)))))
    own = {"p": place, "a": lambda node: read.labels.get(node, [])}
    for kind in ("p", "a"):
        nodes = [n for (n,) in db.execute("SELECT DISTINCT node FROM keys WHERE kind = ? AND node > 0", (kind,))]
        reach = Reach(own[kind], read.steps.get(kind, set()))
        db.executemany("INSERT INTO handles VALUES (?, ?, ?)",
                       ((kind, handle, node) for node, handles in reach.handles(nodes) for handle in sorted(handles)))


def write_index(target: Path, select: Select, fingerprint: str) -> None:
    """Write the index of every canned question to ``target`` (a new file)."""
    db = sqlite3.connect(target)
    try:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        ids = Numbering()
        read = lookup_tables(select, ids, db)
        paths = Paths(select)
        for number, name in enumerate(resources.query_names(), start=1):
            try:
                question_tables(number, shape(name, resources.query_text(name)), select, ids, db, paths)
            except Unshaped:
                continue  # answered by SPARQL
        handle_tables(read, db)
        db.executescript(INDEXES)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("fingerprint", fingerprint), ("digest", digest())])
        db.commit()
    finally:
        db.close()


def scratch_name(index: Path) -> Path:
    """Where an index is written before it is renamed into place (this process's own file)."""
    return index.with_name(f"{index.name}.tmp-{os.getpid()}")
