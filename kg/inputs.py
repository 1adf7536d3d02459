"""Reading articles: .txt, .json, .jsonl, folders of them, or standard input.

``iter_documents`` never raises for a bad document: it yields an
``InputProblem`` in its place, so a corpus run reports it and goes on. A path
that does not exist is a problem too.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kg.errors import Errors, KgError
from kg.model import Document

SUFFIXES = (".txt", ".json", ".jsonl")


@dataclass
class InputProblem:
    """A document that could not be read: where it is and why."""

    where: str
    error: KgError


def parse_date(value: str | None) -> date | None:
    """A YYYY-MM-DD date, or None for None/empty."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise KgError(Errors.E015, value=value) from None


def text_id(text: str) -> str:
    """A document id made from its text, for documents that carry none."""
    return "doc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def looks_english(text: str) -> bool:
    """Whether a text reads as English: enough of its words are English function words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_]+", text[:20000].lower())
    if len(words) < 8:
        return bool(words) and all(w.isascii() for w in words)
    return sum(w in STOP_WORDS for w in words) / len(words) >= 0.15


def _document(data: Any, where: str) -> Document:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise KgError(Errors.E007, where=where)
    text = data["text"]
    if not text.strip():
        raise KgError(Errors.E006, where=where)
    if not looks_english(text):
        raise KgError(Errors.E020, where=where)
    doc_id = data.get("id")
    return Document(
        id=str(doc_id) if doc_id not in (None, "") else text_id(text),
        text=text,
        title=data.get("title") if isinstance(data.get("title"), str) else None,
        published=parse_date(data.get("published")),
        url=data.get("url") if isinstance(data.get("url"), str) else None,
    )


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise KgError(Errors.E002, path=path)
    if b"\x00" in data[:8192]:
        raise KgError(Errors.E003, path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KgError(Errors.E003, path=path) from None


def _from_json_text(text: str, where: str) -> Iterator[Document | InputProblem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KgError(Errors.E004, path=where, detail=exc.msg + f" at line {exc.lineno}") from None
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        label = where if len(items) == 1 else f"{where}[{index}]"
        try:
            yield _document(item, label)
        except KgError as exc:
            yield InputProblem(label, exc)


def _from_jsonl_text(text: str, where: str) -> Iterator[Document | InputProblem]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{where}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputProblem(label, KgError(Errors.E005, path=where, line=number, detail=exc.msg))
            continue
        try:
            yield _document(data, label)
        except KgError as exc:
            yield InputProblem(label, exc)


def _from_plain_text(text: str, where: str, published: date | None, doc_id: str | None = None) -> Document:
    data = {"id": doc_id, "text": text, "published": published.isoformat() if published else None}
    return _document(data, where)


def _from_file(path: Path, published: date | None) -> Iterator[Document | InputProblem]:
    """The file's documents, each knowing the file's name; a .txt file's id is its name without suffix."""
    for item in _read_file(path, published):
        if isinstance(item, Document):
            item.file_name = path.name
        yield item


def _read_file(path: Path, published: date | None) -> Iterator[Document | InputProblem]:
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield InputProblem(where, KgError(Errors.E008, path=path))
        return
    try:
        text = _read_text(path)
        if suffix == ".txt":
            yield _from_plain_text(text, where, published, path.stem)
        elif suffix == ".json":
            yield from _from_json_text(text, where)
        else:
            yield from _from_jsonl_text(text, where)
    except KgError as exc:
        yield InputProblem(where, exc)
    except OSError as exc:
        yield InputProblem(where, KgError(Errors.E011, path=path, detail=exc.strerror or str(exc)))


def _from_stdin(published: date | None) -> Iterator[Document | InputProblem]:
    raw = sys.stdin.buffer.read()
    where = "<stdin>"
    if not raw.strip():
        yield InputProblem(where, KgError(Errors.E002, path=where))
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield InputProblem(where, KgError(Errors.E003, path=where))
        return
    stripped = text.lstrip()
    try:
        if stripped.startswith("{") and "\n{" in stripped.rstrip():
            yield from _from_jsonl_text(text, where)
        elif stripped.startswith(("{", "[")):
            yield from _from_json_text(text, where)
        else:
            yield _from_plain_text(text, where, published)
    except KgError as exc:
        yield InputProblem(where, exc)


def input_files(paths: list[str]) -> Iterator[Path | InputProblem | str]:
    """The files named or found (recursively) in folders, in a stable order; "-" stays "-"."""
    for name in paths:
        if name == "-":
            yield "-"
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            yield from found
        elif path.exists():
            yield path
        else:
            yield InputProblem(name, KgError(Errors.E001, path=name))


def iter_documents(paths: list[str], published: date | None = None) -> Iterator[Document | InputProblem]:
    """Every document of the inputs, or a problem in place of one that cannot be read."""
    for item in input_files(paths):
        if isinstance(item, InputProblem):
            yield item
        elif item == "-":
            yield from _from_stdin(published)
        else:
            assert isinstance(item, Path)
            yield from _from_file(item, published)
