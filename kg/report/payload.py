"""The data a report page draws: a plain JSON-ready dict made from a ``GraphView`` and the canned queries.

Evidence is numbered (``ev`` indexes) so that rows, points and edges refer to it
compactly. Each document's text is rebuilt from its evidence quotes at their
offsets (the graph keeps the supporting sentences, not the whole article): runs
of text, each with the evidence that covers it, and a gap marker between
stretches that no evidence covers. Actors and places of different documents are
merged on their Wikidata id, else on their label.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from kg import resources
from kg.errors import KgError
from kg.narrowing import Narrowing, check, narrowed_text, resolve
from kg.querying import cell_text, to_table
from kg.report.graph import Evidence, GraphView, Node
from kg.store.sparql import select

GAP = " … "


def _merge_key(node: Node) -> str:
    return node.wikidata or node.label.casefold()


def document_runs(quotes: list[tuple[int, int, str, int]],
                  names: list[tuple[int, int]] | None = None) -> list[list[Any]]:
    """A document's text as runs ``[text, [ev...], name]`` from quotes ``(start, end, quote, ev)``.

    ``name`` is 1 where a span of ``names`` (an actor's or place's name) covers the run, else 0;
    ``[GAP, [], 0]`` stands between stretches that no quote covers (a space for a gap of one or two
    characters, as between two sentences). A quote whose length does
    not match its span is placed from its start.
    """
    chars: dict[int, str] = {}
    cover: dict[int, list[int]] = defaultdict(list)
    for start, _end, quote, ev in quotes:
        for offset, char in enumerate(quote):
            chars.setdefault(start + offset, char)
            cover[start + offset].append(ev)
    named = {position for start, end in names or [] for position in range(start, end)}
    runs: list[list[Any]] = []
    previous = None
    for position in sorted(chars):
        mark = [sorted(set(cover[position])), int(position in named)]
        if previous is not None and position > previous + 1:
            # a space or two between sentences is not worth an ellipsis
            runs.append([" " if position - previous <= 3 else GAP, [], 0])
        if runs and runs[-1][1:] == mark and runs[-1][1]:
            runs[-1][0] += chars[position]
        else:
            runs.append([chars[position], *mark])
        previous = position
    return runs


def name_spans(view: GraphView) -> dict[str, list[tuple[int, int]]]:
    """Per document, where the actors and places are named: their mention offsets where the graph keeps
    them, else where their labels occur inside their own evidence."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for node in [*view.actors.values(), *view.places.values()]:
        quotes = [view.evidence[iri] for iri in node.evidence]
        if not quotes:
            continue
        if node.iri in view.mentions:
            found[quotes[0].document].extend(view.mentions[node.iri])
            continue
        for evidence in quotes:
            at = evidence.quote.find(node.label)
            while at >= 0 and node.label:
                found[evidence.document].append((evidence.start + at, evidence.start + at + len(node.label)))
                at = evidence.quote.find(node.label, at + 1)
    return found


class _Numbering:
    """Evidence IRIs -> small numbers, in document and text order."""

    def __init__(self, view: GraphView) -> None:
        order = sorted(view.evidence.values(), key=lambda e: (e.document, e.start, -e.end, e.iri))
        self.index = {e.iri: i for i, e in enumerate(order)}
        self.items: list[Evidence] = order

    def __call__(self, iris: list[str]) -> list[int]:
        return [self.index[iri] for iri in iris if iri in self.index]


def _documents(view: GraphView, number: _Numbering) -> tuple[list[dict[str, Any]], list[list[int]]]:
    doc_index = {iri: i for i, iri in enumerate(view.documents)}
    evidence = [[doc_index.get(e.document, -1), e.start, e.end] for e in number.items]
    quotes: dict[str, list[tuple[int, int, str, int]]] = defaultdict(list)
    for i, e in enumerate(number.items):
        quotes[e.document].append((e.start, e.end, e.quote, i))
    names = name_spans(view)
    docs = [{"id": d.ident, "title": d.title, "published": d.published, "url": d.url,
             "runs": document_runs(quotes.get(iri, []), names.get(iri))} for iri, d in view.documents.items()]
    return docs, evidence


def _places(view: GraphView, number: _Numbering) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for place in view.places.values():
        if place.lat is None or place.lon is None:
            continue
        entry = merged.setdefault(_merge_key(place), {"label": place.label, "kind": place.kind, "qid": place.wikidata,
                                                      "lat": place.lat, "lon": place.lon, "ev": [], "events": 0})
        entry["ev"] += number(place.evidence)
    for event in view.events.values():
        for iri in event.roles.get("place", []):
            found = view.places.get(iri)
            if found is not None and _merge_key(found) in merged:
                merged[_merge_key(found)]["events"] += 1
    return sorted(merged.values(), key=lambda p: p["label"])


