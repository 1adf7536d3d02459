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
    assert set(figures["file_build"]["memory_peak_rss_mb"]) == set(figures["file_build"]["memory_own_peak_rss_mb"]) \
        == {"10", "40"}
    peaks = figures["file_build"]["memory_peak_rss_mb"]
    assert figures["file_build"]["memory_growth"] == pytest.approx(peaks["40"] / peaks["10"] - 1)
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
    assert "target within 10%, as a store build's); the build's own process" in result.stdout


def test_bench_large_store_is_built_once_then_asked(tmp_path: Path) -> None:
    # what --words above a million adds (a store of all the words, 2 workers), on a small corpus
    from kg import bench

    articles = bench.source_articles()[:2]
    large = bench.large(tmp_path, articles, 3_000, 1_000, None, runs=1)
    build = large["build"]
    assert build["workers"] == 2 and build["failed"] == 0 and build["words"] >= 3_000
    assert build["first_words"] == 1_000 and build["first_million_words_per_s"] > 0
    assert build["rate_vs_first_words"] == pytest.approx(build["words_per_s"] / build["first_million_words_per_s"])
    assert large["store"] == str(tmp_path / "store" / "large") and large["quads"] > build["triples"] / 2
    assert set(large["queries"]) == set(resources.query_names())
    assert sum(q["rows"] for q in large["queries"].values()) > 0
    assert set(large["narrowed"]["asked"]) == {"country", "month", "actor"}
    text = "\n".join(bench.large_lines(large, {"words_per_s": build["words_per_s"]}))
    assert "x the rate of its own first 1,000 words" in text and "1.00 x the 2-worker build of the first" in text
    # --large-store: a store built before is asked as it is, not built again
    again = bench.large(tmp_path / "other", articles, 3_000, 1_000, Path(large["store"]), runs=1)
    assert "build" not in again and again["quads"] == large["quads"]
    assert {n: q["rows"] for n, q in again["queries"].items()} == {n: q["rows"] for n, q in large["queries"].items()}
    assert "built before, not in this run" in "\n".join(bench.large_lines(again, {}))


def test_bench_large_store_must_be_a_store(tmp_path: Path) -> None:
    result = subprocess.run([PYTHON, "-m", "kg.bench", "--large-store", str(tmp_path / "none"), "--dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"error E300: no store at {tmp_path / 'none'}: build one with "
                                                  f"`kg build ARTICLES --store {tmp_path / 'none'}`"]
    result = subprocess.run([PYTHON, "-m", "kg.bench", "--questions-only", "--dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == "error E039: --questions-only asks a store built before: give --large-store DIR too"
    result = subprocess.run([PYTHON, "-m", "kg.bench", "--large-only", "--dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == ("error E040: --large-only builds the large store: give --words above a million, "
                                     "and no --large-store")


def test_bench_large_only_builds_the_reference_and_the_large_store(tmp_path: Path) -> None:
    """--large-only: the 2-worker build of the first words and the large store held against it, nothing else."""
    result = subprocess.run([PYTHON, "-m", "kg.bench", "--quick", "--large-only", "--words", "2000000",
                             "--dir", str(tmp_path)], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    figures = json.loads((tmp_path / "results.json").read_text())
    assert set(figures) == {"quick", "cores", "build_2_worker", "large"}
    two, large = figures["build_2_worker"], figures["large"]["build"]
    assert two["workers"] == large["workers"] == 2 and large["words"] > 2 * two["words"]
    assert f"{large['words_per_s'] / two['words_per_s']:.2f} x the 2-worker build of the first" in result.stdout
    assert "large store" in result.stdout and "bare spaCy" not in result.stdout
