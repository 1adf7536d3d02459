"""Exporting a store's document graphs to one RDF file."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.namespace import EXPORT_PREFIXES, prefixes
from kg.store.files import new_file_mode
from kg.store.formats import FORMATS, output_format
from kg.store.jsonld import serialize_jsonld
from kg.store.oxigraph import content_quads, open_store
from kg.store.sorting import write_sorted
from kg.store.standalone import ontology_quads

SORTED_FORMATS = ("nt", "nq")


def export_store(path: Path, output: Path, fmt: str | None = None, with_ontology: bool = False) -> int:
    """Write a store's graphs to a file (atomically); returns the number of statements written.

    N-Quads, TriG and JSON-LD keep the per-document graphs; the triple formats
    merge them. N-Triples and N-Quads are sorted (on disk), without duplicates.
    The store's bookkeeping and ontology graphs are left out, so the file holds
    what `kg build -o FILE` writes; ``with_ontology`` adds the ontology's
    vocabulary, so that the file stands alone (``kg.store.standalone``).
    """
    name = output_format(output, fmt)  # the same names and extensions as `kg build`
    rdf_format, keeps_graphs = FORMATS[name].oxigraph, FORMATS[name].keeps_graphs
    parent = output.parent if str(output.parent) else Path(".")
    if output.is_dir() or not parent.is_dir() or not os.access(parent, os.W_OK):
        raise KgError(Errors.E011, path=output, detail="it is a folder" if output.is_dir() else "cannot write there")
    store = open_store(path, read_only=True)
    count = 0

    def quads() -> Iterator[ox.Quad]:
        nonlocal count
        for quad in itertools.chain(content_quads(store), ontology_quads() if with_ontology else ()):
            count += 1
            yield quad

    def triples() -> Iterator[ox.Triple]:
        return (quad.triple for quad in quads())

    try:
        handle, tmp = tempfile.mkstemp(dir=parent, prefix=".kg-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                chosen = prefixes(EXPORT_PREFIXES) if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
                if name == "jsonld":  # compacted with the ontology's terms, as `kg build` writes it
                    out.write(serialize_jsonld(quads()))
                elif name in SORTED_FORMATS:  # sorted on disk: the same graph gives the same bytes
                    with tempfile.TemporaryDirectory(dir=parent, prefix=".kg-sort-") as folder:
                        unsorted = Path(folder) / "unsorted"
                        with unsorted.open("wb") as lines:
                            ox.serialize(quads() if keeps_graphs else triples(), lines, format=rdf_format)
                        with unsorted.open("rb") as written:
                            write_sorted(written, out, Path(folder))
                else:
                    ox.serialize(quads() if keeps_graphs else triples(), out, format=rdf_format, prefixes=chosen)
                os.fchmod(out.fileno(), new_file_mode(output))  # mkstemp's 0600 is not what the user asked
            os.replace(tmp, output)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise KgError(Errors.E011, path=output, detail=exc.strerror or str(exc)) from None
    return count
