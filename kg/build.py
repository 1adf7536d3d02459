"""Building graphs: read documents, extract, link, map to RDF, write.

``process`` is the per-document work that every kind of build shares (graph
files here, stores in ``kg.corpus``, Dask workers too). ``build_file`` is what
``kg build ... -o FILE`` runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import XSD, Dataset, Graph, Literal

from kg.consolidate import Consolidation, consolidate_dataset
from kg.errors import Errors, KgError
from kg.inputs import InputProblem, iter_documents, unique_documents
from kg.model import Document
from kg.rdf import NAMESPACES, document_data, quads_graph
from kg.store.files import write_bytes
from kg.store.formats import FORMATS
from kg.store.jsonld import serialize_jsonld

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

    @property
    def graph(self) -> Graph | None:
        """The document's triples as an rdflib graph (converted on demand: it is slow at scale)."""
        if self.nquads is None or self.document is None:
            return None
        return quads_graph(list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS)), self.document.id)


@dataclass
class FileBuild:
    """The result of a build into a graph file."""

    dataset: Dataset
    built: int = 0
    failed: list[tuple[str, KgError]] = field(default_factory=list)
    triples: int = 0
    consolidation: Consolidation | None = None  # when two or more documents were built


class Pipeline:
    """The loaded NLP pipeline, gazetteer and optional online linker, loaded once."""

    def __init__(self, model: str | None = None, online: Any = None) -> None:
        from kg.extract import load_nlp
        from kg.linking.gazetteer import default_gazetteer

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
    batch: list[Document] = []

    def finish(outcomes: Iterable[Outcome], in_parts: bool = False) -> Iterator[Outcome]:
        for outcome in outcomes:
            if outcome.document is not None:
                try:
                    pipeline.link(outcome.document)
                    if in_parts:
                        outcome.in_parts = True
                    else:
                        outcome.nquads = document_data(outcome.document)
                except Exception as exc:  # noqa: BLE001 - reported per document
                    outcome.error = KgError(Errors.E021, where=outcome.where, detail=str(exc)[:200])
                    outcome.nquads = None
            yield outcome

    for document in documents:
        if len(document.text) > CHUNK_CHARS:
            yield from finish(_extract_each(pipeline, batch))
            batch = []
            try:
                yield from finish([Outcome(document.id, _extract_long(pipeline, document))], long_in_parts)
            except Exception as exc:  # noqa: BLE001 - reported per document
                yield Outcome(document.id, error=KgError(Errors.E021, where=document.id, detail=str(exc)[:200]))
            continue
        batch.append(document)
        if len(batch) >= batch_size:
            yield from finish(_extract_each(pipeline, batch))
            batch = []
    if batch:
        yield from finish(_extract_each(pipeline, batch))


def new_dataset() -> Dataset:
    """An empty dataset with the project's prefixes bound."""
    dataset = Dataset()
    for prefix, ns in NAMESPACES.items():
        dataset.bind(prefix, ns, replace=True)  # rdflib binds "geo" to GeoSPARQL by default
    return dataset


def build_dataset(
    paths: list[str],
    *,
    model: str | None = None,
    published: date | None = None,
    online: Any = None,
    on_problem: Callable[[str, KgError], None] | None = None,
    pipeline: Pipeline | None = None,
    progress: bool = False,
    same_as: list[tuple[str, str]] | None = None,
    keep_apart: list[tuple[str, str]] | None = None,
) -> FileBuild:
    """Build every document of the inputs into one dataset, one named graph per document, and
    consolidate them (``kg.consolidate``) when there are two or more.

    ``progress`` shows the progress bar that store builds show, on standard error.
    """
    from kg.progress import progress_bar

    result = FileBuild(new_dataset())
    good: list[Document] = []
    for item in unique_documents(iter_documents(paths, published)):
        if isinstance(item, InputProblem):
            result.failed.append((item.where, item.error))
            if on_problem:
                on_problem(item.where, item.error)
        else:
            good.append(item)
    if not good:
        return result
    pipeline = pipeline or pipeline_for(model, online)  # loaded once per process, as store builds do
    with progress_bar(progress, len(good)) as bar:
        task = bar.add_task("build", total=len(good), status="")
        for outcome in process(pipeline, good):
            _add_outcome(result, outcome, on_problem)
            bar.update(task, advance=1, status=f"{len(result.failed)} failed" if result.failed else "")
    if result.built > 1 or same_as or keep_apart:
        result.consolidation = consolidate_dataset(result.dataset, same_as, keep_apart)
    return result


def _add_outcome(result: FileBuild, outcome: Outcome, on_problem: Callable[[str, KgError], None] | None) -> None:
    graph = outcome.graph
    if graph is None:
        error = outcome.error or KgError(Errors.E021, where=outcome.where, detail="unknown")
        result.failed.append((outcome.where, error))
        if on_problem:
            on_problem(outcome.where, error)
        return
    named = result.dataset.graph(graph.identifier)
    named += graph
    result.built += 1
    result.triples += len(graph)


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


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """The dataset in an output format, byte-identical for the same triples."""
    rdflib_format, keeps_graphs = FORMATS[fmt].rdflib, FORMATS[fmt].keeps_graphs
    if fmt in ("nt", "nq"):
        text = dataset.serialize(format="nquads") if keeps_graphs else _union(dataset).serialize(format="nt")
        lines = sorted({line for line in text.splitlines() if line.strip()})
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    source: Graph | Dataset = dataset if keeps_graphs else _union(dataset)
    if fmt == "jsonld":
        return serialize_jsonld(source)
    return source.serialize(format=rdflib_format).encode("utf-8")


def _union(dataset: Dataset) -> Graph:
    graph = Graph()
    for prefix, ns in dataset.namespaces():
        graph.bind(prefix, ns, replace=True)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def write_file(dataset: Dataset, path: Path, fmt: str) -> None:
    """Write a dataset to a file (``kg.store.files.write_bytes``), or to standard output for ``-``."""
    write_bytes(serialize(dataset, fmt), path)
