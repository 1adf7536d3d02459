"""A build killed with SIGKILL mid-run leaves a consistent store, and the next run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from kg.corpus import build_store

from .conftest import ARTICLES, PYTHON, consistent, snapshot

pytestmark = pytest.mark.model

# A build into a new store that writes one document per bulk load and, after its first one, waits to be killed.
DRIVER = """
import sys
from pathlib import Path
import kg.corpus as corpus
import kg.store.oxigraph
corpus.BATCH_DOCUMENTS = 1
corpus.WRITE_DOCUMENTS = corpus.BULK_WRITE_DOCUMENTS = 1
kg.store.oxigraph.BULK_MIN_QUADS = 0
def written(summary):
    print("written", summary.built, flush=True)
    sys.stdin.read()
corpus.build_store([sys.argv[1]], Path(sys.argv[2]), progress=False, on_write=written)
"""


def test_resume_after_sigkill(tmp_path: Path, corpus: Path, reference_store: Path, pipeline) -> None:
    store = tmp_path / "store"
    build = subprocess.Popen([PYTHON, "-c", DRIVER, str(corpus), str(store)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert build.stdout is not None
        assert build.stdout.readline().split() == ["written", "1"]
        os.kill(build.pid, signal.SIGKILL)
    finally:
        build.wait(timeout=60)
    assert build.returncode == -signal.SIGKILL
    assert len(consistent(store)) == 1  # one complete document, nothing half-written
    assert compaction_pending(store)  # the killed bulk build never compacted
    summary = build_store([str(corpus)], store, progress=False, pipeline=pipeline)
    assert (summary.skipped, summary.built, summary.failed) == (1, len(ARTICLES) - 1, [])
    assert snapshot(store) == snapshot(reference_store)
    assert not compaction_pending(store)  # the resumed build carried on in bulk and compacted


def compaction_pending(path: Path) -> bool:
    from kg.store.oxigraph import COMPACTION_PENDING, open_store

    return COMPACTION_PENDING in open_store(path, read_only=True)


INTERRUPTED = DRIVER.replace(
    "corpus.build_store([sys.argv[1]], Path(sys.argv[2]), progress=False, on_write=written)",
    """from kg.errors import KgError
import signal
# Ctrl-C as at a terminal, whatever disposition the test runner's process passed down (an ignored SIGINT is inherited)
signal.signal(signal.SIGINT, signal.default_int_handler)
try:
    corpus.build_store([sys.argv[1]], Path(sys.argv[2]), progress=False, on_write=written)
except KgError as error:
    print(error.code, error.message, flush=True)
    sys.exit(1)""")


def test_resume_after_ctrl_c(tmp_path: Path, corpus: Path, reference_store: Path, pipeline) -> None:
    store = tmp_path / "store"
    build = subprocess.Popen([PYTHON, "-c", INTERRUPTED, str(corpus), str(store)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert build.stdout is not None and build.stdin is not None
    assert build.stdout.readline().split() == ["written", "1"]
    os.kill(build.pid, signal.SIGINT)
    build.stdin.close()  # lets the callback return; the build then stops
    out = build.stdout.read()
    assert build.wait(timeout=120) == 1
    assert "E305" in out and "run the same command to resume" in out
    built = len(consistent(store))
    assert 1 <= built <= len(ARTICLES)
    summary = build_store([str(corpus)], store, progress=False, pipeline=pipeline)
    assert (summary.skipped, summary.built) == (built, len(ARTICLES) - built)
    assert snapshot(store) == snapshot(reference_store)


# A build with two workers that kills one of them (SIGKILL) once the first document is written.
KILL_A_WORKER = """
import sys
from pathlib import Path
import psutil
import kg.corpus as corpus
import kg.store.oxigraph
from kg.errors import KgError
corpus.BATCH_DOCUMENTS = 1
corpus.WRITE_DOCUMENTS = corpus.BULK_WRITE_DOCUMENTS = 1
kg.store.oxigraph.BULK_MIN_QUADS = 0
killed = []
def written(summary):
    if not killed:
        servers = [c for c in psutil.Process().children() if "forkserver" in " ".join(c.cmdline())]
        workers = [w for server in servers for w in server.children()]
        workers[0].kill()
        killed.append(workers[0].pid)
try:
    corpus.build_store([sys.argv[1]], Path(sys.argv[2]), workers=2, progress=False, on_write=written)
    print("finished")
except KgError as error:
    print(error.code, error.message)
"""


def test_resume_after_a_worker_dies(tmp_path: Path, pipeline) -> None:
    pytest.importorskip("psutil")
    from .conftest import write_corpus

    articles = [dict(article, id=f"{article['id']}-{n}") for n in range(4) for article in ARTICLES]
    folder = write_corpus(tmp_path / "in", articles)
    store = tmp_path / "store"
    result = subprocess.run([PYTHON, "-c", KILL_A_WORKER, str(folder), str(store)],
                            capture_output=True, text=True, timeout=300)
    assert result.stdout.startswith("E306"), (result.stdout, result.stderr[-2000:])
    assert "run the same command to resume" in result.stdout
    built = len(consistent(store))
    assert 1 <= built < len(articles)
    summary = build_store([str(folder)], store, progress=False, pipeline=pipeline)
    assert (summary.skipped, summary.built, summary.failed) == (built, len(articles) - built, [])
    assert len(consistent(store)) == len(articles)
