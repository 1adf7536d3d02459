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
    """A store whose loads and extends are counted in lines (pyoxigraph's Store takes no subclass)."""

    def __init__(self, db: ox.Store) -> None:
        self.db = db
        self.sizes: list[int] = []

    def load(self, data: bytes, format: ox.RdfFormat) -> None:  # noqa: A002 (pyoxigraph's name)
        self.sizes.append(data.count(b"\n"))
        self.db.load(data, format=format)

    def extend(self, quads: list[ox.Quad]) -> None:
        self.sizes.append(len(quads))
        self.db.extend(quads)

    def __getattr__(self, name: str) -> object:
        return getattr(self.db, name)


def test_a_first_consolidation_is_written_in_bounded_transactions(
        corpus: Path, tmp_path: Path, pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large store's consolidated graph runs to millions of lines: one transaction would hold them all in
    memory until it commits. It is written as made, a bounded number of lines per transaction."""
    build_store([str(corpus)], tmp_path / "store", pipeline=pipeline, progress=False)
    db = open_store(tmp_path / "store", read_only=False)
    built = _derived(db)
    for graph in (ox.NamedNode(CONSOLIDATED), stored.KEYS):
        db.clear_graph(graph)
    monkeypatch.setattr(stored, "LOAD_LINES", 5)
    counting = _CountingLoads(db)
    stored.consolidate_store(counting)  # type: ignore[arg-type]
    assert len(counting.sizes) > 2 and max(counting.sizes) <= 5
    assert _derived(db) == built
