"""Merging events across documents: one capture told by a flash, a report and a recap is one event.

Blocking: events are compared only within one kind, status and (for ceasefire steps) action,
and a dated event only with the events of its day. Two events of different documents join
when their places are one (or one lies inside the other), their dates agree, and their
participants agree after actor merging: a role given by both must be filled by one actor,
except that for a capture or an attack in one place, on one day or from one side, the
taker is allowed to be named differently as long as neither report has it on the other side.
A source tells a toll's figures apart, not a capture or an attack: two reporters of one strike
tell one strike. A report that tells its own capture or attack twice (a lead and a quote) has
the second telling join the event once another report tells it too. An undated event
joins only the one event it fits; with two or more candidates it stays apart (two captures
of one town on different days cannot be told apart by an undated recap), unless the toll it
repeats or the target it names (an attack's) is one candidate's only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from kg.consolidate.groups import Groups
from kg.consolidate.names import fold, keys
from kg.consolidate.records import Corpus, Node
from kg.consolidate.shelves import Shelf

EVENT_KINDS = ("Capture", "Attack", "Clash", "Siege", "Withdrawal", "Casualties", "Displacement", "Proposal",
               "Rejection", "Acceptance", "Agreement", "Denial", "CeasefireEvent")
STRICT_ROLES = ("source", "capturedFrom", "about", "respondsTo", "denies", "addressee")
LOOSE_KINDS = frozenset({"Capture", "Attack"})
FIGURE_KINDS = frozenset({"Casualties", "Displacement", "Siege"})  # their source is whom the figures are told by
OTHER_SIDE = ("capturedFrom", "opponent", "target")
MIN_BARE_COUNT = 10  # the smallest count that, with no source, can tell a recap's event


def event_kind(node: Node) -> str | None:
    """The event's kind among EVENT_KINDS (Statements are not merged: each is its own row)."""
    return next((kind for kind in EVENT_KINDS if kind in node.classes), None)


@dataclass(eq=False)  # compared by identity: two clusters alike are still two
class Cluster:
    """Events found to be one, with what they agree on so far."""

    members: list[Node] = field(default_factory=list)
    graphs: set[str] = field(default_factory=set)
    day: date | None = None
    place: str | None = None
    roles: dict[str, str] = field(default_factory=dict)  # role -> who fills it (``EventMerger.identity``)
    first_told: date | None = None  # the earliest publication date among its reports
    # its members with and without a source, and the figures each side gives (``EventMerger.sources_fit``)
    sourced: int = 0
    bare: int = 0
    sourced_figures: set[tuple[int | None, str | None, str | None]] = field(default_factory=set)
    bare_figures: set[tuple[int | None, str | None, str | None]] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)  # its members' targets' labels, folded


# The clusters filed under each anchor (``EventMerger.anchors``).
Anchored = defaultdict[tuple[str, str], Shelf[Cluster]]


