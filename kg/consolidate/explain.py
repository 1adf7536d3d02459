"""`kg explain`: a node's mentions (document, date, quote) and why they were merged.

Everything is read with SPARQL, so it works alike over graph files, a store and an
endpoint. The user's name for the node goes into the queries only as a checked IRI or an
escaped literal (Oxigraph writes both), never as raw text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.querying import Table, cell_text

Run = Callable[[str], Table]

PREFIXES = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# The node a name stands for: consolidated nodes first, then nodes no consolidation took in.
FIND = PREFIXES + """SELECT DISTINCT ?node ?merged WHERE {
  VALUES ?wanted { %s }
  ?node rdfs:label|skos:altLabel ?name .
  FILTER (LCASE(STR(?name)) = LCASE(STR(?wanted)))
  FILTER NOT EXISTS { ?node ckg:mergedInto ?canonical }
  BIND (EXISTS { ?node ckg:consolidates ?mention } AS ?merged)
} ORDER BY DESC(?merged) ?node LIMIT 1"""
CANONICAL = PREFIXES + "SELECT ?canonical WHERE { %s ckg:mergedInto ?canonical }"
LABEL = PREFIXES + "SELECT ?label WHERE { %s rdfs:label ?label } LIMIT 1"
MENTIONS = PREFIXES + """SELECT ?mention ?document ?date ?quote WHERE {
  VALUES ?node { %s }
  { ?node ckg:consolidates ?mention }
  UNION { BIND (?node AS ?mention) FILTER NOT EXISTS { ?node ckg:consolidates ?any } }
  ?mention ckg:mentionedIn ?doc .
  OPTIONAL { ?doc dcterms:identifier ?document }
  OPTIONAL { ?doc ckg:published ?date }
  OPTIONAL { ?mention ckg:evidence ?evidence . ?evidence ckg:document ?doc ; ckg:quote ?quote }
} ORDER BY ?date ?document ?quote"""
MERGES = PREFIXES + """SELECT ?rule ?reason WHERE {
  ?merge ckg:mergeResult %s ; ckg:mergeRule ?rule ; ckg:mergeReason ?reason .
} ORDER BY ?rule ?reason"""


@dataclass
class Explanation:
    """A node, its label, its mentions (document, date, quote) and the merges behind it."""

    node: str
    label: str
    mentions: list[tuple[str, str, str]] = field(default_factory=list)
    merges: list[tuple[str, str]] = field(default_factory=list)


def _term(name: str) -> str:
    """The user's name as a SPARQL term: an IRI if it looks like one, else a string literal."""
    if name.startswith(("http://", "https://")):
        try:
            return str(ox.NamedNode(name))
        except ValueError:
            raise KgError(Errors.E032, name=name) from None
    return str(ox.Literal(name))


def find(run: Run, name: str) -> str:
    """The IRI of the node a name (an IRI or a label) stands for, its consolidated node if it has one."""
    term = _term(name)
    if term.startswith("<"):
        node = name
    else:
        rows = run(FIND % term).rows
        if not rows or rows[0][0] is None:
            raise KgError(Errors.E032, name=name)
        node = rows[0][0].value
    canonical = run(CANONICAL % str(ox.NamedNode(node))).rows
    return canonical[0][0].value if canonical and canonical[0][0] is not None else node


def explain(run: Run, name: str) -> Explanation:
    """What a node is made of, and why."""
    node = find(run, name)
    iri = str(ox.NamedNode(node))
    label_rows = run(LABEL % iri).rows
    if not label_rows:
        raise KgError(Errors.E032, name=name)
    found = Explanation(node, cell_text(label_rows[0][0]))
    for _, document, day, quote in run(MENTIONS % iri).rows:
        found.mentions.append((cell_text(document), cell_text(day), cell_text(quote)))
    found.mentions = list(dict.fromkeys(found.mentions))
    found.merges = list(dict.fromkeys((cell_text(rule), cell_text(reason)) for rule, reason in run(MERGES % iri).rows))
    return found


def render(found: Explanation) -> str:
    """The explanation as text for the terminal."""
    documents = {document for document, _, _ in found.mentions}
    lines = [f"{found.label}  <{found.node}>",
             f"{len(found.mentions)} mention(s) in {len(documents)} document(s):"]
    lines += [f"  {day or '(undated)':<10}  {document}  \"{_short(quote)}\"" for document, day, quote in found.mentions]
    if found.merges:
        lines.append("merged because:")
        lines += [f"  {rule}: {reason}" for rule, reason in found.merges]
    else:
        lines.append("not merged with any other mention")
    return "\n".join(lines)


def _short(quote: str, most: int = 80) -> str:
    """A quote cut to fit a terminal line."""
    return quote if len(quote) <= most else quote[:most - 1].rstrip() + "…"
