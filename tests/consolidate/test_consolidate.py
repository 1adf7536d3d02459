"""Consolidation on invented story fragments made by hand (no spaCy): each merge rule, each way
of keeping apart, `reported`, retraction and `control`, with rdflib and Oxigraph alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg import resources
from kg.consolidate import consolidate
from kg.consolidate.pairs import read_pairs
from kg.errors import KgError
from kg.model import Document, Entity, Event, Figure, Span
from kg.querying import Table, to_table
from kg.rdf import document_data
from kg.store.sparql import load_files, select

TEXT = "x" * 200


def span(at: int) -> Span:
    return Span(at, at + 4, TEXT[at:at + 4])


def entity(key: str, label: str, kind: str, **extra: object) -> Entity:
    return Entity(key=key, label=label, kind=kind, mentions=[span(len(key))], **extra)  # type: ignore[arg-type]


def document(doc_id: str, published: date, entities: list[Entity], events: list[Event],
             title: str | None = None) -> Document:
    return Document(id=doc_id, text=TEXT, title=title, published=published, entities=entities, events=events)


def quads(*documents: Document) -> list[ox.Quad]:
    return [q for d in documents for q in ox.parse(document_data(d), format=ox.RdfFormat.N_QUADS)]


def store_of(*documents: Document, **pairs: list[tuple[str, str]]) -> ox.Store:
    """An Oxigraph store holding the ontology, the documents and their consolidated graph."""
    store = load_files([])
    for d in documents:
        store.load(document_data(d), format=ox.RdfFormat.N_QUADS)
    store.load(consolidate(quads(*documents), **pairs).nquads, format=ox.RdfFormat.N_QUADS)
    return store


def dataset_of(store: ox.Store) -> Dataset:
    """The same quads in an rdflib dataset (the union of its graphs as default), as score.py reads them."""
    data = Dataset(default_union=True)
    data.parse(data=ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    return data


def rows(store: ox.Store, name: str) -> list[dict[str, str]]:
    """A canned query's rows over Oxigraph, checked against rdflib's rows over the same quads."""
    table = to_table(select(store, resources.query_text(name)))
    got = [{c: t.value for c, t in zip(table.columns, row) if t is not None} for row in table.rows]
    other = [{str(k): str(v) for k, v in b.items()} for b in dataset_of(store).query(
        resources.query_text(name)).bindings]
    assert sorted(map(sorted, map(dict.items, got))) == sorted(map(sorted, map(dict.items, other))), name
    return got


# A story told three times: the army retakes Kidal from the rebel coalition on a Tuesday.
def flash() -> Document:
    return document("flash", date(2023, 11, 14), [
        entity("e1", "Malian army", "StateArmedForce"),
        entity("e2", "Permanent Strategic Framework", "NonStateArmedGroup", aliases=["CSP"]),
        entity("e3", "Kidal", "City", wikidata="Q622634"),
        entity("e4", "Mali", "Country", wikidata="Q912"),
    ], [Event("v1", "Capture", span(10), agent="e1", place="e3", captured_from="e2", date=date(2023, 11, 14))])


def report() -> Document:
    return document("report", date(2023, 11, 15), [
        entity("e1", "Malian army troops", "StateArmedForce"),
        entity("e2", "CSP", "NonStateArmedGroup"),
        entity("e3", "Kidal", "City", wikidata="Q622634"),
        entity("e4", "Mali", "Country", wikidata="Q912"),
    ], [Event("v1", "Capture", span(20), agent="e1", place="e3", captured_from="e2", date=date(2023, 11, 14))])


def recap() -> Document:
    """A recap that does not date the capture, and tells an earlier one by the rebels."""
    return document("recap", date(2023, 12, 1), [
        entity("e1", "army", "StateArmedForce"),
        entity("e2", "CSP fighters", "NonStateArmedGroup"),
        entity("e3", "Kidal", "City"),
        entity("e4", "Mali", "Country", wikidata="Q912"),
    ], [Event("v1", "Capture", span(30), agent="e1", place="e3", captured_from="e2"),
        Event("v2", "Capture", span(40), agent="e2", place="e3", date=date(2012, 3, 30))])


def test_consolidate_one_capture_told_three_times_is_one_row() -> None:
    store = store_of(flash(), report(), recap())
    captures = rows(store, "captures")
    dated = [r for r in captures if r.get("date") == "2023-11-14"]
    assert len(dated) == 1 and dated[0]["place"] == "Kidal"
    assert dated[0]["from"] == "Permanent Strategic Framework"
    assert not [r for r in captures if "date" not in r]  # the undated recap joined the dated capture
    assert {r.get("date") for r in captures} == {"2023-11-14", "2012-03-30"}


def test_consolidate_actors_merge_by_acronym_force_word_and_wikidata() -> None:
    store = store_of(flash(), report(), recap())
    actors = {r["actor"] for r in rows(store, "actors")}
    assert "Permanent Strategic Framework" in actors
    assert not {"CSP", "CSP fighters"} & actors  # an acronym, and its fighters, are the group
    assert "Malian army troops" not in actors  # "X troops" are X
    assert "army" in actors  # too vague a name to merge on its own
    places = [r for r in rows(store, "places") if r["place"] == "Kidal"]
    assert len(places) == 1 and places[0]["wikidata"] == "Q622634"


def test_consolidate_a_side_named_by_a_vague_word_in_two_reports_is_one_side() -> None:
    """ "rebels" never merges as an actor on its own, but two reports of one capture on one day "from the
    rebels" tell one capture; a capture from another named side that day stays apart."""
    def told(doc_id: str, loser: str, kind: str = "NonStateArmedGroup") -> Document:
        return document(doc_id, date(2023, 11, 15), [
            entity("e1", "Malian army", "StateArmedForce"), entity("e2", loser, kind),
            entity("e3", "Kidal", "City", wikidata="Q622634"), entity("e4", "Mali", "Country", wikidata="Q912"),
        ], [Event("v1", "Capture", span(10), agent="e1", place="e3", captured_from="e2", date=date(2023, 11, 14))])

    def merged(*documents: Document) -> set[str]:
        lines = consolidate(quads(*documents)).nquads.decode().splitlines()
        return {line.split("/id/")[1].split(">")[0] for line in lines if "#mergedInto>" in line and "/v1>" in line}

    assert merged(told("one", "rebels"), told("two", "rebels")) == {"one/v1", "two/v1"}  # one capture
    assert merged(told("one", "rebels"), told("two", "Wagner Group", "Organization")) == set()
    assert len(rows(store_of(told("one", "rebels"), told("two", "rebels")), "captures")) == 1


