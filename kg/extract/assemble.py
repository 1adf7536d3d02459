"""Turn what the components wrote on a Doc into ``kg.model`` dataclasses with stable keys.

Entities get keys "e1", "e2"... in order of first mention, events "v1"... in
order of their trigger, claims "c1"...; the same event told twice (same kind
and roles) becomes one event with two mentions. Dates are fixed here, against
the document's publication date.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg import model
from kg.extract.discourse import carry_to_next_toll, share_coordinated, share_with_cause
from kg.extract.state import EntityDraft, EventDraft, KgState, Mention, state
from kg.extract.timex import anchor_times, section_time
from kg.model import Claim, Document, Entity, Event, Figure, Span

ACTOR_KINDS = frozenset(model.ACTOR_KINDS)
PLACE_TWIN_KINDS = frozenset(model.PLACE_KINDS)
ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "dative", "agent", "csubj"}
ROLE_FIELDS = ("agent", "opponent", "target", "place", "captured_from", "addressee")


def _span(doc: Doc, start: int, end: int) -> Span:
    span = doc[start:end]
    return Span(span.start_char, span.end_char, span.text)


PLACE_PREPS = {
    "in",
    "into",
    "from",
    "across",
    "near",
    "inside",
    "throughout",
    "around",
    "outside",
    "within",
    "towards",
    "toward",
    "over",
    "of",
}


def _placey(doc: Doc, ment: Mention) -> bool:
    head = doc[ment.head]
    while head.dep_ in ("conj", "appos") and head.head is not head:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPS:
        gov = head.head.head
        if head.head.lower_ == "from" and gov.pos_ == "NOUN" and gov.lemma_.lower() not in PLACE_OF_NOUNS:
            return False  # "appeals from Turkey": a party, not a territory
        return not (head.head.lower_ == "of" and gov.lemma_.lower() not in PLACE_OF_NOUNS)
    return head.dep_ in ("dobj",) and head.head.lemma_.lower() in ("leave", "enter", "invade", "visit", "flee")


PLACE_OF_NOUNS = {
    "sweep",
    "capital",
    "north",
    "south",
    "east",
    "west",
    "part",
    "parts",
    "territory",
    "province",
    "region",
    "city",
    "invasion",
    "border",
    "borders",
    "rest",
    "centre",
    "center",
    "outskirts",
}


def _country_roles(doc: Doc, ent: EntityDraft, used_as_actor: bool, used_as_place: bool) -> tuple[bool, bool]:
    """Whether a country entity acts (a State), is a territory (a Country), or both; a city that acts
    ("Nairobi rejected the offer") stands for a government as well."""
    if ent.kind in PLACE_TWIN_KINDS - {"Country"} and used_as_actor:
        return True, True
    if ent.kind not in ("Country", "State"):
        return ent.kind in ACTOR_KINDS, ent.kind not in ACTOR_KINDS
    named = [m for m in ent.mentions if not m.definite]
    as_place = used_as_place or any(_placey(doc, m) for m in named)
    as_actor = (
        used_as_actor
        or any(doc[m.head].dep_ in ("nsubj", "nsubjpass", "agent", "dative") for m in ent.mentions)
        or any(m.definite and m.kind == "State" for m in ent.mentions)
    )
    if not as_actor and not as_place:
        as_actor = True
    return as_actor, as_place


def _twins(ent: EntityDraft, as_actor: bool, as_place: bool) -> list[tuple[str, list[Mention]]]:
    """One model entity, or two for a country that is both a party and a territory."""
    if ent.kind in PLACE_TWIN_KINDS - {"Country"} and as_actor:
        return [("Government", ent.mentions), (ent.kind, ent.mentions)]
    if ent.kind not in ("Country", "State"):
        return [(ent.kind, ent.mentions)]
    out = []
    if as_actor:
        out.append(("State", ent.mentions))
    if as_place:
        out.append(("Country", ent.mentions))
    return out


def _keep(ent: EntityDraft, used: set[int], idx: int, actor_roles: set[int]) -> bool:
    if idx in used:
        return True
    words = ent.label.split()
    if len(words) == 1 and ent.label.islower() and ent.kind in ACTOR_KINDS:
        return False  # "officials", "fighters": a bare noun names an actor only when it acts
    if ent.kind in ("Population", "Thing"):
        return False
    if all(m.definite for m in ent.mentions):
        # an unresolved description ("the city") or pronoun names nothing new
        return ent.kind not in (
            "City",
            "Region",
            "District",
            "Place",
            "PlacePart",
            "Facility",
            "Country",
            "State",
        ) and not all(m.label.lower() in ("it", "they", "he", "she", "its", "their") for m in ent.mentions)
    return True


def _used(st: KgState) -> set[int]:
    used: set[int] = set()
    for ev in st.events:
        if ev.status != "asserted":
            continue
        used.update(ev.roles.values())
        if ev.source is not None:
            used.add(ev.source)
        used.update(f.victims for f in ev.figures if f.victims is not None)
    for cl in st.claims:
        if cl.claimant is not None:
            used.add(cl.claimant)
    for a, b in st.alliances:
        used.update((a, b))
    for ent in st.entities:
        for ref in (ent.within, ent.affiliation):
            if ref is not None:
                used.add(ref)
    return used


def _signature(ev: EventDraft) -> tuple:
    figures = tuple((f.count, f.qualifier, f.outcome, f.victims) for f in ev.figures)
    return (
        ev.kind,
        ev.subtype if ev.kind != "Attack" else None,
        ev.action,
        ev.status,
        tuple(sorted(ev.roles.items())),
        ev.topic_event,
        figures,
    )


def _merge_events(doc: Doc, st: KgState) -> tuple[list[EventDraft], dict[int, EventDraft]]:
    """Drop repeats of one event (same kind and roles); share dates between captures told twice."""
    # a capture of "six areas" told twice: the dated telling gives the date
    dated: dict[str, object] = {}
    for ev in st.events:
        if ev.kind == "Capture" and ev.label and not ev.label.endswith("#") and ev.time is not None:
            dated.setdefault(ev.label, ev.time)
    for ev in st.events:
        if ev.kind == "Capture" and ev.time is None and ev.label in dated:
            ev.time = dated[ev.label]  # type: ignore[assignment]
    out: list[EventDraft] = []
    seen: dict[tuple, EventDraft] = {}
    twins: dict[int, EventDraft] = {}
    for ev in sorted(st.events, key=lambda e: e.trigger):
        if ev.weak:
            continue
        sig = _signature(ev)
        twin = seen.get(sig)
        if (
            twin is not None
            and (twin.time is None or ev.time is None or twin.time == ev.time)
            and ev.kind != "Statement"
        ):
            if twin.time is None:
                twin.time = ev.time
            if twin.source is None:
                twin.source = ev.source
            twin.extra_mentions.append(ev.trigger)
            twins[id(ev)] = twin
            continue
        seen[sig] = ev
        out.append(ev)
    return out, twins


def fill_document(doc: Doc, document: Document) -> Document:
    """Fill ``document`` (entities, events, claims, alliances) from the Doc's annotations."""
    st = state(doc)
    anchor_times(st, document.published)  # "the following day": the day after the one told before
    share_coordinated(doc, st)
    share_with_cause(doc, st)
    carry_to_next_toll(doc, st)
    for ev in st.events:
        if ev.time is None:
            ev.time = section_time(st, ev)  # "FRIDAY 3 MAY" above a live blog's entries
    original = list(st.events)
    events, twins = _merge_events(doc, st)
    st.events = events
    used = _used(st)
    actor_roles = {
        v for ev in events for r, v in ev.roles.items() if r in ("agent", "opponent", "addressee", "captured_from")
    }
    actor_roles |= {ev.source for ev in events if ev.source is not None}
    actor_roles |= {x for pair in st.alliances for x in pair}
    actor_roles |= {e.affiliation for e in st.entities if e.affiliation is not None}
    actor_roles |= {cl.claimant for cl in st.claims if cl.claimant is not None}
    place_roles = {v for ev in events for r, v in ev.roles.items() if r == "place"}
    place_roles |= {e.within for e in st.entities if e.within is not None}
    keep = [i for i, ent in enumerate(st.entities) if ent.mentions and _keep(ent, used, i, actor_roles)]
    keep.sort(key=lambda i: min(m.start for m in st.entities[i].mentions))
    keys: dict[int, str] = {}
    place_keys: dict[int, str] = {}
    entities: list[Entity] = []
    for idx in keep:
        ent = st.entities[idx]
        as_actor, as_place = _country_roles(doc, ent, idx in actor_roles, idx in place_roles)
        for kind, mentions in _twins(ent, as_actor, as_place):
            key = f"e{len(entities) + 1}"
            if kind in PLACE_TWIN_KINDS:
                place_keys[idx] = key
                keys.setdefault(idx, key)
            else:
                keys[idx] = key
            spans = sorted({(m.start, m.end) for m in mentions if m.start < m.end})
            entities.append(
                Entity(
                    key=key,
                    label=ent.label,
                    kind=kind,
                    mentions=[_span(doc, s, e) for s, e in spans],
                    aliases=[a for a in ent.aliases if a != ent.label],
                    country=ent.country,
                )
            )
    by_key = {e.key: e for e in entities}
    for idx in keep:
        ent = st.entities[idx]
        for key in {keys[idx], place_keys.get(idx, keys[idx])}:
            out = by_key[key]
            if ent.within is not None and out.kind not in ACTOR_KINDS:
                out.within = place_keys.get(ent.within, keys.get(ent.within))
            if ent.affiliation is not None and out.kind == "Person":
                out.affiliation = keys.get(ent.affiliation)
    claim_keys = {i: f"c{n}" for n, i in enumerate(range(len(st.claims)), 1)}
    event_index = {id(ev): n for n, ev in enumerate(events, 1)}
    all_keys = {
        i: f"v{event_index[id(twins.get(id(ev), ev))]}"
        for i, ev in enumerate(original)
        if id(twins.get(id(ev), ev)) in event_index
    }
    out_events = []
    for n, ev in enumerate(events, 1):
        out_events.append(_event(doc, document, ev, f"v{n}", keys, all_keys, claim_keys, place_keys))
    claims = []
    for i, cl in enumerate(st.claims):
        event_key = next((e.key for e, d in zip(out_events, events) if d.claim == i), None)
        claims.append(
            Claim(
                claim_keys[i],
                cl.text,
                keys.get(cl.claimant) if cl.claimant is not None else None,
                event=None,
                span=_span(doc, cl.start, cl.end),
            )
        )
        _ = event_key
    document.entities = entities
    document.events = out_events
    document.claims = claims
    document.alliances = [(keys[a], keys[b]) for a, b in st.alliances if a in keys and b in keys]
    return document


