"""A build into a store that holds no documents reads consolidation's records from each document's lines as
it writes them, so nothing is read back from the store at the end; the result is what a whole recompute
of the store gives."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.consolidate.stored as stored
from kg.consolidate import CONSOLIDATED
from kg.corpus import build_store
from kg.store.oxigraph import open_store


def _derived(db: ox.Store) -> set[str]:
    """The consolidated graph and the documents' keys, as text."""
    return {str(q) for graph in (ox.NamedNode(CONSOLIDATED), stored.KEYS)
            for q in db.quads_for_pattern(None, None, None, graph)}


def _refuse(*args: object) -> None:
    raise AssertionError("the documents were read back from the store")


def test_a_build_into_an_empty_store_consolidates_without_reading_back(
        corpus: Path, tmp_path: Path, pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stored, "_quads_of", _refuse)
    build_store([str(corpus)], tmp_path / "store", pipeline=pipeline, progress=False)
    monkeypatch.undo()
    db = open_store(tmp_path / "store", read_only=False)
    built = _derived(db)
    stored.consolidate_store(db)  # the whole recompute, read from the store
    assert built and built == _derived(db)


def test_a_build_into_a_store_that_holds_documents_reads_them_back(
        corpus: Path, tmp_path: Path, pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    build_store([str(corpus)], tmp_path / "store", pipeline=pipeline, progress=False)
    monkeypatch.setattr(stored, "_quads_of", _refuse)
    with pytest.raises(AssertionError, match="read back"):
        build_store([str(corpus)], tmp_path / "store", pipeline=pipeline, progress=False, force=True)


class _CountingLoads:
    """A store whose loads and extends are counted in lines, by kind (pyoxigraph's Store takes no subclass)."""

    def __init__(self, db: ox.Store) -> None:
        self.db = db
        self.sizes: list[int] = []
        self.kinds: set[str] = set()

    def load(self, data: bytes, format: ox.RdfFormat) -> None:  # noqa: A002 (pyoxigraph's name)
        self._count("load", data.count(b"\n"))
        self.db.load(data, format=format)

    def bulk_load(self, data: bytes, format: ox.RdfFormat) -> None:  # noqa: A002
        self._count("bulk_load", data.count(b"\n"))
        self.db.bulk_load(data, format=format)

    def extend(self, quads: list[ox.Quad]) -> None:
        self._count("extend", len(quads))
        self.db.extend(quads)

    def bulk_extend(self, quads: list[ox.Quad]) -> None:
        self._count("bulk_extend", len(quads))
        self.db.bulk_extend(quads)

    def _count(self, kind: str, lines: int) -> None:
        self.kinds.add(kind)
        self.sizes.append(lines)

    def __getattr__(self, name: str) -> object:
        return getattr(self.db, name)


def _reports() -> ox.Store:
    """Three reports of one story (``tests.consolidate``'s), consolidated graph and keys not written yet."""
    from tests.consolidate.test_consolidate import flash, recap, report
    from tests.consolidate.test_incremental import add

    db = ox.Store()
    add(db, flash(), report(), recap())
    for graph in (ox.NamedNode(CONSOLIDATED), stored.KEYS):
        db.clear_graph(graph)
    return db


def _consolidated_by_transactions() -> set[str]:
    db = _reports()
    stored.consolidate_store(db)
    return _derived(db)


def test_a_first_consolidation_is_written_in_bounded_transactions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large store's consolidated graph runs to millions of lines: one transaction would hold them all in
    memory until it commits. It is written as made, a bounded number of lines per transaction."""
    expected = _consolidated_by_transactions()
    monkeypatch.setattr(stored, "LOAD_LINES", 5)
    counting = _CountingLoads(_reports())
    stored.consolidate_store(counting)  # type: ignore[arg-type]
    assert counting.kinds == {"load", "extend"}
    assert len(counting.sizes) > 2 and max(counting.sizes) <= 5
    assert len(expected) > 10 and _derived(counting.db) == expected


def test_a_bulk_builds_first_consolidation_goes_through_the_bulk_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before a new store's compaction, its consolidated graph and keys are bulk-loaded, in bounded loads:
    the lines that transactions write."""
    expected = _consolidated_by_transactions()
    monkeypatch.setattr(stored, "BULK_LOAD_LINES", 7)
    counting = _CountingLoads(_reports())
    stored.consolidate_store(counting, bulk=True)  # type: ignore[arg-type]
    assert counting.kinds == {"bulk_load", "bulk_extend"}
    assert len(counting.sizes) > 2 and max(counting.sizes) <= 7
    assert _derived(counting.db) == expected


class _FailingLoads(_CountingLoads):
    def load(self, data: bytes, format: ox.RdfFormat) -> None:  # noqa: A002
        raise OSError("No space left on device")


def test_a_failed_load_is_raised_where_consolidation_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lines are loaded by a thread of their own: its error is the caller's, not lost in the thread."""
    monkeypatch.setattr(stored, "LOAD_LINES", 5)
    with pytest.raises(OSError, match="No space left"):
        stored.consolidate_store(_FailingLoads(_reports()))  # type: ignore[arg-type]
