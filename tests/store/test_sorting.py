"""Sorting lines on disk: several runs merge into one sorted, duplicate-free stream."""

from __future__ import annotations

import random
from pathlib import Path

from kg.store.sorting import sorted_unique


def test_sorting_many_runs_merge_sorted_and_distinct(tmp_path: Path) -> None:
    rng = random.Random(7)
    lines = [f"<s{rng.randrange(500)}> <p> \"é{rng.randrange(9)}\" .\n".encode() for _ in range(3000)]
    merged = list(sorted_unique(lines, tmp_path, run_lines=256))
    assert merged == sorted(set(lines))
    assert list(tmp_path.iterdir()) == []  # the runs are gone


def test_sorting_within_one_run_stays_in_memory(tmp_path: Path) -> None:
    lines = [b"<b> <p> <o> .\n", b"<a> <p> <o> .\n", b"<b> <p> <o> .\n"]
    assert list(sorted_unique(lines, tmp_path)) == [b"<a> <p> <o> .\n", b"<b> <p> <o> .\n"]
    assert list(tmp_path.iterdir()) == []  # nothing spilled
