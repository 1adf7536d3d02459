"""The catalogue's tools: run `kg` in this process, and check what a run promises.

Each case asserts the exit code, the one-line message, that no traceback was
printed, and that every good document of the run is in the output with triples
of its own. Commands run in-process (typer's CliRunner): the spaCy model is
loaded once for the whole suite.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from kg.cli import app
from kg.rdf import document_iri, graph_iri

# Articles written for these tests, about wars the development corpus does not cover.
GOOD = {
    "juba-1": "Rebels shelled army posts near Juba on Friday, a spokesman for the provincial governor said.",
    "marawi-1": "Philippine forces captured the Grand Mosque in Marawi from Maute fighters on Thursday.",
    "kidal-1": "Malian troops and their allies clashed with separatist fighters near Kidal on Monday.",
}

ROOT = Path(__file__).resolve().parents[2]

# `kg build` as a user runs it (into a store or a file), writing one document at a time, that prints
# "written" once the first is written and waits for a line on its standard input before going on.
PAUSED_BUILD = """
import functools, sys
import kg.corpus as corpus
import kg.filebuild as filebuild
import kg.store
corpus.BATCH_DOCUMENTS = 1
corpus.WRITE_DOCUMENTS = corpus.BULK_WRITE_DOCUMENTS = 1
kg.store.BULK_MIN_QUADS = 0
def written(summary):
    if summary.built == 1:
        print("written", flush=True)
        sys.stdin.readline()
corpus.build_store = filebuild.build_store = functools.partial(corpus.build_store, on_write=written)
from kg.cli import main
sys.argv = ["kg", "build", *sys.argv[1:]]
main()
"""


def paused_build(*args: str | Path) -> subprocess.Popen[str]:
    """Start ``kg build ARGS`` as ``PAUSED_BUILD`` runs it, with pipes to talk to it."""
    return subprocess.Popen([sys.executable, "-c", PAUSED_BUILD, *map(str, args)], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@dataclass
class Run:
    """What one `kg` command did."""

    code: int
    out: str
    err: str
    exception: BaseException | None


def kg(*args: str | Path, stdin: str | bytes | None = None) -> Run:
    """Run `kg ARGS` in this process."""
    result = CliRunner().invoke(app, [str(a) for a in args], input=stdin)
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return Run(result.exit_code, result.stdout, result.stderr, exception)


def article(doc_id: str, text: str | None = None, **extra: object) -> dict[str, object]:
    """A good article as a JSON object."""
    return {"id": doc_id, "text": text or GOOD[doc_id], **extra}


def jsonl(*items: dict[str, object]) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def check(run: Run, code: int, message: str | None = None) -> None:
    """The exit code, no traceback, and (for a failure) exactly one `error EXXX: ...` line matching `message`."""
    assert run.exception is None, f"uncaught {run.exception!r}"
    assert "Traceback" not in run.err + run.out
    assert run.code == code, (run.code, run.err)
    if message is not None:
        lines = [line for line in run.err.splitlines() if re.search(message, line)]
        assert lines, f"no line matches {message!r} in:\n{run.err}"
    if code != 0:
        errors = [line for line in run.err.splitlines() if line.startswith("error ")]
        assert len(errors) == 1 and re.fullmatch(r"error E\d{3}: .+", errors[0]), run.err


def graph_of(output: Path | str, fmt: str = "trig") -> Dataset:
    dataset = Dataset()
    if isinstance(output, Path):
        dataset.parse(output, format=fmt)
    else:
        dataset.parse(data=output, format=fmt)
    return dataset


def assert_built(dataset: Dataset, *doc_ids: str) -> None:
    """Each document is in the dataset, in a graph of its own, with its document node and other triples."""
    for doc_id in doc_ids:
        named = dataset.graph(graph_iri(doc_id))
        assert len(named) > 1, f"{doc_id} is not in the output"
        assert (document_iri(doc_id), None, None) in named, f"{doc_id} has no document node"
        subjects = {str(s) for s in named.subjects()}
        assert all(s.startswith(str(document_iri(doc_id))) for s in subjects), f"{doc_id} shares nodes"


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    """An output path for a build (TriG keeps each document's graph)."""
    return tmp_path / "out.trig"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good articles built once into a TriG file (with titles), shared by the query cases."""
    folder = tmp_path_factory.mktemp("built")
    (folder / "articles.jsonl").write_text(jsonl(*(article(doc_id, title=f"Report {doc_id}", published="2024-03-01")
                                                  for doc_id in GOOD)))
    run = kg("build", folder / "articles.jsonl", "-o", folder / "built.trig", "-q")
    check(run, 0)
    return folder / "built.trig"


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good articles built once into a store, shared by the endpoint and store cases (copy it to change it)."""
    folder = tmp_path_factory.mktemp("served")
    (folder / "a.jsonl").write_text(jsonl(*(article(doc_id) for doc_id in GOOD)))
    check(kg("build", folder / "a.jsonl", "--store", folder / "store", "-q"), 0)
    return folder / "store"
