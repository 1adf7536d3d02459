"""Corpus builds into a persistent store: streaming, in parallel, incremental, resumable.

``build_store`` reads the inputs as a stream, skips documents whose input has
not changed since they were built, sends the rest through ``kg.build.process``
(here, in N local worker processes, or on a Dask cluster) and writes each
finished document into the store with its bookkeeping in one atomic write
(``Store.write`` of ``kg.store.base``; the store is ``kg.store.oxigraph.OxigraphStore``,
and nothing here talks to Oxigraph directly). A build into a new store writes through the bulk
loader, in bigger writes, and compacts the store at the end (so does the build
that resumes it); a build into a store that holds documents writes transactions
and leaves the rest of the store alone. Only a bounded number of batches is in flight,
so memory stays flat whatever the corpus size; a killed run loses at most the
documents not yet written, and the next run builds just those.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import __version__
from kg.background import Background
from kg.build import pipeline_for
from kg.consolidate import Consolidation, consolidation_text
from kg.consolidate.records import Corpus, combine, read
from kg.consolidate.stored import consolidate_written
from kg.errors import Errors, KgError
from kg.inputs import InputProblem, iter_documents, unique_documents
from kg.model import Document
from kg.progress import progress_bar
from kg.store.base import Store
from kg.store.oxigraph import OxigraphStore, StoredDocument, document_graphs
from kg.store.spill import SpillStore

# A new release rebuilds every stored document; bump the suffix when a change to extraction or
# mapping within a release should (users can always pass --force).
BUILD_VERSION = f"{__version__}+1"
BATCH_DOCUMENTS = 32  # documents per task sent to a worker
WRITE_DOCUMENTS = 64  # documents per store transaction
WRITE_QUADS = 50_000  # ... or this many quads
WRITE_SECONDS = 2.0  # ... or whatever is done after this long
# Bulk loads (into a new store) each leave files behind until the final compaction, each costs
# memory, and each sets RocksDB compacting (kg.store.oxigraph.BULK_BATCH): fewer, bigger ones.
# BULK_WRITE_QUADS stays below BULK_BATCH with room for the last document and the bookkeeping; at
# this size the BULK_LOADS_MAX loads of a build hold about 57M quads (24M words of news), and a build
# writes transactions only beyond (each about four times slower). A load waits at most
# BULK_WRITE_SECONDS: the most work a killed build loses (a load is about a minute of spaCy's work).
BULK_WRITE_DOCUMENTS = 4096
BULK_WRITE_QUADS = 900_000
BULK_WRITE_SECONDS = 120.0
# One worker: a corpus at least this big (its input files) is extracted in a process of its own while
# this one links, maps, writes and reads what consolidation needs (the machine's second core), so that
# a build takes about as long as spaCy and the extractor; a small one is not worth starting a process.
EXTRACT_APART_BYTES = 200_000
# --workers auto: one worker process per core, at most this many, for inputs of EXTRACT_APART_BYTES or
# more (spaCy and the extractor then run beside the process that writes; smaller inputs run in one).
AUTO_WORKERS = 4
CLUSTER_TIMEOUT = "20s"  # to connect to a Dask scheduler
# RocksDB keeps recent writes in memory until it flushes them: flushing every so many quads
# keeps a build's memory flat (without it, memory grows by about 1 MB per thousand quads).
FLUSH_QUADS = 50_000
WATCH_SECONDS = 1.0  # how often a worker checks that its build is still there


@dataclass
class BuildSummary:
    """What a store build did."""

    documents: int = 0  # documents read, good and bad
    built: int = 0
    skipped: int = 0  # unchanged since they were built
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    triples: int = 0  # triples written by this run
    words: int = 0  # words of the documents built
    seconds: float = 0.0
    input_errors: list[KgError] = field(default_factory=list)  # why inputs could not be read, as errors
    codes: list[str] = field(default_factory=list)  # the error code of each entry of `failed`
    consolidation: Consolidation | None = None  # what consolidating the store did, when it ran
    consolidate_seconds: float = 0.0

    def text(self) -> str:
        """The summary printed at the end of a build."""
        lines = [
            f"{self.documents} document(s): {self.built} built, {self.skipped} unchanged (skipped), "
            f"{len(self.failed)} failed; {self.triples} triples written in {self.seconds:.1f} s"
        ]
        for where, why in self.failed:
            lines.append(f"  failed: {why}" if why.startswith(where) else f"  failed {where}: {why}")
        if self.consolidation is not None:
            lines.append(f"{consolidation_text(self.consolidation)} in {self.consolidate_seconds:.1f} s")
        return "\n".join(lines)

    def fail(self, where: str, why: str, code: str) -> None:
        """Record a document that could not be built."""
        self.failed.append((where, why))
        self.codes.append(code)


@dataclass
class Result:
    """One processed document, as a worker hands it back: N-Quads, or why it failed."""

    doc_id: str
    input_hash: str
    nquads: bytes | None = None
    error: str | None = None
    words: int = 0
    code: str = "E021"  # the error code of `error`
    document: Document | None = None  # a long document, which the writer maps part by part instead of nquads
    pieces: bool = False  # the document was extracted in pieces (it is long)


def input_hash(document: Document) -> str:
    """A hash of everything a document's graph is built from (its file name too: the graph records it)."""
    data = [BUILD_VERSION, document.id, document.text, document.title,
            document.published.isoformat() if document.published else None, document.url, document.file_name]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()


