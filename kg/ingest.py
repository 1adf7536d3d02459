"""Continuous ingest into a store: batches of documents in, each applied effectively once.

Every document is keyed by its id and the hash of its input (``kg.corpus.input_hash``).
A batch skips the documents the store already holds with the same hash and source,
builds the rest, and writes each one with its bookkeeping atomically (a changed
document replaces its old graph in one transaction). So a feed that is killed at
any moment and restarted redoes nothing twice and loses nothing: what was written
is skipped, what was not is built. ``kg watch`` (``kg.watch``) and
``kg ingest`` (``ingest_stream``) both feed an ``Ingester``.
"""

from __future__ import annotations

import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, TextIO

from kg.corpus import FLUSH_QUADS, input_hash, pipeline_for
from kg.inputs import InputProblem, document_from_json_line
from kg.model import Document
from kg.store.base import Store
from kg.store.oxigraph import StoredDocument

BATCH_DOCUMENTS = 64  # documents per batch read from a stream
BATCH_SECONDS = 1.0  # ... or whatever has arrived after this long
EXTRACT_DOCUMENTS = 8  # documents per task sent to spaCy's process
# A stream with nothing new for this long is quiet: the feed then flushes and consolidates what it deferred.
IDLE_SECONDS = 2.0


@dataclass
class BatchSummary:
    """What one batch did."""

    built: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    triples: int = 0
    seconds: float = 0.0

    def add(self, other: BatchSummary) -> None:
        """Count another batch in (for a run's total)."""
        self.built += other.built
        self.unchanged += other.unchanged
        self.withdrawn += other.withdrawn
        self.failed.extend(other.failed)
        self.triples += other.triples
        self.seconds += other.seconds

    @property
    def empty(self) -> bool:
        return not (self.built or self.unchanged or self.withdrawn or self.failed)

    def line(self, label: str) -> str:
        """The summary line printed after a batch (or a run)."""
        return (f"{label}: {self.built} built, {self.unchanged} unchanged, {self.withdrawn} withdrawn, "
                f"{len(self.failed)} failed; {self.triples} triples in {self.seconds:.1f} s")


@dataclass
class Submitted:
    """A batch handed to ``Ingester.submit``: what is known of it so far, and its documents' extraction,
    under way in spaCy's process while the batch before is written (``Ingester.complete`` finishes it)."""

    summary: BatchSummary
    started: float
    withdrawn: list[str]
    todo: dict[str, tuple[Document, str, str | None]]  # id -> (document, input hash, source)
    futures: list[Future[Any]] = field(default_factory=list)


