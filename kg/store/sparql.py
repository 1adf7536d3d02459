"""SPARQL over graph files and Oxigraph stores: the access `kg query`, `kg validate` and `kg link` share.

Graph files are loaded, with the ontology, into an in-memory Oxigraph store
and queried over the union of their graphs, as a persistent store is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg import resources
from kg.errors import Errors, KgError
from kg.namespace import PREFIXES
from kg.store.formats import rdf_format_of


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


# Prefixes a query may use without declaring them: every prefix of our graphs and ontology.
DEFAULT_PREFIXES = dict(PREFIXES)
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


def _strip_prologue(query: str) -> str:
    """The query without comments and PREFIX/BASE declarations: what its form starts with."""
    text = re.sub(r"#[^\n]*", "", query)
    return re.sub(r"^(?:\s*(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>))*", "", text, flags=re.IGNORECASE)


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


def _prefix_use(query: str) -> tuple[set[str], list[str]]:
    """The prefixes a query declares, and those it uses (in order of first use)."""
    text = re.sub(r"#[^\n]*|<[^>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", " ", query)
    declared = set(re.findall(r"PREFIX\s+([\w.-]*):", text, re.IGNORECASE))
    return declared, list(dict.fromkeys(re.findall(r"(?<![\w?$:])([A-Za-z][\w-]*):", text)))


def _unknown_prefixes(query: str) -> list[str]:
    """Prefixes the query uses that neither it nor ``prefixes()`` declares, in order of use."""
    declared, used = _prefix_use(query)
    return [name for name in used if name not in declared and name not in DEFAULT_PREFIXES]


def query_form(query: str) -> str:
    """The form of a query, upper case: SELECT, ASK, CONSTRUCT, DESCRIBE, or the update's first word."""
    words = _strip_prologue(query).split(None, 1)
    return re.sub(r"[^A-Za-z].*", "", words[0]).upper() if words else ""


def is_update(query: str) -> bool:
    """Whether the text is a SPARQL update rather than a query."""
    return bool(_UPDATE.match(_strip_prologue(query)))


def declare_prefixes(query: str) -> str:
    """The query with a PREFIX line for each prefix of ours it uses without declaring (for endpoints)."""
    declared, used = _prefix_use(query)
    lines = [f"PREFIX {name}: <{DEFAULT_PREFIXES[name]}>\n" for name in used
             if name in DEFAULT_PREFIXES and name not in declared]
    return "".join(lines) + query


def run_query(store: ox.Store, query: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a SPARQL query of any form (SELECT, ASK, CONSTRUCT, DESCRIBE) over the union of the store's graphs."""
    if is_update(query):
        raise KgError(Errors.E029)
    try:
        return store.query(query, use_default_graph_as_union=True, prefixes=DEFAULT_PREFIXES)
    except SyntaxError as exc:
        raise KgError(Errors.E013, detail=readable_syntax_error(exc, query)) from None
    except OSError as exc:  # a SERVICE that cannot be reached, for one
        raise KgError(Errors.E311, url="of a SERVICE clause", detail=first_line(str(exc))) from None


def first_line(text: str) -> str:
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
