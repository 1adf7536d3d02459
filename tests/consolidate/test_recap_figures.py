"""Figures told again: a recap that repeats a toll joins the event that first gave it, and a correction
withdraws only the figure of the victims it corrects."""

from __future__ import annotations

from datetime import date

from kg.model import Document, Entity, Event, Figure, Span
from tests.consolidate.test_consolidate import document, entity, rows, span, store_of


def first() -> Document:
    """A toll told on the day, with its place, date and source."""
    return document("first", date(2019, 7, 3), [
        entity("e1", "Disaster Agency", "Government"), entity("e2", "Pemba", "City"),
        entity("e3", "migrants", "Population"), entity("e4", "Mozambique", "Country", wikidata="Q1029"),
    ], [Event("v1", "Casualties", span(10), place="e2", source="e1", date=date(2019, 7, 2),
              figures=[Figure(40, "at-least", "e3", "killed")])])


def recap(victims: str | None = None, count: int = 40, source: bool = True) -> Document:
    """Days later, the same toll told in passing: no place, no day, the victims worded otherwise or not."""
    entities = [entity("e4", "Mozambique", "Country", wikidata="Q1029")]
    if source:
        entities.append(entity("e1", "Disaster Agency", "Government"))
    if victims:
        entities.append(entity("e3", victims, "Population"))
    return document("recap", date(2019, 7, 9), entities, [
        Event("v1", "Casualties", span(10), source="e1" if source else None,
              figures=[Figure(count, "at-least", "e3" if victims else None, "killed")])])


def test_a_recap_repeating_a_toll_is_one_row_with_the_first_reports_place_day_and_date() -> None:
    found = rows(store_of(first(), recap()), "casualties")
    assert [(r["count"], r.get("place"), r.get("date"), r["reported"]) for r in found] == [
        ("40", "Pemba", "2019-07-02", "2019-07-03")]


def test_a_recap_wording_the_victims_otherwise_keeps_the_first_reported_date() -> None:
    found = rows(store_of(first(), recap(victims="people")), "casualties")
    assert {r["reported"] for r in found} == {"2019-07-03"}
    assert {r.get("place") for r in found} == {"Pemba"}


def test_a_small_count_without_a_source_does_not_tell_an_event() -> None:
    small = document("small", date(2019, 7, 3), [entity("e2", "Pemba", "City")], [
        Event("v1", "Casualties", span(10), place="e2", date=date(2019, 7, 2), figures=[Figure(3, "exact", None,
                                                                                                 "killed")])])
    later = recap(count=3, source=False)
    later.events[0].figures[0].qualifier = "exact"
    found = rows(store_of(small, later), "casualties")
    assert sorted(r.get("place", "") for r in found) == ["", "Pemba"]


def test_a_correction_withdraws_only_the_figure_of_the_victims_it_corrects() -> None:
    told = document("told", date(2019, 7, 3), [
        entity("e1", "Monitoring Mission", "MonitoringOrganization"), entity("e2", "children", "Population"),
        entity("e3", "civilians", "Population"), entity("e4", "Mozambique", "Country", wikidata="Q1029"),
    ], [Event("v1", "Casualties", span(10), source="e1", date=date(2019, 7, 2),
              figures=[Figure(44, "at-least", "e3", "killed"), Figure(15, "exact", "e2", "killed")])])
    fixed = document("fixed", date(2019, 7, 6), [
        entity("e1", "Monitoring Mission", "MonitoringOrganization"), entity("e2", "children", "Population"),
        entity("e3", "civilians", "Population"), entity("e4", "Mozambique", "Country", wikidata="Q1029"),
    ], [Event("v1", "Casualties", span(10), source="e1", date=date(2019, 7, 2),
              figures=[Figure(44, "at-least", "e3", "killed"), Figure(5, "exact", "e2", "killed")])],
        title="Correction: the mission's count of children")
    counts = sorted(int(r["count"]) for r in rows(store_of(told, fixed), "casualties"))
    assert counts == [5, 44]  # 15 withdrawn; 44, repeated, stays


def bare(doc_id: str, published: date, count: int, qualifier: str, dated: bool = True) -> Document:
    """A flash that gives a toll in its own voice: no source."""
    return document(doc_id, published, [
        entity("e2", "Pemba", "City"), entity("e4", "Mozambique", "Country", wikidata="Q1029"),
    ], [Event("v1", "Casualties", span(10), place="e2", date=date(2019, 7, 2) if dated else None,
              figures=[Figure(count, qualifier, None, "killed")])])


def test_a_toll_without_a_source_is_not_given_another_reports_source() -> None:
    found = rows(store_of(bare("flash", date(2019, 7, 2), 25, "at-least"), first()), "casualties")
    assert sorted((r["count"], r.get("source", "")) for r in found) == [("25", ""), ("40", "Disaster Agency")]
    assert {r.get("place") for r in found} == {"Pemba"}


def test_a_recap_without_the_source_joins_the_toll_it_repeats() -> None:
    found = rows(store_of(first(), recap(source=False)), "casualties")
    assert [(r["count"], r.get("source"), r.get("date"), r["reported"]) for r in found] == [
        ("40", "Disaster Agency", "2019-07-02", "2019-07-03")]


