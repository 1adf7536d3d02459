"""`kg report`: one offline HTML page with a map, a timeline, a network and the canned questions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.common import published_option, user_errors


@app.command(no_args_is_help=True)
@user_errors
def report(
    graphs: Annotated[Optional[list[Path]], typer.Argument(help="Graph files to show; or use --store.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("report.html"),
    store: Annotated[Optional[Path], typer.Option("--store", help="Show this Oxigraph store folder.")] = None,
    title: Annotated[str, typer.Option("--title", help="The page's title.")] = "conflict-kg report",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
    place: Annotated[Optional[str], typer.Option(
        "--place", help="Narrow the questions to this place and the places within it.")] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", help="Narrow the questions to this actor.")] = None,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="YYYY-MM-DD", help="Narrow the questions to rows dated on or after this day.")] = None,
    until: Annotated[Optional[str], typer.Option(
        "--until", metavar="YYYY-MM-DD", help="Narrow the questions to rows dated on or before this day.")] = None,
    undated: Annotated[bool, typer.Option(
        "--undated", help="With --since/--until, keep the rows that have no date too.")] = False,
) -> None:
    """Write a self-contained HTML report (map, timeline, network, questions, articles) that opens offline.

    --place, --actor, --since and --until narrow the questions' tables as `kg query` does; the
    questions they do not apply to are left out. The map, timeline and network stay whole.
    """
    from kg.narrowing import Narrowing
    from kg.report.render import write_report

    narrowing = Narrowing(place, actor, published_option(since), published_option(until), undated)
    summary = write_report(list(graphs or []), store, output, title, narrowing or None)
    if not quiet:
        print(f"report: {summary.documents} document(s), {summary.events} events, {summary.places} mapped places, "
              f"{summary.actors} actors, {summary.links} links, {summary.bytes / 1e6:.1f} MB -> {output}",
              file=sys.stderr)
