"""Catalogue, faults: signals, dead parents, full disks and broken stores end cleanly, with one line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.robustness.conftest import GOOD, article, assert_built, check, graph_of, jsonl, kg, paused_build

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.model

def corpus(folder: Path, copies: int = 1) -> Path:
    folder.mkdir()
    for n in range(copies):
        for doc_id in GOOD:
            (folder / f"{doc_id}-{n}.json").write_text(json.dumps(article(doc_id, id=f"{doc_id}-{n}")))
    return folder


start = paused_build


def test_faults_sigterm_takes_ctrl_c_path_and_the_build_resumes(tmp_path: Path) -> None:
    folder, store = corpus(tmp_path / "in"), tmp_path / "store"
    build = start(folder, "--store", store, "-q")
    assert build.stdout is not None and build.stdin is not None
    assert build.stdout.readline().strip() == "written"
    os.kill(build.pid, signal.SIGTERM)
    build.stdin.close()
    err = build.stderr.read() if build.stderr else ""
    assert build.wait(timeout=120) == 1
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("error E305: the build was interrupted after")
    run = kg("build", folder, "--store", store)
    check(run, 0)
    assert "unchanged (skipped)" in run.err and ", 0 failed" in run.err
    assert len(kg("sparql", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a ckg:Document } }", "--store", store,
                  "-f", "csv").out.splitlines()) == 1 + len(GOOD)


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def test_faults_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    folder, store = corpus(tmp_path / "in", copies=4), tmp_path / "store"
    build = start(folder, "--store", store, "--workers", "2", "-q")
    assert build.stdout is not None
    assert build.stdout.readline().strip() == "written"
    children = _descendants(build.pid)
    assert len(children) >= 3  # the forkserver and two workers (and the resource tracker)
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    deadline = time.monotonic() + 30
    alive = children
    while alive and time.monotonic() < deadline:
        time.sleep(0.5)
        alive = [pid for pid in alive if psutil.pid_exists(pid)
                 and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    for pid in alive:  # end what we started, by its id, before failing
        os.kill(pid, signal.SIGKILL)
    assert alive == [], "processes of the killed build survive"


def _damaged_copy(store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "damaged"
    shutil.copytree(store, copy, ignore=shutil.ignore_patterns("kg-serve-*.pid"))
    (copy / "CURRENT").write_text("garbage\n")
    return copy


DAMAGED = r"^error E302: cannot open the store .*: Corruption: .*the store is damaged: rebuild it from the articles"


@pytest.mark.parametrize("command", [["query", "actors"], ["sparql", "ASK { ?s ?p ?o }"], ["export", "-o", "x.nq"],
                                     ["validate", "--no-reasoner"], ["serve", "--port", "1"]])
def test_faults_damaged_store_says_what_to_do(store: Path, tmp_path: Path, command: list[str]) -> None:
    damaged = _damaged_copy(store, tmp_path)
    args = [*command[:1], "--store", str(damaged), *command[1:]]
    if command[0] == "export":
        args[-1] = str(tmp_path / "x.nq")
    check(kg(*args), 1, DAMAGED)


def test_faults_damaged_store_refuses_a_build(store: Path, tmp_path: Path) -> None:
    damaged = _damaged_copy(store, tmp_path)
    (tmp_path / "a.json").write_text(json.dumps(article("juba-1")))
    check(kg("build", tmp_path / "a.json", "--store", damaged), 1, DAMAGED)


def test_faults_store_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "store").write_text("not a store")
    check(kg("query", "actors", "--store", tmp_path / "store"), 1, r"^error E30[02]: ")


def test_faults_missing_store(tmp_path: Path) -> None:
    check(kg("query", "actors", "--store", tmp_path / "none"), 1, r"^error E300: no store at .*none")


def test_faults_duplicate_ids_into_a_store_name_both_places(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl(article("juba-1"), article("marawi-1")))
    (tmp_path / "b.json").write_text(json.dumps(article("juba-1", GOOD["kidal-1"])))
    run = kg("build", tmp_path / "a.jsonl", tmp_path / "b.json", "--store", tmp_path / "store")
    check(run, 0, r"failed: .*b\.json: the document id 'juba-1' is already used by .*a\.jsonl:1")
    assert "3 document(s): 2 built" in run.err, run.err
    count = kg("sparql", "SELECT (COUNT(?d) AS ?n) WHERE { ?d a ckg:Document }", "--store", tmp_path / "store",
               "-f", "csv")
    assert count.out.split() == ["n", "2"]


def test_faults_duplicate_ids_into_a_file_name_both_places(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl(article("juba-1"), article("juba-1", GOOD["kidal-1"])))
    run = kg("build", tmp_path / "a.jsonl", "-o", out)
    check(run, 0, r"^skipped .*a\.jsonl:2: E023: .*the document id 'juba-1' is already used by .*a\.jsonl:1")
    assert_built(graph_of(out), "juba-1")


FULL = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), resource.RLIM_INFINITY))
from kg.cli import main
sys.argv = ["kg", "build", sys.argv[1], "--store", sys.argv[2], "-q"]
main()
"""


def test_faults_full_disk_during_a_store_build_is_one_line(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in", copies=3)
    run = subprocess.run([sys.executable, "-c", FULL, str(folder), str(tmp_path / "store"), "1400000"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 1, run.stderr[-2000:]
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("error E303: cannot write to ") and "File too large" in last, last
    assert "run the same command to resume" in last
