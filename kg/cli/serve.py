"""`kg serve`: a SPARQL endpoint (and a query page for browsers) over a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.common import user_errors


@app.command(no_args_is_help=True)
@user_errors
def serve(
    store: Annotated[Path, typer.Option("--store", help="The Oxigraph store folder to serve.")],
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="TCP port.")] = 7878,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on; other hosts cannot connect to the default.")] = "127.0.0.1",
    writable: Annotated[bool, typer.Option(
        "--writable", help="Accept SPARQL updates and graph store writes (read-only otherwise).")] = False,
) -> None:
    """Serve a store over HTTP: SPARQL queries at /query, a query page at /."""
    from kg.store.serve import serve as run

    run(store, host=host, port=port, writable=writable)
