"""`python -m kg.bench --quick`: every figure is measured and written."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from kg import resources

from .conftest import PYTHON

pytestmark = pytest.mark.model


def test_bench_quick_writes_every_figure(tmp_path: Path) -> None:
    result = subprocess.run([PYTHON, "-m", "kg.bench", "--quick", "--dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=900)  # minutes on a loaded machine
    assert result.returncode == 0, result.stderr
    figures = json.loads((tmp_path / "results.json").read_text())
    assert figures["bare_spacy"]["words_per_s"] > 0
    assert figures["extractor"]["words"] == figures["bare_spacy"]["words"]
    assert figures["extractor"]["words_per_s"] > 0 and "overhead" in figures["extractor"]
    for workers in (1, 2):
        build = figures[f"build_{workers}_worker"]
        assert build["documents"] == figures["corpus"]["documents"] and build["failed"] == 0
        assert build["words"] == figures["bare_spacy"]["words"]
        assert build["quads_per_1000_words"] == pytest.approx(1000 * build["triples"] / build["words"])
        assert build["cpu_seconds"] > 0 and 0 < build["cores_used"] <= figures["cores"] + 0.5
    assert set(figures["memory"]["peak_rss_mb"]) == {"10", "40"}
    assert figures["file_build"]["documents"] == figures["corpus"]["documents"]
    assert figures["file_build"]["words"] == figures["bare_spacy"]["words"] and figures["file_build"]["peak_rss_mb"] > 0
    assert figures["file_build"]["statements"] > figures["build_1_worker"]["triples"] / 2
    assert set(figures["file_build"]["memory_peak_rss_mb"]) == {"10", "40"}
    assert figures["ingest"]["documents"] == figures["corpus"]["documents"] and figures["ingest"]["failed"] == 0
    assert figures["ingest"]["ratio_to_batch"] > 0 and set(figures["ingest"]["memory_peak_rss_mb"]) == {"10", "40"}
    assert figures["load"]["triples"] > 0 and figures["load"]["triples_per_s"] > 0
    merged = figures["consolidation"]  # the query store is consolidated, as a build leaves it
    assert merged["seconds"] > 0 and merged["peak_rss_mb"] > 0 and merged["canonical_nodes"] > 0
    assert 1 <= merged["one_document_scope"][0] <= merged["one_document_scope"][1] == figures["load"]["documents"]
    assert set(figures["queries"]) == set(resources.query_names())
    assert "canned queries" in result.stdout and "spaCy + kg extractor" in result.stdout
    assert "cores busy" in result.stdout and "quads per 1,000 words" in result.stdout
    assert "kg build -o FILE.nq" in result.stdout and "kg ingest" in result.stdout