# --- the per-document work, in any process ---------------------------------------------------

_RUN_LOCK = threading.Lock()


def process_batch(pipeline: Any, batch: list[tuple[Document, str]]) -> list[Result]:
    """Extract, link and map a batch of documents; one Result per document, failures included."""
    from kg.build import process

    return _results(batch, lambda: process(pipeline, [doc for doc, _ in batch], batch_size=len(batch),
                                           long_in_parts=True))


def _results(batch: list[tuple[Document, str]], outcomes: Callable[[], Iterable[Any]]) -> list[Result]:
    """A Result per document of a batch from ``kg.build`` Outcomes (``outcomes()``); if the batch fails,
    its other documents are reported, not lost."""
    hashes = {doc.id: digest for doc, digest in batch}
    words = {doc.id: len(doc.text.split()) for doc, _ in batch}
    results: list[Result] = []
    try:
        for outcome in outcomes():
            doc_id = outcome.document.id if outcome.document is not None else outcome.where
            result = Result(doc_id, hashes.get(doc_id, ""), words=words.get(doc_id, 0))
            if outcome.in_parts or (outcome.nquads is None and outcome.error is None and outcome.document):
                result.document, result.pieces = outcome.document, outcome.pieces  # mapped later
            elif outcome.nquads is None:
                result.error = outcome.error.message if outcome.error else "the document could not be built"
                result.code = outcome.error.code if outcome.error else result.code
            else:
                result.nquads = outcome.nquads
            results.append(result)
    except Exception as exc:  # noqa: BLE001 - the batch's other documents are reported, not lost
        done = {r.doc_id for r in results}
        results += [Result(doc.id, digest, error=f"the build failed: {str(exc)[:200]}")
                    for doc, digest in batch if doc.id not in done]
    return results


def worker_batch(model: str | None, batch: list[tuple[Document, str]]) -> list[Result]:
    """The task a worker process or a Dask worker runs: the pipeline is loaded once per process."""
    pipeline = pipeline_for(model)
    # A Dask worker may run several tasks at once in threads: one batch through spaCy at a time.
    with _RUN_LOCK:
        return process_batch(pipeline, batch)


def worker_extract(model: str | None, batch: list[tuple[Document, str]]) -> list[Result]:
    """The task of a build's extraction process: extract only; each Result carries its extracted document,
    which the build links and maps (``link_results``) while this process reads the next batch."""
    from kg.build import extract_outcomes

    pipeline = pipeline_for(model)
    with _RUN_LOCK:
        return _results(batch, lambda: extract_outcomes(pipeline, [doc for doc, _ in batch], batch_size=len(batch)))


def link_results(linker: Any, results: list[Result]) -> list[Result]:
    """Link and map the documents of ``worker_extract``'s Results (a long one is left to its writer)."""
    from kg.build import Outcome, complete

    todo = [r for r in results if r.document is not None and r.error is None]
    outcomes = complete(linker, [Outcome(r.doc_id, r.document, pieces=r.pieces) for r in todo], long_in_parts=True)
    for result, outcome in zip(todo, outcomes):
        if outcome.error is not None:
            result.document, result.error, result.code = None, outcome.error.message, outcome.error.code
        elif not outcome.in_parts:
            result.document, result.nquads = None, outcome.nquads
    return results


def _init_worker(model: str | None, build_pid: int | None = None) -> None:
    _exit_with_parent(build_pid)
    pipeline_for(model)


def _exit_with_parent(build_pid: int | None) -> None:
    """End this worker when the build that started it is gone (killed with SIGKILL, say).

    A pool worker's parent is the forkserver, which exits when the build does; a
    worker is then reparented, and would otherwise wait for work forever (about 200 MB each).
    """
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != parent or (build_pid is not None and not _alive(build_pid)):
                os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process stays a zombie until it is reaped: it is gone all the same
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


