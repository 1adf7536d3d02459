"""Writing graphs to RDF files: the one serializer for files built, exported, inferred and linked.

Every graph file is written from a stream of N-Quads lines (``write_graph_lines``):
the lines are sorted on disk without duplicates (``kg.store.sorting``), then
written in the format asked for, through ``kg.store.files.write_stream``
(atomic, through links and devices, the umask's mode, ``-`` for standard output).
N-Quads is the sorted lines themselves; N-Triples drops the graphs and sorts
again; Turtle, TriG, RDF/XML and JSON-LD serialize the statements in sorted
order. So the same graph gives the same bytes, whatever the corpus size and
however it was made: a file build, a store's export (``export_store``, dumped by
Oxigraph itself), or an rdflib dataset (``write_quads``). N-Quads, TriG and
JSON-LD keep the per-document graphs; the triple formats merge them.
"""

from __future__ import annotations

import io
import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.namespace import EXPORT_PREFIXES, prefixes
from kg.store.files import scratch_folder, write_stream
from kg.store.formats import FORMATS, check_writable, output_format
from kg.store.jsonld import serialize_jsonld
from kg.store.oxigraph import content_graphs, dumped_lines, open_store, parse_lines
from kg.store.sorting import RUN_LINES, sorted_unique
from kg.store.standalone import ontology_quads, with_inferred_types

CHUNK = 50_000  # statements parsed or serialized at a time


def write_graph_lines(lines: Callable[[], Iterable[bytes]], output: Path, fmt: str, run_lines: int = RUN_LINES) -> int:
    """Write the N-Quads lines ``lines()`` gives to ``output`` (``-``: standard output) in the format
    named ``fmt``, sorted on disk in runs of ``run_lines``; returns how many lines were read (duplicates
    included)."""
    count = 0

    def counted() -> Iterator[bytes]:
        nonlocal count
        for line in lines():
            if line.strip():
                count += 1
                yield line if line.endswith(b"\n") else line + b"\n"

    def write(out: BinaryIO) -> None:
        with tempfile.TemporaryDirectory(dir=scratch_folder(output), prefix=".kg-sort-") as folder:
            serialize_sorted(sorted_unique(counted(), Path(folder), run_lines), out, fmt, Path(folder))

    write_stream(write, output)
    return count


def serialize_sorted(lines: Iterator[bytes], out: BinaryIO, fmt: str, folder: Path) -> None:
    """Write sorted, distinct N-Quads lines to ``out`` in the format named ``fmt`` (runs spill into ``folder``)."""
    if fmt == "nq":
        out.writelines(lines)
        return
    quads = parse_lines(lines)
    if fmt == "nt":  # the same triple may sit in several graphs: sorted and made distinct again
        out.writelines(sorted_unique(_serialized((quad.triple for quad in quads), ox.RdfFormat.N_TRIPLES), folder))
        return
    if fmt == "jsonld":  # compacted with the ontology's terms
        out.write(serialize_jsonld(quads))
        return
    rdf_format = FORMATS[fmt].oxigraph
    chosen = prefixes(EXPORT_PREFIXES) if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    if FORMATS[fmt].keeps_graphs:
        ox.serialize(quads, out, format=rdf_format, prefixes=chosen)
    else:
        ox.serialize((quad.triple for quad in quads), out, format=rdf_format, prefixes=chosen)


def _serialized(statements: Iterable[ox.Quad | ox.Triple], rdf_format: ox.RdfFormat) -> Iterator[bytes]:
    """N-Triples or N-Quads lines, serialized a slice at a time (one call per statement is slow)."""
    iterator = iter(statements)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield from (ox.serialize(chunk, format=rdf_format) or b"").splitlines(keepends=True)  # type: ignore[arg-type]


def nquads_lines(quads: Iterable[ox.Quad]) -> Iterator[bytes]:
    """Quads as N-Quads lines."""
    return _serialized(quads, ox.RdfFormat.N_QUADS)


def write_quads(quads: Callable[[], Iterable[ox.Quad]], output: Path, fmt: str) -> int:
    """Write the quads ``quads()`` gives to ``output``; returns how many were written."""
    return write_graph_lines(lambda: nquads_lines(quads()), output, fmt)


def graph_bytes(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """The quads in a format, in memory (for small graphs and tests), as a file would hold them."""
    out = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="kg-sort-") as folder:
        serialize_sorted(sorted_unique(nquads_lines(quads), Path(folder)), out, fmt, Path(folder))
    return out.getvalue()


def export_store(path: Path, output: Path, fmt: str | None = None, with_ontology: bool = False,
                 with_types: bool = False) -> int:
    """Write a store's document graphs to a file (``write_graph_lines``); returns the number of statements written.

    The store's bookkeeping and ontology graphs are left out, so the file holds
    what `kg build -o FILE` writes; ``with_ontology`` adds the ontology's
    vocabulary, ``with_types`` every node's superclass types, so that the file
    stands alone (``kg.store.standalone``).
    """
    name = output_format(output, fmt)  # the same names and extensions as `kg build`
    check_writable(output)
    store = open_store(path, read_only=True)
    return write_graph_lines(lambda: standalone_lines(
        dumped_lines(store, content_graphs(store), scratch_folder(output)), with_ontology, with_types), output, name)


def standalone_lines(lines: Iterable[bytes], with_ontology: bool, with_types: bool) -> Iterator[bytes]:
    """A graph's N-Quads lines, with the ontology's vocabulary and/or the inferred types if asked."""
    return itertools.chain(with_inferred_types(lines) if with_types else lines,
                           nquads_lines(ontology_quads() if with_ontology else ()))
