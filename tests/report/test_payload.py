"""The data a report page draws: document runs, merged actors and places, tables with evidence."""

from __future__ import annotations

import pyoxigraph as ox

from kg import resources
from kg.querying import to_table
from kg.report.graph import read_graph
from kg.report.payload import GAP, build_payload, document_runs
from kg.store.sparql import select
from tests.report.conftest import COORDINATES, TEXT


def test_payload_document_runs_mark_covering_evidence_and_gaps() -> None:
    text = "Rebels shelled the town. Nothing here. Troops withdrew. Then it rained."
    quotes = [(0, 24, text[0:24], 0), (7, 14, "shelled", 1), (39, 55, text[39:55], 2), (56, 71, text[56:71], 3)]
    runs = document_runs(quotes, [(0, 6), (39, 45)])
    assert runs == [["Rebels", [0], 1], [" ", [0], 0], ["shelled", [0, 1], 0], [" the town.", [0], 0], [GAP, [], 0],
                    ["Troops", [2], 1], [" withdrew.", [2], 0], [" ", [], 0], ["Then it rained.", [3], 0]]
    assert document_runs([]) == []


def test_payload_places_and_actors_are_merged_and_counted(baidoa_store: ox.Store) -> None:
    payload = build_payload(baidoa_store, read_graph(baidoa_store, COORDINATES.get))
    places = [(p["label"], p["qid"], p["events"]) for p in payload["places"]]
    assert places == [("Baidoa", "Q506578", 2), ("Somalia", "Q1045", 0)]
    assert sorted(a["label"] for a in payload["actors"]) == ["Djibouti", "Shabaab fighters", "government"]
    assert sorted(e["kind"] for e in payload["edges"]) == ["ally", "clash"]


def test_payload_text_is_rebuilt_from_the_evidence_at_its_offsets(baidoa_store: ox.Store) -> None:
    payload = build_payload(baidoa_store, read_graph(baidoa_store))
    [document] = payload["documents"]
    for index, (doc, start, end) in enumerate(payload["evidence"]):
        assert doc == 0
        covered = "".join(run[0] for run in document["runs"] if index in run[1])
        assert covered == TEXT[start:end]
    names = {run[0] for run in document["runs"] if run[2]}
    assert {"Shabaab fighters", "Baidoa", "Djibouti"} <= names


def test_payload_has_every_canned_query_with_its_rows_and_row_evidence(baidoa_store: ox.Store) -> None:
    payload = build_payload(baidoa_store, read_graph(baidoa_store))
    tables = {t["name"]: t for t in payload["tables"]}
    assert list(tables) == resources.query_names()
    for name, table in tables.items():
        expected = to_table(select(baidoa_store, resources.query_text(name)))
        assert len(table["rows"]) == len(expected.rows), name
        assert len(table["ev"]) == len(table["rows"])
    [clash_row] = tables["clashes"]["rows"]
    ev = tables["clashes"]["ev"][0]
    _, start, end = payload["evidence"][ev]
    assert "clashed" in TEXT[start:end]  # the clash's own evidence, not a mention of one of its sides
    assert clash_row[:2] == ["Shabaab fighters", "government"]
