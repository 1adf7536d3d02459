"""`kg watch`: keep a store in step with a folder of articles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import user_errors
from kg.errors import Errors, KgError


@app.command(no_args_is_help=True)
@user_errors
def watch(
    folder: Annotated[Path, typer.Argument(
        help="The folder to follow (.txt, .json, .jsonl files, also in subfolders).")],
    store: Annotated[Path, typer.Option("--store", help="The Oxigraph store folder to build into.")],
    settle: Annotated[float, typer.Option(
        "--settle", min=0.0, help="Seconds a file must stay unchanged before it is read.")] = 1.0,
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy model.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary lines.")] = False,
) -> None:
    """Follow a folder: new and changed files are built, deleted files withdrawn (Ctrl-C or SIGTERM stop)."""
    from kg.answers import refresh
    from kg.ingest import Ingester
    from kg.store.oxigraph import OxigraphStore
    from kg.watch import watch as run

    if not folder.is_dir():
        raise KgError(Errors.E341, path=folder)
    run(folder, Ingester(OxigraphStore(store), model=model), settle=settle, progress=not quiet)
    # the store is closed once the watch stops: its answers indexed again, quietly (the total stays the last line)
    refresh(store, progress=False)
