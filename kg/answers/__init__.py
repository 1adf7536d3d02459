"""The answer index: a store's canned answers, computed once, for narrowed questions in milliseconds.

Oxigraph plans a narrowed question well (``kg.narrowing`` starts it from the nodes asked) but still
reads every row's labels and reports: over a million quads, 0.2 to 10 seconds. The index,
``answers.sqlite`` beside the store's data (SQLite, so it is one file a reader opens in a
millisecond and that needs nothing installed), holds each question's whole answer and its parts
with the nodes and days narrowing reads; a narrowed question is then a few index lookups.

**Fresh or not used.** The index records the store it was computed from: the names, sizes and
times of the store's RocksDB files (any write, by kg or anything else, changes them; opening a
store read-only does not), and a digest of the questions' text. A reader whose store differs
answers by SPARQL, as without an index. ``kg build --store``, ``kg consolidate``, ``kg ingest``
and ``kg watch`` recompute it once they have closed the store (``refresh``); ``kg index`` does it
by hand. It is written to a temporary file and renamed, so a killed computation leaves no half.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import sqlite3
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.answers.build import digest, scratch_name, write_index
from kg.answers.index import AnswerIndex
from kg.errors import KgError
from kg.narrowing import Narrowing, narrowed_text, resolve

INDEX_FILE = "answers.sqlite"
_ROCKSDB = re.compile(r"CURRENT|IDENTITY|MANIFEST-\d+|OPTIONS-\d+|\d+\.(?:sst|log|blob)")

Select = Callable[[str], ox.QuerySolutions]


def fingerprint(store: Path) -> str:
    """The state of a store's files: the name, size and time of each RocksDB file."""
    found = []
    with os.scandir(store) as entries:
        for entry in entries:
            if _ROCKSDB.fullmatch(entry.name):
                stat = entry.stat()
                found.append(f"{entry.name} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest()


def open_index(store: Path) -> AnswerIndex | None:
    """The store's answer index when it is there and fresh, else None (answer by SPARQL)."""
    path = Path(store) / INDEX_FILE
    if not path.is_file():
        return None
    try:
        index = AnswerIndex(path)
        if index.meta("fingerprint") == fingerprint(Path(store)) and index.meta("digest") == digest():
            return index
        index.close()
    except (sqlite3.Error, OSError):
        pass
    return None


def refresh(store: Path | str, progress: bool = True) -> bool:
    """Recompute a store's answer index (its writers closed); whether it was written.

    It is kept only when the store did not change meanwhile. A store that cannot be written
    (a read-only folder) keeps no index, and is answered by SPARQL.
    """
    store = Path(store)
    gc.collect()  # the writer's store object, if a cycle still holds it, releases RocksDB first
    began = time.perf_counter()
    before = fingerprint(store)
    target = store / INDEX_FILE
    scratch = scratch_name(target)
    _tidy(store)
    try:
        _compute(store, scratch, before)
        if fingerprint(store) != before:
            scratch.unlink(missing_ok=True)
            return False
        os.replace(scratch, target)
    except (sqlite3.Error, OSError, KgError) as exc:
        scratch.unlink(missing_ok=True)
        if progress:
            print(f"no answer index: {exc}", file=sys.stderr)
        return False
    if progress:
        print(f"answer index written in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return True


def _compute(store: Path, scratch: Path, state: str) -> None:
    """Write the index of a store (opened read-only here, and closed on return) to ``scratch``."""
    from kg.store.oxigraph import open_store
    from kg.store.sparql import select

    db = open_store(store, read_only=True)
    write_index(scratch, lambda query: select(db, query), state)


def _tidy(store: Path) -> None:
    """Remove what computations killed before left (their process is gone)."""
    for old in store.glob(f"{INDEX_FILE}.tmp-*"):
        try:
            os.kill(int(old.name.rsplit("-", 1)[1]), 0)
        except (ValueError, ProcessLookupError):
            old.unlink(missing_ok=True)
        except PermissionError:
            pass  # another user's live process


def ask(name: str, text: str, narrowing: Narrowing, select: Select, index: AnswerIndex | None = None,
        warn: Callable[[str], None] | None = None) -> ox.QuerySolutions:
    """A canned question's answer, narrowed: from the index when it has the question, else by SPARQL.

    Names are matched against the graph (``kg.narrowing.resolve``) either way; ``warn`` hears
    the warnings of that matching (a place only the gazetteer knows).
    """
    indexed = index is not None and index.answers(name, narrowing)
    resolved = resolve(name, narrowing, select, index if indexed else None) if narrowing else None
    for problem in resolved.warnings if resolved else []:
        (warn or (lambda message: warnings.warn(message, stacklevel=3)))(f"{problem.code}: {problem.message}")
    if indexed:
        assert index is not None
        return index.ask(name, resolved)
    return select(narrowed_text(name, text, resolved))