class Ingester:
    """Applies batches of documents to a store, each document effectively once.

    A batch is submitted (``submit``: its unchanged documents skipped, the others sent to spaCy's
    process) and then completed (``complete``: linked, mapped and written in one transaction), so a
    feed submits the next batch before it completes the one before and spaCy never waits for the
    store. ``apply`` does both at once.

    ``after_write`` is called with the ids of the documents each batch wrote or withdrew: the hook for
    steps that follow what a document touches. By default it defers the consolidated graph's update
    while the feed is busy (within one war most reports share a name, so each update can reach much of
    the store): it runs after a withdrawal (which leaves no trace to catch up from), and when the feed
    goes quiet or ends (``catch_up``, ``finish``), for every document written since and not
    consolidated. A written document carries no consolidation mark until then, so nothing of it is
    held in memory meanwhile, and a run killed before its consolidation is caught up by the next one.
    RocksDB's flush is deferred alike, to every ``FLUSH_QUADS`` quads written.
    """

    def __init__(self, store: Store, *, model: str | None = None, pipeline: Any = None,
                 after_write: Callable[[list[str]], None] | None = None) -> None:
        self.store = store
        self._model = model
        self._pipeline = pipeline
        self.after_write = after_write if after_write is not None else self._consolidate
        self.total = BatchSummary()
        self._deferred = False  # documents written and not consolidated since
        self._unflushed = 0  # quads written since the last flush
        self._in_flight: dict[str, tuple[str, str | None]] = {}  # submitted, not written: id -> (hash, source)
        self._extractor: Extractor | None = None  # without a pipeline given: spaCy's process, once needed

    def _consolidate(self, touched: list[str], withdrew: bool = False) -> None:
        """The default ``after_write``: consolidate now after a withdrawal, else when the feed is quiet."""
        if withdrew:
            self.consolidate(touched)
        elif touched:
            self._deferred = True

    def consolidate(self, touched: Iterable[str] = ()) -> None:
        """Bring the consolidated graph up to date for ``touched`` and for every document written and not
        consolidated (by this run, or by one that was killed)."""
        from kg.consolidate.stored import consolidate_written

        self._deferred = False
        consolidate_written(self.store, list(touched))  # flushes when it changes anything
        self._unflushed = 0

    def catch_up(self) -> None:
        """The feed is quiet: flush, and run the deferred consolidation, if any."""
        if self._unflushed:
            self.store.flush()
            self._unflushed = 0
        if self._deferred and self.after_write == self._consolidate:
            self.consolidate()

    def finish(self) -> None:
        """Leave the consolidated graph up to date (the feed ended or stopped): what this run deferred, and
        what a run killed before it left unconsolidated; end spaCy's process."""
        try:
            if self.after_write == self._consolidate:
                self.consolidate()
            self.store.flush()
            self._unflushed = 0
        finally:
            self.close()

    def close(self) -> None:
        """End spaCy's process, if one was started."""
        if self._extractor is not None:
            self._extractor.close()
            self._extractor = None

    @property
    def pipeline(self) -> Any:
        """The NLP pipeline, loaded when the first document needs building."""
        if self._pipeline is None:
            self._pipeline = pipeline_for(self._model)
        return self._pipeline

    def apply(self, documents: Iterable[tuple[Document, str | None]],
              withdraw: Iterable[str] = (), problems: Iterable[InputProblem] = ()) -> BatchSummary:
        """Withdraw documents by id, then build and write the documents (each with its source) that changed."""
        return self.complete(self.submit(documents, withdraw, problems))

    def submit(self, documents: Iterable[tuple[Document, str | None]],
               withdraw: Iterable[str] = (), problems: Iterable[InputProblem] = ()) -> Submitted:
        """Withdraw documents by id, and start building the documents (each with its source) that changed:
        their extraction runs in spaCy's process until ``complete`` takes the batch."""
        batch = Submitted(BatchSummary(failed=[(p.where, p.error.message) for p in problems]),
                          time.perf_counter(), [], {})
        for doc_id in withdraw:
            self.store.forget(doc_id)
            self._in_flight.pop(doc_id, None)
            batch.summary.withdrawn += 1
            batch.withdrawn.append(doc_id)
        todo = batch.todo
        for document, source in documents:
            digest = input_hash(document)
            if self._holds(document.id, digest, source):
                batch.summary.unchanged += 1
                todo.pop(document.id, None)
            else:
                todo[document.id] = (document, digest, source)  # the last of a batch wins
        for doc_id, (_, digest, source) in todo.items():
            self._in_flight[doc_id] = (digest, source)
        if todo and self._pipeline is None:  # spaCy in its own process, this one links, maps and writes
            if self._extractor is None:
                self._extractor = Extractor(self._model)
            batch.futures = self._extractor.submit([(doc, digest) for doc, digest, _ in todo.values()])
        return batch

    def _holds(self, doc_id: str, digest: str, source: str | None) -> bool:
        """Whether the store holds this document unchanged, or will once the batches submitted are written."""
        if doc_id in self._in_flight:
            return self._in_flight[doc_id] == (digest, source)
        return self.store.stored_hash(doc_id) == digest and self.store.stored_source(doc_id) == source

    def complete(self, batch: Submitted) -> BatchSummary:
        """Link, map and write a submitted batch's documents (one transaction); its summary."""
        summary, todo = batch.summary, batch.todo
        try:
            written = self._built(batch)
            touched = list(batch.withdrawn)
            if written:
                summary.triples = self.store.write(written)
                summary.built = len(written)
                touched.extend(doc.doc_id for doc in written)
                self._unflushed += summary.triples
        finally:
            for doc_id in todo:
                if self._in_flight.get(doc_id) == todo[doc_id][1:]:
                    del self._in_flight[doc_id]
        if self._unflushed >= FLUSH_QUADS:
            self.store.flush()
            self._unflushed = 0
        if touched and self.after_write is not None:
            if self.after_write == self._consolidate:
                self._consolidate(touched, withdrew=bool(batch.withdrawn))
            else:
                self.after_write(touched)
        summary.seconds = time.perf_counter() - batch.started
        self.total.add(summary)
        return summary

    def _built(self, batch: Submitted) -> list[StoredDocument]:
        """A submitted batch's documents built, ready to write (its failures counted in its summary)."""
        from kg.build import process
        from kg.rdf import document_parts, graph_iri

        summary, todo = batch.summary, batch.todo
        written: list[StoredDocument] = []
        if batch.futures:
            assert self._extractor is not None
            for result in self._extractor.results(batch.futures):
                if result.error is not None:
                    summary.failed.append((result.doc_id, result.error))
                    continue
                _, digest, source = todo[result.doc_id]
                parts = document_parts(result.document) if result.document is not None else None  # a long one
                written.append(StoredDocument(result.doc_id, _node(graph_iri(result.doc_id)), digest,
                                              nquads=result.nquads if parts is None else None, parts=parts,
                                              source=source))
        elif todo:
            for outcome in process(self.pipeline, [doc for doc, _, _ in todo.values()]):
                if outcome.nquads is None or outcome.document is None:
                    error = outcome.error.message if outcome.error else "unknown"
                    summary.failed.append((outcome.where, error))
                    continue
                _, digest, source = todo[outcome.document.id]
                written.append(StoredDocument(outcome.document.id, _node(graph_iri(outcome.document.id)), digest,
                                              nquads=outcome.nquads, source=source))
        return written


