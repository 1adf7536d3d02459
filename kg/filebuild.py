"""File builds (``kg build ... -o FILE``) through the same build and writer as store builds.

A file build runs ``kg.corpus.build_store`` (bounded batches, worker processes
if asked, per-document error reports, the consolidation of all its documents)
into a ``kg.store.spill.SpillStore`` in a temporary folder: the documents' N-Quads
are appended to a file there as they are finished. The post-build steps see the
finished store, then the graph file is written from the spilled lines
(``kg.store.export.write_graph_lines``: sorted on disk, then in the format asked
for; ``-`` for standard output, through symlinks, onto devices, atomically).
No document graph is held in rdflib, and consolidation reads each document's
records as it is written (``kg.consolidate.spilled.SpilledRecords``: without the
nodes' statements, which it reads again from the spilled lines) into a file, and
reads them back once the spaCy workers are gone, never the whole story's quads.
The temporary folder goes beside the output file (the same disk), or in the
system's temporary folder for ``-`` and devices, and is removed whatever happens.
``build_dataset`` builds the same way and reads the result into an rdflib
dataset, for small builds, tests and notebooks.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.build import new_dataset
from kg.consolidate import Consolidation
from kg.corpus import BuildSummary, build_store
from kg.errors import Errors, KgError
from kg.rdf import rdflib_term
from kg.store.base import Store
from kg.store.export import standalone_lines, write_graph_lines
from kg.store.files import scratch_folder
from kg.store.spill import SpillStore

# A step run over the finished documents of a file build before the file is written.
PostBuild = Callable[[Store], None]
# Lines sorted in memory at a time when the file is written (about 20 MB): more runs on disk, but a
# file build's memory stops growing with the corpus from a few hundred short documents on.
FILE_RUN_LINES = 100_000
TEMPORARY_STORE_ERRORS = ("E302", "E303")  # the temporary store could not be opened or written


@dataclass
class FileSummary:
    """What a file build did: the store build's summary and the statements written."""

    build: BuildSummary
    statements: int


@dataclass
class FileBuild:
    """A small build read into memory: its dataset and what the build did."""

    dataset: Dataset
    built: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, "EXXX: why")
    triples: int = 0
    consolidation: Consolidation | None = None


def build_file(
    paths: list[str],
    output: Path,
    fmt: str,
    *,
    model: str | None = None,
    published: date | None = None,
    online: Any = None,
    workers: int | None = 1,
    with_ontology: bool = False,
    with_types: bool = False,
    progress: bool = False,
    pipeline: Any = None,
    post_build: Sequence[PostBuild] = (),
    same_as: list[tuple[str, str]] | None = None,
    keep_apart: list[tuple[str, str]] | None = None,
) -> FileSummary:
    """Build every document of the inputs into one graph file, one named graph per document.

    Documents that cannot be read or built are left out and reported in the
    summary; a build that builds nothing raises the reason.
    """
    folder = Path(tempfile.mkdtemp(dir=scratch_folder(output), prefix=".kg-build-"))
    try:
        store = SpillStore(folder / "store")
        summary = _build(paths, store, output, model=model, published=published, online=online, workers=workers,
                         progress=progress, pipeline=pipeline, same_as=same_as, keep_apart=keep_apart)
        for step in post_build:
            step(store)
        store.close()
        statements = write_graph_lines(lambda: standalone_lines(store.lines(), with_ontology, with_types),
                                       output, fmt, FILE_RUN_LINES)
        return FileSummary(summary, statements)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def build_dataset(
    paths: list[str],
    *,
    model: str | None = None,
    published: date | None = None,
    online: Any = None,
    pipeline: Any = None,
    progress: bool = False,
    same_as: list[tuple[str, str]] | None = None,
    keep_apart: list[tuple[str, str]] | None = None,
) -> FileBuild:
    """Build the inputs as a file build does, then read the result into an rdflib dataset.

    Documents that cannot be read or built are listed in ``failed``; nothing built gives an empty dataset.
    """
    result = FileBuild(new_dataset())
    with tempfile.TemporaryDirectory(prefix="kg-build-") as folder:
        store = SpillStore(Path(folder))
        extra = {"online": online} if online is not None else {}
        try:
            summary = build_store(paths, store, model=model, published=published, pipeline=pipeline,
                                  progress=progress, report=False, same_as=same_as, keep_apart=keep_apart, **extra)
        except KgError as exc:
            if exc.code != "E017":  # no documents at all: an empty dataset
                raise
            return result
        result.built, result.triples, result.consolidation = summary.built, summary.triples, summary.consolidation
        result.failed = [(where, f"{code}: {why}") for (where, why), code in zip(summary.failed, summary.codes)]
        graphs: dict[str, Any] = {}
        for quad in store.content_quads():
            name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            if name not in graphs:
                graphs[name] = result.dataset.graph(URIRef(name)) if name else result.dataset.default_graph
            graphs[name].add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
        store.close()
    return result


def _build(paths: list[str], store: Store, output: Path, **options: Any) -> BuildSummary:
    """The store build of a file build, its errors said as a file build's."""
    if options.get("online") is None:
        options.pop("online")
    try:
        summary = build_store(paths, store, compact=False, report=False, **options)
    except KgError as exc:
        if exc.code == "E017":  # nothing to read: say it as a file build does
            raise KgError(Errors.E019, detail="no input documents") from None
        if exc.code in TEMPORARY_STORE_ERRORS:  # the disk of the output: say it of the output
            raise KgError(Errors.E011, path=output, detail=_reason(exc.message)) from None
        if exc.code == "E305":  # Ctrl-C or SIGTERM: a file build has nothing to resume
            done = re.search(r"after (\d+) document", exc.message)
            raise KgError(Errors.E038, done=done.group(1) if done else 0, path=output) from None
        raise
    if summary.built == 0:
        raise _nothing_built(summary)
    return summary


def _reason(message: str) -> str:
    """The system's reason at the end of a store error (``... While appending to file: F: No space left``)."""
    first = message.split("; ", 1)[0]
    return first.rsplit(": ", 1)[-1].strip() or first


def _nothing_built(summary: BuildSummary) -> KgError:
    """The error of a build that built nothing: the one input's own, or the first few reasons."""
    if len(summary.failed) == 1 and summary.input_errors:
        return summary.input_errors[0]
    detail = "; ".join(f"{code} {why}" for (_, why), code in zip(summary.failed[:3], summary.codes)) \
        or "no input documents"
    return KgError(Errors.E019, detail=detail)


def report_failures(summary: BuildSummary) -> None:
    """Print each document that was skipped, on its own line, with its error code."""
    for (where, why), code in zip(summary.failed, summary.codes):
        print(f"skipped {where}: {code}: {why}", file=sys.stderr)
