"""`kg query`: answer a canned question."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg import resources
from kg.cli.app import app
from kg.cli.common import user_errors
from kg.errors import Errors, KgError
from kg.querying import PRINT_FORMATS, to_table, write_results, write_table
from kg.store.sources import run_select
from kg.traced import trace


@app.command()
@user_errors
def query(
    name: Annotated[Optional[str], typer.Argument(help="The canned question's name (see --list).")] = None,
    graphs: Annotated[Optional[list[Path]], typer.Argument(help="Graph files to query.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the canned questions and exit.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Result format: {', '.join(PRINT_FORMATS)}.")] = "table",
    store: Annotated[Optional[Path], typer.Option("--store", help="Query this Oxigraph store folder.")] = None,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", help="Query this SPARQL 1.1 endpoint.")] = None,
    evidence: Annotated[bool, typer.Option("--evidence", help="Print each row's document and sentence (as a table).")]
    = False,
) -> None:
    """Answer a canned question over graph files, a store or an endpoint."""
    if list_:
        for query_name in resources.query_names():
            typer.echo(f"{query_name:<14} {resources.query_question(query_name)}")
        return
    if name is None:
        raise typer.BadParameter("give a query name, or --list")
    if name not in resources.query_names():
        raise KgError(Errors.E012, name=name)
    if fmt not in PRINT_FORMATS:
        raise KgError(Errors.E016, fmt=fmt, choices=", ".join(PRINT_FORMATS))
    sources = list(graphs or [])
    solutions = run_select(resources.query_text(name), sources, store, endpoint)
    title = f"{name}: {resources.query_question(name)}"
    if evidence:
        table = trace(to_table(solutions), lambda text: run_select(text, sources, store, endpoint))
        write_table(table, sys.stdout, title)
        return
    write_results(solutions, fmt, title=title)
