"""Answers traced back to their text: each row's document and sentence beside it.

Every canned query returns an ``evidence`` column (one ``ckg:Evidence`` sentence
that supports the row). ``trace`` asks the same source, in one query, for the
document and the quote of every evidence node in a table, and puts them in
place of the node: what ``kg query NAME --evidence`` prints.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from kg.querying import Table

# Evidence nodes per lookup query: a VALUES block of this many IRIs stays a small request.
BATCH = 200

_LOOKUP = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?evidence ?document ?quote WHERE {{
  VALUES ?evidence {{ {nodes} }}
  ?evidence ckg:quote ?quote ;
            ckg:document ?doc .
  OPTIONAL {{ ?doc dcterms:identifier ?id }}
  BIND (COALESCE(?id, STR(?doc)) AS ?document)
}}"""


def sentences(nodes: list[ox.NamedNode], run: Callable[[str], ox.QuerySolutions]) -> dict[str, tuple[str, str]]:
    """The document id and the quote of each evidence node, by the node's IRI."""
    found: dict[str, tuple[str, str]] = {}
    unique = sorted({node.value: node for node in nodes}.values(), key=lambda n: n.value)
    for first in range(0, len(unique), BATCH):
        # the IRIs come from the answers and are written by Oxigraph (str of a NamedNode): no user text
        query = _LOOKUP.format(nodes=" ".join(str(node) for node in unique[first:first + BATCH]))
        for solution in run(query):
            evidence, document, quote = solution["evidence"], solution["document"], solution["quote"]
            if isinstance(evidence, ox.NamedNode) and document is not None and quote is not None:
                found[evidence.value] = (document.value, quote.value)
    return found


def trace(table: Table, run: Callable[[str], ox.QuerySolutions]) -> Table:
    """The table with ``document`` and ``sentence`` columns in place of ``evidence``.

    ``run`` answers a SELECT query over the same graphs, store or endpoint the
    table came from. A table without an ``evidence`` column is returned as it is.
    """
    if "evidence" not in table.columns:
        return table
    at = table.columns.index("evidence")
    nodes = [node for row in table.rows if isinstance(node := row[at], ox.NamedNode)]
    found = sentences(nodes, run)
    columns = table.columns[:at] + ["document", "sentence"] + table.columns[at + 1:]
    rows = []
    for row in table.rows:
        node = row[at]
        document, quote = found.get(node.value, (None, None)) if isinstance(node, ox.NamedNode) else (None, None)
        cells = (ox.Literal(document) if document else None, ox.Literal(quote) if quote else None)
        rows.append(row[:at] + cells + row[at + 1:])
    return Table(columns, rows)
