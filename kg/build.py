"""Building graphs: read documents, extract, link, map to RDF, write.

``process`` is the per-document work that every kind of build shares (stores in
``kg.corpus``, graph files and in-memory datasets in ``kg.filebuild``, Dask
workers too); ``serialize`` and ``write_file`` write rdflib datasets through the
one writer of files (``kg.store.export``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import XSD, Dataset, Graph, Literal

from kg.errors import Errors, KgError
from kg.model import Document
from kg.rdf import NAMESPACES, document_data
from kg.store.export import graph_bytes, write_quads

# Texts longer than this are read in pieces: spaCy's parser needs memory in proportion to length.
# Measured peaks (`/usr/bin/time -v kg build`): a 1 kB article 192 MB, one 20 kB piece 246 MB, one 100 kB
# piece 516 MB. News articles are far below 20 kB, so they are read whole as before.
CHUNK_CHARS = 20_000


@dataclass
class Outcome:
    """What happened to one document: its triples as N-Quads, or why it failed."""

    where: str
    document: Document | None = None
    nquads: bytes | None = None
    error: KgError | None = None
    in_parts: bool = False  # a long document left for its writer to map part by part (``kg.rdf.document_parts``)
    pieces: bool = False  # extracted piece by piece (longer than ``CHUNK_CHARS``)


class Pipeline:
    """The loaded NLP pipeline, gazetteer and optional online linker, loaded once."""

    def __init__(self, model: str | None = None, online: Any = None, extracts: bool = True) -> None:
        from kg.linking.gazetteer import default_gazetteer

        if extracts:  # a pipeline that only links and maps (what another process extracted) needs no model
            from kg.extract import load_nlp

            self.nlp = load_nlp(model)
        self.gazetteer = default_gazetteer()
        self.online = online

    def link(self, document: Document) -> None:
        from kg.linking import link_document

        link_document(document, self.gazetteer, self.online)

    def extract(self, documents: list[Document]) -> list[Document]:
        from kg.extract import extract_many

        return list(extract_many(self.nlp, documents, self.gazetteer))


_PIPELINES: dict[str | None, Pipeline] = {}
_PIPELINE_LOCK = threading.Lock()


def pipeline_for(model: str | None, online: Any = None) -> Any:
    """The pipeline of this process, loaded once (online linkers are not cached)."""
    if online is not None:
        return Pipeline(model, online)
    with _PIPELINE_LOCK:
        if model not in _PIPELINES:
            _PIPELINES[model] = Pipeline(model)
        return _PIPELINES[model]


def _chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Pieces of a long text, cut at paragraph or sentence ends, with their offsets."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            end = cut + 1 if cut > start + size // 2 else end
        yield start, text[start:end]
        start = end


def _extract_long(pipeline: Pipeline, document: Document) -> Document:
    """Extract a long document piece by piece, then merge the pieces."""
    from kg.merge import merge_parts

    parts = []
    for index, (offset, text) in enumerate(_chunks(document.text)):
        if not text.strip():
            continue  # nothing to read; spaCy would still spend time on the blank piece
        part = Document(id=f"{document.id}#{index}", text=text, title=document.title,
                        published=document.published, url=document.url)
        parts.append((offset, pipeline.extract([part])[0]))
    return merge_parts(document, parts)


def _extract_each(pipeline: Pipeline, documents: list[Document]) -> Iterator[Outcome]:
    """Extract a batch; if the batch fails, retry one by one so one bad document loses nothing else."""
    try:
        done = pipeline.extract(documents)
        for document in done:
            yield Outcome(document.id, document)
        return
    except Exception:  # noqa: BLE001 - isolate the failing document below
        pass
    for document in documents:
        try:
            yield Outcome(document.id, pipeline.extract([document])[0])
        except Exception as exc:  # noqa: BLE001 - reported per document
            yield Outcome(document.id, error=KgError(Errors.E021, where=document.id, detail=str(exc)[:200]))


def process(pipeline: Pipeline, documents: Iterable[Document], batch_size: int = 16,
            long_in_parts: bool = False) -> Iterator[Outcome]:
    """Extract, link and map each document; yields one Outcome per document, in order.

    With ``long_in_parts``, a document read in pieces (longer than ``CHUNK_CHARS``)
    comes linked but not mapped (``Outcome.in_parts``): its writer maps it part by
    part, so that its whole graph is never held in memory.
    """
    return complete(pipeline, extract_outcomes(pipeline, documents, batch_size), long_in_parts)


def extract_outcomes(pipeline: Pipeline, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Outcome]:
    """Extract each document (the first half of ``process``, which another process may run); in order."""
    batch: list[Document] = []
    for document in documents:
        if len(document.text) > CHUNK_CHARS:
            yield from _extract_each(pipeline, batch)
            batch = []
            try:
                yield Outcome(document.id, _extract_long(pipeline, document), pieces=True)
            except Exception as exc:  # noqa: BLE001 - reported per document
                yield Outcome(document.id, error=KgError(Errors.E021, where=document.id, detail=str(exc)[:200]))
            continue
        batch.append(document)
        if len(batch) >= batch_size:
            yield from _extract_each(pipeline, batch)
            batch = []
    if batch:
        yield from _extract_each(pipeline, batch)


def complete(pipeline: Pipeline, outcomes: Iterable[Outcome], long_in_parts: bool = False) -> Iterator[Outcome]:
    """Link and map extracted documents (the second half of ``process``): each Outcome gets its N-Quads,
    or, with ``long_in_parts``, a document extracted in pieces is left for its writer to map."""
    for outcome in outcomes:
        if outcome.document is not None:
            try:
                pipeline.link(outcome.document)
                if outcome.pieces and long_in_parts:
                    outcome.in_parts = True
                else:
                    outcome.nquads = document_data(outcome.document)
            except Exception as exc:  # noqa: BLE001 - reported per document
                outcome.error = KgError(Errors.E021, where=outcome.where, detail=str(exc)[:200])
                outcome.nquads = None
        yield outcome


def new_dataset() -> Dataset:
    """An empty dataset with the project's prefixes bound."""
    dataset = Dataset()
    for prefix, ns in NAMESPACES.items():
        dataset.bind(prefix, ns, replace=True)  # rdflib binds "geo" to GeoSPARQL by default
    return dataset


