"""`kg demo`: what `make demo` shows, from an installed package."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import user_errors
from kg.demo import run_demo


@app.command()
@user_errors
def demo(
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy model to use.")] = None,
    report: Annotated[Optional[Path], typer.Option(
        "--report", help="Also write the example's HTML report (see `kg report`) to this file.")] = None,
) -> None:
    """Build the bundled example article and print the answer to every canned question."""
    run_demo(model=model, report=report)
