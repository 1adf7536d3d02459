"""Run SPARQL SELECT queries over graph files, and print the answers.

Graph files are loaded, with the ontology, into an in-memory Oxigraph store
and queried over the union of their graphs. A persistent store
(``kg.store.select_store``) and a remote endpoint (``kg.endpoint.select_endpoint``)
give the same ``pyoxigraph.QuerySolutions``, so one printer serves all three.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TextIO, cast

import pyoxigraph as ox

from kg import resources
from kg.errors import Errors, KgError

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
PRINT_FORMATS = ("table", *RESULT_FORMATS)


@dataclass
class Table:
    """The answer to a SELECT query: its columns and rows of RDF terms (None = unbound)."""

    columns: list[str]
    rows: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]]


def rdf_format_of(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a graph file, from its extension."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) if path.suffix else None
    if fmt is None:
        raise KgError(Errors.E014, path=path, detail="unknown extension (use .ttl .nt .nq .trig .jsonld .rdf)")
    return fmt


def _is_article(path: Path) -> bool:
    """Whether a .json/.jsonl/.txt file holds an article (a ``text``) rather than JSON-LD."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".jsonl"):
        return True
    if suffix != ".json":
        return False
    with path.open("rb") as handle:
        head = handle.read(65536).decode("utf-8", "replace")
    return '"text"' in head and "@context" not in head and "@id" not in head and "@graph" not in head


def load_files(paths: Iterable[Path], store: ox.Store | None = None, ontology: bool = True) -> ox.Store:
    """An in-memory store holding the given graph files (and the ontology)."""
    store = store if store is not None else ox.Store()
    if ontology:
        for onto in resources.ontology_files():
            store.load(onto.read_bytes(), format=ox.RdfFormat.TURTLE)
    for path in paths:
        if not path.is_file():
            raise KgError(Errors.E001, path=path)
        if _is_article(path):
            raise KgError(Errors.E028, path=path)
        fmt = rdf_format_of(path)
        try:
            store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise KgError(Errors.E014, path=path, detail=str(exc).splitlines()[0]) from None
    return store


# Prefixes a query may use without declaring them: the usual ones, and every prefix of our graphs and ontology.
DEFAULT_PREFIXES = {
    "ckg": "https://w3id.org/conflict-kg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
}
_PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.MULTILINE | re.IGNORECASE)
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def prefixes() -> dict[str, str]:
    """The prefixes every query may use undeclared: ours (``kg.rdf.NAMESPACES``), the ontology's, the usual ones."""
    from kg.rdf import NAMESPACES

    found: dict[str, str] = {}
    for onto in resources.ontology_files():
        found.update((name or "", iri) for name, iri in _PREFIX_LINE.findall(onto.read_text(encoding="utf-8")))
    found.update({name: str(namespace) for name, namespace in NAMESPACES.items()})
    found.update(DEFAULT_PREFIXES)
    found.pop("", None)
    return found


def _strip_prologue(query: str) -> str:
    """The query without comments and PREFIX/BASE declarations: what its form starts with."""
    text = re.sub(r"#[^\n]*", "", query)
    return re.sub(r"^\s*(PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)", "", text, flags=re.IGNORECASE)


def readable_syntax_error(exc: SyntaxError, query: str) -> str:
    """A parser's message in plain words: "unknown prefix dcterms", "line 1, column 10: expected ..."."""
    message = str(exc)
    where = re.match(r"error at (\d+):(\d+): ", message)
    if where is None:
        return message.splitlines()[0]
    line, column = int(where.group(1)), int(where.group(2))
    position = f"line {line}, column {column}"
    unknown = _unknown_prefixes(query)
    if unknown:
        return f"unknown prefix {unknown[0]} ({position}); declare it with PREFIX {unknown[0]}: <...>"
    detail = message[where.end():].split("\n")[0]
    detail = re.sub(r", \[.*$", "", detail)  # the lists of character classes say nothing to a reader
    return f"{position}: {detail}"


def _unknown_prefixes(query: str) -> list[str]:
    """Prefixes the query uses that neither it nor ``prefixes()`` declares, in order of use."""
    text = re.sub(r"#[^\n]*|<[^>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", " ", query)
    declared = set(re.findall(r"PREFIX\s+([\w.-]*):", text, re.IGNORECASE)) | set(prefixes())
    used = re.findall(r"(?<![\w?$:])([A-Za-z][\w-]*):", text)
    return [name for name in dict.fromkeys(used) if name not in declared]


