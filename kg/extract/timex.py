"""kg_time: time phrases ("on Sunday", "Saturday night", "on November 15", "last week").

A phrase is kept unresolved (weekday, month and day, or a relative span); the
day is fixed against the document's publication date when the Document is
filled, since a component does not know it.
"""

from __future__ import annotations

import calendar
import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.state import TimeExpr, state

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
RELATIVE = (
    ("last week", "last week"),
    ("earlier this month", "this month"),
    ("this month", "this month"),
    ("yesterday", "yesterday"),
    ("today", "today"),
    ("last month", "last month"),
    ("last year", "last year"),
    ("this week", "this week"),
)


def parse_time(text: str) -> TimeExpr | None:
    """The time expression written in ``text``, or None if it fixes nothing we use."""
    low = text.lower()
    for cue, rel in RELATIVE:
        if cue in low:
            if rel == "today":
                return (
                    TimeExpr(0, 0, relative=None, weekday=None, day=None, month=None)
                    if False
                    else TimeExpr(0, 0, relative="today")
                )
            return TimeExpr(0, 0, relative=rel)
    words = re.findall(r"[a-z]+|\d+", low)
    expr = TimeExpr(0, 0)
    found = False
    for i, word in enumerate(words):
        if word in WEEKDAYS:
            expr.weekday = WEEKDAYS[word]
            found = True
        elif word in MONTHS and (
            word != "may" or i + 1 < len(words) and words[i + 1].isdigit() or i > 0 and words[i - 1].isdigit()
        ):
            expr.month = MONTHS[word]
            found = True
            if i + 1 < len(words) and words[i + 1].isdigit() and int(words[i + 1]) <= 31:
                expr.day = int(words[i + 1])
            elif i > 0 and words[i - 1].isdigit() and int(words[i - 1]) <= 31:
                expr.day = int(words[i - 1])
        elif word.isdigit() and len(word) == 4:
            expr.year = int(word)
    if expr.weekday is not None and expr.month is not None:
        expr.weekday = None  # "Sunday, November 15": the date wins
    if expr.weekday is None and expr.day is None:
        if expr.month is not None or expr.year is not None:
            return TimeExpr(0, 0, relative="month")
        return None
    return expr if found else None


class TimeFinder:
    """The kg_time component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            expr = parse_time(self._with_context(ent).text)
            if expr is None:
                continue
            expr.start, expr.end = ent.start, ent.end
            if self._is_since(ent):
                expr.relative = expr.relative or "since"
            for i in range(ent.start, ent.end):
                st.times[i] = expr
        return doc

    @staticmethod
    def _with_context(ent: Span) -> Span:
        doc = ent.doc
        end = ent.end
        if end < len(doc) and doc[end].lower_ in ("night", "morning", "evening", "afternoon"):
            end += 1
        return doc[ent.start : end]

    @staticmethod
    def _is_since(ent: Span) -> bool:
        prev = ent.doc[ent.start - 1] if ent.start > 0 else None
        return prev is not None and prev.lower_ in ("since", "until", "before", "after", "from", "within")


@Language.factory("kg_time", assigns=["doc._.kg"], requires=["doc._.kg"])
def make_time_finder(nlp: Language, name: str) -> TimeFinder:
    """Time phrases, unresolved."""
    return TimeFinder(nlp, name)