def strike(doc_id: str, published: date, targets: list[str], source: str | None = None,
           dated: bool = True) -> Document:
    """A report of a shelling of a hospital in a town, told once per target (a lead and a quote)."""
    entities = [entity("e1", "Pemba", "City"), entity("e2", "Mozambique", "Country", wikidata="Q1029"),
                entity("e3", source or "nobody", "Person")]
    events = []
    for n, target in enumerate(targets):
        entities.append(entity(f"t{n}", target, "Facility"))
        events.append(Event(f"v{n}", "Attack", span(10 + 10 * n), place="e1", target=f"t{n}",
                            source="e3" if source else None, date=date(2020, 8, 10) if dated else None))
    return document(doc_id, published, entities, events)


def test_consolidate_an_attack_told_by_two_sources_is_one_attack() -> None:
    found = rows(store_of(strike("one", date(2020, 8, 10), ["hospital"], "Amina Osman"),
                          strike("two", date(2020, 8, 11), ["hospital"], "Joao Tembe")), "attacks")
    assert [r["documents"] for r in found] == ["2"]
    merged = consolidate(quads(strike("one", date(2020, 8, 10), ["hospital"], "Amina Osman"),
                               strike("two", date(2020, 8, 11), ["hospital"], "Joao Tembe"))).nquads.decode()
    assert "/one/v0> <https://w3id.org/conflict-kg/ontology#mergedInto>" in merged


def test_consolidate_a_report_telling_its_attack_twice_joins_it_once_another_report_tells_it() -> None:
    lead_and_quote = strike("flash", date(2020, 8, 10), ["district hospital", "hospital"])
    later = strike("later", date(2020, 8, 12), ["district hospital"])
    recap = strike("recap", date(2020, 8, 20), ["district hospital"], dated=False)
    found = rows(store_of(lead_and_quote, later, recap), "attacks")
    assert [(r["target"], r.get("date")) for r in found] == [("district hospital", "2020-08-10")]
    # alone, a report's two tellings are left as they are, and two targets unlike each other stay two
    assert consolidate(quads(lead_and_quote)).nquads == b""
    other = strike("other", date(2020, 8, 10), ["district hospital", "market"])
    targets = sorted(r["target"] for r in rows(store_of(other, later), "attacks"))
    assert targets == ["district hospital", "market"]


