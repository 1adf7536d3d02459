"""`kg index`: recompute a store's answer index (after a watch that was killed, or a copy)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.common import user_errors
from kg.errors import Errors, KgError


@app.command(no_args_is_help=True)
@user_errors
def index(
    store: Annotated[Path, typer.Option("--store", help="The Oxigraph store folder whose answers to index.")],
) -> None:
    """Recompute a store's answer index, which answers narrowed questions fast (see kg query --no-index)."""
    from kg.answers import refresh
    from kg.store.oxigraph import open_store

    open_store(store, read_only=True)  # a folder that is no store, or one being written: a clear error
    if not refresh(store):
        raise KgError(Errors.E075, path=store)
