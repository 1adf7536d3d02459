"""The shared Typer application that every command module registers with."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kg",
    help="Turn conflict news into a knowledge graph, and query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
