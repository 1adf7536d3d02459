"""Catalogue, long documents: a document of megabytes is written in parts, at memory close to a normal one's.

A long text is read in pieces (``kg.build.CHUNK_CHARS``); its graph then goes to the
store part by part (``kg.rdf.document_parts``, ``kg.store.oxigraph.write_in_parts``),
never whole. Peak memory is measured in a child process (``ru_maxrss``), never time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import CHUNK_CHARS, pipeline_for, process
from kg.model import Document
from kg.rdf import document_data, document_parts, graph_iri
from kg.store.oxigraph import (
    BUILDS_GRAPH,
    TRIPLES,
    StoredDocument,
    drop_in_parts,
    open_store,
    stored_hash,
    write_documents,
)
from tests.robustness.conftest import check, kg
from tests.robustness.longtext import long_article, long_text

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.model

# The per-document path of a store build for a document of MEGABYTES: one piece is extracted
# for real, then repeated to the full length (spaCy on every piece would take minutes; the
# pieces' extraction is what any document's is); the merge, linking, mapping and the store's
# writer are the real ones. Prints the peak before writing and after, in MB.
DRIVER = """
import resource, sys
from kg.build import CHUNK_CHARS, pipeline_for
from kg.corpus import BuildSummary, Result, _Writer
from kg.merge import merge_parts
from kg.model import Document
from kg.store.oxigraph import OxigraphStore
from tests.robustness.longtext import long_text

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

megabytes, store = float(sys.argv[1]), sys.argv[2]
piece = long_text(CHUNK_CHARS - 200)
pipeline = pipeline_for(None)
part = pipeline.extract([Document(id="long#0", text=piece)])[0]
count = int(megabytes * 1_000_000 / (len(piece) + 2))
document = Document(id="long", text="\\n\\n".join([piece] * count), title="A long report")
merged = merge_parts(document, [(n * (len(piece) + 2), part) for n in range(count)])
del document, part
pipeline.link(merged)
before = peak()
target = OxigraphStore(store)
summary = BuildSummary()
writer = _Writer(target, summary, None, bulk=target.begin_bulk())
writer.put([Result("long", "hash", document=merged)])
writer.close()
print(before, peak(), summary.triples)
"""


def test_memory_long_document_is_written_in_parts_at_bounded_memory(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", DRIVER, "1", str(tmp_path / "store")], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    before, after, triples = map(int, done.stdout.split())
    assert triples > 300_000  # a megabyte of reports makes a big graph
    # Mapped and written whole, its graph took about 410 MB more than the build had used up to then,
    # and as much again for each further megabyte; in parts, 160 MB (and 230 MB for 10 MB of text).
    assert after - before < 250, f"writing 1 MB of text took {after - before} MB more memory"
    assert after < 800, f"peak {after} MB"
    db = open_store(tmp_path / "store")
    stored = next(db.quads_for_pattern(ox.NamedNode(str(graph_iri("long"))), TRIPLES, None, BUILDS_GRAPH))
    assert int(stored.object.value) == triples


def test_memory_parts_hold_the_same_graph_as_the_whole(tmp_path: Path) -> None:
    text = long_text(3 * CHUNK_CHARS)
    outcome = next(process(pipeline_for(None), [Document(id="long", text=text)], long_in_parts=True))
    assert outcome.in_parts and outcome.nquads is None and outcome.document is not None
    reference = ox.Store()  # a store writes some literals in canonical form ("1.500000" as 1.5): compare stored
    reference.load(document_data(outcome.document), format=ox.RdfFormat.N_QUADS)
    whole = set(reference)
    graph = ox.NamedNode(str(graph_iri("long")))
    db = open_store(tmp_path / "store", read_only=False)
    # what a build killed midway leaves: part of the graph, no bookkeeping; the next build replaces it
    db.add(ox.Quad(ox.NamedNode("https://example.org/stray"), ox.NamedNode("https://example.org/p"),
                   ox.Literal("left over"), graph))
    parts = list(document_parts(outcome.document, lines=500))
    assert len(parts) > 3
    written = write_documents(db, [StoredDocument("long", graph, "hash", parts=iter(parts))])
    assert set(db.quads_for_pattern(None, None, None, graph)) == whole
    assert written == len(whole)
    drop_in_parts(db, graph, size=100)  # what a rebuild does first, a part at a time
    assert next(db.quads_for_pattern(None, None, None, graph), None) is None
    assert write_documents(db, [StoredDocument("long", graph, "hash2", parts=iter(parts))]) == len(whole)
    assert set(db.quads_for_pattern(None, None, None, graph)) == whole
    assert stored_hash(db, graph) == "hash2"  # the rebuild's bookkeeping


def test_memory_long_document_build_and_query(tmp_path: Path) -> None:
    (tmp_path / "long.json").write_text(json.dumps(long_article("long-report", 2 * CHUNK_CHARS + 5000)))
    check(kg("build", tmp_path / "long.json", "--store", tmp_path / "store", "-q"), 0)
    run = kg("sparql", "SELECT (COUNT(?e) AS ?n) WHERE { ?e a ckg:Event ; ckg:mentionedIn ?d . "
             "?d dcterms:identifier 'long-report' }", "--store", tmp_path / "store", "-f", "csv")
    check(run, 0)
    assert int(run.out.splitlines()[1]) > 50
