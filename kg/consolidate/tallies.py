"""What a canonical node's members say of each single-valued property, and its event's figures.

``Writer.write_groups`` counts every value its members give for a single-valued
property (to keep the most common) and gathers an event's figures (to drop repeats).
Many of those values belong to one mention only (its first sentence, its own
nodes), so the tallies grow with the corpus: ``MemoryTallies`` keeps them in dicts;
``SpilledTallies`` (a file build's) appends one line per value to a file in a
scratch folder, sorts it on disk and reads it back one canonical node and property at a time.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from kg.consolidate.records import Iri
from kg.store.sorting import sorted_unique

FIGURES = "+figures"  # the key, in a spilled tally, of an event's figures (no predicate IRI starts with +)
SORT_LINES = 10_000  # lines sorted in memory at a time (about 2 MB)

# One canonical node's tally: its IRI, the property (or FIGURES), and each value with how often it was said.
Tally = tuple[str, str, Counter[Any]]


class MemoryTallies:
    """The tallies in memory (small builds, stores)."""

    def __init__(self) -> None:
        self.single: dict[str, dict[str, Counter[Any]]] = {}  # canonical IRI -> property -> values
        self.figures: dict[str, Counter[Any]] = {}  # an event's canonical IRI -> its members' figures

    def count(self, iri: str, p: str, value: Any) -> None:
        self.single.setdefault(iri, {}).setdefault(p, Counter())[value] += 1

    def figure(self, iri: str, value: Any) -> None:
        self.figures.setdefault(iri, Counter())[value] += 1

    def tallies(self) -> Iterator[Tally]:
        """Each node's properties (sorted), then each event's figures."""
        for iri, values in self.single.items():
            for p, counts in sorted(values.items()):
                yield iri, p, counts
        for iri, told in self.figures.items():
            yield iri, FIGURES, told


class SpilledTallies:
    """The tallies as lines in a file of ``folder``, read back sorted: memory for one node at a time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "tallies.txt"
        self.out = self.path.open("w", encoding="utf-8")
        self.seen = itertools.count()  # each line its own number, so that sorting keeps repeats

    def count(self, iri: str, p: str, value: Any) -> None:
        self.out.write(f"{iri}\t{p}\t{_encoded(value)}\t{next(self.seen)}\n")

    def figure(self, iri: str, value: Any) -> None:
        self.count(iri, FIGURES, value)

    def tallies(self) -> Iterator[Tally]:
        """Each node's tallies, node by node and property by property."""
        self.out.close()
        try:
            with self.path.open("rb") as lines:
                rows = (line.decode("utf-8").split("\t") for line in sorted_unique(lines, self.folder, SORT_LINES))
                for (iri, p), group in itertools.groupby(rows, key=lambda row: (row[0], row[1])):
                    yield iri, p, Counter(_decoded(row[2]) for row in group)
        finally:
            self.path.unlink(missing_ok=True)


def _encoded(value: Any) -> str:
    """A value as one tab-free field that ``_decoded`` reads back as the same type."""
    if isinstance(value, Iri):
        return "I" + value
    if isinstance(value, bool):
        return "B" + str(int(value))
    if isinstance(value, int):
        return "N" + str(value)
    if isinstance(value, date):
        return "D" + value.isoformat()
    return "S" + json.dumps(str(value), ensure_ascii=False)


def _decoded(field: str) -> Any:
    kind, text = field[0], field[1:]
    if kind == "I":
        return Iri(text)
    if kind == "B":
        return text == "1"
    if kind == "N":
        return int(text)
    if kind == "D":
        return date.fromisoformat(text)
    return json.loads(text)
