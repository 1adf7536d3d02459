"""`kg consolidate`: recompute a store's consolidated graph from its documents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.answers import refresh
from kg.cli.app import app
from kg.cli.common import consolidation_summary, user_errors
from kg.consolidate.pairs import read_pairs
from kg.consolidate.stored import consolidate_path


@app.command(no_args_is_help=True)
@user_errors
def consolidate(
    store: Annotated[Path, typer.Option("--store", help="The Oxigraph store folder to consolidate.")],
    same_as: Annotated[Optional[Path], typer.Option(
        "--same-as", help="TSV of pairs (IRIs or labels) that consolidation must treat as one.")] = None,
    keep_apart: Annotated[Optional[Path], typer.Option(
        "--keep-apart", help="TSV of pairs (IRIs or labels) that consolidation must keep apart.")] = None,
) -> None:
    """Recompute a store's consolidated graph (one node per actor, place and event) from scratch."""
    result = consolidate_path(store, read_pairs(same_as) if same_as else None,
                              read_pairs(keep_apart) if keep_apart else None)
    print(consolidation_summary(result), file=sys.stderr)
    refresh(store)  # the store is closed: its answers are indexed again
