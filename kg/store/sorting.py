"""Sorting lines on disk: sorted runs of bounded size, merged, duplicates dropped.

N-Triples and N-Quads files are written sorted, so that the same graph gives
the same bytes; a corpus does not fit in memory, so the lines are sorted in
runs of ``RUN_LINES`` spilled to temporary files and merged (``heapq.merge``).
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

RUN_LINES = 500_000  # lines sorted in memory at a time (about 100 MB of N-Quads)


def _spill(lines: list[bytes], folder: Path) -> Path:
    handle = tempfile.NamedTemporaryFile(dir=folder, prefix="run-", suffix=".nq", delete=False)
    with handle:
        handle.writelines(sorted(set(lines)))
    return Path(handle.name)


def sorted_unique(lines: Iterable[bytes], folder: Path, run_lines: int = RUN_LINES) -> Iterator[bytes]:
    """The distinct lines (each ending in a newline), in byte order; runs beyond one go to ``folder``."""
    runs: list[Path] = []
    chunk: list[bytes] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= run_lines:
            runs.append(_spill(chunk, folder))
            chunk = []
    if not runs:
        yield from sorted(set(chunk))
        return
    if chunk:
        runs.append(_spill(chunk, folder))
    with ExitStack() as files:
        readers = [files.enter_context(run.open("rb")) for run in runs]
        previous = None
        for line in heapq.merge(*readers):
            if line != previous:
                yield line
                previous = line
    for run in runs:
        run.unlink(missing_ok=True)

