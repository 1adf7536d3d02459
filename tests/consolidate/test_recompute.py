"""What makes consolidation cheap over many reports, checked for its result: an undated event among many
clusters joins the one its toll names, and a recompute writes only the lines that changed."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import pyoxigraph as ox

from kg.consolidate import consolidate
from kg.consolidate.records import CKG_NS
from kg.consolidate.stored import GRAPH_NODE, consolidate_store
from kg.model import Document, Event, Figure
from kg.namespace import ID
from tests.consolidate.test_consolidate import document, entity, flash, quads, recap, report, span
from tests.consolidate.test_incremental import add, consolidated


def tally(doc_id: str, published: date, count: int, day: date | None) -> Document:
    """A relief office's toll in an invented town (its own Wikidata-like id) of an invented country."""
    return document(doc_id, published, [
        entity("e1", "Relief Coordination Office", "Government"),
        entity("e2", "Verlonde", "City", wikidata="Q99990001"),
        entity("e3", "villagers", "Population"),
        entity("e4", "Ostravia", "Country", wikidata="Q99990000"),
    ], [Event("v1", "Casualties", span(10), place="e2", source="e1", date=day,
              figures=[Figure(count, "exact", "e3", "killed")])])


def merged_into(nquads: bytes) -> dict[str, str]:
    """Each mention's canonical node."""
    return {q.subject.value: q.object.value for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
            if q.predicate.value == CKG_NS + "mergedInto"}


def test_an_undated_toll_joins_the_one_day_that_gave_its_figure_among_many_reports() -> None:
    days = [tally(f"day-{n}", date(2031, 5, 3 + n), 40 if n == 0 else 25 + n, date(2031, 5, 2 + n))
            for n in range(6)]
    recap_of_first = tally("recap", date(2031, 6, 1), 40, None)
    found = merged_into(consolidate(quads(*days, recap_of_first)).nquads)
    event = f"{ID}recap/v1"
    assert event in found and found[event] == found.get(f"{ID}day-0/v1")


def test_an_undated_toll_that_two_days_gave_stays_apart() -> None:
    days = [tally(f"day-{n}", date(2031, 5, 3 + n), 40 if n < 2 else 25 + n, date(2031, 5, 2 + n))
            for n in range(6)]
    recap_of_two = tally("recap", date(2031, 6, 1), 40, None)
    found = merged_into(consolidate(quads(*days, recap_of_two)).nquads)
    assert not [mention for mention in found if mention.endswith("/v1")]  # six days, six events: none merged


def test_an_undated_toll_with_no_figure_of_any_day_stays_apart_among_days_it_fits() -> None:
    days = [tally(f"day-{n}", date(2031, 5, 3 + n), 25 + n, date(2031, 5, 2 + n)) for n in range(3)]
    found = merged_into(consolidate(quads(*days, tally("recap", date(2031, 6, 1), 90, None))).nquads)
    assert f"{ID}recap/v1" not in found


class Writes:
    """A store that counts the writes made through it."""

    def __init__(self, db: ox.Store) -> None:
        self.db = db
        self.calls: dict[str, int] = {}
        self.written: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.db, name)
        if name not in ("remove", "extend", "load", "clear_graph", "add"):
            return method

        def write(what: Any, *args: Any, **kwargs: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            self.written.extend(what if name == "extend" else [what])
            return method(what, *args, **kwargs)
        return write


def test_a_whole_recompute_writes_only_the_lines_that_changed() -> None:
    db = ox.Store()
    add(db, flash(), report(), recap())
    before = consolidated(db)
    assert before
    stale = ox.Quad(ox.NamedNode(f"{ID}withdrawn/e1"), ox.NamedNode(CKG_NS + "mergedInto"),
                    ox.NamedNode(f"{ID}actor/0000"), GRAPH_NODE)
    db.add(stale)
    spy = Writes(db)
    consolidate_store(cast(ox.Store, spy))
    assert consolidated(db) == before  # the stale line is gone, every other line kept
    assert spy.calls.get("remove") == 1 and spy.written == [stale]
    assert "clear_graph" not in spy.calls and "load" not in spy.calls
