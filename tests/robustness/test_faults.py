"""Catalogue, faults: signals, dead parents, full disks and broken stores end cleanly, with one line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.robustness.conftest import GOOD, article, check, kg

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.model

# `kg build` as a user runs it, with the store written one document at a time and a pause after the first.
DRIVER = """
import functools, sys
import kg.corpus as corpus
import kg.store
corpus.BATCH_DOCUMENTS = 1
corpus.WRITE_DOCUMENTS = corpus.BULK_WRITE_DOCUMENTS = 1
kg.store.BULK_MIN_QUADS = 0
def written(summary):
    if summary.built == 1:
        print("written", flush=True)
        sys.stdin.readline()
corpus.build_store = functools.partial(corpus.build_store, on_write=written)
from kg.cli import main
sys.argv = ["kg", "build", *sys.argv[1:]]
main()
"""


def corpus(folder: Path, copies: int = 1) -> Path:
    folder.mkdir()
    for n in range(copies):
        for doc_id in GOOD:
            (folder / f"{doc_id}-{n}.json").write_text(json.dumps(article(doc_id, id=f"{doc_id}-{n}")))
    return folder


def start(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", DRIVER, *map(str, args)], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


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
