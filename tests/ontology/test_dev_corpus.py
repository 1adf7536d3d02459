"""The graph built from every dev-corpus article conforms to the shapes and is consistent under HermiT."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.validate import describe, validate

DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"


@pytest.mark.model
@pytest.mark.java
def test_dev_corpus_graph_conforms_and_is_consistent(pipeline) -> None:
    if not DEV.is_dir():
        pytest.skip("../shared/corpus/dev is not beside the repository")
    from kg.build import build_dataset

    articles = sorted(str(p) for p in DEV.glob("*.json"))
    result = build_dataset(articles, pipeline=pipeline)
    assert result.built == len(articles), result.failed
    report = validate(result.dataset)
    assert report.ok, "\n".join(describe(report, show_warnings=False))
    assert report.consistent is True
