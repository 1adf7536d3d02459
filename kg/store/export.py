"""Writing graphs to RDF files: the one serializer for files built, exported, inferred and linked.

``write_quads`` writes Oxigraph quads in any format of ``kg.store.formats``
through ``kg.store.files.write_stream`` (atomic, through links and devices, the
umask's mode, ``-`` for standard output). N-Quads, TriG and JSON-LD keep the
per-document graphs; the triple formats merge them. N-Triples and N-Quads are
sorted on disk (``kg.store.sorting``) and without duplicates, so the same graph
gives the same bytes whatever the corpus size. ``export_store`` writes a
store's document graphs this way.
"""

from __future__ import annotations

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
from kg.store.oxigraph import content_quads, open_store
from kg.store.sorting import sorted_unique
from kg.store.standalone import ontology_quads

SORTED_FORMATS = ("nt", "nq")
SERIALIZE_QUADS = 50_000  # quads serialized at a time on their way to the on-disk sort


def serialize_quads(quads: Iterable[ox.Quad], out: BinaryIO, fmt: str, scratch: Path) -> None:
    """Write quads to ``out`` in the format named ``fmt``; sorting spills its runs into ``scratch``."""
    rdf_format, keeps_graphs = FORMATS[fmt].oxigraph, FORMATS[fmt].keeps_graphs
    if fmt == "jsonld":  # compacted with the ontology's terms
        out.write(serialize_jsonld(quads))
        return
    statements: Iterable[ox.Quad | ox.Triple] = quads if keeps_graphs else (quad.triple for quad in quads)
    if fmt in SORTED_FORMATS:  # sorted on disk: the same graph gives the same bytes
        with tempfile.TemporaryDirectory(dir=scratch, prefix=".kg-sort-") as folder:
            out.writelines(sorted_unique(_lines(statements, rdf_format), Path(folder)))
        return
    chosen = prefixes(EXPORT_PREFIXES) if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    ox.serialize(statements, out, format=rdf_format, prefixes=chosen)


def _lines(statements: Iterable[ox.Quad | ox.Triple], rdf_format: ox.RdfFormat) -> Iterator[bytes]:
    """N-Triples or N-Quads lines, serialized a slice at a time (one call per statement is slow)."""
    iterator = iter(statements)
    while chunk := list(itertools.islice(iterator, SERIALIZE_QUADS)):
        yield from (ox.serialize(chunk, format=rdf_format) or b"").splitlines(keepends=True)


def write_quads(quads: Callable[[], Iterable[ox.Quad]], output: Path, fmt: str) -> int:
    """Write the quads ``quads()`` gives to ``output`` (``-``: standard output); returns how many were written."""
    count = 0

    def counted() -> Iterator[ox.Quad]:
        nonlocal count
        for quad in quads():
            count += 1
            yield quad

    write_stream(lambda out: serialize_quads(counted(), out, fmt, scratch_folder(output)), output)
    return count


def graph_bytes(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """The quads in a format, in memory (for small graphs and tests)."""
    import io

    out = io.BytesIO()
    serialize_quads(quads, out, fmt, Path(tempfile.gettempdir()))
    return out.getvalue()


def export_store(path: Path, output: Path, fmt: str | None = None, with_ontology: bool = False) -> int:
    """Write a store's document graphs to a file (``write_quads``); returns the number of statements written.

    The store's bookkeeping and ontology graphs are left out, so the file holds
    what `kg build -o FILE` writes; ``with_ontology`` adds the ontology's
    vocabulary, so that the file stands alone (``kg.store.standalone``).
    """
    name = output_format(output, fmt)  # the same names and extensions as `kg build`
    check_writable(output)
    store = open_store(path, read_only=True)
    return write_quads(lambda: itertools.chain(content_quads(store),
                                               ontology_quads() if with_ontology else ()), output, name)