def _actors_and_edges(view: GraphView, number: _Numbering) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    keys: dict[str, int] = {}
    nodes: list[dict[str, Any]] = []
    edges: dict[tuple[str, int, int], dict[str, Any]] = {}
    for link in view.links:
        ends = []
        for iri in (link.source, link.target):
            actor = view.actors[iri]
            key = _merge_key(actor)
            if key not in keys:
                keys[key] = len(nodes)
                first = number(actor.evidence)[:1]
                nodes.append({"id": len(nodes), "label": actor.label, "kind": actor.kind, "qid": actor.wikidata,
                              "ev": first[0] if first else None})
            ends.append(keys[key])
        a, b = ends
        if a == b:
            continue
        if link.kind in ("ally", "clash"):  # unordered pairs
            a, b = min(a, b), max(a, b)
        edge = edges.setdefault((link.kind, a, b), {"from": a, "to": b, "kind": link.kind, "ev": []})
        edge["ev"] += number([link.evidence] if link.evidence else [])
    return nodes, list(edges.values())


def _events(view: GraphView, number: _Numbering) -> list[dict[str, Any]]:
    def names(iris: list[str]) -> str:
        labels = [n.label for n in (view.actors.get(i) or view.places.get(i) for i in iris) if n is not None]
        return "; ".join(dict.fromkeys(labels))

    return [{"kind": e.kind, "subtype": e.subtype, "label": e.label, "date": e.date,
             "actor": names(e.roles.get("agent", [])),
             "other": names(e.roles.get("opponent", []) + e.roles.get("target", [])),
             "place": names(e.roles.get("place", [])), "figures": ", ".join(e.figures),
             "ev": number(e.evidence)} for e in view.events.values()]


class _RowEvidence:
    """Evidence for query rows without an ``evidence`` column: the event sharing most of the row's values.

    Rows that match no event (at least two shared values) fall back to the first node labelled like a cell.
    """

    def __init__(self, view: GraphView, number: _Numbering) -> None:
        self.events: list[tuple[set[str], int]] = []
        for event in view.events.values():
            evs = number(event.evidence)
            if evs:
                names = {n.label for iris in event.roles.values() for i in iris
                         for n in (view.actors.get(i), view.places.get(i)) if n is not None}
                counts = {f.split()[0] for f in event.figures}
                self.events.append(({event.label, event.date, *names, *counts} - {""}, evs[0]))
        self.labels: dict[str, int] = {}
        for node in [*view.actors.values(), *view.places.values()]:
            evs = number(node.evidence)
            if evs:
                self.labels.setdefault(node.label, evs[0])

    def __call__(self, cells: list[str]) -> int | None:
        values = set(cells) - {""}
        best = max(((len(values & names), ev) for names, ev in self.events), default=(0, 0), key=lambda x: x[0])
        if best[0] >= 2:
            return best[1]
        return next((self.labels[c] for c in cells if c in self.labels), None)


def _question(store: ox.Store, name: str, narrowing: Narrowing | None) -> str | None:
    """A question's SPARQL, narrowed if asked; None when the narrowing does not apply to it."""
    text = resources.query_text(name)
    if not narrowing:
        return text
    try:
        check(name, narrowing)
    except KgError:
        return None  # a question with no column for the parameter is left out of a narrowed report
    return narrowed_text(name, text, resolve(name, narrowing, lambda query: select(store, query)))


def _tables(store: ox.Store, view: GraphView, number: _Numbering,
            narrowing: Narrowing | None = None) -> list[dict[str, Any]]:
    row_evidence = _RowEvidence(view, number)
    tables = []
    for name in resources.query_names():
        text = _question(store, name, narrowing)
        if text is None:
            continue
        table = to_table(select(store, text))
        shown = [i for i, c in enumerate(table.columns) if c != "evidence"]
        ev_col = table.columns.index("evidence") if "evidence" in table.columns else None
        rows, evs = [], []
        for row in table.rows:
            cells = [cell_text(row[i]) for i in shown]
            ev = number([cell_text(row[ev_col])]) if ev_col is not None else []
            rows.append(cells)
            evs.append(ev[0] if ev else row_evidence(cells))
        tables.append({"name": name, "question": resources.query_question(name),
                       "columns": [table.columns[i] for i in shown], "rows": rows, "ev": evs})
    return tables


def build_payload(store: ox.Store, view: GraphView, narrowing: Narrowing | None = None) -> dict[str, Any]:
    """Everything the page draws, as JSON-ready data; ``narrowing`` narrows the questions' tables."""
    number = _Numbering(view)
    docs, evidence = _documents(view, number)
    actors, edges = _actors_and_edges(view, number)
    return {"documents": docs, "evidence": evidence, "places": _places(view, number),
            "events": _events(view, number), "actors": actors, "edges": edges,
            "tables": _tables(store, view, number, narrowing)}
