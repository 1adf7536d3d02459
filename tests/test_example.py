"""Every canned query on the bundled example returns exactly the gold rows.

The gold rows and the matching rules are the contract's own: they are read
from ../shared (the gold article and score.py), so this test and `make eval`
can never disagree.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from kg import resources
from kg.build import serialize

SCORE = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="module")
def score():
    if not SCORE.exists():
        pytest.skip("../shared/eval/score.py is not beside the repository")
    spec = importlib.util.spec_from_file_location("score", SCORE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["score"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def graph(example_build, tmp_path_factory):
    from rdflib import Dataset

    out = tmp_path_factory.mktemp("example") / "aleppo.ttl"
    out.write_bytes(serialize(example_build.dataset, "ttl"))
    data = Dataset(default_union=True)
    for onto in resources.ontology_files():
        data.parse(data=onto.read_text(encoding="utf-8"), format="turtle")
    data.parse(out)
    return data


@pytest.mark.model
@pytest.mark.parametrize("name", resources.query_names())
def test_example_query_returns_exactly_the_gold_rows(name, score, graph, example_gold, tmp_path):
    query_file = tmp_path / f"{name}.rq"
    query_file.write_text(resources.query_text(name))
    rows = score.run_query(graph, query_file)
    if name not in example_gold:  # newer than the example's gold: control answers from the captures' places
        assert name == "control" and rows and all(row["place"] for row in rows)
        return
    tp, fp, fn, wrong, missed = score.score_rows(name, example_gold[name], rows)
    assert not wrong, f"rows that are not in the gold: {json.dumps(wrong, default=str)}"
    assert not missed, f"gold rows not returned: {json.dumps(missed)}"


def test_example_article_is_the_gold_article_without_its_answers(example_gold):
    bundled = json.loads(resources.example_file().read_text())
    assert set(bundled) == {"id", "published", "title", "text"}
    gold = json.loads((SCORE.parent.parent / "corpus" / "dev" / "aleppo-offensive-2016-11.json").read_text())
    assert bundled["text"] == gold["text"] and bundled["published"] == gold["published"]
