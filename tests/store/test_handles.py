"""A node's handles (kg.answers.handles) are the names of every node a walk reaches it from, cycles and all."""

from __future__ import annotations

import random

from kg.answers.handles import Reach


def _walked(edges: list[tuple[int, int]], start: int) -> set[int]:
    seen, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        for source, target in edges:
            if source == node and target not in seen:
                seen.add(target)
                frontier.append(target)
    return seen


def test_handles_equal_the_walks_down_from_every_node_on_random_graphs() -> None:
    rng = random.Random(7)
    for _ in range(200):
        size = rng.randint(1, 12)
        edges = [(rng.randrange(size), rng.randrange(size)) for _ in range(rng.randint(0, 20))]
        own = {n: {f"name{n}"} if rng.random() < 0.7 else set() for n in range(size)}
        found = dict(Reach(own.__getitem__, edges).handles(range(size)))
        for node in range(size):
            expected = {h for m in range(size) if node in _walked(edges, m) for h in own[m]}
            assert found[node] == expected, (edges, node)


def test_handles_of_places_in_a_circle_and_of_merged_mentions_are_shared() -> None:
    """Two places each said to lie within the other, and a mention merged both ways with its node."""
    edges = [(1, 2), (2, 1), (2, 3), (4, 5), (5, 4)]
    own = {1: {"Ardo"}, 2: {"Belt"}, 3: {"Cask"}, 4: {"Guard"}, 5: {"TG"}}
    found = dict(Reach(lambda n: own[n], edges).handles([1, 2, 3, 4, 5]))
    assert found[1] == found[2] == {"Ardo", "Belt"}
    assert found[3] == {"Ardo", "Belt", "Cask"}
    assert found[4] is found[5] and found[4] == {"Guard", "TG"}
