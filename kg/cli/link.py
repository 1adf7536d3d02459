"""`kg link`: add Wikidata links and `within` to graphs built earlier."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import choices, user_errors
from kg.store.formats import FORMATS


@app.command(no_args_is_help=True)
@user_errors
def link(
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Graph file to write; its extension sets the format.")],
    graphs: Annotated[Optional[list[Path]], typer.Argument(
        help="Graph files (.ttl .nt .nq .trig .jsonld .rdf) built by kg build.")] = None,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", metavar=choices(FORMATS), help="Output format (default: from the extension).")] = None,
    online: Annotated[bool, typer.Option(
        "--online", help="Also ask a Wikidata SPARQL endpoint about names the gazetteer does not know.")] = False,
    endpoint: Annotated[Optional[str], typer.Option(
        "--endpoint", help="SPARQL endpoint for --online (default: the Wikidata Query Service).")] = None,
    store: Annotated[Optional[Path], typer.Option(
        "--store", help="Read the graphs of this Oxigraph store folder instead of files.")] = None,
    source: Annotated[Optional[str], typer.Option(
        "--from-endpoint", help="Read the graphs of this SPARQL 1.1 endpoint instead of files "
        "(--endpoint names the Wikidata endpoint).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Link the places and actors of built graphs to Wikidata (skos:exactMatch) and place them (ckg:within)."""
    from kg.build import plain_strings, write_file
    from kg.linking.gazetteer import default_gazetteer
    from kg.linking.graphs import link_dataset
    from kg.linking.online import DEFAULT_WDQS, WikidataLinker
    from kg.rdf import NAMESPACES
    from kg.store.formats import check_writable, output_format
    from kg.store.sources import dataset_from_source

    fmt_name = output_format(output, fmt)
    check_writable(output, graphs or [])
    linker = WikidataLinker(endpoint=endpoint or DEFAULT_WDQS) if online else None
    gazetteer = default_gazetteer()
    if gazetteer is None and not quiet:
        print("note: no offline gazetteer (run `make gazetteer`); linking only online", file=sys.stderr)
    dataset = dataset_from_source(list(graphs or []), store, source)
    for prefix, namespace in NAMESPACES.items():
        dataset.bind(prefix, namespace)
    added = link_dataset(dataset, gazetteer, linker)
    plain_strings(dataset)
    write_file(dataset, output, fmt_name)
    if not quiet:
        print(f"linked: {added} triples added -> {output}", file=sys.stderr)
