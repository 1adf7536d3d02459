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
from typing import TypeVar, cast

import pyoxigraph as ox

from kg.narrowing import SPECS, Narrowing, Resolved

CHUNK = 500  # values per SQL IN (...) list
T = TypeVar("T")
Part = tuple[int, str | None, str, int, str | None, str | None]  # pos, first, reports, told, day, until
XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


@dataclass(frozen=True)
class Question:
    """One question in the index: its number, columns and whether its days can be compared here."""

    id: int
    columns: tuple[str, ...]
    dated: bool


def _chunks(values: list[T]) -> Iterator[list[T]]:
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
        if narrowing.actor is not None:
            units = self._units(question.id, "a", _labels(resolved.actor_names))
        if narrowing.place is not None:
            roots = resolved.place_roots if self._linked(resolved.place_roots) else []
            found = self._units(question.id, "p", _labels(resolved.place_names) + roots)
            units = found if units is None else units & found
        holding = len(SPECS[name].dates) == 2  # a holding's since and until
        parts = self._parts(question.id, units, narrowing, holding)
        rows: dict[int, list[tuple[str | None, str, int]]] = {}
        for pos, first, reports, told, day, until in parts:
            if narrowing.dated and not passes((day, until), narrowing, holding):
                continue
            rows.setdefault(pos, []).append((first, reports, told))
        order = sorted(rows)
        cells = dict(self._cells(question.id, order))
        lines = (f"{cells[pos]}\t{_combined(rows[pos])}" for pos in order)
        return _solutions(question.columns, lines)

    # --- resolving names (kg.narrowing.Lookups): what SPARQL would find, from the index's tables ---

    def items(self, names: list[str]) -> list[str]:
        """The Wikidata items (QIDs) the nodes of these names link to."""
        labels = _labels(names)
        return sorted({qid for chunk in _chunks(labels) for (qid,) in self.db.execute(
            f"SELECT qid FROM named WHERE label IN ({','.join('?' * len(chunk))})", chunk)})

    def _linked(self, items: list[str]) -> bool:
        """Whether some node links to one of these items or to a place the gazetteer puts inside one."""
        return any(self.db.execute(f"SELECT 1 FROM held WHERE qid IN ({','.join('?' * len(chunk))}) LIMIT 1",
                                   chunk).fetchone() for chunk in _chunks(items))

    # --- narrowing ---

    def _units(self, question: int, kind: str, handles: list[str]) -> set[int]:
        """The parts' units with a node of this kind that has one of ``handles`` (``kg.answers.handles``),
        or none of this kind bound (SPARQL's ``VALUES`` joins an unbound variable with any value)."""
        if not handles:
            return set()
        units = {u for (u,) in self.db.execute(
            "SELECT DISTINCT unit FROM keys WHERE question = ? AND kind = ? AND node = 0", (question, kind))}
        for chunk in _chunks(handles):
            marks = ",".join("?" * len(chunk))
            units.update(u for (u,) in self.db.execute(
                f"SELECT DISTINCT k.unit FROM handles h JOIN keys k ON k.question = ? AND k.kind = h.kind "
                f"AND k.node = h.node WHERE h.kind = ? AND h.handle IN ({marks})", [question, kind, *chunk]))
        return units

    def _parts(self, question: int, units: set[int] | None,
               narrowing: Narrowing, holding: bool) -> Iterable[Part]:
        columns = "SELECT pos, first, reports, told, day, until FROM parts WHERE question = ?"
        if units is not None:
            found: list[Part] = []
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


def _combined(parts: list[tuple[str | None, str, int]]) -> str:
    """The evidence and documents cells of a row's parts, as the question's aggregates make them: the
    least first sentence, and the distinct reports counted (read only when several parts share them)."""
    firsts = [first for first, _, _ in parts if first is not None]
    told = parts[0][2] if len(parts) == 1 else len({r for _, reports, _ in parts for r in reports.split()})
    return f"{_iri(min(firsts) if firsts else None)}\t\"{told}\"^^{XSD_INTEGER}"


def _labels(names: list[str]) -> list[str]:
    """Names as the index keeps labels: N-Triples literals (as SPARQL's ``VALUES`` gives them)."""
    return [str(ox.Literal(name)) for name in names]


def _iri(value: str | None) -> str:
    return "" if value is None else str(ox.NamedNode(value))


def _solutions(columns: tuple[str, ...], lines: Iterable[str]) -> ox.QuerySolutions:
    """Rows of TSV cells as pyoxigraph's query solutions."""
    text = "\t".join(f"?{c}" for c in columns) + "\n" + "".join(f"{line}\n" for line in lines)
    return cast(ox.QuerySolutions, ox.parse_query_results(text.encode("utf-8"), format=ox.QueryResultsFormat.TSV))
