"""`kg sparql`: run any SPARQL SELECT query."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import user_errors
from kg.errors import Errors, KgError
from kg.querying import PRINT_FORMATS, write_results
from kg.store.sources import run_select


def query_text(query: str) -> str:
    """The query itself, or the contents of the .rq file it names."""
    if query.endswith((".rq", ".sparql")):
        path = Path(query)
        if not path.is_file():
            raise KgError(Errors.E001, path=path)
        return path.read_text(encoding="utf-8")
    return query


@app.command(no_args_is_help=True)
@user_errors
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL SELECT query, or a .rq file holding one.")],
    graphs: Annotated[Optional[list[Path]], typer.Argument(help="Graph files to query.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Result format: {', '.join(PRINT_FORMATS)}.")] = "table",
    store: Annotated[Optional[Path], typer.Option("--store", help="Query this Oxigraph store folder.")] = None,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", help="Query this SPARQL 1.1 endpoint.")] = None,
) -> None:
    """Run a SPARQL SELECT query over graph files (plus the ontology), a store or an endpoint."""
    if fmt not in PRINT_FORMATS:
        raise KgError(Errors.E016, fmt=fmt, choices=", ".join(PRINT_FORMATS))
    solutions = run_select(query_text(query), list(graphs or []), store, endpoint)
    write_results(solutions, fmt)
