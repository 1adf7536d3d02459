"""Where graphs live: stores, graph files, SPARQL endpoints, and the ways between them.

One module per job:

- ``formats``: the output formats (names, extensions, serializers) files and stores share;
- ``locks``: who else holds a store open (a writer's lock, a server's note);
- ``oxigraph``: the embedded Oxigraph store, its bookkeeping, bulk and transactional writes;
- ``sparql``: SELECT queries over graph files and stores;
- ``endpoint``: SELECT queries at a remote SPARQL endpoint;
- ``sources``: exactly one source (files, store, endpoint) for `query`, `validate` and `link`;
- ``export``: a store's document graphs to one file;
- ``push``: a store's graphs to a remote store;
- ``serve``: a store over HTTP.

Nothing here imports the build or the CLI; prefixes and graph IRIs come from ``kg.namespace``.
The names below are the package's interface.
"""

from __future__ import annotations

from kg.store.export import export_store
from kg.store.formats import FORMATS, check_writable, output_format
from kg.store.locks import check_free, is_store, lock_holder, serving_pids
from kg.store.oxigraph import (
    BOOKKEEPING_QUADS,
    BUILDS_GRAPH,
    ONTOLOGY_GRAPH,
    StoredDocument,
    StoreStats,
    content_quads,
    document_graphs,
    ensure_ontology,
    forget_document,
    open_store,
    store_stats,
    stored_hash,
    write_documents,
)
from kg.store.sources import dataset_from_source, run_select, select_store

__all__ = [
    "BOOKKEEPING_QUADS", "BUILDS_GRAPH", "FORMATS", "ONTOLOGY_GRAPH", "StoreStats", "StoredDocument",
    "check_free", "check_writable", "content_quads", "dataset_from_source", "document_graphs", "ensure_ontology",
    "export_store", "forget_document", "is_store", "lock_holder", "open_store", "output_format", "run_select",
    "select_store", "serving_pids", "store_stats", "stored_hash", "write_documents",
]
