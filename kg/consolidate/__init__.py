"""Consolidation: many reports, one picture.

``consolidate(quads)`` reads the per-document graphs, merges actors and places
(``entities``) and truces (``ceasefires``), then events (``events``), dates and retracts figures (``figures``) and
returns the consolidated graph (``emit``) as N-Quads in ``graph/consolidated``. The
per-document graphs are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.consolidate.ceasefires import merge_ceasefires
from kg.consolidate.emit import MemberPairs, Writer
from kg.consolidate.entities import countries, merge_entities
from kg.consolidate.events import EventMerger
from kg.consolidate.figures import figure_facts
from kg.consolidate.groups import Groups
from kg.consolidate.pairs import resolve
from kg.consolidate.records import CONSOLIDATED, Corpus, read
from kg.consolidate.within import enclosing_places

__all__ = ["CONSOLIDATED", "Consolidation", "consolidate", "consolidate_corpus", "consolidation_text"]


@dataclass
class Consolidation:
    """The consolidated graph as N-Quads, and what was done."""

    nquads: bytes
    merged_nodes: int = 0
    canonical_nodes: int = 0
    retracted: int = 0
    refused: list[tuple[str, str, str]] = field(default_factory=list)
    forced: int = 0
    scope: tuple[int, int] | None = None  # recomputed incrementally: (documents recomputed, documents in all)


def consolidate(quads: Iterable[tuple[Any, Any, Any, Any]], same_as: list[tuple[str, str]] | None = None,
                keep_apart: list[tuple[str, str]] | None = None) -> Consolidation:
    """The consolidated graph of the document graphs among ``quads``."""
    return consolidate_corpus(read(quads), same_as, keep_apart)


def consolidate_corpus(corpus: Corpus, same_as: list[tuple[str, str]] | None = None,
                       keep_apart: list[tuple[str, str]] | None = None, *,
                       pairs: Callable[[Set[str]], Iterable[MemberPairs]] | None = None,
                       out: Callable[[str], object] | None = None, scratch: Path | None = None) -> Consolidation:
    """Consolidate documents already read.

    ``pairs(members)`` gives the (predicate, object) pairs of the grouped nodes ``members`` when the
    records keep none (``read(..., triples=False)``); ``out`` takes the consolidated graph's lines as
    they are made (repeats included), which ``nquads`` then leaves out; ``scratch`` (a folder) takes the
    canonical nodes' tallies (``kg.consolidate.tallies``) and the merges made on disk instead of in memory.
    """
    groups = Groups(apart={frozenset(pair) for pair in resolve(corpus, keep_apart or [])},
                    log=scratch / "merges.jsonl" if scratch is not None else None)
    forced = 0
    for one, other in resolve(corpus, same_as or []):
        forced += groups.join(one, other, "same-as", "the user says these are one")
    context = countries(corpus)
    merge_entities(corpus, groups, context)
    merge_ceasefires(corpus, groups, context)
    for cluster in EventMerger(corpus, groups).merge():
        for event in cluster[1:]:
            groups.join(cluster[0].iri, event.iri, "event", _event_evidence(cluster[0], event))
    writer = Writer(corpus, groups, out, scratch)
    writer.name_groups()
    canonical = list(groups.groups())
    writer.write_groups(canonical, pairs({m for members in canonical for m in members}) if pairs else None)
    writer.write_merges()
    groups.close()
    writer.write_within(enclosing_places(corpus, groups, writer.canonical))
    facts = figure_facts(corpus, groups, {m for members in canonical for m in members})
    writer.write_figures(facts)
    data = writer.text().encode("utf-8")
    return Consolidation(data, merged_nodes=sum(map(len, canonical)), canonical_nodes=len(canonical),
                         retracted=len(facts.retracted), refused=groups.refused, forced=forced)


def _event_evidence(one: Any, other: Any) -> str:
    parts = [f"same kind ({one.kind})"]
    if one.date and one.date == other.date:
        parts.append(f"same day {one.date.isoformat()}")
    if one.roles.get("place") and other.roles.get("place"):
        parts.append("same place")
    return ", ".join(parts)


def consolidation_text(result: Consolidation) -> str:
    """One line on what consolidation did, the user's pairs included."""
    text = (f"consolidated {result.merged_nodes} mention(s) into {result.canonical_nodes} node(s), "
            f"{result.retracted} figure(s) retracted")
    if result.scope is not None:
        text += f" (recomputed for {result.scope[0]} of {result.scope[1]} document(s) that the changes touch)"
    if result.forced:
        text += f", {result.forced} pair(s) joined as --same-as says"
    if result.refused:
        text += f", {len(result.refused)} merge(s) refused as --keep-apart says"
    return text
