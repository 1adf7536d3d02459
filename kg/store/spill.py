"""A store for one file build: document graphs appended to an N-Quads file on disk, nothing indexed.

``kg build -o FILE`` builds through ``kg.corpus.build_store`` like a store build,
into a ``SpillStore`` in a temporary folder: each finished document's N-Quads (as
the workers hand them over) are appended to ``documents.nq`` and handed, sorted, to
``on_document`` (where the build reads what consolidation needs, one document at a
time); the consolidated graph goes to a file of its own, and the output is
written from those files (``kg.store.export.write_graph_lines``, sorted on disk).
Writing and reading an indexed store (RocksDB) would cost several times more and
give nothing a file build needs. A file build holds each document once, so there
is nothing to look up or replace: every document is new, none is forgotten.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.store.oxigraph import StoredDocument, sorted_quads


class Spans:
    """Where each of many named pieces lies in a file (a document's lines, its records): held for every
    document of a build, so the offsets are packed in arrays, not a tuple and two numbers each."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.starts = array("q")
        self.lengths = array("q")

    def add(self, name: str, start: int, length: int) -> None:
        self.names.append(name)
        self.starts.append(start)
        self.lengths.append(length)

    def __len__(self) -> int:
        return len(self.names)

    def in_order(self) -> Iterator[tuple[str, int, int]]:
        """Each piece's name, start and length, in the order of the names."""
        for i in sorted(range(len(self.names)), key=self.names.__getitem__):
            yield self.names[i], self.starts[i], self.lengths[i]


class SpillStore:
    """The ``kg.store.base.Store`` of a file build, in ``folder`` (which it fills and never cleans)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.documents_file = folder / "documents.nq"
        self._out: BinaryIO = self.documents_file.open("ab")
        self._ids: list[str] = []
        self._size = self.documents_file.stat().st_size  # where the next document's lines begin
        self._spans = Spans()  # each document's graph, and where its lines are in the file
        self._computed: dict[str, Path] = {}  # graphs the build computes (consolidation), each in a file
        # Called with each document's graph and its sorted, distinct lines as it is written: the file
        # build reads what consolidation needs from them then, one document at a time.
        self.on_document: Callable[[str, list[bytes]], None] | None = None

    def stored_hash(self, doc_id: str) -> str | None:
        return None  # every document of a file build is new

    def stored_source(self, doc_id: str) -> str | None:
        return None

    def documents_from(self, source: str) -> list[str]:
        return []

    def count(self) -> int:
        return len(self._ids)

    def documents(self) -> Iterator[tuple[str, str | None]]:
        return ((doc_id, None) for doc_id in self._ids)

    def write(self, documents: Sequence[StoredDocument], bulk: bool = False) -> int:
        written = 0
        try:
            for doc in documents:
                start = self._size
                data = None
                if doc.parts is not None:  # a long document, mapped part by part as it is written
                    doc.counted = 0
                    for part in doc.parts:
                        self._out.write(part)
                        self._size += len(part)
                        doc.counted += part.count(b"\n")
                else:
                    data = doc.data()
                    self._out.write(data)
                    self._size += len(data)
                graph = doc.graph.value  # one string for the span and the records
                self._ids.append(doc.doc_id)
                self._spans.add(graph, start, self._size - start)
                written += doc.triples
                if self.on_document is not None:
                    self.on_document(graph, _distinct(data) if data is not None else self._read(start))
        except OSError as exc:
            raise KgError(Errors.E303, path=self.path, detail=exc.strerror or str(exc)) from None
        return written

    def _read(self, start: int) -> list[bytes]:
        """The sorted, distinct lines of the document written from ``start`` to the end of the file."""
        self._out.flush()
        with self.documents_file.open("rb") as handle:
            handle.seek(start)
            return _distinct(handle.read(self._size - start))

    def document_lines(self) -> Iterator[tuple[str, list[bytes]]]:
        """Each document's graph and its sorted, distinct lines, in the order of the graphs' IRIs."""
        self.flush()
        with self.documents_file.open("rb") as handle:
            for graph, start, length in self._spans.in_order():
                handle.seek(start)
                yield graph, _distinct(handle.read(length))

    def forget(self, doc_id: str) -> None:
        raise NotImplementedError("a file build never withdraws a document")

    def select(self, query: str) -> ox.QuerySolutions:
        """Answer a query over everything written so far (loaded into memory: for small builds and tests)."""
        from kg.store.sparql import select

        store = ox.Store()
        store.load(b"".join(self.lines()), format=ox.RdfFormat.N_QUADS)
        return select(store, query)

    def content_quads(self) -> Iterator[ox.Quad]:
        self.flush()
        for path in self.files():
            yield from ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)

    def flush(self) -> None:
        if self._out.closed:
            return
        try:
            self._out.flush()
        except OSError as exc:
            raise KgError(Errors.E303, path=self.path, detail=exc.strerror or str(exc)) from None

    def begin_bulk(self) -> bool:
        return False  # appending is already the fast way

    def finish_bulk(self) -> None:
        pass

    def document_quads(self) -> Iterator[ox.Quad]:
        self.flush()
        with self.documents_file.open("rb") as lines:
            yield from sorted_quads(lines)

    def replace_graph(self, graph: str, nquads: bytes) -> None:
        self.replace_graph_lines(graph, [nquads])

    def replace_graph_lines(self, graph: str, lines: Iterable[bytes]) -> None:
        """Replace a computed graph (consolidation's) with N-Quads lines given as they are made."""
        path = self._computed.setdefault(graph, self.path / f"computed-{len(self._computed)}.nq")
        try:
            with path.open("wb") as out:
                out.writelines(lines)
        except OSError as exc:
            raise KgError(Errors.E303, path=self.path, detail=exc.strerror or str(exc)) from None

    # --- for the writer of the file ----------------------------------------------------------

    def files(self) -> list[Path]:
        """The N-Quads files that hold everything written: the documents, then each computed graph."""
        return [self.documents_file, *self._computed.values()]

    def lines(self) -> Iterator[bytes]:
        """Every N-Quads line written (one statement each: Oxigraph escapes newlines in literals)."""
        self.flush()
        handles = [path.open("rb") for path in self.files()]
        try:
            yield from itertools.chain.from_iterable(handles)
        finally:
            for handle in handles:
                handle.close()

    def close(self) -> None:
        """Close the documents' file."""
        self._out.close()


def _distinct(data: bytes) -> list[bytes]:
    """N-Quads data as sorted, distinct lines (as the file's sort would order them)."""
    return sorted({line + b"\n" for line in data.split(b"\n") if line.strip()})
