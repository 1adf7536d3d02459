"""Store builds of a tiny corpus: bad input reported and skipped, reruns, changes, --force, workers."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.corpus import build_store
from kg.errors import KgError
from kg.store.oxigraph import open_store

from .conftest import ARTICLES, consistent, kg_command, snapshot, write_corpus

pytestmark = pytest.mark.model


def graphs_of(path: Path) -> set[str]:
    return set(consistent(path))


def graph(doc_id: str) -> str:
    return f"https://w3id.org/conflict-kg/graph/{doc_id}"


def test_corpus_build_reports_each_bad_document_and_builds_every_good_one(tmp_path: Path, pipeline) -> None:
    folder = write_corpus(tmp_path / "in")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (folder / "latin1.txt").write_bytes("The army took the caf\xe9 district of the city.".encode("latin-1"))
    (folder / "broken.json").write_text('{"id": "broken", "text": ')
    (folder / "notext.json").write_text(json.dumps({"id": "notext", "text": "   "}))
    (folder / "german.txt").write_text("Die Regierungstruppen haben am Sonntag die Stadt eingenommen, "
                                       "teilte das Ministerium mit. Dutzende Zivilisten wurden verletzt.")
    good_line = {"id": "store-jsonl", "text": "Rebels shelled the town of Bentiu on Monday, officials said."}
    (folder / "feed.jsonl").write_text(json.dumps(good_line) + "\n{not json\n" + json.dumps({"id": "x"}) + "\n")
    summary = build_store([str(folder), str(tmp_path / "missing.json")], tmp_path / "store", progress=False,
                          pipeline=pipeline)
    failed = dict(summary.failed)
    assert summary.built == len(ARTICLES) + 2  # and the German text: a doubt about language is not a refusal
    assert summary.documents == summary.built + len(summary.failed)
    expected = {
        str(folder / "empty.txt"): "empty",
        str(folder / "binary.txt"): "not UTF-8",
        str(folder / "latin1.txt"): "not UTF-8",
        str(folder / "broken.json"): "malformed JSON",
        str(folder / "notext.json"): "no text",
        f"{folder / 'feed.jsonl'}:2": "line 2",
        f"{folder / 'feed.jsonl'}:3": "'text'",
        str(tmp_path / "missing.json"): "no such file",
    }
    for where, words in expected.items():
        assert words in failed[where], (where, failed.get(where))
    assert len(failed) == len(expected)
    assert graphs_of(tmp_path / "store") == {graph(a["id"]) for a in ARTICLES} | {graph("store-jsonl"), graph("german")}


def test_corpus_rerun_skips_changed_replaced_force_rebuilds(tmp_path: Path, reference_store: Path, pipeline) -> None:
    store = tmp_path / "store"
    shutil.copytree(reference_store, store)
    folder = write_corpus(tmp_path / "in")
    again = build_store([str(folder)], store, progress=False, pipeline=pipeline)
    assert (again.built, again.skipped, again.failed) == (0, len(ARTICLES), [])
    assert snapshot(store) == snapshot(reference_store)

    changed = dict(ARTICLES[0], title="Army takes two rebel towns near Kilinochchi")
    write_corpus(folder, [changed])
    replaced = build_store([str(folder)], store, progress=False, pipeline=pipeline)
    assert (replaced.built, replaced.skipped) == (1, len(ARTICLES) - 1)
    db = open_store(store)
    titles = {q.object.value for q in db.quads_for_pattern(None, ox.NamedNode("http://purl.org/dc/terms/title"),
                                                            None, ox.NamedNode(graph(changed["id"])))}
    assert titles == {changed["title"]}
    del db
    assert graphs_of(store) == {graph(a["id"]) for a in ARTICLES}

    forced = build_store([str(folder)], store, force=True, progress=False, pipeline=pipeline)
    assert (forced.built, forced.skipped) == (len(ARTICLES), 0)
    assert graphs_of(store) == {graph(a["id"]) for a in ARTICLES}


def test_corpus_two_workers_give_the_same_store(tmp_path: Path, corpus: Path, reference_store: Path) -> None:
    summary = build_store([str(corpus)], tmp_path / "store", workers=2, progress=False)
    assert summary.built == len(ARTICLES), summary.failed
    assert snapshot(tmp_path / "store") == snapshot(reference_store)


def test_corpus_auto_workers_are_the_cores_for_a_big_input_and_one_for_a_small(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import kg.corpus

    small = tmp_path / "small.txt"
    small.write_text("Militia fighters shelled the hill village of Ostrovets on Monday.\n" * 3)
    big = tmp_path / "big.txt"
    big.write_text("Militia fighters shelled the hill village of Ostrovets on Monday.\n" * 4_000)
    for cores, most in ((1, 1), (2, 2), (16, kg.corpus.AUTO_WORKERS)):
        monkeypatch.setattr(os, "cpu_count", lambda cores=cores: cores)
        assert kg.corpus.auto_workers([str(big)]) == most
        assert kg.corpus.auto_workers([str(small)]) == 1  # not worth starting processes
        assert kg.corpus.auto_workers([str(small), str(big)]) == most  # the inputs together
        assert kg.corpus.auto_workers(["-"]) == 1  # standard input: its size is not known


def test_corpus_ten_megabyte_document_keeps_offsets(tmp_path: Path, pipeline) -> None:
    # Real prose at both ends, ~10 MB of blank lines between: the end's offsets exceed 10 million.
    head = ARTICLES[0]["text"]
    tail = ARTICLES[1]["text"]
    text = head + "\n" * 10_000_000 + tail
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.json").write_text(json.dumps({"id": "big", "published": "2022-05-20", "text": text}))
    write_corpus(folder, [ARTICLES[2]])
    summary = build_store([str(folder)], tmp_path / "store", progress=False, pipeline=pipeline)
    assert summary.built == 2, summary.failed
    db = open_store(tmp_path / "store")
    ckg = "https://w3id.org/conflict-kg/ontology#"
    starts = {q.subject: int(q.object.value)
              for q in db.quads_for_pattern(None, ox.NamedNode(ckg + "start"), None, ox.NamedNode(graph("big")))}
    ends = {q.subject: int(q.object.value)
            for q in db.quads_for_pattern(None, ox.NamedNode(ckg + "end"), None, ox.NamedNode(graph("big")))}
    quotes = {q.subject: q.object.value
              for q in db.quads_for_pattern(None, ox.NamedNode(ckg + "quote"), None, ox.NamedNode(graph("big")))}
    assert quotes and any(start > 10_000_000 for start in starts.values())
    for node, quote in quotes.items():
        assert text[starts[node]:ends[node]] == quote
    del db
    assert graphs_of(tmp_path / "store") == {graph("big"), graph(ARTICLES[2]["id"])}


def test_corpus_unwritable_store_is_a_clear_error(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(KgError) as caught:
        build_store([str(corpus)], tmp_path / "file" / "store", progress=False)
    assert caught.value.code == "E302"


def test_corpus_cli_prints_summary_and_fails_when_nothing_builds(tmp_path: Path, reference_store: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(reference_store, store)
    folder = write_corpus(tmp_path / "in")
    (folder / "empty.txt").write_text("")
    result = subprocess.run(kg_command("build", str(folder), "--store", str(store)),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"{len(ARTICLES)} unchanged (skipped), 1 failed" in result.stderr
    assert "the file is empty" in result.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    result = subprocess.run(kg_command("build", str(bad), "--store", str(tmp_path / "other")),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_corpus_build_makes_at_most_bulk_loads_max_bulk_loads(tmp_path: Path, pipeline, corpus: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.corpus
    import kg.store.oxigraph

    asked: list[bool] = []
    write_documents = kg.store.oxigraph.write_documents

    def write(store, docs, bulk=False):
        if docs[0].doc_id != "_ontology":  # the store's own ontology graph, written when it opens
            asked.append(bulk)
        return write_documents(store, docs, bulk=bulk)

    monkeypatch.setattr(kg.store.oxigraph, "BULK_MIN_QUADS", 0)  # every write is big enough to bulk-load
    monkeypatch.setattr(kg.store.oxigraph, "BULK_LOADS_MAX", 1)
    monkeypatch.setattr(kg.corpus, "BULK_WRITE_DOCUMENTS", 1)
    monkeypatch.setattr(kg.store.oxigraph, "write_documents", write)
    summary = build_store([str(corpus)], tmp_path / "store", progress=False, pipeline=pipeline)
    assert summary.built == len(ARTICLES) == len(asked)
    assert asked == [True] + [False] * (len(ARTICLES) - 1)  # then transactions
    assert graphs_of(tmp_path / "store") == {graph(a["id"]) for a in ARTICLES}