def _event(
    doc: Doc,
    document: Document,
    ev: EventDraft,
    key: str,
    keys: dict[int, str],
    event_keys: dict[int, str],
    claim_keys: dict[int, str],
    place_keys: dict[int, str],
) -> Event:
    trig = doc[ev.trigger]
    role = {name: keys.get(ev.roles[name]) if name in ev.roles else None for name in ROLE_FIELDS}
    if "place" in ev.roles:
        role["place"] = place_keys.get(ev.roles["place"], role["place"])
    topic = None
    if ev.topic_event is not None:
        topic = event_keys.get(ev.topic_event)
    if topic is None and "topic" in ev.roles:
        topic = keys.get(ev.roles["topic"])
    figures = []
    for fig in ev.figures:
        figures.append(
            Figure(
                fig.count,
                fig.qualifier,
                keys.get(fig.victims) if fig.victims is not None else None,
                fig.outcome,
                fig.part_of,
                _span(doc, fig.start, fig.end),
            )
        )
    when = ev.time.resolve(document.published) if ev.time is not None else None
    interval = ev.time.interval(document.published) if ev.time is not None and when is None else None
    mentions = [_span(doc, trig.i, trig.i + 1)] + [_span(doc, i, i + 1) for i in ev.extra_mentions if i >= 0]
    label = ev.label if ev.kind in ("Proposal", "Rejection", "Acceptance", "Agreement") else None
    return Event(
        key=key,
        kind=ev.kind,
        trigger=_span(doc, trig.i, trig.i + 1),
        status=ev.status,
        subtype=ev.subtype if ev.kind == "Attack" else None,
        label=label,
        topic=topic,
        claim=claim_keys.get(ev.claim) if ev.claim is not None else None,
        action=ev.action,
        date=when,
        interval=interval,
        figures=figures,
        source=keys.get(ev.source) if ev.source is not None else None,
        mentions=mentions,
        **role,
    )


_ = Mention
