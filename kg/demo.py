"""The demo: build the bundled example article and answer every canned question."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from kg import resources
from kg.build import serialize
from kg.errors import Errors, KgError
from kg.filebuild import build_dataset
from kg.querying import write_results
from kg.store.sparql import load_files, select


def run_demo(out: TextIO | None = None, model: str | None = None, report: Path | None = None) -> None:
    """Build the example article's graph and print each canned question's answer (and write its report)."""
    import pyoxigraph as ox

    out = out or sys.stdout
    example = resources.example_file()
    result = build_dataset([str(example)], model=model)
    if result.built == 0:
        raise KgError(Errors.E019, detail="; ".join(why for _, why in result.failed))
    store = load_files([])
    store.load(serialize(result.dataset, "nq"), format=ox.RdfFormat.N_QUADS)
    out.write(f"Built {result.triples} triples from {example.name}\n\n")
    for name in resources.query_names():
        write_results(select(store, resources.query_text(name)), "table", out,
                      title=f"{name}: {resources.query_question(name)}")
        out.write("\n")
    if report is not None:
        from kg.report.render import report_store

        summary = report_store(store, report, title=f"conflict-kg report: {example.name}")
        out.write(f"Wrote the report ({summary.bytes / 1e6:.1f} MB) -> {report}\n")
