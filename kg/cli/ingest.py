"""`kg ingest`: build a JSONL stream into a store as it arrives, each document effectively once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import user_errors
from kg.errors import Errors, KgError


@app.command(no_args_is_help=True)
@user_errors
def ingest(
    source: Annotated[str, typer.Argument(help="- to read JSONL (one article object a line) from standard input.")],
    store: Annotated[Path, typer.Option("--store", help="The Oxigraph store folder to build into.")],
    batch: Annotated[int, typer.Option("--batch", min=1, help="Most documents per batch.")] = 64,
    seconds: Annotated[float, typer.Option(
        "--seconds", min=0.0, help="Write what has arrived after this many seconds.")] = 1.0,
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy model.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary lines.")] = False,
) -> None:
    """Ingest a JSONL stream into a store until it closes (Ctrl-C or SIGTERM stop cleanly)."""
    from kg.answers import refresh
    from kg.ingest import Ingester, ingest_stream
    from kg.store.oxigraph import OxigraphStore

    if source != "-":
        raise KgError(Errors.E340, source=source)
    ingester = Ingester(OxigraphStore(store), model=model)
    summary = ingest_stream(ingester, sys.stdin, progress=not quiet, size=batch, seconds=seconds)
    del ingester  # closes the store, so that its answers can be indexed again
    refresh(store, progress=False)  # quietly: the feed's total stays its last line
    if summary.failed and not (summary.built or summary.unchanged):
        raise typer.Exit(1)
