"""List where tests, code comments, lexicons and queries use the dev corpus's names or sentences.

A developer tool (it reads ../shared/corpus and needs the spaCy model), so it lives outside
the installed package. The house rule is that no rule, lexicon entry, comment or test is keyed on
a dev article's wording or names; this finds candidates for a human to judge:

- NAME lines: a proper name of the dev articles or the clusters (a named entity or a capitalised
  word the articles never write in lower case, or a word of a gold label) found in a file;
- GRAM lines: six words in a row that a dev or cluster article also has.

Common words that happen to be capitalised in names ("Union", "Republic") are reported too:
read, do not count. Exit status 1 when anything was found.

    .venv/bin/python tools/dev_names.py [--shared ../shared] [PATH ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

DEFAULT_PATHS = ["tests", "kg", "queries", "ontology"]
SUFFIXES = {".py", ".tsv", ".rq", ".ttl", ".json", ".md", ".txt", ".csv", ".srj", ".cfg", ".jsonl", ".trig"}
SKIP_PARTS = {"vendor", "examples", "__pycache__"}  # third-party files; the bundled example is a dev article
ENTITY_LABELS = {"GPE", "LOC", "ORG", "PERSON", "NORP", "FAC", "EVENT"}
MONTHS_AND_DAYS = set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
                      "June July August September October November December The".split())
GRAM = 6


def _strings(value: object) -> Iterator[str]:
    """Every string of a gold ``expect`` block (cells and their alternatives)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "optional":
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value.lstrip("~")


def read_corpus(shared: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(article id, title and text) of the dev and cluster articles, and the strings of their gold rows."""
    texts, gold = [], []
    for path in sorted(shared.glob("corpus/dev/*.json")) + sorted(shared.glob("corpus/clusters/*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "text" in data:
            texts.append((path.stem, f"{data.get('title') or ''}\n{data['text']}"))
            gold.extend(_strings(data.get("expect", {})))
        else:  # a cluster's expect.json
            gold.extend(_strings(data))
    return texts, gold


def proper_names(texts: list[tuple[str, str]], gold: list[str]) -> dict[str, str]:
    """{name: where it was first seen}: entity words and capitalised words never written in lower case."""
    import spacy

    from kg.extract import DEFAULT_MODELS

    nlp = next(spacy.load(name) for name in DEFAULT_MODELS if spacy.util.is_package(name))
    lower = {w for _, text in texts for w in re.findall(r"\b[a-z][a-z'-]+\b", text)}
    names: dict[str, str] = {}

    def add(word: str, where: str) -> None:
        if len(word) > 2 and word.lower() not in lower and word not in MONTHS_AND_DAYS:
            names.setdefault(word, where)

    for stem, text in texts:
        doc = nlp(text)
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                for token in ent:
                    if token.text[:1].isupper():
                        add(token.text, stem)
        for token in doc:
            if token.text[:1].isupper() and not token.is_sent_start:
                add(token.text, stem)
    for cell in gold:
        for word in re.findall(r"[A-Z][\w'-]+", cell):
            add(word, "gold")
    return names


def files(roots: list[Path]) -> Iterator[Path]:
    for root in roots:
        found = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in found:
            if path.is_file() and path.suffix in SUFFIXES and not SKIP_PARTS & set(path.parts):
                if not path.name.startswith("gazetteer"):
                    yield path


def scan(paths: list[Path], names: dict[str, str], texts: list[tuple[str, str]]) -> list[str]:
    """One line per name found on a line of a file, and per run of six or more words shared with an article."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")
    grams: dict[tuple[str, ...], str] = {}
    for stem, text in texts:
        words = re.findall(r"[a-z0-9']+", text.lower())
        for i in range(len(words) - GRAM + 1):
            grams.setdefault(tuple(words[i:i + GRAM]), stem)
    found = []
    for path in files(paths):
        content = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(content.splitlines(), start=1):
            hits = sorted(set(pattern.findall(line)))
            if hits:
                found.append(f"NAME {path}:{number}: {','.join(hits)} | {line.strip()[:120]}")
        found.extend(f"GRAM {path}:{line}: {run!r} <- {article}" for line, run, article in shared_runs(content, grams))
    return found


def shared_runs(content: str, grams: dict[tuple[str, ...], str]) -> Iterator[tuple[int, str, str]]:
    """(line, words, article) of each longest run of words that an article also has, GRAM words or more."""
    matches = list(re.finditer(r"[a-z0-9']+", content.lower()))
    words = [m.group() for m in matches]
    i = 0
    while i <= len(words) - GRAM:
        article = grams.get(tuple(words[i:i + GRAM]))
        if not article:
            i += 1
            continue
        end = i + GRAM
        while end < len(words) and grams.get(tuple(words[end - GRAM + 1:end + 1])):
            end += 1
        yield content.count("\n", 0, matches[i].start()) + 1, " ".join(words[i:end]), article
        i = end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS, help="files or folders to scan")
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder (corpus)")
    args = parser.parse_args(argv)
    if not (args.shared / "corpus" / "dev").is_dir():
        print(f"error: no dev corpus under {args.shared}/corpus/dev", file=sys.stderr)
        return 2
    texts, gold = read_corpus(args.shared)
    found = scan([Path(p) for p in args.paths], proper_names(texts, gold), texts)
    print("\n".join(found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