# --- running the work ------------------------------------------------------------------------


def _batches(items: Iterable[tuple[Document, str]], size: int) -> Iterator[list[tuple[Document, str]]]:
    batch: list[tuple[Document, str]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _in_process(todo: Iterator[tuple[Document, str]], load: Callable[[], Any]) -> Iterator[Result]:
    pipeline = None
    for batch in _batches(todo, BATCH_DOCUMENTS):
        pipeline = pipeline or load()  # not loaded at all when every document is unchanged
        yield from process_batch(pipeline, batch)


def _in_pool(todo: Iterator[tuple[Document, str]], model: str | None, workers: int,
             task: Callable[[str | None, list[tuple[Document, str]]], list[Result]] = worker_batch,
             then: Callable[[list[Result]], list[Result]] = lambda results: results) -> Iterator[Result]:
    """The documents' Results from worker processes (``task`` per batch, ``then`` applied here to each batch's).

    forkserver: a fresh interpreter per worker, never a fork of a process with threads or open stores.
    """
    from kg.workers import Workers, WorkerStopped

    pool = Workers(workers, task, _init_worker, (model, os.getpid()), context="forkserver")
    try:
        for results in pool.run((model, batch) for batch in _batches(todo, BATCH_DOCUMENTS)):
            yield from then(results)
    except WorkerStopped as exc:
        raise KgError(Errors.E306, detail=str(exc)) from None
    finally:
        pool.close()


def _on_cluster(todo: Iterator[tuple[Document, str]], model: str | None, address: str) -> Iterator[Result]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise KgError(Errors.E330) from None
    try:
        client = Client(address, timeout=CLUSTER_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else "timeout"
        raise KgError(Errors.E331, address=address, detail=detail) from None
    try:
        slots = max(1, sum(client.nthreads().values()))
        running = as_completed(loop=client.loop)
        in_flight = 0
        for batch in _batches(todo, BATCH_DOCUMENTS):
            running.add(client.submit(worker_batch, model, batch, pure=False))
            in_flight += 1
            while in_flight >= 2 * slots:
                future = next(running)
                in_flight -= 1
                yield from future.result()
                future.release()
        for future in running:
            yield from future.result()
            future.release()
    finally:
        client.close()


# --- the build -------------------------------------------------------------------------------


class _Writer:
    """Writes finished documents from a thread of its own (``kg.background``), so that spaCy need not wait
    for the disk; two batches at most wait. Errors surface in the building thread at its next ``put`` or
    at ``close``.
    """

    def __init__(self, store: Store, summary: BuildSummary, on_write: Callable[[BuildSummary], None] | None,
                 bulk: bool = False, records: dict[str, Corpus] | None = None):
        self.store, self.summary, self.on_write, self.bulk = store, summary, on_write, bulk
        # a store that held no documents: consolidation's records, read from each document's lines
        # after it is written, while spaCy works on the next ones (None once a document cannot be)
        self.records = records
        self.unflushed = 0
        self.background: Background[list[Result]] = Background(self._write, 2, "kg-store-writer")

    def _write(self, batch: list[Result]) -> None:
        from kg.rdf import document_parts, graph_iri

        docs = [StoredDocument(r.doc_id, ox.NamedNode(str(graph_iri(r.doc_id))), r.input_hash,
                               nquads=(r.nquads or b"") if r.document is None else None,
                               parts=document_parts(r.document) if r.document is not None else None)
                for r in batch]
        written = self.store.write(docs, bulk=self.bulk)
        self.summary.triples += written
        self.summary.built += len(docs)
        self.unflushed += written
        if self.unflushed >= FLUSH_QUADS:
            self.store.flush()
            self.unflushed = 0
        if self.on_write:
            self.on_write(self.summary)
        self._read(docs)

    def _read(self, docs: list[StoredDocument]) -> None:
        if self.records is None:
            return
        if any(doc.nquads is None for doc in docs):  # a long document written in parts: read back at the end
            self.records = None
            return
        for doc in docs:
            quads = ox.parse(doc.nquads or b"", format=ox.RdfFormat.N_QUADS)
            self.records[doc.graph.value] = read((q.subject, q.predicate, q.object, q.graph_name) for q in quads)

    def put(self, batch: list[Result]) -> None:
        if batch:
            self.background.put(batch)
        else:
            self.background.check()

    def close(self) -> None:
        self.background.close()


def _writing(store: Path, step: Callable[[], None]) -> None:
    """Run a step that writes the store (a flush, a compaction), its errors said as a build's write errors."""
    try:
        step()
    except KgError as exc:
        raise _write_error(store, exc.message.split(": ", 1)[-1]) from None
    except (OSError, RuntimeError) as exc:
        raise _write_error(store, exc) from None


def _write_error(store: Path, exc: BaseException | str) -> KgError:
    text = exc if isinstance(exc, str) else str(exc)
    detail = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return KgError(Errors.E303, path=store, detail=f"{detail}; documents written before are kept: "
                                                    "make room and run the same command to resume")


def _input_bytes(paths: list[str]) -> int:
    """The size of the input files (standard input counts as none: its size is not known)."""
    total = 0
    for path in (Path(p) for p in paths if p != "-"):
        try:
            if path.is_dir():
                total += sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())
            elif path.is_file():
                total += path.stat().st_size
        except OSError:
            continue  # the build says what is wrong with it
    return total


def auto_workers(paths: list[str]) -> int:
    """The worker processes of ``--workers auto``: the machine's cores (at most ``AUTO_WORKERS``) for
    inputs big enough to pay for starting them, else 1."""
    if _input_bytes(paths) < EXTRACT_APART_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, AUTO_WORKERS))


