"""kg_lines: where a line break ends a sentence, marked before the parser runs.

News layout puts text on lines of its own that carry no full stop: a live blog's
entry heading ("21:40 - Rebels enter the port"), a byline, a day header. The
parser would read such a line and the sentence under it as one sentence, and a
name in the second would become the object of the first. A line break ends the
sentence when a blank line comes before it (a paragraph ends), when the line before
it ends a sentence anyway (".", "?", a quote) or is a short heading: after a blank
line (or at the start) and under ``HEADING_CHARS`` characters. A long line without a
stop is taken as hard-wrapped prose and joined.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

HEADING_CHARS = 70
STOPS = (".", "?", "!", ":", '"', "\u201d", "'")


def line_starts(text: str) -> list[int]:
    """Character offsets of the lines whose first word starts a sentence."""
    out = []
    lines = text.split("\n")
    offset = 0
    prev, prev_blank, gap = "", True, False  # the last line with text, whether a blank line came before it
    for line in lines:
        stripped = line.strip()
        if stripped and prev:
            heading = prev_blank and len(prev) < HEADING_CHARS
            # a blank line ends a paragraph, and so the sentence ("Humanitarian situation", blank, "According to")
            if gap or prev.endswith(STOPS) or heading:
                out.append(offset + len(line) - len(line.lstrip()))
        if stripped:
            prev_blank = gap or not prev
            prev, gap = stripped, False
        else:
            gap = True
        offset += len(line) + 1
    return out


class LineBreaks:
    """The kg_lines component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if "\n" not in doc.text:
            return doc
        for start in line_starts(doc.text):
            span = doc.char_span(start, start + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                doc[span.start].is_sent_start = True
        return doc


@Language.factory("kg_lines")
def make_line_breaks(nlp: Language, name: str) -> LineBreaks:
    """Sentence starts at line breaks that end a heading or a sentence."""
    return LineBreaks(nlp, name)
