"""Pushing a store to a remote SPARQL store.

``push_store`` sends a store's document graphs with SPARQL Update (batched) or
the Graph Store Protocol (one PUT per graph), retrying with backoff when the
endpoint is busy.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.store.endpoint import check_url, first_line
from kg.store.oxigraph import BUILDS_GRAPH, open_store

PROTOCOLS = ("update", "gsp")
# HTTP answers worth another try: the endpoint is busy or briefly down.
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


@dataclass
class PushSummary:
    """What a push sent."""

    graphs: int = 0
    triples: int = 0
    requests: int = 0
    retries: int = 0


def _send(request: urllib.request.Request, url: str, retries: int, backoff: float, summary: PushSummary) -> None:
    """Send one request; retry with exponential backoff when the endpoint is busy or unreachable."""
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                response.read()
            summary.requests += 1
            return
        except urllib.error.HTTPError as exc:
            if exc.code not in RETRY_STATUS or attempt == retries:
                raise KgError(Errors.E312, url=url, detail=f"HTTP {exc.code}: {first_line(exc.read())}") from None
        except (urllib.error.URLError, OSError) as exc:
            if attempt == retries:
                raise KgError(Errors.E311, url=url, detail=str(getattr(exc, "reason", exc))) from None
        summary.retries += 1
        time.sleep(backoff * 2**attempt)


def _graph_body(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> tuple[str, int]:
    lines = [f"{q.subject} {q.predicate} {q.object} ." for q in store.quads_for_pattern(None, None, None, graph)]
    return "\n".join(lines), len(lines)


def _update_for(graph: ox.NamedNode | ox.DefaultGraph, body: str) -> str:
    if isinstance(graph, ox.DefaultGraph):
        return f"INSERT DATA {{ {body} }}"
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{ {body} }} }}"


def pushed_graphs(store: ox.Store) -> list[ox.NamedNode | ox.DefaultGraph]:
    """The graphs a push sends: every named graph but the bookkeeping (the ontology too, so that
    canned queries work at the endpoint), and a non-empty default graph."""
    graphs: list[ox.NamedNode | ox.DefaultGraph] = sorted(
        (g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g != BUILDS_GRAPH), key=str
    )
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        graphs.append(ox.DefaultGraph())
    return graphs


def push_store(
    path: Path,
    url: str,
    *,
    protocol: str = "update",
    batch_size: int = 50,
    retries: int = 4,
    backoff: float = 0.5,
    on_batch: Callable[[int], None] | None = None,
) -> PushSummary:
    """Send a store's graphs to a remote store; each graph replaces the graph of the same name there.

    ``update``: SPARQL 1.1 Update requests to the update endpoint ``url``, each
    with up to ``batch_size`` graphs. ``gsp``: Graph Store Protocol, one HTTP PUT
    per graph to ``url?graph=IRI`` (``url`` is the graph store, e.g. Oxigraph's ``/store``).
    """
    check_url(url)
    if protocol not in PROTOCOLS:
        raise KgError(Errors.E009, fmt=protocol, choices=", ".join(PROTOCOLS))
    store = open_store(path, read_only=True)
    graphs = pushed_graphs(store)
    summary = PushSummary()
    batch: list[str] = []
    in_batch = 0

    def flush() -> None:
        nonlocal batch, in_batch
        if batch:
            data = " ;\n".join(batch).encode("utf-8")
            request = urllib.request.Request(url, data=data, method="POST",
                                             headers={"Content-Type": "application/sparql-update; charset=utf-8"})
            _send(request, url, retries, backoff, summary)
            if on_batch:
                on_batch(in_batch)
        batch, in_batch = [], 0

    for graph in graphs:
        body, count = _graph_body(store, graph)
        summary.graphs += 1
        summary.triples += count
        if protocol == "gsp":
            target = url + ("&" if "?" in url else "?")
            if isinstance(graph, ox.DefaultGraph):
                target += "default"
            else:
                target += "graph=" + urllib.parse.quote(graph.value, safe="")
            request = urllib.request.Request(target, data=(body + "\n").encode("utf-8"), method="PUT",
                                             headers={"Content-Type": "application/n-triples"})
            _send(request, url, retries, backoff, summary)
            if on_batch:
                on_batch(1)
            continue
        batch.append(_update_for(graph, body))
        in_batch += 1
        if in_batch >= max(1, batch_size):
            flush()
    flush()
    return summary
