"""Print the answers of SPARQL SELECT queries: as a table for people, or in a W3C results format.

Graph files, a persistent store and a remote endpoint (``kg.store.sources.run_select``)
give the same ``pyoxigraph.QuerySolutions``, so one printer serves all three.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO, cast

import pyoxigraph as ox

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
