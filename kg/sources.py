"""Where a query reads from: graph files, a persistent store, or a SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.querying import select, select_files


def run_select(
    query: str, graphs: list[Path], store: Path | None = None, endpoint: str | None = None
) -> ox.QuerySolutions:
    """Answer a SELECT query from exactly one kind of source."""
    given = [bool(graphs), store is not None, endpoint is not None]
    if sum(given) != 1:
        raise KgError(Errors.E018)
    if store is not None:
        from kg.store import open_store

        return select(open_store(store, read_only=True), query)
    if endpoint is not None:
        from kg.endpoint import select_endpoint

        return select_endpoint(endpoint, query)
    return select_files(graphs, query)
