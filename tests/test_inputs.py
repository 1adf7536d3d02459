"""Reading articles: every kind of input, and every kind of bad input."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from kg.inputs import InputProblem, iter_documents, looks_english, text_id
from kg.model import Document

ENGLISH = "Government troops recaptured the town of Kidal on Monday after heavy fighting, officials said."


def read(*paths: Path | str, published: date | None = None) -> list[Document | InputProblem]:
    return list(iter_documents([str(p) for p in paths], published))


def codes(items: list[Document | InputProblem]) -> list[str]:
    return [item.error.code if isinstance(item, InputProblem) else "ok" for item in items]


def test_inputs_reads_txt_with_its_published_date_and_its_file_name_as_id(tmp_path: Path) -> None:
    path = tmp_path / "kidal-report.txt"
    path.write_text(ENGLISH)
    [doc] = read(path, published=date(2013, 2, 4))
    assert isinstance(doc, Document)
    assert doc.published == date(2013, 2, 4) and doc.text == ENGLISH
    assert (doc.id, doc.file_name) == ("kidal-report", "kidal-report.txt")


def test_inputs_json_documents_know_their_file_but_keep_their_id(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "one", "text": ENGLISH}) + "\n" + json.dumps({"text": ENGLISH}) + "\n")
    docs = read(path)
    assert [(d.id, d.file_name) for d in docs if isinstance(d, Document)] == [
        ("one", "feed.jsonl"), (text_id(ENGLISH), "feed.jsonl")]


def test_inputs_text_from_standard_input_is_named_by_its_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ENGLISH.encode())))
    [doc] = read("-")
    assert isinstance(doc, Document)
    assert (doc.id, doc.file_name) == (text_id(ENGLISH), None)


def test_inputs_reads_json_and_ignores_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"id": "mali-1", "text": ENGLISH, "published": "2013-02-04", "title": "T",
                                "url": "https://example.org/a", "expect": {"captures": []}}))
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert (doc.id, doc.published, doc.title, doc.url) == ("mali-1", date(2013, 2, 4), "T", "https://example.org/a")


def test_inputs_reads_jsonl_and_reports_the_bad_line_number(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "one", "text": ENGLISH}) + "\n{not json\n\n"
                    + json.dumps({"id": "three", "text": ENGLISH}) + "\n")
    items = read(path)
    assert codes(items) == ["ok", "E005", "ok"]
    problem = items[1]
    assert isinstance(problem, InputProblem) and problem.where.endswith(":2") and "line 2" in problem.error.message


def test_inputs_reads_folders_recursively_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text(ENGLISH)
    (tmp_path / "sub" / "a.json").write_text(json.dumps({"id": "a", "text": ENGLISH}))
    (tmp_path / "notes.md").write_text("ignored")
    items = read(tmp_path)
    assert [d.id for d in items if isinstance(d, Document)] == ["b", "a"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "E002"),
        ("blank.json", b"  \n", "E002"),
        ("binary.txt", b"\x00\x01\x02PNG\x00", "E003"),
        ("latin1.txt", "Les rebelles ont pris la ville".encode("latin-1") + b"\xe9\xe8", "E003"),
        ("bad.json", b'{"text": "unterminated', "E004"),
        ("no-text.json", json.dumps({"id": "x", "title": "no text"}).encode(), "E007"),
        ("blank-text.json", json.dumps({"id": "x", "text": "   "}).encode(), "E006"),
        ("bad-date.json", json.dumps({"text": ENGLISH, "published": "yesterday"}).encode(), "E015"),
        ("notes.csv", b"a,b\n", "E008"),
    ],
)
def test_inputs_bad_documents_become_problems(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert codes(read(path)) == [code]


def test_inputs_missing_path_is_a_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH)
    assert codes(read(tmp_path / "missing.json", good)) == ["E001", "ok"]


def test_inputs_standard_input_text_and_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ENGLISH.encode())))
    [doc] = read("-", published=date(2013, 2, 4))
    assert isinstance(doc, Document) and doc.published == date(2013, 2, 4)
    lines = "\n".join(json.dumps({"id": str(i), "text": ENGLISH}) for i in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    assert [d.id for d in read("-") if isinstance(d, Document)] == ["0", "1", "2"]


def test_inputs_english_check_accepts_news_and_doubts_other_languages() -> None:
    assert looks_english(ENGLISH)
    assert looks_english("Rebels shelled army posts near Juba on Friday.")  # telegraphic: too short to judge
    assert not looks_english("Повстанцы захватили город после ожесточённых боёв, сообщили местные источники.")
    german = ("Die Rebellen haben die Stadt nach schweren Kämpfen eingenommen, sagten Zeugen am Montag. "
              "Die Armee hat sich nach Norden zurückgezogen, berichteten örtliche Quellen und Augenzeugen.")
    assert not looks_english(german)


def test_inputs_doubtful_language_is_read_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "french.txt"
    path.write_text("Les rebelles ont pris le contrôle de la ville après des combats "
                    "violents, selon des sources locales et des témoins sur place.")
    assert codes(read(path)) == ["ok"]
    assert "warning E020: " + str(path) in capsys.readouterr().err
