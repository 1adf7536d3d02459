"""`kg explain`: where a node comes from, and why its mentions were merged."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import user_errors
from kg.consolidate.explain import explain as explain_node
from kg.consolidate.explain import render
from kg.querying import Table, to_table
from kg.store.endpoint import select_endpoint
from kg.store.oxigraph import open_store
from kg.store.sources import check_one_source
from kg.store.sparql import load_files, select


@app.command(no_args_is_help=True)
@user_errors
def explain(
    node: Annotated[str, typer.Argument(help="The node: its IRI, or a label such as `kg query actors` prints.")],
    graphs: Annotated[Optional[list[Path]], typer.Argument(help="Graph files to read.")] = None,
    store: Annotated[Optional[Path], typer.Option("--store", help="Read this Oxigraph store folder.")] = None,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", help="Read this SPARQL 1.1 endpoint.")] = None,
) -> None:
    """Print a node's mentions (document, date, quote) and why they were merged."""
    check_one_source(list(graphs or []), store, endpoint)
    if endpoint is not None:
        def run(query: str) -> Table:
            return to_table(select_endpoint(endpoint, query))
    else:
        source = open_store(store, read_only=True) if store is not None else load_files(list(graphs or []))

        def run(query: str) -> Table:
            return to_table(select(source, query))
    typer.echo(render(explain_node(run, node)))
