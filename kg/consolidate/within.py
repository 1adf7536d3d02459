"""``within`` across reports: a place whose own report names nothing around it gets the smallest
enclosing place that the reports of its story name.

A report naming a region but not its country leaves the region with no ``within``; another report
of the same story (documents linked by a consolidated node, directly or through others) may name
the country. The offline gazetteer's part-of chain of the place's Wikidata id, nearest first,
picks the first enclosing place that the story names; the consolidated graph states it,
``<place> ckg:within <enclosing>``, on the place's consolidated node (or its own node when it was
named once). Places with a ``within`` of their own keep it.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from kg.consolidate.groups import Groups
from kg.consolidate.records import Corpus, Node


def stories(corpus: Corpus, groups: Groups) -> dict[str, str]:
    """Each document graph's story: documents linked by a group of two or more nodes share one."""
    linked = Groups()
    for graph in corpus.documents:
        linked.add(graph)
    for members in groups.groups():
        graphs = sorted({corpus.nodes[m].graph for m in members if m in corpus.nodes})
        for other in graphs[1:]:
            linked.join(graphs[0], other, "story", "")
    return {graph: linked.find(graph) for graph in corpus.documents}


def enclosing_places(corpus: Corpus, groups: Groups, canonical: dict[str, str]) -> list[tuple[str, str]]:
    """(place, enclosing place) for each place, consolidated or not, that no report places inside another,
    whose gazetteer chain meets a place that its story names; IRIs of canonical nodes where grouped."""
    from kg.linking.gazetteer import default_gazetteer

    if default_gazetteer() is None:
        return []
    story = stories(corpus, groups)

    def node_of(iri: str) -> str:
        return canonical.get(groups.find(iri), iri) if iri in groups.parent else iri

    named: dict[tuple[str, str], set[str]] = defaultdict(set)  # (story, qid) -> nodes
    places: dict[str, list[Node]] = defaultdict(list)  # place node (canonical or own) -> its mentions
    for graph, document in corpus.documents.items():
        for node in document.nodes:
            if node.family == "place":
                places[node_of(node.iri)].append(node)
                if node.wikidata:
                    named[(story[graph], node.wikidata)].add(node_of(node.iri))
    found: list[tuple[str, str]] = []
    for place, mentions in sorted(places.items()):
        qids = sorted({m.wikidata for m in mentions if m.wikidata})
        if any(m.within for m in mentions) or len(qids) != 1:
            continue
        home = story[mentions[0].graph]
        for parent in _chain(qids[0]):
            around = sorted(named.get((home, parent), set()) - {place})
            if around:
                found.append((place, around[0]))
                break
    return found


@lru_cache(maxsize=65536)
def _chain(qid: str) -> tuple[str, ...]:
    """The Wikidata ids of the places around a place, nearest first, by the offline gazetteer."""
    from kg.linking.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    return tuple(parent.qid for parent in gazetteer.parents(qid)) if gazetteer is not None else ()
