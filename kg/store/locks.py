"""Who else has a store open: RocksDB's write lock, and the notes `kg serve` leaves.

Oxigraph readers must not see a store change under them, and two writers must
not open one store; these checks turn both into a clear error instead of a hang.
"""

from __future__ import annotations

import fcntl
import os
import struct
from pathlib import Path

from kg.errors import Errors, KgError


def is_store(path: Path) -> bool:
    """Whether a folder holds an Oxigraph (RocksDB) store."""
    return (path / "CURRENT").is_file()


def lock_holder(path: Path) -> int | None:
    """The id of another process that holds the store open for writing, or None.

    RocksDB keeps a POSIX lock on ``LOCK`` while a writer has the store open;
    F_GETLK reports the holder without taking the lock (taking and releasing it
    would drop a lock this very process may hold).
    """
    lock = path / "LOCK"
    if not lock.is_file():
        return None
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return None
    try:
        request = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        kind, _, _, _, pid = struct.unpack("hhqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK, request))
    except OSError:
        return None
    finally:
        os.close(fd)
    return pid if kind != fcntl.F_UNLCK and pid != os.getpid() else None


def serving_pids(path: Path) -> list[int]:
    """The ids of live `kg serve` processes over the store (they hold no lock; they leave a note).

    Notes of servers that have stopped are removed.
    """
    live = []
    for note in path.glob("kg-serve-*.pid") if path.is_dir() else []:
        try:
            pid = int(note.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            cmdline = b""
            pid = 0
        if b"oxigraph" in cmdline and str(path.resolve()).encode() in cmdline:
            live.append(pid)
        else:
            note.unlink(missing_ok=True)
    return live


def check_free(path: Path, writing: bool = False) -> None:
    """Fail with a clear message when another process writes to the store (or, when we are
    to write, serves it: Oxigraph readers must not see a store change under them)."""
    pid = lock_holder(path)
    if pid is None and writing:
        pid = next(iter(serving_pids(path)), None)
    if pid is not None:
        raise KgError(Errors.E301, path=path, pid=pid)
