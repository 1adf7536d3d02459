"""Consolidating a store: its documents' graphs in, its graph ``graph/consolidated`` replaced.

Every ``kg build --store`` ends with this, and ``kg consolidate --store DIR`` runs it alone
(after documents were removed, or with the user's ``--same-as``/``--keep-apart`` pairs).
The whole consolidated graph is recomputed: documents touch one another through actors
and places, so a changed document can change any group it shares a name with.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.consolidate import CONSOLIDATED, Consolidation, consolidate
from kg.store.oxigraph import document_graphs, open_store


def _document_quads(db: ox.Store) -> Iterator[tuple[Any, Any, Any, Any]]:
    for graph in list(document_graphs(db)):
        for quad in db.quads_for_pattern(None, None, None, graph):
            yield quad.subject, quad.predicate, quad.object, quad.graph_name


def consolidate_store(db: ox.Store, same_as: list[tuple[str, str]] | None = None,
                      keep_apart: list[tuple[str, str]] | None = None) -> Consolidation:
    """Recompute an open (writable) store's consolidated graph."""
    result = consolidate(_document_quads(db), same_as, keep_apart)
    graph = ox.NamedNode(CONSOLIDATED)
    db.clear_graph(graph)
    if result.nquads:
        db.load(result.nquads, format=ox.RdfFormat.N_QUADS)
    db.flush()
    return result


def consolidate_path(path: Path, same_as: list[tuple[str, str]] | None = None,
                     keep_apart: list[tuple[str, str]] | None = None) -> Consolidation:
    """Recompute the consolidated graph of the store in a folder (``kg consolidate --store``)."""
    return consolidate_store(open_store(path, read_only=False), same_as, keep_apart)
