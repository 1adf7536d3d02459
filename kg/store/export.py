"""Exporting a store's document graphs to one RDF file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.namespace import EXPORT_PREFIXES, prefixes
from kg.store.formats import FORMATS, output_format
from kg.store.oxigraph import content_quads, open_store


def export_store(path: Path, output: Path, fmt: str | None = None) -> int:
    """Write a store's graphs to a file (atomically); returns the number of statements written.

    N-Quads, TriG and JSON-LD keep the per-document graphs; the triple formats
    merge them. The store's bookkeeping and ontology graphs are left out, so the
    file holds what `kg build -o FILE` would have written.
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
        for quad in content_quads(store):
            count += 1
            yield quad

    def triples() -> Iterator[ox.Triple]:
        return (quad.triple for quad in quads())

    try:
        handle, tmp = tempfile.mkstemp(dir=parent, prefix=".kg-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                chosen = prefixes(EXPORT_PREFIXES) if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
                ox.serialize(quads() if keeps_graphs else triples(), out, format=rdf_format, prefixes=chosen)
            os.replace(tmp, output)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise KgError(Errors.E011, path=output, detail=exc.strerror or str(exc)) from None
    return count
