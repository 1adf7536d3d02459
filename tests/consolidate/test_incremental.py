"""Incremental consolidation of a store: after each add, replace and withdraw, the consolidated graph
recomputed for what the change touches equals the graph that a whole recompute gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pyoxigraph as ox

from kg.consolidate import CONSOLIDATED, consolidate
from kg.consolidate.stored import KEY, KEYS, consolidate_store, consolidate_touched
from kg.model import Document, Figure
from kg.rdf import document_data, graph_iri
from kg.store.oxigraph import StoredDocument, document_graphs, forget_document, write_documents
from tests.consolidate.test_consolidate import entity, flash, recap, report, toll


def graph(doc_id: str) -> ox.NamedNode:
    return ox.NamedNode(str(graph_iri(doc_id)))


def add(db: ox.Store, *documents: Document) -> None:
    """Write (or replace) documents, then consolidate what they touch."""
    write_documents(db, [StoredDocument(d.id, graph(d.id), f"{d.id}-{len(d.entities)}-{len(d.events)}",
                                        nquads=document_data(d)) for d in documents])
    consolidate_touched(db, [d.id for d in documents])


def withdraw(db: ox.Store, *doc_ids: str) -> None:
    for doc_id in doc_ids:
        forget_document(db, graph(doc_id))
    consolidate_touched(db, list(doc_ids))


def consolidated(db: ox.Store) -> set[str]:
    return {str(q) for q in db.quads_for_pattern(None, None, None, ox.NamedNode(CONSOLIDATED))}


def whole(db: ox.Store) -> set[str]:
    """The consolidated graph that a whole recompute of the store's documents gives."""
    documents = [q for g in document_graphs(db) for q in db.quads_for_pattern(None, None, None, g)]
    data = consolidate([(q.subject, q.predicate, q.object, q.graph_name) for q in documents]).nquads
    return {str(q) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}


def keys_of(db: ox.Store) -> set[str]:
    return {str(q) for q in db.quads_for_pattern(None, KEY, None, KEYS)}


def unrelated() -> Document:
    """A report on another war: it shares no name, country, day or figure with the Kidal story."""
    return toll("elsewhere", date(2021, 3, 26), [Figure(12, "at-least", "e3", "killed")])


def test_incremental_equals_whole_after_add_replace_and_withdraw() -> None:
    db = ox.Store()
    add(db, flash())  # the first write records every document's keys (a whole recompute)
    assert consolidated(db) == whole(db) == set()
    add(db, report())
    assert consolidated(db) == whole(db) and consolidated(db)
    add(db, unrelated(), toll("again", date(2021, 3, 28), [Figure(12, "at-least", "e3", "killed")]))
    assert consolidated(db) == whole(db)
    add(db, recap())
    assert consolidated(db) == whole(db)
    # a replaced report that now names the rebels' capture too, and calls the army otherwise
    changed = replace(report(), entities=[entity("e1", "Malian soldiers", "StateArmedForce"),
                                          *report().entities[1:]])
    add(db, changed)
    assert consolidated(db) == whole(db)
    withdraw(db, "flash")
    assert consolidated(db) == whole(db)
    withdraw(db, "again")
    assert consolidated(db) == whole(db)
    withdraw(db, "report", "recap", "elsewhere")
    assert consolidated(db) == whole(db) == set()


def test_incremental_enclosing_places_from_other_reports_follow_their_story() -> None:
    from tests.consolidate.test_within import national, regional

    db = ox.Store()
    add(db, regional())
    add(db, national())  # the region gains the country that this report names
    assert consolidated(db) == whole(db) and any("#within>" in line for line in consolidated(db))
    withdraw(db, "national")
    assert consolidated(db) == whole(db) == set()


def test_incremental_keys_equal_a_whole_recompute_and_untouched_stories_are_not_read() -> None:
    db = ox.Store()
    add(db, flash(), report())
    add(db, unrelated())
    result = add_and_return(db, toll("again", date(2021, 3, 28), [Figure(12, "at-least", "e3", "killed")]))
    assert result.scope == (2, 4)  # the new toll and the toll it repeats; not the Kidal reports
    incremental = keys_of(db)
    consolidate_store(db)
    assert keys_of(db) == incremental


def add_and_return(db: ox.Store, document: Document):  # type: ignore[no-untyped-def]
    write_documents(db, [StoredDocument(document.id, graph(document.id), document.id,
                                        nquads=document_data(document))])
    return consolidate_touched(db, [document.id])