def test_consolidate_two_captures_on_different_days_stay_two() -> None:
    later = document("later", date(2024, 2, 2), [
        entity("e1", "Permanent Strategic Framework", "NonStateArmedGroup"),
        entity("e3", "Kidal", "City", wikidata="Q622634"),
        entity("e4", "Mali", "Country", wikidata="Q912"),
    ], [Event("v1", "Capture", span(10), agent="e1", place="e3", date=date(2024, 2, 1))])
    captures = rows(store_of(flash(), later), "captures")
    assert sorted(r["date"] for r in captures) == ["2023-11-14", "2024-02-01"]


def test_consolidate_an_undated_recap_with_two_candidates_stays_apart() -> None:
    again = document("again", date(2024, 2, 2), [
        entity("e1", "Malian army", "StateArmedForce"),
        entity("e3", "Kidal", "City", wikidata="Q622634"),
        entity("e4", "Mali", "Country", wikidata="Q912"),
    ], [Event("v1", "Capture", span(10), agent="e1", place="e3", date=date(2024, 2, 1))])
    undated = document("undated", date(2024, 3, 1), [
        entity("e1", "Malian army", "StateArmedForce"),
        entity("e3", "Kidal", "City", wikidata="Q622634"),
        entity("e4", "Mali", "Country", wikidata="Q912"),
    ], [Event("v1", "Capture", span(10), agent="e1", place="e3")])
    captures = rows(store_of(flash(), again, undated), "captures")
    assert sorted(r.get("date", "") for r in captures) == ["", "2023-11-14", "2024-02-01"]


def test_consolidate_an_undated_recap_joins_the_one_attack_on_the_target_it_names() -> None:
    def shelled(doc_id: str, published: date, target: str, day: date | None) -> Document:
        return document(doc_id, published, [
            entity("e1", "Pemba", "City"), entity("e2", "Mozambique", "Country", wikidata="Q1029"),
            entity("e3", "insurgents", "NonStateArmedGroup"), entity("t1", target, "Facility"),
        ], [Event("v1", "Attack", span(10), agent="e3", place="e1", target="t1", date=day)])

    hospital = shelled("hospital", date(2020, 8, 10), "district hospital", date(2020, 8, 10))
    market = shelled("market", date(2020, 8, 12), "market", date(2020, 8, 11))
    found = rows(store_of(hospital, market, shelled("recap", date(2020, 8, 20), "hospital", None)), "attacks")
    assert sorted((r["date"], r["target"].endswith("hospital"), r["documents"]) for r in found) == [
        ("2020-08-10", True, "2"), ("2020-08-11", False, "1")]
    # a recap whose target neither names stays apart, as one with no target at all does
    for other in ("school", None):
        recap = shelled("recap", date(2020, 8, 20), other or "x", None)
        if other is None:
            recap.events[0].target = None
        found = rows(store_of(hospital, market, recap), "attacks")
        assert len(found) == 3


def test_consolidate_a_report_cannot_tell_an_event_after_its_own_date() -> None:
    early = document("early", date(2023, 11, 1), [
        entity("e1", "Malian army", "StateArmedForce"),
        entity("e3", "Kidal", "City", wikidata="Q622634"),
        entity("e4", "Mali", "Country", wikidata="Q912"),
    ], [Event("v1", "Capture", span(10), agent="e1", place="e3")])
    captures = rows(store_of(early, flash()), "captures")
    assert len(captures) == 2  # published before the 14th, it told another capture


def test_consolidate_same_names_in_different_countries_stay_apart() -> None:
    one = document("one", date(2020, 5, 1), [
        entity("e1", "National Liberation Front", "NonStateArmedGroup"),
        entity("e2", "Chad", "Country", wikidata="Q657"),
    ], [])
    other = document("other", date(2020, 5, 2), [
        entity("e1", "National Liberation Front", "NonStateArmedGroup"),
        entity("e2", "Algeria", "Country", wikidata="Q262"),
    ], [])
    same = document("same", date(2020, 5, 3), [
        entity("e1", "National Liberation Front", "NonStateArmedGroup"),
        entity("e2", "Chad", "Country", wikidata="Q657"),
    ], [])
    result = consolidate(quads(one, other, same))
    assert result.canonical_nodes == 2  # Chad's front (two mentions) and Chad itself; Algeria's front apart


