"""The two SPARQL queries an answer index is computed from, derived from a canned question's text.

Every canned question groups its rows on ``?X_key`` columns in an inner SELECT that takes
``MIN(STR(?support))`` and ``COUNT(DISTINCT ?report)``; the outer SELECT turns the keys back
into the contract's columns. ``whole_query`` is the question itself with its keys also
projected, so each answer row can be found again by its keys. ``parts_query`` groups one step
finer, also on the nodes narrowing binds (the event, or the row's own nodes: ``Role.var``), and
keeps each part's first support and the set of its reports: narrowing picks parts, and the
parts of one row combine as the SPARQL aggregates would (the least support, the distinct
reports counted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.narrowing import SPECS

_INNER = re.compile(r"SELECT ((?:\?\w+_key )+)\(MIN\(STR\(\?support\)\) AS \?first\) "
                    r"\(COUNT\(DISTINCT \?report\) AS \?documents\)")
_GROUP = re.compile(r"GROUP BY (?=\(COALESCE)")
_OUTER = re.compile(r"^SELECT ([^\n]*?) WHERE \{", re.MULTILINE)
_BOUND = re.compile(r"^\s*FILTER \(BOUND\(\?documents\)\)\s*$", re.MULTILINE)
_ORDER = re.compile(r"^ORDER BY [^\n]*$", re.MULTILINE)
_ORDER_KEY = re.compile(r"\s*(?:(ASC|DESC)\(\?(\w+)\)|\?(\w+))")


class Unshaped(ValueError):
    """A question's text lacks the shape the index relies on (its answers then come from SPARQL)."""


@dataclass(frozen=True)
class Shape:
    """What the index needs of one question: its columns, group keys, narrowed nodes and date keys."""

    name: str
    columns: tuple[str, ...]  # the contract's columns, then evidence and documents
    keys: tuple[str, ...]  # the inner SELECT's group keys (``date_key``...)
    units: tuple[str, ...]  # the variables narrowing binds (``event``; ``one``, ``other``...)
    dates: tuple[str, ...]  # the keys of the date columns narrowing tests (``date_key``; ``since_key``...)
    whole: str  # the question, its keys projected too
    parts: str  # per part: units, contract columns, keys, ?first and ?reports
    order: tuple[tuple[str, bool], ...] | None = None  # ORDER BY's columns, descending or not (None: not plain)


def _one(pattern: re.Pattern[str], text: str, name: str) -> re.Match[str]:
    found = list(pattern.finditer(text))
    if len(found) != 1:
        raise Unshaped(f"queries/{name}.rq: expected one match of {pattern.pattern!r}, found {len(found)}")
    return found[0]


def shape(name: str, text: str) -> Shape:
    """The index's view of a canned question (``Unshaped`` when its text has another shape)."""
    spec = SPECS[name]
    units = tuple(dict.fromkeys(role.var for role in spec.place + spec.actor))
    outer = _one(_OUTER, text, name)
    columns = tuple(v.lstrip("?") for v in outer.group(1).split())
    if columns[-2:] != ("evidence", "documents"):
        raise Unshaped(f"queries/{name}.rq: the last columns are not evidence and documents")
    inner = _one(_INNER, text, name)
    keys = tuple(v.lstrip("?") for v in inner.group(1).split())
    dates = tuple(f"{column}_key" for column in spec.dates)
    if any(key not in keys for key in dates):
        raise Unshaped(f"queries/{name}.rq: a date column is not a group key")
    _one(_GROUP, text, name)
    _one(_BOUND, text, name)
    key_list = " ".join(f"?{k}" for k in keys)
    unit_list = " ".join(f"?{u}" for u in units)
    whole = text[: outer.start(1)] + outer.group(1) + " " + key_list + text[outer.end(1):]
    parts = _INNER.sub(f"SELECT {unit_list} \\1(MIN(STR(?support)) AS ?first) "
                       f"(GROUP_CONCAT(DISTINCT STR(?report); SEPARATOR=\" \") AS ?reports)", text)
    parts = _GROUP.sub(f"GROUP BY {unit_list} ", parts)
    plain = " ".join(f"?{c}" for c in columns[:-2])
    parts = _OUTER.sub(f"SELECT {unit_list} {plain} {key_list} ?first ?reports WHERE {{", parts, count=1)
    parts = _ORDER.sub("", _BOUND.sub("", parts))
    return Shape(name, columns, keys, units, dates, whole, parts, _order(text, columns))


def _order(text: str, columns: tuple[str, ...]) -> tuple[tuple[str, bool], ...] | None:
    """The question's ORDER BY as (column, descending) pairs; None unless it orders by plain columns."""
    found = _ORDER.findall(text)
    if len(found) != 1:
        return None if found else ()
    rest, order = found[0][len("ORDER BY"):], []
    while rest.strip():
        key = _ORDER_KEY.match(rest)
        if key is None:
            return None
        column = key.group(2) or key.group(3)
        if column not in columns[:-2]:
            return None
        order.append((column, key.group(1) == "DESC"))
        rest = rest[key.end():]
    return tuple(order)
