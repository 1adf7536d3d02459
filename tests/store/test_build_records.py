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