def test_consolidate_a_one_word_group_name_meets_a_report_that_names_no_country() -> None:
    """A report naming no country still calls the group by its proper name; a common word does not merge."""
    named = document("named", date(2020, 5, 2), [
        entity("e1", "Sangaris fighters", "NonStateArmedGroup"), entity("e2", "coalition", "Alliance"),
        entity("e3", "Chad", "Country", wikidata="Q657"),
    ], [Event("v1", "Attack", span(10), agent="e1", date=date(2020, 5, 1))])
    bare = document("bare", date(2020, 5, 4), [
        entity("e1", "Sangaris", "Organization"), entity("e2", "coalition", "Alliance"),
    ], [Event("v1", "Attack", span(10), agent="e1")])
    store = store_of(named, bare)
    attacks = rows(store, "attacks")
    assert [r.get("date") for r in attacks] == ["2020-05-01"]  # the undated retelling found its attack
    actors = {r["actor"] for r in rows(store, "actors")}
    assert "Sangaris" in actors and "Sangaris fighters" not in actors
    merged = consolidate(quads(named, bare)).nquads.decode()
    assert "/bare/e1> <https://w3id.org/conflict-kg/ontology#mergedInto>" in merged
    assert "/bare/e2> <https://w3id.org/conflict-kg/ontology#mergedInto>" not in merged  # "coalition" stays apart


def test_consolidate_two_wikidata_ids_are_never_one() -> None:
    one = document("one", date(2020, 5, 1), [entity("e1", "Alexandria", "City", wikidata="Q87")], [])
    other = document("other", date(2020, 5, 2), [entity("e1", "Alexandria", "City", wikidata="Q88")], [])
    assert consolidate(quads(one, other)).canonical_nodes == 0


def test_consolidate_a_surname_is_the_person() -> None:
    one = document("one", date(2021, 1, 1), [entity("e1", "Amina Diallo", "Person"),
                                             entity("e2", "Mali", "Country", wikidata="Q912")], [])
    other = document("other", date(2021, 1, 2), [entity("e1", "Diallo", "Person"),
                                                 entity("e2", "Mali", "Country", wikidata="Q912")], [])
    actors = {r["actor"] for r in rows(store_of(one, other), "actors")}
    assert "Amina Diallo" in actors and "Diallo" not in actors


def test_consolidate_keep_apart_and_same_as_files(tmp_path: Path) -> None:
    apart = tmp_path / "apart.tsv"
    apart.write_text("# the army's troops are not the army here\nMalian army\tMalian army troops\n")
    store = store_of(flash(), report(), keep_apart=read_pairs(apart))
    assert {"Malian army", "Malian army troops"} <= {r["actor"] for r in rows(store, "actors")}
    together = tmp_path / "same.tsv"
    together.write_text("army\tMalian army\n")
    result = consolidate(quads(flash(), recap()), same_as=read_pairs(together))
    assert result.forced == 1
    store = store_of(flash(), recap(), same_as=read_pairs(together))
    assert "army" not in {r["actor"] for r in rows(store, "actors")}


def test_consolidate_pairs_file_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("only one column\n")
    with pytest.raises(KgError) as error:
        read_pairs(bad)
    assert error.value.code == "E031"
    unknown = tmp_path / "unknown.tsv"
    unknown.write_text("Nobody\tKidal\n")
    with pytest.raises(KgError) as error:
        consolidate(quads(flash()), same_as=read_pairs(unknown))
    assert error.value.code == "E032"


# Tolls across reports: a ministry's figure repeated, raised, and one corrected.
def toll(doc_id: str, published: date, figures: list[Figure], title: str | None = None,
         source: str = "Health Ministry") -> Document:
    return document(doc_id, published, [
        entity("e1", source, "Government"),
        entity("e2", "Palma", "City"),
        entity("e3", "civilians", "Population"),
        entity("e4", "Mozambique", "Country", wikidata="Q1029"),
    ], [Event("v1", "Casualties", span(10), place="e2", source="e1", date=date(2021, 3, 24), figures=figures)],
        title=title)


def test_consolidate_reported_is_the_first_report_of_an_identical_figure() -> None:
    first = toll("first", date(2021, 3, 26), [Figure(12, "at-least", "e3", "killed")])
    repeat = toll("repeat", date(2021, 3, 28), [Figure(12, "at-least", "e3", "killed"),
                                                 Figure(20, "exact", "e3", "killed")])
    found = sorted((r["count"], r["reported"]) for r in rows(store_of(first, repeat), "casualties"))
    assert found == [("12", "2021-03-26"), ("20", "2021-03-28")]


