"""The report's reading layer: documents, evidence, places, actors, events and links out of a graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KgError
from kg.report.graph import open_source, read_graph
from tests.report.conftest import COORDINATES, TEXT


def test_graph_reads_asserted_events_with_roles_and_figures(marib_store: ox.Store) -> None:
    view = read_graph(marib_store)
    by_kind = {e.kind: e for e in view.events.values()}
    assert sorted(e.kind for e in view.events.values()) == ["Attack", "Casualties", "Clash"]  # the negated clash is out
    clash = by_kind["Clash"]
    assert clash.date == "2023-03-06"
    assert [view.actors[i].label for i in clash.roles["agent"]] == ["Houthi fighters"]
    assert [view.actors[i].label for i in clash.roles["opponent"]] == ["government"]
    assert by_kind["Attack"].subtype == "Shelling"
    assert by_kind["Casualties"].figures == ["12 atLeast killed"]


def test_graph_evidence_points_into_the_text(marib_store: ox.Store) -> None:
    view = read_graph(marib_store)
    assert view.evidence
    for evidence in view.evidence.values():
        assert TEXT[evidence.start:evidence.end] == evidence.quote
    clash = next(e for e in view.events.values() if e.kind == "Clash")
    assert any("clashed" in view.evidence[e].quote for e in clash.evidence)
    [document] = view.documents.values()
    assert (document.ident, document.title, document.published) == ("marib-test", "Fighting near Marib", "2023-03-07")


def test_graph_places_take_kind_link_and_coordinates_from_the_lookup(marib_store: ox.Store) -> None:
    places = {p.label: p for p in read_graph(marib_store, COORDINATES.get).places.values()}
    assert (places["Marib"].kind, places["Marib"].wikidata) == ("City", "Q2000")
    assert (places["Marib"].lat, places["Marib"].lon) == COORDINATES["Q2000"]
    assert places["Marib"].within == places["Yemen"].iri
    assert places["base"].lat is None  # no Wikidata id: no coordinates
    assert all(p.lat is None for p in read_graph(marib_store).places.values())  # no lookup, none in the graph


def test_graph_links_are_clashes_attacks_and_alliances_with_evidence(marib_store: ox.Store) -> None:
    view = read_graph(marib_store)
    links = {(link.kind, view.actors[link.source].label, view.actors[link.target].label): link for link in view.links}
    assert set(links) == {("clash", "Houthi fighters", "government"), ("ally", "government", "Saudi Arabia")}
    # the attack hit a facility, not an actor: no network edge
    ally = links[("ally", "government", "Saudi Arabia")]
    second_sentence = TEXT.index("The government")
    assert second_sentence <= view.evidence[ally.evidence].start < TEXT.index("At least")  # not the first mention


def test_graph_source_needs_exactly_one_of_files_or_store(tmp_path: Path) -> None:
    with pytest.raises(KgError) as error:
        open_source([], None)
    assert error.value.code == "E018"
    with pytest.raises(KgError) as error:
        open_source([tmp_path / "g.ttl"], tmp_path / "store")
    assert error.value.code == "E018"
