"""A file build's consolidation keeps no node pairs in memory: it reads them again from the spilled
documents, and writes the same consolidated graph as consolidating the documents' quads (no spaCy)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox

from kg.consolidate import CONSOLIDATED, consolidate
from kg.consolidate.spilled import SpilledRecords, consolidate_spilled
from kg.model import Document, Figure
from kg.rdf import document_data, graph_iri
from kg.store.oxigraph import StoredDocument
from kg.store.spill import SpillStore

from .test_consolidate import flash, quads, recap, report, strike, toll


def spilled(folder: Path, documents: list[Document]) -> tuple[SpillStore, SpilledRecords]:
    """A file build's store and records, the documents written (in the order given) as a build writes them."""
    store = SpillStore(folder)
    records = SpilledRecords(folder / "records.pickle")
    store.on_document = records.add
    store.write([StoredDocument(d.id, ox.NamedNode(str(graph_iri(d.id))), "-", nquads=document_data(d))
                 for d in documents])
    store.on_document = None
    return store, records


def consolidated_lines(store: SpillStore) -> list[bytes]:
    return [line for line in b"".join(store.lines()).splitlines(keepends=True)
            if f"<{CONSOLIDATED}> .".encode() in line]


def story() -> list[Document]:
    """A capture told three times, a shelling told by two sources, a toll repeated in a recap."""
    return [recap(), flash(), report(),
            strike("shelled-1", date(2020, 8, 10), ["clinic"], "Ines Varela"),
            strike("shelled-2", date(2020, 8, 11), ["clinic", "market"], "Tomas Ruiz"),
            toll("toll-1", date(2021, 3, 26), [Figure(12, "at-least", "e3", "killed")]),
            toll("toll-2", date(2021, 3, 28), [Figure(12, "at-least", "e3", "killed"),
                                                Figure(20, "exact", "e3", "killed")])]


def test_spilled_consolidation_writes_what_consolidating_the_quads_gives(tmp_path: Path) -> None:
    documents = story()
    store, records = spilled(tmp_path / "store", documents)
    assert (tmp_path / "store" / "records.pickle").stat().st_size > 0  # the records wait on disk
    corpus = records.corpus()
    assert len(corpus.documents) == len(documents) and corpus.nodes
    assert all(not node.triples for node in corpus.nodes.values())  # no pairs held between documents
    result = consolidate_spilled(store, corpus)
    expected = consolidate(quads(*documents))
    got = consolidated_lines(store)
    assert got == sorted(set(got))  # sorted on disk, repeats dropped
    assert got == sorted(set(expected.nquads.splitlines(keepends=True)))
    assert result.canonical_nodes == expected.canonical_nodes >= 6 and result.nquads == b""
    text = b"".join(got).decode()
    # what only the nodes' pairs give: a canonical event's date and place, its members' evidence
    assert "/event/" in text and "ontology#date>" in text and "ontology#evidence>" in text
    assert not [p for p in (tmp_path / "store").iterdir() if p.name.startswith("consolidate-")]


def test_spilled_consolidation_is_the_same_whatever_order_the_documents_were_written(tmp_path: Path) -> None:
    documents = story()
    first, records = spilled(tmp_path / "one", documents)
    consolidate_spilled(first, records.corpus())
    second, records = spilled(tmp_path / "two", documents[::-1])
    consolidate_spilled(second, records.corpus())
    assert consolidated_lines(first) == consolidated_lines(second) != []


def test_spilled_consolidation_of_reports_that_share_nothing_is_empty(tmp_path: Path) -> None:
    store, records = spilled(tmp_path / "store", [flash(), strike("shelled", date(2020, 8, 10), ["clinic"])])
    result = consolidate_spilled(store, records.corpus())
    assert consolidated_lines(store) == [] and result.canonical_nodes == 0


