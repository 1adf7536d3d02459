"""`make bench`: measured throughput, memory and query latency, in one run.

    python -m kg.bench [--quick] [--dir bench] [--words 1000000] [--large-only]

It makes a corpus of at least a million words from the development articles
(``../shared/corpus/dev``) and the bundled example, repeated with varied ids
(under ``bench/corpus/``), then measures, each build in a fresh process:

- bare spaCy ``nlp.pipe`` words per second over the same texts;
- ``kg build -o FILE.nq`` (a file build, the whole process as a user runs it, the model's loading
  included) words per second and peak memory (with the process it starts for spaCy), its ratio to
  spaCy, and its peak memory over 1,000 and 10,000 documents;
- ``kg ingest`` documents per second (its consolidation included: deferred while busy, brought up to
  date at the end) against the batch build of the same documents (its consolidation included), and
  its peak memory after 1,000 and 10,000 documents;
- ``kg build --store`` words per second with 1 and 2 workers, and the ratios, with
  the CPU time each build used (its own process and the ones it starts) and so
  how many cores it kept busy;
- peak memory (RSS) of a build after 1,000 and after 10,000 documents (one
  paragraph each, so the run stays short);
- store load in triples per second (as a build into a new store writes: bulk loads, then the compaction);
- the median latency of every canned query over a store of at least a million triples, whole (with its
  rows per second) and narrowed to a country, a month and an actor chosen from the store's own data;
- with ``--words`` above a million: the same over the whole corpus's store, and the build's rate
  against the rate of its own first million words.

The figures are printed and written to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"
FILE_DOCUMENTS = 500  # documents per JSONL file of the generated corpus
STAGE_WORDS = 1_000_000  # every stage runs on this many words; a larger --words adds the large store alone
QUICK_WORDS = 4_000  # --quick's corpus


def source_articles() -> list[dict[str, Any]]:
    """The development articles (when ../shared is there) and the bundled example."""
    from kg import resources

    articles = [json.loads(resources.example_file().read_text(encoding="utf-8"))]
    if DEV.is_dir():
        articles += [json.loads(path.read_text(encoding="utf-8")) for path in sorted(DEV.glob("*.json"))]
    return [{k: a.get(k) for k in ("id", "title", "published", "text")} for a in articles if a.get("text")]


def paragraphs(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One article per paragraph of at least 20 words (the short documents of the memory run)."""
    out = []
    for article in articles:
        for n, para in enumerate(p for p in article["text"].split("\n") if len(p.split()) >= 20):
            out.append(dict(article, id=f"{article['id']}-p{n}", text=para))
    return out