def run_query(store: ox.Store, query: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a SPARQL query of any form (SELECT, ASK, CONSTRUCT, DESCRIBE) over the union of the store's graphs."""
    if _UPDATE.match(_strip_prologue(query)):
        raise KgError(Errors.E029)
    try:
        return store.query(query, use_default_graph_as_union=True, prefixes=prefixes())
    except SyntaxError as exc:
        raise KgError(Errors.E013, detail=readable_syntax_error(exc, query)) from None
    except OSError as exc:  # a SERVICE that cannot be reached, for one
        raise KgError(Errors.E311, url="of a SERVICE clause", detail=_first_line(str(exc))) from None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "no answer"


def select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """Run a SELECT query over the union of the store's graphs."""
    result = run_query(store, query)
    if not isinstance(result, ox.QuerySolutions):
        raise KgError(Errors.E013, detail="only SELECT queries are supported here")
    return result


def select_files(paths: Sequence[Path], query: str) -> ox.QuerySolutions:
    """Run a SELECT query over graph files plus the ontology."""
    return select(load_files(paths), query)


def to_table(solutions: ox.QuerySolutions) -> Table:
    """Materialize query solutions as a Table."""
    columns = [v.value for v in solutions.variables]
    rows = [tuple(solution[c] for c in columns) for solution in solutions]
    return Table(columns, rows)


def cell_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """How a term reads in a table: a literal's value, an IRI, or empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def write_table(table: Table, out: TextIO, title: str | None = None) -> None:
    """Print a Table for people, with rich."""
    from rich.console import Console
    from rich.table import Table as RichTable

    view = RichTable(show_lines=False)
    for column in table.columns:
        view.add_column(column, overflow="fold")
    for row in table.rows:
        view.add_row(*(cell_text(term) for term in row))
    console = Console(file=out, width=max(120, Console(file=out).width))
    if title:
        console.print(title, style="bold", highlight=False, soft_wrap=True)
    console.print(view)
    if not table.rows:
        console.print("  (no rows)")


def write_results(solutions: ox.QuerySolutions, fmt: str, out: TextIO | None = None, title: str | None = None) -> None:
    """Print query solutions as a table, or in a W3C results format (json, csv, tsv, xml)."""
    out = out or sys.stdout
    if fmt == "table":
        write_table(to_table(solutions), out, title)
        return
    if fmt not in RESULT_FORMATS:
        raise KgError(Errors.E016, fmt=fmt, choices=", ".join(PRINT_FORMATS))
    # without an output file serialize returns the bytes (pyoxigraph's stub has no overload for that)
    text = cast(bytes, solutions.serialize(format=RESULT_FORMATS[fmt])).decode("utf-8")
    out.write(text if text.endswith("\n") else text + "\n")  # JSON and XML end without one
    out.flush()


# CONSTRUCT and DESCRIBE answers: RDF, Turtle for people ("table").
GRAPH_FORMATS = {"table": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                 "rdf": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
ANY_FORMATS = (*PRINT_FORMATS, "ttl", "nt", "rdf", "jsonld")


def write_any(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str,
              out: TextIO | None = None) -> None:
    """Print the answer of any query form: solutions and booleans as results, triples as RDF."""
    try:
        _write_any(result, fmt, out or sys.stdout)
    except OSError as exc:  # answers stream: a SERVICE that cannot be reached fails here, not in run_query
        raise KgError(Errors.E311, url="of a SERVICE clause", detail=_first_line(str(exc))) from None


def _write_any(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str, out: TextIO) -> None:
    if isinstance(result, ox.QuerySolutions):
        write_results(result, fmt, out)
        return
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            out.write(("true" if bool(result) else "false") + "\n")
        elif fmt in RESULT_FORMATS:
            text = cast(bytes, result.serialize(format=RESULT_FORMATS[fmt])).decode("utf-8")
            out.write(text if text.endswith("\n") else text + "\n")
        else:
            raise KgError(Errors.E016, fmt=fmt, choices=", ".join(PRINT_FORMATS))
        return
    if fmt not in GRAPH_FORMATS:
        raise KgError(Errors.E016, fmt=fmt, choices=", ".join(GRAPH_FORMATS))
    data = ox.serialize(result, format=GRAPH_FORMATS[fmt], prefixes=prefixes())
    text = cast(bytes, data).decode("utf-8")
    out.write(text if text.endswith("\n") or not text else text + "\n")
    out.flush()
