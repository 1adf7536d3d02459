"""Groups of nodes that are one thing: a union-find that remembers why, and what it may not join."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TextIO, TypeVar

S = TypeVar("S")


@dataclass(slots=True)  # one per merge decision: no per-record dict
class Merge:
    """One decision to join two nodes: the rule that joined them and its evidence."""

    one: str
    other: str
    rule: str
    evidence: str


@dataclass
class Groups:
    """Disjoint groups of node IRIs. ``allowed(a_members, b_members)`` may veto a join."""

    parent: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)  # each root of two or more -> its members
    merges: list[Merge] = field(default_factory=list)
    apart: set[frozenset[str]] = field(default_factory=set)  # pairs the user keeps apart
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # kept apart: one, other, why
    # a file that takes the merges instead of ``merges`` (a file build's: one per mention that merges)
    log: Path | None = None
    _out: TextIO | None = field(default=None, repr=False)

    def add(self, iri: str) -> None:
        if iri not in self.parent:
            self.parent[iri] = iri  # a node on its own has no ``members`` entry: most never join

    def find(self, iri: str) -> str:
        self.add(iri)
        root = iri
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[iri] != root:
            self.parent[iri], iri = root, self.parent[iri]
        return root

    def of(self, root: str) -> list[str]:
        """The members of the group whose root is ``root``."""
        return self.members.get(root) or [root]

    def same(self, one: str, other: str) -> bool:
        return self.find(one) == self.find(other)

    def kept_apart(self, one: str, other: str) -> bool:
        """Whether the user keeps a member of one group apart from a member of the other."""
        if not self.apart:
            return False
        left, right = self.of(self.find(one)), self.of(self.find(other))
        return any(frozenset((a, b)) in self.apart for a in left for b in right)

    def join(self, one: str, other: str, rule: str, evidence: str,
             allowed: Callable[[list[str], list[str]], bool] | None = None) -> bool:
        """Join the groups of two nodes unless they are one already, kept apart or not allowed."""
        a, b = self.find(one), self.find(other)
        if a == b:
            return False
        if self.kept_apart(a, b):
            self.refused.append((one, other, "kept apart by the user"))
            return False
        if allowed is not None and not allowed(self.of(a), self.of(b)):
            return False
        if len(self.of(a)) < len(self.of(b)):
            a, b = b, a
        self.parent[b] = a
        self.members.setdefault(a, [a]).extend(self.members.pop(b, [b]))
        self._record(Merge(one, other, rule, sys.intern(evidence)))  # kept for every merge: many repeat
        return True

    def _record(self, merge: Merge) -> None:
        if self.log is None:
            self.merges.append(merge)
            return
        if self._out is None:
            self._out = self.log.open("w", encoding="utf-8")
        self._out.write(json.dumps([merge.one, merge.other, merge.rule, merge.evidence], ensure_ascii=False) + "\n")

    def all_merges(self) -> Iterator[Merge]:
        """Every merge made, in the order made (read back from ``log`` when it took them)."""
        yield from self.merges
        if self._out is not None and self.log is not None:
            self._out.flush()
            with self.log.open(encoding="utf-8") as lines:
                for line in lines:
                    yield Merge(*json.loads(line))

    def close(self) -> None:
        """Close the merges' file, if any."""
        if self._out is not None:
            self._out.close()
            self._out = None

    def groups(self, min_size: int = 2) -> Iterable[list[str]]:
        """Every group of at least ``min_size`` members, members sorted."""
        for root, up in self.parent.items():  # in the order the nodes were added
            if up == root and len(members := self.of(root)) >= min_size:
                yield sorted(members)


class Veto(Generic[S]):
    """An ``allowed`` for ``Groups.join`` that reads a summary of each group, kept as groups join.

    A veto that read every member on each join would make a thousand reports of one story cost a
    million member reads: the group grows by one node a join. ``of_member`` summarises one node,
    ``fits`` says whether two groups' summaries may join, ``combine`` gives the joined group's (it may
    change the larger one in place: the two it gets are never read again).
    """

    def __init__(self, of_member: Callable[[str], S], fits: Callable[[S, S], bool],
                 combine: Callable[[S, S], S]) -> None:
        self.of_member, self.fits, self.combine = of_member, fits, combine
        self.known: dict[str, tuple[int, S]] = {}  # group root -> (its size then, its summary)

    def __call__(self, left: list[str], right: list[str]) -> bool:
        one, other = self.summary(left), self.summary(right)
        if not self.fits(one, other):
            return False
        # The join follows an allowed veto, and ``Groups.join`` keeps the root of the larger group (the
        # left one's of two alike): the summary is kept for that root alone, so that a story joined
        # node by node leaves no summary behind for each node it took in.
        kept, gone = (left, right) if len(left) >= len(right) else (right, left)
        self.known[kept[0]] = (len(left) + len(right), self.combine(one, other))
        self.known.pop(gone[0], None)
        return True

    def summary(self, members: list[str]) -> S:
        """The summary of a group (``Groups.of``: its root first), read again only if it grew meanwhile
        (a node on its own is summarised each time: most are compared and never joined)."""
        if len(members) == 1:
            return self.of_member(members[0])
        known = self.known.get(members[0])
        if known is not None and known[0] == len(members):
            return known[1]
        found = self.of_member(members[0])
        for member in members[1:]:
            found = self.combine(found, self.of_member(member))
        self.known[members[0]] = (len(members), found)
        return found

