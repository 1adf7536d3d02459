"""Shared fixtures for the store tests: a tiny corpus, stores, free ports, servers."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.consolidate import CONSOLIDATED
from kg.model import Document, Entity, Event, Span
from kg.rdf import document_quads, graph_iri
from kg.store.oxigraph import (
    BUILDS_GRAPH,
    CONSOLIDATION_GRAPH,
    ONTOLOGY_GRAPH,
    StoredDocument,
    open_store,
    write_documents,
)

CONSOLIDATED_GRAPH = ox.NamedNode(CONSOLIDATED)

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

ARTICLES = [
    {"id": "store-a", "published": "2009-01-02", "title": "Army takes rebel town",
     "text": "Sri Lankan troops on Thursday captured the town of Paranthan near Kilinochchi from the Tamil Tigers. "
             "The University Teachers for Human Rights said at least 20 civilians were killed in air strikes."},
    {"id": "store-b", "published": "1998-12-18", "title": "Rebels seize the diamond town",
     "text": "Rebel forces seized the diamond town of Koidu in eastern Sierra Leone on Friday, "
             "the Sierra Leonean defence ministry said. The RUF denied that its fighters had looted the town."},
    {"id": "store-c", "published": "2003-06-17", "title": "Truce agreed for Monrovia",
     "text": "The Liberian government and the LURD rebels agreed to a ceasefire in the capital Monrovia "
             "on Tuesday, the ECOWAS envoy said. Thousands of families fled the fighting."},
]


def write_corpus(folder: Path, articles: list[dict] | None = None) -> Path:
    """A folder with one JSON file per article."""
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles or ARTICLES:
        (folder / f"{article['id']}.json").write_text(json.dumps(article), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three short good articles."""
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def reference_store(tmp_path_factory: pytest.TempPathFactory, corpus: Path, pipeline) -> Path:
    """The corpus built once, in this process, with one worker."""
    from kg.corpus import build_store

    path = tmp_path_factory.mktemp("reference") / "store"
    summary = build_store([str(corpus)], path, progress=False, pipeline=pipeline)
    assert summary.built == len(ARTICLES), summary.failed
    return path


def snapshot(path: Path) -> set[str]:
    """A store's quads as text: the documents' graphs and their bookkeeping (the ontology has blank nodes)."""
    store = open_store(path, read_only=True)
    return {str(q) for q in store if q.graph_name != ONTOLOGY_GRAPH and q.subject != ONTOLOGY_GRAPH}


@contextmanager
def held_open(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holds the store open for writing until the block ends; yields that process."""
    holder = subprocess.Popen([PYTHON, "-c", "import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield holder
    finally:
        holder.communicate("", timeout=30)


def consistent(path: Path) -> dict[str, int]:
    """Check that every document graph is complete and recorded, and nothing else is there but the graph that
    consolidation derives from them; {graph: triples}."""
    from kg.store.oxigraph import TRIPLES, document_graphs

    store = open_store(path, read_only=True)
    recorded = {str(g.value): int(next(iter(store.quads_for_pattern(g, TRIPLES, None, BUILDS_GRAPH))).object.value)
                for g in document_graphs(store)}
    actual: dict[str, int] = {}
    for quad in store:
        if quad.graph_name not in (BUILDS_GRAPH, ONTOLOGY_GRAPH, CONSOLIDATED_GRAPH, CONSOLIDATION_GRAPH):
            actual[quad.graph_name.value] = actual.get(quad.graph_name.value, 0) + 1
    assert actual == recorded
    return actual


# --- stores made by hand, without spaCy ---

def hand_document(doc_id: str, city: str = "Sarajevo") -> Document:
    text = f"Government forces captured {city} on Sunday, officials said."
    start = text.index(city)
    return Document(
        id=doc_id, text=text, title=f"{city} captured", published=date(2016, 11, 28),
        entities=[Entity("e1", "Government forces", "StateArmedForce", [Span(0, 17, text[0:17])]),
                  Entity("e2", city, "City", [Span(start, start + len(city), city)])],
        events=[Event("v1", "Capture", Span(18, 26, text[18:26]), agent="e1", place="e2", date=date(2016, 11, 27))],
    )


def hand_stored(doc: Document) -> StoredDocument:
    from kg.corpus import input_hash

    return StoredDocument(doc.id, ox.NamedNode(str(graph_iri(doc.id))), input_hash(doc), document_quads(doc))


@pytest.fixture(scope="session")
def hand_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of three hand-made documents (and the ontology)."""
    from kg.store.oxigraph import ensure_ontology

    path = tmp_path_factory.mktemp("hand") / "store"
    store = open_store(path, read_only=False)
    ensure_ontology(store)
    write_documents(store, [hand_stored(hand_document(f"hand-{i}", city)) for i, city in
                            enumerate(["Sarajevo", "Tuzla", "Srebrenica"])])
    store.flush()
    del store
    return path


# --- processes and servers ---

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited: {process.stderr.read() if process.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def stop(process: subprocess.Popen) -> None:
    """Stop a process we started, by its id."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


def kg_command(*args: str) -> list[str]:
    return [PYTHON, "-m", "kg", *args]
