"""Figures across reports: never merged, but dated by their first report, and withdrawn by corrections.

A figure's identity is (count, qualifier, outcome, victims, source), the source taken after
actor merging. Every copy of one figure gets ``reported``: the publication date of the
earliest document that gives it (victims left out: a recap may word them otherwise). A
*correction* (a document whose title or text says it corrects: "Correction:", "wrongly
said", "erroneously") retracts each earlier figure of the same outcome, victims and source
that it gives with another count. A live blog's update of its own running toll is not a
correction: it says no such thing, and its
superseded figure keeps its row.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from kg.consolidate.groups import Groups
from kg.consolidate.names import fold
from kg.consolidate.records import Corpus, Document, Node

CORRECTION = re.compile(r"\bcorrection\b|\bcorrected\b|\bwrongly\b|\berroneously\b|\bincorrectly\b|\bmisreported\b",
                        re.IGNORECASE)

Key = tuple[int | None, str | None, str | None, str | None, str | None]


@dataclass
class FigureFacts:
    """What consolidation adds to figures: first report dates and retractions."""

    reported: dict[str, date]  # figure IRI -> earliest publication date of its identity
    retracted: dict[str, str]  # figure IRI -> IRI of the figure that corrects it


def is_correction(document: Document) -> bool:
    """Whether a document presents itself as a correction of an earlier report."""
    return any(CORRECTION.search(text) for text in [document.title or "", *document.quotes])


def _victims(corpus: Corpus, iri: str | None) -> str | None:
    label = corpus.label(iri)
    return fold(label) if label else None


def figure_facts(corpus: Corpus, groups: Groups, merged: set[str]) -> FigureFacts:
    """``reported`` for the figures given by two or more documents or of a merged event (``merged``: event
    IRIs), and the figures that corrections retract."""
    keyed: dict[Key, list[tuple[str, Node]]] = defaultdict(list)
    for document in corpus.documents.values():
        for event in document.nodes.values():
            source = event.roles.get("source")
            source_root = groups.find(source) if source else None
            for iri in event.figures:
                figure = corpus.figures.get(iri)
                if figure is not None and figure.count is not None:
                    key = (figure.count, figure.qualifier, figure.outcome,
                           _victims(corpus, figure.victims), source_root)
                    keyed[key].append((iri, event))
    published = {g: d.published for g, d in corpus.documents.items()}
    reported: dict[str, date] = {}
    # a recap that words the victims otherwise still repeats the figure: `reported` leaves victims out
    loose: dict[tuple[int | None, str | None, str | None, str | None], list[tuple[str, Node]]] = defaultdict(list)
    for full, copies in keyed.items():
        loose[(full[0], full[1], full[2], full[4])].extend(copies)
    for copies in loose.values():
        dates = [d for _, e in copies if (d := published.get(e.graph))]
        repeated = len({e.graph for _, e in copies}) > 1
        for iri, event in copies:
            if dates and (repeated or event.iri in merged):
                reported[iri] = min(dates)
    return FigureFacts(reported, _retractions(corpus, keyed))


def _retractions(corpus: Corpus, keyed: dict[Key, list[tuple[str, Node]]]) -> dict[str, str]:
    """Each figure that a later correction gives with another count, and the correcting figure."""
    retracted: dict[str, str] = {}
    by_subject: dict[tuple[str | None, str | None, str | None], list[Key]] = defaultdict(list)
    for key in keyed:
        if key[4] is not None:
            by_subject[(key[2], key[3], key[4])].append(key)
    for document in corpus.documents.values():
        if not is_correction(document) or document.published is None:
            continue
        for key, copies in keyed.items():
            mine = [iri for iri, e in copies if e.graph == document.graph]
            if not mine or key[4] is None:
                continue
            for other in by_subject[(key[2], key[3], key[4])]:
                if other[0] == key[0]:
                    continue
                earlier = [(iri, e) for iri, e in keyed[other]
                           if (corpus.documents[e.graph].published or date.max) < document.published]
                if earlier:
                    for iri, _ in keyed[other]:
                        retracted.setdefault(iri, mine[0])
    return retracted
