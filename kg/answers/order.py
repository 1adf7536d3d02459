"""SPARQL's ORDER BY, as Oxigraph sorts, for the cells a question orders its rows by.

The index takes a question's rows from its parts query alone and sorts them here instead of asking
the question again. Only the terms whose order is certain are sorted here: unbound first, then blank
nodes (all equal), IRIs by their text, then literals of one kind per column: plain strings by code
point, ``xsd:date`` days, ``xsd:integer`` numbers. A column holding other literals, or literals of
two kinds (which Oxigraph orders by rules of its own), is ``Unsortable``: the question is then asked
whole, in SPARQL, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")

Term = ox.NamedNode | ox.BlankNode | ox.Literal | None


class Unsortable(ValueError):
    """A column's terms whose SPARQL order is not reproduced here."""


def _kind(term: ox.Literal) -> str:
    if term.language is None and term.datatype.value == XSD + "string":
        return "s"
    if term.datatype.value == XSD + "date" and _DAY.fullmatch(term.value):
        return "d"
    if term.datatype.value == XSD + "integer" and _INTEGER.fullmatch(term.value):
        return "n"
    raise Unsortable(f"no order for {term}")


def sort_key(term: Term, kinds: set[str]) -> tuple[Any, ...]:
    """The key of a term in SPARQL's order; ``kinds`` gathers the literal kinds met in its column."""
    if term is None:
        return (0,)
    if isinstance(term, ox.BlankNode):
        return (1,)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)
    kind = _kind(term)
    kinds.add(kind)
    if len(kinds) > 1:
        raise Unsortable(f"literals of kinds {sorted(kinds)} in one column")
    return (3, int(term.value) if kind == "n" else term.value)


def ordered(rows: list[Any], cells: Sequence[Sequence[Term]], order: Sequence[tuple[int, bool]]) -> list[Any]:
    """``rows`` sorted as ORDER BY sorts them: ``order`` gives each key's column in ``cells`` (a row's
    terms) and whether it is descending. Rows it ties keep their order."""
    positions = list(range(len(rows)))
    for column, descending in reversed(order):
        kinds: set[str] = set()
        keys = [sort_key(cells[n][column], kinds) for n in range(len(rows))]
        positions.sort(key=keys.__getitem__, reverse=descending)
    return [rows[n] for n in positions]
