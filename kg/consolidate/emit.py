"""Writing the consolidated graph: canonical nodes, the links to their mentions, merge records.

Every group of two or more nodes becomes one canonical node, ``id/actor/<hash>``,
``id/place/<hash>`` or ``id/event/<hash>``, the hash taken from the group's first member so
that the IRI stays put while reports are added. The canonical node has the properties of
its mentions, with node objects replaced by their canonical nodes: one value (the most
common) of each single-valued property (label, date, roles, status), every value of the
others (aliases, Wikidata links, figures, evidence, documents).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from kg.consolidate.figures import FigureFacts
from kg.consolidate.groups import Groups
from kg.consolidate.names import VAGUE, fold, is_acronym
from kg.consolidate.records import CKG_NS, CONSOLIDATED, RDF_TYPE, RDFS_LABEL, SKOS_ALT, Corpus, Iri, Node
from kg.consolidate.tallies import FIGURES, MemoryTallies, SpilledTallies
from kg.namespace import ID

XSD = "http://www.w3.org/2001/XMLSchema#"
SINGLE = frozenset({RDFS_LABEL, *(CKG_NS + p for p in (
    "date", "status", "action", "agent", "opponent", "target", "place", "capturedFrom", "addressee", "source",
    "about", "respondsTo", "denies", "within", "partOf", "firstEvidence"))})
# Not copied: a mention's character offsets, which mean nothing outside its own document.
NOT_COPIED = frozenset({RDF_TYPE, RDFS_LABEL, SKOS_ALT, CKG_NS + "span"})
GENERIC_CLASSES = frozenset({"Event", "CommunicationEvent", "Actor", "Place"})


def _object(value: Any) -> str:
    if isinstance(value, Iri):
        return f"<{value}>"
    if isinstance(value, bool):
        return f'"{str(value).lower()}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, date):
        return f'"{value.isoformat()}"^^<{XSD}date>'
    return json.dumps(str(value), ensure_ascii=False)


def canonical_iri(family: str, members: list[str]) -> str:
    """A stable IRI for a group: its family and a hash of its first member."""
    digest = hashlib.sha1(min(members).encode("utf-8")).hexdigest()[:16]
    return f"{ID}{family}/{digest}"


# A member node's IRI and its (predicate, object) pairs: what a canonical node copies.
MemberPairs = tuple[str, Iterable[tuple[str, Any]]]
FIGURE = CKG_NS + "figure"


class Writer:
    """Writes the consolidated graph's N-Quads lines: kept (distinct, in order) in ``lines``, or handed to
    ``out`` as they are made (repeats included: whoever reads them keeps them distinct)."""

    def __init__(self, corpus: Corpus, groups: Groups, out: Callable[[str], object] | None = None,
                 scratch: Path | None = None) -> None:
        self.corpus = corpus
        self.scratch = scratch  # a folder for the tallies of ``write_groups`` (None: kept in memory)
        self.groups = groups
        self.lines: dict[str, None] = {}
        self.out = out
        self.canonical: dict[str, str] = {}  # group root -> canonical IRI

    def add(self, s: str, p: str, o: Any) -> None:
        line = f"<{s}> <{p}> {_object(o)} <{CONSOLIDATED}> .\n"
        if self.out is not None:
            self.out(line)
        else:
            self.lines[line] = None

    def text(self) -> str:
        """The lines kept (none when they went to ``out``)."""
        return "".join(self.lines)

    def name_groups(self) -> None:
        for members in self.groups.groups():
            family = self.corpus.nodes[members[0]].family
            self.canonical[self.groups.find(members[0])] = canonical_iri(family, members)

    def mapped(self, value: Any) -> Any:
        """An object with grouped nodes replaced by their canonical node."""
        if isinstance(value, Iri) and value in self.groups.parent:
            return Iri(self.canonical.get(self.groups.find(value), value))
        return value

    def write_groups(self, canonical: list[list[str]], pairs: Iterable[MemberPairs] | None = None) -> None:
        """Every group's canonical node: its classes, label and aliases from the records; the properties of
        its members from ``pairs`` (each member's pairs once, in any order; default: the records' own
        ``Node.triples``), one value of each single-valued property and every value of the others."""
        events = set()
        for members in canonical:
            self.write_names(members)
            if self.corpus.nodes[members[0]].family == "event":
                events.add(self.canonical[self.groups.find(members[0])])
        tallies = SpilledTallies(self.scratch) if self.scratch is not None else MemoryTallies()
        if pairs is None:
            pairs = ((m, self.corpus.nodes[m].triples) for members in canonical for m in members)
        for member, properties in pairs:
            iri = self.canonical[self.groups.find(member)]
            event = iri in events
            for p, o in properties:
                if p in NOT_COPIED:
                    continue
                value = self.mapped(o)
                if p in SINGLE:
                    tallies.count(iri, p, value)
                elif event and p == FIGURE:
                    tallies.figure(iri, value)
                elif value != iri:
                    self.add(iri, p, value)
        for iri, p, counts in tallies.tallies():
            if p == FIGURES:
                told = set(counts)
                for figure in sorted(told - self.repeated_figures(list(told)), key=str):
                    if figure != iri:
                        self.add(iri, FIGURE, figure)
                continue
            value = max(counts.items(), key=lambda item: (item[1], str(item[0])))[0]
            if value != iri:
                self.add(iri, p, value)
        for members in canonical:
            iri = self.canonical[self.groups.find(members[0])]
            for member in members:
                self.add(iri, CKG_NS + "consolidates", Iri(member))
                self.add(member, CKG_NS + "mergedInto", Iri(iri))

    def write_names(self, members: list[str]) -> None:
        """A canonical node's classes, label and aliases."""
        nodes = [self.corpus.nodes[m] for m in members]
        iri = self.canonical[self.groups.find(members[0])]
        for cls in self.classes(nodes):
            self.add(iri, RDF_TYPE, Iri(CKG_NS + cls))
        label = best_label(nodes)
        self.add(iri, RDFS_LABEL, label)
        for alias in sorted({n.label for n in nodes if n.label} | {a for n in nodes for a in n.aliases} - {label}):
            self.add(iri, SKOS_ALT, alias)

    def repeated_figures(self, figures: list[Any]) -> set[Any]:
        """The figures of one event that another of its figures already gives: the same count, qualifier and
        outcome (the event has one source) with the same victims, or with victims where it names none. A
        recap that repeats a toll is then one row with its first report's; the figures stay in their
        documents' graphs."""
        def victims(figure: Any) -> str:
            label = self.corpus.label(self.corpus.figures[figure].victims)
            return fold(label) if label else ""

        told = [f for f in sorted(figures, key=str) if f in self.corpus.figures]
        same: dict[tuple[Any, ...], list[Any]] = {}
        for figure in told:
            one = self.corpus.figures[figure]
            same.setdefault((one.count, one.qualifier, one.outcome), []).append(figure)
        repeated: set[Any] = set()
        for copies in same.values():
            named = {victims(f) for f in copies} - {""}
            kept: set[str] = set()
            for figure in copies:
                who = victims(figure)
                if (not who and named) or who in kept:
                    repeated.add(figure)
                kept.add(who)
        return repeated

    @staticmethod
    def classes(nodes: list[Node]) -> list[str]:
        """Events keep every class of their mentions; an entity takes its mentions' most common class."""
        if nodes[0].family == "event":
            return sorted(set().union(*(n.classes for n in nodes)))
        counts = Counter(c for n in nodes for c in n.classes - GENERIC_CLASSES)
        generic = sorted(set().union(*(n.classes for n in nodes)) & GENERIC_CLASSES)
        return generic + ([max(counts.items(), key=lambda item: (item[1], item[0]))[0]] if counts else [])

    def write_merges(self) -> None:
        for merge in self.groups.all_merges():
            root = self.groups.find(merge.one)
            # The pair's order follows the order the documents were read in (a store's, a file build's
            # or its workers'): the record's IRI must not, so that every build gives the same bytes.
            pair = " ".join(sorted((merge.one, merge.other)))
            record = f"{ID}merge/" + hashlib.sha1(pair.encode()).hexdigest()[:16]
            self.add(record, RDF_TYPE, Iri(CKG_NS + "Merge"))
            self.add(record, CKG_NS + "mergeRule", merge.rule)
            self.add(record, CKG_NS + "mergeReason", merge.evidence)
            self.add(record, CKG_NS + "mergeOf", Iri(merge.one))
            self.add(record, CKG_NS + "mergeOf", Iri(merge.other))
            self.add(record, CKG_NS + "mergeResult", Iri(self.canonical[root]))

    def write_within(self, pairs: list[tuple[str, str]]) -> None:
        """``within`` (and ``partOf``) for places that only other reports of their story place."""
        for place, around in pairs:
            self.add(place, CKG_NS + "within", Iri(around))
            self.add(place, CKG_NS + "partOf", Iri(around))

    def write_figures(self, facts: FigureFacts) -> None:
        for iri, day in sorted(facts.reported.items()):
            self.add(iri, CKG_NS + "reported", day)
        for iri, by in sorted(facts.retracted.items()):
            self.add(iri, CKG_NS + "retractedBy", Iri(by))


def best_label(nodes: list[Node]) -> str:
    """The group's label: the most used; then a spelled-out name over an acronym and a specific one over a
    vague one ("army"); then the name that the others extend ("RSF" over "RSF fighters"); then the longest."""
    counts = Counter(n.label for n in nodes if n.label)
    folded = {name: fold(name) for name in counts}

    def rank(name: str) -> tuple[int, bool, bool, bool, int, str]:
        extended = any(other.startswith(folded[name] + " ") for other in folded.values())
        return counts[name], not is_acronym(name), folded[name] not in VAGUE, extended, len(name), name

    return max(counts, key=rank) if counts else ""
