"""Catalogue, command line: it behaves like riot, arq and spaCy's CLI; usage errors are one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cli import app
from tests.robustness.conftest import GOOD, article, check, jsonl, kg

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None)


def test_commandline_version() -> None:
    run = kg("--version")
    check(run, 0)
    assert re.fullmatch(r"kg \(conflict-kg\) \d+\.\d+\.\d+\S*\n", run.out)


def test_commandline_top_level_short_help_lists_every_command() -> None:
    run = kg("-h")
    check(run, 0)
    assert run.out.startswith("Usage: kg ")
    assert all(re.search(rf"^\W*{name}\b", run.out, re.MULTILINE) for name in COMMANDS), run.out


@pytest.mark.parametrize("name", COMMANDS)
def test_commandline_short_help_and_no_python_types(name: str) -> None:
    run = kg(name, "-h")
    check(run, 0)
    assert run.out.startswith(f"Usage: kg {name}")
    assert not re.search(r"<(list|bool|str|int|path|Path|float)[^>]*>", run.out), run.out


@pytest.mark.parametrize("name", ["build", "query", "sparql", "export", "link", "infer"])
def test_commandline_format_option_shows_its_choices(name: str) -> None:
    assert re.search(r"--format \[\w+(\|\w+)+\]", kg(name, "-h").out)


@pytest.mark.parametrize(("args", "message"), [
    (["nope"], r"^error E026: No such command 'nope'\. \(see `kg --help`\)$"),
    (["build", "--bogus"], r"^error E026: No such option: --bogus \(see `kg build --help`\)$"),
    (["build", "a.txt", "--workers", "0", "--store", "s"], r"^error E026: Invalid value for '--workers'"),
    (["build", "a.txt", "--workers", "many", "-o", "g.nq"], r"^error E026: Invalid value for '--workers'.*auto"),
    (["query", "actors", "--format"], r"^error E026: Option '--format' requires an argument"),
    (["serve", "--store", "s", "--port", "99999"], r"^error E026: Invalid value for '--port'"),
])
def test_commandline_usage_errors_are_one_line(args: list[str], message: str) -> None:
    check(kg(*args), 2, message)


def test_commandline_bad_published_date_is_a_usage_error(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD["juba-1"])
    run = kg("build", tmp_path / "a.txt", "--published", "2023-02-30", "-o", out)
    check(run, 2, r"invalid date '2023-02-30'")
    assert not out.exists()
def test_commandline_no_arguments_prints_help() -> None:
    run = kg("build")
    check(run, 0)
    assert run.out.startswith("Usage: kg build")


def test_commandline_file_builds_show_the_progress_bar(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl(article("juba-1"), article("marawi-1")))
    run = kg("build", tmp_path / "a.jsonl", "-o", out)
    check(run, 0, r"^documents .* 2/2 ")
    assert "built 2 document(s)" in run.err
    assert "documents" not in kg("build", tmp_path / "a.jsonl", "-o", out, "-q").err
