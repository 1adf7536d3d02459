"""The RDF mapping and the canned queries, on a document made by hand (no spaCy)."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Dataset, Literal

from kg import resources
from kg.build import serialize
from kg.model import Claim, Document, Entity, Event, Figure, Span
from kg.rdf import document_graph, document_nquads

TEXT = "x" * 400


def span(start: int, end: int) -> Span:
    return Span(start, end, TEXT[start:end])


def hand_made() -> Document:
    e = {}
    for key, label, kind, extra in [
        ("e1", "Syrian government", "Government", {}),
        ("e2", "rebels", "NonStateArmedGroup", {}),
        ("e3", "Russia", "State", {"wikidata": "Q159"}),
        ("e4", "United Nations", "InternationalOrganization", {"wikidata": "Q1065", "aliases": ["UN"]}),
        ("e5", "truce", "Ceasefire", {}),
        ("e6", "Jabal Badra", "District", {"within": "e7"}),
        ("e7", "Aleppo", "City", {"wikidata": "Q41183"}),
        ("e8", "civilians", "Population", {}),
        ("e9", "Syrian Observatory for Human Rights", "MonitoringOrganization", {}),
        ("e10", "Rami Abdel Rahman", "Person", {"affiliation": "e9"}),
        ("e11", "Syrian American Medical Society", "NonGovernmentalOrganization", {}),
        ("e12", "last remaining hospital", "Facility", {}),
    ]:
        e[key] = Entity(key=key, label=label, kind=kind, mentions=[span(int(key[1:]), int(key[1:]) + 5)], **extra)
    events = [
        Event("v1", "Proposal", span(10, 18), agent="e4", topic="e5", addressee="e1", label="truce"),
        Event("v2", "Rejection", span(20, 28), agent="e1", topic="v1"),
        Event("v3", "Capture", span(30, 36), agent="e1", place="e6", captured_from="e2", date=date(2016, 11, 27)),
        Event("v4", "CeasefireEvent", span(40, 46), agent="e1", topic="e5", action="ended", date=date(2016, 11, 15)),
        Event("v5", "Casualties", span(50, 56), figures=[
            Figure(225, "at-least", "e8", "killed"), Figure(27, "exact", None, "killed", part_of=0)]),
        Event("v6", "Attack", span(60, 66), subtype="Destruction", agent="e1", target="e12", source="e11"),
        Event("v7", "Denial", span(70, 76), agent="e1", claim="c1"),
        Event("v8", "Statement", span(80, 86), agent="e10"),
        Event("v9", "Capture", span(90, 96), status="planned", agent="e2", place="e7"),
        Event("v10", "Clash", span(100, 106), agent="e2", opponent="e1", place="e7"),
        Event("v11", "Siege", span(110, 116), place="e7", figures=[Figure(275000, "around", "e8")]),
        Event("v12", "Displacement", span(120, 126), place="e7", source="e9", date=date(2016, 11, 26),
              figures=[Figure(10000, "around")], interval=(date(2016, 11, 21), date(2016, 11, 27))),
    ]
    doc = Document(id="hand/made 1", text=TEXT, title="A hand-made article", published=date(2016, 11, 28),
                   entities=list(e.values()), events=events,
                   claims=[Claim("c1", "destroying the last remaining hospital", "e11", "v6", span(60, 70))],
                   alliances=[("e1", "e3")])
    return doc


EXPECTED = {
    "proposals": [{"proposer": "United Nations", "proposal": "truce", "addressee": "Syrian government"}],
    "rejections": [{"rejecter": "Syrian government", "proposal": "truce", "proposer": "United Nations"}],
    "acceptances": [],
    "ceasefires": [
        {"ceasefire": "truce", "action": "proposed", "actor": "United Nations"},
        {"ceasefire": "truce", "action": "rejected", "actor": "Syrian government"},
        {"ceasefire": "truce", "action": "ended", "actor": "Syrian government", "date": "2016-11-15"},
    ],
    "captures": [{"actor": "Syrian government", "place": "Jabal Badra", "from": "rebels", "date": "2016-11-27"}],
    "attacks": [{"actor": "Syrian government", "target": "last remaining hospital"}],
    "clashes": [{"actor": "rebels", "opponent": "Syrian government", "place": "Aleppo"}],
    "sieges": [{"place": "Aleppo", "count": "275000", "qualifier": "around", "victims": "civilians"}],
    "casualties": [
        {"count": "225", "qualifier": "at-least", "outcome": "killed", "victims": "civilians",
         "reported": "2016-11-28"},
        {"count": "27", "qualifier": "exact", "outcome": "killed", "reported": "2016-11-28"},
    ],
    "displacements": [{"count": "10000", "qualifier": "around", "place": "Aleppo", "date": "2016-11-26",
                       "source": "Syrian Observatory for Human Rights", "reported": "2016-11-28"}],
    "denials": [{"denier": "Syrian government", "claim": "destroying the last remaining hospital",
                 "claimant": "Syrian American Medical Society"}],
    "statements": [{"speaker": "Rami Abdel Rahman", "affiliation": "Syrian Observatory for Human Rights"}],
    "alliances": [{"actor": "Syrian government", "ally": "Russia"}],
    "control": [{"place": "Jabal Badra", "holder": "Syrian government", "since": "2016-11-27"},
                {"place": "Jabal Badra", "holder": "rebels", "until": "2016-11-27"}],
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    data = Dataset(default_union=True)
    for onto in resources.ontology_files():
        data.parse(data=onto.read_text(encoding="utf-8"), format="turtle")
    graph = document_graph(hand_made())
    data.graph(graph.identifier).__iadd__(graph)
    return data


def rows(dataset: Dataset, name: str) -> list[dict[str, str]]:
    """Rows as score.py reads them: rdflib's engine, unbound cells left out."""
    out = []
    for binding in dataset.query(resources.query_text(name)).bindings:
        out.append({str(k): str(v) for k, v in binding.items()})
    return out


