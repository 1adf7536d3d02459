"""A veto on joins (kg.consolidate.groups.Veto) reads each node once, however large its group grows, and
says what a veto reading every member would say."""

from __future__ import annotations

import random

from kg.consolidate.groups import Groups, Veto


def _one_id_at_most(ids: dict[str, str | None]) -> tuple[Veto[frozenset[str]], list[str]]:
    read: list[str] = []

    def of_member(node: str) -> frozenset[str]:
        read.append(node)
        found = ids[node]
        return frozenset((found,)) if found else frozenset()

    return Veto(of_member, lambda one, other: len(one | other) <= 1, lambda one, other: one | other), read


def test_a_thousand_reports_of_one_thing_read_each_node_once() -> None:
    ids = {f"n{i}": ("Q1" if i % 3 == 0 else None) for i in range(1000)}
    veto, read = _one_id_at_most(ids)
    groups = Groups()
    for i in range(1, 1000):
        assert groups.join("n0", f"n{i}", "name", "same name", veto)
    assert len(read) == 1000  # reading every member on each join would be about 500,000 reads
    assert list(veto.known) == [groups.find("n0")]  # one summary kept, none for each node taken in


def test_the_veto_keeps_a_summary_for_each_group_root_only() -> None:
    rng = random.Random(11)
    ids = {f"n{i}": rng.choice(["Q1", None, None]) for i in range(200)}
    veto, _ = _one_id_at_most(ids)
    groups = Groups()
    for _ in range(600):
        one, other = rng.sample(sorted(ids), 2)
        groups.join(one, other, "name", "", veto)
    roots = {groups.find(node) for node in ids}
    assert set(veto.known) <= roots and len(veto.known) < len(ids) // 2


def test_the_veto_agrees_with_reading_every_member() -> None:
    rng = random.Random(5)
    ids = {f"n{i}": rng.choice(["Q1", "Q2", None, None, None]) for i in range(60)}
    veto, _ = _one_id_at_most(ids)
    fast, slow = Groups(), Groups()

    def every_member(left: list[str], right: list[str]) -> bool:
        return len({ids[m] for m in left + right if ids[m]}) <= 1

    for _ in range(300):
        one, other = rng.sample(sorted(ids), 2)
        assert fast.join(one, other, "name", "", veto) == slow.join(one, other, "name", "", every_member)
    assert sorted(map(sorted, fast.groups())) == sorted(map(sorted, slow.groups()))
