"""The persistent store: an embedded Oxigraph database, one named graph per document.

Besides the documents' graphs, the store keeps its own bookkeeping in the graph
``BUILDS_GRAPH``: for each document graph, the hash of the input it was built
from (``kgb:inputHash``), its id (``kgb:documentId``) and its number of triples (``kgb:triples``). A document and its
bookkeeping are always written in one atomic step, so a build killed at any
moment leaves a store in which every document is either complete or absent, and
the next build picks up where it stopped. A build into a new store may write
its big writes (``bulk_loads``) through Oxigraph's bulk loader, about four times
faster than a transaction: below ``BULK_BATCH`` quads it writes one set of
sorted files that RocksDB ingests in one atomic step. Those files want a
compaction afterwards (``compact_store``), which rewrites the whole store, so
builds into a store that already holds documents write in transactions. A bulk build marks the store until its
compaction is done, so that a build that resumes it carries on in bulk and
compacts at the end. The ontology lives in its own graph,
``ONTOLOGY_GRAPH``, so canned queries answer over a store (or a server over it)
exactly as over graph files.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import namespace
from kg.errors import Errors, KgError
from kg.store.locks import check_free, is_store
from kg.store.sorting import sorted_unique

BUILDS_GRAPH = ox.NamedNode(str(namespace.BUILDS_GRAPH))
CONSOLIDATION_GRAPH = ox.NamedNode(str(namespace.GRAPH["_consolidation"]))  # consolidation's keys per document
# The ontology, kept in the store so that queries over it (or over `kg serve`) see the same as over files.
ONTOLOGY_GRAPH = ox.NamedNode(str(namespace.ONTOLOGY_GRAPH))
NOT_CONTENT = (BUILDS_GRAPH, ONTOLOGY_GRAPH, CONSOLIDATION_GRAPH)  # bookkeeping and vocabulary, never exported
INPUT_HASH = ox.NamedNode(str(namespace.KGB.inputHash))
TRIPLES = ox.NamedNode(str(namespace.KGB.triples))
DOCUMENT_ID = ox.NamedNode(str(namespace.KGB.documentId))
SOURCE = ox.NamedNode(str(namespace.KGB.source))  # the file a document was read from, when a feed records it
CONSOLIDATION_KEY = ox.NamedNode(str(namespace.KGB.consolidationKey))  # kg.consolidate.stored's
XSD_INTEGER = ox.NamedNode(namespace.PREFIXES["xsd"] + "integer")
# In the bookkeeping while a bulk build's writes wait for their compaction.
COMPACTION_PENDING = ox.Quad(BUILDS_GRAPH, ox.NamedNode(str(namespace.KGB.compactionPending)),
                             ox.Literal("true", datatype=ox.NamedNode(namespace.PREFIXES["xsd"] + "boolean")),
                             BUILDS_GRAPH)
# Oxigraph's bulk loader ingests up to a million quads as one batch (one set of files, atomically):
# a load below that is one atomic step. Each such step lands in RocksDB's first level, and every
# second one sets off a background compaction that rewrites the level below (up to 512 MB per index),
# so that at ten million words of news a build spent more CPU on compaction than on writing when its
# loads held 400,000 quads: loads as big as one batch allows make less than half as many compactions.
BULK_BATCH = 1_000_000
# Each bulk load writes a set of files and leaves about 115 KB in RocksDB's memory for as long as
# the store is open (measured; compaction does not free it). It pays off for big writes only:
# smaller ones go through a transaction, and a build stops bulk-loading after BULK_LOADS_MAX.
BULK_MIN_QUADS = 100_000
BULK_LOADS_MAX = 64
# A long document's old graph is dropped this many quads per transaction (a transaction holds its writes in memory).
DROP_QUADS = 20_000


@dataclass
class StoredDocument:
    """One document graph ready to be written: its id, graph, input hash, and quads or N-Quads."""

    doc_id: str
    graph: ox.NamedNode
    input_hash: str
    quads: list[ox.Quad] = field(default_factory=list)
    nquads: bytes | None = None  # as workers hand them over: loaded without making Python objects
    source: str | None = None  # the file it was read from, for feeds that withdraw a document with its file
    parts: Iterable[bytes] | None = None  # a long document's N-Quads, part by part (``write_in_parts``)
    counted: int | None = None  # the triples of a document written in parts, counted in the store

    @property
    def triples(self) -> int:
        if self.counted is not None:
            return self.counted
        # Oxigraph writes one quad per line (newlines inside literals are escaped).
        return self.nquads.count(b"\n") if self.nquads is not None else len(self.quads)

    def data(self) -> bytes:
        """The graph's quads as N-Quads."""
        if self.nquads is not None:
            return self.nquads
        return ox.serialize(self.quads, format=ox.RdfFormat.N_QUADS) or b""

    def parsed(self) -> list[ox.Quad]:
        """The graph's quads."""
        if self.nquads is not None:
            return list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))
        return self.quads


