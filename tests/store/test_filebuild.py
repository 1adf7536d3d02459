"""File builds go through the store writer: same bytes as a store's export, and a hook before the file is written."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.filebuild import build_file
from kg.store.export import export_store
from kg.store.oxigraph import OxigraphStore, StoredDocument

from .conftest import ARTICLES

pytestmark = pytest.mark.model


def test_filebuild_writes_what_a_store_build_exports(corpus: Path, reference_store: Path, tmp_path: Path,
                                                     pipeline) -> None:
    for fmt in ("nq", "nt", "ttl"):
        out, exported = tmp_path / f"built.{fmt}", tmp_path / f"exported.{fmt}"
        summary = build_file([str(corpus)], out, fmt, pipeline=pipeline)
        assert summary.build.built == len(ARTICLES)
        export_store(reference_store, exported)
        assert out.read_bytes() == exported.read_bytes(), fmt
    lines = (tmp_path / "built.nq").read_bytes().splitlines()
    assert lines == sorted(set(lines))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kg-")]  # the temporary store is gone


def test_filebuild_post_build_steps_see_every_document_before_the_file_is_written(corpus: Path, tmp_path: Path,
                                                                                  pipeline) -> None:
    seen: list[list[str]] = []
    summary_graph = ox.NamedNode("https://w3id.org/conflict-kg/graph/_summary")

    def step(store: OxigraphStore) -> None:
        ids = sorted(doc_id for doc_id, _ in store.documents())
        seen.append(ids)
        quad = ox.Quad(ox.NamedNode("https://w3id.org/conflict-kg/id/corpus"),
                       ox.NamedNode("https://w3id.org/conflict-kg/ontology#count"),
                       ox.Literal(str(len(ids)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                       summary_graph)
        store.write([StoredDocument("_summary", summary_graph, "-", [quad])])

    out = tmp_path / "built.nq"
    build_file([str(corpus)], out, "nq", pipeline=pipeline, post_build=[step])
    assert seen == [sorted(a["id"] for a in ARTICLES)]
    assert f'"{len(ARTICLES)}"^^<http://www.w3.org/2001/XMLSchema#integer> <{summary_graph.value}> .' in \
        out.read_text()


def test_filebuild_same_bytes_whatever_order_the_documents_come_in(tmp_path: Path, pipeline) -> None:
    import json

    copies = [dict(article, id=f"{article['id']}-{n}") for article in ARTICLES[:2] for n in range(3)]
    outputs = []
    for order in (copies, copies[::-1]):
        source = tmp_path / f"{len(outputs)}" / "articles.jsonl"  # the file name is in the graph
        source.parent.mkdir()
        source.write_text("".join(json.dumps(a) + "\n" for a in order))
        out = tmp_path / f"{len(outputs)}.nq"
        summary = build_file([str(source)], out, "nq", pipeline=pipeline)
        assert summary.build.consolidation is not None and summary.build.consolidation.merged_nodes >= 4
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]  # consolidation reads the documents sorted, not in the order they came
    assert b"/merge/" in outputs[0]


def test_filebuild_keeps_a_long_document_mapped_part_by_part(tmp_path: Path, pipeline) -> None:
    """A document longer than one spaCy piece reaches the writer in parts: the file holds them all,
    as a store built from the same article does."""
    import json

    from kg.build import CHUNK_CHARS
    from kg.corpus import build_store
    from tests.robustness.longtext import long_article

    source = tmp_path / "long.json"
    source.write_text(json.dumps(long_article("long-report", 3 * CHUNK_CHARS)))
    out, exported = tmp_path / "long.nq", tmp_path / "exported.nq"
    summary = build_file([str(source)], out, "nq", pipeline=pipeline)
    assert summary.build.built == 1 and summary.build.triples > 1000
    build_store([str(source)], tmp_path / "store", progress=False, pipeline=pipeline)
    export_store(tmp_path / "store", exported)
    assert out.read_bytes() == exported.read_bytes()


def test_filebuild_spill_store_is_a_store(tmp_path: Path) -> None:
    from kg.store.base import Store
    from kg.store.spill import SpillStore

    store = SpillStore(tmp_path / "spill")
    assert isinstance(store, Store)
    graph = ox.NamedNode("https://w3id.org/conflict-kg/graph/x")
    quads = [ox.Quad(ox.NamedNode(f"https://w3id.org/conflict-kg/id/x/e{n}"),
                     ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(f"e{n}"), graph)
             for n in (2, 1)]
    assert store.write([StoredDocument("x", graph, "-", quads)]) == 2
    assert [q.subject.value[-2:] for q in store.document_quads()] == ["e1", "e2"]  # sorted
    store.replace_graph("https://w3id.org/conflict-kg/graph/consolidated", b"")
    assert store.count() == 1 and len(list(store.content_quads())) == 2
    assert [row["n"].value for row in store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")] == ["2"]


def test_spill_store_hands_each_document_its_sorted_lines_as_it_is_written(tmp_path: Path) -> None:
    """What consolidation reads of a file build comes one document at a time, sorted and distinct,
    for a document written in parts too (a line repeated across parts is one line)."""
    from kg.store.spill import SpillStore

    store = SpillStore(tmp_path / "spill")
    seen: list[tuple[str, list[bytes]]] = []
    store.on_document = lambda graph, lines: seen.append((graph, lines))
    graphs = [f"https://w3id.org/conflict-kg/graph/{name}" for name in ("b", "a")]
    line = '<https://w3id.org/conflict-kg/id/{0}/n{1}> <http://www.w3.org/2000/01/rdf-schema#label> "n{1}" <{2}> .\n'
    first = "".join(line.format("b", n, graphs[0]) for n in (3, 1, 2)).encode()
    two, one = (line.format("a", n, graphs[1]).encode() for n in (2, 1))
    parts = [two, two + one]
    store.write([StoredDocument("b", ox.NamedNode(graphs[0]), "-", nquads=first),
                 StoredDocument("a", ox.NamedNode(graphs[1]), "-", parts=iter(parts))])
    assert [graph for graph, _ in seen] == graphs  # as written
    assert seen[0][1] == sorted(first.splitlines(keepends=True))
    assert seen[1][1] == [line.format("a", n, graphs[1]).encode() for n in (1, 2)]
    assert list(store.document_lines()) == sorted(seen)  # in the graphs' order, read back from the file


def test_filebuild_extracting_in_a_process_of_its_own_writes_the_same_file(tmp_path: Path, pipeline,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A big corpus is extracted in a process of its own while the build links, maps and writes: the file
    is the one an in-process build writes, a document read in pieces included."""
    import json

    import kg.corpus
    from kg.build import CHUNK_CHARS
    from tests.robustness.longtext import long_article

    from .conftest import write_corpus

    source = write_corpus(tmp_path / "in")
    (source / "long.json").write_text(json.dumps(long_article("long-report", CHUNK_CHARS + 2_000)))
    here, apart = tmp_path / "here.nq", tmp_path / "apart.nq"
    build_file([str(source)], here, "nq", pipeline=pipeline)
    monkeypatch.setattr(kg.corpus, "EXTRACT_APART_BYTES", 0)
    linked: list[int] = []
    link_results = kg.corpus.link_results
    monkeypatch.setattr(kg.corpus, "link_results", lambda linker, done: linked.append(len(done)) or
                        link_results(linker, done))
    summary = build_file([str(source)], apart, "nq")
    assert summary.build.built == len(ARTICLES) + 1 and not summary.build.failed
    assert sum(linked) == len(ARTICLES) + 1  # extracted elsewhere, linked and mapped here
    assert apart.read_bytes() == here.read_bytes()


