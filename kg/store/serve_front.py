"""The guarded front of `kg serve`: what a request must pass before it reaches the Oxigraph server.

The Oxigraph server listens on a private loopback port; this front, a small
``ThreadingHTTPServer``, is what users and web pages talk to. It refuses:

- a ``Host`` that is not this server's (DNS rebinding) and an ``Origin`` of
  another site (a web page posting a form or calling ``fetch``);
- ``SERVICE`` clauses, unless started with ``allow_service`` (they make the
  server fetch URLs, internal ones included, for whoever asks);
- updates and graph-store writes, unless writable, and then only with the token;
- answers larger than ``max_bytes`` (the query time limit is Oxigraph's own
  ``--timeout-s``, which also stops the query's work).

``/`` is a page of its own: the canned questions, ready to run.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# Hosts a loopback server answers to; a server on another address also answers to its own names.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_NOT_CODE = re.compile(r"#[^\n]*|<[^>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")
_READ_PATHS = ("/query",)
_WRITE_PATHS = ("/update", "/store")


@dataclass
class Guard:
    """What the front lets through, and where it sends it."""

    upstream: str  # the Oxigraph server, http://127.0.0.1:PORT
    hosts: frozenset[str]  # names the Host header may carry (without the port)
    page: bytes = b""
    writable: bool = False
    token: str | None = None
    allow_service: bool = False
    timeout: float = 30.0
    max_bytes: int = 50_000_000
    refused: list[str] = field(default_factory=list)  # the reasons, for the log

    def check_origin(self, host: str | None, origin: str | None) -> str | None:
        """Why a request's Host or Origin is refused, or None."""
        if host is None or _host_name(host) not in self.hosts:
            return f"unknown Host {host!r}: this server answers only to its own names"
        if origin is not None and origin != "null" and urlsplit(origin).netloc.lower() != host.lower():
            return f"requests from {origin} are refused: this server answers only to pages it serves"
        if origin == "null":
            return "requests from an opaque origin are refused"
        return None

    def check_query(self, query: str) -> str | None:
        """Why a query is refused, or None."""
        if not self.allow_service and _SERVICE.search(_NOT_CODE.sub(" ", query)):
            return "SERVICE is refused by this endpoint (start `kg serve` with --allow-service to allow it)"
        return None

    def check_write(self, authorization: str | None) -> tuple[int, str] | None:
        """The status and reason when a write is refused, or None."""
        if not self.writable:
            return 403, "this endpoint is read-only (start `kg serve` with --writable to accept updates)"
        if self.token is None or authorization != f"Bearer {self.token}":
            return 401, "updates need the token printed when the server started: Authorization: Bearer TOKEN"
        return None


def _host_name(host: str) -> str:
    """The name of a Host header, without its port."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def query_of(method: str, target: str, content_type: str, body: bytes) -> str | None:
    """The SPARQL text of a /query request (GET ?query=, a form, or a sparql-query body)."""
    if method == "GET":
        return parse_qs(urlsplit(target).query).get("query", [None])[0]
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/sparql-query":
        return body.decode("utf-8", "replace")
    if kind == "application/x-www-form-urlencoded":
        return parse_qs(body.decode("utf-8", "replace")).get("query", [None])[0]
    return None


class FrontHandler(BaseHTTPRequestHandler):
    """Checks each request against the guard, then forwards it to Oxigraph."""

    server: FrontServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the names http.server calls
        self._handle()

    def do_POST(self) -> None:  # noqa: N802
        self._handle()

    def do_PUT(self) -> None:  # noqa: N802
        self._handle()

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle()

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        pass  # quiet, like the Oxigraph server

    def _handle(self) -> None:
        guard = self.server.guard
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        why = guard.check_origin(self.headers.get("Host"), self.headers.get("Origin"))
        if why:
            return self._refuse(403, why)
        path = urlsplit(self.path).path
        if path == "/" and self.command in ("GET", "HEAD"):
            return self._send(200, "text/html; charset=utf-8", guard.page)
        if path in _READ_PATHS:
            query = query_of(self.command, self.path, self.headers.get("Content-Type", ""), body)
            if query is None:
                return self._refuse(400, "no SPARQL query: give ?query=, a form field query, or a sparql-query body")
            why = guard.check_query(query)
            if why:
                return self._refuse(403, why)
            return self._forward(body)
        if path in _WRITE_PATHS:
            refused = guard.check_write(self.headers.get("Authorization"))
            if refused:
                return self._refuse(*refused)
            return self._forward(body)
        return self._refuse(404, f"nothing at {path}: the SPARQL endpoint is /query")

    def _forward(self, body: bytes) -> None:
        guard = self.server.guard
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() in ("accept", "content-type")}
        request = urllib.request.Request(guard.upstream + self.path, data=body or None, headers=headers,
                                         method=self.command)
        try:
            with urllib.request.urlopen(request, timeout=guard.timeout + 10) as answer:
                status, kind, data = answer.status, answer.headers.get("Content-Type", ""), self._read(answer)
        except urllib.error.HTTPError as exc:
            status, kind, data = exc.code, exc.headers.get("Content-Type", "text/plain"), self._read(exc)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return self._refuse(504, f"the query did not finish in {guard.timeout:g} s ({exc})")
        if data is None:
            return self._refuse(413, f"the answer is larger than {guard.max_bytes} bytes; add a LIMIT to the query")
        if status >= 500 and b"timeout" in data.lower():
            return self._refuse(503, f"the query did not finish in {guard.timeout:g} s and was stopped")
        self._send(status, kind, data)

    def _read(self, answer: object) -> bytes | None:
        """The answer's body, or None when it exceeds the size limit."""
        limit = self.server.guard.max_bytes
        chunks, size = [], 0
        while chunk := answer.read(65536):  # type: ignore[attr-defined]
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    def _refuse(self, status: int, reason: str) -> None:
        self.server.guard.refused.append(reason)
        self._send(status, "text/plain; charset=utf-8", (reason + "\n").encode("utf-8"))

    def _send(self, status: int, kind: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class FrontServer(ThreadingHTTPServer):
    """The front's HTTP server, holding its guard."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], guard: Guard) -> None:
        import socket

        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.guard = guard
        super().__init__(address, FrontHandler)