def test_spilled_tallies_count_as_memory_does_and_hold_nothing_between_values(tmp_path: Path) -> None:
    from collections import Counter

    from kg.consolidate.records import Iri
    from kg.consolidate.tallies import FIGURES, MemoryTallies, SpilledTallies

    said = [("n1", "p:date", date(2022, 5, 1)), ("n1", "p:date", date(2022, 5, 1)), ("n1", "p:date", date(2022, 5, 2)),
            ("n1", "p:label", 'Port "Vela"\tnorth'), ("n2", "p:agent", Iri("x:a")), ("n2", "p:agent", Iri("x:a")),
            ("n2", "p:count", 7), ("n2", "p:count", 7)]
    figures = [("n2", Iri("x:f1")), ("n2", Iri("x:f2")), ("n2", Iri("x:f1"))]
    memory, spilled_ = MemoryTallies(), SpilledTallies(tmp_path)
    for tallies in (memory, spilled_):
        for iri, p, value in said:
            tallies.count(iri, p, value)
        for iri, value in figures:
            tallies.figure(iri, value)
    spilled_.out.flush()  # every value said is a line on disk, none a count in memory
    assert len(tmp_path.joinpath("tallies.txt").read_text(encoding="utf-8").splitlines()) == len(said) + len(figures)
    got = {(iri, p): counts for iri, p, counts in spilled_.tallies()}
    assert got == {(iri, p): counts for iri, p, counts in memory.tallies()}
    assert got[("n1", "p:date")] == Counter({date(2022, 5, 1): 2, date(2022, 5, 2): 1})
    assert type(next(iter(got[("n2", "p:agent")]))) is Iri and got[("n2", "p:count")] == Counter({7: 2})
    assert got[("n2", FIGURES)] == Counter({Iri("x:f1"): 2, Iri("x:f2"): 1})
    assert not tmp_path.joinpath("tallies.txt").exists()  # read back once, then removed


def test_groups_with_a_log_keep_no_merge_in_memory_and_give_them_back_in_order(tmp_path: Path) -> None:
    from kg.consolidate.groups import Groups

    kept, logged = Groups(), Groups(log=tmp_path / "merges.jsonl")
    for groups in (kept, logged):
        assert groups.join("x:rebels-1", "x:rebels-2", "label", "'Red Hand' and 'Red Hand'\tshare a name\n")
        assert groups.join("x:rebels-3", "x:rebels-1", "acronym", "'RH' spells 'Red Hand'")
        assert not groups.join("x:rebels-2", "x:rebels-3", "label", "already one")  # no merge made
    assert not logged.merges and (tmp_path / "merges.jsonl").exists()
    assert list(logged.all_merges()) == list(kept.all_merges()) == kept.merges and len(kept.merges) == 2
    assert [list(g) for g in logged.groups()] == [list(g) for g in kept.groups()]
    logged.close()


def test_records_read_back_from_disk_share_their_strings_as_read_does(tmp_path: Path) -> None:
    """Records wait on disk while spaCy runs; read back, the documents' nodes share one string per name and
    one object per set of classes again, and a node without roles holds the shared empty roles."""
    from kg.consolidate.records import NO_ROLES

    _, records = spilled(tmp_path / "store", story())
    corpus = records.corpus()
    nodes = list(corpus.nodes.values())
    by_label: dict[str, list[int]] = {}
    for node in nodes:
        if node.label:
            by_label.setdefault(node.label, []).append(id(node.label))
    assert any(len(ids) > 1 for ids in by_label.values())  # a name several reports give
    assert all(len(set(ids)) == 1 for ids in by_label.values())
    by_classes: dict[frozenset[str], set[int]] = {}
    for node in nodes:
        by_classes.setdefault(frozenset(node.classes), set()).add(id(node.classes))
    assert all(len(ids) == 1 for ids in by_classes.values())
    assert any(node.roles is NO_ROLES for node in nodes) and all(node.roles is NO_ROLES or node.roles
                                                                 for node in nodes)
