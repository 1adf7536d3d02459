"""The Python interface, for notebooks and scripts: build a graph, ask it questions, get rows.

    from kg.api import KnowledgeGraph
    kg = KnowledgeGraph.from_texts(["Rebels shelled the town of Jaffna on Monday, the army said."])
    kg.ask("attacks").to_dataframe()      # a canned question (pandas: pip install 'conflict-kg[pandas]')
    kg.sparql("SELECT ?e WHERE { ?e a ckg:Event }").records   # any SPARQL SELECT, rows as dicts
    KnowledgeGraph.open("kg.store").ask("captures")           # a store built by `kg build --store`
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import pyoxigraph as ox

from kg import resources
from kg.answers import AnswerIndex, ask, open_index
from kg.errors import Errors, KgError
from kg.inputs import InputProblem, document_from_json_line, iter_documents, parse_date
from kg.model import Document
from kg.narrowing import Narrowing
from kg.store.oxigraph import OxigraphStore
from kg.store.sparql import load_files, select

if TYPE_CHECKING:
    import pandas

Value = Union[str, int, float, bool, None]
NUMBERS = {"http://www.w3.org/2001/XMLSchema#integer": int, "http://www.w3.org/2001/XMLSchema#decimal": float,
           "http://www.w3.org/2001/XMLSchema#double": float}


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Value:
    """A term as a plain Python value: numbers as numbers, everything else as its text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        convert = NUMBERS.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(term.value)
            except ValueError:
                return term.value
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#boolean":
            return term.value == "true"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


@dataclass
class Rows(Sequence[dict[str, Value]]):
    """The answer to a question: its columns and one dict per row."""

    columns: list[str]
    records: list[dict[str, Value]] = field(default_factory=list)

    @classmethod
    def of(cls, solutions: ox.QuerySolutions) -> Rows:
        columns = [v.value for v in solutions.variables]
        return cls(columns, [{c: _value(row[c]) for c in columns} for row in solutions])

    def __getitem__(self, index: Any) -> Any:
        return self.records[index]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[dict[str, Value]]:
        return iter(self.records)

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (pandas is an optional extra)."""
        try:
            import pandas
        except ImportError:
            raise KgError(Errors.E030) from None
        return pandas.DataFrame.from_records(self.records, columns=self.columns)


def _day(value: date | str | None) -> date | None:
    return value if isinstance(value, date) or value is None else parse_date(value)


def questions() -> dict[str, str]:
    """The canned questions: name -> the question it answers."""
    return {name: resources.query_question(name) for name in resources.query_names()}


class KnowledgeGraph:
    """A knowledge graph to ask questions of: built in memory, loaded from graph files, or a store."""

    def __init__(self, select_function: Any, failed: list[tuple[str, str]] | None = None,
                 index: AnswerIndex | None = None) -> None:
        self._select = select_function
        self._index = index  # a store's answer index, when it is fresh (kg.answers)
        self.failed: list[tuple[str, str]] = failed or []  # (where, why) of documents that could not be built

    @classmethod
    def from_documents(cls, documents: Iterable[Document | InputProblem], *, model: str | None = None,
                       pipeline: Any = None) -> KnowledgeGraph:
        """Build documents into an in-memory graph (with the ontology)."""
        from kg.build import process
        from kg.corpus import pipeline_for

        good: list[Document] = []
        failed: list[tuple[str, str]] = []
        for item in documents:
            if isinstance(item, InputProblem):
                failed.append((item.where, item.error.message))
            else:
                good.append(item)
        store = load_files([])
        if good:
            for outcome in process(pipeline or pipeline_for(model), good):
                if outcome.nquads is None:
                    failed.append((outcome.where, outcome.error.message if outcome.error else "unknown"))
                else:
                    store.load(outcome.nquads, format=ox.RdfFormat.N_QUADS)
        return cls(lambda query: select(store, query), failed)

    @classmethod
    def from_texts(cls, texts: Iterable[str | Mapping[str, Any]], *, model: str | None = None,
                   published: date | None = None, pipeline: Any = None) -> KnowledgeGraph:
        """Build articles given as texts, or as dicts like the JSON input (``text``, ``id``, ``published``...)."""
        def documents() -> Iterator[Document | InputProblem]:
            for number, item in enumerate(texts, start=1):
                data = dict(item) if isinstance(item, Mapping) else {"text": item}
                if published is not None and "published" not in data:
                    data["published"] = published.isoformat()
                yield document_from_json_line(json.dumps(data, default=str), "text", number)

        return cls.from_documents(documents(), model=model, pipeline=pipeline)

    @classmethod
    def from_files(cls, paths: Iterable[str | Path], *, model: str | None = None, published: date | None = None,
                   pipeline: Any = None) -> KnowledgeGraph:
        """Build article files (.txt, .json, .jsonl, or folders of them)."""
        return cls.from_documents(iter_documents([str(p) for p in paths], published), model=model,
                                  pipeline=pipeline)

    @classmethod
    def load(cls, *graph_files: str | Path) -> KnowledgeGraph:
        """Graph files written by `kg build -o` or `kg export` (.ttl .nt .nq .trig .jsonld .rdf)."""
        store = load_files([Path(p) for p in graph_files])
        return cls(lambda query: select(store, query))

    @classmethod
    def open(cls, path: str | Path, *, index: bool = True) -> KnowledgeGraph:
        """A store built by `kg build --store`, `kg watch` or `kg ingest` (read-only), answered from its
        answer index while that is fresh (``index=False``: always by SPARQL)."""
        return cls(OxigraphStore(path, read_only=True).select, index=open_index(Path(path)) if index else None)

    def ask(self, name: str, *, place: str | None = None, actor: str | None = None,
            since: date | str | None = None, until: date | str | None = None, undated: bool = False) -> Rows:
        """Answer a canned question (see ``questions()``), narrowed as ``kg query`` narrows it.

        ``place``: rows in that place or a place within it; ``actor``: rows with that actor, by any
        of its names; ``since``/``until``: rows dated in that range (``undated=True`` keeps the
        rows without a date too). A parameter that does not apply to the question is an error.
        """
        if name not in resources.query_names():
            raise KgError(Errors.E012, name=name)
        narrowing = Narrowing(place, actor, _day(since), _day(until), undated)
        warn = lambda message: warnings.warn(message, stacklevel=3)  # noqa: E731
        return Rows.of(ask(name, resources.query_text(name), narrowing, self._select, self._index, warn))

    def sparql(self, query: str) -> Rows:
        """Answer a SPARQL SELECT query (the project's prefixes, such as ``ckg:``, need no declaration)."""
        return Rows.of(self._select(query))
