"""kg_time: time phrases ("on Sunday", "Saturday night", "on November 15", "last week") and the
layout lines that date the text under them.

A phrase is kept unresolved (weekday, month and day, or a relative span); the
day is fixed against the document's publication date when the Document is
filled, since a component does not know it.

Layout: a line that is only a date ("FRIDAY 3 MAY", "12 March 2021") heads the
entries under it, as in a live blog or a dated release; a dateline opening a
paragraph ("OSLO, May 3 (Agency) -") dates that report. Both are kept as
``Section``s; ``section_time`` says which events they date.

Anchored phrases ("the same day", "that evening", "hours later", "at once", "the following
day", "a day earlier", "two days later") count from the day told just before
them; ``anchor_times`` fixes them once the publication date is known. A time of
day told without a day ("at 5 p.m.", "by mid-afternoon", "within hours") is on
the day told just before it, and on no day when none was told.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.state import EventDraft, KgState, Section, TimeExpr, state

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
_DATE = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?)(?:,?\s+\d{4})?"
# A line holding only a date, perhaps after a weekday: a day header.
DAY_HEADER = re.compile(rf"^[ \t]*(?:[A-Za-z]+(?i:day),?\s+)?(?P<date>{_DATE})[ \t]*$", re.MULTILINE)
# "OSLO, May 3 -", "Geneva/Nairobi, 3 May 2021 (Agency) -": a dateline at the start of a paragraph.
DATELINE = re.compile(
    rf"^[ \t]*[A-Z][\w.'-]*(?:[ /][A-Z][\w.'-]*){{0,3}},\s+(?P<date>{_DATE})\s*"
    r"(?:\([^)\n]{1,40}\)\s*)?[-\u2013\u2014]",
    re.MULTILINE,
)
_PART = r"(?:day|night|morning|evening|afternoon)"
_CALENDAR = "|".join(sorted(MONTHS, key=len, reverse=True))
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10}
# "the day after the ceasefire", "11 days after losing it": counted from the event named, not the day
# before; "after" and "before" count from that day only when they end the phrase ("The day before, ...")
_NOT_NAMED = r"(?=\s*(?:[,.;:!?)\"\u201d]|$))"
# Phrases counting days from the day told before them, with the sign of the count (None: the number said).
_COUNT = rf"\b(?P<n>{'|'.join(_COUNTS)}|\d{{1,2}})"
ANCHORED = (
    (re.compile(rf"{_COUNT} days? (?:(?P<dir>later|earlier)\b|(?P<bound>after|before){_NOT_NAMED})"), None),
    (re.compile(rf"{_COUNT} weeks? (?P<dir>later|earlier)\b"), None),
    (re.compile(rf"\bthe (?:following|next) {_PART}\b|\bthe day after\b{_NOT_NAMED}"), 1),
    (re.compile(rf"\bthe (?:previous|preceding) {_PART}\b|\bthe day before\b{_NOT_NAMED}"), -1),
    (re.compile(rf"\bthe same {_PART}\b|\bthat {_PART}\b|\b(?:earlier|later) (?:in the|that) {_PART}\b"
                # "on the first day" (of the fighting just told), not of a calendar span
                rf"|\bon the first day\b(?! of (?:the )?(?:year|month|week|{_CALENDAR})\b)"
                r"|\b(?:hours|minutes) (?:later|afterwards)\b|\bat once\b"), 0),
)

# A time of day with no day of its own: the day told before it ("at 5 p.m.", "at 20:00 local time",
# "by mid-afternoon", "within hours"); never the publication date alone.
CLOCK = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b"
    r"|\bby (?:mid-?afternoon|midday|noon|nightfall|dusk|(?:the |late )?(?:afternoon|evening))\b"
    r"|\bwithin (?:hours|minutes)\b"
)

STAMP_END = re.compile(r"[ \t]*[-\u2013\u2014|]")


def anchored_offset(text: str) -> tuple[int, int, int] | None:
    """Where in ``text`` a phrase counting from the day told before it is, and how many days it
    counts (``(start, end, days)``), or None: "the next round of talks", "later this year" count nothing."""
    low = text.lower()
    for pattern, sign in ANCHORED:
        match = pattern.search(low)
        if match is None:
            continue
        if sign is not None:
            return match.start(), match.end(), sign
        days = _COUNTS.get(match.group("n")) or int(match.group("n"))
        days *= 7 if "week" in match.group(0) else 1
        way = match.groupdict().get("dir") or match.groupdict().get("bound")
        return match.start(), match.end(), days if way in ("later", "after") else -days
    return None


def parse_time(text: str) -> TimeExpr | None:
    """The time expression written in ``text``, or None if it fixes nothing we use."""
    low = text.lower()
    anchored = anchored_offset(low)
    if anchored is None:
        told = _parse_told(low)
        if told is None and CLOCK.search(low):
            return TimeExpr(0, 0, relative="clock")
        return told
    told = _parse_told(low[: anchored[0]] + low[anchored[1] :])
    if told is not None and (told.weekday is not None or told.day is not None):
        return told  # "on Sunday, 11 days later": the day named wins
    return TimeExpr(0, 0, relative="anchored", offset=anchored[2])


def _parse_told(low: str) -> TimeExpr | None:
    """A weekday, a date, a month or year, or a relative span, from lower-cased text."""
    for cue, rel in RELATIVE:
        if cue in low:
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
        st.sections = sections(doc)
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            span = self._with_context(ent)
            expr = parse_time(span.text)
            if expr is None or expr.relative == "clock" and _time_stamp(doc.text, ent.start_char, span.end_char):
                continue  # "14:20 - Talks resume": a live blog's time stamp, dated by the day header above it
            if expr.relative == "anchored" and anchored_offset(doc.text[ent.start_char : span.end_char + 3]) is None:
                continue  # "11 days after losing it": what follows the phrase shows it counts from an event
            expr.start, expr.end = ent.start, ent.end
            if self._is_since(ent):
                expr.relative = expr.relative or "since"
            for i in range(ent.start, ent.end):
                st.times[i] = expr
        self._anchored(doc, st)
        return doc

    @staticmethod
    def _anchored(doc: Doc, st: KgState) -> None:
        """Anchored phrases the entity recognizer leaves out ("the following day", "hours later", "by
        mid-afternoon")."""
        for pattern in [p for p, _ in ANCHORED] + [CLOCK]:
            for match in pattern.finditer(doc.text.lower()):
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is None or any(i in st.times for i in range(span.start, span.end)):
                    continue
                if span[0].lower_ == "that" and span[0].dep_ != "det":
                    continue  # "said that night raids had ...": a conjunction, not "that night"
                expr = parse_time(span.text)
                if expr is None or expr.relative == "clock" and _time_stamp(doc.text, match.start(), match.end()):
                    continue
                expr.start, expr.end = span.start, span.end
                for i in range(span.start, span.end):
                    st.times[i] = expr

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
        # "from Friday's strike": the preposition governs the event, and the day dates it
        return (
            prev is not None
            and prev.lower_ in ("since", "until", "before", "after", "from", "within")
            and ent.root.head.i == prev.i
        )


def _time_stamp(text: str, start: int, end: int) -> bool:
    """Whether a time of day opens its line before a dash ("14:20 - Talks resume"): a live blog's stamp."""
    return not text[text.rfind("\n", 0, start) + 1 : start].strip() and STAMP_END.match(text, end) is not None


def sections(doc: Doc) -> list[Section]:
    """The day headers and datelines of the text, in order."""
    found: list[Section] = []
    for pattern, kind in ((DAY_HEADER, "day"), (DATELINE, "dateline")):
        for match in pattern.finditer(doc.text):
            expr = parse_time(match.group("date"))
            if expr is None or expr.day is None or expr.month is None:
                continue  # "Monday" alone, or a month alone, fixes no day
            span = doc.char_span(match.start("date"), match.end("date"), alignment_mode="expand")
            if span is None:
                continue
            expr.start, expr.end = span.start, span.end
            found.append(Section(span.start, expr, kind))
    return sorted(found, key=lambda s: s.start)


def section_time(st: KgState, ev: EventDraft) -> TimeExpr | None:
    """The day the layout gives an undated event: a statement is dated by the header or dateline
    above it; any event is dated by the day header above it when the text is a series of dated
    entries (two or more day headers, as in a live blog)."""
    above = [s for s in st.sections if s.start <= ev.trigger]
    if not above:
        return None
    if ev.kind == "Statement":
        return above[-1].time
    days = [s for s in st.sections if s.kind == "day"]
    return above[-1].time if len(days) >= 2 and above[-1].kind == "day" else None


def anchor_times(st: KgState, published: date | None) -> None:
    """Fix each anchored phrase to its day: the day of the nearest time phrase, day header or
    dateline before it (the publication date if none), shifted by its count. Left as it is when
    no day is known (an undated document with no dated phrase before it). A time of day ("at 5 p.m.")
    is on the day told before it, and stays undated when the text told none."""
    told = {id(e): e for e in st.times.values()}
    told.update({id(s.time): s.time for s in st.sections})
    last: date | None = None
    for expr in sorted(told.values(), key=lambda e: e.start):
        if expr.relative not in ("anchored", "clock"):
            last = _day_of(expr, published) or last
            continue
        base = last or (published if expr.relative == "anchored" else None)
        if base is None:
            continue
        day = base + timedelta(days=expr.offset)
        expr.relative, expr.weekday, expr.offset = None, None, 0
        expr.year, expr.month, expr.day = day.year, day.month, day.day
        last = day
    for ev in st.events:
        if ev.time is not None and ev.time.relative == "clock":
            ev.time, ev.told_on = None, False  # "at 5 p.m." with no day told before it: undated


def _day_of(expr: TimeExpr, published: date | None) -> date | None:
    """The single day a time phrase fixes, or None."""
    day = expr.resolve(published)
    if day is not None:
        return day
    span = expr.interval(published)
    return span[0] if span is not None and span[0] == span[1] else None


@Language.factory("kg_time", assigns=["doc._.kg"], requires=["doc._.kg"])
def make_time_finder(nlp: Language, name: str) -> TimeFinder:
    """Time phrases, unresolved."""
    return TimeFinder(nlp, name)
