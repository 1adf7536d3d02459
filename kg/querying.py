"""Print the answers of SPARQL queries: a table for people, a W3C results format, or RDF for graphs.

Graph files, a persistent store and a remote endpoint (``kg.store.sources.run_select``)
give the same ``pyoxigraph.QuerySolutions``, so one printer serves all three.
"""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass
from typing import IO, BinaryIO, TextIO, cast

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.namespace import EXPORT_PREFIXES, prefixes
from kg.store.sparql import first_line

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
    # streamed: each buffer of rows is written as it is serialised, never the whole answer at once
    sink = _Sink(out)
    solutions.serialize(cast(IO[bytes], sink), format=RESULT_FORMATS[fmt])
    if not sink.ends_line:  # JSON and XML end without one
        out.write("\n")
    out.flush()


class _Sink:
    """What pyoxigraph serialises into: bytes written on to a text stream (its binary buffer when it has one)."""

    def __init__(self, out: TextIO) -> None:
        out.flush()
        self.buffer: BinaryIO | None = getattr(out, "buffer", None)
        self.out = out
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.ends_line = True

    def write(self, data: bytes) -> int:
        if data:
            self.ends_line = data.endswith(b"\n")
            if self.buffer is not None:
                self.buffer.write(data)
            else:
                self.out.write(self.decoder.decode(bytes(data)))
        return len(data)

    def flush(self) -> None:
        (self.buffer or self.out).flush()


# CONSTRUCT and DESCRIBE answers: RDF, Turtle for people ("table").
GRAPH_FORMATS = {"table": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                 "rdf": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
ANY_FORMATS = (*PRINT_FORMATS, "ttl", "nt", "rdf", "jsonld")


def write_any(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str,
              out: TextIO | None = None) -> None:
    """Print the answer of any query form: solutions and booleans as results, triples as RDF."""
    try:
        _write_any(result, fmt, out or sys.stdout)
    except OSError as exc:  # answers stream: a SERVICE that cannot be reached fails here, not in run_query
        raise KgError(Errors.E311, url="of a SERVICE clause", detail=first_line(str(exc))) from None


def _write_any(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str, out: TextIO) -> None:
    if isinstance(result, ox.QuerySolutions):
        write_results(result, fmt, out)
        return
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            out.write(("true" if bool(result) else "false") + "\n")
        elif fmt in RESULT_FORMATS:
            text = cast(bytes, result.serialize(format=RESULT_FORMATS[fmt])).decode("utf-8")
            out.write(text if text.endswith("\n") else text + "\n")
        else:
            raise KgError(Errors.E016, fmt=fmt, choices=", ".join(PRINT_FORMATS))
        return
    if fmt not in GRAPH_FORMATS:
        raise KgError(Errors.E016, fmt=fmt, choices=", ".join(GRAPH_FORMATS))
    data = ox.serialize(result, format=GRAPH_FORMATS[fmt], prefixes=prefixes(EXPORT_PREFIXES))
    text = cast(bytes, data).decode("utf-8")
    out.write(text if text.endswith("\n") or not text else text + "\n")
    out.flush()
