"""Serving a store over HTTP: the Oxigraph server, started in place of this process."""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import Errors, KgError
from kg.store.locks import check_free, is_store


def oxigraph_binary() -> str:
    """The `oxigraph` server program: next to this Python first, then on PATH."""
    import shutil
    import sys

    here = Path(sys.executable).parent
    found = shutil.which("oxigraph", path=os.pathsep.join([str(here), os.environ.get("PATH", "")]))
    if found is None:
        raise KgError(Errors.E320)
    return found


def server_command(path: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> list[str]:
    """The command line that serves a store over HTTP (queries see the union of the graphs)."""
    mode = "serve" if writable else "serve-read-only"
    return [oxigraph_binary(), mode, "--location", str(path.resolve()), "--bind", f"{host}:{port}",
            "--union-default-graph"]


def check_serve(path: Path, host: str, port: int, writable: bool) -> None:
    """Fail early, with a clear message, when the store or the address cannot be served."""
    import socket

    if not writable and not is_store(path):
        raise KgError(Errors.E300, path=path)
    if path.exists() and not path.is_dir():
        raise KgError(Errors.E302, path=path, detail="it is a file, not a folder")
    check_free(path, writing=writable)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise KgError(Errors.E321, host=host, port=port, detail=exc.strerror or str(exc)) from None


def serve(path: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> None:
    """Replace this process with the Oxigraph server over the store (so its process id is the server's)."""
    import sys

    check_serve(path, host, port, writable)
    command = server_command(path, host, port, writable)
    shown = f"[{host}]" if ":" in host else host
    mode = "read-write" if writable else "read-only"
    print(f"serving {path} ({mode}) at http://{shown}:{port}/ ; SPARQL endpoint http://{shown}:{port}/query"
          + (f", updates http://{shown}:{port}/update" if writable else ""), file=sys.stderr, flush=True)
    sys.stdout.flush()
    if not writable:  # a read-only server takes no lock: leave a note for would-be writers
        path.joinpath(f"kg-serve-{os.getpid()}.pid").write_text(f"{os.getpid()}\n")
    os.execv(command[0], command)
