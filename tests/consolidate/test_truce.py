"""One truce's whole life across reports: its nodes merge within a country and a year, its steps join."""

from __future__ import annotations

from datetime import date

from kg.consolidate import consolidate
from kg.model import Document, Event
from tests.consolidate.test_consolidate import document, entity, quads, rows, span, store_of

MOZAMBIQUE = ("e9", "Mozambique", "Country")


def told(doc_id: str, published: date, truce: str, events: list[Event]) -> Document:
    """A report on Mozambique naming one truce (entity e5) and its steps."""
    return document(doc_id, published, [
        entity(*MOZAMBIQUE, wikidata="Q1029"),
        entity("e1", "Mozambican government", "Government"),
        entity("e5", truce, "Ceasefire"),
    ], events)


def announced() -> Document:
    return told("announced", date(2020, 10, 23), "nationwide ceasefire", [
        Event("v1", "CeasefireEvent", span(10), agent="e1", topic="e5", action="agreed", date=date(2020, 10, 23))])


def started() -> Document:
    return told("started", date(2020, 10, 26), "truce", [
        Event("v1", "CeasefireEvent", span(10), topic="e5", action="began", date=date(2020, 10, 24))])


def recap() -> Document:
    """Months later: the truce began (no day given) and was violated on a day."""
    return told("recap", date(2021, 3, 2), "permanent ceasefire", [
        Event("v1", "CeasefireEvent", span(10), topic="e5", action="began"),
        Event("v2", "CeasefireEvent", span(20), agent="e1", topic="e5", action="violated", date=date(2021, 3, 1))])


def years_later() -> Document:
    return told("later", date(2023, 6, 1), "truce", [
        Event("v1", "CeasefireEvent", span(10), topic="e5", action="began", date=date(2023, 5, 30))])


def test_one_truce_told_by_three_reports_is_one_ceasefire_with_its_whole_life() -> None:
    found = rows(store_of(announced(), started(), recap()), "ceasefires")
    assert len({r["ceasefire"] for r in found}) == 1
    assert sorted((r["action"], r.get("date", "")) for r in found) == [
        ("agreed", "2020-10-23"), ("began", "2020-10-24"), ("violated", "2021-03-01")]  # the undated start joined


def test_a_truce_years_later_is_another_truce() -> None:
    found = rows(store_of(announced(), started(), years_later()), "ceasefires")
    began = sorted((r["ceasefire"], r["date"]) for r in found if r["action"] == "began")
    assert len(began) == 2 and began[0][0] != began[1][0]


def test_truces_of_reports_on_different_countries_stay_apart() -> None:
    elsewhere = document("elsewhere", date(2020, 10, 25), [
        entity("e9", "Nepal", "Country", wikidata="Q837"), entity("e5", "truce", "Ceasefire")], [
        Event("v1", "CeasefireEvent", span(10), topic="e5", action="began", date=date(2020, 10, 24))])
    result = consolidate(quads(announced(), elsewhere))
    assert result.canonical_nodes == 0  # one truce each, no actor or place in common


def test_two_truces_of_one_report_stay_two() -> None:
    two = document("two", date(2020, 10, 24), [
        entity(*MOZAMBIQUE, wikidata="Q1029"), entity("e5", "local truce", "Ceasefire"),
        entity("e6", "nationwide ceasefire", "Ceasefire")], [])
    result = consolidate(quads(announced(), two))
    merged = {line.split()[0] for line in result.nquads.decode().splitlines() if "mergedInto" in line}
    assert len([m for m in merged if "/two/e5>" in m or "/two/e6>" in m]) == 1  # one of the two joins
