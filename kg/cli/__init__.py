"""The `kg` command line: one small module per command, all on one Typer app."""

from __future__ import annotations

# Each import registers its command(s) on `app`.
from kg.cli import build as _build  # noqa: E402,F401
from kg.cli import consolidate as _consolidate  # noqa: E402,F401
from kg.cli import demo as _demo  # noqa: E402,F401
from kg.cli import explain as _explain  # noqa: E402,F401
from kg.cli import export as _export  # noqa: E402,F401
from kg.cli import index as _index  # noqa: E402,F401
from kg.cli import infer as _infer  # noqa: E402,F401
from kg.cli import ingest as _ingest  # noqa: E402,F401
from kg.cli import link as _link  # noqa: E402,F401
from kg.cli import push as _push  # noqa: E402,F401
from kg.cli import query as _query  # noqa: E402,F401
from kg.cli import report as _report  # noqa: E402,F401
from kg.cli import serve as _serve  # noqa: E402,F401
from kg.cli import sparql as _sparql  # noqa: E402,F401
from kg.cli import validate as _validate  # noqa: E402,F401
from kg.cli import watch as _watch  # noqa: E402,F401
from kg.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point for `python -m kg`."""
    app()
