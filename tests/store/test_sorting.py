"""Sorting lines on disk: several runs merge into one sorted, duplicate-free stream."""

from __future__ import annotations

import io
import random
from pathlib import Path

from kg.store.sorting import sorted_unique, write_sorted


def test_sorting_many_runs_merge_sorted_and_distinct(tmp_path: Path) -> None:
    rng = random.Random(7)
    lines = [f"<s{rng.randrange(500)}> <p> \"é{rng.randrange(9)}\" .\n".encode() for _ in range(3000)]
    merged = list(sorted_unique(lines, tmp_path, run_lines=256))
    assert merged == sorted(set(lines))
    assert list(tmp_path.iterdir()) == []  # the runs are gone


def test_sorting_writes_lines_in_one_run_and_drops_blank_lines(tmp_path: Path) -> None:
    out = io.BytesIO()
    write_sorted(io.BytesIO(b"<b> <p> <o> .\n\n<a> <p> <o> .\n<b> <p> <o> ."), out, tmp_path)
    assert out.getvalue() == b"<a> <p> <o> .\n<b> <p> <o> .\n"
