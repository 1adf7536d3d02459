"""`kg infer`: write a graph together with what the ontology entails about it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.build import write_file
from kg.cli.app import app
from kg.cli.common import user_errors
from kg.store.formats import FORMATS, check_writable, output_format


@app.command(no_args_is_help=True)
@user_errors
def infer(
    graphs: Annotated[list[Path], typer.Argument(help="Graph files (.ttl .nt .nq .trig .jsonld .rdf).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Graph file to write; its extension sets the format.")],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")] = None,
) -> None:
    """Add the inferred triples: inverses, symmetric alliances, part-of closure, superclasses."""
    from kg.infer import infer as run_infer
    from kg.store.sources import dataset_from_source

    fmt_name = output_format(output, fmt)
    check_writable(output)
    data = dataset_from_source(list(graphs))
    given = sum(1 for _ in data.quads((None, None, None, None)))
    result = run_infer(data)
    write_file(result, output, fmt_name)
    added = sum(1 for _ in result.quads((None, None, None, None))) - given
    print(f"inferred {added} triples from {given} -> {output}", file=sys.stderr)
