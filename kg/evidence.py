"""Which sentences support what: the evidence each mapped fact points to.

Evidence is shared per sentence: an entity, event, claim or figure points to the
sentences that hold its mentions, and a link between two nodes (an alliance, an
affiliation, ``within``, a source) to the sentence where the two are named
closest together. The extractor records the sentences (``Document.sentences``);
a document made without it (by hand, in tests) is split here at sentence
punctuation so that the evidence is still a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from kg.model import Document, Span

# A sentence ends at . ! or ? (and any closing quotes or brackets) before white space, or at a blank line.
_BREAK = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+|\n\s*\n")


def split_sentences(text: str) -> list[Span]:
    """The sentences of a text by punctuation alone, trimmed of white space (a fallback for the parser's)."""
    spans: list[Span] = []
    start = 0
    for found in [*_BREAK.finditer(text), None]:
        end = len(text) if found is None else found.start()
        if found is not None and found.group().strip():  # closing quotes belong to the sentence
            end += len(found.group().rstrip())
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            spans.append(Span(start + lead, start + trail, piece[lead:trail]))
        if found is not None:
            start = found.end()
    return spans


class Sentences:
    """A document's sentences, to find those around any span of its text."""

    def __init__(self, document: Document) -> None:
        found = document.sentences or split_sentences(document.text)
        self.spans = sorted(found, key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self.spans]

    def index(self, offset: int) -> int:
        """The position of the sentence that holds a character offset (-1 before the first)."""
        return bisect_right(self._starts, offset) - 1

    def covering(self, span: Span) -> list[Span]:
        """The sentences a span overlaps; the span itself when it lies outside every sentence."""
        first = max(self.index(span.start), 0)
        found = []
        for sentence in self.spans[first:]:
            if sentence.start >= max(span.end, span.start + 1):
                break
            if sentence.end > span.start:
                found.append(sentence)
        return found or [span]

    def supporting(self, spans: Iterable[Span]) -> list[Span]:
        """The distinct sentences that hold any of the spans, in text order."""
        found = {s for span in spans for s in self.covering(span)}
        return sorted(found, key=lambda s: (s.start, s.end))

    def linking(self, one: list[Span], other: list[Span]) -> list[Span]:
        """The sentences that tell a link between two things: where a mention of each stand closest.

        One sentence when some sentence names both, else the two sentences of the
        nearest pair of mentions; with mentions on one side only, that side's first.
        """
        if not one or not other:
            return self.supporting((one or other)[:1])

        def distance(pair: tuple[Span, Span]) -> tuple[int, int, int]:
            a, b = pair
            return abs(self.index(a.start) - self.index(b.start)), abs(a.start - b.start), a.start

        a, b = min(((a, b) for a in one for b in other), key=distance)
        return self.supporting([a, b])
