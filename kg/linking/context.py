"""What an article says that linking decisions read: the countries it is about, and its people.

Only the words of the text count: the countries named ("Mali", "the Central African
Republic") or implied by a demonym ("Malian"), never the country of a candidate or the extractor's
guess, so that a place cannot vouch for itself. Words inside a person's name ("Jordan" is no
country there) and demonyms used as languages ("in French") are skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.linking.cues import after_title, is_language
from kg.linking.fold import fold
from kg.linking.gazetteer import Gazetteer
from kg.model import Document

_CAPITALIZED_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+|and\s+)*[A-Z][\w'’.-]*)*")
_WORD = re.compile(r"[A-Z][a-z]+")
_MAX_RUN = 6


@dataclass(frozen=True)
class Article:
    """The facts of one article that every linking decision shares."""

    text: str
    countries: Counter[str]
    person_words: frozenset[str]  # folded words of the people's names ("kone" of "Moussa Kone")
    surnames: frozenset[str] = frozenset()  # folded names the text uses after a given name
    places: tuple[tuple[int, int, str], ...] = ()  # (start, end, "city"|"region") of the city and region mentions


def read_article(document: Document, gazetteer: Gazetteer, countries: Counter[str] | None = None) -> Article:
    """The shared facts of ``document`` (its ``countries`` when already known)."""
    people = [e for e in document.entities if e.kind == "Person"]
    words = frozenset(fold(w) for e in people for w in e.label.split() if w[:1].isupper())
    if countries is None:
        countries = context_countries(document, gazetteer)
    places = tuple(sorted((m.start, m.end, _GRAIN[e.kind]) for e in document.entities if e.kind in _GRAIN
                          for m in e.mentions))
    return Article(document.text, countries, words, surnames(document.text, gazetteer), places)


_GRAIN = {"City": "city", "Region": "region"}


def surnames(text: str, gazetteer: Gazetteer) -> frozenset[str]:
    """Folded names that follow a given name in the text ("Kone" in "..., Moussa Kone, said").

    A capitalised word right after another one in mid-sentence is a surname when neither the first
    word nor the pair is a name the gazetteer knows, and the first word is no demonym nor a
    modifier of places ("New", "Greater", "North", "Old")."""
    found = set()
    for pair in _PAIR.finditer(text):
        first, second = pair.group(1), pair.group(2)
        if first in _PLACE_MODIFIERS or gazetteer.demonym(first) is not None:
            continue
        if gazetteer.lookup(first) or gazetteer.lookup(f"{first} {second}"):
            continue
        found.add(fold(second))
    return frozenset(found)


# Two capitalised words in mid-sentence (after a lowercase word or a comma, not after a full stop).
_PAIR = re.compile(r"(?:[a-z,;:]\s+)([A-Z][a-z]+)\s+([A-Z][a-z]+)\b(?!\s+[A-Z])")
_PLACE_MODIFIERS = frozenset(
    "New Old Greater Upper Lower Central Inner Outer Middle Great Little Saint St Port Fort Mount Lake North South "
    "East West Northern Southern Eastern Western Northeastern Northwestern Southeastern Southwestern Al El".split()
)

def context_countries(document: Document, gazetteer: Gazetteer) -> Counter[str]:
    """How often the document names each country (ISO code), by name or demonym (see the module)."""
    weights: Counter[str] = Counter()
    full = "\n".join(part for part in (document.title, document.text) if part)
    text = _blank(full, _person_spans(document, len(document.title) + 1 if document.title else 0))
    words = list(_WORD.finditer(text))
    index = 0
    while index < len(words):
        word, found, step = words[index], None, 1
        if index + 1 < len(words) and not text[word.end():words[index + 1].start()].strip():
            found = gazetteer.demonym(f"{word.group()} {words[index + 1].group()}")  # "South Sudanese"
            step = 2 if found is not None else 1
        found = found or gazetteer.demonym(word.group())
        if found is not None and found.country and not is_language(full, word.start(), word.end()):
            weights[found.country] += 1
        index += step
    for run in _CAPITALIZED_RUN.findall(text):
        weights.update(_country_names(run, gazetteer))
    return weights


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with these spans turned into spaces (offsets kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _country_names(run: str, gazetteer: Gazetteer) -> list[str]:
    """The ISO codes of the longest country names in a run of capitalised words, left to right."""
    codes: list[str] = []
    words = run.split()
    start = 0
    while start < len(words):
        for size in range(min(_MAX_RUN, len(words) - start), 0, -1):
            piece = " ".join(words[start:start + size]).rstrip(".,;:")
            matches = [m for m in gazetteer.matches(piece) if m.candidate.kind == "country" and m.candidate.country]
            # "US" is the United States' own name and only an alias of the US Virgin Islands;
            # "Congo" is a name of two countries, and both count.
            matches = [m for m in matches if m.primary] or matches
            if matches and piece.lower() not in {"of", "the", "and"}:
                codes.extend(sorted({m.candidate.country or "" for m in matches}))
                start += size
                break
        else:
            start += 1
    return codes


def _person_spans(document: Document, offset: int) -> list[tuple[int, int]]:
    """Where the document's people are named, as offsets into title + text."""
    spans = [(m.start + offset, m.end + offset) for e in document.entities if e.kind == "Person" for m in e.mentions]
    text = document.text
    spans += [(w.start() + offset, w.end() + offset) for w in _WORD.finditer(text) if after_title(text, w.start())]
    return sorted(spans)