# --- opening ---------------------------------------------------------------------------------


def open_store(path: Path | str, read_only: bool = True) -> ox.Store:
    """Open a store: read-only (it must exist) or for writing (created when missing).

    A store that another process is writing to gives a clear error, never a hang.
    """
    path = Path(path)
    if read_only and not is_store(path):
        raise KgError(Errors.E300, path=path)
    if path.exists() and not path.is_dir():
        raise KgError(Errors.E302, path=path, detail="it is a file, not a folder")
    check_free(path, writing=not read_only)
    try:
        if read_only:
            return ox.Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "While lock file" in detail or "lock hold by current process" in detail:
            holder = os.getpid() if "current process" in detail else "unknown"
            raise KgError(Errors.E301, path=path, pid=holder) from None
        if "Read-only file system" in detail or "Permission denied" in detail:
            detail += ("; it cannot be written here: kg query, kg sparql, kg serve and kg export read it as it is, "
                       "or build into a copy")
        raise KgError(Errors.E302, path=path, detail=detail) from None
    except RuntimeError as exc:  # RocksDB's "Corruption: ..."
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        advice = ("the store is damaged: rebuild it from the articles (kg build ARTICLES --store NEW_FOLDER) "
                  "or restore a copy")
        raise KgError(Errors.E302, path=path, detail=f"{detail}; {advice}") from None


# --- bookkeeping -----------------------------------------------------------------------------


def stored_hash(store: ox.Store, graph: ox.NamedNode) -> str | None:
    """The input hash a document graph was built from, or None when it is not in the store."""
    for quad in store.quads_for_pattern(graph, INPUT_HASH, None, BUILDS_GRAPH):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return None


def document_graphs(store: ox.Store) -> Iterator[ox.NamedNode]:
    """The named graphs of the documents recorded in the store."""
    for quad in store.quads_for_pattern(None, INPUT_HASH, None, BUILDS_GRAPH):
        if isinstance(quad.subject, ox.NamedNode) and quad.subject != ONTOLOGY_GRAPH:
            yield quad.subject


BOOKKEEPING_QUADS = 3  # per document: its input hash, id and number of triples (and its source, if recorded)


def _bookkeeping(doc: StoredDocument) -> list[ox.Quad]:
    g = doc.graph
    quads = [
        ox.Quad(g, INPUT_HASH, ox.Literal(doc.input_hash), BUILDS_GRAPH),
        ox.Quad(g, DOCUMENT_ID, ox.Literal(doc.doc_id), BUILDS_GRAPH),
        ox.Quad(g, TRIPLES, ox.Literal(str(doc.triples), datatype=XSD_INTEGER), BUILDS_GRAPH),
    ]
    if doc.source is not None:
        quads.append(ox.Quad(g, SOURCE, ox.Literal(doc.source), BUILDS_GRAPH))
    return quads


def consolidated_mark(graph: ox.NamedNode) -> ox.Quad:
    """The key every consolidated document has of its own (``kg.consolidate.keys.SELF``): a replaced
    document loses it in the transaction that replaces it, so until its consolidation is updated it
    counts as unconsolidated (``kg.consolidate.stored.unconsolidated``), even after a kill. Its
    other keys stay, for consolidation to find what its old version was linked to."""
    return ox.Quad(graph, CONSOLIDATION_KEY, ox.Literal(f"document|{graph.value}"), CONSOLIDATION_GRAPH)


