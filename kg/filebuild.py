"""File builds (``kg build ... -o FILE``) through the same writer as store builds.

A file build streams its documents into a temporary store beside the output
(``kg.corpus.build_store``: bounded batches, worker processes if asked), hands
the finished store to the post-build steps (the hook for steps that need every
document of the build, such as consolidation), then writes the file from it
(``kg.store.export``: N-Triples and N-Quads sorted on disk). Memory stays flat
whatever the corpus; no document graph is held in rdflib.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kg.corpus import BuildSummary, build_store
from kg.errors import Errors, KgError
from kg.store.export import export_store
from kg.store.oxigraph import OxigraphStore

# A step run over the finished documents of a file build before the file is written.
PostBuild = Callable[[OxigraphStore], None]


@dataclass
class FileSummary:
    """What a file build did: the store build's summary and the statements written."""

    build: BuildSummary
    statements: int


def build_file(
    paths: list[str],
    output: Path,
    fmt: str,
    *,
    model: str | None = None,
    published: date | None = None,
    online: Any = None,
    workers: int = 1,
    with_ontology: bool = False,
    progress: bool = False,
    pipeline: Any = None,
    post_build: Sequence[PostBuild] = (),
) -> FileSummary:
    """Build every document of the inputs into one graph file, one named graph per document."""
    parent = output.parent if str(output.parent) else Path(".")
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=".kg-build-"))
    try:
        extra = {"online": online} if online is not None else {}
        try:
            summary = build_store(paths, folder / "store", workers=workers, model=model, published=published,
                                  progress=progress, pipeline=pipeline, compact=False, **extra)
        except KgError as exc:
            if exc.code == "E017":  # nothing to read: say it as a file build does
                raise KgError(Errors.E019, detail="no input documents") from None
            raise
        if summary.built == 0:
            raise _nothing_built(summary)
        if post_build:
            store = OxigraphStore(folder / "store")
            for step in post_build:
                step(store)
            store.flush()
            del store
        return FileSummary(summary, export_store(folder / "store", output, fmt, with_ontology=with_ontology))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _nothing_built(summary: BuildSummary) -> KgError:
    """The error of a build that built nothing: the one input's own, or the first few reasons."""
    if len(summary.failed) == 1 and summary.input_errors:
        return summary.input_errors[0]
    detail = "; ".join(why for _, why in summary.failed[:3]) or "no input documents"
    return KgError(Errors.E019, detail=detail)


def report_failures(summary: BuildSummary) -> None:
    """Print each document that was skipped, on its own line."""
    for where, why in summary.failed:
        print(f"skipped {where}: {why}" if not why.startswith(where) else f"skipped: {why}", file=sys.stderr)
