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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kg.errors import Errors, KgError
from kg.model import Document

SUFFIXES = (".txt", ".json", ".jsonl")
TOO_DEEP = "nested too deeply"


@dataclass
class InputProblem:
    """A document that could not be read: where it is and why."""

    where: str
    error: KgError


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> date | None:
    """A YYYY-MM-DD date, or None for None/empty; anything else (a number, 2023-02-30) is E015."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        raise KgError(Errors.E015, value=value)
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise KgError(Errors.E015, value=value) from None


def text_id(text: str) -> str:
    """A document id made from its text, for documents that carry none."""
    return "doc-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# Below this many words a stop-word share says nothing: a wire flash is all names and verbs.
JUDGED_WORDS = 20


def language_doubt(text: str) -> str | None:
    """Why a text may not be English, or None. Only a doubt: such texts are built with a warning."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_]+", text[:20000].lower())
    letters = "".join(words)
    if letters and sum(c.isascii() for c in letters) / len(letters) < 0.5:
        return "most of its letters are not Latin ones"
    if len(words) >= JUDGED_WORDS and sum(w in STOP_WORDS for w in words) / len(words) < 0.1:
        return "few of its words are English function words"
    return None


def looks_english(text: str) -> bool:
    """Whether a text reads as English, as far as can be told (short texts always do)."""
    return language_doubt(text) is None


def _clean_text(text: str) -> str:
    """The text with lone surrogates (valid in JSON, not in UTF-8) replaced by U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _document(data: Any, where: str) -> Document:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise KgError(Errors.E007, where=where)
    text = _clean_text(data["text"])
    if not text.strip():
        raise KgError(Errors.E006, where=where)
    doubt = language_doubt(text)
    if doubt:
        warning = KgError(Errors.E020, where=where, detail=doubt)
        print(f"warning {warning.code}: {warning.message}", file=sys.stderr)
    doc_id = data.get("id")
    if doc_id is not None and not isinstance(doc_id, (str, int)):
        raise KgError(Errors.E024, where=where, kind=type(doc_id).__name__)
    doc_id = _clean_text(doc_id) if isinstance(doc_id, str) else doc_id
    return Document(
        id=str(doc_id) if doc_id not in (None, "") else text_id(text),
        text=text,
        title=data.get("title") if isinstance(data.get("title"), str) else None,
        published=parse_date(data.get("published")),
        url=data.get("url") if isinstance(data.get("url"), str) else None,
        where=where,
    )


def _read_text(path: Path) -> str:
    return decode(path.read_bytes(), str(path))


def decode(data: bytes, where: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), or UTF-16 told by its BOM or its zero bytes."""
    if not data.strip():
        raise KgError(Errors.E002, path=where)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, "utf-16", where)
    head = data[:4096]
    if b"\x00" in head:
        text = _bomless_utf16(data)
        if text is None:
            raise KgError(Errors.E003, path=where)
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KgError(Errors.E003, path=where + f" (byte {exc.start})") from None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text without a BOM (zero high bytes on one side), or None for binary data."""
    odd, even = data[1:4096:2], data[0:4096:2]
    codec = "utf-16-le" if odd.count(0) > len(odd) * 0.3 else "utf-16-be"
    if len(data) % 2 or (odd if codec == "utf-16-be" else even).count(0):
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    printable = sum(c.isprintable() or c.isspace() for c in text[:2048])
    return text if printable >= 0.95 * len(text[:2048]) else None


def _utf16(data: bytes, codec: str, where: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise KgError(Errors.E025, path=where) from None


def _from_json_text(text: str, where: str) -> Iterator[Document | InputProblem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KgError(Errors.E004, path=where, detail=exc.msg + f" at line {exc.lineno}") from None
    except RecursionError:
        raise KgError(Errors.E004, path=where, detail=TOO_DEEP) from None
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        label = where if len(items) == 1 else f"{where}[{index}]"
        try:
            yield _document(item, label)
        except KgError as exc:
            yield InputProblem(label, exc)


def document_from_json_line(line: str, where: str, number: int) -> Document | InputProblem:
    """The document of one JSONL line (line ``number`` of ``where``), or the problem with it."""
    label = f"{where}:{number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputProblem(label, KgError(Errors.E005, path=where, line=number, detail=exc.msg))
    except RecursionError:
        return InputProblem(label, KgError(Errors.E005, path=where, line=number, detail=TOO_DEEP))
    try:
        return _document(data, label)
    except KgError as exc:
        return InputProblem(label, exc)


def _from_jsonl_text(text: str, where: str) -> Iterator[Document | InputProblem]:
    # Only "\n" ends a line: str.splitlines() also splits at U+2028, U+2029 and U+0085, valid raw in JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield document_from_json_line(line, where, number)


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
    try:
        text = decode(raw, where)
    except KgError as exc:
        yield InputProblem(where, exc)
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


def unique_documents(items: Iterable[Document | InputProblem]) -> Iterator[Document | InputProblem]:
    """The items, with a problem (E023, naming both places) in place of a second document with the same id."""
    first: dict[str, str] = {}
    for item in items:
        if isinstance(item, Document):
            where = item.where or item.id
            if item.id in first:
                yield InputProblem(where, KgError(Errors.E023, where=where, doc_id=item.id, first=first[item.id]))
                continue
            first[item.id] = where
        yield item
