"""Merging truces across documents: one truce's whole life, whichever reports told it.

A truce has no Wikidata id and rarely a name ("the truce", "the nationwide ceasefire", "the
two-month truce"), so names cannot tell two truces apart. Two ceasefire nodes of different
documents are one truce when their documents share a country (``entities.countries``) and every
report of the joined group was published within ``WINDOW`` of every other: a truce told from
its announcement to its end over months is one, while two truces of one war years apart stay
two. Two truces of one document stay two, and a report's truce joins the truce its country's
reports tell most often. Blocking by country keeps this near-linear.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from kg.consolidate.groups import Groups, Veto
from kg.consolidate.records import Corpus, Node

WINDOW = timedelta(days=366)


@dataclass
class Told:
    """The reports a group of truce nodes comes from, and their first and last days of publication."""

    graphs: set[str]
    first: date
    last: date

    def combine(self, other: Told) -> Told:
        big, small = (self, other) if len(self.graphs) >= len(other.graphs) else (other, self)
        big.graphs |= small.graphs  # the larger set grows: each report is copied O(log n) times at most
        return Told(big.graphs, min(self.first, other.first), max(self.last, other.last))


def merge_ceasefires(corpus: Corpus, groups: Groups, context: dict[str, frozenset[str]]) -> None:
    """Join the ceasefire nodes of all documents that are one truce."""
    published = {g: d.published for g, d in corpus.documents.items()}
    by_country: dict[str, list[Node]] = defaultdict(list)
    for graph, document in sorted(corpus.documents.items(), key=lambda item: (item[1].published or date.max,
                                                                                 item[0])):
        if document.published is None:
            continue
        for node in sorted(document.nodes, key=lambda n: n.iri):
            if node.family == "ceasefire":
                groups.add(node.iri)
                for country in sorted(context[graph]):
                    by_country[country].append(node)

    def told(member: str) -> Told:
        graph = corpus.nodes[member].graph
        day = published[graph]
        assert day is not None  # only the truces of dated reports are here
        return Told({graph}, day, day)

    def fits(one: Told, other: Told) -> bool:
        if one.graphs & other.graphs:
            return False  # two truces of one report are two
        return max(one.last, other.last) - min(one.first, other.first) <= WINDOW

    allowed = Veto(told, fits, Told.combine)

    for country, block in sorted(by_country.items()):
        heads: list[str] = []  # one node per truce of this country so far
        for node in block:
            # the truce told most often first (then the latest): a report's stray second truce node
            # does not draw later reports away from the truce the story is about
            ranked = sorted(enumerate(heads), key=lambda item: (-len(groups.of(groups.find(item[1]))), -item[0]))
            for _, head in ranked:
                if groups.same(head, node.iri) or groups.join(
                        head, node.iri, "ceasefire",
                        f"truces told within {WINDOW.days} days in reports on one country (wd:{country})", allowed):
                    break
            else:
                heads.append(node.iri)
