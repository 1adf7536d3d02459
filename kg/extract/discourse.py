"""Arguments an event shares with its neighbours in the discourse.

- Coordination and ellipsis: "gunmen killed 40 people and wounded more than 300
  in the town on Friday" tells two tolls that share the place, the day, the
  source and, for the elided noun, the victims.
- The next sentence's toll: "Jets struck a market in Kelm on Sunday. At least 12
  people were killed." The toll, told with no place or day of its own, happened
  where and when the violent event just before it did.
"""

from __future__ import annotations

from spacy.tokens import Doc

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
        if tok.dep_ != "conj" or tok.head.i not in by_trigger:
            continue
        for other in by_trigger[tok.head.i]:
            if (ev.kind in TOLLS) != (other.kind in TOLLS) or ev.status != other.status:
                continue
            _lend(other, ev)
            _lend(ev, other)


def _lend(giver: EventDraft, taker: EventDraft) -> None:
    if "place" in giver.roles and "place" not in taker.roles:
        taker.roles["place"] = giver.roles["place"]
    if taker.time is None and giver.time is not None:
        taker.time = giver.time
    if taker.source is None and giver.source is not None:
        taker.source = giver.source
    victims = next((f.victims for f in giver.figures if f.victims is not None), None)
    for fig in taker.figures:
        if fig.victims is None and victims is not None:
            fig.victims = victims  # "killed 40 people and wounded 300": 300 people


def carry_to_next_toll(doc: Doc, st: KgState) -> None:
    """A toll with neither place nor day, opening the sentence after a violent event, took place
    where and when that event did."""
    for ev in st.events:
        if ev.kind != "Casualties" or "place" in ev.roles or ev.time is not None:
            continue
        sent = doc[ev.trigger].sent
        if sent.start == 0:
            continue
        prev = doc[sent.start - 1].sent
        if any(o.kind in VIOLENT and sent.start <= o.trigger < ev.trigger for o in st.events):
            continue  # a cause in its own sentence already
        causes = [o for o in st.events if o.kind in VIOLENT and prev.start <= o.trigger < prev.end and not o.weak]
        if not causes:
            continue
        cause = causes[-1]
        if "place" in cause.roles:
            ev.roles["place"] = cause.roles["place"]
        if cause.time is not None:
            ev.time = cause.time
