"""Reading an answer index: a question's whole answer, or the answer narrowed to nodes and days.

A narrowed answer is the parts whose nodes (``keys``) include one of the place's nodes and one of
the actor's, and whose days pass the test ``kg.narrowing.date_block`` writes in SPARQL; the parts
of one row combine into it (its least support is the evidence, its distinct reports counted are
the documents), and the rows keep the whole answer's order. Cells are SPARQL's TSV results, read
back by pyoxigraph, so the printers and ``--evidence`` work on them as on a store's own answer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from kg.narrowing import SPECS, Narrowing, Resolved

CHUNK = 500  # values per SQL IN (...) list
XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


@dataclass(frozen=True)
class Question:
    """One question in the index: its number, columns and whether its days can be compared here."""

    id: int
    columns: tuple[str, ...]
    dated: bool


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def passes(days: tuple[str | None, str | None], narrowing: Narrowing, holding: bool) -> bool:
    """Whether a part's day (or a holding's since and until) passes the date range, as in SPARQL."""
    since = narrowing.since.isoformat() if isinstance(narrowing.since, date) else None
    until = narrowing.until.isoformat() if isinstance(narrowing.until, date) else None
    if holding:
        start, end = days
        tests = (until is None or start is None or start <= until) and (since is None or end is None or end >= since)
        known = start is not None or end is not None
        return (not known or tests) if narrowing.undated else (known and tests)
    when = days[0]
    if when is None:
        return narrowing.undated
    return (since is None or when >= since) and (until is None or when <= until)


class AnswerIndex:
    """An open answer index (read-only)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.questions = {name: Question(number, tuple(columns.split("\t")), bool(dated))
                          for name, number, columns, dated in self.db.execute("SELECT * FROM questions")}
        self._known: dict[str, int] = {}  # node IRIs met while resolving names, with their numbers

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def answers(self, name: str, narrowing: Narrowing | None = None) -> bool:
        """Whether the index answers this question with this narrowing (else SPARQL does)."""
        question = self.questions.get(name)
        return question is not None and (narrowing is None or not narrowing.dated or question.dated)

    def whole(self, name: str) -> ox.QuerySolutions:
        """The question's whole answer."""
        question = self.questions[name].id
        blobopen = getattr(self.db, "blobopen", None)  # Python 3.11: read as the rows are, not all at once
        if blobopen is not None:
            data = blobopen("wholes", "tsv", question, readonly=True)
        else:
            data = self.db.execute("SELECT tsv FROM wholes WHERE question = ?", (question,)).fetchone()[0]
        return cast(ox.QuerySolutions, ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV))

    def ask(self, name: str, resolved: Resolved | None) -> ox.QuerySolutions:
        """The question's answer, narrowed as ``resolved`` says (whole when it says nothing)."""
        if resolved is None or not resolved.narrowing:
            return self.whole(name)
        question = self.questions[name]
        narrowing = resolved.narrowing
        units: set[int] | None = None
        for kind, given, nodes in (("a", narrowing.actor, resolved.actor_nodes),
                                   ("p", narrowing.place, resolved.place_nodes)):
            if given is not None:
                found = self._units(question.id, kind, nodes)
                units = found if units is None else units & found
        holding = len(SPECS[name].dates) == 2  # a holding's since and until
        parts = self._parts(question.id, units, narrowing, holding)
        rows: dict[int, tuple[str | None, set[str]]] = {}
        for pos, first, reports, day, until in parts:
            if narrowing.dated and not passes((day, until), narrowing, holding):
                continue
            least, told = rows.get(pos, (None, set()))
            if first is not None and (least is None or first < least):
                least = first
            told.update(reports.split())
            rows[pos] = (least, told)
        order = sorted(rows)
        cells = dict(self._cells(question.id, order))
        lines = (f"{cells[pos]}\t{_iri(rows[pos][0])}\t\"{len(rows[pos][1])}\"^^{XSD_INTEGER}" for pos in order)
        return _solutions(question.columns, lines)

    # --- resolving names (kg.narrowing.Lookups): what SPARQL would find, from the index's tables ---

    def items(self, names: list[str]) -> list[str]:
        """The Wikidata items (QIDs) the nodes of these names link to."""
        nodes = self._named(names)
        return sorted({qid for group in _chunks(sorted(nodes)) for (qid,) in self.db.execute(
            f"SELECT qid FROM items WHERE node IN ({','.join('?' * len(group))})", group)})

    def places(self, names: list[str], items: list[str]) -> list[str]:
        """The nodes of these names or linked to these items, and every node within one of them."""
        nodes = self._named(names)
        if len(items) > CHUNK:  # a country's thousands of places: only those the index links are looked up
            linked = {qid for (qid,) in self.db.execute("SELECT DISTINCT qid FROM items")}
            items = [qid for qid in items if qid in linked]
        for chunk in _chunks_of(items):
            nodes.update(n for (n,) in self.db.execute(
                f"SELECT node FROM items WHERE qid IN ({','.join('?' * len(chunk))})", chunk))
        return self._iris(self._reach(nodes, "p"))

    def actors(self, names: list[str]) -> list[str]:
        """The nodes of these names, their merged nodes and the mentions merged into those."""
        return self._iris(self._reach(self._named(names), "a"))

    def _named(self, names: list[str]) -> set[int]:
        labels = [str(ox.Literal(name)) for name in names]
        return {n for chunk in _chunks_of(labels) for (n,) in self.db.execute(
            f"SELECT node FROM names WHERE label IN ({','.join('?' * len(chunk))})", chunk)}

    def _reach(self, start: set[int], kind: str) -> set[int]:
        """``start`` and every node the steps of this kind lead to, level by level."""
        seen, frontier = set(start), set(start)
        while frontier:
            found = {n for group in _chunks(sorted(frontier)) for (n,) in self.db.execute(
                f"SELECT target FROM edges WHERE kind = ? AND source IN ({','.join('?' * len(group))})",
                [kind, *group])}
            frontier = found - seen
            seen |= frontier
        return seen

    def _iris(self, nodes: set[int]) -> list[str]:
        found = []
        for group in _chunks(sorted(nodes)):
            for number, iri in self.db.execute(
                    f"SELECT id, iri FROM nodes WHERE id IN ({','.join('?' * len(group))})", group):
                self._known[iri] = number
                found.append(iri)
        return sorted(found)

    # --- narrowing ---

    def _units(self, question: int, kind: str, nodes: list[str]) -> set[int]:
        """The parts' units whose nodes of this kind include one of ``nodes`` (or are unbound)."""
        if not nodes:
            return set()
        ids = [0, *(self._known[n] for n in nodes if n in self._known)]
        unknown = [n for n in nodes if n not in self._known]
        for chunk in _chunks_of(unknown):
            marks = ",".join("?" * len(chunk))
            ids += [n for (n,) in self.db.execute(f"SELECT id FROM nodes WHERE iri IN ({marks})", chunk)]
        units: set[int] = set()
        for group in _chunks(ids):
            marks = ",".join("?" * len(group))
            units.update(u for (u,) in self.db.execute(
                f"SELECT DISTINCT unit FROM keys WHERE question = ? AND kind = ? AND node IN ({marks})",
                [question, kind, *group]))
        return units

    def _parts(self, question: int, units: set[int] | None,
               narrowing: Narrowing, holding: bool) -> Iterable[tuple[int, str | None, str, str | None, str | None]]:
        columns = "SELECT pos, first, reports, day, until FROM parts WHERE question = ?"
        if units is not None:
            found: list[tuple[int, str | None, str, str | None, str | None]] = []
            for chunk in _chunks(sorted(units)):
                marks = ",".join("?" * len(chunk))
                found += self.db.execute(f"{columns} AND unit IN ({marks})", [question, *chunk])
            return found
        if narrowing.dated and not narrowing.undated and not holding:
            low = narrowing.since.isoformat() if narrowing.since else "0000-00-00"
            high = narrowing.until.isoformat() if narrowing.until else "9999-99-99"
            return self.db.execute(f"{columns} AND day BETWEEN ? AND ?", (question, low, high))
        return self.db.execute(columns, (question,))

    def _cells(self, question: int, order: list[int]) -> Iterator[tuple[int, str]]:
        for chunk in _chunks(order):
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(f"SELECT pos, cells FROM rows WHERE question = ? AND pos IN ({marks})",
                                       [question, *chunk])

    def close(self) -> None:
        self.db.close()


def _chunks_of(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _iri(value: str | None) -> str:
    return "" if value is None else str(ox.NamedNode(value))


def _solutions(columns: tuple[str, ...], lines: Iterable[str]) -> ox.QuerySolutions:
    """Rows of TSV cells as pyoxigraph's query solutions."""
    text = "\t".join(f"?{c}" for c in columns) + "\n" + "".join(f"{line}\n" for line in lines)
    return cast(ox.QuerySolutions, ox.parse_query_results(text.encode("utf-8"), format=ox.QueryResultsFormat.TSV))
