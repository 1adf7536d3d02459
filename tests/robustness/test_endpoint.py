"""Catalogue, the endpoint: `kg serve` over real HTTP on 127.0.0.1 lets queries in and nobody else."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from kg import resources
from tests.robustness.conftest import GOOD, check, kg

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parents[2]
COUNT = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/conflict-kg/ontology#Document> }"
INSERT = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> 1 } }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    def __init__(self, process: subprocess.Popen[str], port: int, stderr: list[str]) -> None:
        self.process, self.port, self.stderr = process, port, stderr
        self.url = f"http://127.0.0.1:{port}"


@contextmanager
def serving(store: Path, *extra: str, host: str = "127.0.0.1") -> Iterator[Served]:
    """`kg serve` in a process of its own, until the block ends (stopped by its id)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port),
                                "--host", host, *extra], cwd=ROOT, text=True, stderr=subprocess.PIPE)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr or []), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not any(line.startswith("serving ") for line in lines):
            assert process.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.1)
        yield Served(process, port, lines)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def sparql_wrapper(url: str, query: str) -> list[dict]:
    client = SPARQLWrapper(url + "/query")
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return client.queryAndConvert()["results"]["bindings"]  # type: ignore[index,return-value]


@contextmanager
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records each request it gets: the target of a SERVICE clause."""
    seen: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.path)
            self.send_error(500)

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def readonly(store: Path) -> Iterator[Served]:
    """One read-only server for the cases that change nothing."""
    with serving(store) as served:
        yield served


def test_endpoint_answers_sparqlwrapper(readonly: Served) -> None:
    served = readonly
    assert sparql_wrapper(served.url, COUNT)[0]["n"]["value"] == str(len(GOOD))


def test_endpoint_page_offers_every_canned_query_ready_to_run(readonly: Served) -> None:
    served = readonly
    status, page = http(served.url + "/")
    assert status == 200
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|https?://(?!w3id\.org|www\.w3\.org|purl\.org|schema"
                         r"\.org|www\.wikidata\.org|semanticweb)", page), "the page loads something from elsewhere"
    names = re.findall(r'<option value="([^"]+)">', page)
    assert names == resources.query_names()
    prologue = json.loads(re.search(r"const PROLOGUE = (\".*?\");", page).group(1))  # type: ignore[union-attr]
    status, body = http(served.url + "/query", data=(prologue + resources.query_text("actors")).encode(),
                        headers={"Content-Type": "application/sparql-query",
                                 "Accept": "application/sparql-results+json",
                                 "Origin": served.url})
    assert status == 200 and json.loads(body)["results"]["bindings"], body


def test_endpoint_refuses_service_and_fetches_nothing(readonly: Served) -> None:
    with listener() as (target, seen):
        status, body = http(readonly.url + "/query?" + urlencode(
            {"query": f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"}))
        assert status == 403 and "SERVICE is refused" in body
    assert seen == []


def test_endpoint_allow_service_lets_service_through(store: Path) -> None:
    with listener() as (target, seen), serving(store, "--allow-service") as served:
        status, body = http(served.url + "/query?" + urlencode(
            {"query": f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"}))
        assert "SERVICE is refused" not in body
    assert seen, "the SERVICE clause never reached its endpoint"


def test_endpoint_refuses_a_foreign_host_header(readonly: Served) -> None:
    served = readonly
    status, body = http(served.url + "/query?" + urlencode({"query": COUNT}), headers={"Host": "attacker.example"})
    assert status == 403 and "unknown Host" in body


def test_endpoint_refuses_a_foreign_origin(readonly: Served) -> None:
    served = readonly
    status, body = http(served.url + "/query", data=urlencode({"query": COUNT}).encode(),
                        headers={"Content-Type": "application/x-www-form-urlencoded",
                                 "Origin": "https://attacker.example"})
    assert status == 403 and "requests from https://attacker.example are refused" in body


def test_endpoint_cross_origin_form_post_cannot_drop_a_writable_store(store: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy, ignore=shutil.ignore_patterns("kg-serve-*.pid"))
    with serving(copy, "--writable") as served:
        status, _ = http(served.url + "/update", data=urlencode({"update": "DROP ALL"}).encode(),
                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                  "Origin": "https://attacker.example"})
        assert status == 403
        status, _ = http(served.url + "/update", data=urlencode({"update": "DROP ALL"}).encode(),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 401  # no token: a form cannot carry one
        assert sparql_wrapper(served.url, COUNT)[0]["n"]["value"] == str(len(GOOD))


def test_endpoint_writable_prints_a_token_and_needs_it(store: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy, ignore=shutil.ignore_patterns("kg-serve-*.pid"))
    with serving(copy, "--writable") as served:
        deadline = time.monotonic() + 10
        while not any(line.startswith("update token: ") for line in served.stderr) and time.monotonic() < deadline:
            time.sleep(0.1)
        token = next(line.split()[2] for line in served.stderr if line.startswith("update token: "))
        update = {"Content-Type": "application/sparql-update"}
        assert http(served.url + "/update", INSERT.encode(), update)[0] == 401
        assert http(served.url + "/update", INSERT.encode(), {**update, "Authorization": "Bearer wrong"})[0] == 401
        assert http(served.url + "/update", INSERT.encode(), {**update, "Authorization": f"Bearer {token}"})[0] < 300
        rows = sparql_wrapper(served.url, "SELECT ?o WHERE { GRAPH <https://example.org/g> { ?s ?p ?o } }")
        assert [row["o"]["value"] for row in rows] == ["1"]


def test_endpoint_read_only_refuses_updates(readonly: Served) -> None:
    served = readonly
    status, body = http(served.url + "/update", INSERT.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403 and "read-only" in body
    assert http(served.url + "/store?default", b"", method="DELETE")[0] == 403


def test_endpoint_stops_a_query_at_the_time_limit(store: Path) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    with serving(store, "--timeout", "1") as served:
        started = time.monotonic()
        status, body = http(served.url + "/query?" + urlencode({"query": slow}))
        assert status in (503, 504) and "did not finish in 1 s" in body, (status, body)
        assert time.monotonic() - started < 30


def test_endpoint_limits_the_size_of_an_answer(store: Path) -> None:
    with serving(store, "--max-bytes", "2000") as served:
        status, body = http(served.url + "/query?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
        assert status == 413 and "larger than 2000 bytes" in body
        assert http(served.url + "/query?" + urlencode({"query": COUNT}))[0] == 200


def test_endpoint_unknown_path_is_404(readonly: Served) -> None:
    served = readonly
    assert http(served.url + "/admin")[0] == 404


def test_endpoint_non_loopback_host_warns(store: Path) -> None:
    with serving(store, host="0.0.0.0") as served:
        assert any(line.startswith("warning E324: --host 0.0.0.0 lets every machine") for line in served.stderr)
        assert sparql_wrapper(served.url, COUNT)[0]["n"]["value"] == str(len(GOOD))


def test_endpoint_non_loopback_writable_without_token_is_refused(store: Path) -> None:
    check(kg("serve", "--store", store, "--host", "0.0.0.0", "--writable", "--port", str(free_port())), 1,
          r"^error E323: --host 0\.0\.0\.0 lets other machines in: --writable there needs --token")


def test_endpoint_sigterm_stops_the_server_and_its_oxigraph(store: Path) -> None:
    psutil = pytest.importorskip("psutil")
    with serving(store) as served:
        children = psutil.Process(served.process.pid).children(recursive=True)
        assert children
        os.kill(served.process.pid, signal.SIGTERM)
        served.process.wait(timeout=30)
    psutil.wait_procs(children, timeout=15)
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]


def test_endpoint_kg_sparql_asks_an_endpoint(readonly: Served) -> None:
    endpoint = readonly.url + "/query"
    run = kg("sparql", "ASK { ?d a ckg:Document }", "--endpoint", endpoint)
    check(run, 0)
    assert run.out == "true\n"
    assert kg("sparql", "ASK { ?d a ckg:Siege, ckg:Document }", "--endpoint", endpoint).out == "false\n"
    as_json = kg("sparql", "ASK { ?d a ckg:Document }", "--endpoint", endpoint, "-f", "json")
    check(as_json, 0)
    assert json.loads(as_json.out)["boolean"] is True


def test_endpoint_kg_sparql_constructs_and_describes_rdf(readonly: Served) -> None:
    from rdflib import Graph

    endpoint = readonly.url + "/query"
    # dcterms: is not declared: kg declares its own prefixes for the endpoint, as it does locally
    run = kg("sparql", "CONSTRUCT { ?d dcterms:identifier ?i } WHERE { ?d a ckg:Document ; dcterms:identifier ?i }",
             "--endpoint", endpoint)
    check(run, 0)
    graph = Graph().parse(data=run.out, format="turtle")
    assert {str(o) for o in graph.objects()} == set(GOOD)
    described = kg("sparql", "DESCRIBE ?d WHERE { ?d a ckg:Document }", "--endpoint", endpoint, "-f", "nt")
    check(described, 0)
    assert described.out.endswith("\n")
    assert len(Graph().parse(data=described.out, format="nt")) >= 3 * len(GOOD)


def test_endpoint_kg_sparql_refuses_updates_before_sending_them() -> None:
    with listener() as (target, seen):
        check(kg("sparql", "PREFIX ex: <https://example.org/>\nPREFIX b: <https://example.org/b>\nDROP ALL",
                 "--endpoint", target), 1, r"^error E029: kg sparql answers queries .* not updates")
        check(kg("sparql", INSERT, "--endpoint", target), 1, r"^error E029: ")
    assert seen == []