class Extractor:
    """spaCy and the extractor in a process of their own, for a feed built with a model (not a pipeline
    given): a batch's documents go there ``EXTRACT_DOCUMENTS`` at a time (``submit``) and come back
    extracted (``results``), while this process links, maps and writes the ones before
    (``kg.corpus.worker_extract``, ``link_results``)."""

    def __init__(self, model: str | None) -> None:
        import os

        from kg.build import Pipeline
        from kg.corpus import _init_worker, worker_extract
        from kg.workers import Workers

        self.model = model
        self.linker = Pipeline(model, extracts=False)
        self.pool = Workers(1, worker_extract, _init_worker, (model, os.getpid()), context="forkserver")

    def submit(self, todo: list[tuple[Document, str]]) -> list[Future[Any]]:
        """Send documents to spaCy's process; they are extracted in the order sent."""
        return [self.pool.submit(self.model, todo[start:start + EXTRACT_DOCUMENTS])
                for start in range(0, len(todo), EXTRACT_DOCUMENTS)]

    def results(self, futures: list[Future[Any]]) -> Iterator[Any]:
        """The submitted documents' ``kg.corpus.Result``s, linked and mapped (a long one left to be mapped
        in parts)."""
        from kg.corpus import link_results
        from kg.errors import Errors, KgError
        from kg.workers import WorkerStopped

        try:
            for future in futures:
                yield from link_results(self.linker, future.result())
        except WorkerStopped as exc:
            raise KgError(Errors.E306, detail=str(exc)) from None
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        self.pool.close()


def _node(iri: Any) -> Any:
    import pyoxigraph as ox

    return ox.NamedNode(str(iri))


