"""Shared helpers of the event readers: kinds, word sets, and entities made or found on the way
(unnamed places, countries named by demonyms, the actor behind "forces loyal to X")."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg import model
from kg.extract.lexicon import Lexicon, Trigger
from kg.extract.state import EntityDraft, EventDraft, FigureDraft, KgState, Mention
from kg.extract.syntax import (
    child,
    prep_objects,
)

PLACE_KINDS = frozenset(model.PLACE_KINDS)
ACTOR_KINDS = frozenset(model.ACTOR_KINDS) | {"Country"}  # a country can act, as its state


class FinderHelpers:
    """What the role readers (combat, tolls, talks) call on EventFinder, declared once for the type checker."""

    if TYPE_CHECKING:  # defined on EventFinder, which mixes the readers in
        lex: Lexicon

        def ent(self, st: KgState, tok: Token | None, kinds: AbstractSet[str] | None = None) -> int | None: ...
        def actors(self, st: KgState, tok: Token | None) -> list[int]: ...
        def places(self, st: KgState, tok: Token, preps: tuple[str, ...] = ..., wide: bool = True) -> int | None: ...
        def place_at(self, st: KgState, tok: Token) -> int | None: ...
        def new(self, st: KgState, tok: Token, kind: str, trig: Trigger, **roles: int | None) -> EventDraft: ...
        def ceasefire_in(self, st: KgState, *toks: Token | None) -> int | None: ...
        def _agents(self, st: KgState, tok: Token) -> list[int]: ...
        def subject_actors(self, st: KgState, tok: Token) -> list[int]: ...


PROPOSAL_NOUNS = {
    "call",
    "appeal",
    "proposal",
    "offer",
    "plan",
    "demand",
    "initiative",
    "invitation",
    "proposition",
    "counter-proposal",
    "request",
    "idea",
    "suggestion",
    "draft",
    "roadmap",
    "blueprint",
}
AGREEMENT_NOUNS = {"agreement", "deal", "accord", "pact"}
PEACE_CUES = ("cease", "truce", "ceasefire", "talk", "peace", "negotiat", "hostilities", "halt", "stop")
FACILITY_NOUNS = {
    "base",
    "airport",
    "headquarters",
    "crossing",
    "port",
    "palace",
    "compound",
    "plant",
    "works",
    "hospital",
    "market",
    "bridge",
    "embassy",
    "theatre",
    "theater",
    "school",
    "camp",
    "building",
}
PLACE_OBJECT_NOUNS = {
    "village",
    "town",
    "city",
    "area",
    "district",
    "base",
    "airport",
    "headquarters",
    "territory",
    "position",
    "crossing",
    "port",
    "palace",
    "neighbourhood",
    "suburb",
    "region",
    "province",
    "compound",
    "plant",
    "works",
    "stronghold",
    "control",
}


def loyal_to(st: KgState, tok: Token) -> int | None:
    """The actor in "forces loyal to X" (X acts through them), or None."""
    loyal = [
        o
        for c in tok.children
        if c.dep_ == "amod" and c.lower_ in ("loyal", "allied", "close")
        for o in prep_objects(c, "to")
    ]
    for c in tok.children:
        if c.dep_ == "amod" and c.lower_ == "loyal" and not loyal:
            # a broken parse of "loyal to X": the next name after "to"
            loyal = [x for x in tok.doc[c.i + 1 : c.i + 7] if st.entity_at(x) is not None][:1]
    for o in loyal:
        for x in [o, *o.children]:
            idx = st.entity_at(x)
            if idx is not None and st.entities[idx].kind in ACTOR_KINDS:
                return idx
    return None


# nouns for people who act for the sides they are "of" or "for": "negotiators for A and B"
REPRESENTATIVES = {"negotiator", "delegation", "delegate", "representative", "envoy", "mediator", "emissary"}
# nouns that name the two belligerents only with "both" or "two": "the two countries", "both armies"
PAIRED_NOUNS = {"country", "nation", "neighbour", "neighbor", "army", "government", "state", "capital", "delegation"}
# words that may stand before "sides"/"parties" when they mean the belligerents
SIDE_MODIFIERS = {"both", "two", "the", "all", "warring", "opposing", "rival", "conflicting", "these", "those"}


def is_the_sides(tok: Token) -> bool:
    """ "both sides", "the two parties", "the warring parties": the belligerents told before."""
    lemma = tok.lemma_.lower()
    if lemma in PAIRED_NOUNS and tok.tag_ == "NNS":
        return any(c.lower_ in ("both", "two") and c.dep_ in ("det", "nummod", "predet") for c in tok.children)
    if lemma not in ("side", "party", "belligerent"):
        return False
    if any(c.lower_ in ("both", "two") for c in tok.subtree):
        return True
    mods = [c for c in tok.lefts if c.dep_ in ("det", "amod", "nummod", "compound", "predet")]
    return tok.tag_ == "NNS" and bool(mods) and all(c.lower_ in SIDE_MODIFIERS for c in mods)


def represented(tok: Token, actors: Callable[[Token], list[int]]) -> list[int]:
    """ "negotiators for Sudan and South Sudan": the sides the representatives act for."""
    if tok.lemma_.lower() not in REPRESENTATIVES:
        return []
    out: list[int] = []
    for obj in prep_objects(tok, "for", "of", "from"):
        out.extend(i for i in actors(obj) if i not in out)
    return out


def _noun_label(tok: Token) -> str:
    """ "ceasefire proposal": a noun with its compounds."""
    words = [c for c in tok.lefts if c.dep_ in ("compound", "amod") and not c.is_punct]
    start = words[0].i if words else tok.i
    return tok.doc[start : tok.i + 1].text


def _cut_at_comma(text: str) -> str:
    head, sep, _ = text.partition(", ")
    return head if sep and len(head.split()) >= 3 else text


def _appositions(tok: Token) -> list[Token]:
    """The token, what it is in apposition with, and its appositions ("Gao, a city of ...")."""
    out = [tok]
    if tok.dep_ == "appos":
        out.append(tok.head)
    out.extend(c for c in tok.children if c.dep_ == "appos")
    return out


def _count(tok: Token) -> str:
    num = child(tok, "nummod")
    return num.lower_ if num is not None else ""


def _copy(fig: FigureDraft, outcome: str | None = None) -> FigureDraft:
    out = FigureDraft(fig.count, fig.qualifier, fig.noun, fig.start, fig.end, victims=fig.victims)
    out.outcome = outcome
    return out


def _last_of_kind(st: KgState, kind: str, before: int) -> int | None:
    best = None
    for ment in st.mentions:
        if ment.start < before and ment.entity is not None and st.entities[ment.entity].kind == kind:
            best = ment.entity
    return best


def generic_entity(st: KgState, tok: Token, kind: str, plural: bool = False) -> int:
    """An entity for a common noun phrase that names no known thing ("several villages")."""
    existing = st.entity_at(tok)
    if existing is not None:
        return existing
    words = [
        t
        for t in tok.subtree
        if t.i <= tok.i
        and t.dep_ not in ("det", "poss", "predet", "case")
        and not t.is_punct
        or t.text == "-"
        and t.i < tok.i
    ]
    words = [t for t in words if not (t.dep_ == "poss" or any(a.dep_ == "poss" for a in t.ancestors if a.i < tok.i))]
    span = tok.doc[words[0].i : tok.i + 1] if words else tok.doc[tok.i : tok.i + 1]
    if any(t.pos_ == "PROPN" for t in words):
        text = span.text
    else:  # a capitalised word inside the sentence keeps its case: "Ruritanian officials"
        text = "".join(
            (t.text if t.is_title and not t.is_sent_start and t.i != tok.i else t.lower_) + t.whitespace_ for t in span
        ).strip()
    if plural and not text.endswith("s"):
        text = text + "s"
    label = text
    label = label.replace(" - ", "-")
    known = st.entity_labelled(label, kind)
    if known is not None:
        ment = Mention(tok.i, tok.i + 1, kind, label, tok.i, entity=known)
        st.entities[known].mentions.append(ment)
        st.mentions.append(ment)
        st.by_token[tok.i] = ment
        return known
    ment = Mention(words[0].i if words else tok.i, tok.i + 1, kind, label, tok.i)
    st.entities.append(EntityDraft(label, kind, [ment], head_lemma=tok.lemma_.lower()))
    ment.entity = len(st.entities) - 1
    st.mentions.append(ment)
    st.by_token[tok.i] = ment
    if kind in PLACE_KINDS:
        st.entities[ment.entity].within = place_container(st, tok, ment.entity)
    return ment.entity


def place_container(st: KgState, tok: Token, own: int | None = None) -> int | None:
    """The named place a facility or area lies in: "Juba's airport", "the Elegu crossing",
    "the refinery in Heglig", "X, the only airport in Juba"; a district with no container
    lies in the city named most before it."""

    def place_of(t: Token) -> int | None:
        idx = st.entity_at(t)
        if idx is not None and idx != own and st.entities[idx].kind in PLACE_KINDS | {"State"}:
            return idx
        return None

    holders = [tok, *[c for c in tok.children if c.dep_ == "appos"]]
    if tok.dep_ == "appos":
        holders.append(tok.head)
    for h in holders:
        for c in h.children:
            if c.dep_ in ("poss", "compound") and place_of(c) is not None:
                return place_of(c)
        for obj in prep_objects(h, "in", "of", "near", "outside"):
            found = place_of(obj)
            if found is None:
                found = next(
                    (place_of(c) for c in obj.children if c.dep_ in ("appos", "poss") and place_of(c) is not None), None
                )
            if found is not None:
                return found
    if st.entities[own].kind == "District" if own is not None else False:
        counts: dict[int, int] = {}
        for m in st.mentions:
            if m.start < tok.i and m.entity is not None and st.entities[m.entity].kind == "City":
                counts[m.entity] = counts.get(m.entity, 0) + 1
        return max(counts, key=lambda k: (counts[k], k)) if counts else None
    return None


# Common heads of a stretch of land named by the place before them: "the X metropolitan area", "the X outskirts"
AREA_NOUNS = {
    "area", "region", "district", "province", "outskirts", "suburb", "suburbs", "vicinity", "surroundings",
    "environs", "periphery", "countryside", "hinterland", "zone",
}


def named_area(st: KgState, tok: Token, idx: int | None, kinds: AbstractSet[str]) -> int | None:
    """ "in the X metropolitan area", "fled the X outskirts": when the area's own mention (``idx``) leaves
    the name out, or there is none, the place is the named place modifying the area noun."""
    if tok.pos_ != "NOUN" or (tok.lemma_.lower() not in AREA_NOUNS and tok.lower_ not in AREA_NOUNS):
        return idx
    if idx is not None:
        ment = st.by_token.get(tok.i)
        if ment is None or any(t.pos_ == "PROPN" for t in tok.doc[ment.start : ment.end]):
            return idx  # "the X area" told with its name: kept as the text says it
    for c in tok.lefts:
        named = st.entity_at(c) if c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN" else None
        if named is not None and st.entities[named].kind in kinds:
            return named
    return idx


def country_entity(st: KgState, tok: Token, country: tuple[str, str]) -> int:
    """The document's entity for a country named by a demonym, created if needed."""
    name, iso = country
    for idx, ent in enumerate(st.entities):
        if ent.kind in ("Country", "State") and (ent.country == iso or ent.label == name):
            return idx
    ment = Mention(tok.i, tok.i + 1, "State", name, tok.i, country=iso, definite=True)
    st.entities.append(EntityDraft(name, "State", [ment], country=iso))
    ment.entity = len(st.entities) - 1
    st.mentions.append(ment)
    st.by_token.setdefault(tok.i, ment)
    return ment.entity