def _replace_update(doc: StoredDocument) -> str:
    """One SPARQL update that drops a document's old graph, bookkeeping and consolidation mark and inserts
    the new."""
    g = str(doc.graph)
    body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in doc.parsed())
    books = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in _bookkeeping(doc))
    mark = consolidated_mark(doc.graph)
    return (
        f"DROP SILENT GRAPH {g} ;\n"
        f"DELETE WHERE {{ GRAPH {BUILDS_GRAPH} {{ {g} ?p ?o }} }} ;\n"
        f"DELETE DATA {{ GRAPH {CONSOLIDATION_GRAPH} {{ {mark.subject} {mark.predicate} {mark.object} }} }} ;\n"
        f"INSERT DATA {{ GRAPH {g} {{ {body} }} GRAPH {BUILDS_GRAPH} {{ {books} }} }}"
    )


def write_documents(store: ox.Store, documents: Sequence[StoredDocument], bulk: bool = False) -> int:
    """Write document graphs with their bookkeeping, atomically; returns the triples written.

    The new documents of the batch go in together: in one transaction, or with
    ``bulk`` in one atomic bulk load when ``bulk_loads`` says their quads are worth one. A
    document already in the store is replaced (old graph and bookkeeping dropped,
    new ones inserted) in one transaction of its own.
    """
    fresh: list[bytes] = []
    books: list[ox.Quad] = []
    written = fresh_quads = 0
    try:
        for doc in documents:
            if doc.parts is not None:
                written += write_in_parts(store, doc)
                continue
            written += doc.triples
            if stored_hash(store, doc.graph) is None and not store.contains_named_graph(doc.graph):
                fresh.append(doc.data())
                books.extend(_bookkeeping(doc))
                fresh_quads += doc.triples
            else:
                store.update(_replace_update(doc))
        if books:
            fresh.append(ox.serialize(books, format=ox.RdfFormat.N_QUADS) or b"")
            if bulk and bulk_loads(fresh_quads + len(books)):
                store.bulk_load(b"".join(fresh), format=ox.RdfFormat.N_QUADS)
            else:
                store.load(b"".join(fresh), format=ox.RdfFormat.N_QUADS)
    except OSError as exc:
        raise KgError(Errors.E303, path="the store", detail=str(exc).splitlines()[0]) from None
    return written


def write_in_parts(store: ox.Store, doc: StoredDocument) -> int:
    """Write a long document part by part, its bookkeeping last; returns its triples.

    Each part goes through the bulk loader: its memory is that of one part, where a
    transaction's grows with the whole document (and is about three times slower).
    A build stopped midway leaves part of the graph without bookkeeping: the document
    counts as not built, and the next build replaces it.
    """
    assert doc.parts is not None
    drop_in_parts(store, doc.graph)
    forget_document(store, doc.graph)  # its bookkeeping
    store.remove(consolidated_mark(doc.graph))  # not consolidated until its consolidation is updated
    for data in doc.parts:
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    answer = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {doc.graph} {{ ?s ?p ?o }} }}")
    assert isinstance(answer, ox.QuerySolutions)
    doc.counted = int(next(iter(answer))["n"].value)
    store.load(ox.serialize(_bookkeeping(doc), format=ox.RdfFormat.N_QUADS) or b"", format=ox.RdfFormat.N_QUADS)
    return doc.counted


def drop_in_parts(store: ox.Store, graph: ox.NamedNode, size: int = DROP_QUADS) -> None:
    """Remove a graph's quads ``size`` at a time: one transaction for a long document's graph would hold it all.

    Dropping 1 MB of text's graph (0.36 million quads) in one update took 480 MB; this way, 100 MB.
    """
    while True:
        quads = list(itertools.islice(store.quads_for_pattern(None, None, None, graph), size))
        if not quads:
            return
        body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
        store.update(f"DELETE DATA {{ GRAPH {graph} {{ {body} }} }}")
        store.flush()  # else RocksDB keeps every deletion in memory until the end


def bulk_loads(quads: int) -> bool:
    """Whether a bulk build writes this many new quads through the bulk loader (else a transaction)."""
    return BULK_MIN_QUADS <= quads < BULK_BATCH


