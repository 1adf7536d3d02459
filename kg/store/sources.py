"""Where a query or a check reads from: graph files, a persistent store, or a SPARQL endpoint.

Exactly one source is given, always; this module is the one place that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.store.endpoint import endpoint_quads, query_endpoint, select_endpoint
from kg.store.formats import OXRDFLIB_PARSERS, rdf_format_of
from kg.store.oxigraph import content_quads, open_store
from kg.store.sparql import load_files, run_query, select, select_files

if TYPE_CHECKING:
    from rdflib import Dataset


def check_one_source(graphs: list[Path], store: Path | None, endpoint: str | None) -> None:
    """Fail unless exactly one kind of source is given."""
    if sum((bool(graphs), store is not None, endpoint is not None)) != 1:
        raise KgError(Errors.E018)


def run_select(
    query: str, graphs: list[Path], store: Path | None = None, endpoint: str | None = None
) -> ox.QuerySolutions:
    """Answer a SELECT query from exactly one kind of source."""
    check_one_source(graphs, store, endpoint)
    if store is not None:
        return select(open_store(store, read_only=True), query)
    if endpoint is not None:
        return select_endpoint(endpoint, query)
    return select_files(graphs, query)


def selector(
    graphs: list[Path], store: Path | None = None, endpoint: str | None = None
) -> Callable[[str], ox.QuerySolutions]:
    """A function answering SELECT queries from exactly one kind of source, opened (or loaded) once."""
    check_one_source(graphs, store, endpoint)
    if endpoint is not None:
        return lambda query: select_endpoint(endpoint, query)
    opened = open_store(store, read_only=True) if store is not None else load_files(graphs)
    return lambda query: select(opened, query)


def run_any(
    query: str, graphs: list[Path], store: Path | None = None, endpoint: str | None = None
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Answer a query of any form (SELECT, ASK, CONSTRUCT, DESCRIBE) from exactly one kind of source."""
    check_one_source(graphs, store, endpoint)
    if endpoint is not None:
        return query_endpoint(endpoint, query)
    if store is not None:
        return run_query(open_store(store, read_only=True), query)
    return run_query(load_files(graphs), query)


def select_store(path: Path | str, query: str) -> ox.QuerySolutions:
    """Run a SELECT query over the union of a store's graphs (the ontology is not added)."""
    return select(open_store(path, read_only=True), query)


def dataset_from_source(graphs: list[Path], store: Path | None = None, endpoint: str | None = None) -> Dataset:
    """An rdflib Dataset from exactly one source: graph files, a store, or a SPARQL endpoint.

    For `kg validate` and `kg link`: an ordinary rdflib Dataset, filled with
    oxrdflib's fast ``ox-*`` parsers. The store's bookkeeping is left out.
    """
    from rdflib import Dataset

    check_one_source(graphs, store, endpoint)
    dataset = Dataset()
    if store is not None:
        data = ox.serialize(content_quads(open_store(store, read_only=True)), format=ox.RdfFormat.N_QUADS)
        dataset.parse(data=data, format="ox-nquads")
    elif endpoint is not None:
        data = ox.serialize(endpoint_quads(endpoint), format=ox.RdfFormat.N_QUADS)
        dataset.parse(data=data, format="ox-nquads")
    else:
        for path in graphs:
            if not path.is_file():
                raise KgError(Errors.E001, path=path)
            fmt = rdf_format_of(path)
            ox_name = OXRDFLIB_PARSERS.get(fmt, "ox-json-ld")
            try:
                dataset.parse(str(path), format=ox_name)
            except Exception as exc:  # noqa: BLE001 - any parser error is the file's fault
                raise KgError(Errors.E014, path=path, detail=str(exc).splitlines()[0] if str(exc) else "") from None
    return dataset
