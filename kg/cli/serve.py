"""`kg serve`: a SPARQL endpoint (and a query page for browsers) over a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

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
        "--writable", help="Accept updates and graph store writes that carry the token.")] = False,
    token: Annotated[Optional[str], typer.Option(
        "--token", help="The token updates must carry (default with --writable: a new one, printed at start).")] = None,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Run SERVICE clauses (they make the server fetch URLs for whoever asks).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds a query may run.")] = 30.0,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", min=1, help="Largest answer sent, in bytes.")] = 50_000_000,
) -> None:
    """Serve a store over HTTP: SPARQL queries at /query, a query page at /."""
    from kg.store.serve import serve as run

    run(store, host=host, port=port, writable=writable, token=token, allow_service=allow_service,
        timeout=timeout, max_bytes=max_bytes)
