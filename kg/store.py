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

import fcntl
import os
import struct
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, KgError

BUILDS_GRAPH = ox.NamedNode("https://w3id.org/conflict-kg/graph/_builds")
# The ontology, kept in the store so that queries over it (or over `kg serve`) see the same as over files.
ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/conflict-kg/graph/_ontology")
KGB = "https://w3id.org/conflict-kg/build#"
INPUT_HASH = ox.NamedNode(KGB + "inputHash")
TRIPLES = ox.NamedNode(KGB + "triples")
DOCUMENT_ID = ox.NamedNode(KGB + "documentId")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
# In the bookkeeping while a bulk build's writes wait for their compaction.
COMPACTION_PENDING = ox.Quad(BUILDS_GRAPH, ox.NamedNode(KGB + "compactionPending"),
                             ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
                             BUILDS_GRAPH)
# Oxigraph's bulk loader ingests up to a million quads as one batch, atomically; keep well below.
BULK_BATCH = 500_000
# Each bulk load writes a set of files and leaves about 115 KB in RocksDB's memory for as long as
# the store is open (measured; compaction does not free it). It pays off for big writes only:
# smaller ones go through a transaction, and a build stops bulk-loading after BULK_LOADS_MAX.
BULK_MIN_QUADS = 100_000
BULK_LOADS_MAX = 64

