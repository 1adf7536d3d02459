"""`kg query`: answer a canned question, narrowed to a place, an actor and dates if asked."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg import resources
from kg.answers import ask, open_index
from kg.cli.app import app
from kg.cli.common import choices, published_option, user_errors
from kg.errors import Errors, KgError
from kg.narrowing import Narrowing, check
from kg.querying import PRINT_FORMATS, to_table, write_results, write_table
from kg.store.sources import selector
from kg.traced import trace

NARROWING = ("Narrowing: --place keeps the rows in a place or in a place within it (the graph's `within` "
             "chain and the gazetteer's); --actor the rows of an actor by any of its names, merged nodes "
             "included; --since/--until the rows dated in that range (undated ones too with --undated). "
             "Which column each narrows, per question, is in the README's table (kg query NAME with a "
             "parameter that does not apply says which apply).")


@app.command(epilog=NARROWING)
@user_errors
def query(
    name: Annotated[Optional[str], typer.Argument(help="The canned question's name (see --list).")] = None,
    graphs: Annotated[Optional[list[Path]], typer.Argument(help="Graph files to query.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the canned questions and exit.")] = False,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", metavar=choices(PRINT_FORMATS), help="Result format.")] = "table",
    store: Annotated[Optional[Path], typer.Option("--store", help="Query this Oxigraph store folder.")] = None,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", help="Query this SPARQL 1.1 endpoint.")] = None,
    evidence: Annotated[bool, typer.Option("--evidence", help="Print each row's document and sentence (as a table).")]
    = False,
    place: Annotated[Optional[str], typer.Option(
        "--place", help="Only rows in this place or a place within it.")] = None,
    actor: Annotated[Optional[str], typer.Option(
        "--actor", help="Only rows with this actor (any of its names) in one of their actor columns.")] = None,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="YYYY-MM-DD", help="Only rows dated on or after this day.")] = None,
    until: Annotated[Optional[str], typer.Option(
        "--until", metavar="YYYY-MM-DD", help="Only rows dated on or before this day.")] = None,
    undated: Annotated[bool, typer.Option(
        "--undated", help="With --since/--until, keep the rows that have no date too.")] = False,
    no_index: Annotated[bool, typer.Option(
        "--no-index", help="Answer a store by SPARQL even when its answer index is fresh.")] = False,
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
    narrowing = Narrowing(place, actor, published_option(since), published_option(until), undated)
    check(name, narrowing)
    select = selector(list(graphs or []), store, endpoint)
    index = open_index(store) if store is not None and not no_index else None
    solutions = ask(name, resources.query_text(name), narrowing, select, index,
                    warn=lambda message: print(f"warning {message}", file=sys.stderr))
    title = f"{name}: {resources.query_question(name)}"
    if evidence:
        write_table(trace(to_table(solutions), select), sys.stdout, title)
        return
    write_results(solutions, fmt, title=title)
