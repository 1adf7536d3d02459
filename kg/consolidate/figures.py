"""Figures across reports: never merged, but dated by their first report, and withdrawn by corrections.

A figure's identity is (count, qualifier, outcome, victims, source), the source taken after
actor merging. Every copy of one figure gets ``reported``: the publication date of the
earliest document that gives it (victims left out: a recap may word them otherwise). A
*correction* (a document whose title or text says it corrects: "Correction:", "wrongly
said", "erroneously") retracts each earlier figure of the same outcome, victims and source
that it gives with another count, and the figure it tells as wrong ("wrongly said that 15
children died") with that figure's earlier copies. A live blog's update of its own running
toll is not a correction: it says no such thing, and its superseded figure keeps its row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from kg.consolidate.events import MIN_BARE_COUNT
from kg.consolidate.groups import Groups
from kg.consolidate.names import fold
from kg.consolidate.records import CORRECTION, WITHDRAWN, Corpus, Document, Node

Key = tuple[int | None, str | None, str | None, str | None, str | None]


@dataclass
class FigureFacts:
    """What consolidation adds to figures: first report dates and retractions."""

    reported: dict[str, date]  # figure IRI -> earliest publication date of its identity
    retracted: dict[str, str]  # figure IRI -> IRI of the figure that corrects it


def is_correction(document: Document) -> bool:
    """Whether a document presents itself as a correction of an earlier report (by the title and sentences
    its record keeps: ``records.kept_quote``)."""
    return any(CORRECTION.search(text) for text in [document.title or "", *document.quotes])


def _victims(corpus: Corpus, iri: str | None) -> str | None:
    label = corpus.label(iri)
    return fold(label) if label else None


def figure_facts(corpus: Corpus, groups: Groups, merged: set[str]) -> FigureFacts:
    """``reported`` for the figures given by two or more documents or of a merged event (``merged``: event
    IRIs), and the figures that corrections retract."""
    keyed: dict[Key, list[tuple[str, Node]]] = defaultdict(list)
    for document in corpus.documents.values():
        for event in document.nodes:
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


def withdrawn(corpus: Corpus, document: Document) -> dict[str, Node]:
    """The figures that a correction tells as wrong, each with its event: the figures of a sentence that
    says it was wrong ("wrongly said", "erroneously"), when the sentence gives one figure of that outcome
    (with two, "wrongly said 15 instead of 5", which one was wrong is not told)."""
    by_sentence: dict[str, list[tuple[str, Node]]] = defaultdict(list)
    quotes = document.evidence  # the sentences that may tell a correction (``records.kept_quote``)
    for event in document.nodes:
        for iri in event.figures:
            figure = corpus.figures.get(iri)
            for sentence in figure.evidence if figure is not None else []:
                if WITHDRAWN.search(quotes.get(sentence, "")):
                    by_sentence[sentence].append((iri, event))
    found: dict[str, Node] = {}
    for copies in by_sentence.values():
        outcomes = Counter(corpus.figures[iri].outcome for iri, _ in dict(copies).items())
        found.update((iri, e) for iri, e in copies if outcomes[corpus.figures[iri].outcome] == 1)
    return found


def _retractions(corpus: Corpus, keyed: dict[Key, list[tuple[str, Node]]]) -> dict[str, str]:
    """Each figure that a later correction gives with another count, and the correcting figure; and each
    figure that a correction tells as wrong, with its earlier copies."""
    retracted: dict[str, str] = {}
    by_subject: dict[tuple[str | None, str | None, str | None], list[Key]] = defaultdict(list)
    for key in keyed:
        if key[4] is not None:
            by_subject[(key[2], key[3], key[4])].append(key)
    for document in corpus.documents.values():
        if not is_correction(document) or document.published is None:
            continue
        wrong = withdrawn(corpus, document)
        _withdraw(corpus, keyed, document, wrong, retracted)
        for key, copies in keyed.items():
            mine = [iri for iri, e in copies if e.graph == document.graph and iri not in wrong]
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


def _withdraw(corpus: Corpus, keyed: dict[Key, list[tuple[str, Node]]], document: Document,
              wrong: dict[str, Node], retracted: dict[str, str]) -> None:
    """Retract the figures a correction tells as wrong, and their copies in earlier reports: the same
    count, qualifier, outcome and victims, from the same source, or with none given on one side when
    the count is not too small to tell a figure by (``events.MIN_BARE_COUNT``). Each is retracted
    by the correction's figure of the same outcome and victims with another count, or else by the
    correction's own telling of it as wrong."""
    published = document.published or date.min
    own = [(iri, key) for key, copies in keyed.items() for iri, e in copies if e.graph == document.graph]
    for iri in sorted(wrong):
        figure = corpus.figures[iri]
        key = next((k for i, k in own if i == iri), None)
        if key is None:
            continue
        by = next((i for i, k in own if i not in wrong and k[2] == key[2] and k[3] == key[3] and k[0] != key[0]),
                  iri)
        retracted.setdefault(iri, by)
        for other, copies in keyed.items():
            if other[:4] != key[:4] or other[4] != key[4] and None not in (key[4], other[4]):
                continue
            if other[4] != key[4] and figure.count is not None and figure.count < MIN_BARE_COUNT:
                continue  # a small count told with no source is too common to tell a figure by
            for copy, event in copies:
                if (corpus.documents[event.graph].published or date.max) < published:
                    retracted.setdefault(copy, by)
