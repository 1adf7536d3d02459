"""Continuous ingest: `kg watch` and `kg ingest`, killed and restarted, end as one batch build would."""

from __future__ import annotations

import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import resources
from kg.inputs import iter_documents
from kg.store.oxigraph import BUILDS_GRAPH, DOCUMENT_ID, INPUT_HASH, OxigraphStore, open_store
from kg.store.sparql import select

from .conftest import kg_command

pytestmark = pytest.mark.model

ACTORS = ["The Sri Lankan army", "Boko Haram fighters", "Al-Shabaab militants", "Tamil Tiger rebels"]
PLACES = ["Jaffna", "Maiduguri", "Kismayo", "Malakal", "Timbuktu", "Bangui", "Kilinochchi", "Baidoa"]
BATCH_LINE = re.compile(r"^batch \d+: (\d+) built, (\d+) unchanged, (\d+) withdrawn, (\d+) failed")
HELD = re.compile(r"; (\d+) documents, (\d+) files pending$")


def feed_article(number: int, version: int = 0) -> dict:
    """A short article written for these tests; ``version`` changes its text."""
    actor, place = ACTORS[number % len(ACTORS)], PLACES[(number * 3 + version) % len(PLACES)]
    killed = 2 + (number * 7 + version) % 40
    return {"id": f"feed-{number:03d}", "published": "2009-05-12",
            "text": f"{actor} shelled the town of {place} on Tuesday and killed {killed} civilians in the market, "
                    "a local official said."}


def reference(folder: Path, target: Path, pipeline) -> Path:
    """The folder built in one batch."""
    from kg.corpus import build_store

    summary = build_store([str(folder)], target, progress=False, pipeline=pipeline)
    assert not summary.failed
    return target


def reference_from_stdin(stream: bytes, target: Path, pipeline, monkeypatch) -> Path:
    """The stream built in one batch, read from standard input as `kg ingest` reads it (no file names)."""
    from kg.corpus import build_store

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stream)))
    summary = build_store(["-"], target, progress=False, pipeline=pipeline)
    assert not summary.failed
    return target


def canned_answers(path: Path) -> dict[str, list[tuple[str, ...]]]:
    store = open_store(path, read_only=True)
    answers = {}
    for name in resources.query_names():
        rows = select(store, resources.query_text(name))
        answers[name] = sorted(tuple(str(row[v]) for v in rows.variables) for row in rows)
    return answers


def assert_like_batch(store_path: Path, batch_path: Path) -> None:
    """Every document exactly once, with its own triples, and the canned answers of a batch build."""
    live, batch = open_store(store_path, read_only=True), open_store(batch_path, read_only=True)
    for predicate in (DOCUMENT_ID, INPUT_HASH):
        graphs = [q.subject for q in live.quads_for_pattern(None, predicate, None, BUILDS_GRAPH)]
        assert len(graphs) == len(set(graphs)), "a document is recorded twice"
    ids = sorted(doc_id for doc_id, _ in OxigraphStore(store_path, read_only=True).documents())
    assert ids == sorted(doc_id for doc_id, _ in OxigraphStore(batch_path, read_only=True).documents())
    del live, batch
    assert set(map(str, OxigraphStore(store_path, read_only=True).content_quads())) == \
        set(map(str, OxigraphStore(batch_path, read_only=True).content_quads()))
    assert canned_answers(store_path) == canned_answers(batch_path)