class EventMerger:
    """Merges the events of a corpus, given the actor and place groups."""

    def __init__(self, corpus: Corpus, groups: Groups) -> None:
        self.corpus = corpus
        self.groups = groups
        self.enclosures: dict[str, frozenset[str]] = {}  # place group -> the groups enclosing it
        self.identities: dict[str, str] = {}  # role filler -> who it is (``identity``)

    def root(self, iri: str | None) -> str | None:
        return self.groups.find(iri) if iri else None

    def identity(self, iri: str | None) -> str | None:
        """Who fills a role, to compare two reports' events: the actor's group, or for an actor named only by
        a vague word ("rebels", "residents"), which never merges on its own, that word: two reports of
        one capture "from rebels" name one side."""
        if not iri:
            return None
        found = self.identities.get(iri)
        if found is None:  # actors are grouped before events: each node's answer is worked out once
            node = self.corpus.nodes.get(iri)
            found = self.groups.find(iri)
            if node is not None and node.family == "actor" and node.label and found == iri \
                    and len(self.groups.members.get(iri, ())) < 2 and not keys(node.label, node.aliases, False):
                found = f"vague|{fold(node.label)}"
            self.identities[iri] = found
        return found

    def inside(self, place: str, other: str) -> bool:
        """Whether ``place`` is ``other`` or lies inside it (through any mention's ``within``)."""
        return self.groups.find(other) in self.enclosing(self.groups.find(place))

    def enclosing(self, root: str) -> frozenset[str]:
        """A place group and every group that encloses it, worked out once per group."""
        found = self.enclosures.get(root)
        if found is not None:
            return found
        self.enclosures[root] = frozenset({root})  # a cycle of withins stops here
        above: set[str] = {root}
        for member in self.groups.members.get(root, [root]):
            node = self.corpus.nodes.get(member)
            if node is not None and node.within:
                above |= self.enclosing(self.groups.find(node.within))
        self.enclosures[root] = frozenset(above)
        return self.enclosures[root]

    def told_after(self, event: Node, cluster: Cluster) -> bool:
        """Whether every report tells the event after its day: no report tells what had not yet happened."""
        told = self.corpus.documents[event.graph].published
        day = event.date or cluster.day
        if day is None:
            return True
        return (told is None or told >= day) and (cluster.first_told is None or cluster.first_told >= day)

    def places_fit(self, one: str | None, other: str | None) -> bool:
        return one is None or other is None or self.inside(one, other) or self.inside(other, one)

    def fits(self, event: Node, cluster: Cluster, kind: str, retold: bool = False) -> bool:
        """Whether an event can be one with a cluster (``retold``: told again by a report already in it)."""
        if event.graph in cluster.graphs and not retold:
            return False
        if event.date and cluster.day and event.date != cluster.day:
            return False
        if not self.told_after(event, cluster):
            return False
        place = event.roles.get("place")
        if not self.places_fit(place, cluster.place):
            return False
        for role in STRICT_ROLES:
            if role == "source" and kind not in FIGURE_KINDS:
                continue  # who reports a capture or an attack does not tell it apart from another report's
            mine, theirs = self.identity(event.roles.get(role)), cluster.roles.get(role)
            if mine and theirs and mine != theirs:
                return False
        if kind in FIGURE_KINDS and not self.sources_fit(event, cluster):
            return False
        return self.sides_fit(event, cluster, kind)

    def figures(self, nodes: list[Node]) -> set[tuple[int | None, str | None, str | None]]:
        """The (count, qualifier, outcome) of the figures some events give."""
        return {(f.count, f.qualifier, f.outcome) for n in nodes for iri in n.figures
                if (f := self.corpus.figures.get(iri)) is not None}

    def sources_fit(self, event: Node, cluster: Cluster) -> bool:
        """A toll's source is the source of its figures: a report that names none joins one that names a
        source only to repeat its figures (a recap), never to lend its own figures that source."""
        mine = bool(event.roles.get("source"))
        if mine and not cluster.bare or not mine and not cluster.sourced:
            return True
        own = self.figures([event])
        if mine:
            return cluster.bare_figures <= cluster.sourced_figures | own
        return cluster.bare_figures | own <= cluster.sourced_figures

    def sides_fit(self, event: Node, cluster: Cluster, kind: str) -> bool:
        mine = {role: self.identity(event.roles.get(role)) for role in ("agent", "opponent", "target")}
        theirs = {role: cluster.roles.get(role) for role in ("agent", "opponent", "target")}
        if kind == "Clash":
            left, right = {mine["agent"], mine["opponent"]} - {None}, {theirs["agent"], theirs["opponent"]} - {None}
            return not left or not right or bool(left & right)
        agent, other = mine["agent"], theirs["agent"]
        if not agent or not other or agent == other:
            return True
        same_day = event.date is not None and event.date == cluster.day
        taken_from = self.identity(event.roles.get("capturedFrom"))
        same_loser = taken_from is not None and taken_from == cluster.roles.get("capturedFrom")
        loose = kind in LOOSE_KINDS and cluster.place and (same_day or same_loser)
        mine_other_side = {self.identity(event.roles.get(r)) for r in OTHER_SIDE}
        theirs_other_side = {cluster.roles.get(r) for r in OTHER_SIDE}
        return bool(loose) and agent not in theirs_other_side and other not in mine_other_side

    def add(self, event: Node, cluster: Cluster) -> None:
        cluster.members.append(event)
        cluster.graphs.add(event.graph)
        target = self.corpus.label(event.roles.get("target"))
        if target:
            cluster.targets.add(fold(target))
        if event.roles.get("source"):
            cluster.sourced += 1
            cluster.sourced_figures |= self.figures([event])
        else:
            cluster.bare += 1
            cluster.bare_figures |= self.figures([event])
        cluster.day = cluster.day or event.date
        told = self.corpus.documents[event.graph].published
        if told is not None and (cluster.first_told is None or told < cluster.first_told):
            cluster.first_told = told
        cluster.place = cluster.place or event.roles.get("place")
        for role, iri in event.roles.items():
            cluster.roles.setdefault(role, self.identity(iri) or iri)

    def merge(self) -> list[list[Node]]:
        """The groups of two or more events that are one event."""
        blocks: dict[tuple[str, str | None, str | None], list[Node]] = defaultdict(list)
        for document in self.corpus.documents.values():
            for node in document.nodes:
                kind = event_kind(node)
                if kind is not None:
                    blocks[(kind, node.status, node.action)].append(node)
        found: list[list[Node]] = []
        for (kind, _, _), events in sorted(blocks.items(), key=lambda item: str(item[0])):
            found.extend(c.members for c in self.merge_block(kind, events) if len(c.members) > 1)
        return found

    def strict_roles(self, kind: str) -> tuple[str, ...]:
        """The roles that two events of a kind must fill alike (a source only for a toll's figures)."""
        return tuple(r for r in STRICT_ROLES if r != "source" or kind in FIGURE_KINDS)

    def fillers(self, event: Node, roles: tuple[str, ...]) -> dict[str, str]:
        """Who fills each of an event's ``roles`` that it names."""
        return {role: who for role in roles if (who := self.identity(event.roles.get(role)))}

    def merge_block(self, kind: str, events: list[Node]) -> list[Cluster]:
        published = {g: d.published or date.max for g, d in self.corpus.documents.items()}
        events = sorted(events, key=lambda e: (e.date is None, published[e.graph], e.iri))
        strict = self.strict_roles(kind)
        by_day: defaultdict[date, Shelf[Cluster]] = defaultdict(lambda: Shelf(strict))
        by_anchor: Anchored = defaultdict(lambda: Shelf(strict))
        clusters: list[Cluster] = []
        retold = False
        for event in events:
            if event.date is None and not retold:  # the dated events are all placed: join the retold ones
                retold = True
                self.join_retold(kind, by_day, by_anchor, clusters)
            fillers = self.fillers(event, strict)
            if event.date is not None:
                # the first cluster of its day that it fits (no need to try the others)
                chosen = next((c for c in by_day[event.date].candidates(fillers) if self.fits(event, c, kind)), None)
            else:
                chosen = self.only_candidate(event, kind, by_anchor, fillers)
            if chosen is None:
                chosen = Cluster()
                clusters.append(chosen)
            self.add(event, chosen)
            if event.date is not None:
                by_day[event.date].add(chosen)  # filed under the fillers it now names
            for anchor in self.anchors(event):
                by_anchor[anchor].add(chosen)
        if not retold:
            self.join_retold(kind, by_day, by_anchor, clusters)
        return clusters

    def only_candidate(self, event: Node, kind: str, by_anchor: Anchored, fillers: dict[str, str]) -> Cluster | None:
        """The one cluster an undated event joins, or None: among the clusters filed under its anchors, those it
        fits; with two or more, those that give a toll it repeats, if any (a toll tells its event better than its
        place does), and then for an attack that names a target those that name it alike, if any (a recap of the
        strike on the station is not the shelling of a street the next day); chosen when one is left.

        The clusters that give its toll are tried first, and the others only when none of those fits (else the
        others are left out anyway); two that fit and also name its target settle it: none is chosen. So a
        story told by many reports does not try each of its many clusters for each of its undated events."""
        near: dict[int, Cluster] = {}  # the clusters it may join (``Shelf.candidates``), first found first
        told: set[int] = set()
        for anchor in self.anchors(event):
            if anchor in by_anchor:
                for cluster in by_anchor[anchor].candidates(fillers):
                    near.setdefault(id(cluster), cluster)
                    if anchor[0] == "figure":
                        told.add(id(cluster))
        targeted = kind == "Attack" and bool(event.roles.get("target"))
        for wanted in (True, False):
            candidates: list[Cluster] = []
            settled = 0  # candidates that no later step can leave out
            for key, cluster in near.items():
                if (key in told) != wanted or not self.fits(event, cluster, kind):
                    continue
                candidates.append(cluster)
                if not targeted or self.targets_fit(event, cluster, strict=True):
                    settled += 1
                    if settled > 1:
                        return None
            if candidates:
                if len(candidates) > 1 and targeted:
                    candidates = [c for c in candidates if self.targets_fit(event, c, strict=True)] or candidates
                return candidates[0] if len(candidates) == 1 else None
        return None

    def join_retold(self, kind: str, by_day: dict[date, Shelf[Cluster]],
                    by_anchor: Anchored, clusters: list[Cluster]) -> None:
        """A report that tells its own capture or attack twice (its lead and a quote): an event of one report
        that stayed apart only because that report is already in a cluster of other reports, on the same
        day, in the same place, with the same sides and a target alike, joins that cluster. A single report
        is never consolidated this way (the cluster must hold another report)."""
        if kind not in LOOSE_KINDS:
            return
        for day_clusters in by_day.values():
            for lone in [c for c in day_clusters if len(c.graphs) == 1 and c.place]:
                home = next((c for c in day_clusters if c is not lone and len(c.graphs) > 1 and c.place
                             and lone.graphs <= c.graphs and self.places_fit(lone.place, c.place)
                             and all(self.fits(m, c, kind, retold=True) and self.targets_fit(m, c)
                                     for m in lone.members)), None)
                if home is None:
                    continue
                for member in lone.members:
                    self.add(member, home)
                day_clusters.remove(lone)
                clusters.remove(lone)
                for found in by_anchor.values():
                    if found.remove(lone):
                        found.add(home)

    def targets_fit(self, event: Node, cluster: Cluster, strict: bool = False) -> bool:
        """Whether an event's target is named as one of the cluster's ("station", "railway station");
        ``strict``: a cluster that names no target does not fit a named one."""
        mine = self.corpus.label(event.roles.get("target"))
        theirs = cluster.targets
        if not mine or not theirs:
            return not (strict and mine)
        one = fold(mine)
        return any(one == other or f" {other}".endswith(f" {one}") or f" {one}".endswith(f" {other}")
                   for other in theirs)

    def anchors(self, event: Node) -> list[tuple[str, str]]:
        """What an undated event can be found by: its place's group, its agent's group, its truce's group,
        and each figure it gives (count, qualifier, outcome, source's group): a recap that repeats a toll
        finds the event that first gave it, and a recap that leaves out the source finds it too (an event
        with a source is also filed with none). A small count with no source is too common to tell an
        event by."""
        found = []
        for role in ("place", "agent", "about"):
            root = self.root(event.roles.get(role))
            if root:
                found.append((role, root))
        source = self.root(event.roles.get("source"))
        for iri in event.figures:
            figure = self.corpus.figures.get(iri)
            if figure is not None and figure.count is not None and (source or figure.count >= MIN_BARE_COUNT):
                found.append(("figure", f"{figure.count}|{figure.qualifier}|{figure.outcome}|{source}"))
            if figure is not None and figure.count is not None and figure.count >= MIN_BARE_COUNT and source:
                found.append(("figure", f"{figure.count}|{figure.qualifier}|{figure.outcome}|None"))
        return found


def label_counts(nodes: list[Node]) -> Counter[str]:
    """How often each label is used among some nodes."""
    return Counter(n.label for n in nodes if n.label)