# Export formats, as in `kg build`: name -> (Oxigraph format, keeps the named graphs).
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
    "rdf": (ox.RdfFormat.RDF_XML, False),
}
PREFIXES = {
    "ckg": "https://w3id.org/conflict-kg/ontology#",
    "id": "https://w3id.org/conflict-kg/id/",
    "wd": "http://www.wikidata.org/entity/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass
class StoredDocument:
    """One document graph ready to be written: its id, graph, input hash, and quads or N-Quads."""

    doc_id: str
    graph: ox.NamedNode
    input_hash: str
    quads: list[ox.Quad] = field(default_factory=list)
    nquads: bytes | None = None  # as workers hand them over: loaded without making Python objects

    @property
    def triples(self) -> int:
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


def is_store(path: Path) -> bool:
    """Whether a folder holds an Oxigraph (RocksDB) store."""
    return (path / "CURRENT").is_file()


def lock_holder(path: Path) -> int | None:
    """The id of another process that holds the store open for writing, or None.

    RocksDB keeps a POSIX lock on ``LOCK`` while a writer has the store open;
    F_GETLK reports the holder without taking the lock (taking and releasing it
    would drop a lock this very process may hold).
    """
    lock = path / "LOCK"
    if not lock.is_file():
        return None
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return None
    try:
        request = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        kind, _, _, _, pid = struct.unpack("hhqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK, request))
    except OSError:
        return None
    finally:
        os.close(fd)
    return pid if kind != fcntl.F_UNLCK and pid != os.getpid() else None


def serving_pids(path: Path) -> list[int]:
    """The ids of live `kg serve` processes over the store (they hold no lock; they leave a note).

    Notes of servers that have stopped are removed.
    """
    live = []
    for note in path.glob("kg-serve-*.pid") if path.is_dir() else []:
        try:
            pid = int(note.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            cmdline = b""
            pid = 0
        if b"oxigraph" in cmdline and str(path.resolve()).encode() in cmdline:
            live.append(pid)
        else:
            note.unlink(missing_ok=True)
    return live


def check_free(path: Path, writing: bool = False) -> None:
    """Fail with a clear message when another process writes to the store (or, when we are
    to write, serves it: Oxigraph readers must not see a store change under them)."""
    pid = lock_holder(path)
    if pid is None and writing:
        pid = next(iter(serving_pids(path)), None)
    if pid is not None:
        raise KgError(Errors.E301, path=path, pid=pid)


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
        raise KgError(Errors.E302, path=path, detail=detail) from None


def select_store(path: Path | str, query: str) -> ox.QuerySolutions:
    """Run a SELECT query over the union of a store's graphs (the ontology is not added)."""
    from kg.querying import select

    return select(open_store(path, read_only=True), query)


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


BOOKKEEPING_QUADS = 3  # per document: its input hash, id and number of triples


def _bookkeeping(doc: StoredDocument) -> list[ox.Quad]:
    g = doc.graph
    return [
        ox.Quad(g, INPUT_HASH, ox.Literal(doc.input_hash), BUILDS_GRAPH),
        ox.Quad(g, DOCUMENT_ID, ox.Literal(doc.doc_id), BUILDS_GRAPH),
        ox.Quad(g, TRIPLES, ox.Literal(str(doc.triples), datatype=XSD_INTEGER), BUILDS_GRAPH),
    ]


def _replace_update(doc: StoredDocument) -> str:
    """One SPARQL update that drops a document's old graph and bookkeeping and inserts the new."""
    g = str(doc.graph)
    body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in doc.parsed())
    books = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in _bookkeeping(doc))
    return (
        f"DROP SILENT GRAPH {g} ;\n"
        f"DELETE WHERE {{ GRAPH {BUILDS_GRAPH} {{ {g} ?p ?o }} }} ;\n"
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
        if quad.graph_name != BUILDS_GRAPH and quad.graph_name != ONTOLOGY_GRAPH:
            yield quad


def export_store(path: Path, output: Path, fmt: str | None = None) -> int:
    """Write a store's graphs to a file (atomically); returns the number of statements written.

    N-Quads, TriG and JSON-LD keep the per-document graphs; the triple formats
    merge them. The store's bookkeeping and ontology graphs are left out, so the
    file holds what `kg build -o FILE` would have written.
    """
    from kg.build import output_format  # the same names and extensions as `kg build`

    name = output_format(output, fmt)
    rdf_format, keeps_graphs = EXPORT_FORMATS[name]
    parent = output.parent if str(output.parent) else Path(".")
    if output.is_dir() or not parent.is_dir() or not os.access(parent, os.W_OK):
        raise KgError(Errors.E011, path=output, detail="it is a folder" if output.is_dir() else "cannot write there")
    store = open_store(path, read_only=True)
    count = 0

    def quads() -> Iterator[ox.Quad]:
        nonlocal count
        for quad in content_quads(store):
            count += 1
            yield quad

    def triples() -> Iterator[ox.Triple]:
        return (quad.triple for quad in quads())

    try:
        handle, tmp = tempfile.mkstemp(dir=parent, prefix=".kg-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
                ox.serialize(quads() if keeps_graphs else triples(), out, format=rdf_format, prefixes=prefixes)
            os.replace(tmp, output)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise KgError(Errors.E011, path=output, detail=exc.strerror or str(exc)) from None
    return count


def dataset_from_source(graphs: list[Path], store: Path | None = None, endpoint: str | None = None):  # type: ignore[no-untyped-def]
    """An rdflib Dataset from exactly one source: graph files, a store, or a SPARQL endpoint.

    For `kg validate` and `kg link`: an ordinary rdflib Dataset, filled with
    oxrdflib's fast ``ox-*`` parsers. The store's bookkeeping is left out.
    """
    from rdflib import Dataset

    if sum(bool(x) for x in (graphs, store, endpoint)) != 1:
        raise KgError(Errors.E018)
    dataset = Dataset()
    if store is not None:
        data = ox.serialize(content_quads(open_store(store, read_only=True)), format=ox.RdfFormat.N_QUADS)
        dataset.parse(data=data, format="ox-nquads")
    elif endpoint is not None:
        from kg.endpoint import endpoint_quads

        data = ox.serialize(endpoint_quads(endpoint), format=ox.RdfFormat.N_QUADS)
        dataset.parse(data=data, format="ox-nquads")
    else:
        from kg.querying import rdf_format_of

        for path in graphs:
            if not path.is_file():
                raise KgError(Errors.E001, path=path)
            fmt = rdf_format_of(path)
            ox_name = {ox.RdfFormat.TURTLE: "ox-turtle", ox.RdfFormat.N_TRIPLES: "ox-ntriples",
                       ox.RdfFormat.N_QUADS: "ox-nquads", ox.RdfFormat.TRIG: "ox-trig",
                       ox.RdfFormat.RDF_XML: "ox-xml"}.get(fmt, "ox-json-ld")
            try:
                dataset.parse(str(path), format=ox_name)
            except Exception as exc:  # noqa: BLE001 - any parser error is the file's fault
                raise KgError(Errors.E014, path=path, detail=str(exc).splitlines()[0] if str(exc) else "") from None
    return dataset


# --- serving ---------------------------------------------------------------------------------


def oxigraph_binary() -> str:
    """The `oxigraph` server program: next to this Python first, then on PATH."""
    import shutil
    import sys

    here = Path(sys.executable).parent
    found = shutil.which("oxigraph", path=os.pathsep.join([str(here), os.environ.get("PATH", "")]))
    if found is None:
        raise KgError(Errors.E320)
    return found


def server_command(path: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> list[str]:
    """The command line that serves a store over HTTP (queries see the union of the graphs)."""
    mode = "serve" if writable else "serve-read-only"
    return [oxigraph_binary(), mode, "--location", str(path.resolve()), "--bind", f"{host}:{port}",
            "--union-default-graph"]


def check_serve(path: Path, host: str, port: int, writable: bool) -> None:
    """Fail early, with a clear message, when the store or the address cannot be served."""
    import socket

    if not writable and not is_store(path):
        raise KgError(Errors.E300, path=path)
    if path.exists() and not path.is_dir():
        raise KgError(Errors.E302, path=path, detail="it is a file, not a folder")
    check_free(path, writing=writable)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise KgError(Errors.E321, host=host, port=port, detail=exc.strerror or str(exc)) from None


def serve(path: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> None:
    """Replace this process with the Oxigraph server over the store (so its process id is the server's)."""
    import sys

    check_serve(path, host, port, writable)
    command = server_command(path, host, port, writable)
    shown = f"[{host}]" if ":" in host else host
    mode = "read-write" if writable else "read-only"
    print(f"serving {path} ({mode}) at http://{shown}:{port}/ ; SPARQL endpoint http://{shown}:{port}/query"
          + (f", updates http://{shown}:{port}/update" if writable else ""), file=sys.stderr, flush=True)
    sys.stdout.flush()
    if not writable:  # a read-only server takes no lock: leave a note for would-be writers
        path.joinpath(f"kg-serve-{os.getpid()}.pid").write_text(f"{os.getpid()}\n")
    os.execv(command[0], command)
