"""The flat event table: one row per asserted event, ACLED-like columns, and `kg export --events`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.rdf import document_quads
from kg.report.events_csv import EVENT_COLUMNS, events_csv_text
from kg.report.graph import read_graph
from tests.report.conftest import COORDINATES, baidoa_document, kg


def rows(store: ox.Store, coordinates=COORDINATES.get) -> dict[str, dict[str, str]]:
    text = events_csv_text(read_graph(store, coordinates))
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == EVENT_COLUMNS
    return {row["event_type"]: row for row in reader}


def test_events_csv_has_one_row_per_asserted_event(baidoa_store: ox.Store) -> None:
    table = rows(baidoa_store)
    assert sorted(table) == ["Attack", "Casualties", "Clash"]  # the negated clash is left out
    clash = table["Clash"]
    assert (clash["event_date"], clash["actor1"], clash["actor2"]) == ("2023-03-06", "Shabaab fighters", "government")
    assert clash["event_id"] == "baidoa-test/clash"
    assert clash["documents"] == "baidoa-test"
    assert "clashed" in clash["notes"]
    assert clash["evidence"].startswith("https://w3id.org/conflict-kg/id/baidoa-test/")


def test_events_csv_places_country_and_coordinates(baidoa_store: ox.Store) -> None:
    table = rows(baidoa_store)
    clash, attack = table["Clash"], table["Attack"]
    assert (clash["location"], clash["country"], clash["geo_precision"]) == ("Baidoa", "Somalia", "1")
    assert (float(clash["latitude"]), float(clash["longitude"])) == COORDINATES["Q506578"]
    # the base has no coordinates of its own: those of Baidoa, the nearest enclosing place that has some
    assert (attack["location"], attack["country"], attack["geo_precision"]) == ("base", "Somalia", "2")
    assert (attack["actor2"], attack["sub_event_type"]) == ("base", "Shelling")
    assert rows(baidoa_store, None)["Clash"]["latitude"] == ""


def test_events_csv_figures_fatalities_and_sources(baidoa_store: ox.Store) -> None:
    killed = rows(baidoa_store)["Casualties"]
    assert (killed["figures"], killed["fatalities"], killed["sources"]) == ("12 atLeast killed", "12", "officials")


def test_events_csv_cli_writes_the_table(baidoa_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = kg("export", str(baidoa_file), "--events", str(out))
    assert result.returncode == 0, result.stderr
    assert "exported 3 events" in result.stderr
    assert len(list(csv.DictReader(out.open()))) == 3


@pytest.mark.parametrize(("args", "code"), [
    ([], "E060"),
    (["-o", "out.ttl"], "E061"),
    (["--events", "/no/such/folder/events.csv"], "E011"),
])
def test_events_csv_cli_errors_are_one_line(args: list[str], code: str, baidoa_file: Path) -> None:
    result = kg("export", str(baidoa_file), *args)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"error {code}:"), result.stderr


def test_events_csv_cli_from_a_store_with_the_rdf_export(baidoa_store_folder: Path, tmp_path: Path) -> None:
    folder = baidoa_store_folder
    events, graphs = tmp_path / "events.csv", tmp_path / "all.nq"
    result = kg("export", "--store", str(folder), "--events", str(events), "-o", str(graphs))
    assert result.returncode == 0, result.stderr
    assert len(list(csv.DictReader(events.open()))) == 3
    assert graphs.stat().st_size > 0


def test_events_csv_country_falls_back_to_the_lookup_only_where_the_graph_names_none() -> None:
    def countries(document) -> dict[str, str]:
        store = ox.Store()
        store.extend(document_quads(document))
        text = events_csv_text(read_graph(store, COORDINATES.get), {"Q506578": "Somalia (gazetteer)"}.get)
        return {row["event_type"]: row["country"] for row in csv.DictReader(io.StringIO(text))}

    assert countries(baidoa_document())["Clash"] == "Somalia"  # the graph's own country wins
    unplaced = baidoa_document()
    for entity in unplaced.entities:
        if entity.key == "baidoa":
            entity.within = None
    assert countries(unplaced)["Clash"] == "Somalia (gazetteer)"
