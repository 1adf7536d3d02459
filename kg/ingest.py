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
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, TextIO

from kg.corpus import input_hash, pipeline_for
from kg.inputs import InputProblem, document_from_json_line
from kg.model import Document
from kg.store.base import Store
from kg.store.oxigraph import StoredDocument

BATCH_DOCUMENTS = 64  # documents per batch read from a stream
BATCH_SECONDS = 1.0  # ... or whatever has arrived after this long
EXTRACT_DOCUMENTS = 8  # documents per task sent to spaCy's process
# A feed's consolidation is deferred so that it takes about this share of the feed's time at most.
CONSOLIDATE_SHARE = 0.1


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


class Ingester:
    """Applies batches of documents to a store, each document effectively once.

    ``after_write`` is called with the ids of the documents each batch wrote or
    withdrew: the hook for steps that follow what a document touches. By default it
    brings an Oxigraph store's consolidated graph up to date for what the batches touched,
    as a batch build does, so a fed store answers like a store built in one go. That
    recompute can reach much of the store (documents that name the same actors are linked),
    so it is deferred while a feed is busy: it runs when it would take at most
    ``CONSOLIDATE_SHARE`` of the feed's time, after a withdrawal, and when the feed ends,
    stops or goes quiet (``catch_up``). A document written but not yet consolidated carries
    no consolidation key, so a run killed meanwhile is caught up by the next one.
    """

    def __init__(self, store: Store, *, model: str | None = None, pipeline: Any = None,
                 after_write: Callable[[list[str]], None] | None = None) -> None:
        self.store = store
        self._model = model
        self._pipeline = pipeline
        self.after_write = after_write if after_write is not None else self._consolidate
        self.total = BatchSummary()
        self._touched: list[str] = []  # written or withdrawn, not consolidated yet
        self._withdrew = False
        self._consolidated_at = time.monotonic()
        self._consolidate_cost = 0.0  # seconds the last consolidation took
        self._extractor: Extractor | None = None  # without a pipeline given: spaCy's process, once needed

    def _consolidate(self, touched: list[str]) -> None:
        """The default ``after_write``: consolidate what the batches touched, now or when it is due."""
        self._touched.extend(touched)
        waited = time.monotonic() - self._consolidated_at
        if self._withdrew or waited * CONSOLIDATE_SHARE >= self._consolidate_cost * (1 - CONSOLIDATE_SHARE):
            self.consolidate()

    def consolidate(self) -> None:
        """Bring the consolidated graph up to date for every document touched (or left unconsolidated by a run
        that was killed) since it last was."""
        from kg.consolidate.stored import consolidate_written

        began = time.monotonic()
        touched, self._touched, self._withdrew = self._touched, [], False
        consolidate_written(self.store, touched)  # what they touch (and what a killed run left unconsolidated)
        self._consolidated_at = time.monotonic()
        self._consolidate_cost = self._consolidated_at - began

    def catch_up(self) -> None:
        """Run the deferred consolidation, if any (the feed is quiet)."""
        if self._touched and self.after_write == self._consolidate:
            self.consolidate()

    def finish(self) -> None:
        """Leave the consolidated graph up to date (the feed ended or stopped): what this run deferred, and
        what a run killed before it left unconsolidated; end spaCy's process."""
        try:
            if self.after_write == self._consolidate:
                self.consolidate()
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
        from kg.build import process
        from kg.rdf import graph_iri

        started = time.perf_counter()
        summary = BatchSummary(failed=[(p.where, p.error.message) for p in problems])
        touched: list[str] = []
        for doc_id in withdraw:
            self.store.forget(doc_id)
            summary.withdrawn += 1
            touched.append(doc_id)
            self._withdrew = True  # a withdrawn document leaves no trace to catch up from: consolidated now
        todo: dict[str, tuple[Document, str, str | None]] = {}
        for document, source in documents:
            digest = input_hash(document)
            if self.store.stored_hash(document.id) == digest and self.store.stored_source(document.id) == source:
                summary.unchanged += 1
                todo.pop(document.id, None)
            else:
                todo[document.id] = (document, digest, source)  # the last of a batch wins
        written: list[StoredDocument] = []
        if todo and self._pipeline is None:  # spaCy in its own process, this one links, maps and writes
            from kg.rdf import document_parts

            if self._extractor is None:
                self._extractor = Extractor(self._model)
            for result in self._extractor.results([(doc, digest) for doc, digest, _ in todo.values()]):
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
        if written:
            summary.triples = self.store.write(written)
            summary.built = len(written)
            touched.extend(doc.doc_id for doc in written)
        if touched:
            self.store.flush()
            if self.after_write is not None:
                self.after_write(touched)
        summary.seconds = time.perf_counter() - started
        self.total.add(summary)
        return summary


class Extractor:
    """spaCy and the extractor in a process of their own, for a feed built with a model (not a pipeline
    given): a batch's documents go there ``EXTRACT_DOCUMENTS`` at a time and come back extracted, while
    this process links, maps and writes the ones before (``kg.corpus.worker_extract``, ``link_results``)."""

    def __init__(self, model: str | None) -> None:
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        from kg.build import Pipeline

        self.model = model
        self.linker = Pipeline(model, extracts=False)
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver"),
                                        initializer=_init_extractor, initargs=(model, os.getpid()))

    def results(self, todo: list[tuple[Document, str]]) -> Iterator[Any]:
        """The documents' ``kg.corpus.Result``s, linked and mapped (a long one left to be mapped in parts)."""
        from concurrent.futures.process import BrokenProcessPool

        from kg.corpus import link_results, worker_extract
        from kg.errors import Errors, KgError

        futures = [self.pool.submit(worker_extract, self.model, todo[start:start + EXTRACT_DOCUMENTS])
                   for start in range(0, len(todo), EXTRACT_DOCUMENTS)]
        try:
            for future in futures:
                yield from link_results(self.linker, future.result())
        except BrokenProcessPool as exc:
            raise KgError(Errors.E306, detail=str(exc).splitlines()[0] if str(exc) else "killed") from None
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _init_extractor(model: str | None, feed_pid: int) -> None:
    """Start spaCy's process: Ctrl-C is the feed's to handle (a clean stop after the batch at hand)."""
    from kg.corpus import _init_worker

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(model, feed_pid)


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
                   seconds: float = BATCH_SECONDS) -> Iterator[list[tuple[int, str]]]:
    """Numbered lines of a stream in batches: ``size`` lines, or what arrived within ``seconds``."""
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
    if batch:
        yield batch


def ingest_stream(ingester: Ingester, stream: TextIO, *, where: str = "<stdin>", progress: bool = True,
                  size: int = BATCH_DOCUMENTS, seconds: float = BATCH_SECONDS) -> BatchSummary:
    """Ingest a JSONL stream until it closes (or Ctrl-C / SIGTERM); a summary line per batch."""
    with StopSignals() as stop:
        try:
            for index, batch in enumerate(stream_batches(stream, stop.event, size, seconds), start=1):
                documents: list[tuple[Document, str | None]] = []
                problems: list[InputProblem] = []
                for number, line in batch:
                    item = document_from_json_line(line, where, number)
                    if isinstance(item, InputProblem):
                        problems.append(item)
                    else:
                        documents.append((item, None))
                summary = ingester.apply(documents, problems=problems)
                if progress:
                    report(summary, f"batch {index}")
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

