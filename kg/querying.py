"""Run SPARQL SELECT queries over graph files, and print the answers.

Graph files are loaded, with the ontology, into an in-memory Oxigraph store
and queried over the union of their graphs. A persistent store
(``kg.store.select_store``) and a remote endpoint (``kg.endpoint.select_endpoint``)
give the same ``pyoxigraph.QuerySolutions``, so one printer serves all three.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, cast

import pyoxigraph as ox

from kg import resources
from kg.errors import Errors, KgError

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
PRINT_FORMATS = ("table", *RESULT_FORMATS)


@dataclass
class Table:
    """The answer to a SELECT query: its columns and rows of RDF terms (None = unbound)."""

    columns: list[str]
    rows: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]]


def rdf_format_of(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a graph file, from its extension."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) if path.suffix else None
    if fmt is None:
        raise KgError(Errors.E014, path=path, detail="unknown extension (use .ttl .nt .nq .trig .jsonld .rdf)")
    return fmt


def load_files(paths: Iterable[Path], store: ox.Store | None = None, ontology: bool = True) -> ox.Store:
    """An in-memory store holding the given graph files (and the ontology)."""
    store = store if store is not None else ox.Store()
    if ontology:
        for onto in resources.ontology_files():
            store.load(onto.read_bytes(), format=ox.RdfFormat.TURTLE)
    for path in paths:
        if not path.is_file():
            raise KgError(Errors.E001, path=path)
        fmt = rdf_format_of(path)
        try:
            store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise KgError(Errors.E014, path=path, detail=str(exc).splitlines()[0]) from None
    return store


# Prefixes a query may use without declaring them.
DEFAULT_PREFIXES = {
    "ckg": "https://w3id.org/conflict-kg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": "http://www.wikidata.org/entity/",
}


def select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """Run a SELECT query over the union of the store's graphs."""
    try:
        result = store.query(query, use_default_graph_as_union=True, prefixes=DEFAULT_PREFIXES)
    except SyntaxError as exc:
        raise KgError(Errors.E013, detail=str(exc).splitlines()[0]) from None
    if not isinstance(result, ox.QuerySolutions):
        raise KgError(Errors.E013, detail="only SELECT queries are supported here")
    return result


def select_files(paths: Sequence[Path], query: str) -> ox.QuerySolutions:
    """Run a SELECT query over graph files plus the ontology."""
    return select(load_files(paths), query)


def to_table(solutions: ox.QuerySolutions) -> Table:
    """Materialize query solutions as a Table."""
    columns = [v.value for v in solutions.variables]
    rows = [tuple(solution[c] for c in columns) for solution in solutions]
    return Table(columns, rows)


def cell_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """How a term reads in a table: a literal's value, an IRI, or empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def write_table(table: Table, out: TextIO, title: str | None = None) -> None:
    """Print a Table for people, with rich."""
    from rich.console import Console
    from rich.table import Table as RichTable

    view = RichTable(show_lines=False)
    for column in table.columns:
        view.add_column(column, overflow="fold")
    for row in table.rows:
        view.add_row(*(cell_text(term) for term in row))
    console = Console(file=out, width=max(120, Console(file=out).width))
    if title:
        console.print(title, style="bold", highlight=False, soft_wrap=True)
    console.print(view)
    if not table.rows:
        console.print("  (no rows)")


def write_results(solutions: ox.QuerySolutions, fmt: str, out: TextIO | None = None, title: str | None = None) -> None:
    """Print query solutions as a table, or in a W3C results format (json, csv, tsv, xml)."""
    out = out or sys.stdout
    if fmt == "table":
        write_table(to_table(solutions), out, title)
        return
    if fmt not in RESULT_FORMATS:
        raise KgError(Errors.E016, fmt=fmt, choices=", ".join(PRINT_FORMATS))
    # without an output file serialize returns the bytes (pyoxigraph's stub has no overload for that)
    out.write(cast(bytes, solutions.serialize(format=RESULT_FORMATS[fmt])).decode("utf-8"))
    out.flush()
