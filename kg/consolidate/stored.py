"""Consolidating a store: its documents' graphs in, its graph ``graph/consolidated`` replaced or updated.

``kg consolidate --store DIR`` (and a store build that has the user's ``--same-as`` or
``--keep-apart`` pairs, or a store whose documents have no keys recorded yet) recomputes the
whole consolidated graph. Otherwise a store build, ``kg ingest`` and ``kg watch`` recompute only
what the changed documents touch (``consolidate_touched``): the documents linked to them through
shared blocking keys (``kg.consolidate.keys``), before or after the change. Their lines are
removed from the consolidated graph and recomputed from their documents alone, which gives the
same graph as a whole recompute. Each document's keys are kept in ``graph/_consolidation``.
Either way, only the lines that changed are written (``_rewrite``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.background import Background
from kg.consolidate import CONSOLIDATED, Consolidation, consolidate, consolidate_corpus
from kg.consolidate.entities import countries
from kg.consolidate.keys import SELF, document_keys
from kg.consolidate.records import CKG_NS, KEYS_GRAPH, Corpus, combine, read
from kg.namespace import GRAPH, ID, KGB
from kg.store.base import Store
from kg.store.oxigraph import OxigraphStore, document_graphs, open_store

KEYS = ox.NamedNode(KEYS_GRAPH)
KEY = ox.NamedNode(str(KGB) + "consolidationKey")  # bookkeeping, as kgb:inputHash in graph/_builds
GRAPH_NODE = ox.NamedNode(CONSOLIDATED)
MERGED_INTO = ox.NamedNode(CKG_NS + "mergedInto")
MERGE_RESULT = ox.NamedNode(CKG_NS + "mergeResult")
# lines written per transaction into a graph that held none: one transaction holds all it writes in memory (RocksDB's
# write batch) until it commits, which for a large store's consolidated graph (millions of lines) is gigabytes
LOAD_LINES = 100_000
# ... or, in a new store that a compaction will follow (a bulk build's, kg.corpus), bulk-loaded this many lines at
# a time, each load one set of files (below kg.store.oxigraph.BULK_BATCH); about three times faster
BULK_LOAD_LINES = 900_000
# lines about a document's own nodes: its figures' dates and retractions, its places' enclosing places
OWN_FACTS = tuple(ox.NamedNode(CKG_NS + p) for p in ("reported", "retractedBy", "within", "partOf"))


def _quads_of(db: ox.Store, graphs: Iterable[ox.NamedNode]) -> Iterator[tuple[Any, Any, Any, Any]]:
    for graph in graphs:
        for quad in db.quads_for_pattern(None, None, None, graph):
            yield quad.subject, quad.predicate, quad.object, quad.graph_name


def _key_quads(corpus: Corpus) -> list[ox.Quad]:
    """The bookkeeping quads of the keys of the corpus's documents."""
    found = document_keys(corpus, countries(corpus))
    return [ox.Quad(ox.NamedNode(graph), KEY, ox.Literal(key), KEYS)
            for graph, keys in sorted(found.items()) for key in sorted(keys)]


def _rewrite(db: ox.Store, old: list[ox.Quad], new: bytes | list[ox.Quad], whole: ox.NamedNode | None = None,
             bulk: bool = False) -> None:
    """Replace the quads ``old`` with ``new`` (N-Quads, or quads), writing only what changed: a recompute
    mostly gives again the lines the store holds, and a line removed or added costs far more than one
    compared. ``whole``: ``old`` is that whole graph, which is then cleared when most of it goes.
    ``bulk``: quads written where none were go through the bulk loader (see ``Loader``)."""
    if not old:
        if isinstance(new, bytes):
            load = Loader(db, bulk)
            for line in new.splitlines(keepends=True):
                load(line)
            load.close()
        else:
            size = BULK_LOAD_LINES if bulk else LOAD_LINES
            for start in range(0, len(new), size):
                (db.bulk_extend if bulk else db.extend)(new[start:start + size])
        return
    fresh = set(ox.parse(new, format=ox.RdfFormat.N_QUADS) if isinstance(new, bytes) else new)
    held = set(old)
    stale = held - fresh
    if whole is not None and 2 * len(stale) > len(held):
        db.clear_graph(whole)
        held = set()
    else:
        for quad in stale:
            db.remove(quad)
    db.extend([quad for quad in fresh if quad not in held])