def write_corpus(folder: Path, articles: list[dict[str, Any]], *, words: int = 0, documents: int = 0) -> int:
    """Repeat the articles with varied ids into JSONL files until both minimums are met; returns documents."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    count = total_words = 0
    out = None
    while total_words < words or count < documents:
        for article in articles:
            if count % FILE_DOCUMENTS == 0:
                if out:
                    out.close()
                out = (folder / f"part-{count // FILE_DOCUMENTS:04d}.jsonl").open("w", encoding="utf-8")
            assert out is not None
            out.write(json.dumps(dict(article, id=f"{article['id']}-r{count}"), ensure_ascii=False) + "\n")
            count += 1
            total_words += len(article["text"].split())
            if total_words >= words and count >= documents:
                break
    if out:
        out.close()
    return count


def corpus_texts(folder: Path) -> Iterator[str]:
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)["text"]


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class CpuMeter:
    """CPU seconds used by this process and every process it starts, read from Linux's /proc.

    Worker processes end with the build, so their times are sampled every
    ``every`` seconds while it runs (the last fraction of a second of each is lost).
    """

    def __init__(self, every: float = 0.5) -> None:
        self.every, self.root = every, os.getpid()
        self.used: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> CpuMeter:
        self.start = self._sample().get(self.root, 0.0)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self._sample()

    def _run(self) -> None:
        while not self.stop.wait(self.every):
            self._sample()

    def _sample(self) -> dict[int, float]:
        tick, parent, cpu = os.sysconf("SC_CLK_TCK"), {}, {}
        for entry in Path("/proc").glob("[0-9]*"):
            try:  # after the command name: state, ppid, ... utime (11), stime (12)
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # gone meanwhile
            parent[int(entry.name)] = int(fields[1])
            cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
        ours, grew = {self.root}, True
        while grew:
            more = {pid for pid, ppid in parent.items() if ppid in ours} - ours
            ours |= more
            grew = bool(more)
        for pid in ours & cpu.keys():
            self.used[pid] = max(self.used.get(pid, 0.0), cpu[pid])
        return self.used

    @property
    def seconds(self) -> float:
        return sum(self.used.values()) - self.start


# --- measurements, each run in a fresh process -----------------------------------------------


def _bare_spacy(folder: str) -> dict[str, Any]:
    import spacy

    from kg.extract import default_model

    nlp = spacy.load(default_model(), exclude=["senter"])
    texts = list(corpus_texts(Path(folder)))
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:8]))  # warm up
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    seconds = time.perf_counter() - started
    return {"model": nlp.meta.get("name"), "words": words, "seconds": seconds, "words_per_s": words / seconds}


def _extractor(folder: str) -> dict[str, Any]:
    """spaCy with our components, and the assembly of the model, on the same texts (issue 5's figure)."""
    from kg.extract import default_gazetteer, extract_many, load_nlp
    from kg.model import Document

    nlp, gazetteer = load_nlp(), default_gazetteer()
    texts = list(corpus_texts(Path(folder)))
    words = sum(len(t.split()) for t in texts)
    documents = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    list(extract_many(nlp, documents[:8], gazetteer))  # warm up
    started = time.perf_counter()
    for _ in extract_many(nlp, documents, gazetteer, batch_size=32):
        pass
    seconds = time.perf_counter() - started
    return {"words": words, "seconds": seconds, "words_per_s": words / seconds}


def _build(folder: str, store: str, workers: int, checkpoints: list[int],
           first_words: int = 1_000_000) -> dict[str, Any]:
    """A store build in this process: words per second, CPU, memory at the checkpoints, consolidation,
    and the rate of its first ``first_words`` words (what a large build's rate is held against)."""
    from kg.corpus import build_store, pipeline_for

    if workers == 1:
        pipeline_for(None)  # loaded before the clock starts, as bare spaCy's model is
    peaks: dict[str, float] = {}
    first_million: dict[str, float] = {}  # the rate of the first million words, beside the whole build's
    started = time.perf_counter()

    def seen(summary: Any) -> None:
        for mark in checkpoints:
            if summary.built >= mark and str(mark) not in peaks:
                peaks[str(mark)] = peak_rss_mb()
        if summary.words >= first_words and not first_million:
            first_million["words_per_s"] = summary.words / (time.perf_counter() - started)

    with CpuMeter() as cpu:
        summary = build_store([folder], Path(store), workers=workers, progress=False, on_write=seen)
    consolidated = summary.consolidation
    return {"first_million_words_per_s": first_million.get("words_per_s"),
            "workers": workers, "documents": summary.built, "failed": len(summary.failed), "words": summary.words,
            "triples": summary.triples, "seconds": summary.seconds, "words_per_s": summary.words / summary.seconds,
            "cpu_seconds": cpu.seconds, "cores_used": cpu.seconds / summary.seconds, "peak_rss_mb": peaks,
            "consolidation": {
                "seconds": summary.consolidate_seconds, "share_of_build": summary.consolidate_seconds / summary.seconds,
                "peak_rss_mb": peak_rss_mb(),  # the build's peak, consolidation (the last step) included
                "canonical_nodes": consolidated.canonical_nodes if consolidated else 0,
                "merged_mentions": consolidated.merged_nodes if consolidated else 0}}


DOCUMENT_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/conflict-kg/ontology#Document>"


def tree_rss_mb(root: int) -> float:
    """The resident memory of a process and every process it started (spaCy's, workers), in MB."""
    parent, rss = {}, {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:  # after the command name: state, ppid, ... rss in pages (22)
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        parent[int(entry.name)], rss[int(entry.name)] = int(fields[1]), int(fields[21])
    ours, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parent.items() if ppid in ours} - ours
        ours |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in ours) * os.sysconf("SC_PAGE_SIZE") / 2**20


