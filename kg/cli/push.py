"""`kg push`: send a store's graphs to a remote SPARQL 1.1 store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.common import user_errors


@app.command(no_args_is_help=True)
@user_errors
def push(
    store: Annotated[Path, typer.Option("--store", help="The Oxigraph store folder to send.")],
    endpoint: Annotated[str, typer.Option(
        "--endpoint", help="SPARQL Update endpoint (or, with --protocol gsp, the graph store URL).")],
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Graphs per SPARQL Update request.")] = 50,
    protocol: Annotated[str, typer.Option(
        "--protocol", help="update: SPARQL 1.1 Update; gsp: Graph Store Protocol PUT per graph.")] = "update",
    retries: Annotated[int, typer.Option(
        "--retries", min=0, help="Retries of a failed request, with exponential backoff.")] = 4,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Push every document graph of a store to a remote store (each replaces the graph of the same name)."""
    from kg.store.push import push_store

    summary = push_store(store, endpoint, protocol=protocol, batch_size=batch_size, retries=retries)
    if not quiet:
        print(f"pushed {summary.graphs} graph(s), {summary.triples} triples in {summary.requests} request(s)"
              + (f" ({summary.retries} retried)" if summary.retries else ""), file=sys.stderr)
