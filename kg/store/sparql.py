"""SPARQL over graph files and Oxigraph stores: the access `kg query`, `kg validate` and `kg link` share.

Graph files are loaded, with the ontology, into an in-memory Oxigraph store
and queried over the union of their graphs, as a persistent store is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg import resources
from kg.errors import Errors, KgError
from kg.namespace import QUERY_PREFIXES, prefixes
from kg.store.formats import rdf_format_of


def load_files(paths: Iterable[Path], store: ox.Store | None = None, ontology: bool = True) -> ox.Store:
    """An in-memory store holding the given graph files (and the ontology)."""
    store = store if store is not None else ox.Store()
    if ontology:
        for onto in resources.ontology_files():
            store.load(onto.read_bytes(), format=ox.RdfFormat.TURTLE)
    for path in paths:
        if not path.is_file():
            raise KgError(Errors.E001, path=path)
        fmt = rdf_format_of(path)
        try:
            store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise KgError(Errors.E014, path=path, detail=str(exc).splitlines()[0]) from None
    return store


# Prefixes a query may use without declaring them.
DEFAULT_PREFIXES = prefixes(QUERY_PREFIXES)


def select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """Run a SELECT query over the union of the store's graphs."""
    try:
        result = store.query(query, use_default_graph_as_union=True, prefixes=DEFAULT_PREFIXES)
    except SyntaxError as exc:
        raise KgError(Errors.E013, detail=str(exc).splitlines()[0]) from None
    if not isinstance(result, ox.QuerySolutions):
        raise KgError(Errors.E013, detail="only SELECT queries are supported here")
    return result


def select_files(paths: Sequence[Path], query: str) -> ox.QuerySolutions:
    """Run a SELECT query over graph files plus the ontology."""
    return select(load_files(paths), query)
