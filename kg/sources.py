"""Where a query reads from: graph files, a persistent store, or a SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.querying import load_files, run_query, select, select_files


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


def run_any(
    query: str, graphs: list[Path], store: Path | None = None, endpoint: str | None = None
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Answer a query of any form (SELECT, ASK, CONSTRUCT, DESCRIBE); an endpoint answers SELECT only."""
    given = [bool(graphs), store is not None, endpoint is not None]
    if sum(given) != 1:
        raise KgError(Errors.E018)
    if endpoint is not None:
        return run_select(query, graphs, store, endpoint)
    if store is not None:
        from kg.store import open_store

        return run_query(open_store(store, read_only=True), query)
    return run_query(load_files(graphs), query)