def begin_bulk_build(store: ox.Store) -> bool:
    """Whether a build may bulk-load: the store holds no documents, or only an unfinished bulk build's.

    When it may, the store is marked until ``compact_store`` has run.
    """
    if COMPACTION_PENDING in store:
        return True
    if next(document_graphs(store), None) is not None:
        return False
    store.add(COMPACTION_PENDING)
    return True


def compact_store(store: ox.Store) -> None:
    """Merge the files that bulk loads leave, so that queries read few (this rewrites the store)."""
    try:
        store.optimize()
        store.remove(COMPACTION_PENDING)
    except OSError as exc:
        raise KgError(Errors.E303, path="the store", detail=str(exc).splitlines()[0]) from None


def ensure_ontology(store: ox.Store) -> bool:
    """Put the current ontology in its graph, replacing an older one; returns whether it changed."""
    import hashlib

    from kg import resources

    texts = [f.read_bytes() for f in resources.ontology_files()]
    digest = hashlib.sha256(b"\0".join(texts)).hexdigest()
    if stored_hash(store, ONTOLOGY_GRAPH) == digest:
        return False
    quads = [ox.Quad(q.subject, q.predicate, q.object, ONTOLOGY_GRAPH)
             for text in texts for q in ox.parse(text, format=ox.RdfFormat.TURTLE)]
    write_documents(store, [StoredDocument("_ontology", ONTOLOGY_GRAPH, digest, quads)])
    return True


def forget_document(store: ox.Store, graph: ox.NamedNode) -> None:
    """Remove a document's graph and bookkeeping, in one transaction."""
    store.update(f"DROP SILENT GRAPH {graph} ; DELETE WHERE {{ GRAPH {BUILDS_GRAPH} {{ {graph} ?p ?o }} }}")


@dataclass
class StoreStats:
    """What a store holds."""

    documents: int
    triples: int


def store_stats(store: ox.Store) -> StoreStats:
    """Count the documents and their triples (bookkeeping and ontology excluded) of a store."""
    documents = sum(1 for _ in document_graphs(store))
    return StoreStats(documents, sum(1 for _ in content_quads(store)))


# --- reading everything ----------------------------------------------------------------------


def content_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every quad of the documents' graphs: neither the bookkeeping nor the ontology."""
    for quad in store.quads_for_pattern(None, None, None, None):
        if quad.graph_name not in NOT_CONTENT:
            yield quad


