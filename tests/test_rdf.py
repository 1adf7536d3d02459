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
        ("e1", "Bosnian government", "Government", {}),
        ("e2", "rebels", "NonStateArmedGroup", {}),
        ("e3", "Croatia", "State", {"wikidata": "Q224"}),
        ("e4", "European Union", "InternationalOrganization", {"wikidata": "Q458", "aliases": ["EU"]}),
        ("e5", "truce", "Ceasefire", {}),
        ("e6", "Dobrinja", "District", {"within": "e7"}),
        ("e7", "Sarajevo", "City", {"wikidata": "Q11194"}),
        ("e8", "civilians", "Population", {}),
        ("e9", "Balkan Observatory for Human Rights", "MonitoringOrganization", {}),
        ("e10", "Emir Hadzic", "Person", {"affiliation": "e9"}),
        ("e11", "Bosnian Medical Relief Society", "NonGovernmentalOrganization", {}),
        ("e12", "main maternity clinic", "Facility", {}),
    ]:
        e[key] = Entity(key=key, label=label, kind=kind, mentions=[span(int(key[1:]), int(key[1:]) + 5)], **extra)
    events = [
        Event("v1", "Proposal", span(10, 18), agent="e4", topic="e5", addressee="e1", label="truce"),
        Event("v2", "Rejection", span(20, 28), agent="e1", topic="v1"),
        Event("v3", "Capture", span(30, 36), agent="e1", place="e6", captured_from="e2", date=date(1995, 6, 19)),
        Event("v4", "CeasefireEvent", span(40, 46), agent="e1", topic="e5", action="ended", date=date(1995, 6, 7)),
        Event("v5", "Casualties", span(50, 56), figures=[
            Figure(225, "at-least", "e8", "killed"), Figure(27, "exact", None, "killed", part_of=0)]),
        Event("v6", "Attack", span(60, 66), subtype="Destruction", agent="e1", target="e12", source="e11"),
        Event("v7", "Denial", span(70, 76), agent="e1", claim="c1"),
        Event("v8", "Statement", span(80, 86), agent="e10"),
        Event("v9", "Capture", span(90, 96), status="planned", agent="e2", place="e7"),
        Event("v10", "Clash", span(100, 106), agent="e2", opponent="e1", place="e7"),
        Event("v11", "Siege", span(110, 116), place="e7", figures=[Figure(275000, "around", "e8")]),
        Event("v12", "Displacement", span(120, 126), place="e7", source="e9", date=date(1995, 6, 18),
              figures=[Figure(10000, "around")], interval=(date(1995, 6, 13), date(1995, 6, 19))),
    ]
    doc = Document(id="hand/made 1", text=TEXT, title="A hand-made article", published=date(1995, 6, 20),
                   entities=list(e.values()), events=events,
                   claims=[Claim("c1", "destroying the main maternity clinic", "e11", "v6", span(60, 70))],
                   alliances=[("e1", "e3")])
    return doc


EXPECTED = {
    "proposals": [{"proposer": "European Union", "proposal": "truce", "addressee": "Bosnian government"}],
    "rejections": [{"rejecter": "Bosnian government", "proposal": "truce", "proposer": "European Union"}],
    "acceptances": [],
    "ceasefires": [
        {"ceasefire": "truce", "action": "proposed", "actor": "European Union"},
        {"ceasefire": "truce", "action": "rejected", "actor": "Bosnian government"},
        {"ceasefire": "truce", "action": "ended", "actor": "Bosnian government", "date": "1995-06-07"},
    ],
    "captures": [{"actor": "Bosnian government", "place": "Dobrinja", "from": "rebels", "date": "1995-06-19"}],
    "attacks": [{"actor": "Bosnian government", "target": "main maternity clinic"}],
    "clashes": [{"actor": "rebels", "opponent": "Bosnian government", "place": "Sarajevo"}],
    "sieges": [{"place": "Sarajevo", "count": "275000", "qualifier": "around", "victims": "civilians"}],
    "casualties": [
        {"count": "225", "qualifier": "at-least", "outcome": "killed", "victims": "civilians",
         "reported": "1995-06-20"},
        {"count": "27", "qualifier": "exact", "outcome": "killed", "reported": "1995-06-20"},
    ],
    "displacements": [{"count": "10000", "qualifier": "around", "place": "Sarajevo", "date": "1995-06-18",
                       "source": "Balkan Observatory for Human Rights", "reported": "1995-06-20"}],
    "denials": [{"denier": "Bosnian government", "claim": "destroying the main maternity clinic",
                 "claimant": "Bosnian Medical Relief Society"}],
    "statements": [{"speaker": "Emir Hadzic", "affiliation": "Balkan Observatory for Human Rights"}],
    "alliances": [{"actor": "Bosnian government", "ally": "Croatia"}],
    "control": [{"place": "Dobrinja", "holder": "Bosnian government", "since": "1995-06-19"},
                {"place": "Dobrinja", "holder": "rebels", "until": "1995-06-19"}],
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
    assert actors["Croatia"]["wikidata"] == "Q224"
    assert actors["Emir Hadzic"]["type"] == "person"
    assert "civilians" not in actors and "truce" not in actors
    places = {r["place"]: r for r in rows(dataset, "places")}
    assert places["Dobrinja"]["within"] == "Sarajevo"
    assert places["Sarajevo"]["wikidata"] == "Q11194"
    assert places["Sarajevo"]["type"] == "city"
    assert set(places) == {"Dobrinja", "Sarajevo", "main maternity clinic"}


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
           "Mostar \u2013 \u041c\u043e\u0441\u0442\u0430\u0440 \u200f\u062a\u0645\u0628\u0643\u062a\u0648 \U0001f600",
           "\u2028\u0085"]


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
