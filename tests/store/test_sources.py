"""`kg validate` and `kg link` read a store or an endpoint as they read graph files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.namespace import RDFS, SKOS

from .conftest import kg_command, stop
from .test_server import serve


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kg_command(*args), capture_output=True, text=True, timeout=300)


def test_sources_validate_a_store(hand_store: Path) -> None:
    result = run("validate", "--store", str(hand_store), "--no-reasoner", "--no-warnings")
    assert result.returncode == 0, result.stdout + result.stderr


def test_sources_validate_needs_exactly_one_source(hand_store: Path, tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text("")
    result = run("validate", str(graph), "--store", str(hand_store), "--no-reasoner")
    assert result.returncode == 1
    assert result.stderr.startswith("error E018:")


def test_sources_link_reads_a_store(hand_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "linked.nq"
    result = run("link", "--store", str(hand_store), "-o", str(out))
    assert result.returncode == 0, result.stderr
    linked = Dataset(default_union=True)
    linked.parse(out, format="nquads")
    labels = {str(linked.value(s, RDFS.label)): str(o) for s, o in linked.subject_objects(SKOS.exactMatch)}
    assert labels.get("Sarajevo") == "http://www.wikidata.org/entity/Q11194"


@pytest.mark.server
def test_sources_validate_and_link_read_an_endpoint(hand_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(hand_store, store)
    process, port = serve(store)
    try:
        url = f"http://127.0.0.1:{port}/query"
        checked = run("validate", "--endpoint", url, "--no-reasoner", "--no-warnings")
        assert checked.returncode == 0, checked.stdout + checked.stderr
        out = tmp_path / "linked.ttl"
        linked = run("link", "--from-endpoint", url, "-o", str(out))
        assert linked.returncode == 0, linked.stderr
        assert "Q11194" in out.read_text()
    finally:
        stop(process)
