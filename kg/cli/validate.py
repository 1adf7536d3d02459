"""`kg validate`: check graph files against the ontology's shapes and with the HermiT reasoner."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import user_errors
from kg.errors import Errors, KgError


@app.command(no_args_is_help=True)
@user_errors
def validate(
    graphs: Annotated[Optional[list[Path]], typer.Argument(
        help="Graph files (.ttl .nt .nq .trig .jsonld .rdf).")] = None,
    store: Annotated[Optional[Path], typer.Option("--store", help="Check this Oxigraph store folder instead.")] = None,
    endpoint: Annotated[Optional[str], typer.Option(
        "--endpoint", help="Check the graphs of this SPARQL 1.1 endpoint instead.")] = None,
    no_reasoner: Annotated[bool, typer.Option(
        "--no-reasoner", help="Skip the HermiT consistency check (it needs Java).")] = False,
    warnings: Annotated[bool, typer.Option(
        "--warnings/--no-warnings", help="Also list what is recommended but missing.")] = True,
) -> None:
    """Check graphs against the SHACL shapes and for consistency with the ontology (HermiT)."""
    from kg.store.sources import dataset_from_source
    from kg.validate import describe
    from kg.validate import validate as run_validate

    report = run_validate(dataset_from_source(list(graphs or []), store, endpoint), reasoner=not no_reasoner)
    for line in describe(report, show_warnings=warnings):
        typer.echo(line)
    if not report.ok:
        raise KgError(Errors.E101, count=len(report.errors))
