"""The blocking keys through which a document can touch another in consolidation.

Consolidation compares two nodes of different documents only when they share a key: an actor
or place its Wikidata id or a name key (``names.keys``), a truce a country of its document, a
dated event its (kind, status, action, day), a figure with no source its count, qualifier and
outcome, and so does a figure with a source whose count is big enough for a recap without the
source to find it (``events.MIN_BARE_COUNT``; the ``reported`` date of a figure with a source
follows the source's group, which name keys link),
and an undated event finds its event through its place, agent or truce, whose groups the keys
above already link. So documents that share no key, directly or through other documents, are
consolidated independently: recomputing the documents linked to a changed one gives exactly
the lines that a whole recompute gives for them (``kg.consolidate.stored``).
"""

from __future__ import annotations

from kg.consolidate.events import MIN_BARE_COUNT, event_kind
from kg.consolidate.names import keys
from kg.consolidate.records import Corpus, Document

SELF = "document"  # every document's own key, so that a document with no other is still recorded


def document_keys(corpus: Corpus, context: dict[str, frozenset[str]]) -> dict[str, set[str]]:
    """Each document graph's keys (``context``: each document's countries, ``entities.countries``)."""
    return {graph: _keys(corpus, document, context.get(graph, frozenset()))
            for graph, document in corpus.documents.items()}


def _keys(corpus: Corpus, document: Document, countries: frozenset[str]) -> set[str]:
    found = {f"{SELF}|{document.graph}"}
    for node in document.nodes:
        family = node.family
        if family in ("actor", "place"):
            if node.wikidata:
                found.add(f"{family}|wikidata|{node.wikidata}")
            found.update(f"{family}|{rule}|{key}" for rule, key in keys(node.label, node.aliases,
                                                                         "Person" in node.classes))
        elif family == "ceasefire":
            found.update(f"ceasefire|{country}" for country in countries)
        elif family == "event":
            kind = event_kind(node)
            if kind is not None and node.date is not None:
                found.add(f"event|{kind}|{node.status}|{node.action}|{node.date.isoformat()}")
            sourced = bool(node.roles.get("source"))
            for iri in node.figures:
                figure = corpus.figures.get(iri)
                if figure is not None and figure.count is not None and (not sourced or figure.count >= MIN_BARE_COUNT):
                    found.add(f"figure|{figure.count}|{figure.qualifier}|{figure.outcome}")
    return found
