"""Reading an answer index: a question's whole answer, or the answer narrowed to nodes and days.

A narrowed answer is the parts whose nodes (``keys``) include one of the place's nodes and one of
the actor's, and whose days pass the test ``kg.narrowing.date_block`` writes in SPARQL; the parts
of one row combine into it (its least support is the evidence, its distinct reports counted are
the documents), and the rows keep the whole answer's order. Cells are SPARQL's TSV results, read
back by pyoxigraph, so the printers and ``--evidence`` work on them as on a store's own answer.
"""

from __future__ import annotations

import json
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


def day_test(narrowing: Narrowing, holding: bool) -> tuple[str, list[object]]:
    """The SQL test (and its parameters) that a part's day, or a holding's since (``day``) and until, passes
    for the date range, as ``kg.narrowing.date_block`` tests in SPARQL (ISO days compare as text)."""
    low = narrowing.since.isoformat() if isinstance(narrowing.since, date) else "0000-00-00"
    high = narrowing.until.isoformat() if isinstance(narrowing.until, date) else "9999-99-99"
    if holding:
        tests = "(day IS NULL OR day <= ?) AND (until IS NULL OR until >= ?)"
        known = "(day IS NOT NULL OR until IS NOT NULL)"
        test = f"(NOT {known} OR ({tests}))" if narrowing.undated else f"({known} AND {tests})"
        return test, [high, low]
    if narrowing.undated:
        return "(day IS NULL OR day BETWEEN ? AND ?)", [low, high]
    return "day BETWEEN ? AND ?", [low, high]  # read through the index on days


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
        rows = self._rows(question.id, units, narrowing, holding)
        cells = dict(self._cells(question.id, [pos for pos, *_ in rows]))
        lines = (f"{cells[pos]}\t{_iri(first)}\t\"{told}\"^^{XSD_INTEGER}" for pos, first, told in rows)
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

    def _rows(self, question: int, units: set[int] | None, narrowing: Narrowing,
              holding: bool) -> list[tuple[int, str | None, int]]:
        """(position, least support, distinct reports counted) of each row with a part in ``units`` (any
        part when None) whose days pass, in the whole answer's order: the parts of a row combine as the
        question's aggregates do, grouped here by SQLite."""
        where: list[str] = ["question = ?"]
        values: list[object] = [question]
        if units is not None:
            where.append("unit IN (SELECT value FROM json_each(?))")  # one parameter, however many units
            values.append(json.dumps(sorted(units)))
        if narrowing.dated:
            test, days = day_test(narrowing, holding)
            where.append(test)
            values += days
        found = self.db.execute(
            "SELECT pos, MIN(first), COUNT(*), SUM(told), group_concat(reports, ' ') FROM parts "
            f"WHERE {' AND '.join(where)} GROUP BY pos ORDER BY pos", values)
        # one part: its own count; several: their distinct reports (a report may tell two parts of a row)
        return [(pos, first, told if parts == 1 else len(set(reports.split())))
                for pos, first, parts, told, reports in found]

    def _cells(self, question: int, order: list[int]) -> Iterator[tuple[int, str]]:
        for chunk in _chunks(order):
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(f"SELECT pos, cells FROM rows WHERE question = ? AND pos IN ({marks})",
                                       [question, *chunk])

    def close(self) -> None:
        self.db.close()


def _labels(names: list[str]) -> list[str]:
    """Names as the index keeps labels: N-Triples literals (as SPARQL's ``VALUES`` gives them)."""
    return [str(ox.Literal(name)) for name in names]


def _iri(value: str | None) -> str:
    return "" if value is None else str(ox.NamedNode(value))


def _solutions(columns: tuple[str, ...], lines: Iterable[str]) -> ox.QuerySolutions:
    """Rows of TSV cells as pyoxigraph's query solutions."""
    text = "\t".join(f"?{c}" for c in columns) + "\n" + "".join(f"{line}\n" for line in lines)
    return cast(ox.QuerySolutions, ox.parse_query_results(text.encode("utf-8"), format=ox.QueryResultsFormat.TSV))
