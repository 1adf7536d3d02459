"""`kg serve` and `kg push` against real Oxigraph servers on 127.0.0.1, and queries over every source."""

from __future__ import annotations

import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib.compare import isomorphic
from SPARQLWrapper import JSON, SPARQLWrapper

from kg import resources
from kg.errors import KgError
from kg.querying import to_table
from kg.store.export import export_store
from kg.store.oxigraph import open_store
from kg.store.serve import oxigraph_binary
from kg.store.sources import dataset_from_source, run_select

from .conftest import free_port, held_open, kg_command, stop, wait_for_port

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d a <https://w3id.org/conflict-kg/ontology#Document> } }"


def serve(store: Path, *extra: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(kg_command("serve", "--store", str(store), "--port", str(port), *extra),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_port(port, process)
    return process, port


def ask(port: int, query: str) -> list[dict]:
    sparql = SPARQLWrapper(f"http://127.0.0.1:{port}/query")
    sparql.setQuery(query)
    sparql.setReturnFormat(JSON)
    return sparql.queryAndConvert()["results"]["bindings"]  # type: ignore[index,return-value]


def update(port: int, text: str, token: str | None = None) -> int:
    headers = {"Content-Type": "application/sparql-update"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}/update", data=text.encode(), method="POST",
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"


def test_server_read_only_answers_and_refuses_updates(hand_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(hand_store, store)
    process, port = serve(store)
    try:
        assert ask(port, COUNT)[0]["n"]["value"] == "3"
        assert update(port, INSERT) >= 400
        assert ask(port, "SELECT ?s WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }") == []
        with pytest.raises(KgError) as caught:  # no writer while a server reads the store
            open_store(store, read_only=False)
        oxigraph = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert caught.value.code == "E301" and f"pid {oxigraph[0]}" in caught.value.message  # kg serve's server
        open_store(store, read_only=True)  # readers are welcome
    finally:
        stop(process)  # by its process id: `kg serve` stops its Oxigraph server too
    assert process.returncode is not None
    open_store(store, read_only=False)


def test_server_writable_accepts_updates(hand_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(hand_store, store)
    process, port = serve(store, "--writable", "--token", "s3cret")
    try:
        assert update(port, INSERT) == 401  # the front wants the token
        assert update(port, INSERT, token="s3cret") < 300
        rows = ask(port, "SELECT ?o WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }")
        assert [row["o"]["value"] for row in rows] == ["1"]
    finally:
        stop(process)


def test_server_clear_errors(hand_store: Path, tmp_path: Path) -> None:
    missing = subprocess.run(kg_command("serve", "--store", str(tmp_path / "none"), "--port", str(free_port())),
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and missing.stderr.startswith("error E300:")
    process, port = serve(hand_store)
    try:
        busy = subprocess.run(kg_command("serve", "--store", str(hand_store), "--port", str(port)),
                              capture_output=True, text=True, timeout=60)
        assert busy.returncode == 1 and busy.stderr.startswith("error E321:")
    finally:
        stop(process)
    store = tmp_path / "locked"
    with held_open(store):
        locked = subprocess.run(kg_command("serve", "--store", str(store), "--port", str(free_port())),
                                capture_output=True, text=True, timeout=60)
        assert locked.returncode == 1 and locked.stderr.startswith("error E301:")


@pytest.fixture
def remote(tmp_path: Path):
    """A writable Oxigraph server with an empty store, on 127.0.0.1."""
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "remote"),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_port(port, process)
    yield f"http://127.0.0.1:{port}"
    stop(process)


def rows(query: str, graphs: list[Path], store: Path | None = None, endpoint: str | None = None) -> list[tuple]:
    table = to_table(run_select(query, graphs, store, endpoint))
    return sorted(tuple(str(term) if term is not None else "" for term in row) for row in table.rows)


def test_push_then_query_everywhere_gives_the_same_rows(hand_store: Path, tmp_path: Path, remote: str) -> None:
    pushes = [("update", f"{remote}/update"), ("gsp", f"{remote}/store"), ("update", f"{remote}/update")]
    for protocol, target in pushes:  # pushed again: each graph replaces its namesake
        result = subprocess.run(kg_command("push", "--store", str(hand_store), "--endpoint", target,
                                           "--protocol", protocol, "--batch-size", "2"),
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert "pushed 4 graph(s)" in result.stderr  # three documents and the ontology
    files = tmp_path / "all.nq"
    export_store(hand_store, files)
    endpoint = f"{remote}/query"
    assert rows(COUNT, [], endpoint=endpoint) == rows(COUNT, [], store=hand_store) == rows(COUNT, [files])
    answered = 0
    for name in resources.query_names():
        query = resources.query_text(name)
        expected = rows(query, [files])
        assert rows(query, [], store=hand_store) == expected, name
        assert rows(query, [], endpoint=endpoint) == expected, name
        answered += bool(expected)
    assert answered >= 2  # captures and places at least
    cli = [subprocess.run(kg_command("query", "captures", *source, "--format", "csv"),
                          capture_output=True, text=True, timeout=120)
           for source in ([str(files)], ["--store", str(hand_store)], ["--endpoint", endpoint])]
    assert all(result.returncode == 0 for result in cli), [result.stderr for result in cli]
    assert len({result.stdout for result in cli}) == 1 and "Sarajevo" in cli[0].stdout
    sparql = [subprocess.run(kg_command("sparql", COUNT, *source, "--format", "csv"),
                             capture_output=True, text=True, timeout=120)
              for source in ([str(files)], ["--store", str(hand_store)], ["--endpoint", endpoint])]
    assert [result.stdout.split() for result in sparql] == [["n", "3"]] * 3, [r.stderr for r in sparql]
    from_endpoint = dataset_from_source([], endpoint=endpoint)
    from_store = dataset_from_source([], store=hand_store)
    assert len(from_endpoint) == len(from_store) > 0
    for graph in from_store.graphs():
        if len(graph):
            assert isomorphic(graph, from_endpoint.graph(graph.identifier)), graph.identifier


def test_push_refused_and_unreachable_are_one_line_errors(hand_store: Path, remote: str) -> None:
    refused = subprocess.run(kg_command("push", "--store", str(hand_store), "--endpoint", f"{remote}/query"),
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and refused.stderr.startswith("error E312:")
    assert len(refused.stderr.strip().splitlines()) == 1
    down = subprocess.run(kg_command("push", "--store", str(hand_store), "--endpoint",
                                     f"http://127.0.0.1:{free_port()}/update", "--retries", "1"),
                          capture_output=True, text=True, timeout=60)
    assert down.returncode == 1 and down.stderr.startswith("error E311:")