def test_consolidate_a_correction_retracts_the_earlier_figure() -> None:
    wrong = toll("wrong", date(2021, 3, 26), [Figure(15, "exact", "e3", "killed")])
    fixed = toll("fixed", date(2021, 3, 29), [Figure(5, "exact", "e3", "killed")],
                 title="Correction: the ministry's toll in Palma")
    result = consolidate(quads(wrong, fixed))
    assert result.retracted == 1
    store = store_of(wrong, fixed)
    assert [(r["count"], r["reported"]) for r in rows(store, "casualties")] == [("5", "2021-03-29")]
    kept = store.query(use_default_graph_as_union=True, query="PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
                       "ASK { ?f ckg:count 15 ; ckg:retractedBy ?by }")
    assert bool(kept)  # withdrawn, not deleted


def test_consolidate_a_running_toll_update_is_not_a_correction() -> None:
    morning = toll("blog-1", date(2021, 3, 26), [Figure(15, "exact", "e3", "killed")], title="Live: Palma")
    evening = toll("blog-2", date(2021, 3, 27), [Figure(22, "exact", "e3", "killed")], title="Live: Palma")
    counts = sorted(r["count"] for r in rows(store_of(morning, evening), "casualties"))
    assert counts == ["15", "22"]


def test_consolidate_another_source_is_never_the_same_figure() -> None:
    one = toll("one", date(2021, 3, 26), [Figure(12, "at-least", "e3", "killed")])
    two = toll("two", date(2021, 3, 28), [Figure(12, "at-least", "e3", "killed")], source="Oxfam")
    found = sorted((r["source"], r["reported"]) for r in rows(store_of(one, two), "casualties"))
    assert found == [("Health Ministry", "2021-03-26"), ("Oxfam", "2021-03-28")]


def test_consolidate_control_follows_the_captures_in_order() -> None:
    store = store_of(flash(), report(), recap())
    control = sorted((r["holder"], r.get("since", ""), r.get("until", "")) for r in rows(store, "control"))
    assert control == [
        ("Malian army", "2023-11-14", ""),
        ("Permanent Strategic Framework", "2012-03-30", "2023-11-14"),
    ]


def test_consolidate_undated_captures_of_one_place_give_no_control() -> None:
    mali = entity("e3", "Mali", "Country", wikidata="Q912")
    a = document("a", date(2022, 1, 1), [entity("e1", "rebels", "NonStateArmedGroup"),
                                         entity("e2", "Menaka", "City"), mali],
                 [Event("v1", "Capture", span(10), agent="e1", place="e2")])
    b = document("b", date(2022, 1, 1), [entity("e1", "army", "StateArmedForce"), entity("e2", "Menaka", "City"),
                                         mali], [Event("v1", "Capture", span(10), agent="e1", place="e2")])
    assert rows(store_of(a, b), "control") == []
    found = [(r["place"], r["holder"], r["documents"]) for r in rows(store_of(a), "control")]
    assert found == [("Menaka", "rebels", "1")]


def test_consolidate_control_keeps_each_place_to_its_own_captures() -> None:
    """rdflib pushes a row's bindings into the sub-selects it joins, where a BIND to the place would
    override them: each place's holdings must follow its own captures in both engines (``rows``)."""
    places = [entity("e1", "rebels", "NonStateArmedGroup"), entity("e2", "army", "StateArmedForce"),
              entity("e3", "Dorvik", "City"), entity("e4", "Alsava", "City"), entity("e5", "Kelmar", "City"),
              entity("e6", "militia", "NonStateArmedGroup"), entity("e7", "Vardania", "Country")]
    story = document("vardania", date(2019, 7, 1), places, [
        Event("v1", "Capture", span(10), agent="e1", place="e3", captured_from="e2", date=date(2019, 5, 1)),
        Event("v2", "Capture", span(20), agent="e2", place="e3", captured_from="e1", date=date(2019, 6, 1)),
        Event("v3", "Capture", span(30), agent="e1", place="e4", captured_from="e2", date=date(2019, 5, 15)),
        Event("v4", "Capture", span(40), agent="e1", place="e5"),
        Event("v5", "Capture", span(50), agent="e6", place="e3"),
    ])
    control = sorted((r["place"], r["holder"], r.get("since", ""), r.get("until", ""))
                     for r in rows(store_of(story), "control"))
    assert control == [
        ("Alsava", "army", "", "2019-05-15"),
        ("Alsava", "rebels", "2019-05-15", ""),
        ("Dorvik", "army", "", "2019-05-01"),
        ("Dorvik", "army", "2019-06-01", ""),
        ("Dorvik", "rebels", "2019-05-01", "2019-06-01"),
        ("Kelmar", "rebels", "", ""),
    ]


