"""`kg explain`: where a node comes from, and why its mentions were merged."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import user_errors
from kg.consolidate.explain import explain as explain_node
from kg.consolidate.explain import render
from kg.errors import Errors, KgError
from kg.querying import Table, load_files, select, to_table


@app.command(no_args_is_help=True)
@user_errors
def explain(
    node: Annotated[str, typer.Argument(help="The node: its IRI, or a label such as `kg query actors` prints.")],
    graphs: Annotated[Optional[list[Path]], typer.Argument(help="Graph files to read.")] = None,
    store: Annotated[Optional[Path], typer.Option("--store", help="Read this Oxigraph store folder.")] = None,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", help="Read this SPARQL 1.1 endpoint.")] = None,
) -> None:
    """Print a node's mentions (document, date, quote) and why they were merged."""
    if sum([bool(graphs), store is not None, endpoint is not None]) != 1:
        raise KgError(Errors.E018)
    if endpoint is not None:
        from kg.endpoint import select_endpoint

        def run(query: str) -> Table:
            return to_table(select_endpoint(endpoint, query))
    else:
        if store is not None:
            from kg.store import open_store

            source = open_store(store, read_only=True)
        else:
            source = load_files(list(graphs or []))

        def run(query: str) -> Table:
            return to_table(select(source, query))
    typer.echo(render(explain_node(run, node)))
