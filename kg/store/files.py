"""Writing graph files without harming anything: atomic, through links and devices, with the umask's mode.

``kg build -o``, ``kg infer``, ``kg link`` and ``kg export`` all write here.
``-`` is standard output.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kg.errors import Errors, KgError

STDOUT = "-"  # `-o -`: the graph goes to standard output


def write_bytes(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` as ``write_stream`` does."""
    write_stream(lambda out: out.write(data), path)


def write_stream(write: Callable[[BinaryIO], object], path: Path) -> None:
    """Write what ``write`` writes to its handle, without harming anything: a reader never sees half a
    file, and a failure leaves no temporary file.

    A symlink is written through (its target is replaced, the link kept); a
    device or a pipe is written to directly. A new file gets the mode the
    umask allows, a replaced file keeps its own.
    """
    if str(path) == STDOUT:
        try:
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except OSError as exc:
            raise KgError(Errors.E011, path=path, detail=exc.strerror or str(exc)) from None
        return
    target = path.resolve()
    try:
        if target.exists() and not target.is_file():  # /dev/stdout, a FIFO: no rename over it
            with open(target, "wb") as out:
                write(out)
            return
        _replace(write, target, new_file_mode(target))
    except OSError as exc:
        raise KgError(Errors.E011, path=path, detail=exc.strerror or str(exc)) from None


def scratch_folder(path: Path) -> Path:
    """Where temporary files for writing ``path`` go: beside it (same disk), else the system's temporary folder."""
    if str(path) != STDOUT:
        target = path.resolve()
        if not target.exists() or target.is_file():
            return target.parent
    return Path(tempfile.gettempdir())


def _replace(write: Callable[[BinaryIO], object], target: Path, mode: int) -> None:
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=".kg-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fchmod(out.fileno(), mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def new_file_mode(target: Path) -> int:
    """The mode a file written at `target` gets: its own when it exists, else what the umask allows."""
    return stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
