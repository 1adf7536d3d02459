"""What each node a narrowing may match answers to: its handles, computed once when the index is written.

Narrowing to a place starts from the nodes of its names and of its Wikidata items (with every
place the gazetteer puts inside them) and walks down to what lies within them or merges them
(``kg.narrowing.place_nodes``); narrowing to an actor walks to its merged node and fellow mentions.
Over a large store those walks reach tens of thousands of nodes, and a country's items run to
thousands. The index walks the other way instead, once: for each node an answer's parts name, its
handles are the labels of every node it can be reached from, and (places) their items with every
place the gazetteer holds them in (``Gazetteer.holders``). A narrowing is then one lookup of the
names and items asked: a node answers it exactly when the walk down from them would reach it.

Nodes that reach each other (an actor and its merged node, or places said to lie within each other)
share their handles: they are one strongly connected component, found by Tarjan's algorithm, and
the components are handled sources first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

Handles = frozenset[str]


class Reach:
    """The handles of nodes over a set of steps (``source -> target``: the walk goes from source to target)."""

    def __init__(self, own: Callable[[int], Iterable[str]], edges: Iterable[tuple[int, int]]) -> None:
        self.own = own
        self.up: dict[int, list[int]] = {}  # target -> the sources a step leads from
        for source, target in edges:
            if source != target:
                self.up.setdefault(target, []).append(source)
        self.shared: dict[Handles, Handles] = {}  # one frozenset per distinct set of handles

    def handles(self, nodes: Iterable[int]) -> Iterator[tuple[int, Handles]]:
        """Each node with its handles: its own and those of every node a walk reaches it from."""
        wanted = sorted(set(nodes))
        found: dict[int, Handles] = {}
        for component in self._components(wanted):  # sources' components come first
            merged: set[str] = set()
            for node in component:
                merged.update(self.own(node))
                for source in self.up.get(node, ()):
                    if source in found:  # a source in another component, handled before
                        merged |= found[source]
            frozen = frozenset(merged)
            frozen = self.shared.setdefault(frozen, frozen)
            for node in component:
                found[node] = frozen
        for node in wanted:
            yield node, found[node]

    def _components(self, roots: list[int]) -> Iterator[list[int]]:
        """The strongly connected components over the steps read backwards from ``roots`` (Tarjan,
        without recursion), each after every component holding a source of one of its nodes."""
        index: dict[int, int] = {}
        low: dict[int, int] = {}
        stack: list[int] = []
        on_stack: set[int] = set()
        for root in roots:
            if root in index:
                continue
            work = [(root, iter(self.up.get(root, ())))]
            index[root] = low[root] = len(index)
            stack.append(root)
            on_stack.add(root)
            while work:
                node, sources = work[-1]
                step = next(sources, None)
                if step is not None:
                    if step not in index:
                        index[step] = low[step] = len(index)
                        stack.append(step)
                        on_stack.add(step)
                        work.append((step, iter(self.up.get(step, ()))))
                    elif step in on_stack:
                        low[node] = min(low[node], index[step])
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    yield component
