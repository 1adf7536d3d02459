"""The Python interface: build from texts or files, ask canned questions or SPARQL, rows as dicts or a DataFrame."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.api import KnowledgeGraph, Rows, questions
from kg.errors import KgError

pytestmark = pytest.mark.model

ARTICLES = [
    {"id": "api-1", "published": "2009-04-20",
     "text": "The Sri Lankan army shelled the town of Puthukkudiyiruppu on Monday and killed 14 civilians "
             "in the hospital, a local official said."},
    {"id": "api-2", "published": "2011-08-02",
     "text": "Al-Shabaab militants attacked the port of Kismayo on Tuesday and wounded 9 soldiers, "
             "the government said in a statement."},
]


@pytest.fixture(scope="module")
def graph(pipeline) -> KnowledgeGraph:
    return KnowledgeGraph.from_texts(ARTICLES, pipeline=pipeline)


def test_api_canned_question_gives_rows_as_dicts_and_a_dataframe(graph: KnowledgeGraph) -> None:
    rows = graph.ask("casualties")
    assert isinstance(rows, Rows) and rows.columns[0] == "count"
    figures = sorted((row["count"], row["outcome"]) for row in rows)
    assert figures == [(9, "wounded"), (14, "killed")]  # numbers come back as numbers
    frame = rows.to_dataframe()
    assert list(frame.columns) == rows.columns and len(frame) == len(rows)
    assert sorted(frame["count"].tolist()) == [9, 14]


def test_api_sparql_with_the_project_prefixes(graph: KnowledgeGraph) -> None:
    rows = graph.sparql("SELECT ?d WHERE { ?d a ckg:Document } ORDER BY ?d")
    assert [row["d"] for row in rows] == ["https://w3id.org/conflict-kg/id/api-1",
                                          "https://w3id.org/conflict-kg/id/api-2"]


def test_api_plain_texts_bad_texts_are_reported_not_raised(pipeline) -> None:
    graph = KnowledgeGraph.from_texts(["", ARTICLES[1]["text"]], pipeline=pipeline)
    assert [where for where, _ in graph.failed] == ["text:1"]
    assert len(graph.ask("casualties")) == 1


def test_api_files_store_and_graph_files_answer_alike(tmp_path: Path, pipeline, graph: KnowledgeGraph) -> None:
    from kg.corpus import build_store
    from kg.store.export import export_store

    folder = tmp_path / "articles"
    folder.mkdir()
    for article in ARTICLES:
        (folder / f"{article['id']}.json").write_text(json.dumps(article))
    build_store([str(folder)], tmp_path / "store", progress=False, pipeline=pipeline)
    export_store(tmp_path / "store", tmp_path / "graph.nq")
    expected = {name: sorted(map(str, graph.ask(name))) for name in questions()}
    for other in (KnowledgeGraph.from_files([folder], pipeline=pipeline), KnowledgeGraph.open(tmp_path / "store"),
                  KnowledgeGraph.load(tmp_path / "graph.nq")):
        assert {name: sorted(map(str, other.ask(name))) for name in questions()} == expected


def test_api_unknown_question_is_a_clear_error(graph: KnowledgeGraph) -> None:
    with pytest.raises(KgError) as caught:
        graph.ask("no-such-question")
    assert caught.value.code == "E012"
