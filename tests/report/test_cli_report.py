"""`kg report` on the command line: graph files or a store, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report.conftest import kg


def test_cli_report_from_graph_files(baidoa_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = kg("report", str(baidoa_file), "-o", str(out), "--title", "Baidoa test")
    assert result.returncode == 0, result.stderr
    assert "1 document(s), 3 events" in result.stderr
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<title>Baidoa test</title>" in page
    assert "Shabaab fighters" in page


def test_cli_report_from_a_store(baidoa_store_folder: Path, tmp_path: Path) -> None:
    folder = baidoa_store_folder
    out = tmp_path / "report.html"
    result = kg("report", "--store", str(folder), "-o", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Shabaab fighters" in out.read_text()


@pytest.mark.parametrize(("args", "code"), [
    (["missing.ttl"], "E001"),
    (["{graph}", "--store", "{tmp}/no-store"], "E018"),
    (["--store", "{tmp}/no-store"], "E300"),
    (["{graph}", "-o", "/no/such/folder/report.html"], "E011"),
    (["{graph}", "-o", "{graph}"], "E062"),
])
def test_cli_report_errors_are_one_line(args: list[str], code: str, baidoa_file: Path, tmp_path: Path) -> None:
    filled = [a.format(graph=baidoa_file, tmp=tmp_path) for a in args]
    result = kg("report", *filled, *([] if "-o" in filled else ["-o", str(tmp_path / "r.html")]))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"error {code}:"), result.stderr


def test_cli_report_and_table_never_overwrite_a_graph_they_read(baidoa_file: Path) -> None:
    before = baidoa_file.read_bytes()
    assert kg("report", str(baidoa_file), "-o", str(baidoa_file)).returncode == 1
    assert kg("export", str(baidoa_file), "--events", str(baidoa_file)).stderr.startswith("error E062:")
    assert baidoa_file.read_bytes() == before