class Loader:
    """N-Quads lines loaded into a store as they are made, ``LOAD_LINES`` per transaction (``bulk``: ``BULK_LOAD_LINES``
    per bulk load, for a store that a compaction will follow). A thread of its own (``kg.background``) loads each
    batch while the caller makes the next; its errors surface in the caller."""

    def __init__(self, db: ox.Store, bulk: bool = False) -> None:
        self.db, self.bulk = db, bulk
        self.size = BULK_LOAD_LINES if bulk else LOAD_LINES
        self.lines: list[bytes] = []
        self.background: Background[bytes] = Background(self._load, 1, "kg-consolidation-writer")

    def __call__(self, line: str | bytes) -> None:
        self.lines.append(line.encode("utf-8") if isinstance(line, str) else line)
        if len(self.lines) >= self.size:
            self._send()

    def close(self) -> None:
        """Load the lines not loaded yet, and wait until every batch is in the store."""
        try:
            self._send()
        finally:
            self.background.close()

    def _send(self) -> None:
        if self.lines:
            self.background.put(b"".join(self.lines))
            self.lines = []

    def _load(self, data: bytes) -> None:
        (self.db.bulk_load if self.bulk else self.db.load)(data, format=ox.RdfFormat.N_QUADS)


def consolidate_written(store: Store, written: Iterable[str], same_as: list[tuple[str, str]] | None = None,
                        keep_apart: list[tuple[str, str]] | None = None,
                        corpus: Corpus | None = None, bulk: bool = False) -> Consolidation | None:
    """Bring a store's consolidated graph up to date after documents were written or withdrawn (``written``:
    their ids), as a build, ``kg ingest`` and ``kg watch`` do; None when there is nothing to do.

    An Oxigraph store recomputes what the changes touch (``consolidate_touched``), or all of it when the
    user gives pairs; another store (a file build's spill keeps no keys) is consolidated whole.
    ``corpus``: every document of a store that held none before the build, read as each was written
    (``kg.corpus``), so that nothing is read back from the store; ``bulk``: the store is a bulk build's,
    compacted after this (its first consolidated graph then goes through the bulk loader).
    """
    written = list(written)
    db = store.db if isinstance(store, OxigraphStore) else None
    if not (written or same_as or keep_apart or (db is not None and unconsolidated(db))):
        return None
    if db is None:
        return consolidate_whole(store, same_as, keep_apart)
    if corpus is not None:
        return consolidate_store(db, same_as, keep_apart, corpus, bulk)
    if same_as or keep_apart:
        return consolidate_store(db, same_as, keep_apart)
    return consolidate_touched(db, written)


def consolidate_whole(store: Store, same_as: list[tuple[str, str]] | None = None,
                      keep_apart: list[tuple[str, str]] | None = None) -> Consolidation:
    """Recompute any store's consolidated graph from its documents' graphs, whole."""
    result = consolidate(((q.subject, q.predicate, q.object, q.graph_name) for q in store.document_quads()),
                         same_as, keep_apart)
    store.replace_graph(CONSOLIDATED, result.nquads)
    return result


def consolidate_store(db: ox.Store, same_as: list[tuple[str, str]] | None = None,
                      keep_apart: list[tuple[str, str]] | None = None, corpus: Corpus | None = None,
                      bulk: bool = False) -> Consolidation:
    """Recompute an open (writable) store's whole consolidated graph, and every document's keys
    (``corpus``: its documents already read, all of them; ``bulk``: a compaction follows, so a first
    consolidated graph and keys go through the bulk loader)."""
    if corpus is None:
        corpus = read(_quads_of(db, list(document_graphs(db))))
    if next(db.quads_for_pattern(None, None, None, GRAPH_NODE), None) is None:  # a first consolidation
        load = Loader(db, bulk)  # the lines as they are made, never the whole graph in memory
        try:
            result = consolidate_corpus(corpus, same_as, keep_apart, out=load)
        finally:
            load.close()
    else:
        result = consolidate_corpus(corpus, same_as, keep_apart)
        _rewrite(db, list(db.quads_for_pattern(None, None, None, GRAPH_NODE)), result.nquads, GRAPH_NODE)
    _rewrite(db, list(db.quads_for_pattern(None, None, None, KEYS)), _key_quads(corpus), KEYS, bulk)
    db.flush()
    return result


