"""Arguments an event shares with its neighbours in the discourse.

- Coordination and ellipsis: "gunmen killed 40 people and wounded more than 300
  in the town on Friday" tells two tolls that share the place, the day, the
  source and, for the elided noun, the victims.
- The cause: "the toll from Friday's strike on X", "killed when rockets hit X": the toll took
  place where and when the event it is tied to did.
- A following sentence's toll: "Jets struck a market in Kelm on Sunday. At least 12
  people were killed." The toll, told with no place or day of its own (the day a
  speaker gave it is not its own), happened where and when the violent event a few
  sentences before it did.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import load_lexicon
from kg.extract.resolve import PLACE_KINDS
from kg.extract.state import EventDraft, KgState

VIOLENT = ("Attack", "Clash", "Siege", "Capture")
TOLLS = ("Casualties", "Displacement")


def share_coordinated(doc: Doc, st: KgState) -> None:
    """Events on conjoined verbs lend each other what only one of them states."""
    by_trigger: dict[int, list[EventDraft]] = {}
    for ev in st.events:
        by_trigger.setdefault(ev.trigger, []).append(ev)
    for ev in st.events:
        tok = doc[ev.trigger]
        while tok.dep_ == "xcomp" and tok.head is not tok:
            tok = tok.head  # "killed 20 herders and forced 900 families to flee": the verb that is coordinated
        if tok.dep_ != "conj" or tok.head.i not in by_trigger:
            continue
        for other in by_trigger[tok.head.i]:
            if (ev.kind in TOLLS) != (other.kind in TOLLS) or ev.status != other.status:
                continue
            _lend(other, ev)
            _lend(ev, other)
    _share_in_sentence(doc, st)


def _share_in_sentence(doc: Doc, st: KgState) -> None:
    """Tolls told in one sentence share what one of them states ("left 12 people dead and 30
    wounded in the town on Monday"), unless the sentence also tells a violent event between them."""
    tolls = sorted((ev for ev in st.events if ev.kind == "Casualties" and not ev.weak), key=lambda e: e.trigger)
    for a, b in zip(tolls, tolls[1:]):
        if doc[a.trigger].sent != doc[b.trigger].sent or a.status != b.status:
            continue
        if a.source is not None and b.source is not None and a.source != b.source:
            continue  # "X says 412 were killed, while Y gives the number of dead as 850": two accounts
        if any(o.kind in VIOLENT and a.trigger < o.trigger < b.trigger for o in st.events):
            continue
        _lend(a, b, victims=doc[b.trigger].pos_ != "NOUN")
        _lend(b, a, victims=doc[a.trigger].pos_ != "NOUN")


def _lend(giver: EventDraft, taker: EventDraft, victims: bool = True) -> None:
    """What ``taker`` does not state, from ``giver``; the victims too unless ``victims`` is False
    ("three cadets died and the civilian toll rose to 22": the toll's victims are not the soldiers)."""
    if "place" in giver.roles and "place" not in taker.roles:
        taker.roles["place"] = giver.roles["place"]
    if giver.time is not None and (taker.time is None or taker.told_on and not giver.told_on):
        taker.time, taker.told_on = giver.time, giver.told_on
    if taker.source is None and giver.source is not None:
        taker.source = giver.source
    if not victims:
        return
    given = next((f.victims for f in giver.figures if f.victims is not None), None)
    for fig in taker.figures:
        if fig.victims is None and given is not None:
            fig.victims = given  # "killed 40 people and wounded 300": 300 people


# Prepositions and clause links that tie a toll to the event that caused it: "the toll from the
# strike", "killed in the raid", "wounded when shells hit the market", "died after the blast".
CAUSE_PREPS = ("from", "in", "of", "after", "during", "following", "since")
CAUSE_MARKS = ("when", "as", "after", "while")


def share_with_cause(doc: Doc, st: KgState) -> None:
    """A toll tied to the violent event that caused it ("the toll from Friday's strike on X has
    risen", "were killed when rockets hit the station in X") happened where and when that event did."""
    by_trigger = {ev.trigger: ev for ev in st.events if ev.kind in VIOLENT and not ev.weak}
    for ev in st.events:
        if ev.kind not in TOLLS or ("place" in ev.roles and _dated(ev)):
            continue
        cause = _cause(doc[ev.trigger], by_trigger)
        if cause is not None:
            _lend_where_when(st, cause, ev)


def _cause(tok: Token, by_trigger: dict[int, EventDraft]) -> EventDraft | None:
    holders = [tok]
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
        holders.append(tok.head)  # "confirmed the deaths of 23 villagers in Tuesday's raid on X"
    for holder in holders:
        found = _cause_on(holder, by_trigger)
        if found is not None:
            return found
    return None


def _cause_on(tok: Token, by_trigger: dict[int, EventDraft]) -> EventDraft | None:
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in CAUSE_PREPS:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.i in by_trigger:
                    return by_trigger[obj.i]
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.i in by_trigger:
        return by_trigger[subj.i]  # "the bombing of X killed 31 fishermen"
    for clause in tok.children:
        if clause.dep_ == "advcl" and clause.i in by_trigger:
            if any(c.dep_ in ("mark", "advmod") and c.lower_ in CAUSE_MARKS for c in clause.children):
                return by_trigger[clause.i]
    return None


def _lend_where_when(st: KgState, giver: EventDraft, taker: EventDraft) -> None:
    place = giver.roles.get("place")
    target = giver.roles.get("target")
    if place is None and target is not None and st.entities[target].kind in PLACE_KINDS:
        place = target  # "the shelling of X": the town shelled is where the victims were
    if place is not None and "place" not in taker.roles:
        taker.roles["place"] = place
    if giver.time is not None and (taker.time is None or taker.told_on and not giver.told_on):
        taker.time, taker.told_on = giver.time, giver.told_on  # the strike's day, not the day it was told


TOLL_WORDS = {"toll", "figure", "count", "tally", "casualty", "death", "dead", "victim"}
# How many sentences back a toll told with neither place nor day of its own looks for what it counts
# ("... the strike on the market in X on Friday. The mayor's account. He added that 73 had been hurt.").
CARRY_SENTENCES = 3


def carry_to_next_toll(doc: Doc, st: KgState) -> None:
    """A toll with neither place nor day of its own (a day it was said on is not its own), told a few
    sentences after a violent event or another toll with nothing violent in between, took place where
    and when that one did ("... the strike on the market in X on Friday. He added that 73 people had
    been hurt.", "The mayor said on Friday that 31 residents had died.")."""
    for ev in sorted(st.events, key=lambda e: e.trigger):
        # "80 civilians were killed in the bombing": a toll placed but not dated that names its cause again
        placed = "place" in ev.roles
        if ev.kind != "Casualties" or _dated(ev) or placed and not _names_cause_again(doc[ev.trigger]):
            continue
        sent = doc[ev.trigger].sent
        if any(o.kind in VIOLENT and _situated(st, o) and sent.start <= o.trigger < ev.trigger for o in st.events):
            continue  # a cause of its own, told with its place or day, in its own sentence
        for prev in _sentences_before(doc, sent.start, CARRY_SENTENCES):
            told = [o for o in st.events if prev.start <= o.trigger < prev.end and not o.weak]
            causes = [o for o in told if (o.kind in VIOLENT or o.kind == "Casualties" and o is not ev)
                      and o.status == "asserted" and _situated(st, o)]
            if causes:
                if not placed or _same_place(st, causes[-1], ev.roles["place"]):
                    _lend_where_when(st, causes[-1], ev)
                break
            if any(o.kind in VIOLENT and o.status == "asserted" for o in told):
                break  # "the attack", told again without place or day, is a cause we cannot place
            if not any(o.kind == "Statement" for o in told) and not any(
                t.is_quote or t.lemma_.lower() in TOLL_WORDS or _retold(t) for t in prev
            ):
                break  # "The talks resumed.": the story moved on; a quote, talk of the toll or of the attack
                # told before ("Soldiers beat back the assault.") does not move it


def _names_cause_again(tok: Token) -> bool:
    """ "died in the attack", "were killed in the shelling": the toll's verb names a violent event again."""
    return any(
        prep.dep_ == "prep" and prep.lower_ in CAUSE_PREPS
        and any(o.dep_ == "pobj" and _retold(o) for o in prep.children)
        for prep in tok.children
    )


def _same_place(st: KgState, ev: EventDraft, place: int) -> bool:
    """Whether an event took place at ``place`` (or at a target or place that lies in it)."""
    for role in ("place", "target"):
        idx = ev.roles.get(role)
        if idx is not None and (idx == place or st.entities[idx].within == place):
            return True
    return False


def _retold(tok: Token) -> bool:
    """ "the assault", "the raid": a violent event told again by a definite noun, no new event."""
    lex = load_lexicon()
    return (
        tok.pos_ == "NOUN"
        and any(tr.kind in VIOLENT for tr in lex.triggers.get(tok.lemma_.lower(), ()))
        and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
    )


def _sentences_before(doc: Doc, start: int, count: int) -> list[Span]:
    """Up to ``count`` sentences before the token ``start``, the nearest first."""
    found: list[Span] = []
    while start > 0 and len(found) < count:
        found.append(doc[start - 1].sent)
        start = found[-1].start
    return found


def _dated(ev: EventDraft) -> bool:
    """Whether an event has a day of its own (not only the day it was told on)."""
    return ev.time is not None and not ev.told_on


def _situated(st: KgState, ev: EventDraft) -> bool:
    """Whether an event is told with a place or a day (not "the attack" alone, told again)."""
    target = ev.roles.get("target")
    placed = target is not None and st.entities[target].kind in PLACE_KINDS
    return "place" in ev.roles or _dated(ev) or placed