def test_filebuild_sigterm_leaves_the_output_and_no_temporary_files(corpus: Path, tmp_path: Path) -> None:
    import os
    import signal

    from tests.robustness.conftest import paused_build

    out = tmp_path / "out" / "graph.nq"
    out.parent.mkdir()
    out.write_text("old\n")
    build = paused_build(corpus, "-o", out, "-q")
    assert build.stdout is not None and build.stdin is not None and build.stderr is not None
    assert build.stdout.readline().strip() == "written"
    os.kill(build.pid, signal.SIGTERM)
    build.stdin.close()
    err = build.stderr.read()
    assert build.wait(timeout=120) == 1
    assert "Traceback" not in err
    # the writer thread may take the next queued document before the signal lands: 1 or 2 of the 3
    last = err.strip().splitlines()[-1]
    assert re.fullmatch(rf"error E038: the build was interrupted after [12] document\(s\); {re.escape(str(out))} was "
                        "left as it was", last), last
    assert out.read_text() == "old\n" and list(out.parent.iterdir()) == [out]


def test_filebuild_progress_says_nothing_of_unchanged_documents(corpus: Path, tmp_path: Path, pipeline,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A file build has no earlier build to skip documents of: its progress counts failures only."""
    monkeypatch.setenv("COLUMNS", "200")  # the whole bar on one line
    build_file([str(corpus)], tmp_path / "out.nq", "nq", pipeline=pipeline, progress=True)
    shown = capsys.readouterr().err
    assert "3/3" in shown and "0 failed" in shown and "unchanged" not in shown


def test_spans_give_each_piece_back_in_the_order_of_the_names() -> None:
    from kg.store.spill import Spans

    spans = Spans()
    for name, start, length in [("c", 0, 10), ("a", 10, 5), ("b", 15, 2**40)]:
        spans.add(name, start, length)
    assert len(spans) == 3
    assert list(spans.in_order()) == [("a", 10, 5), ("b", 15, 2**40), ("c", 0, 10)]
