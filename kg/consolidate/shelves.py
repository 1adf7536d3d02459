"""Clusters of events kept in order and found by who fills their strict roles (``kg.consolidate.events``).

An event joins a cluster only if each strict role that both name is filled by one actor (or event).
A day, or a place, gathers many clusters over a large archive, most of them with other fillers: a
shelf files each cluster under the filler of each strict role it names when it is filed (under None
for a role it does not name yet), so an event is compared only with the clusters that name its
filler or none, in the order they were filed. A cluster that names a role after it was filed stays
under None and is still offered (the comparison then rules it out): the candidates are every cluster
the event may join, and perhaps a few more, never fewer.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class Filled(Protocol):
    roles: dict[str, str]  # role -> who fills it


C = TypeVar("C", bound=Filled)
Entry = tuple[int, C]  # (when it was filed, the cluster)


def _filed_at(entry: tuple[int, object]) -> int:
    return entry[0]


class Shelf(Generic[C]):
    """Clusters in the order they were filed, also found by the filler of each role in ``roles``."""

    def __init__(self, roles: tuple[str, ...]) -> None:
        self.roles = roles
        self.filed: dict[int, Entry[C]] = {}  # id -> entry, in filing order
        self.under: dict[tuple[str, str | None], list[Entry[C]]] = defaultdict(list)  # removed ones included
        self.count = 0

    def add(self, cluster: C) -> None:
        """File a cluster last, unless it is on the shelf already."""
        if id(cluster) in self.filed:
            return
        entry = (self.count, cluster)
        self.count += 1
        self.filed[id(cluster)] = entry
        for role in self.roles:
            self.under[role, cluster.roles.get(role)].append(entry)

    def remove(self, cluster: C) -> bool:
        """Take a cluster off the shelf; whether it was on it."""
        return self.filed.pop(id(cluster), None) is not None

    def __iter__(self) -> Iterator[C]:
        """The clusters on the shelf, in filing order (take none off while iterating)."""
        return (cluster for _, cluster in self.filed.values())

    def candidates(self, fillers: dict[str, str]) -> Iterator[C]:
        """In filing order, the clusters that an event whose roles are filled by ``fillers`` (role -> who)
        may join: for the role that leaves fewest, those that name its filler there or name none."""
        choices = [(self.under.get((role, who), []), self.under.get((role, None), []))
                   for role, who in fillers.items() if role in self.roles]
        if not choices:
            yield from self
            return
        named, unnamed = min(choices, key=lambda pair: len(pair[0]) + len(pair[1]))
        for entry in heapq.merge(named, unnamed, key=_filed_at):
            if self.filed.get(id(entry[1])) is entry:  # still on the shelf, not filed again since
                yield entry[1]