def test_consolidate_single_documents_are_left_as_they_are() -> None:
    result = consolidate(quads(flash()))
    assert result.nquads == b"" and result.canonical_nodes == 0


def desert(doc_id: str, names: list[str]) -> Document:
    """A report naming one desert (one Wikidata item) by each of ``names``."""
    return document(doc_id, date(2021, 3, 2), [
        entity(f"e{i}", name, "Region", wikidata="Q3486") for i, name in enumerate(names, start=1)], [])


def test_consolidate_one_report_keeps_its_two_names_of_one_linked_place() -> None:
    # "the Negev" and "Negev Desert" told apart by one report stay its two places, each with its link
    store = store_of(desert("one", ["Negev", "Negev Desert"]))
    assert consolidate(quads(desert("one", ["Negev", "Negev Desert"]))).canonical_nodes == 0
    assert {(r["place"], r["wikidata"]) for r in rows(store, "places")} == {("Negev", "Q3486"),
                                                                          ("Negev Desert", "Q3486")}


def test_consolidate_linked_places_of_two_reports_still_join() -> None:
    result = consolidate(quads(desert("one", ["Negev", "Negev Desert"]), desert("two", ["Negev"])))
    assert result.canonical_nodes == 1
    store = store_of(desert("one", ["Negev", "Negev Desert"]), desert("two", ["Negev"]))
    assert [(r["place"], r["documents"]) for r in rows(store, "places")] == [("Negev", "2")]


def test_consolidate_records_why_it_merged() -> None:
    store = store_of(flash(), report())
    reasons = {(str(r["rule"].value), str(r["why"].value)) for r in store.query(use_default_graph_as_union=True, query=
        "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
        "SELECT ?rule ?why WHERE { ?m a ckg:Merge ; ckg:mergeRule ?rule ; ckg:mergeReason ?why }")}
    assert ("wikidata", "both are wd:Q622634") in reasons
    assert any(rule == "event" and "2023-11-14" in why for rule, why in reasons)


def test_consolidate_a_store_recomputes_its_consolidated_graph(tmp_path: Path) -> None:
    from kg.consolidate.stored import consolidate_path, consolidate_store
    from kg.rdf import graph_iri
    from kg.store.oxigraph import StoredDocument, forget_document, open_store, write_documents
    from kg.store.sparql import DEFAULT_PREFIXES

    def stored(d: Document) -> StoredDocument:
        return StoredDocument(d.id, ox.NamedNode(str(graph_iri(d.id))), d.id, nquads=document_data(d))

    db = open_store(tmp_path / "kg.store", read_only=False)
    write_documents(db, [stored(flash()), stored(report())])
    assert consolidate_store(db).canonical_nodes > 0
    query = resources.query_text("captures")
    assert len(list(select(db, query))) == 1
    forget_document(db, ox.NamedNode(str(graph_iri("report"))))
    assert consolidate_store(db).canonical_nodes == 0  # one document left: nothing to merge
    assert len(list(select(db, query))) == 1
    write_documents(db, [stored(report())])
    del db  # closes the store: `kg consolidate --store` opens it itself
    apart = tmp_path / "apart.tsv"
    apart.write_text("Kidal\tKidal\n")
    result = consolidate_path(tmp_path / "kg.store", keep_apart=read_pairs(apart))
    assert result.refused
    db = open_store(tmp_path / "kg.store", read_only=True)
    merged = "ASK { ?canonical ckg:consolidates ?kidal . ?kidal rdfs:label 'Kidal' }"
    assert not bool(db.query(merged, use_default_graph_as_union=True, prefixes=DEFAULT_PREFIXES))


def test_consolidate_explain_prints_mentions_and_reasons() -> None:
    from kg.consolidate.explain import explain, render

    store = store_of(flash(), report())

    def run(query: str) -> Table:
        return to_table(select(store, query))

    found = explain(run, "CSP")
    assert found.label == "Permanent Strategic Framework"
    assert {document for document, _, _ in found.mentions} == {"flash", "report"}
    assert any(rule == "acronym" for rule, _ in found.merges)
    assert "merged because:" in render(found)
    with pytest.raises(KgError) as error:
        explain(run, "Nobody at all")
    assert error.value.code == "E032"
