"""`kg export`: write a store's graphs to a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import user_errors
from kg.store.formats import FORMATS


@app.command(no_args_is_help=True)
@user_errors
def export(
    store: Annotated[Path, typer.Option("--store", help="The Oxigraph store folder to export.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="File to write; its extension sets the format.")],
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f",
        help=f"Format: {', '.join(FORMATS)} (nq, trig and jsonld keep the per-document graphs).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Export a store to an RDF file."""
    from kg.store.export import export_store

    count = export_store(store, output, fmt)
    if not quiet:
        print(f"exported {count} statements -> {output}", file=sys.stderr)
