"""Done-when check of issue 13: on every dev article, every row of every canned query carries
evidence whose sentence names the row (its words, or a mention of one of its nodes) or tells its event."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg import resources
from kg.querying import to_table
from kg.rdf import NAMESPACES
from kg.store.sparql import select
from kg.traced import sentences

# Columns whose cells are numbers, dates, codes or class names, not words of the text.
NOT_NAMES = {"count", "qualifier", "outcome", "action", "type", "wikidata", "date", "evidence", "documents"}
# The event class each event question answers about (its trigger is in the evidence sentence).
EVENT_CLASS = {"proposals": "Proposal", "rejections": "Rejection", "acceptances": "Acceptance",
               "captures": "Capture", "attacks": "Attack", "clashes": "Clash", "sieges": "Siege",
               "casualties": "Casualties", "displacements": "Displacement", "denials": "Denial",
               "statements": "Statement", "ceasefires": "Event"}
CKG = str(NAMESPACES["ckg"])


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


@pytest.fixture(scope="module")
def dev_store(dev_build) -> ox.Store:
    store = ox.Store()
    for onto in resources.ontology_files():
        store.load(onto.read_bytes(), format=ox.RdfFormat.TURTLE)
    store.load(dev_build.dataset.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def _supports(store: ox.Store, evidence: ox.NamedNode, names: list[str], event_class: str | None) -> bool:
    """Whether a node labelled with one of the names, or an event of the class, points to the evidence."""
    labels = " ".join(str(ox.Literal(name)) for name in names)
    kinds = f"UNION {{ ?node a <{CKG}{event_class}> }}" if event_class else ""
    query = (f"ASK {{ ?node <{CKG}evidence> {evidence} . "
             f"{{ VALUES ?label {{ {labels} }} ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label }} {kinds} }}")
    return bool(store.query(query, use_default_graph_as_union=True))


@pytest.mark.model
def test_evidence_every_dev_row_points_to_its_sentence(dev_store: ox.Store) -> None:
    problems: list[str] = []
    rows_seen = 0
    for name in resources.query_names():
        table = to_table(select(dev_store, resources.query_text(name)))
        assert table.columns[-2:] == ["evidence", "documents"], name
        at = table.columns.index("evidence")
        nodes = [node for row in table.rows if isinstance(node := row[at], ox.NamedNode)]
        quotes = sentences(nodes, lambda q: select(dev_store, q))
        for row in table.rows:
            rows_seen += 1
            cells = dict(zip(table.columns, row))
            names = [t.value for c, t in cells.items() if c not in NOT_NAMES and isinstance(t, ox.Literal)]
            node, documents = cells["evidence"], cells["documents"]
            shown = {c: t.value for c, t in cells.items() if t is not None and c != "evidence"}
            if not isinstance(node, ox.NamedNode) or node.value not in quotes:
                problems.append(f"{name}: no evidence: {shown}")
                continue
            if documents is None or int(documents.value) < 1:
                problems.append(f"{name}: no supporting document: {shown}")
            quote = _norm(quotes[node.value][1])
            if any(_norm(n) and _norm(n) in quote for n in names):
                continue
            if not _supports(dev_store, node, names, EVENT_CLASS.get(name)):
                problems.append(f"{name}: {quotes[node.value][1]!r} does not tell {shown}")
    assert rows_seen > 100  # the dev corpus answers every question many times
    assert not problems, f"{len(problems)} of {rows_seen} rows:\n" + "\n".join(problems)