def plain_strings(dataset: Dataset) -> int:
    """Make ``"x"^^xsd:string`` plain ``"x"`` again, as it was written; return how many were changed.

    The same value in RDF 1.1, but oxrdflib's parsers read every plain literal
    as typed, so a graph read and written back would no longer compare equal
    to the one it came from.
    """
    typed = [(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))
             if isinstance(o, Literal) and o.datatype == XSD.string and o.language is None]
    for s, p, o, g in typed:
        graph = dataset.graph(g) if g is not None else dataset.default_graph
        graph.remove((s, p, o))
        graph.add((s, p, Literal(str(o))))
    return len(typed)


def add_ontology(dataset: Dataset) -> None:
    """Add the ontology's vocabulary to a dataset, in its own graph, so that the file stands alone."""
    from kg.store.standalone import ontology_nquads

    dataset.parse(data=ontology_nquads(), format="ox-nquads")


def dataset_quads(dataset: Dataset | Graph) -> Iterator[ox.Quad]:
    """An rdflib dataset's (or graph's) statements as Oxigraph quads, for the one writer of files."""
    if isinstance(dataset, Dataset):
        data = dataset.serialize(format="nquads").encode("utf-8")
        return ox.parse(data, format=ox.RdfFormat.N_QUADS)
    data = dataset.serialize(format="nt").encode("utf-8")
    return (ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """The dataset in an output format, as ``kg.store.export`` writes files (N-Quads, N-Triples sorted)."""
    return graph_bytes(dataset_quads(dataset), fmt)


def write_file(dataset: Dataset, path: Path, fmt: str) -> None:
    """Write a dataset to a file, or to standard output for ``-`` (``kg.store.export.write_quads``)."""
    write_quads(lambda: dataset_quads(dataset), path, fmt)
