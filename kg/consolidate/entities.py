"""Merging actors and places across documents.

Blocking: a node is filed under its Wikidata id and under the keys of its names
(``kg.consolidate.names``); only nodes filed under one key are compared. Two nodes of
different documents join when they share a Wikidata id, or share a name key and are of
one family (actor or place), their groups have no two different Wikidata ids, and their
documents share a country (the countries each document names, or that enclose the places it
links, by the offline gazetteer; a document with neither may share a specific name of two
words or more, an acronym, or an actor's one-word proper name), so that a "National
Liberation Front" of one war is never the front of another, while a report that names only
a war's regions still meets its other reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from kg.consolidate.groups import Groups, Veto
from kg.consolidate.names import fold, keys
from kg.consolidate.records import Corpus, Node


def countries(corpus: Corpus) -> dict[str, frozenset[str]]:
    """Each document's countries: the Wikidata ids of the countries and states it names, and of the
    countries that enclose the places it links (a report naming two regions of a country is about it)."""
    found: dict[str, frozenset[str]] = {}
    shared: dict[frozenset[str], frozenset[str]] = {}  # one object per set of countries: most documents repeat one
    for graph, document in corpus.documents.items():
        named = {node.wikidata for node in document.nodes
                 if node.wikidata and node.classes & {"Country", "State"}}
        enclosing = {country for node in document.nodes
                     if node.wikidata and node.family == "place" and not node.classes & {"Country", "State"}
                     and (country := country_of(node.wikidata))}
        here = frozenset(named | enclosing)
        found[graph] = shared.setdefault(here, here)
    return found


@lru_cache(maxsize=65536)
def country_of(qid: str) -> str | None:
    """The Wikidata id of the country a place lies in, by the offline gazetteer (None without it)."""
    from kg.linking.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    entry = gazetteer.get(qid) if gazetteer is not None else None
    if gazetteer is None or entry is None or not entry.is_place or entry.kind == "country" or not entry.country:
        return None
    # the part-of chain is read by Wikidata id (indexed); the country code only when the chain ends short
    found = next((parent.qid for parent in gazetteer.parents(qid) if parent.kind == "country"), None)
    return found or gazetteer.country_qid(entry.country)


def _kind_fits(one: Node, other: Node) -> bool:
    """Whether two nodes' classes may be one thing: one family, and persons only with persons."""
    if one.family != other.family:
        return False
    return ("Person" in one.classes) == ("Person" in other.classes)


def merge_entities(corpus: Corpus, groups: Groups, context: dict[str, frozenset[str]] | None = None) -> None:
    """Join the actors and places of all documents that are one thing (``context``: each document's
    countries, worked out here when not given)."""
    context = countries(corpus) if context is None else context
    nodes = [n for d in corpus.documents.values() for n in d.nodes if n.family in ("actor", "place")]
    by_qid: dict[tuple[str, str], list[Node]] = defaultdict(list)
    by_key: dict[tuple[str, str, str], list[Node]] = defaultdict(list)
    for node in nodes:
        groups.add(node.iri)
        if node.wikidata:
            by_qid[(node.family, node.wikidata)].append(node)
        for rule, key in keys(node.label, node.aliases, "Person" in node.classes):
            by_key[(node.family, rule, key)].append(node)

    def qids(member: str) -> frozenset[str]:
        qid = corpus.nodes[member].wikidata
        return frozenset((qid,)) if qid else frozenset()

    allowed: Veto[frozenset[str]] = Veto(qids, lambda one, other: len(one | other) <= 1, _union)  # one id

    for (_, qid), block in sorted(by_qid.items()):
        _join_linked(block, qid, groups, allowed)
    for (_, rule, key), block in sorted(by_key.items()):
        _join_block(sorted(block, key=lambda n: n.iri), rule, key, context, groups, allowed)


def _union(one: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    """Two groups' Wikidata ids together: one of the two sets when it holds the other (as it nearly always
    does), not a new set for each of a story's many joins."""
    if other <= one:
        return one
    return other if one <= other else one | other


def _join_linked(block: list[Node], qid: str, groups: Groups,
                 allowed: Callable[[list[str], list[str]], bool]) -> None:
    """Join the nodes linked to one Wikidata id, each with a node of another document: two names one
    report keeps apart ("the Negev" and "Negev Desert") stay two rows of that report, as its extraction
    told them (a single document is left as it is), while every report's node joins the others'."""
    first = block[0]
    elsewhere = next((n for n in block if n.graph != first.graph), None)  # a node of a second document
    for node in block[1:]:
        other = first if node.graph != first.graph else elsewhere
        if other is not None:
            groups.join(other.iri, node.iri, "wikidata", f"both are wd:{qid}", allowed)


def _join_block(block: list[Node], rule: str, key: str, context: dict[str, frozenset[str]], groups: Groups,
                allowed: Callable[[list[str], list[str]], bool]) -> None:
    """Join the nodes filed under one key; each is compared with one node per group so far (near-linear)."""
    representatives: list[Node] = []
    for node in block:
        placed = False
        for rep in representatives:
            if groups.same(rep.iri, node.iri):
                placed = True
                continue
            if rep.graph == node.graph or not _kind_fits(rep, node):
                continue
            proper = rep.family == "actor" and _proper(rep, key) and _proper(node, key)
            if not _contexts_fit(context[rep.graph], context[node.graph], rule, key, proper):
                continue
            if rule == "surname" and min(len((n.label or "").split()) for n in (rep, node)) > 1:
                continue
            evidence = f"{rep.label!r} and {node.label!r} share the {rule} {key!r}"
            placed = groups.join(rep.iri, node.iri, rule, evidence, allowed) or placed
        if not placed:
            representatives.append(node)


def _proper(node: Node, key: str) -> bool:
    """Whether a node is named by a proper name that gives ``key``: written with a capital ("Hamas",
    "Hamas fighters"), not a common word as "rebels" or "coalition" are."""
    names = {node.label or "", *node.aliases}
    return any(name[:1].isupper() and f"{fold(name)} ".startswith(f"{key} ") for name in names)


def _contexts_fit(one: frozenset[str], other: frozenset[str], rule: str, key: str, proper: bool = False) -> bool:
    """Whether two documents' countries let a shared name mean one thing: a country in common, or none
    named by one of them and a specific name (two words or more, an acronym, or an actor's proper name
    of one word, which a report naming no country still uses for the group its other reports name)."""
    if one & other:
        return True
    if one and other:
        return False
    return rule == "acronym" or len(key.split()) >= 2 or proper
