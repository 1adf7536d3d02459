"""Following a folder (``kg watch``): files that appear or change are built, files that go are withdrawn.

A file counts once it is complete: written under a name the feed ignores (a
hidden name, or an extension other than .txt/.json/.jsonl, such as ``.tmp``)
and renamed, or unchanged in size and time for ``settle`` seconds. Each
document remembers the file it came from, so a file that disappears withdraws
its documents, and a document that leaves a changed file is withdrawn too.
On start the folder and the store are reconciled (what changed while no one
watched is applied), which is also how a restart after ``kill -9`` catches up.
A document whose id another file of the folder already holds is refused (E023),
as a build refuses it: the first file keeps the id.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import Errors, KgError
from kg.ingest import BatchSummary, Ingester, StopSignals, report
from kg.inputs import SUFFIXES, InputProblem, iter_documents
from kg.model import Document

SETTLE_SECONDS = 1.0  # a file unchanged this long (and not renamed into place) is complete
FILES_PER_BATCH = 64


def is_watched(path: Path, folder: Path) -> bool:
    """Whether a path is a document file of the feed (not hidden, not a temporary name)."""
    try:
        parts = path.relative_to(folder).parts
    except ValueError:
        return False
    return path.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in parts)


def watched_files(folder: Path) -> list[Path]:
    """The document files in a folder and its subfolders, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_watched(p, folder))


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _chunks(items: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Watcher:
    """Keeps a store in step with a folder of document files."""

    def __init__(self, folder: Path, ingester: Ingester, *, settle: float = SETTLE_SECONDS,
                 progress: bool = True) -> None:
        self.folder = folder.resolve()
        self.ingester = ingester
        self.settle = settle
        self.progress = progress
        self.batches = 0
        # files seen changing, with their size and time when last seen and since when they have stayed so
        self.pending: dict[Path, tuple[tuple[int, int], float] | None] = {}

    def apply(self, changed: Iterable[Path], deleted: Iterable[Path] = ()) -> BatchSummary:
        """Build the changed files' documents and withdraw those of deleted files (and those a file dropped)."""
        store = self.ingester.store
        withdraw = [doc_id for path in deleted for doc_id in store.documents_from(str(path))]
        documents: list[tuple[Document, str | None]] = []
        problems: list[InputProblem] = []
        sources: dict[str, str] = {}  # the file each document id of this batch comes from
        for path in changed:
            ids = set()
            for item in iter_documents([str(path)]):
                if isinstance(item, InputProblem):
                    problems.append(item)
                    continue
                first = sources.get(item.id) or self._held_elsewhere(item.id, path)
                if first is not None and first != str(path):  # two files, one id: the first keeps it
                    where = item.where or str(path)
                    problems.append(InputProblem(where, KgError(Errors.E023, where=where, doc_id=item.id,
                                                                first=first)))
                    continue
                sources[item.id] = str(path)
                ids.add(item.id)
                documents.append((item, str(path)))
            withdraw.extend(doc_id for doc_id in store.documents_from(str(path)) if doc_id not in ids)
        summary = self.ingester.apply(documents, withdraw=withdraw, problems=problems)
        if not summary.empty:
            self.batches += 1
            if self.progress:
                held = store.count()
                report(summary, f"batch {self.batches}", f"; {held} documents, {len(self.pending)} files pending")
        return summary

    def _held_elsewhere(self, doc_id: str, path: Path) -> str | None:
        """The other file of the folder that the store's document ``doc_id`` came from, if that file
        still holds a document with this id."""
        held = self.ingester.store.stored_source(doc_id)
        if held is None or held == str(path) or not Path(held).is_file():
            return None
        still = any(isinstance(item, Document) and item.id == doc_id for item in iter_documents([held]))
        return held if still else None

    def reconcile(self, stop: threading.Event | None = None) -> None:
        """Apply what changed while no one watched: new and changed files, and files that went."""
        files = watched_files(self.folder)
        present = {str(p) for p in files}
        prefix = str(self.folder) + "/"
        gone = {source for _, source in self.ingester.store.documents()
                if source is not None and source.startswith(prefix) and source not in present}
        self.apply([], [Path(source) for source in sorted(gone)])
        for chunk in _chunks(files, FILES_PER_BATCH):
            if stop is not None and stop.is_set():
                return
            self.apply(chunk)

    def run(self, stop: threading.Event) -> None:
        """Reconcile, then follow the folder until ``stop`` is set."""
        import watchfiles

        pending = self.pending
        deleted: set[Path] = set()
        started = False
        for changes in watchfiles.watch(self.folder, stop_event=stop, yield_on_timeout=True, rust_timeout=200,
                                        debounce=400, step=50, raise_interrupt=False):
            if not started:  # reconcile once the folder is watched, so that no file slips between the two
                started = True
                self.reconcile(stop)
                if self.progress:
                    print(f"watching {self.folder} (Ctrl-C to stop)", file=sys.stderr, flush=True)
            for change, name in changes:
                path = Path(name)
                if not is_watched(path, self.folder):
                    continue
                if change == watchfiles.Change.deleted:
                    pending.pop(path, None)
                    deleted.add(path)
                else:
                    pending[path] = None
                    deleted.discard(path)
            ready = self._settled(pending, deleted)
            if stop.is_set():
                break
            if ready or deleted:
                for chunk in _chunks(sorted(ready), FILES_PER_BATCH) if ready else [[]]:
                    self.apply(chunk, sorted(deleted))
                    deleted = set()
            elif not pending:  # quiet: what was deferred is consolidated now
                self.ingester.catch_up()

    def _settled(self, pending: dict[Path, tuple[tuple[int, int], float] | None], deleted: set[Path]) -> list[Path]:
        """The pending files unchanged for ``settle`` seconds (they leave ``pending``)."""
        now = time.monotonic()
        ready = []
        for path, seen in list(pending.items()):
            signature = _signature(path)
            if signature is None:  # gone again before it settled
                del pending[path]
                deleted.add(path)
            elif seen is None or seen[0] != signature:
                pending[path] = (signature, now)
            elif now - seen[1] >= self.settle:
                del pending[path]
                ready.append(path)
        return ready


def watch(folder: Path, ingester: Ingester, *, settle: float = SETTLE_SECONDS, progress: bool = True) -> BatchSummary:
    """Follow a folder until Ctrl-C or SIGTERM; returns what the whole run did."""
    watcher = Watcher(folder, ingester, settle=settle, progress=progress)
    with StopSignals() as stop:
        try:
            watcher.run(stop.event)
            ingester.finish()
        finally:
            ingester.close()
    if progress:
        print(ingester.total.line("stopped; total"), file=sys.stderr, flush=True)
    return ingester.total
