"""The `Store` interface: what a build, a feed and a query need from a SPARQL store.

A store holds one named graph per document and, beside it, bookkeeping: the
hash of the input each document was built from and where it came from. Writes
are atomic per document: after a crash, a document is either all there (with
its bookkeeping) or absent. ``kg.store.oxigraph.OxigraphStore`` implements it;
another SPARQL store can be added in one module that implements this too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.store.oxigraph import StoredDocument


@runtime_checkable
class Store(Protocol):
    """A store of document graphs with their bookkeeping."""

    path: Path  # where it lives, for messages

    def stored_hash(self, doc_id: str) -> str | None:
        """The input hash a document was built from, or None when it is not in the store."""
        ...

    def stored_source(self, doc_id: str) -> str | None:
        """The source a stored document was read from (None when not recorded or not stored)."""
        ...

    def documents_from(self, source: str) -> list[str]:
        """The ids of the stored documents read from ``source``."""
        ...

    def count(self) -> int:
        """How many documents the store holds."""
        ...

    def documents(self) -> Iterator[tuple[str, str | None]]:
        """Every stored document: its id and the source it was read from (None when not recorded)."""
        ...

    def write(self, documents: Sequence[StoredDocument], bulk: bool = False) -> int:
        """Write (or replace) documents with their bookkeeping, each atomically; returns the triples written.

        ``bulk`` (in a build that ``begin_bulk`` allowed) lets the store take a faster path for new documents.
        """
        ...

    def begin_bulk(self) -> bool:
        """Whether a build may write in bulk (a new store, or one whose bulk build was cut short)."""
        ...

    def finish_bulk(self) -> None:
        """Tidy up after a bulk build (Oxigraph compacts), so that queries stay fast."""
        ...

    def document_quads(self) -> Iterator[ox.Quad]:
        """Every quad of the documents' own graphs (what consolidation reads), in the order of their sorted
        N-Quads lines, so that consolidation finds the same whatever order the documents were written in."""
        ...

    def replace_graph(self, graph: str, nquads: bytes) -> None:
        """Replace a graph the store computes itself (the consolidated graph) with the given N-Quads."""
        ...

    def forget(self, doc_id: str) -> None:
        """Remove a document and its bookkeeping, atomically."""
        ...

    def select(self, query: str) -> ox.QuerySolutions:
        """Answer a SELECT query over the union of the documents' graphs and the ontology."""
        ...

    def content_quads(self) -> Iterator[ox.Quad]:
        """Every quad of the documents' graphs (neither bookkeeping nor ontology)."""
        ...

    def flush(self) -> None:
        """Make every write so far durable."""
        ...
