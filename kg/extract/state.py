"""What the components write on a Doc (``doc._.kg``), token-based, before keys are given."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.attrs import LEMMA, LIKE_NUM, LOWER, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Token

if not Doc.has_extension("kg"):
    Doc.set_extension("kg", default=None)

PRONOUNS = {"it", "its", "they", "their", "them", "he", "his", "him", "she", "her", "itself", "themselves"}


@dataclass
class Mention:
    """A stretch of tokens that names (or points at) an entity."""

    start: int
    end: int
    kind: str
    label: str
    head: int
    country: str | None = None
    qid: str | None = None  # gazetteer id, only to merge names of one thing
    definite: bool = False  # "the city", "the group": resolved by coreference
    entity: int | None = None  # index into KgState.entities, set by kg_coref


@dataclass
class EntityDraft:
    """A coreference cluster: one entity of the document."""

    label: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    within: int | None = None
    affiliation: int | None = None
    head_lemma: str = ""


@dataclass
class TimeExpr:
    """A time phrase, resolved against the publication date later."""

    start: int
    end: int
    weekday: int | None = None  # 0 = Monday
    month: int | None = None
    day: int | None = None
    year: int | None = None
    relative: str | None = None  # "last week", "earlier this month"; "anchored": told from the day before it;
    # "clock": a time of day ("at 5 p.m."), on the day told before it if one was
    offset: int = 0  # days from its anchor, for "anchored" ("the following day": 1, "a day earlier": -1)

    def resolve(self, published: date | None) -> date | None:
        """The day this phrase fixes, or None."""
        from datetime import timedelta

        if self.relative == "today":
            return published
        if published is None or self.relative is not None:
            return None
        if self.weekday is not None:
            return published - timedelta(days=(published.weekday() - self.weekday) % 7)
        if self.month is not None and self.day is not None:
            year = self.year or published.year
            try:
                day = date(year, self.month, self.day)
            except ValueError:
                return None
            if self.year is None and day > published:
                day = date(year - 1, self.month, self.day)
            return day
        return None

    def interval(self, published: date | None) -> tuple[date, date] | None:
        """The span of days a relative phrase covers, or None."""
        from datetime import timedelta

        if published is None or self.relative is None:
            return None
        if self.relative == "last week":
            monday = published - timedelta(days=published.weekday())
            return monday - timedelta(days=7), monday - timedelta(days=1)
        if self.relative == "this month":
            return published.replace(day=1), published
        if self.relative == "yesterday":
            day = published - timedelta(days=1)
            return day, day
        return None


@dataclass
class Section:
    """A line of layout that dates the text under it: a live blog's day header or a dateline."""

    start: int  # token index where the dated stretch begins
    time: TimeExpr
    kind: str  # "day" (a header line of its own) or "dateline" ("CITY, May 3 -")


@dataclass
class FigureDraft:
    """A number of people in the text."""

    count: int | None
    qualifier: str | None
    noun: int  # token index of the counted noun
    start: int
    end: int
    victims: int | None = None  # entity index
    outcome: str | None = None
    part_of: int | None = None  # index into the same event's figures


@dataclass
class EventDraft:
    """An event read from the text, with roles as entity indexes."""

    kind: str
    trigger: int
    subtype: str | None = None
    status: str = "asserted"
    label: str | None = None
    roles: dict[str, int] = field(default_factory=dict)
    action: str | None = None
    topic_event: int | None = None
    time: TimeExpr | None = None
    figures: list[FigureDraft] = field(default_factory=list)
    source: int | None = None
    claim: int | None = None
    extra_mentions: list[int] = field(default_factory=list)
    weak: bool = False  # read only to lend its place and day to others; not output
    told_on: bool = False  # ``time`` is the day it was said ("X said on Friday that 31 had died"), not its own


@dataclass
class ClaimDraft:
    """Something asserted by one actor and denied by another."""

    text: str
    start: int
    end: int
    claimant: int | None
    event: int | None = None


@dataclass
class Words:
    """Every token's lowered lemma, lower-case form, coarse part of speech and number look, by index.

    Components scan these plain lists to find the few tokens their rules start
    from, instead of making a spaCy ``Token`` (and its strings) for every token.
    """

    lemmas: list[str]
    lowers: list[str]
    pos: list[str]
    like_num: list[bool]


def _words(doc: Doc) -> Words:
    strings = doc.vocab.strings
    lemmas, lowers, pos, like_num = doc.to_array([LEMMA, LOWER, POS, LIKE_NUM]).T.tolist() if len(doc) else [[]] * 4
    return Words([strings[key].lower() for key in lemmas], [strings[key] for key in lowers],
                 [POS_NAMES[key] for key in pos], [bool(flag) for flag in like_num])


@dataclass
class KgState:
    """Everything the components found in one Doc."""

    mentions: list[Mention] = field(default_factory=list)
    entities: list[EntityDraft] = field(default_factory=list)
    events: list[EventDraft] = field(default_factory=list)
    claims: list[ClaimDraft] = field(default_factory=list)
    alliances: list[tuple[int, int]] = field(default_factory=list)
    times: dict[int, TimeExpr] = field(default_factory=dict)  # token index -> time phrase
    sections: list[Section] = field(default_factory=list)  # dated headers and datelines, in text order
    figures: dict[int, list[FigureDraft]] = field(default_factory=dict)  # noun token -> figures
    by_token: dict[int, Mention] = field(default_factory=dict)
    table: Words | None = None  # read on first use, by words()

    def index(self) -> None:
        """Rebuild the token -> mention map (innermost mention wins for a head)."""
        self.by_token = {}
        for ment in sorted(self.mentions, key=lambda m: -(m.end - m.start)):
            for i in range(ment.start, ment.end):
                self.by_token[i] = ment

    def mention_at(self, token: Token) -> Mention | None:
        """The mention covering this token, or None."""
        return self.by_token.get(token.i)

    def entity_labelled(self, label: str, kind: str) -> int | None:
        """The entity of this label (in any case) and kind, or None."""
        return next((idx for idx, ent in enumerate(self.entities)
                     if ent.label.lower() == label.lower() and ent.kind == kind), None)

    def entity_at(self, token: Token | None) -> int | None:
        """The entity index of the mention covering this token, or None."""
        if token is None:
            return None
        ment = self.by_token.get(token.i)
        return None if ment is None else ment.entity


def state(doc: Doc) -> KgState:
    """The Doc's KgState, created on first use."""
    if doc._.kg is None:
        doc._.kg = KgState()
    return doc._.kg


def words(doc: Doc) -> Words:
    """The Doc's word table, read on first use (components run after the model's pipes)."""
    st = state(doc)
    if st.table is None:
        st.table = _words(doc)
    return st.table
