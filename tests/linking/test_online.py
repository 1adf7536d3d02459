"""Online linking against a real local SPARQL endpoint (Oxigraph server on 127.0.0.1).

A recording reverse proxy sits between the linker and the server, so the tests
see what really went over HTTP: the User-Agent, and how many requests were sent.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.linking import link_document
from kg.linking.online import WikidataLinker
from kg.model import Document, Entity

pytestmark = pytest.mark.server

FIXTURE = Path(__file__).parent / "data" / "wikidata-fixture.ttl"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"

# Written for these tests: a town the gazetteer knows, a spokesman only the endpoint knows.
REPORT = "Moussa Kone, a spokesman for the Malian army, said troops had retaken Gao from the rebels on Saturday."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """An `oxigraph serve` process loaded with the fixture, stopped by its process id."""

    def __init__(self, root: Path) -> None:
        exe = str(OXIGRAPH) if OXIGRAPH.exists() else shutil.which("oxigraph")
        if exe is None:
            pytest.skip("the oxigraph server CLI is not installed (pip install oxigraph)")
        location = root / "store"
        location.mkdir(parents=True, exist_ok=True)
        subprocess.run([exe, "load", "--location", str(location), "--file", str(FIXTURE)],
                       check=True, capture_output=True)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.process = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait()

    def _wait(self) -> None:
        probe = self.url + "?query=ASK%7B%7D"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("oxigraph serve exited early")
            try:
                with urllib.request.urlopen(probe, timeout=1) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("oxigraph serve did not answer within 30 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class RecordingProxy:
    """A reverse proxy on 127.0.0.1 that forwards to the server and records each request."""

    def __init__(self, target: str) -> None:
        self.requests: list[dict[str, str]] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self._forward(None)

            def do_POST(self) -> None:  # noqa: N802
                self._forward(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def _forward(self, body: bytes | None) -> None:
                proxy.requests.append({"path": self.path, "user-agent": self.headers.get("User-Agent", "")})
                kept = ("accept", "content-type", "user-agent")
                headers = {k: v for k, v in self.headers.items() if k.lower() in kept}
                request = urllib.request.Request(target + self.path, data=body, headers=headers, method=self.command)
                try:
                    with urllib.request.urlopen(request, timeout=10) as answer:
                        status, payload, kind = answer.status, answer.read(), answer.headers.get("Content-Type", "")
                except urllib.error.HTTPError as exc:
                    status, payload, kind = exc.code, exc.read(), exc.headers.get("Content-Type", "")
                except (urllib.error.URLError, OSError):
                    status, payload, kind = 502, b"upstream down", "text/plain"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/query"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("oxigraph"))
    yield running
    running.stop()


@pytest.fixture()
def proxy(server: Server) -> Iterator[RecordingProxy]:
    recording = RecordingProxy(server.url.removesuffix("/query"))
    yield recording
    recording.close()


def _linker(url: str, cache: Path, **options: object) -> WikidataLinker:
    return WikidataLinker(endpoint=url, cache_dir=cache, min_interval=0.0, timeout=5, **options)  # type: ignore[arg-type]


def test_online_answers_by_type_and_context(proxy: RecordingProxy, tmp_path: Path) -> None:
    linker = _linker(proxy.url, tmp_path)
    items = [("Gao", "City"), ("Gao", "Region"), ("Serbia", "State"),
             ("European Union", "InternationalOrganization"), ("FHB", "NonStateArmedGroup"),
             ("Moussa Kone", "Person"), ("Valencia", "City"),
             ("John Smith", "Person"), ("Serbia", "Person"), ("Nowhere Town", "City")]
    assert linker.link(items) == ["Q188904", "Q332392", "Q403", "Q458", "Q900000001", "Q900000002",
                                  None, None, None, None]
    # Two cities called Valencia: the document's country decides.
    assert linker.link([("Valencia", "City")], context=["Q29"]) == ["Q8818"]
    assert linker.link([("Valencia", "City")], context=["Q717"]) == ["Q54880"]


def test_online_sends_a_descriptive_user_agent(proxy: RecordingProxy, tmp_path: Path) -> None:
    _linker(proxy.url, tmp_path).link([("Gao", "City")])
    assert proxy.requests, "no request reached the server"
    agent = proxy.requests[0]["user-agent"]
    assert agent.startswith("conflict-kg/") and "https://" in agent and "SPARQLWrapper" in agent
    custom = _linker(proxy.url, tmp_path / "other", user_agent="my-bot/1.0 (me@example.org)")
    custom.link([("Gao", "City")])
    assert proxy.requests[-1]["user-agent"] == "my-bot/1.0 (me@example.org)"


def test_online_batches_names_into_few_requests(proxy: RecordingProxy, tmp_path: Path) -> None:
    linker = _linker(proxy.url, tmp_path, batch_size=2)
    answers = linker.link([("Gao", "City"), ("Valencia", "City"), ("Kawkaw", "City"), ("Serbia", "State")])
    assert answers == ["Q188904", None, "Q188904", "Q403"]
    # Cities in batches of two (2 requests) and the country in one.
    assert len(proxy.requests) == 3 == linker.requests


def test_online_second_run_is_answered_from_the_cache(proxy: RecordingProxy, tmp_path: Path) -> None:
    items = [("Gao", "City"), ("Serbia", "State"), ("Moussa Kone", "Person")]
    first = _linker(proxy.url, tmp_path)
    assert first.link(items) == ["Q188904", "Q403", "Q900000002"]
    sent = len(proxy.requests)
    assert sent == first.requests > 0
    assert list(tmp_path.glob("*.json"))
    second = _linker(proxy.url, tmp_path)
    assert second.link(items) == ["Q188904", "Q403", "Q900000002"]
    assert second.requests == 0 and len(proxy.requests) == sent


def test_online_falls_back_with_one_warning_when_the_server_stops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = Server(tmp_path / "own")
    try:
        linker = _linker(own.url, tmp_path / "cache")
        assert linker.link([("Gao", "City")]) == ["Q188904"]
    finally:
        own.stop()
    assert linker.link([("Serbia", "State")]) == [None]
    assert linker.link([("European Union", "InternationalOrganization")]) == [None]
    assert linker.link([("Gao", "City")]) == ["Q188904"]  # cached answers still count
    assert linker.offline and linker.requests == 2  # one answered, one failed, none after
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning E204")]
    assert len(warnings) == 1


def test_online_link_document_fills_what_the_gazetteer_cannot(proxy: RecordingProxy, tmp_path: Path) -> None:
    text = "Moussa Kone said the FHB had left Gao."
    person = Entity("p", "Moussa Kone", "Person")
    group = Entity("g", "FHB", "NonStateArmedGroup")
    ngo = Entity("o", "Malian Observatory for Human Rights", "MonitoringOrganization")
    doc = Document(id="t", text=text, entities=[person, group, ngo])
    link_document(doc, None, _linker(proxy.url, tmp_path))
    assert (person.wikidata, group.wikidata, ngo.wikidata) == ("Q900000002", "Q900000001", None)


def test_online_rejects_a_bad_endpoint(tmp_path: Path) -> None:
    with pytest.raises(KgError) as info:
        WikidataLinker(endpoint="ftp://example.org/sparql", cache_dir=tmp_path)
    assert info.value.code == "E203"


def test_online_federation_example_runs_with_kg_sparql(server: Server, tmp_path: Path) -> None:
    """docs/federation.rq joins our captures with Wikidata; here SERVICE points at the local server."""
    from typer.testing import CliRunner

    from kg.build import new_dataset, write_file
    from kg.cli import app
    from kg.model import Event, Span
    from kg.rdf import document_graph, graph_iri

    text = "Government forces captured Sosso Koira in Gao, Mali."
    doc = Document(id="fed", text=text)
    doc.entities = [Entity("sosso", "Sosso Koira", "District", within="gao"),
                    Entity("gao", "Gao", "City", wikidata="Q188904", within="mali"),
                    Entity("mali", "Mali", "Country", wikidata="Q912"),
                    Entity("gov", "Government forces", "StateArmedForce")]
    doc.events = [Event("e1", "Capture", Span(17, 25, "captured"), agent="gov", place="sosso")]
    dataset = new_dataset()
    dataset.graph(graph_iri(doc.id)).__iadd__(document_graph(doc))
    graph = tmp_path / "fed.trig"
    write_file(dataset, graph, "trig")
    query = (Path(__file__).resolve().parents[2] / "docs" / "federation.rq").read_text(encoding="utf-8")
    local = tmp_path / "federation.rq"
    local.write_text(query.replace("https://query.wikidata.org/sparql", server.url), encoding="utf-8")
    result = CliRunner().invoke(app, ["sparql", str(local), str(graph), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["results"]["bindings"]
    assert [(r["place"]["value"], r["linked"]["value"], r["wikidata"]["value"], r["population"]["value"])
            for r in rows] == [("Sosso Koira", "Gao", "Q188904", "86633")]


def test_online_kg_link_cli_with_endpoint(
    proxy: RecordingProxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rdflib import Dataset
    from rdflib.namespace import SKOS
    from typer.testing import CliRunner

    from kg.build import new_dataset, write_file
    from kg.cli import app
    from kg.rdf import document_graph, graph_iri, node_iri

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    doc = Document(id="cli", text="Moussa Kone said so.",
                   entities=[Entity("kone", "Moussa Kone", "Person")])
    dataset = new_dataset()
    dataset.graph(graph_iri(doc.id)).__iadd__(document_graph(doc))
    built, out = tmp_path / "in.trig", tmp_path / "out.nq"
    write_file(dataset, built, "trig")
    result = CliRunner().invoke(app, ["link", str(built), "-o", str(out), "--online", "--endpoint", proxy.url])
    assert result.exit_code == 0, result.output
    linked = Dataset(default_union=True)
    linked.parse(out, format="nquads")
    assert str(linked.value(node_iri("cli", "kone"), SKOS.exactMatch)).endswith("/Q900000002")
    assert proxy.requests and list((tmp_path / "cache" / "wikidata").glob("*.json"))


def test_online_kg_build_links_through_the_endpoint(
    proxy: RecordingProxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kg build --online --endpoint URL`: the gazetteer first, then the endpoint for the rest."""
    from rdflib import Dataset
    from rdflib.namespace import RDFS, SKOS
    from typer.testing import CliRunner

    from kg.cli import app

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    article = tmp_path / "gao.json"  # a report written for this test
    article.write_text(json.dumps({"id": "gao-1", "published": "2013-01-27", "text": REPORT}), encoding="utf-8")
    out = tmp_path / "gao.nq"
    result = CliRunner().invoke(app, ["build", str(article), "-o", str(out), "--online", "--endpoint", proxy.url])
    assert result.exit_code == 0, result.output
    graph = Dataset(default_union=True)
    graph.parse(out, format="nquads")
    links = {str(graph.value(node, RDFS.label)): str(item).rsplit("/", 1)[-1]
             for node, item in graph.subject_objects(SKOS.exactMatch)}
    assert links["Moussa Kone"] == "Q900000002"  # only the endpoint knows him
    assert links["Gao"] == "Q188904"  # the gazetteer still links offline
    assert proxy.requests