def file_build(folder: Path, output: Path) -> dict[str, Any]:
    """`kg build FOLDER -o OUTPUT -q` as a user runs it, a whole process (the model's loading included):
    seconds, peak memory (of the build's process alone, and of it with the processes it starts, sampled),
    and what the file holds (statements, documents)."""
    import subprocess
    import tempfile

    command = [sys.executable, "-m", "kg", "build", str(folder), "-o", str(output), "-q"]
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        tree = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.25):
                tree[0] = max(tree[0], tree_rss_mb(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # the child's own peak RSS, which waitpid does not give
        done.set()
        sampler.join()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed: {errors.read().decode(errors='replace')[-2000:]}")
    statements = documents = 0
    with output.open("rb") as lines:
        for line in lines:
            statements += 1
            documents += DOCUMENT_TYPE in line
    output.unlink()
    own = usage.ru_maxrss / 1024
    return {"documents": documents, "statements": statements, "seconds": seconds, "own_peak_rss_mb": own,
            "peak_rss_mb": max(own, tree[0])}


def _ingest(folder: str, store: str, checkpoints: list[int]) -> dict[str, Any]:
    """The corpus's JSONL lines through `kg ingest` as the command runs it (in this process, spaCy in a
    process of its own, consolidation deferred and brought up to date at the end): documents per second,
    peak memory (this process's)."""
    import io

    from kg.ingest import Ingester, ingest_stream
    from kg.store.oxigraph import OxigraphStore

    lines = "".join(path.read_text(encoding="utf-8") for path in sorted(Path(folder).glob("*.jsonl")))
    peaks: dict[str, float] = {}
    with_spacy: dict[str, float] = {}  # this process and spaCy's together, at the moment
    ingester = Ingester(OxigraphStore(store))
    complete = ingester.complete  # each batch the feed writes

    def counted(*args: Any, **kwargs: Any) -> Any:
        summary = complete(*args, **kwargs)
        for mark in checkpoints:
            if ingester.total.built >= mark and str(mark) not in peaks:
                peaks[str(mark)] = peak_rss_mb()
                with_spacy[str(mark)] = tree_rss_mb(os.getpid())
        return summary

    ingester.complete = counted  # type: ignore[method-assign]
    started = time.perf_counter()
    total = ingest_stream(ingester, io.StringIO(lines), progress=False)
    seconds = time.perf_counter() - started
    return {"documents": total.built, "failed": len(total.failed), "seconds": seconds,
            "documents_per_s": total.built / seconds, "peak_rss_mb": peaks, "rss_with_spacy_mb": with_spacy}


def _in_child(function: Any, *args: Any) -> Any:
    """Run a measurement in a fresh process (its own peak memory; may start worker processes)."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


# --- the store: load and queries -------------------------------------------------------------


def load_store(source: Path, target: Path, min_triples: int) -> dict[str, Any]:
    """Copy document graphs into a new store as a build into a new store writes them; triples per second.

    That is bulk loads of ``BULK_WRITE_DOCUMENTS`` documents, then the compaction; the time covers both.
    """
    import pyoxigraph as ox

    from kg.corpus import BULK_WRITE_DOCUMENTS
    from kg.store.oxigraph import (
        StoredDocument,
        compact_store,
        document_graphs,
        ensure_ontology,
        open_store,
        stored_hash,
        write_documents,
    )

    if target.exists():
        shutil.rmtree(target)
    src = open_store(source, read_only=True)
    docs = []
    triples = 0
    for graph in document_graphs(src):
        quads = list(src.quads_for_pattern(None, None, None, graph))
        docs.append(StoredDocument(graph.value.rsplit("/", 1)[-1], graph, stored_hash(src, graph) or "", quads))
        triples += len(quads)
        if min_triples and triples >= min_triples:
            break
    data = [ox.serialize(d.quads, format=ox.RdfFormat.N_QUADS) for d in docs]  # what workers hand over
    dst = open_store(target, read_only=False)
    ensure_ontology(dst)
    started = time.perf_counter()
    step = BULK_WRITE_DOCUMENTS
    for start in range(0, len(docs), step):
        batch = [StoredDocument(d.doc_id, d.graph, d.input_hash, nquads=raw)
                 for d, raw in zip(docs[start:start + step], data[start:start + step])]
        write_documents(dst, batch, bulk=True)
    compact_store(dst)
    dst.flush()
    seconds = time.perf_counter() - started
    return {"documents": len(docs), "triples": triples, "seconds": seconds, "triples_per_s": triples / seconds,
            "store_quads": len(dst)}


def consolidate_built(store_path: str) -> dict[str, Any]:
    """Consolidation of a built store, in a fresh process so that its peak memory is its own: the whole
    recompute (``kg consolidate --store``), then the recompute for one changed document (an ingest's)."""
    from kg.consolidate.stored import consolidate_store, consolidate_touched
    from kg.store.oxigraph import document_graphs, open_store

    db = open_store(store_path, read_only=False)
    started = time.perf_counter()
    whole = consolidate_store(db)
    seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    one = next(iter(document_graphs(db))).value.rsplit("/", 1)[-1]
    started = time.perf_counter()
    touched = consolidate_touched(db, [one])
    return {"seconds": seconds, "peak_rss_mb": peak, "canonical_nodes": whole.canonical_nodes,
            "merged_mentions": whole.merged_nodes, "one_document_seconds": time.perf_counter() - started,
            "one_document_scope": list(touched.scope or (0, 0))}


def _median_ms(select: Any, text: str, runs: int) -> tuple[float, int]:
    """The median wall time of a query (all rows read) in ms, after a warm-up, and its rows."""
    rows = len(list(select(text)))  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for _ in select(text):
            pass
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), rows


def index_answers(store_path: Path) -> dict[str, Any]:
    """Compute a store's answer index (``kg.answers``), as a build does once it has closed the store."""
    from kg.answers import INDEX_FILE, refresh

    started = time.perf_counter()
    written = refresh(store_path, progress=False)
    size = (store_path / INDEX_FILE).stat().st_size if written else 0
    return {"written": written, "seconds": time.perf_counter() - started, "mb": size / 1e6}


def query_latency(store_path: Path, runs: int, index: bool = True) -> dict[str, Any]:
    """The median wall time of each canned query (all rows read), in milliseconds, and rows per second.

    Answered as ``kg query --store`` answers (``kg.answers.ask``): from the store's answer index when
    it is fresh, else (or with ``index=False``) by SPARQL.
    """
    from kg import resources
    from kg.answers import ask, open_index
    from kg.narrowing import Narrowing
    from kg.store.oxigraph import open_store
    from kg.store.sparql import select

    store = open_store(store_path, read_only=True)
    answers = open_index(store_path) if index else None
    out = {}
    for name in resources.query_names():
        def answer(text: str, name: str = name) -> Any:
            return ask(name, text, Narrowing(), lambda query: select(store, query), answers)

        median, rows = _median_ms(answer, resources.query_text(name), runs)
        out[name] = {"median_ms": median, "rows": rows, "rows_per_s": rows / (median / 1000) if median else 0.0}
    return out


# What the narrowed questions ask, chosen from the store's own data: its most named country,
# its month with the most dated events, and its most named actor.
_PICKS = {
    "country": """SELECT ?pick (COUNT(?doc) AS ?n) WHERE {
        ?node a ckg:Country ; rdfs:label ?pick ; ckg:mentionedIn ?doc } GROUP BY ?pick ORDER BY DESC(?n) LIMIT 1""",
    "month": """SELECT ?pick (COUNT(?event) AS ?n) WHERE {
        ?event ckg:date ?day BIND (SUBSTR(STR(?day), 1, 7) AS ?pick) } GROUP BY ?pick ORDER BY DESC(?n) LIMIT 1""",
    "actor": """SELECT ?pick (COUNT(?doc) AS ?n) WHERE {
        ?node a ckg:Actor ; rdfs:label ?pick ; ckg:mentionedIn ?doc } GROUP BY ?pick ORDER BY DESC(?n) LIMIT 1""",
}


def narrowings(select: Any) -> dict[str, Any]:
    """A country, a month and an actor of the store, as narrowings of the canned questions."""
    import calendar
    from datetime import date

    from kg.narrowing import Narrowing

    picked = {}
    for kind, text in _PICKS.items():
        rows = list(select(text))
        if rows:
            picked[kind] = rows[0]["pick"].value
    out = {}
    if "country" in picked:
        out["country"] = Narrowing(place=picked["country"])
    if "month" in picked:
        year, month = (int(part) for part in picked["month"].split("-"))
        out["month"] = Narrowing(since=date(year, month, 1),
                                 until=date(year, month, calendar.monthrange(year, month)[1]))
    if "actor" in picked:
        out["actor"] = Narrowing(actor=picked["actor"])
    return out


def narrowed_latency(store_path: Path, runs: int, index: bool = True) -> dict[str, Any]:
    """The median wall time of each canned question narrowed to a country, a month and an actor (ms).

    The time covers matching the names against the store (and the gazetteer) and the answer, as
    ``kg query --store`` gives it (``kg.answers.ask``: the answer index when fresh, else SPARQL).
    """
    from kg import resources
    from kg.answers import ask, open_index
    from kg.narrowing import SPECS
    from kg.store.oxigraph import open_store
    from kg.store.sparql import select as run

    store = open_store(store_path, read_only=True)
    answers = open_index(store_path) if index else None
    select = lambda text: run(store, text)  # noqa: E731
    chosen = narrowings(select)
    out: dict[str, Any] = {"asked": {kind: _asked(n) for kind, n in chosen.items()}}
    for kind, narrowing in chosen.items():
        for name in resources.query_names():
            spec = SPECS[name]
            if not (spec.place if narrowing.place else spec.actor if narrowing.actor else spec.dates):
                continue

            def answer(text: str, name: str = name, narrowing: Any = narrowing) -> Any:
                return ask(name, text, narrowing, select, answers, warn=lambda message: None)

            median, rows = _median_ms(answer, resources.query_text(name), runs)
            out.setdefault(name, {})[kind] = {"median_ms": median, "rows": rows}
    return out


def _asked(narrowing: Any) -> str:
    if narrowing.place:
        return f"--place {narrowing.place!r}"
    if narrowing.actor:
        return f"--actor {narrowing.actor!r}"
    return f"--since {narrowing.since} --until {narrowing.until}"


# --- the run ---------------------------------------------------------------------------------


# --- the large store: built once, then its questions ------------------------------------------


def large(base: Path, articles: list[dict[str, Any]], words: int, first_words: int,
          existing: Path | None, runs: int) -> dict[str, Any]:
    """The questions over a large store (issue 18's archive: ``--words 10000000``, 28 million quads).

    The store is built once with 2 workers from a corpus of ``words`` words, and its rate held against
    the rate of its own first ``first_words`` words; or ``existing``, a store built before, is measured
    as it is (opened read-only, not built again: no build figures then). A store without a fresh answer
    index gets one first, as a build leaves it (the store itself is not written).
    """
    from kg.answers import open_index
    from kg.store.oxigraph import open_store

    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    out: dict[str, Any] = {}
    if existing is None:
        corpus, target = base / "corpus" / "large", base / "store" / "large"
        documents = write_corpus(corpus, articles, words=words)
        say(f"large corpus: {documents} documents, {words}+ words in {corpus}")
        if target.exists():
            shutil.rmtree(target)
        build = out["build"] = _in_child(_build, str(corpus), str(target), 2, [], first_words)
        first = build["first_million_words_per_s"]
        build["first_words"] = first_words
        build["rate_vs_first_words"] = build["words_per_s"] / first if first else None
        say(f"large build, 2 workers: {build['words_per_s']:.0f} words/s over {build['words']} words"
            + (f" = {build['rate_vs_first_words']:.2f} x its first {first_words} words" if first else ""))
    else:
        target = existing
    out["store"] = str(target)
    out["quads"] = len(open_store(target, read_only=True))
    if open_index(target) is None:  # a store built by the bench (or before): its answers indexed once
        out["answer_index"] = index_answers(target)
    out["queries"] = query_latency(target, runs)
    out["narrowed"] = narrowed_latency(target, runs)
    return out


def run(base: Path, quick: bool, min_words: int, large_store: Path | None = None) -> dict[str, Any]:
    """Every stage on the first ``STAGE_WORDS`` words; above that, the large store's build and questions."""
    articles = source_articles()
    corpus, memory = base / "corpus" / "main", base / "corpus" / "memory"
    stores = base / "store"
    words = QUICK_WORDS if quick else min(min_words, STAGE_WORDS)
    marks = [10, 40] if quick else [1_000, 10_000]
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    documents = write_corpus(corpus, articles, words=words)
    write_corpus(memory, paragraphs(articles), documents=marks[-1])
    say(f"corpus: {documents} documents, {words}+ words in {corpus}")
    results: dict[str, Any] = {"quick": quick, "cores": os.cpu_count(),
                               "corpus": {"documents": documents, "folder": str(corpus)}}
    results["bare_spacy"] = bare = _in_child(_bare_spacy, str(corpus))
    results["corpus"]["words"] = bare["words"]
    say(f"bare spaCy: {bare['words_per_s']:.0f} words/s")
    results["extractor"] = extractor = _in_child(_extractor, str(corpus))
    extractor["overhead"] = bare["words_per_s"] / extractor["words_per_s"] - 1
    say(f"spaCy + kg extractor: {extractor['words_per_s']:.0f} words/s (+{extractor['overhead']:.0%} time)")
    for workers in (1, 2):
        target = stores / f"workers-{workers}"
        if target.exists():
            shutil.rmtree(target)
        build = _in_child(_build, str(corpus), str(target), workers, [])
        build["ratio_to_spacy"] = build["words_per_s"] / bare["words_per_s"]
        build["quads_per_1000_words"] = 1000 * build["triples"] / build["words"]
        results[f"build_{workers}_worker"] = build
        say(f"kg build, {workers} worker(s): {build['words_per_s']:.0f} words/s "
            f"({build['ratio_to_spacy']:.2f} of spaCy; {build['cpu_seconds']:.0f} CPU s, "
            f"{build['cores_used']:.2f} of {os.cpu_count()} cores busy)")
    results["workers_2_vs_1"] = results["build_2_worker"]["words_per_s"] / results["build_1_worker"]["words_per_s"]
    one = results["build_1_worker"]
    results["file_build"] = whole = file_build(corpus, stores / "corpus.nq")
    whole["words"] = bare["words"]  # the same texts
    whole["words_per_s"] = whole["words"] / whole["seconds"]
    whole["ratio_to_spacy"] = whole["words_per_s"] / bare["words_per_s"]
    small = base / "corpus" / "memory-small"
    write_corpus(small, paragraphs(articles), documents=marks[0])
    sized = {str(mark): file_build(folder, stores / "memory.nq") for mark, folder in zip(marks, (small, memory))}
    whole["memory_peak_rss_mb"] = {mark: run["peak_rss_mb"] for mark, run in sized.items()}
    whole["memory_own_peak_rss_mb"] = {mark: run["own_peak_rss_mb"] for mark, run in sized.items()}
    peaks = list(whole["memory_peak_rss_mb"].values())
    whole["memory_growth"] = peaks[-1] / peaks[0] - 1
    say(f"kg build -o FILE.nq: {whole['words_per_s']:.0f} words/s ({whole['ratio_to_spacy']:.2f} of spaCy), "
        f"peak RSS {whole['peak_rss_mb']:.0f} MB; {whole['memory_peak_rss_mb']}")
    target = stores / "ingest"
    if target.exists():
        shutil.rmtree(target)
    ingest = _in_child(_ingest, str(corpus), str(target), [])
    ingest["ratio_to_batch"] = ingest["documents_per_s"] / (one["documents"] / one["seconds"])
    target = stores / "ingest-memory"
    if target.exists():
        shutil.rmtree(target)
    ingest["memory_peak_rss_mb"] = _in_child(_ingest, str(memory), str(target), marks)["peak_rss_mb"]
    results["ingest"] = ingest
    say(f"kg ingest: {ingest['documents_per_s']:.1f} docs/s ({ingest['ratio_to_batch']:.2f} of the batch build); "
        f"peak RSS {ingest['memory_peak_rss_mb']}")
    target = stores / "memory"
    if target.exists():
        shutil.rmtree(target)
    mem = _in_child(_build, str(memory), str(target), 1, marks)
    results["memory"] = {"documents": mem["documents"], "peak_rss_mb": mem["peak_rss_mb"],
                         "growth": mem["peak_rss_mb"][str(marks[-1])] / mem["peak_rss_mb"][str(marks[0])] - 1}
    say(f"peak RSS: {mem['peak_rss_mb']}")
    results["load"] = load = load_store(stores / "workers-1", stores / "queries", 0 if quick else 1_000_000)
    say(f"store load: {load['triples_per_s']:.0f} triples/s into a store of {load['store_quads']} quads")
    # the queries run over a consolidated store, as a build leaves it
    results["consolidation"] = merged = _in_child(consolidate_built, str(stores / "queries"))
    say(f"consolidation of the loaded store: {merged['seconds']:.1f} s, peak RSS {merged['peak_rss_mb']:.0f} MB; "
        f"one changed document: {merged['one_document_seconds']:.2f} s")
    runs = 3 if quick else 7
    results["answer_index"] = built = index_answers(stores / "queries")
    say(f"answer index: {built['seconds']:.1f} s, {built['mb']:.0f} MB")
    results["queries"] = query_latency(stores / "queries", runs)
    results["narrowed"] = narrowed_latency(stores / "queries", runs)
    if large_store is not None or min_words > STAGE_WORDS:
        large_words = QUICK_WORDS * 3 if quick else min_words  # --quick: the same steps, in seconds
        results["large"] = large(base, articles, large_words, words, large_store, runs)
    return results


def run_large(base: Path, quick: bool, words: int) -> dict[str, Any]:
    """Only what the large store's build rate is held against (the 2-worker build of the first million
    words, as ``run`` builds it) and the large store: its build and its questions."""
    articles = source_articles()
    corpus = base / "corpus" / "main"
    first = QUICK_WORDS if quick else STAGE_WORDS
    documents = write_corpus(corpus, articles, words=first)
    target = base / "store" / "workers-2"
    if target.exists():
        shutil.rmtree(target)
    two = _in_child(_build, str(corpus), str(target), 2, [])
    print(f"kg build, 2 workers, {documents} documents: {two['words_per_s']:.0f} words/s", file=sys.stderr, flush=True)
    large_words = QUICK_WORDS * 3 if quick else words
    return {"quick": quick, "cores": os.cpu_count(), "build_2_worker": two,
            "large": large(base, articles, large_words, first, None, 3 if quick else 7)}


def table(results: dict[str, Any]) -> str:
    """The figures as a plain-text table."""
    bare = results["bare_spacy"]
    one, two = results["build_1_worker"], results["build_2_worker"]
    mem = results["memory"]["peak_rss_mb"]
    lines = [
        f"corpus                      {results['corpus']['documents']} documents, {bare['words']} words",
        f"bare spaCy nlp.pipe         {bare['words_per_s']:,.0f} words/s ({bare['model']})",
        f"spaCy + kg extractor        {results['extractor']['words_per_s']:,.0f} words/s"
        f" = {results['extractor']['overhead']:+.0%} time over bare spaCy (target <= +15%)",
        f"kg build, 1 worker          {one['words_per_s']:,.0f} words/s = {one['ratio_to_spacy']:.2f} x spaCy"
        f" (target >= 0.85)",
        f"kg build, 2 workers         {two['words_per_s']:,.0f} words/s = {two['ratio_to_spacy']:.2f} x spaCy,"
        f" {results['workers_2_vs_1']:.2f} x 1 worker (target >= 1.7)",
        f"kg build -o FILE.nq         {results['file_build']['words_per_s']:,.0f} words/s ="
        f" {results['file_build']['ratio_to_spacy']:.2f} x spaCy (whole process; target >= 0.85),"
        f" peak RSS (its processes together) {results['file_build']['peak_rss_mb']:,.0f} MB; "
        + ", ".join(f"{v:,.0f} MB at {k} docs" for k, v in results["file_build"]["memory_peak_rss_mb"].items())
        + f" ({results['file_build']['memory_growth']:+.1%}; target within 10%, as a store build's); the build's own"
        " process " + ", ".join(f"{v:,.0f} MB" for v in results["file_build"]["memory_own_peak_rss_mb"].values()),
        f"kg ingest                   {results['ingest']['documents_per_s']:,.1f} docs/s ="
        f" {results['ingest']['ratio_to_batch']:.2f} x the batch build (target >= 0.8); peak RSS (the feed's process) "
        + ", ".join(f"{v:,.0f} MB at {k} docs" for k, v in results["ingest"]["memory_peak_rss_mb"].items()),
        f"graph size                  {one['quads_per_1000_words']:,.0f} quads per 1,000 words"
        f" ({one['triples']:,} quads for {one['words']:,} words)",
        f"  CPU time                  1 worker {one['cpu_seconds']:,.0f} s ({one['cores_used']:.2f} cores busy),"
        f" 2 workers {two['cpu_seconds']:,.0f} s ({two['cores_used']:.2f} cores busy) of {results['cores']} cores",
        "peak RSS                    " + ", ".join(f"{v:,.0f} MB at {k} docs" for k, v in mem.items())
        + f" ({results['memory']['growth']:+.1%}; target within 10%)",
        f"consolidation               {one['consolidation']['seconds']:,.1f} s ="
        f" {one['consolidation']['share_of_build']:.1%} of the 1-worker build (target <= 20%),"
        f" {one['consolidation']['merged_mentions']:,} mentions into {one['consolidation']['canonical_nodes']:,} nodes,"
        f" build peak RSS with it {one['consolidation']['peak_rss_mb']:,.0f} MB",
        f"  over the loaded store     whole {results['consolidation']['seconds']:,.1f} s, peak RSS (its own process)"
        f" {results['consolidation']['peak_rss_mb']:,.0f} MB; one changed document"
        f" {results['consolidation']['one_document_seconds']:,.2f} s"
        f" ({results['consolidation']['one_document_scope'][0]:,} of"
        f" {results['consolidation']['one_document_scope'][1]:,} documents recomputed)",
        f"store load                  {results['load']['triples_per_s']:,.0f} triples/s"
        f" ({results['load']['triples']:,} triples; store of {results['load']['store_quads']:,} quads)",
        f"answer index                {results['answer_index']['seconds']:,.1f} s to compute over the loaded store,"
        f" {results['answer_index']['mb']:,.1f} MB (kg query --store answers from it)",
    ]
    lines += query_lines(results["queries"], results["narrowed"], f"{results['load']['store_quads']:,} quads")
    if "large" in results:
        lines += large_lines(results["large"], two)
    return "\n".join(lines)


def large_lines(large: dict[str, Any], two: dict[str, Any]) -> list[str]:
    """The large store's build rate (against its first words, and the 2-worker build above) and questions."""
    build = large.get("build")
    if build is None:
        lines = [f"large store                 {large['store']} (built before, not in this run)"]
    else:
        ratio = build["rate_vs_first_words"]
        lines = [f"large build, 2 workers      {build['words_per_s']:,.0f} words/s over {build['words']:,} words"
                 f" ({build['documents']:,} documents, {build['triples']:,} quads) = "
                 + f"{build['words_per_s'] / two['words_per_s']:.2f} x the 2-worker build of the first million"
                 + " words (target >= 0.9); "
                 + (f"{ratio:.2f} x the rate of its own first {build['first_words']:,} words as they were written"
                    " (before consolidation and the answer index)" if ratio
                    else "(fewer words than the first measure)")]
    index = large.get("answer_index")
    if index is not None:
        lines.append(f"answer index                {index['seconds']:,.1f} s to compute over the large store,"
                     f" {index['mb']:,.1f} MB")
    return lines + query_lines(large["queries"], large["narrowed"], f"{large['quads']:,} quads (large store)")


def query_lines(whole: dict[str, Any], narrowed: dict[str, Any], size: str) -> list[str]:
    """The canned questions whole (median ms, rows, rows/s) and narrowed (median ms, rows), as text."""
    asked = narrowed.get("asked", {})
    lines = [f"canned queries over {size} (median ms, target < 100; whole answers >= 100,000 rows/s),",
             "  narrowed to " + "; ".join(f"{kind} {what}" for kind, what in asked.items()) + ":",
             f"  {'':<14} {'whole':>9} {'rows':>7} {'rows/s':>9}" + "".join(f" {k:>9} {'rows':>6}" for k in asked)]
    for name, q in whole.items():
        cells = f"  {name:<14} {q['median_ms']:9.1f} {q['rows']:>7} {q['rows_per_s']:>9,.0f}"
        slow = q["median_ms"] >= 100
        for kind in asked:
            part = narrowed.get(name, {}).get(kind)
            cells += f" {part['median_ms']:9.1f} {part['rows']:>6}" if part else f" {'-':>9} {'':>6}"
            slow = slow or bool(part and part["median_ms"] >= 100)
        lines.append(cells + ("  SLOW" if slow else ""))
    return lines


def main(argv: list[str] | None = None) -> None:
    from kg.errors import Errors, KgError
    from kg.store.locks import is_store

    parser = argparse.ArgumentParser(prog="python -m kg.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tiny corpus: checks the bench runs (seconds)")
    parser.add_argument("--dir", type=Path, default=ROOT / "bench", help="where corpora, stores and results go")
    parser.add_argument("--words", type=int, default=STAGE_WORDS,
                        help="minimum words of the corpus; above a million, the stages run on the first million and "
                             "a store of all the words is built once (2 workers) for its build rate and questions")
    parser.add_argument("--large-store", type=Path, default=None, metavar="DIR",
                        help="measure the questions over this store, built before, instead of building the large "
                             "store (it is opened read-only)")
    parser.add_argument("--large-only", action="store_true",
                        help="with --words above a million: only the 2-worker build of the first million words and "
                             "the large store, whose build rate is held against it (none of the other stages)")
    parser.add_argument("--questions-only", action="store_true",
                        help="with --large-store: only its questions, none of the other stages (minutes, not an hour)")
    args = parser.parse_args(argv)
    if args.large_store is not None and not is_store(args.large_store):  # before an hour of other stages
        sys.exit(f"error {KgError(Errors.E300, path=args.large_store)}")
    if args.questions_only and args.large_store is None:
        sys.exit(f"error {KgError(Errors.E039)}")
    if args.large_only and (args.words <= STAGE_WORDS or args.large_store is not None):
        sys.exit(f"error {KgError(Errors.E040)}")
    args.dir.mkdir(parents=True, exist_ok=True)
    if args.large_only:
        results = run_large(args.dir, args.quick, args.words)
        text = "\n".join(large_lines(results["large"], results["build_2_worker"]))
    elif args.questions_only:
        results = {"large": large(args.dir, [], 0, 0, args.large_store, 3 if args.quick else 7)}
        text = "\n".join(large_lines(results["large"], {}))
    else:
        results = run(args.dir, args.quick, args.words, args.large_store)
        text = table(results)
    (args.dir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
