"""Catalogue, writing: the output never harms an input, goes where it is told, and fails without leftovers."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.robustness.conftest import article, assert_built, check, graph_of, jsonl, kg

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "a.jsonl"
    path.parent.mkdir()
    path.write_text(jsonl(article("juba-1"), article("marawi-1")))
    return path


def test_writing_output_that_is_the_input_is_refused(articles: Path) -> None:
    before = articles.read_bytes()
    check(kg("build", articles, "-o", articles, "--format", "nq"), 1, r"^error E027: .*a\.jsonl is one of the inputs")
    assert articles.read_bytes() == before


def test_writing_output_inside_an_input_folder_that_is_an_input_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(article("juba-1")))
    before = (tmp_path / "a.json").read_bytes()
    check(kg("build", tmp_path, "-o", tmp_path / "a.json"), 1, r"^error E027: ")
    assert (tmp_path / "a.json").read_bytes() == before


def test_writing_output_through_a_symlink_to_the_input_is_refused(articles: Path, tmp_path: Path) -> None:
    (tmp_path / "link.nq").symlink_to(articles)
    before = articles.read_bytes()
    check(kg("build", articles, "-o", tmp_path / "link.nq"), 1, r"^error E027: ")
    assert articles.read_bytes() == before


def test_writing_dash_writes_n_quads_to_standard_output(articles: Path) -> None:
    run = kg("build", articles, "-o", "-", "-q")
    check(run, 0)
    assert_built(graph_of(run.out, "nquads"), "juba-1", "marawi-1")


def test_writing_dash_with_a_format(articles: Path) -> None:
    run = kg("build", articles, "-o", "-", "--format", "trig", "-q")
    check(run, 0)
    assert_built(graph_of(run.out, "trig"), "juba-1", "marawi-1")


def test_writing_through_a_symlink_keeps_the_link(articles: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.trig"
    target.write_text("")
    (tmp_path / "link.trig").symlink_to(target)
    check(kg("build", articles, "-o", tmp_path / "link.trig"), 0)
    assert (tmp_path / "link.trig").is_symlink()
    assert_built(graph_of(target), "juba-1", "marawi-1")


def test_writing_to_a_pipe_writes_through_it(articles: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.nq"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    check(kg("build", articles, "-o", fifo), 0)
    reader.join(timeout=60)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert_built(graph_of(received[0].decode(), "nquads"), "juba-1", "marawi-1")


def test_writing_a_full_device_is_one_line_and_leaves_it_a_device(articles: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    run = kg("build", articles, "-o", "/dev/full", "--format", "nq")
    check(run, 1, r"^error E011: cannot write /dev/full: No space")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_writing_new_files_get_the_umask_mode(articles: Path, out: Path) -> None:
    old = os.umask(0o027)
    try:
        check(kg("build", articles, "-o", out), 0)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_writing_a_replaced_file_keeps_its_mode(articles: Path, out: Path) -> None:
    out.write_text("")
    out.chmod(0o604)
    check(kg("build", articles, "-o", out), 0)
    assert stat.S_IMODE(out.stat().st_mode) == 0o604
    assert_built(graph_of(out), "juba-1")


def test_writing_a_failed_write_leaves_no_temporary_file(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "big.nq"
    out.parent.mkdir()
    script = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
              "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, resource.RLIM_INFINITY)); "
              "from kg.cli import main; sys.argv = ['kg', 'build', sys.argv[1], '-o', sys.argv[2], '-q']; main()")
    run = subprocess.run([sys.executable, "-c", script, str(articles), str(out)], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert run.returncode == 1, run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith(f"error E011: cannot write {out}: File too large")
    assert "Traceback" not in run.stderr
    assert list(out.parent.iterdir()) == []


def test_writing_into_a_missing_folder_fails_before_any_work(articles: Path, tmp_path: Path) -> None:
    check(kg("build", articles, "-o", tmp_path / "no" / "out.ttl"), 1, r"^error E011: .*no folder")


def test_writing_to_a_folder_fails_before_any_work(articles: Path, tmp_path: Path) -> None:
    check(kg("build", articles, "-o", tmp_path, "-f", "nq"), 1, r"^error E011: .*it is a folder")


def test_writing_unknown_extension_asks_for_a_format(articles: Path, tmp_path: Path) -> None:
    check(kg("build", articles, "-o", tmp_path / "out.graph"), 1, r"^error E010: ")


def test_writing_unknown_format_lists_the_choices(articles: Path, out: Path) -> None:
    check(kg("build", articles, "-o", out, "--format", "n3"), 1, r"^error E009: .*choose one of ttl, nt, nq")


@pytest.mark.parametrize("command", ["infer", "link"])
def test_writing_graph_commands_refuse_to_overwrite_their_input(tmp_path: Path, command: str) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    before = graph.read_bytes()
    check(kg(command, graph, "-o", graph), 1, r"^error E027: ")
    assert graph.read_bytes() == before
