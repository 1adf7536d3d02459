"""The graph built from every dev-corpus article conforms to the shapes and is consistent under HermiT."""

from __future__ import annotations

import pytest

from kg.validate import describe, validate


@pytest.mark.model
@pytest.mark.java
def test_dev_corpus_graph_conforms_and_is_consistent(dev_build) -> None:
    report = validate(dev_build.dataset)
    assert report.ok, "\n".join(describe(report, show_warnings=False))
    assert report.consistent is True
