"""Shared fixtures: the example article built once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "kg" / "examples" / "aleppo-2016-11.json"


@pytest.fixture(scope="session")
def pipeline():
    """The NLP pipeline, gazetteer and linker, loaded once for the whole session."""
    from kg.build import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def example_build(pipeline):
    """The example article built into a dataset."""
    from kg.filebuild import build_dataset

    result = build_dataset([str(EXAMPLE)], pipeline=pipeline)
    assert result.built == 1, result.failed
    return result


@pytest.fixture(scope="session")
def dev_build(pipeline):
    """Every dev-corpus article built into one dataset, once per session."""
    from kg.filebuild import build_dataset

    dev = SHARED / "corpus" / "dev"
    if not dev.is_dir():
        pytest.skip("../shared/corpus/dev is not beside the repository")
    articles = sorted(str(p) for p in dev.glob("*.json"))
    result = build_dataset(articles, pipeline=pipeline)
    assert result.built == len(articles), result.failed
    return result


@pytest.fixture(scope="session")
def example_gold() -> dict:
    """The gold rows of the example article, when ../shared is beside the repo."""
    gold = SHARED / "corpus" / "dev" / "aleppo-offensive-2016-11.json"
    if not gold.exists():
        pytest.skip("../shared/corpus/dev is not beside the repository")
    return json.loads(gold.read_text())["expect"]