class StopSignals:
    """Turns Ctrl-C and SIGTERM into a flag the feed loops check between batches: a clean stop."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopSignals:
        for number in (signal.SIGINT, signal.SIGTERM):
            self._previous[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    def _handle(self, number: int, frame: FrameType | None) -> None:
        del number, frame
        self.event.set()

    @property
    def stopped(self) -> bool:
        return self.event.is_set()


def _lines(stream: TextIO, out: queue.Queue[str | None]) -> None:
    for line in stream:
        out.put(line)
    out.put(None)


def stream_batches(stream: TextIO, stop: threading.Event, size: int = BATCH_DOCUMENTS,
                   seconds: float = BATCH_SECONDS, lulls: bool = False) -> Iterator[list[tuple[int, str]]]:
    """Numbered lines of a stream in batches: ``size`` lines, or what arrived within ``seconds``. With
    ``lulls``, an empty batch too whenever nothing is waiting to be read (every 0.2 s while it lasts)."""
    lines: queue.Queue[str | None] = queue.Queue(maxsize=size * 4)
    threading.Thread(target=_lines, args=(stream, lines), daemon=True).start()
    number = 0
    batch: list[tuple[int, str]] = []
    deadline = None
    while not stop.is_set():
        timeout = 0.2 if deadline is None else max(0.0, min(0.2, deadline - time.monotonic()))
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            line = ""
        if line is None:
            break
        if line:
            number += 1
            if line.strip():
                batch.append((number, line))
                deadline = deadline or time.monotonic() + seconds
        if batch and (len(batch) >= size or time.monotonic() >= (deadline or 0)):
            yield batch
            batch, deadline = [], None
        elif lulls and not batch and not line:
            yield []
    if batch:
        yield batch


def _documents(batch: list[tuple[int, str]], where: str) -> tuple[list[tuple[Document, str | None]],
                                                                    list[InputProblem]]:
    """A batch's lines read as documents (without a source), and the lines that are not one."""
    documents: list[tuple[Document, str | None]] = []
    problems: list[InputProblem] = []
    for number, line in batch:
        item = document_from_json_line(line, where, number)
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            documents.append((item, None))
    return documents, problems


def ingest_stream(ingester: Ingester, stream: TextIO, *, where: str = "<stdin>", progress: bool = True,
                  size: int = BATCH_DOCUMENTS, seconds: float = BATCH_SECONDS) -> BatchSummary:
    """Ingest a JSONL stream until it closes (or Ctrl-C / SIGTERM); a summary line per batch.

    Each batch is submitted before the one before it is completed, so spaCy extracts the next
    documents while this process links, maps and writes; in a lull the batch at hand is completed, and
    once nothing has arrived for ``IDLE_SECONDS`` the deferred flush and consolidation run."""
    done = 0
    arrived = time.monotonic()  # when the last batch did

    def complete(batch: Submitted) -> None:
        nonlocal done
        summary = ingester.complete(batch)
        done += 1
        if progress:
            report(summary, f"batch {done}")

    with StopSignals() as stop:
        try:
            waiting: Submitted | None = None  # submitted, not completed
            for batch in stream_batches(stream, stop.event, size, seconds, lulls=True):
                following = None
                if batch:
                    documents, problems = _documents(batch, where)
                    following = ingester.submit(documents, problems=problems)
                    arrived = time.monotonic()
                if waiting is not None:
                    complete(waiting)
                waiting = following
                if not batch and time.monotonic() - arrived >= IDLE_SECONDS:
                    ingester.catch_up()
            if waiting is not None:
                complete(waiting)
            ingester.finish()
        finally:
            ingester.close()
    if progress:
        print(ingester.total.line("total"), file=sys.stderr, flush=True)
    return ingester.total


def report(summary: BatchSummary, label: str, extra: str = "") -> None:
    print(summary.line(label) + extra, file=sys.stderr, flush=True)
    for where, why in summary.failed:
        print(f"  failed: {why}" if why.startswith(where) else f"  failed {where}: {why}", file=sys.stderr, flush=True)

