"""The report's reading layer: documents, evidence, places, actors, events and links out of a graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KgError
from kg.report.graph import open_source, read_graph
from tests.report.conftest import COORDINATES, TEXT


def test_graph_reads_asserted_events_with_roles_and_figures(baidoa_store: ox.Store) -> None:
    view = read_graph(baidoa_store)
    by_kind = {e.kind: e for e in view.events.values()}
    assert sorted(e.kind for e in view.events.values()) == ["Attack", "Casualties", "Clash"]  # the negated clash is out
    clash = by_kind["Clash"]
    assert clash.date == "2023-03-06"
    assert [view.actors[i].label for i in clash.roles["agent"]] == ["Shabaab fighters"]
    assert [view.actors[i].label for i in clash.roles["opponent"]] == ["government"]
    assert by_kind["Attack"].subtype == "Shelling"
    assert by_kind["Casualties"].figures == ["12 atLeast killed"]


def test_graph_evidence_points_into_the_text(baidoa_store: ox.Store) -> None:
    view = read_graph(baidoa_store)
    assert view.evidence
    for evidence in view.evidence.values():
        assert TEXT[evidence.start:evidence.end] == evidence.quote
    clash = next(e for e in view.events.values() if e.kind == "Clash")
    assert any("clashed" in view.evidence[e].quote for e in clash.evidence)
    [document] = view.documents.values()
    assert (document.ident, document.title, document.published) == ("baidoa-test", "Fighting near Baidoa", "2023-03-07")


def test_graph_places_take_kind_link_and_coordinates_from_the_lookup(baidoa_store: ox.Store) -> None:
    places = {p.label: p for p in read_graph(baidoa_store, COORDINATES.get).places.values()}
    assert (places["Baidoa"].kind, places["Baidoa"].wikidata) == ("City", "Q506578")
    assert (places["Baidoa"].lat, places["Baidoa"].lon) == COORDINATES["Q506578"]
    assert places["Baidoa"].within == places["Somalia"].iri
    assert places["base"].lat is None  # no Wikidata id: no coordinates
    assert all(p.lat is None for p in read_graph(baidoa_store).places.values())  # no lookup, none in the graph


def test_graph_links_are_clashes_attacks_and_alliances_with_evidence(baidoa_store: ox.Store) -> None:
    view = read_graph(baidoa_store)
    links = {(link.kind, view.actors[link.source].label, view.actors[link.target].label): link for link in view.links}
    assert set(links) == {("clash", "Shabaab fighters", "government"), ("ally", "government", "Djibouti")}
    # the attack hit a facility, not an actor: no network edge
    ally = links[("ally", "government", "Djibouti")]
    second_sentence = TEXT.index("The government")
    assert second_sentence <= view.evidence[ally.evidence].start < TEXT.index("At least")  # not the first mention


def test_graph_source_needs_exactly_one_of_files_or_store(tmp_path: Path) -> None:
    with pytest.raises(KgError) as error:
        open_source([], None)
    assert error.value.code == "E018"
    with pytest.raises(KgError) as error:
        open_source([tmp_path / "g.ttl"], tmp_path / "store")
    assert error.value.code == "E018"


SENTENCE_SHAPE = """
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix id: <https://w3id.org/conflict-kg/id/> .
id:d a ckg:Document ; rdfs:label "d" .
id:d\\/sentence\\/0-38 a ckg:Evidence ; ckg:document id:d ; ckg:start 0 ; ckg:end 38 ;
    ckg:quote "Chad is allied with Niger, said Ahmed." .
id:d\\/sentence\\/39-61 a ckg:Evidence ; ckg:document id:d ; ckg:start 39 ; ckg:end 61 ;
    ckg:quote "Chad troops left Mongo." .
id:d\\/chad a ckg:State, ckg:Actor ; rdfs:label "Chad" ; ckg:span "0-4", "39-43" ;
    ckg:evidence id:d\\/sentence\\/0-38, id:d\\/sentence\\/39-61 ; ckg:allyOf id:d\\/niger .
id:d\\/niger a ckg:State, ckg:Actor ; rdfs:label "Niger" ; ckg:span "20-25" ;
    ckg:evidence id:d\\/sentence\\/0-38 ; ckg:allyOf id:d\\/chad .
id:d\\/chad\\/allyOf\\/niger rdf:subject id:d\\/chad ; rdf:predicate ckg:allyOf ; rdf:object id:d\\/niger ;
    ckg:evidence id:d\\/sentence\\/39-61 .
id:d\\/mongo a ckg:City, ckg:Place ; rdfs:label "Mongo" ; geo:lat 12.18 ; geo:long 18.69 ; ckg:span "56-61" ;
    ckg:evidence id:d\\/sentence\\/39-61 .
"""


def test_graph_reads_sentence_evidence_mention_spans_stated_links_and_coordinates() -> None:
    store = ox.Store()
    store.load(SENTENCE_SHAPE.encode(), format=ox.RdfFormat.TURTLE)
    view = read_graph(store, lambda qid: (0.0, 0.0))
    [ally] = view.links
    # the statement's own evidence wins over the nearest mentions of its ends (here, on purpose, another sentence)
    assert view.evidence[ally.evidence].quote == "Chad troops left Mongo."
    mongo = next(p for p in view.places.values() if p.label == "Mongo")
    assert (mongo.lat, mongo.lon) == (12.18, 18.69)  # the graph's own coordinates win over the lookup
    chad = next(a for a in view.actors.values() if a.label == "Chad")
    assert view.mentions[chad.iri] == [(0, 4), (39, 43)]
