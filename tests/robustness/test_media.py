"""Catalogue, read-only media: a store on a read-only file system is read as it is, and writes fail in one line.

The folder is made read-only with a read-only bind mount in a user namespace
(``unshare``), which stops root too, unlike ``chmod``. Where user namespaces
are not allowed, a non-root run falls back on ``chmod -R a-w``; only a root run
without them is skipped, since nothing else there stops root from writing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.robustness.conftest import GOOD, article, jsonl, kg
from tests.robustness.test_endpoint import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.model
# Run the command with FOLDER mounted read-only over itself, in a mount namespace of its own.
READ_ONLY = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def _namespaces_work(folder: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-Urm", "sh", "-c", READ_ONLY, str(folder), "sh", "-c", '! touch "$0/probe"',
                            str(folder)], capture_output=True)
    return probe.returncode == 0 and not (folder / "probe").exists()


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str]]]:
    """A folder holding a built store, and the command prefix that runs a command with the folder read-only."""
    folder = tmp_path_factory.mktemp("media")
    (folder / "a.jsonl").write_text(jsonl(*(article(doc_id) for doc_id in GOOD)))
    assert kg("build", folder / "a.jsonl", "--store", folder / "store", "-q").code == 0
    if _namespaces_work(folder):
        yield folder, ["unshare", "-Urm", "sh", "-c", READ_ONLY, str(folder)]
        return
    if os.geteuid() == 0:
        pytest.skip("running as root without user namespaces (unshare -Urm): nothing here can make a folder "
                    "read-only for root")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        yield folder, []
    finally:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)


def run(media: tuple[Path, list[str]], *args: str | Path) -> subprocess.CompletedProcess[str]:
    folder, prefix = media
    return subprocess.run([*prefix, sys.executable, "-m", "kg", *map(str, args)], cwd=ROOT, text=True,
                          capture_output=True, timeout=300)


def one_line(result: subprocess.CompletedProcess[str], code: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error ")]
    assert len(errors) == 1 and errors[0].startswith(f"error {code}: "), result.stderr


def test_media_query_reads_a_read_only_store(media: tuple[Path, list[str]]) -> None:
    result = run(media, "sparql", "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a ckg:Document }",
                 "--store", media[0] / "store", "-f", "csv")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.splitlines()[1] == str(len(GOOD))
    actors = run(media, "query", "actors", "--store", media[0] / "store", "-f", "csv")
    assert actors.returncode == 0 and "rebels" in actors.stdout.lower(), actors.stderr


def test_media_export_of_a_read_only_store(media: tuple[Path, list[str]], tmp_path: Path) -> None:
    result = run(media, "export", "--store", media[0] / "store", "-o", tmp_path / "out.nq")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    graphs = {line.rsplit(" ", 2)[-2] for line in (tmp_path / "out.nq").read_text().splitlines()}
    assert len(graphs) == len(GOOD)


def test_media_export_into_the_read_only_folder_is_one_line(media: tuple[Path, list[str]]) -> None:
    one_line(run(media, "export", "--store", media[0] / "store", "-o", media[0] / "out.nq"), "E011")
    assert not (media[0] / "out.nq").exists()


def test_media_build_into_a_read_only_store_is_one_line(media: tuple[Path, list[str]]) -> None:
    result = run(media, "build", media[0] / "a.jsonl", "--store", media[0] / "store", "--force", "-q")
    one_line(result, "E302")
    assert "cannot be written here" in result.stderr


def test_media_serve_answers_from_a_read_only_store(media: tuple[Path, list[str]]) -> None:
    folder, prefix = media
    port = free_port()
    process = subprocess.Popen([*prefix, sys.executable, "-m", "kg", "serve", "--store", str(folder / "store"),
                                "--port", str(port)], cwd=ROOT, text=True, stderr=subprocess.PIPE)
    try:
        query = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/conflict-kg/ontology#Document> }"
        request = urllib.request.Request(f"http://127.0.0.1:{port}/query?" + urlencode({"query": query}),
                                         headers={"Accept": "application/sparql-results+json"})
        deadline, answer = time.monotonic() + 90, None
        while answer is None:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    answer = json.load(response)
            except OSError:
                assert time.monotonic() < deadline, "kg serve never answered"
                time.sleep(0.3)
        assert answer["results"]["bindings"][0]["n"]["value"] == str(len(GOOD))
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert "Traceback" not in err, err
