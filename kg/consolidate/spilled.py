"""A file build's consolidation, with memory that does not grow with the corpus's triples.

A file build reads each document's records as the document is spilled
(``SpilledRecords``), without the nodes' (predicate, object) pairs: those are the
bulk of a document's quads, and the canonical nodes need them only when they are
written. The records go to a file too, and are read back once every document is
built and the spaCy workers are gone, so that they never sit in memory beside
them. ``consolidate_spilled`` merges from the records, then reads the grouped
nodes' pairs again from the spilled documents' lines, one document at a time, and
hands the consolidated graph's lines to a file as they are made; the file is sorted
on disk (repeats dropped) into the store's consolidated graph. The graph is the one
``kg.consolidate.consolidate`` gives from the quads.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Set
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.consolidate import CONSOLIDATED, Consolidation, consolidate_corpus
from kg.consolidate.emit import MemberPairs
from kg.consolidate.records import Corpus, combined, read, shared, term
from kg.store.sorting import sorted_unique
from kg.store.spill import Spans, SpillStore

SORT_LINES = 50_000  # consolidated lines sorted in memory at a time (about 10 MB)


class SpilledRecords:
    """Each document's records (``kg.consolidate.records``), read as its lines are spilled (a ``SpillStore``'s
    ``on_document``) and pickled to ``path``: what stays in memory is where each document's records are."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._out = path.open("wb")
        self._index = Spans()  # each document's graph, and where its records are
        self._size = 0

    def add(self, graph: str, lines: list[bytes]) -> None:
        """Read one document's sorted lines (what the file's sort gives, restricted to its graph)."""
        quads = ox.parse(b"".join(lines), format=ox.RdfFormat.N_QUADS)
        # without the nodes' pairs: consolidation reads them again from the spilled lines
        part = read(((q.subject, q.predicate, q.object, q.graph_name) for q in quads), triples=False, name=graph)
        data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
        self._out.write(data)
        self._index.add(graph, self._size, len(data))
        self._size += len(data)

    def corpus(self) -> Corpus:
        """Every document's records, in the order of their graphs (as ``read`` orders a whole story)."""
        self._out.close()
        with self.path.open("rb") as records:
            def parts() -> Iterator[Corpus]:
                for _, start, length in self._index.in_order():
                    records.seek(start)
                    # this build's own file, written above; shared one part at a time, so that the copies it
                    # drops are freed before the next part is read (no holes left between the records kept)
                    yield shared(pickle.loads(records.read(length)))

            return combined(parts())


def consolidate_spilled(store: SpillStore, corpus: Corpus, same_as: list[tuple[str, str]] | None = None,
                        keep_apart: list[tuple[str, str]] | None = None) -> Consolidation:
    """Consolidate a file build's documents (``corpus``: read with ``triples=False``) into its store."""
    with tempfile.TemporaryDirectory(dir=store.path, prefix="consolidate-") as folder:
        unsorted = Path(folder) / "lines.nq"
        with unsorted.open("w", encoding="utf-8") as out:
            result = consolidate_corpus(corpus, same_as, keep_apart, out=out.write, scratch=Path(folder),
                                        pairs=lambda members: member_pairs(store, corpus, members))
        with unsorted.open("rb") as lines:
            store.replace_graph_lines(CONSOLIDATED, sorted_unique(lines, Path(folder), SORT_LINES))
    return result


def member_pairs(store: SpillStore, corpus: Corpus, members: Set[str]) -> Iterator[MemberPairs]:
    """Each node of ``members`` with its (predicate, object) pairs in its own document's graph, read
    from the spilled lines (only the lines whose subject is a member are parsed)."""
    for graph, lines in store.document_lines():
        wanted = [line for line in lines if _subject(line) in members]
        if not wanted:
            continue
        pairs: dict[str, list[tuple[str, Any]]] = {}
        for quad in ox.parse(b"".join(wanted), format=ox.RdfFormat.N_QUADS):
            subject = quad.subject.value
            node = corpus.nodes.get(subject)
            if node is not None and node.graph == graph and _graph(quad) == graph:
                pairs.setdefault(subject, []).append((quad.predicate.value, term(quad.object)))
        yield from pairs.items()


def _subject(line: bytes) -> str | None:
    """The IRI of an N-Quads line's subject (None for a blank node)."""
    if not line.startswith(b"<"):
        return None
    end = line.find(b">")
    return line[1:end].decode("utf-8") if end > 0 else None


def _graph(quad: ox.Quad) -> str:
    name = quad.graph_name
    return "" if isinstance(name, ox.DefaultGraph) else str(name.value)