def content_graphs(store: ox.Store) -> Iterator[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    """The graphs that ``content_quads`` reads: the default graph and every named graph but the bookkeeping
    and the ontology."""
    yield ox.DefaultGraph()
    for graph in store.named_graphs():
        if graph not in NOT_CONTENT:
            yield graph


PARSE_LINES = 50_000  # N-Quads lines parsed at a time


def parse_lines(lines: Iterable[bytes]) -> Iterator[ox.Quad]:
    """N-Quads lines as quads, parsed a slice at a time."""
    iterator = iter(lines)
    while chunk := list(itertools.islice(iterator, PARSE_LINES)):
        yield from ox.parse(b"".join(chunk), format=ox.RdfFormat.N_QUADS)


def dumped_lines(db: ox.Store, graphs: Iterable[ox.NamedNode | ox.BlankNode | ox.DefaultGraph],
                 scratch: Path) -> Iterator[bytes]:
    """The N-Quads lines of some graphs of a store, as Oxigraph dumps them (no Python object per statement)."""
    with tempfile.TemporaryFile(dir=scratch, prefix=".kg-dump-") as spool:
        for graph in graphs:
            spool.seek(0)
            spool.truncate()
            db.dump(spool, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            spool.seek(0)
            if isinstance(graph, ox.DefaultGraph):
                yield from spool
                continue
            suffix = f" {graph} .\n".encode()
            for line in spool:  # "S P O .\n" -> "S P O <graph> .\n"
                yield line[:-3] + suffix


def sorted_quads(lines: Iterable[bytes]) -> Iterator[ox.Quad]:
    """The quads of N-Quads lines in the order of their sorted lines (sorted on disk, in a temporary folder).

    Consolidation reads documents in this order, so that what it finds does not depend on the order
    in which the documents were written (by worker processes, or in a store's own order).
    """
    with tempfile.TemporaryDirectory(prefix="kg-sort-") as folder:
        yield from parse_lines(sorted_unique(lines, Path(folder)))


# --- the Store interface ---------------------------------------------------------------------


class OxigraphStore:
    """An embedded Oxigraph store behind the ``kg.store.base.Store`` interface.

    Opened for writing (the default), it holds RocksDB's lock until the object
    is gone, and it carries the current ontology.
    """

    def __init__(self, path: Path | str, read_only: bool = False) -> None:
        self.path = Path(path)
        self.db = open_store(self.path, read_only=read_only)
        self.bulk_loads = 0  # bulk loads written through this object
        if not read_only:
            ensure_ontology(self.db)

    @staticmethod
    def graph(doc_id: str) -> ox.NamedNode:
        """The named graph of a document."""
        from kg.rdf import graph_iri

        return ox.NamedNode(str(graph_iri(doc_id)))

    def stored_hash(self, doc_id: str) -> str | None:
        return stored_hash(self.db, self.graph(doc_id))

    def stored_source(self, doc_id: str) -> str | None:
        for quad in self.db.quads_for_pattern(self.graph(doc_id), SOURCE, None, BUILDS_GRAPH):
            if isinstance(quad.object, ox.Literal):
                return quad.object.value
        return None

    def documents_from(self, source: str) -> list[str]:
        graphs = [q.subject for q in self.db.quads_for_pattern(None, SOURCE, ox.Literal(source), BUILDS_GRAPH)]
        return [q.object.value for g in graphs for q in self.db.quads_for_pattern(g, DOCUMENT_ID, None, BUILDS_GRAPH)
                if isinstance(q.object, ox.Literal)]

    def count(self) -> int:
        query = (f"SELECT (COUNT(?g) AS ?n) WHERE {{ GRAPH {BUILDS_GRAPH} {{ ?g {DOCUMENT_ID} ?id }} "
                 f"FILTER(?g != {ONTOLOGY_GRAPH}) }}")
        solutions = self.db.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        return int(next(iter(solutions))["n"].value)

    def documents(self) -> Iterator[tuple[str, str | None]]:
        sources = {q.subject: q.object.value for q in self.db.quads_for_pattern(None, SOURCE, None, BUILDS_GRAPH)
                   if isinstance(q.object, ox.Literal)}
        for quad in self.db.quads_for_pattern(None, DOCUMENT_ID, None, BUILDS_GRAPH):
            if quad.subject != ONTOLOGY_GRAPH and isinstance(quad.object, ox.Literal):
                yield quad.object.value, sources.get(quad.subject)

    def write(self, documents: Sequence[StoredDocument], bulk: bool = False) -> int:
        # Each bulk load costs memory until the store is closed: at most BULK_LOADS_MAX, then transactions.
        bulk = bulk and self.bulk_loads < BULK_LOADS_MAX
        written = write_documents(self.db, documents, bulk=bulk)
        if bulk and bulk_loads(written + BOOKKEEPING_QUADS * len(documents)):
            self.bulk_loads += 1
        return written

    def begin_bulk(self) -> bool:
        return begin_bulk_build(self.db)

    def finish_bulk(self) -> None:
        compact_store(self.db)

    def document_quads(self) -> Iterator[ox.Quad]:
        with tempfile.TemporaryDirectory(prefix="kg-dump-") as folder:
            yield from sorted_quads(dumped_lines(self.db, list(document_graphs(self.db)), Path(folder)))

    def replace_graph(self, graph: str, nquads: bytes) -> None:
        try:
            self.db.clear_graph(ox.NamedNode(graph))
            if nquads:
                self.db.load(nquads, format=ox.RdfFormat.N_QUADS)
            self.db.flush()
        except OSError as exc:
            raise KgError(Errors.E303, path=self.path, detail=str(exc).splitlines()[0]) from None

    def forget(self, doc_id: str) -> None:
        forget_document(self.db, self.graph(doc_id))

    def select(self, query: str) -> ox.QuerySolutions:
        from kg.store.sparql import select

        return select(self.db, query)

    def content_quads(self) -> Iterator[ox.Quad]:
        return content_quads(self.db)

    def flush(self) -> None:
        try:
            self.db.flush()
        except OSError as exc:
            raise KgError(Errors.E303, path=self.path, detail=str(exc).splitlines()[0]) from None