def consolidate_touched(db: ox.Store, doc_ids: Iterable[str]) -> Consolidation:
    """Recompute the consolidated graph for what documents just written or withdrawn touch."""
    from kg.rdf import graph_iri

    touched = {ox.NamedNode(str(graph_iri(doc_id))) for doc_id in doc_ids}
    if next(iter(db.quads_for_pattern(None, KEY, None, KEYS)), None) is None:
        return consolidate_store(db)  # no keys recorded yet: a store built before, or the first build
    live = set(document_graphs(db))
    touched |= unconsolidated(db, live)
    if not touched:
        return Consolidation(b"", scope=(0, len(live)))
    present = {graph for graph in touched if graph in live}
    fresh = read(_quads_of(db, sorted(present, key=str)))
    new_keys = document_keys(fresh, countries(fresh))
    affected = linked(db, touched, {key for keys in new_keys.values() for key in keys})
    others = read(_quads_of(db, sorted((g for g in affected if g in live and g not in present), key=str)))
    corpus = combine(fresh, others)
    result = consolidate_corpus(corpus)
    _rewrite(db, _lines_of(db, affected), result.nquads)
    _rewrite(db, [quad for graph in touched for quad in db.quads_for_pattern(graph, KEY, None, KEYS)],
             _key_quads(fresh))
    db.flush()
    result.scope = (len(affected & live), len(live))
    return result


def unconsolidated(db: ox.Store, live: set[ox.NamedNode] | None = None) -> set[ox.NamedNode]:
    """The documents written but never consolidated (a build stopped before its end): no keys recorded."""
    return {graph for graph in (live if live is not None else document_graphs(db))
            if next(iter(db.quads_for_pattern(graph, KEY, ox.Literal(f"{SELF}|{graph.value}"), KEYS)), None) is None}


def linked(db: ox.Store, start: set[ox.NamedNode], keys: set[str]) -> set[ox.NamedNode]:
    """The documents linked to ``start`` through shared keys, directly or through others: ``start``'s
    recorded (earlier) keys and ``keys`` (their new ones), and then the keys of each document found."""
    found = set(start)
    todo = set(keys)
    for graph in start:
        todo.update(_text(q.object) for q in db.quads_for_pattern(graph, KEY, None, KEYS))
    seen: set[str] = set()
    while todo:
        key = todo.pop()
        seen.add(key)
        if key.startswith(SELF + "|"):
            continue
        for quad in db.quads_for_pattern(None, KEY, ox.Literal(key), KEYS):
            other = quad.subject
            if isinstance(other, ox.NamedNode) and other not in found:
                found.add(other)
                todo.update(text for q in db.quads_for_pattern(other, KEY, None, KEYS)
                            if (text := _text(q.object)) not in seen)
    return found


def _text(term: object) -> str:
    """The text of an IRI or literal (the value a quad's term carries)."""
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def _document_of(iri: str, prefixes: dict[str, ox.NamedNode]) -> ox.NamedNode | None:
    """The document graph whose node (or figure) an IRI is, among ``prefixes`` (id prefix -> graph)."""
    if not iri.startswith(str(ID)):
        return None
    head = iri[len(str(ID)):].split("/", 1)[0]
    return prefixes.get(head)


def _lines_of(db: ox.Store, graphs: set[ox.NamedNode]) -> list[ox.Quad]:
    """Every line of the consolidated graph that the documents ``graphs`` took part in: their
    canonical nodes (with their mentions' links and merge records), their figures' dates and
    retractions, and the enclosing places of their places (each line once)."""
    prefixes = {graph.value[len(str(GRAPH)):]: graph for graph in graphs}
    canonical: set[ox.NamedNode] = set()
    doomed: list[ox.Quad] = []
    for quad in db.quads_for_pattern(None, MERGED_INTO, None, GRAPH_NODE):
        if _document_of(_text(quad.subject), prefixes) is not None and isinstance(quad.object, ox.NamedNode):
            canonical.add(quad.object)
    for node in canonical:
        doomed.extend(db.quads_for_pattern(node, None, None, GRAPH_NODE))
        doomed.extend(db.quads_for_pattern(None, MERGED_INTO, node, GRAPH_NODE))
        for record in db.quads_for_pattern(None, MERGE_RESULT, node, GRAPH_NODE):
            doomed.extend(db.quads_for_pattern(record.subject, None, None, GRAPH_NODE))
    for predicate in OWN_FACTS:
        doomed.extend(q for q in db.quads_for_pattern(None, predicate, None, GRAPH_NODE)
                      if _document_of(_text(q.subject), prefixes) is not None)
    return list(dict.fromkeys(doomed))


def consolidate_path(path: Path, same_as: list[tuple[str, str]] | None = None,
                     keep_apart: list[tuple[str, str]] | None = None) -> Consolidation:
    """Recompute the consolidated graph of the store in a folder (``kg consolidate --store``)."""
    return consolidate_store(open_store(path, read_only=False), same_as, keep_apart)