def _count(paths: list[str], published: date | None) -> tuple[int | None, bool]:
    """How many documents and problems the inputs hold (for the time left; None for standard input),
    and whether any of them is a document to build."""
    import contextlib
    import io

    if "-" in paths:
        return None, True
    items = documents = 0
    with contextlib.redirect_stderr(io.StringIO()):  # the build itself prints each input's warnings once
        for item in iter_documents(paths, published):
            items += 1
            documents += isinstance(item, Document)
    return items, documents > 0


def build_store(
    paths: list[str],
    store: Path | Store,
    *,
    workers: int | None = 1,
    cluster: str | None = None,
    force: bool = False,
    model: str | None = None,
    published: date | None = None,
    progress: bool = True,
    online: Any = None,
    on_write: Callable[[BuildSummary], None] | None = None,
    pipeline: Any = None,
    compact: bool = True,
    same_as: list[tuple[str, str]] | None = None,
    keep_apart: list[tuple[str, str]] | None = None,
    report: bool = True,
) -> BuildSummary:
    """Build every document of the inputs into a store, one named graph per document.

    Unchanged documents are skipped (``force`` rebuilds them), changed ones are
    replaced, bad ones are reported in ``failed`` and the rest are built.
    ``workers=None`` picks them (``auto_workers``); ``on_write`` is called after each store
    transaction; ``pipeline`` (a loaded
    ``kg.build.Pipeline``) serves in-process builds instead of this process's own.
    ``compact=False`` leaves out the compaction after a bulk build, for a store
    that is read once and thrown away (a file build's); ``report=False`` leaves
    out the summary printed at the end (a file build prints its own).
    A build that wrote anything (or has the user's pairs) then recomputes the
    store's consolidated graph (``kg.consolidate``). ``store`` is a folder (an
    Oxigraph store, opened here) or an open ``kg.store.base.Store``.
    """
    if workers is None:
        workers = 1 if pipeline is not None or online is not None or cluster else auto_workers(paths)
    if workers < 1:
        raise KgError(Errors.E304, value=workers)
    summary = BuildSummary()
    started = time.perf_counter()
    if isinstance(store, (str, os.PathLike)):
        store = Path(store)
        try:
            target: Store = OxigraphStore(store)  # opened for writing, with the current ontology
        except KgError as exc:
            if exc.code == "E303":
                raise _write_error(store, exc.message.split(": ", 1)[-1]) from None
            raise
    else:
        target, store = store, store.path
    records = None
    if isinstance(target, SpillStore) and target.on_document is None:  # a file build: read as it is written
        from kg.consolidate.spilled import SpilledRecords

        records = SpilledRecords(target.path / "records.pickle")
        target.on_document = records.add
    total, any_document = _count(paths, published) if progress else (None, False)
    bar = progress_bar(progress and any_document, total)  # no bar over inputs that are all unreadable
    task = bar.add_task("build", total=total, status="")

    def advance() -> None:
        status = f"{len(summary.failed)} failed"
        if not isinstance(target, SpillStore):  # a file build has nothing unchanged to skip
            status = f"{summary.skipped} unchanged, {status}"
        bar.update(task, advance=1, status=status)

    def todo() -> Iterator[tuple[Document, str]]:
        for item in unique_documents(iter_documents(paths, published)):
            summary.documents += 1
            if isinstance(item, InputProblem):
                summary.fail(item.where, item.error.message, item.error.code)
                summary.input_errors.append(item.error)
                advance()
                continue
            digest = input_hash(item)
            if not force and target.stored_hash(item.id) == digest:
                summary.skipped += 1
                advance()
                continue
            yield item, digest

    pending: list[Result] = []
    written_ids: list[str] = []  # what consolidation recomputes for (with what they touch)
    pending_quads = 0
    last_write = time.perf_counter()
    # a store with no documents yet: consolidation reads each one as it is written, not back at the end
    empty = isinstance(target, OxigraphStore) and next(document_graphs(target.db), None) is None
    bulk = target.begin_bulk()  # a new store (or one a bulk build left unfinished)
    if bulk:
        most_documents, most_quads, most_seconds = BULK_WRITE_DOCUMENTS, BULK_WRITE_QUADS, BULK_WRITE_SECONDS
    else:
        most_documents, most_quads, most_seconds = WRITE_DOCUMENTS, WRITE_QUADS, WRITE_SECONDS
    writer = _Writer(target, summary, on_write, bulk=bulk, records={} if empty else None)

    def write() -> None:
        nonlocal pending, pending_quads, last_write
        writer.put(pending)
        pending, pending_quads, last_write = [], 0, time.perf_counter()

    if cluster:
        results = _on_cluster(todo(), model, cluster)
    elif workers > 1 and online is None:
        results = _in_pool(todo(), model, workers)
    elif pipeline is None and online is None and _input_bytes(paths) >= EXTRACT_APART_BYTES:
        from kg.build import Pipeline

        linker = Pipeline(model, extracts=False)  # spaCy runs in the extraction process only
        results = _in_pool(todo(), model, 1, task=worker_extract, then=lambda done: link_results(linker, done))
    else:
        results = _in_process(todo(), lambda: pipeline or pipeline_for(model, online))
    try:
        with bar:
            for result in results:
                if result.error is not None:
                    summary.fail(result.doc_id, result.error, result.code)
                    advance()
                    continue
                summary.words += result.words
                written_ids.append(result.doc_id)
                pending.append(result)
                # a long document is written on its own, part by part
                pending_quads += most_quads if result.document is not None else (result.nquads or b"").count(b"\n")
                advance()
                if (len(pending) >= most_documents or pending_quads >= most_quads
                        or time.perf_counter() - last_write >= most_seconds):
                    write()
            write()
            writer.close()
    except (KeyboardInterrupt, KgError) as exc:
        write()  # keep every document that is finished
        writer.close()
        if isinstance(exc, KeyboardInterrupt):
            raise KgError(Errors.E305, done=summary.built) from None
        if exc.code == "E303":  # the writer's: say where, and what to do
            raise _write_error(store, exc.message.split(": ", 1)[-1]) from None
        raise
    except (OSError, RuntimeError) as exc:  # a full disk, a store that broke under us: RocksDB says which
        raise _write_error(store, exc) from None
    finally:
        if hasattr(results, "close"):
            results.close()
        writer.background.stop()
        _writing(store, target.flush)
    if progress and report and (written_ids or same_as or keep_apart):
        print("consolidating the store ...", file=sys.stderr)
    begun = time.perf_counter()
    if records is not None:  # a file build: its records read back from disk, the workers gone
        from kg.consolidate.spilled import consolidate_spilled

        assert isinstance(target, SpillStore)
        target.on_document = None  # documents written after (post-build steps) are not consolidated
        if written_ids or same_as or keep_apart:
            summary.consolidation = consolidate_spilled(target, records.corpus(), same_as, keep_apart)
    else:
        seen = writer.records  # every document written, read as it was (None: read back from the store)
        corpus = combine(*(seen[g] for g in sorted(seen))) if seen is not None and len(seen) == summary.built else None
        summary.consolidation = consolidate_written(target, written_ids, same_as, keep_apart, corpus,
                                                    bulk=bulk and compact)
    summary.consolidate_seconds = time.perf_counter() - begun
    if bulk and compact:  # after consolidation, whose first graph is bulk-loaded too
        if progress and report:
            print("compacting the store ...", file=sys.stderr)
        _writing(store, target.finish_bulk)  # the compaction
    summary.seconds = time.perf_counter() - started
    if summary.documents == 0:
        raise KgError(Errors.E017, paths=" ".join(paths))
    if progress and report:
        print(summary.text(), file=sys.stderr)
    return summary
