"""RDF file formats: the one table of names, extensions and serializers for files and stores.

``kg build -o``, ``kg export``, ``kg infer`` and ``kg link`` write the same
formats under the same names; graph files are read by their extension.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, KgError


@dataclass(frozen=True)
class Format:
    """An output format: rdflib's serializer, Oxigraph's format, and whether it keeps named graphs."""

    rdflib: str
    oxigraph: ox.RdfFormat
    keeps_graphs: bool


FORMATS: dict[str, Format] = {
    "ttl": Format("turtle", ox.RdfFormat.TURTLE, False),
    "nt": Format("nt", ox.RdfFormat.N_TRIPLES, False),
    "nq": Format("nquads", ox.RdfFormat.N_QUADS, True),
    "trig": Format("trig", ox.RdfFormat.TRIG, True),
    "jsonld": Format("json-ld", ox.RdfFormat.JSON_LD, True),
    "rdf": Format("xml", ox.RdfFormat.RDF_XML, False),
}
EXTENSIONS = {".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
              ".rdf": "rdf", ".owl": "rdf", ".xml": "rdf"}
# oxrdflib's parsers for rdflib, about ten times faster than rdflib's own.
OXRDFLIB_PARSERS = {ox.RdfFormat.TURTLE: "ox-turtle", ox.RdfFormat.N_TRIPLES: "ox-ntriples",
                    ox.RdfFormat.N_QUADS: "ox-nquads", ox.RdfFormat.TRIG: "ox-trig",
                    ox.RdfFormat.RDF_XML: "ox-xml"}


def output_format(path: Path, fmt: str | None) -> str:
    """The output format: `fmt` when given, else from the file's extension."""
    choices = ", ".join(FORMATS)
    if fmt:
        if fmt not in FORMATS:
            raise KgError(Errors.E009, fmt=fmt, choices=choices)
        return fmt
    if path.suffix.lower() not in EXTENSIONS:
        raise KgError(Errors.E010, path=path, choices=" ".join(f".{f}" for f in FORMATS))
    return EXTENSIONS[path.suffix.lower()]


def check_writable(path: Path) -> None:
    """Fail early, before any work, when the output cannot be written."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise KgError(Errors.E011, path=path, detail="it is a folder")
    if not parent.is_dir():
        raise KgError(Errors.E011, path=path, detail=f"no folder {parent}")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise KgError(Errors.E011, path=path, detail="permission denied")


def rdf_format_of(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a graph file, from its extension."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) if path.suffix else None
    if fmt is None:
        raise KgError(Errors.E014, path=path, detail="unknown extension (use .ttl .nt .nq .trig .jsonld .rdf)")
    return fmt