def test_a_recap_naming_the_source_of_a_flash_toll_gives_the_flash_its_source() -> None:
    found = rows(store_of(bare("flash", date(2019, 7, 2), 40, "at-least"), recap()), "casualties")
    assert [(r["count"], r.get("source"), r.get("place"), r["reported"]) for r in found] == [
        ("40", "Disaster Agency", "Pemba", "2019-07-02")]


CORRECTION_TEXT = ("Correction: a bulletin on Monday wrongly said that the monitors had counted 15 children among "
                   "the dead. The mission's own figure is five children, and the total of 44 civilians stands.")


def test_a_correction_withdraws_the_figure_it_tells_as_wrong_and_its_earlier_copies() -> None:
    told = document("told", date(2019, 7, 3), [
        entity("e1", "Monitoring Mission", "MonitoringOrganization"), entity("e2", "children", "Population"),
        entity("e3", "civilians", "Population"), entity("e4", "Mozambique", "Country", wikidata="Q1029"),
    ], [Event("v1", "Casualties", span(10), source="e1", date=date(2019, 7, 2),
              figures=[Figure(44, "at-least", "e3", "killed"), Figure(15, "exact", "e2", "killed")])])

    def at(words: str) -> Span:
        start = CORRECTION_TEXT.index(words)
        return Span(start, start + len(words), words)

    fixed = Document(id="fixed", text=CORRECTION_TEXT, published=date(2019, 7, 6), entities=[
        Entity(key="e1", label="Monitoring Mission", kind="MonitoringOrganization", mentions=[at("mission's")]),
        Entity(key="e2", label="children", kind="Population", mentions=[at("15 children")]),
    ], events=[
        Event("v1", "Casualties", at("counted"), figures=[Figure(15, "exact", "e2", "killed", span=at("15 children"))]),
        Event("v2", "Casualties", at("figure"), source="e1",
              figures=[Figure(5, "exact", "e2", "killed", span=at("five children"))]),
    ])
    store = store_of(told, fixed)
    assert sorted(int(r["count"]) for r in rows(store, "casualties")) == [5, 44]
    withdrawn = {(str(s["count"].value), str(s["by"].value)) for s in store.query(
        use_default_graph_as_union=True, query="PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
        "SELECT ?count ?by WHERE { ?f ckg:retractedBy ?r ; ckg:count ?count . ?r ckg:count ?by }")}
    assert withdrawn == {("15", "5")}  # the report's 15 and the correction's own telling of it, by its 5


def test_a_recap_with_a_place_finds_the_toll_it_repeats_among_the_places_tolls() -> None:
    other_day = document("other", date(2019, 7, 6), [
        entity("e2", "Pemba", "City"), entity("e4", "Mozambique", "Country", wikidata="Q1029"),
    ], [Event("v1", "Casualties", span(10), place="e2", date=date(2019, 7, 5),
              figures=[Figure(25, "exact", None, "wounded")])])
    recap = document("recap", date(2019, 7, 9), [
        entity("e2", "Pemba", "City"), entity("e4", "Mozambique", "Country", wikidata="Q1029"),
    ], [Event("v1", "Casualties", span(10), place="e2", figures=[Figure(40, "at-least", None, "killed")])])
    found = rows(store_of(first(), other_day, recap), "casualties")
    assert sorted((r["count"], r.get("source"), r["reported"]) for r in found) == [
        ("25", None, "2019-07-06"), ("40", "Disaster Agency", "2019-07-03")]


def test_records_keep_only_the_title_and_sentences_that_may_tell_a_correction() -> None:
    """Only the figures' pass reads a document's title and quotes, to find corrections: records held for
    every document of a corpus keep those alone, and a correction is still found by either."""
    from kg.consolidate.figures import is_correction, withdrawn
    from kg.consolidate.records import read
    from tests.consolidate.test_consolidate import quads

    plain = document("plain", date(2019, 7, 3), [entity("e1", "Monitoring Mission", "MonitoringOrganization")], [],
                     title="Monitors count the dead")
    titled = document("titled", date(2019, 7, 4), [entity("e1", "Monitoring Mission", "MonitoringOrganization")], [],
                      title="Correction: monitors count the dead")
    second = CORRECTION_TEXT.index("five children")  # a sentence that tells no correction
    fixed = Document(id="fixed", text=CORRECTION_TEXT, published=date(2019, 7, 6), entities=[
        Entity(key="e2", label="children", kind="Population",
               mentions=[Span(0, 11, "Correction:"), Span(second, second + 13, "five children")])],
        events=[Event("v1", "Casualties", Span(0, 11, "Correction:"),
                      figures=[Figure(15, "exact", "e2", "killed", span=Span(0, 11, "Correction:"))])])
    corpus = read(quads(plain, titled, fixed))
    by_id = {graph.rsplit("/", 1)[-1]: doc for graph, doc in corpus.documents.items()}
    assert by_id["plain"].title is None and not by_id["plain"].quotes  # nothing there tells a correction
    assert by_id["titled"].title == "Correction: monitors count the dead" and is_correction(by_id["titled"])
    assert not is_correction(by_id["plain"])
    quotes = [q.object.value for q in quads(fixed) if q.predicate.value.endswith("#quote")]
    assert len(quotes) == 2  # both sentences are evidence in the document's graph
    kept = by_id["fixed"].quotes
    assert len(kept) == 1 and kept[0].startswith("Correction: a bulletin on Monday wrongly said")
    assert is_correction(by_id["fixed"]) and withdrawn(corpus, by_id["fixed"])  # its 15 is told as wrong
