"""The store layer on hand-made documents (no spaCy): opening, locking, writing, exporting."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import KgError
from kg.store.export import export_store
from kg.store.formats import FORMATS
from kg.store.oxigraph import (
    BUILDS_GRAPH,
    COMPACTION_PENDING,
    begin_bulk_build,
    compact_store,
    content_quads,
    open_store,
    store_stats,
    stored_hash,
    write_documents,
)
from kg.store.sources import dataset_from_source

from .conftest import consistent, hand_document, hand_stored, held_open, kg_command


def test_store_open_missing_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KgError) as caught:
        open_store(tmp_path / "nothing-here")
    assert caught.value.code == "E300"


def test_store_open_a_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("not a store")
    with pytest.raises(KgError) as caught:
        open_store(path, read_only=False)
    assert caught.value.code == "E302"


def test_store_unwritable_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(KgError) as caught:
        open_store(blocker / "store", read_only=False)
    assert caught.value.code == "E302"


def test_store_locked_by_another_process_is_a_clear_error_not_a_hang(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with held_open(path) as holder:
        for read_only in (True, False):
            with pytest.raises(KgError) as caught:
                open_store(path, read_only=read_only)
            assert caught.value.code == "E301"
            assert str(holder.pid) in caught.value.message
        result = subprocess.run(kg_command("export", "--store", str(path), "-o", str(tmp_path / "x.nq")),
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1
        assert result.stderr.startswith("error E301:") and "Traceback" not in result.stderr


def test_store_write_then_replace_keeps_one_graph_per_document(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = open_store(path, read_only=False)
    first = hand_stored(hand_document("doc-1", "Sarajevo"))
    write_documents(store, [first, hand_stored(hand_document("doc-2", "Tuzla"))])
    assert stored_hash(store, first.graph) == first.input_hash
    changed = hand_stored(hand_document("doc-1", "Mostar"))
    write_documents(store, [changed])
    labels = {q.object.value for q in store.quads_for_pattern(None, None, None, first.graph)
              if isinstance(q.object, ox.Literal)}
    assert "Mostar" in labels and "Sarajevo" not in labels
    assert stored_hash(store, first.graph) == changed.input_hash
    assert store_stats(store).documents == 2
    del store
    assert set(consistent(path)) == {first.graph.value, "https://w3id.org/conflict-kg/graph/doc-2"}


@pytest.mark.parametrize(("bulk", "bulk_batch"), [(True, 500_000), (True, 1), (False, 500_000)],
                         ids=["bulk-load", "too-big-to-bulk-load", "transaction"])
def test_store_new_documents_land_whole_by_every_write_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: bool, bulk_batch: int
) -> None:
    import kg.store.oxigraph

    monkeypatch.setattr(kg.store.oxigraph, "BULK_BATCH", bulk_batch)
    monkeypatch.setattr(kg.store.oxigraph, "BULK_MIN_QUADS", 0)  # small documents: bulk-load them all the same
    path = tmp_path / "store"
    store = open_store(path, read_only=False)
    docs = [hand_stored(hand_document(f"doc-{i}", place)) for i, place in enumerate(["Sarajevo", "Tuzla", "Zenica"])]
    assert write_documents(store, docs, bulk=bulk) == sum(len(d.quads) for d in docs)
    compact_store(store)
    for doc in docs:
        assert stored_hash(store, doc.graph) == doc.input_hash
        assert set(store.quads_for_pattern(None, None, None, doc.graph)) == set(doc.quads)
    del store
    assert set(consistent(path)) == {d.graph.value for d in docs}


def test_store_bulk_builds_only_into_a_new_store_and_unmark_it_once_compacted(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store", read_only=False)
    assert begin_bulk_build(store) and COMPACTION_PENDING in store
    write_documents(store, [hand_stored(hand_document("doc-1", "Sarajevo"))], bulk=True)
    assert begin_bulk_build(store)  # a resumed bulk build carries on in bulk
    compact_store(store)
    assert COMPACTION_PENDING not in store
    assert not begin_bulk_build(store)  # documents and no pending compaction: transactions
    assert COMPACTION_PENDING not in store


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_store_export_round_trips(hand_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    count = export_store(hand_store, out, fmt)
    store = open_store(hand_store)
    quads = list(content_quads(store))
    assert count == len(quads) > 0
    keeps_graphs = FORMATS[fmt].keeps_graphs
    rdflib_format = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "rdf": "xml"}
    if keeps_graphs:
        back = Dataset()
        back.parse(out, format=rdflib_format[fmt])
        expected = Dataset()
        expected.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
        names = {str(g.identifier) for g in expected.graphs() if len(g)}
        assert names == {str(g.identifier) for g in back.graphs() if len(g)}
        for name in names:
            assert isomorphic(back.graph(name), expected.graph(name)), name
    else:
        back = Graph().parse(out, format=rdflib_format[fmt])
        expected = Graph().parse(data=ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode(),
                                 format="nt")
        assert isomorphic(back, expected)
    assert not any(str(BUILDS_GRAPH.value) in line for line in out.read_text().splitlines())


def test_store_export_cli_errors(hand_store: Path, tmp_path: Path) -> None:
    cases = [
        (["--store", str(tmp_path / "missing"), "-o", str(tmp_path / "x.nq")], "E300"),
        (["--store", str(hand_store), "-o", str(tmp_path / "no-folder" / "x.nq")], "E011"),
        (["--store", str(hand_store), "-o", str(tmp_path / "x.unknown")], "E010"),
        (["--store", str(hand_store), "-o", str(tmp_path / "x.nq"), "--format", "xyz"], "E009"),
    ]
    for args, code in cases:
        result = subprocess.run(kg_command("export", *args), capture_output=True, text=True, timeout=60)
        assert result.returncode == 1, args
        assert result.stderr.startswith(f"error {code}:"), result.stderr


def test_store_dataset_from_source_matches_files(hand_store: Path, tmp_path: Path) -> None:
    from_store = dataset_from_source([], store=hand_store)
    out = tmp_path / "all.trig"
    export_store(hand_store, out)
    from_files = dataset_from_source([out])
    assert len(from_store) == len(from_files) > 0
    for graph in from_files.graphs():
        if len(graph):
            assert isomorphic(graph, from_store.graph(graph.identifier))
    with pytest.raises(KgError) as caught:
        dataset_from_source([out], store=hand_store)
    assert caught.value.code == "E018"


def test_store_bookkeeping_quads_per_document_is_what_is_written(tmp_path: Path) -> None:
    from kg.store.oxigraph import BOOKKEEPING_QUADS, BUILDS_GRAPH

    store = open_store(tmp_path / "store", read_only=False)
    write_documents(store, [hand_stored(hand_document("doc-1", "Sarajevo"))])
    assert len(list(store.quads_for_pattern(None, None, None, BUILDS_GRAPH))) == BOOKKEEPING_QUADS


def test_store_oxigraph_store_keeps_documents_with_their_source(tmp_path: Path) -> None:
    from kg.store.base import Store
    from kg.store.oxigraph import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    assert isinstance(store, Store)
    first, second = hand_stored(hand_document("doc-1", "Sarajevo")), hand_stored(hand_document("doc-2", "Srebrenica"))
    first.source = "/feeds/one.json"
    assert store.write([first, second]) == len(first.quads) + len(second.quads)
    assert dict(store.documents()) == {"doc-1": "/feeds/one.json", "doc-2": None}
    assert store.stored_hash("doc-1") == first.input_hash and store.stored_hash("doc-3") is None
    assert store.stored_source("doc-1") == "/feeds/one.json" and store.stored_source("doc-2") is None
    assert store.documents_from("/feeds/one.json") == ["doc-1"] and store.count() == 2
    rows = store.select("SELECT ?p WHERE { ?p a ckg:City }")
    assert len(list(rows)) == 2
    store.forget("doc-1")
    assert dict(store.documents()) == {"doc-2": None}
    assert {q.graph_name for q in store.content_quads()} == {second.graph}


def test_store_replaces_a_document_written_in_parts_beside_others(tmp_path: Path) -> None:
    """A long document's new version, bulk-loaded part by part into a store that holds other documents,
    leaves exactly its new graph (none of the old), its new bookkeeping, no consolidation mark (so its
    consolidation is redone), and the other documents as they were."""
    from kg.store.oxigraph import (
        CONSOLIDATION_GRAPH,
        StoredDocument,
        consolidated_mark,
        open_store,
        stored_hash,
        write_documents,
    )

    def lines(graph: ox.NamedNode, version: str, count: int) -> list[bytes]:
        return [f'<https://example.org/{version}/n{n}> <http://www.w3.org/2000/01/rdf-schema#label> '
                f'"{version} {n}" {graph} .\n'.encode() for n in range(count)]

    db = open_store(tmp_path / "store", read_only=False)
    graph, other = ox.NamedNode("https://example.org/graph/long"), ox.NamedNode("https://example.org/graph/short")
    write_documents(db, [StoredDocument("short", other, "s1", nquads=b"".join(lines(other, "short", 3)))])
    old = lines(graph, "v1", 40)
    assert write_documents(db, [StoredDocument("long", graph, "h1", parts=iter([b"".join(old[:20]),
                                                                                b"".join(old[20:])]))]) == 40
    db.add(consolidated_mark(graph))  # as its consolidation leaves it
    new = lines(graph, "v2", 25)
    assert write_documents(db, [StoredDocument("long", graph, "h2", parts=iter([b"".join(new[:10]),
                                                                                b"".join(new[10:])]))]) == 25
    assert {f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n".encode()
            for q in db.quads_for_pattern(None, None, None, graph)} == set(new)
    assert stored_hash(db, graph) == "h2" and stored_hash(db, other) == "s1"
    assert len(list(db.quads_for_pattern(None, None, None, other))) == 3
    assert next(db.quads_for_pattern(graph, None, None, CONSOLIDATION_GRAPH), None) is None
