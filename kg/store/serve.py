"""Serving a store over HTTP: the Oxigraph server on a private port, behind our guarded front."""

from __future__ import annotations

import contextlib
import math
import os
import subprocess
import sys
from pathlib import Path

from kg.errors import Errors, KgError
from kg.store.locks import check_free, is_store


def oxigraph_binary() -> str:
    """The `oxigraph` server program: next to this Python first, then on PATH."""
    import shutil

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
    if is_store(path):
        from kg.store.oxigraph import open_store

        open_store(path, read_only=True)  # a damaged store: E302 with what to do, before any server starts
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise KgError(Errors.E321, host=host, port=port, detail=exc.strerror or str(exc)) from None


def serve(path: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False, *,
          token: str | None = None, allow_service: bool = False, timeout: float = 30.0,
          max_bytes: int = 50_000_000) -> None:
    """Serve the store behind the guarded front (``kg.store.serve_front``) until stopped (Ctrl-C or SIGTERM)."""
    import secrets
    import sys

    from kg.store.serve_front import FrontServer, Guard
    from kg.store.serve_page import query_page

    loopback = is_loopback(host)
    if not loopback and writable and token is None:
        raise KgError(Errors.E323, host=host)
    check_serve(path, host, port, writable)
    if not loopback:
        warning = KgError(Errors.E324, host=host)
        print(f"warning {warning.code}: {warning.message}", file=sys.stderr, flush=True)
    if writable and token is None:
        token = secrets.token_urlsafe(24)
    private = _free_port()
    oxigraph = _start_oxigraph(server_command(path, "127.0.0.1", private, writable)
                               + ["--timeout-s", str(max(1, math.ceil(timeout)))], private, path)
    note = path.joinpath(f"kg-serve-{os.getpid()}.pid")
    try:
        if not writable:  # a read-only server takes no lock: leave a note for would-be writers (before listening)
            with contextlib.suppress(OSError):  # read-only media: nobody can write there anyway
                note.write_text(f"{oxigraph.pid}\n")  # the process that reads the store
        guard = Guard(upstream=f"http://127.0.0.1:{private}", hosts=_names(host), page=query_page(),
                      writable=writable, token=token, allow_service=allow_service, timeout=timeout,
                      max_bytes=max_bytes)
        try:
            front = FrontServer((host, port), guard)
        except OSError as exc:
            raise KgError(Errors.E321, host=host, port=port, detail=exc.strerror or str(exc)) from None
        shown = f"[{host}]" if ":" in host else host
        mode = "read-write" if writable else "read-only"
        print(f"serving {path} ({mode}) at http://{shown}:{port}/ ; SPARQL endpoint http://{shown}:{port}/query"
              + (f", updates http://{shown}:{port}/update" if writable else ""), file=sys.stderr, flush=True)
        if token is not None and writable:
            print(f"update token: {token}  (send it as: Authorization: Bearer {token})", file=sys.stderr, flush=True)
        try:
            front.serve_forever(poll_interval=0.2)
        finally:
            front.server_close()
    finally:
        _stop(oxigraph)
        with contextlib.suppress(OSError):
            note.unlink(missing_ok=True)


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is reachable from this machine only."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _names(host: str) -> frozenset[str]:
    """The names a Host header may carry: the loopback names, and this machine's own when not on loopback."""
    import socket

    from kg.store.serve_front import LOOPBACK_NAMES

    names = set(LOOPBACK_NAMES)
    if not is_loopback(host):
        names.add(host.lower())
        hostname = socket.gethostname()
        names.update({hostname.lower(), socket.getfqdn().lower()})
        with contextlib.suppress(OSError):
            names.update(socket.gethostbyname_ex(hostname)[2])
    return frozenset(names)


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    """In the Oxigraph child: end when kg serve ends, even by SIGKILL (Linux)."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _start_oxigraph(command: list[str], port: int, path: Path) -> subprocess.Popen[bytes]:
    """Start the Oxigraph server on its private port and wait until it answers."""
    import socket
    import time

    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if child.poll() is not None:
            lines = (child.stderr.read().decode("utf-8", "replace") if child.stderr else "").strip().splitlines()
            detail = next((line.removeprefix("Error: ") for line in lines if line.strip()), "the server stopped")
            raise KgError(Errors.E302, path=path, detail=detail)
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return child
        time.sleep(0.1)
    _stop(child)
    raise KgError(Errors.E302, path=path, detail="the Oxigraph server did not start in 30 s")


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Stop the Oxigraph child we started, by its process id."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
