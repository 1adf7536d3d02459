"""The Turtle's normal form and the generated namespace module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.ontology_tools import (
    NAMESPACE_FILE,
    format_files,
    main,
    namespace_source,
    normal_form,
    normal_form_files,
    not_normal,
)

ROOT = Path(__file__).resolve().parents[2]


def test_ontology_tools_files_are_in_normal_form() -> None:
    bad = not_normal(normal_form_files())
    assert bad == [], f"not in normal form: {bad}; run `python -m kg.ontology_tools format`"


def test_ontology_tools_normal_form_is_stable_and_keeps_the_triples() -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    text = (ROOT / "ontology" / "conflict.ttl").read_text(encoding="utf-8")
    once = normal_form(text)
    assert normal_form(once) == once
    assert isomorphic(Graph().parse(data=text, format="turtle"), Graph().parse(data=once, format="turtle"))


def test_ontology_tools_namespace_module_is_generated_from_the_turtle() -> None:
    current = NAMESPACE_FILE.read_text(encoding="utf-8")
    assert current == namespace_source(), "kg/namespace.py is stale: run `python -m kg.ontology_tools namespace`"


def test_ontology_tools_check_reports_a_file_out_of_form_with_the_fix(tmp_path: Path, capsys) -> None:
    messy = tmp_path / "messy.ttl"
    messy.write_text(
        "@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n"
        "ckg:b ckg:p ckg:c . ckg:a ckg:p ckg:c .\n",
        encoding="utf-8",
    )
    assert not_normal([messy]) == [messy]
    assert format_files([messy]) == [messy]
    assert not_normal([messy]) == []
    assert format_files([messy]) == []


def test_ontology_tools_command_line() -> None:
    command = [sys.executable, "-m", "kg.ontology_tools", "check"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "normal form" in result.stdout
    assert main(["frobnicate"]) == 1


def test_ontology_tools_unknown_command_is_one_line(capsys) -> None:
    assert main(["frobnicate"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error E105: unknown command 'frobnicate'") and err.count("\n") == 1


def test_ontology_tools_check_names_the_fix_command(tmp_path: Path, monkeypatch, capsys) -> None:
    import kg.ontology_tools as tools

    messy = ROOT / "ontology" / "conflict.ttl"
    copy = tmp_path / "conflict.ttl"
    copy.write_text(messy.read_text(encoding="utf-8").replace("\n\n", "\n\n\n", 1), encoding="utf-8")
    monkeypatch.setattr(tools, "normal_form_files", lambda: [copy])
    monkeypatch.setattr(tools, "ROOT", tmp_path)
    assert tools.main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error E103: conflict.ttl: not in the normal Turtle form;")
    assert "run `python -m kg.ontology_tools format` to fix" in err and err.count("\n") == 1
    assert tools.main(["format"]) == 0
    assert tools.main(["check"]) == 0
