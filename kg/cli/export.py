"""`kg export`: write a store's graphs to a file, and/or the flat event table of graphs or a store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import choices, user_errors
from kg.errors import Errors, KgError
from kg.store.formats import FORMATS


@app.command(no_args_is_help=True)
@user_errors
def export(
    graphs: Annotated[Optional[list[Path]], typer.Argument(
        help="Graph files to read (for --events); or use --store.")] = None,
    store: Annotated[Optional[Path], typer.Option("--store", help="The Oxigraph store folder to export.")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="File to write the store to; its extension sets the format.")] = None,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", metavar=choices(FORMATS),
        help="Format (nq, trig and jsonld keep the per-document graphs).")] = None,
    events: Annotated[Optional[Path], typer.Option(
        "--events", help="Write one row per event (ACLED-like columns) to this CSV file.")] = None,
    with_ontology: Annotated[bool, typer.Option(
        "--with-ontology", help="Also write the ontology's vocabulary, so the file answers canned queries "
        "in any SPARQL engine.")] = False,
    with_types: Annotated[bool, typer.Option(
        "--with-types", help="Also give every node its superclass types (graph .../graph/inferred), so that "
        "?x a ckg:Actor finds a government without the ontology.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Export a store to an RDF file, or the events of graphs or a store to a CSV table."""
    if output is None and events is None:
        raise KgError(Errors.E060)
    if output is not None and store is None:
        raise KgError(Errors.E061)
    if events is not None:
        from kg.report.events_csv import write_events_csv

        rows = write_events_csv(list(graphs or []), store, events)
        if not quiet:
            print(f"exported {rows} events -> {events}", file=sys.stderr)
    if output is not None and store is not None:
        from kg.store.export import export_store

        count = export_store(store, output, fmt, with_ontology=with_ontology, with_types=with_types)
        if not quiet:
            print(f"exported {count} statements -> {output}", file=sys.stderr)