class Follower:
    """A `kg watch` process and the summary lines it prints."""

    def __init__(self, folder: Path, store: Path) -> None:
        self.process = subprocess.Popen(kg_command("watch", str(folder), "--store", str(store), "--settle", "0.3"),
                                        stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.watching = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("watching "):
                self.watching.set()

    def caught_up(self, documents: int, timeout: float = 120) -> bool:
        """Wait until a batch leaves ``documents`` in the store and no file pending, and nothing follows."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = len(self.lines)
            held = next((HELD.search(line) for line in reversed(self.lines) if HELD.search(line)), None)
            if held and (int(held.group(1)), int(held.group(2))) == (documents, 0):
                time.sleep(1.0)
                if len(self.lines) == seen:
                    return True
            time.sleep(0.2)
        return False

    def built(self) -> int:
        return sum(int(m.group(1)) for m in map(BATCH_LINE.match, self.lines) if m)

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.reader.join(timeout=5)

    def stop(self) -> int:
        os.kill(self.process.pid, signal.SIGTERM)
        code = self.process.wait(timeout=60)
        self.reader.join(timeout=5)
        return code


def write_file(path: Path, text: str, rng: random.Random) -> None:
    """Write a document file the way feeds do: under a temporary name then renamed, or in place, in two goes."""
    if rng.random() < 0.8:
        temporary = path.with_name(path.name + ".part")
        temporary.write_text(text)
        os.replace(temporary, path)
    else:
        with path.open("w") as out:
            out.write(text[: len(text) // 2])
            out.flush()
            time.sleep(0.02)
            out.write(text[len(text) // 2:])


def test_feed_watch_survives_kills_and_ends_like_a_batch_build(tmp_path: Path, pipeline) -> None:
    rng = random.Random(15)
    folder, store = tmp_path / "inbox", tmp_path / "store"
    folder.mkdir()
    total = 240
    kills = sorted(rng.sample(range(20, total), 3))
    versions = 0
    follower = Follower(folder, store)
    built = 0
    for number in range(total):
        if number % 12 == 11:  # three articles in one JSONL file
            lines = [json.dumps(feed_article(n)) for n in range(1000 + number, 1003 + number)]
            write_file(folder / f"bundle-{number:03d}.jsonl", "\n".join(lines) + "\n", rng)
        else:
            write_file(folder / f"a-{number:03d}.json", json.dumps(feed_article(number)), rng)
        versions += 3 if number % 12 == 11 else 1
        if number % 40 == 39:  # an article is corrected, another withdrawn
            write_file(folder / f"a-{number - 5:03d}.json", json.dumps(feed_article(number - 5, 1)), rng)
            (folder / f"a-{number - 9:03d}.json").unlink()
            versions += 1
        time.sleep(rng.uniform(0, 0.03))
        if number in kills:
            time.sleep(rng.uniform(0, 1.5))
            follower.kill()
            built += follower.built()
            follower = Follower(folder, store)
    assert follower.watching.wait(timeout=120), follower.lines
    expected = sum(1 for _ in iter_documents([str(folder)]))
    assert follower.caught_up(expected), follower.lines
    assert follower.stop() == 0, follower.lines
    assert follower.lines[-1].startswith("stopped; total"), follower.lines
    built += follower.built()
    assert built <= versions  # nothing written twice (a batch killed before its write is redone, once)
    assert_like_batch(store, reference(folder, tmp_path / "batch", pipeline))
    # A restart finds everything done.
    again = Follower(folder, store)
    assert again.watching.wait(timeout=120), again.lines
    assert again.stop() == 0
    assert again.built() == 0, again.lines


def test_feed_ingest_stdin_resumes_after_kill(tmp_path: Path, pipeline, monkeypatch) -> None:
    articles = [feed_article(n) for n in range(60)]
    stream = "".join(json.dumps(a) + "\n" for a in articles).encode()
    store = tmp_path / "store"
    first = subprocess.Popen(kg_command("ingest", "-", "--store", str(store), "--batch", "8", "--seconds", "0.2"),
                             stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert first.stdin is not None and first.stderr is not None
    first.stdin.write(stream[: len(stream) // 2])
    first.stdin.flush()
    line = first.stderr.readline().decode()
    assert BATCH_LINE.match(line), line
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    done = len(list(OxigraphStore(store, read_only=True).documents()))
    assert done >= int(BATCH_LINE.match(line).group(1))
    second = subprocess.run(kg_command("ingest", "-", "--store", str(store)), input=stream, capture_output=True,
                            timeout=300)
    assert second.returncode == 0, second.stderr
    total = second.stderr.decode().strip().splitlines()[-1]
    assert total.startswith(f"total: {len(articles) - done} built, {done} unchanged, 0 withdrawn, 0 failed"), total
    assert_like_batch(store, reference_from_stdin(stream, tmp_path / "batch", pipeline, monkeypatch))


def test_feed_ingest_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    store = tmp_path / "store"
    process = subprocess.Popen(kg_command("ingest", "-", "--store", str(store), "--seconds", "0.1"),
                               stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write((json.dumps(feed_article(1)) + "\n").encode())
    process.stdin.flush()
    assert BATCH_LINE.match(process.stderr.readline().decode())
    os.kill(process.pid, signal.SIGTERM)  # the stream stays open: only the signal stops it
    assert process.wait(timeout=30) == 0
    assert process.stderr.read().decode().startswith("total: 1 built")
    assert [doc_id for doc_id, _ in OxigraphStore(store, read_only=True).documents()] == ["feed-001"]


def test_feed_ingester_builds_once_replaces_changes_and_withdraws(tmp_path: Path, pipeline) -> None:
    from kg.ingest import Ingester
    from kg.inputs import document_from_json_line

    def documents(*articles: dict) -> list:
        return [(document_from_json_line(json.dumps(a), "test", n), None) for n, a in enumerate(articles, start=1)]

    store = OxigraphStore(tmp_path / "store")
    ingester = Ingester(store, pipeline=pipeline)
    first = ingester.apply(documents(feed_article(1), feed_article(2)))
    assert (first.built, first.unchanged) == (2, 0)
    old = {str(q) for q in store.content_quads() if q.graph_name == store.graph("feed-001")}
    again = ingester.apply(documents(feed_article(1), feed_article(2, 1)))
    assert (again.built, again.unchanged) == (1, 1)
    gone = ingester.apply([], withdraw=["feed-001"])
    assert gone.withdrawn == 1
    assert [doc_id for doc_id, _ in store.documents()] == ["feed-002"]
    assert not old & {str(q) for q in store.content_quads()}
    assert ingester.total.built == 3 and ingester.total.withdrawn == 1


def test_feed_watcher_follows_files_and_what_they_hold(tmp_path: Path, pipeline) -> None:
    from kg.ingest import Ingester
    from kg.watch import Watcher, is_watched

    folder = tmp_path / "inbox"
    folder.mkdir()
    assert is_watched(folder / "a.json", folder) and is_watched(folder / "sub" / "b.jsonl", folder)
    assert not is_watched(folder / "a.json.part", folder) and not is_watched(folder / ".a.json", folder)
    bundle = folder / "bundle.jsonl"
    bundle.write_text("".join(json.dumps(feed_article(n)) + "\n" for n in (1, 2, 3)))
    single = folder / "single.json"
    single.write_text(json.dumps(feed_article(4)))
    store = OxigraphStore(tmp_path / "store")
    watcher = Watcher(folder, Ingester(store, pipeline=pipeline), progress=False)
    watcher.reconcile()
    assert dict(store.documents()) == {"feed-001": str(bundle), "feed-002": str(bundle), "feed-003": str(bundle),
                                       "feed-004": str(single)}
    bundle.write_text(json.dumps(feed_article(1)) + "\n")  # two articles leave the file
    single.unlink()
    summary = watcher.apply([bundle], [single])
    assert (summary.built, summary.unchanged, summary.withdrawn) == (0, 1, 3)
    assert dict(store.documents()) == {"feed-001": str(bundle)}


def consolidated_lines(store: OxigraphStore) -> set[str]:
    from kg.consolidate import CONSOLIDATED

    return {str(q) for q in store.db.quads_for_pattern(None, None, None, ox.NamedNode(CONSOLIDATED))}


def test_feed_ingester_defers_consolidation_while_busy_and_catches_up(tmp_path: Path, pipeline) -> None:
    """A busy feed consolidates when it goes quiet, and at its end: then the consolidated graph is the one a
    whole recompute gives; a changed document written by a run killed before its consolidation counts
    as unconsolidated, so the next run brings it up to date. A withdrawal is consolidated at once."""
    from kg.consolidate.stored import consolidate_store, unconsolidated
    from kg.ingest import Ingester
    from kg.inputs import document_from_json_line

    def documents(*articles: dict) -> list:
        return [(document_from_json_line(json.dumps(a), "test", n), None) for n, a in enumerate(articles, start=1)]

    def pending(store: OxigraphStore) -> set[str]:
        return {g.value.rsplit("/", 1)[-1] for g in unconsolidated(store.db)}

    store = OxigraphStore(tmp_path / "store")
    ingester = Ingester(store, pipeline=pipeline)
    ingester.apply(documents(feed_article(1), feed_article(5)))
    assert pending(store) == {"feed-001", "feed-005"}  # busy: deferred
    ingester.catch_up()  # quiet
    assert not pending(store)
    ingester.apply(documents(feed_article(9), feed_article(5, 1)))  # one new, one changed
    assert pending(store) == {"feed-005", "feed-009"}
    # killed here: a new run catches up at its end, though it builds nothing
    again = Ingester(store, pipeline=pipeline)
    assert again.apply(documents(feed_article(1))).built == 0
    again.finish()
    assert not pending(store)
    caught_up = consolidated_lines(store)
    consolidate_store(store.db)
    assert caught_up == consolidated_lines(store)
    third = Ingester(store, pipeline=pipeline)
    third.apply(documents(feed_article(12)))
    third.apply([], withdraw=["feed-009"])  # what the new one deferred is brought up to date with it
    assert not pending(store)
    withdrawn = consolidated_lines(store)
    consolidate_store(store.db)
    assert withdrawn == consolidated_lines(store) and not any("feed-009" in line for line in withdrawn)


def test_feed_ingester_submits_the_next_batch_before_the_one_before_is_written(tmp_path: Path, pipeline) -> None:
    """Batches submitted in a row are written in order: a document of the later batch that the earlier one
    is writing unchanged counts as unchanged, a changed one replaces it, and nothing stays in flight."""
    from kg.ingest import Ingester
    from kg.inputs import document_from_json_line

    def documents(*articles: dict) -> list:
        return [(document_from_json_line(json.dumps(a), "test", n), None) for n, a in enumerate(articles, start=1)]

    store = OxigraphStore(tmp_path / "store")
    ingester = Ingester(store, pipeline=pipeline)
    first = ingester.submit(documents(feed_article(3), feed_article(4)))
    second = ingester.submit(documents(feed_article(3), feed_article(4, 2), feed_article(6)))
    assert [doc_id for doc_id, _ in store.documents()] == []  # nothing written yet
    assert (ingester.complete(first).built, ingester.complete(second).built) == (2, 2)
    assert ingester.total.unchanged == 1 and not ingester._in_flight
    changed = document_from_json_line(json.dumps(feed_article(4, 2)), "test", 1)
    from kg.corpus import input_hash

    assert store.stored_hash("feed-004") == input_hash(changed)
    assert sorted(doc_id for doc_id, _ in store.documents()) == ["feed-003", "feed-004", "feed-006"]


def test_feed_stream_batches_report_lulls_only_when_asked() -> None:
    """A lull (nothing waiting to be read) gives an empty batch when asked for, so a feed can finish the batch
    at hand and, once the stream stays quiet, catch up; without lulls only lines come."""
    from kg.ingest import stream_batches

    read, write = os.pipe()
    with os.fdopen(read, "r") as stream, os.fdopen(write, "w") as out:
        out.write('{"id": "x-1", "text": "A line."}\n')
        out.flush()
        batches = stream_batches(stream, threading.Event(), size=4, seconds=0.1, lulls=True)
        assert [number for number, _ in next(batches)] == [1]
        assert next(batches) == []
        out.write('{"id": "x-2", "text": "Another line."}\n')
        out.flush()
        assert next(b for b in batches if b)[0][0] == 2
    quiet = io.StringIO('{"id": "y-1", "text": "One."}\n\n{"id": "y-2", "text": "Two."}\n')
    assert [[n for n, _ in b] for b in stream_batches(quiet, threading.Event(), size=4, seconds=5.0)] == [[1, 3]]


def test_feed_watcher_refuses_a_second_file_with_the_same_document_id(tmp_path: Path, pipeline) -> None:
    """Two files of the folder that hold the same id: the first keeps it, the second is reported (E023),
    at start and when it changes, and the stored document stays the first file's."""
    from kg.ingest import Ingester
    from kg.watch import Watcher

    folder = tmp_path / "inbox"
    (folder / "east").mkdir(parents=True)
    (folder / "west").mkdir()
    first, second = folder / "east" / "report.json", folder / "west" / "report.json"
    first.write_text(json.dumps(feed_article(1)))
    second.write_text(json.dumps(feed_article(1, 1)))  # the same id, another text
    store = OxigraphStore(tmp_path / "store")
    watcher = Watcher(folder, Ingester(store, pipeline=pipeline), progress=False)
    watcher.reconcile()
    assert dict(store.documents()) == {"feed-001": str(first)}
    assert [why.split(":")[0] for _, why in watcher.ingester.total.failed] == [str(second)]
    second.write_text(json.dumps(feed_article(1, 2)))
    summary = watcher.apply([second])
    assert summary.built == 0 and "already used by" in summary.failed[0][1]
    assert dict(store.documents()) == {"feed-001": str(first)}
    first.unlink()  # once the first file is gone, the id is free
    summary = watcher.apply([second], [first])
    assert (summary.built, summary.withdrawn) == (1, 1) and dict(store.documents()) == {"feed-001": str(second)}


def test_feed_ingester_with_a_model_extracts_in_a_process_of_its_own(tmp_path: Path, pipeline) -> None:
    """`kg ingest` and `kg watch` (a model, no pipeline given) run spaCy in a process of their own: the store
    holds what an in-process feed writes, a document read in pieces included."""
    from kg.build import CHUNK_CHARS
    from kg.ingest import Ingester
    from kg.inputs import document_from_json_line
    from tests.robustness.longtext import long_article

    articles = [feed_article(1), feed_article(2), long_article("long-report", CHUNK_CHARS + 2_000)]
    documents = [(document_from_json_line(json.dumps(a), "test", n), None) for n, a in enumerate(articles, start=1)]
    here = OxigraphStore(tmp_path / "here")
    Ingester(here, pipeline=pipeline).apply(documents)
    apart = OxigraphStore(tmp_path / "apart")
    ingester = Ingester(apart)
    try:
        summary = ingester.apply(documents)
        assert ingester._extractor is not None  # spaCy's process, started for the batch
    finally:
        ingester.close()
    assert (summary.built, summary.failed) == (3, [])
    assert set(map(str, apart.content_quads())) == set(map(str, here.content_quads()))


def test_feed_ingester_stops_with_e306_when_spacys_process_dies(tmp_path: Path) -> None:
    """A feed whose spaCy process is killed (out of memory, say) stops with E306, never waits forever."""
    from kg.errors import KgError
    from kg.ingest import Ingester
    from kg.inputs import document_from_json_line

    documents = [(document_from_json_line(json.dumps(feed_article(n)), "test", n), None) for n in (1, 2)]
    ingester = Ingester(OxigraphStore(tmp_path / "store"))
    try:
        assert ingester.apply(documents[:1]).built == 1
        assert ingester._extractor is not None
        ingester._extractor.pool.processes[0].kill()
        with pytest.raises(KgError) as error:
            ingester.apply(documents[1:])
        assert error.value.code == "E306" and "exit code -9" in error.value.message
    finally:
        ingester.close()