def by_cells(row: dict[str, str]) -> list[tuple[str, str]]:
    """A sort key that ignores the order in which an engine lists a row's cells."""
    return sorted(row.items())


def without_type(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if k != "type"}


def contract(row: dict[str, str]) -> dict[str, str]:
    """A row without the evidence columns every canned query adds to its contract's."""
    return {k: v for k, v in row.items() if k not in ("evidence", "documents")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rdf_canned_query_rows(dataset: Dataset, name: str) -> None:
    got = sorted((contract(row) for row in rows(dataset, name)), key=by_cells)
    assert got == sorted(EXPECTED[name], key=by_cells)


@pytest.mark.parametrize("name", resources.query_names())
def test_rdf_canned_query_rows_point_to_their_sentence_and_count_documents(dataset: Dataset, name: str) -> None:
    for row in rows(dataset, name):
        assert row["evidence"] == "https://w3id.org/conflict-kg/id/hand%2Fmade%201/sentence/0-400", (name, row)
        assert row["documents"] == "1", (name, row)


def test_rdf_actors_and_places_carry_type_and_wikidata(dataset: Dataset) -> None:
    actors = {r["actor"]: r for r in rows(dataset, "actors")}
    assert actors["Russia"]["wikidata"] == "Q159"
    assert actors["Rami Abdel Rahman"]["type"] == "person"
    assert "civilians" not in actors and "truce" not in actors
    places = {r["place"]: r for r in rows(dataset, "places")}
    assert places["Jabal Badra"]["within"] == "Aleppo"
    assert places["Aleppo"]["wikidata"] == "Q41183"
    assert places["Aleppo"]["type"] == "city"
    assert set(places) == {"Jabal Badra", "Aleppo", "last remaining hospital"}


def test_rdf_oxigraph_gives_the_same_rows_as_rdflib(dataset: Dataset) -> None:
    import pyoxigraph as ox

    from kg.querying import to_table
    from kg.store.sparql import load_files, select

    store = load_files([])
    store.load(document_nquads(hand_made()).encode(), format=ox.RdfFormat.N_QUADS)
    for name in resources.query_names():
        table = to_table(select(store, resources.query_text(name)))
        ox_rows = sorted(({c: t.value for c, t in zip(table.columns, row) if t is not None}
                          for row in table.rows), key=by_cells)
        assert ox_rows == sorted(rows(dataset, name), key=by_cells), name


def test_rdf_iris_and_output_are_stable() -> None:
    first, second = document_nquads(hand_made()), document_nquads(hand_made())
    assert first == second
    assert "<https://w3id.org/conflict-kg/id/hand%2Fmade%201/e1>" in first
    assert "_:" not in first  # no blank nodes anywhere


def test_rdf_every_node_has_provenance(dataset: Dataset) -> None:
    from kg.namespace import CKG

    graph = document_graph(hand_made())
    for event in hand_made().events:
        node = next(s for s in graph.subjects(CKG.status, None) if str(s).endswith("/" + event.key))
        assert (node, CKG.mentionedIn, None) in graph
        assert (node, CKG.span, Literal(f"{event.trigger.start}-{event.trigger.end}")) in graph
        evidence = graph.value(node, CKG.evidence)
        assert graph.value(evidence, CKG.start) == Literal(0)  # the text is one sentence
        assert str(graph.value(evidence, CKG.quote)) == TEXT


def test_rdf_serialize_is_deterministic() -> None:
    from kg.build import new_dataset

    outputs = []
    for _ in range(2):
        data = new_dataset()
        graph = document_graph(hand_made())
        data.graph(graph.identifier).__iadd__(graph)
        outputs.append((serialize(data, "nt"), serialize(data, "ttl")))
    assert outputs[0] == outputs[1]


AWKWARD = ['say "no"', "back\\slash", "two\nlines\r\n", "tab\tand\bbell\x07\x00\x1f",
           "Kyiv \u2013 \u041a\u0438\u0457\u0432 \u200f\u062d\u0644\u0628 \U0001f600", "\u2028\u0085"]


def test_rdf_text_literals_round_trip_whatever_their_characters() -> None:
    import pyoxigraph as ox

    from kg.rdf import document_data, document_quads

    entities = [Entity(key=f"a{i}", label=text, kind="City", mentions=[Span(0, 3, text)], aliases=[text + "!"])
                for i, text in enumerate(AWKWARD)]
    doc = Document(id="odd \"id\" \\ 1", text=TEXT, title=AWKWARD[1], url="https://example.org/a?b=1&c=\"2\"",
                   entities=entities)
    data = document_data(doc)
    assert data.count(b"\n") == len(document_quads(doc))  # one quad per line: line ends inside literals are escaped
    labels = {q.object.value for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)
              if isinstance(q.object, ox.Literal)}
    assert set(AWKWARD) | {t + "!" for t in AWKWARD} | {doc.id, doc.url} <= labels


def test_rdf_a_bad_iri_is_refused_while_mapping() -> None:
    from kg.rdf import document_data

    doc = Document(id="d", text=TEXT, entities=[Entity(key="a b>", label="x", kind="City", mentions=[span(0, 1)])])
    with pytest.raises(ValueError):
        document_data(doc)
