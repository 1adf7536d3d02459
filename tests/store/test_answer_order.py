"""kg.answers.order sorts an answer's rows as Oxigraph's ORDER BY does, or says it cannot."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from kg.answers.order import Unsortable, ordered

XSD = "http://www.w3.org/2001/XMLSchema#"
NAMES = ["Orvan militia", "orvan militia", "Ämber Guard", "Zelt", "", "Zelt front", "Kessa Hills", "Ölmar"]
DAYS = ["2031-02-28", "2031-12-01", "2030-12-31", "2031-02-03"]


def _column(kind: str, rng: random.Random) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    pick = rng.random()
    if pick < 0.15:
        return None
    if pick < 0.2:
        return ox.NamedNode(f"https://example.org/place/{rng.randint(1, 3)}")
    if kind == "s":
        return ox.Literal(rng.choice(NAMES))
    if kind == "d":
        return ox.Literal(rng.choice(DAYS), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(str(rng.randint(-20, 20000)), datatype=ox.NamedNode(XSD + "integer"))


def _term(value: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    return "UNDEF" if value is None else str(value)


@pytest.mark.parametrize("kinds", [("s", "d"), ("n",), ("s", "s"), ("d", "n", "s")])
@pytest.mark.parametrize("seed", range(4))
def test_answer_order_is_oxigraphs(kinds: tuple[str, ...], seed: int) -> None:
    rng = random.Random(seed)
    rows = [tuple(_column(kind, rng) for kind in kinds) for _ in range(60)]
    descending = [rng.random() < 0.4 for _ in kinds]
    variables = [f"?c{n}" for n in range(len(kinds))]
    order = " ".join(f"DESC({v})" if down else v for v, down in zip(variables, descending))
    values = " ".join(f"({' '.join(_term(t) for t in row)})" for row in rows)
    query = f"SELECT {' '.join(variables)} WHERE {{ VALUES ({' '.join(variables)}) {{ {values} }} }} ORDER BY {order}"
    expected = [tuple(solution[v[1:]] for v in variables) for solution in ox.Store().query(query)]
    got = ordered(list(rows), rows, list(zip(range(len(kinds)), descending)))
    assert sorted(map(repr, got)) == sorted(map(repr, expected))
    assert [tuple(map(repr, row)) for row in got] == [tuple(map(repr, row)) for row in expected]


@pytest.mark.parametrize("column", [
    [ox.Literal("Ravel"), ox.Literal("2031-01-01", datatype=ox.NamedNode(XSD + "date"))],  # two kinds of literal
    [ox.Literal("Ravel", language="fr"), ox.Literal("Sorn", language="fr")],  # language-tagged
    [ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal"))],
    [ox.Literal("2031-1-1", datatype=ox.NamedNode(XSD + "date"))],  # not a day as the index compares them
])
def test_answer_order_refuses_terms_it_cannot_order(column: list[ox.Literal]) -> None:
    with pytest.raises(Unsortable):
        ordered(column, [(term,) for term in column], [(0, False)])


def test_answer_order_keeps_tied_rows_in_their_order() -> None:
    rows = [(ox.Literal("Kessa"), ox.Literal(str(n))) for n in range(5)]
    assert ordered(list(range(5)), rows, [(0, True)]) == [0, 1, 2, 3, 4]
