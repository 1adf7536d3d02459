"""kg_events: events from trigger words and their dependency roles.

A trigger (``triggers.tsv``) is a verb or noun; its roles come from the parse in
active and passive voice ("X seized Y", "Y was seized by X", "the capture of Y
by X", "X launched an offensive against Y"). Each kind has a small role reader.
A trigger that acts on a truce ("lifted the ceasefire", "the truce took effect")
becomes an event about that truce with its action.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.extract.lexicon import Trigger, load_lexicon
from kg.extract.state import EntityDraft, EventDraft, FigureDraft, KgState, Mention, state
from kg.extract.syntax import (
    LIGHT_VERBS,
    child,
    children,
    clause_tokens,
    governing_verb,
    is_passive,
    phrase_text,
    prep_objects,
    statuses,
    subject,
    time_of,
    with_conjuncts,
)

PLACE_KINDS = {"Place", "Country", "Region", "City", "District", "PlacePart", "Facility"}
ACTOR_KINDS = {
    "Person",
    "Organization",
    "Government",
    "StateArmedForce",
    "NonStateArmedGroup",
    "InternationalOrganization",
    "NonGovernmentalOrganization",
    "MonitoringOrganization",
    "MediaOrganization",
    "State",
    "Alliance",
    "Country",
}
PROPOSAL_NOUNS = {
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


class EventFinder:
    """The kg_events component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lex = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        found: list[tuple[Token, Trigger]] = []
        for tok in doc:
            lemma = tok.lemma_.lower()
            if lemma not in self.lex.triggers:
                lemma = tok.lower_
                if lemma not in self.lex.triggers:
                    continue
            if tok.pos_ not in ("VERB", "NOUN", "AUX", "ADJ", "PROPN"):
                continue
            is_verb = tok.pos_ in ("VERB", "AUX")
            kids = {c.lemma_.lower() for c in tok.children}
            kids |= {g.lemma_.lower() for c in tok.children if c.dep_ == "dobj" for g in c.children}
            trig = self.lex.trigger_for(lemma, is_verb, kids)
            if trig is not None:
                found.append((tok, trig))
        # proposals first, so that an answer told before its proposal's noun can point at it
        for tok, trig in sorted(found, key=lambda p: (p[1].kind != "Proposal", p[0].i)):
            try:
                self._read(doc, st, tok, trig)
            except (IndexError, KeyError, AttributeError, TypeError, ValueError):
                # a parse no rule foresaw: lose this one event, not the whole article
                continue
        self._borrow_circumstances(doc, st)
        self._answers_to_proposals(st)
        self._taken_from_the_other_side(st)
        return doc

    @staticmethod
    def _taken_from_the_other_side(st: KgState) -> None:
        """A place taken with no "from" named was taken from the side the taker fights in the article."""

        def side(idx: int) -> object:
            ent = st.entities[idx]
            return ent.country if ent.country and ent.kind in ("StateArmedForce", "State", "Government") else idx

        foes: dict[object, dict[int, int]] = {}
        for ev in st.events:
            if ev.status != "asserted":
                continue
            a = ev.roles.get("agent")
            b = (
                ev.roles.get("opponent")
                if ev.kind == "Clash"
                else ev.roles.get("target")
                if ev.kind == "Attack"
                else None
            )
            if a is None or b is None or st.entities[b].kind not in ACTOR_KINDS - {"Country"}:
                continue
            foes.setdefault(side(a), {}).setdefault(b, 0)
            foes[side(a)][b] += 1
            if ev.kind == "Clash":
                foes.setdefault(side(b), {}).setdefault(a, 0)
                foes[side(b)][a] += 1
        for ev in list(st.events):
            if ev.kind == "Capture" and "captured_from" not in ev.roles and "agent" in ev.roles:
                counts = foes.get(side(ev.roles["agent"]))
                if counts:
                    ev.roles["captured_from"] = max(counts, key=lambda k: (counts[k], -k))
            if (
                ev.kind == "Capture"
                and ev.status == "asserted"
                and not ev.weak
                and "agent" in ev.roles
                and "captured_from" in ev.roles
                and "place" in ev.roles
            ):
                # taking a place from a side is fighting that side there
                fight = EventDraft(
                    "Clash",
                    ev.trigger,
                    status=ev.status,
                    time=ev.time,
                    source=ev.source,
                    roles={
                        "agent": ev.roles["agent"],
                        "opponent": ev.roles["captured_from"],
                        "place": ev.roles["place"],
                    },
                )
                st.events.append(fight)

    @staticmethod
    def _answers_to_proposals(st: KgState) -> None:
        """An answer about a truce answers the proposal of that truce, when one was told."""
        for ev in st.events:
            if ev.kind not in ("Acceptance", "Rejection") or ev.topic_event is not None or "topic" not in ev.roles:
                continue
            for i, other in enumerate(st.events):
                if (
                    other.kind == "Proposal"
                    and other.roles.get("topic") == ev.roles["topic"]
                    and "agent" in other.roles
                ):
                    ev.topic_event = i
                    break

    def _borrow_circumstances(self, doc: Doc, st: KgState) -> None:
        """A casualty or displacement figure told without place or day takes them from the event
        that caused it in the same sentence ("killed when jets bombed a market in the town on Friday")."""
        for ev in st.events:
            if ev.kind not in ("Casualties",) or ev.roles.get("place") is not None and ev.time is not None:
                continue
            sent = doc[ev.trigger].sent
            for other in st.events:
                if other is ev or other.kind not in ("Attack", "Clash", "Siege", "Capture"):
                    continue
                if not sent.start <= other.trigger < sent.end:
                    continue
                if "place" not in ev.roles and other.roles.get("place") is not None:
                    ev.roles["place"] = other.roles["place"]
                if ev.time is None and other.time is not None:
                    ev.time = other.time
            # "killed during the siege": the siege told before
            for t in prep_objects(doc[ev.trigger], "during", "in"):
                kind = next((tr.kind for tr in self.lex.triggers.get(t.lemma_.lower(), []) if tr.kind), None)
                if kind and "place" not in ev.roles:
                    for other in reversed(st.events):
                        if other.kind == kind and other.trigger < t.i and other.roles.get("place") is not None:
                            ev.roles["place"] = other.roles["place"]
                            break

    # -- shared role helpers ----------------------------------------------------------
    def ent(self, st: KgState, tok: Token | None, kinds: set[str] | None = None) -> int | None:
        idx = st.entity_at(tok)
        if idx is None or kinds is None:
            return idx
        return idx if st.entities[idx].kind in kinds else None

    def actors(self, st: KgState, tok: Token | None) -> list[int]:
        """Entities of a token and its conjuncts, actors only."""
        out = []
        if (
            tok is not None
            and tok.lemma_.lower() in ("side", "party")
            and any(c.lower_ in ("both", "two") for c in tok.subtree)
        ):
            pair = self._last_pair(st, tok.i)
            if pair:
                return pair
        for t in with_conjuncts(tok):
            if t.lemma_.lower() == "ally" and st.entity_at(t) is None:
                # "X and their separatist allies of Y": the allies are Y (or a demonym's state), never "their"
                named = [o for o in prep_objects(t, "of") if self.ent(st, o, ACTOR_KINDS | PLACE_KINDS) is not None]
                idx = (
                    self.ent(st, named[0], ACTOR_KINDS | PLACE_KINDS)
                    if named
                    else next(
                        (
                            country_entity(st, c, self.lex.demonyms[c.lower_])
                            for c in t.lefts
                            if c.dep_ in ("amod", "compound") and c.lower_ in self.lex.demonyms
                        ),
                        None,
                    )
                )
                if idx is not None and idx not in out:
                    out.append(idx)
                continue
            idx = loyal_to(st, t)  # "forces loyal to X" act for X
            if idx is None:
                idx = self.ent(st, t, ACTOR_KINDS)
            if idx is None and t.dep_ in ("nsubj", "nsubjpass", "pobj") and t.pos_ == "PROPN":
                idx = self.ent(st, t, {"City", "Country"})  # "Moscow has denied": a capital for its government
            if idx is None:
                idx = self._demonym_state(st, t)
            if idx is not None and idx not in out:
                out.append(idx)
        return out

    def _last_pair(self, st: KgState, before: int) -> list[int]:
        """ "both sides": the two parties of the latest event told with two of them."""
        by_trigger: dict[int, list[int]] = {}
        for ev in st.events:
            if ev.trigger < before and ev.kind in ("Agreement", "CeasefireEvent", "Clash", "Acceptance"):
                for role in ("agent", "opponent"):
                    if role in ev.roles and ev.roles[role] not in by_trigger.setdefault(ev.trigger, []):
                        by_trigger[ev.trigger].append(ev.roles[role])
        for trig in sorted(by_trigger, reverse=True):
            if len(by_trigger[trig]) >= 2:
                return by_trigger[trig][:2]
        return []

    def _demonym_state(self, st: KgState, tok: Token) -> int | None:
        """ "Israeli air strikes": the state a demonym modifier names."""
        for c in tok.lefts:
            if c.dep_ in ("amod", "compound", "npadvmod") and c.lower_ in self.lex.demonyms:
                return country_entity(st, c, self.lex.demonyms[c.lower_])
        for c in tok.lefts:
            if c.dep_ in ("poss", "compound") and st.entity_at(c) is not None:
                idx = st.entity_at(c)
                if st.entities[idx].kind in ACTOR_KINDS:
                    return idx
        return None

    def places(
        self,
        st: KgState,
        tok: Token,
        preps=("in", "on", "near", "at", "around", "across", "inside", "into", "outside"),
        wide: bool = True,
    ) -> int | None:
        """The place a trigger happened in: its own "in X", else one inside its clause."""
        kinds = PLACE_KINDS | {"State"}
        for obj in prep_objects(tok, *preps):
            idx = self.ent(st, obj, kinds)
            if idx is None:
                named = [c for c in obj.children if c.dep_ in ("appos", "compound")]
                idx = next((self.ent(st, c, kinds) for c in named if self.ent(st, c, kinds) is not None), None)
            if idx is None and obj.lemma_.lower() in FACILITY_NOUNS and obj.pos_ == "NOUN":
                idx = generic_entity(st, obj, "Facility")  # "near the airport"
            hop = obj
            for _ in range(3):  # "communities in the north of the country"
                if idx is not None:
                    break
                nxt = prep_objects(hop, "in", "of", "near")
                if not nxt:
                    break
                hop = nxt[0]
                idx = self.ent(st, hop, kinds)
            if idx is not None:
                return idx
        if tok.dep_ == "advcl" and wide:
            found = self.places(st, tok.head, preps, wide=False)  # "X could be heard near Y as A clashed with B"
            if found is not None:
                return found
        if not wide:
            return None
        verb = governing_verb(tok) if tok.pos_ == "NOUN" else None
        if verb is not None and (verb.lemma_.lower() in LIGHT_VERBS or tok.dep_ == "nsubj"):
            for obj in prep_objects(verb, *preps):
                idx = self.ent(st, obj, PLACE_KINDS)
                if idx is not None:
                    return idx
        for t in sorted(clause_tokens(tok), key=lambda t: abs(t.i - tok.i)):
            if t.dep_ == "pobj" and t.head.lower_ in preps and t.head.head.i != tok.i:
                idx = self.ent(st, t, PLACE_KINDS)
                if idx is not None and st.entities[idx].kind != "Facility":
                    return idx
        return None

    def new(self, st: KgState, tok: Token, kind: str, trig: Trigger, **roles: int | None) -> EventDraft:
        ev = EventDraft(kind, tok.i, subtype=trig.subtype)
        ev.status = statuses(tok, self.lex)
        ev.time = time_of(st, tok, self.lex.reporting)
        for role, value in roles.items():
            if value is not None:
                ev.roles[role] = value
        st.events.append(ev)
        return ev

    def ceasefire_in(self, st: KgState, *toks: Token | None) -> int | None:
        for tok in toks:
            if tok is None:
                continue
            for t in [tok, *tok.subtree]:
                idx = st.entity_at(t)
                if idx is not None and st.entities[idx].kind == "Ceasefire":
                    return idx
        return None

    # -- dispatch --------------------------------------------------------------------
    def _read(self, doc: Doc, st: KgState, tok: Token, trig: Trigger) -> None:
        if trig.action is not None and self._ceasefire_event(st, tok, trig):
            return
        reader = getattr(self, "_" + (trig.kind or "none").lower(), None)
        if reader is not None:
            reader(st, tok, trig)

    def _agents(self, st: KgState, tok: Token) -> list[int]:
        if tok.pos_ in ("VERB", "AUX"):
            return self.actors(st, subject(tok))
        for obj in prep_objects(tok, "by"):
            return self.actors(st, obj)
        poss = child(tok, "poss", "compound", "amod", "nmod")
        found = self.actors(st, poss) if poss is not None and st.entity_at(poss) is not None else []
        if not found:
            own = self._demonym_state(st, tok)
            if own is not None:
                return [own]
        if found:
            return found
        verb = governing_verb(tok)
        if verb is not None and tok.dep_ in ("dobj", "pobj") and verb.lemma_.lower() in LIGHT_VERBS:
            return self.actors(st, subject(verb))
        return []

    # -- ceasefires ------------------------------------------------------------------
    def _ceasefire_event(self, st: KgState, tok: Token, trig: Trigger) -> bool:
        is_verb = tok.pos_ in ("VERB", "AUX")
        truce_tok: Token | None = None
        if is_verb:
            obj = child(tok, "dobj", "nsubjpass")
            subj = child(tok, "nsubj")
            to = prep_objects(tok, "to", "for")
            if trig.kind == "Agreement":
                for xc in children(tok, "xcomp"):
                    if any(
                        st.entity_at(t) is not None and st.entities[st.entity_at(t)].kind == "Ceasefire"
                        for t in xc.subtree
                    ):
                        return True  # "agreed to extend the truce": the extension is the event
            truce = self.ceasefire_in(st, *[c for c in [obj, *to] if c is not None])
            if truce is None and subj is None and tok.dep_ in ("conj", "xcomp"):
                subj = subject(tok)  # "the truce was agreed ... and collapsed"
                if subj is not None and self._truce_at(st, subj) is not None:
                    truce, truce_tok, subj = self._truce_at(st, subj), subj, None
            if truce is None and subj is not None and trig.kind in (None, "Agreement"):
                truce = self._truce_at(st, subj)
                if truce is not None:
                    truce_tok, subj = subj, None
            if truce is None and tok.dep_ in ("acl", "relcl", "amod"):
                truce = self._truce_at(st, tok.head)
                truce_tok = tok.head if truce is not None else None
            if (
                truce is None
                and trig.kind is not None
                or truce is None
                and trig.action in ("extended", "violated", "ended", "agreed")
            ):
                # a truce somewhere in the verb's own clause ("extend by five days a week-long ceasefire")
                for t in clause_tokens(tok):
                    if t.i > tok.i and self._truce_at(st, t) is not None:
                        truce, truce_tok = self._truce_at(st, t), t
                        break
            if truce is None:
                return False
            agents = self.actors(st, subject(tok)) if subj is not None or is_passive(tok) else []
            if not agents and child(tok, "nsubj") is None and tok.dep_ in ("xcomp", "pcomp", "conj", "advcl"):
                agents = [a for a in self.actors(st, subject(tok)) if st.entities[a].kind != "Ceasefire"]
        else:
            truce = self.ceasefire_in(st, *prep_objects(tok, "of", "to", "for"), child(tok, "compound"))
            if truce is None:
                return False
            agents = self._agents(st, tok)
        if not agents and truce_tok is not None and trig.action == "agreed":
            # "a truce between X and Y, agreed in January"
            agents = [a for t in prep_objects(truce_tok, "between") for a in self.actors(st, t)]
        kind = trig.kind if trig.kind in ("Proposal", "Rejection", "Acceptance", "Agreement") else "CeasefireEvent"
        for agent in agents or [None]:
            ev = self.new(st, tok, kind, trig, agent=agent, topic=truce)
            ev.action = trig.action
            ev.label = st.entities[truce].label
            if kind == "Proposal":
                addressee = self._addressee(st, tok)
                if addressee is not None:
                    ev.roles["addressee"] = addressee
        return True

    @staticmethod
    def _truce_at(st: KgState, tok: Token) -> int | None:
        idx = st.entity_at(tok)
        return idx if idx is not None and st.entities[idx].kind == "Ceasefire" else None

    # -- kinds -----------------------------------------------------------------------
    def _capture(self, st: KgState, tok: Token, trig: Trigger) -> None:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX"):
            targets = prep_objects(tok, "of")
            agents = self._agents(st, tok)
            sources: list[int] = []
        elif lemma == "fall":
            targets = [child(tok, "nsubj")] if child(tok, "nsubj") is not None else []
            agents = [a for t in prep_objects(tok, "to") for a in self.actors(st, t)]
            sources = []
        else:
            obj = (
                child(tok, "dobj", "nsubjpass") if not is_passive(tok) or tok.dep_ not in ("acl", "amod") else tok.head
            )
            if (obj is None or obj.tag_ in ("WDT", "WP")) and tok.dep_ == "relcl":
                obj = tok.head  # "the city, which X seized"; "the largest city X has captured"
                if obj.dep_ == "attr":
                    obj = child(obj.head, "nsubj") or obj  # "Mariupol is the largest city X has captured"
            if obj is not None and obj.lemma_.lower() == "control":
                obj = next(iter(prep_objects(obj, "of")), None)
            targets = [obj] if obj is not None else []
            agents = self.actors(st, subject(tok))
            sources = [a for t in prep_objects(tok, "from") for a in self.actors(st, t)]
            if not sources and obj is not None:
                # "seized the town of Kidal from the rebels": the "from" hung on the object
                for t in obj.subtree:
                    if t.dep_ == "pobj" and t.head.lower_ == "from":
                        sources = self.actors(st, t)
                        if sources:
                            break
        places: list[int] = []
        for target in targets:
            places.extend(self._taken_places(st, target))
            if not sources:
                sources = self._held_by(st, target)
        if len(places) <= 1 and tok.pos_ in ("VERB", "AUX"):
            # "captured several towns from X, including A, B and C" (the list hung on another word)
            kind = self.lex.place_nouns.get(targets[0].lemma_.lower(), "District") if targets else "District"
            holders = [tok, *prep_objects(tok, "from"), *[f for t in targets for f in prep_objects(t, "from")]]
            listed = [
                p
                for holder in holders
                for item in prep_objects(holder, "including")
                for p in (self._listed_place(st, t, kind) for t in with_conjuncts(item))
                if p is not None
            ]
            if listed:
                places = listed
        if not places and agents and targets and tok.pos_ in ("VERB", "AUX"):
            # an unnamed place ("six areas"): no row, but its date may serve a later telling
            ev = self.new(st, tok, "Capture", trig, agent=agents[0])
            ev.label = f"{targets[0].lemma_.lower()}#{_count(targets[0])}"
            ev.status = "hypothetical" if ev.status == "asserted" else ev.status
            return
        if lemma in ("take", "enter", "fall") and not places:
            return
        if not agents and lemma != "fall":
            return
        for place in places:
            for agent in agents or [None]:
                ev = self.new(st, tok, "Capture", trig, agent=agent, place=place)
                if sources:
                    ev.roles["captured_from"] = sources[0]
                if targets:
                    ev.label = f"{targets[0].lemma_.lower()}#{_count(targets[0])}"

    def _listed_place(self, st: KgState, tok: Token, kind: str) -> int | None:
        """A name listed after "including": a place, whatever the tagger called it."""
        idx = st.entity_at(tok)
        if idx is not None and st.entities[idx].kind in ("Organization", "Person", "Thing") and tok.pos_ == "PROPN":
            st.entities[idx].kind = kind
        if idx is None and tok.pos_ == "PROPN":
            idx = generic_entity(st, tok, kind)
        return idx if idx is not None and st.entities[idx].kind in PLACE_KINDS else None

    def _taken_places(self, st: KgState, target: Token) -> list[int]:
        listed = []
        for item in prep_objects(target, "including", "like"):
            for t in with_conjuncts(item):
                idx = self.ent(st, t, PLACE_KINDS)
                if idx is None and t.pos_ == "PROPN" and st.entity_at(t) is None:
                    idx = generic_entity(st, t, "District")
                if idx is not None:
                    listed.append(idx)
        if listed:
            return listed
        out = []
        for t in with_conjuncts(target):
            idx = self.ent(st, t, PLACE_KINDS)
            hop = t
            while idx is None and prep_objects(hop, "of"):
                hop = prep_objects(hop, "of")[0]  # "the Palestinian side of the Rafah crossing"
                idx = self.ent(st, hop, PLACE_KINDS)
                if (
                    idx is None
                    and hop.lemma_.lower() in FACILITY_NOUNS
                    and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in hop.children)
                ):
                    idx = generic_entity(st, hop, "Facility")
            noun = t.lower_ if t.lower_ in PLACE_OBJECT_NOUNS else t.lemma_.lower()
            if idx is None and noun in PLACE_OBJECT_NOUNS and noun != "control":
                # "six areas in Aleppo": a set of unnamed places stands for the named place it lies in
                inside = [p for o in prep_objects(t, "in") if (p := self.ent(st, o, PLACE_KINDS)) is not None]
                if t.tag_ == "NNS" and inside:
                    idx = inside[0]
                else:
                    idx = generic_entity(st, t, "Facility" if noun in FACILITY_NOUNS else "Place")
            if idx is not None:
                out.append(idx)
        return out

    def _held_by(self, st: KgState, target: Token) -> list[int]:
        """ "rebel-held areas": the side a place was taken from."""
        for c in target.lefts:
            if c.dep_ == "amod" and c.lower_ in ("held", "controlled", "occupied"):
                for g in c.lefts:
                    idx = self.ent(st, g, ACTOR_KINDS)
                    if idx is None and g.lemma_.lower() in self.lex.actor_heads:
                        idx = generic_entity(st, g, self.lex.actor_heads[g.lemma_.lower()], plural=True)
                    if idx is not None:
                        return [idx]
        return []

    def _attack(self, st: KgState, tok: Token, trig: Trigger) -> None:
        is_verb = tok.pos_ in ("VERB", "AUX")
        if not is_verb and tok.dep_ == "nsubj" and self.lex.trigger_for(tok.head.lemma_.lower(), True, set()):
            return  # "an air strike hit X": read at the verb
        agents = self._agents(st, tok)
        if is_verb:
            subj = subject(tok)
            if subj is not None and not agents and subj.lemma_.lower() in self.lex.triggers:
                agents = self._agents(st, subj)
            obj = child(tok, "dobj") if not is_passive(tok) else child(tok, "nsubjpass")
            targets = prep_objects(tok, "at", "against", "on") if obj is None else [obj]
        else:
            targets = prep_objects(tok, "against", "on", "of")
            verb = governing_verb(tok)
            if not targets and verb is not None and verb.lemma_.lower() in LIGHT_VERBS:
                targets = prep_objects(verb, "against")
            if not targets:
                # "launched an offensive to drive X out of Y", "..., advancing towards X"
                for holder in [tok] + ([verb] if verb is not None else []):
                    clauses = [
                        c for c in holder.children if c.dep_ in ("acl", "advcl", "xcomp", "relcl") and c.pos_ == "VERB"
                    ]
                    clauses.sort(key=lambda c: not any(a.tag_ == "TO" for a in c.children))  # purpose first
                    for c in clauses:
                        found = (
                            [child(c, "dobj")]
                            if child(c, "dobj") is not None
                            else prep_objects(c, "towards", "toward", "on")
                        )
                        found = [next(iter(prep_objects(t, "of")), t) if st.entity_at(t) is None else t for t in found]
                        targets = [t for t in found if st.entity_at(t) is not None]
                        if targets:
                            break
                    if targets:
                        break
        targets = [t for t in targets if t.ent_type_ not in ("DATE", "TIME")]
        subtype = trig.subtype
        if trig.lemma == "strike" and not (is_verb or any(c.lower_ in ("air", "drone", "missile") for c in tok.lefts)):
            if not any(c.lower_ in ("air",) for c in tok.lefts):
                subtype = "Assault"
        target_ids, place = [], self.places(st, tok)
        for t in targets:
            idx = self.ent(st, t)
            if idx is None:
                idx = next(
                    (
                        self.ent(st, c)
                        for c in t.children
                        if c.dep_ == "compound"
                        and self.ent(st, c) is not None
                        and st.entities[self.ent(st, c)].kind in PLACE_KINDS
                    ),
                    None,
                )
            if idx is None and t.pos_ in ("NOUN", "PROPN"):
                named = any(c.pos_ == "PROPN" for c in t.lefts) or t.pos_ == "PROPN"
                idx = generic_entity(st, t, "Facility" if t.lemma_.lower() in FACILITY_NOUNS and named else "Thing")
            if idx is not None and st.entities[idx].kind in PLACE_KINDS and place is None and not is_verb:
                place = idx
                continue
            if idx is not None:
                target_ids.append(idx)
                if place is None:
                    # "Beirut's southern suburbs", "the centre of the capital": where the target lies
                    for owner in [c for c in t.children if c.dep_ == "poss"] + prep_objects(t, "of", "in"):
                        place = self.ent(st, owner, PLACE_KINDS)
                        if place is not None:
                            break
        if not agents and not target_ids:
            return
        weak = not agents and all(
            st.entities[t].kind in ("Thing", "Facility") and st.entities[t].label.islower() for t in target_ids
        )  # "the plant was pounded": nobody and nothing named
        if place is None and len(target_ids) == 1 and st.entities[target_ids[0]].within is not None:
            place = st.entities[target_ids[0]].within  # the airport bombed lies in the city
        for agent in agents or [None]:
            for target in target_ids or [None]:
                ev = self.new(st, tok, "Attack", trig, agent=agent, target=target, place=place)
                ev.subtype = subtype
                ev.weak = weak

    def _clash(self, st: KgState, tok: Token, trig: Trigger) -> None:
        sides: list[int]
        opponents: list[int] = []
        if prep_objects(tok, "alongside"):
            for a in self._agents(st, tok):
                for b in [x for t in prep_objects(tok, "alongside") for x in self.actors(st, t)]:
                    if a != b and (a, b) not in st.alliances and (b, a) not in st.alliances:
                        st.alliances.append((a, b))
            return
        between = prep_objects(tok, "between")
        if not between:
            for c in tok.children:
                if c.dep_ in ("relcl", "acl"):
                    between = prep_objects(c, "between")
                    if between:
                        break
        if between:
            sides = self.actors(st, between[0])
            if len(sides) >= 2:
                opponents, sides = sides[1:], sides[:1]
        else:
            sides = self._agents(st, tok)
            for t in prep_objects(tok, "with", "against"):
                opponents.extend(self.actors(st, t))
            if tok.pos_ == "VERB" and child(tok, "dobj") is not None:
                opponents.extend(self.actors(st, child(tok, "dobj")))
        place = self.places(st, tok)
        if place is None and tok.dep_ == "pobj":
            verb = governing_verb(tok)
            if verb is not None:
                place = self.places(st, verb)
        if not opponents and len(sides) >= 2 and tok.pos_ == "VERB" and child(tok, "dobj") is None:
            opponents, sides = sides[1:], sides[:1]  # "X and Y fought": a mutual fight
        if not sides or not opponents and tok.pos_ != "VERB":
            return
        for side in sides:
            for opp in opponents or [None]:
                if opp == side:
                    continue
                self.new(st, tok, "Clash", trig, agent=side, opponent=opp, place=place)

    def _siege(self, st: KgState, tok: Token, trig: Trigger) -> None:
        agents = self._agents(st, tok)
        obj = child(tok, "dobj", "nsubjpass")
        if obj is not None and obj.tag_ in ("WDT", "WP") or obj is None and tok.dep_ == "relcl":
            obj = tok.head  # "a city of two million people that the rebels encircled"
        place = None
        if tok.dep_ == "relcl" and any(c.lower_ == "where" for c in tok.children):
            for h in _appositions(tok.head):
                place = place if place is not None else self.ent(st, h, PLACE_KINDS)
        holders = _appositions(obj) if obj is not None else []
        for h in holders:
            place = place if place is not None else self.ent(st, h, PLACE_KINDS)
        place = place if place is not None else self.places(st, tok)
        figures: list[FigureDraft] = []
        for h in holders:
            for t in [h, *prep_objects(h, "of")]:
                figures.extend(st.figures.get(t.i, []))
        # "besieged the city, trapping some 100,000 residents"
        for c in tok.children:
            if c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG":
                d = child(c, "dobj")
                if d is not None:
                    figures.extend(st.figures.get(d.i, []))
        if not agents and not figures:
            return
        for agent in agents or [None]:
            ev = self.new(st, tok, "Siege", trig, agent=agent, place=place)
            ev.figures = [_copy(f) for f in figures[:1]]

    def _withdrawal(self, st: KgState, tok: Token, trig: Trigger) -> None:
        for agent in self._agents(st, tok):
            self.new(st, tok, "Withdrawal", trig, agent=agent, place=self.places(st, tok, ("from",)))

    def _casualties(self, st: KgState, tok: Token, trig: Trigger) -> None:
        lemma = tok.lemma_.lower()
        outcome = "wounded" if lemma in ("wound", "injure") else "killed"
        victims: list[Token] = []
        if lemma == "toll":
            verb = tok.head
            victims = [t for t in verb.subtree if t.i in st.figures and t.i != tok.i]
        elif lemma == "dead":
            victims = [tok.head] if tok.dep_ == "amod" else [child(tok.head, "nsubj")] if tok.dep_ == "acomp" else []
        elif is_passive(tok) or lemma == "die":
            victims = [child(tok, "nsubjpass", "nsubj")]
            if tok.dep_ in ("acl", "relcl") and victims[0] is None:
                victims = [tok.head]
        else:
            victims = [child(tok, "dobj")]
        inherited = None
        if victims == [None] and tok.dep_ == "conj":
            # "four were killed and 12 wounded": the number hangs on the second verb
            victims = [c for c in tok.children if c.i in st.figures]
            first = child(tok.head, "nsubjpass", "nsubj", "dobj")
            if first is not None and st.figures.get(first.i):
                inherited = st.figures[first.i][0].victims
        figures: list[FigureDraft] = []
        for v in victims:
            if v is None:
                continue
            for t in with_conjuncts(v):
                for fig in st.figures.get(t.i, []):
                    figures.append(_copy(fig, outcome))
                    if figures[-1].victims is None:
                        figures[-1].victims = inherited
                    parts = [p for item in prep_objects(t, "including") for p in with_conjuncts(item)]
                    total = len(figures) - 1
                    for p in parts:
                        for sub in st.figures.get(p.i, []):
                            part = _copy(sub, outcome)
                            part.part_of = total
                            figures.append(part)
        if not figures:
            return
        place = self.places(st, tok)
        subj = child(tok, "nsubj")
        time = None
        if subj is not None and lemma not in ("die",):
            if place is None:
                for t in subj.subtree:
                    if t.dep_ == "pobj" and t.head.lower_ in ("at", "in", "on", "near"):
                        place = self.ent(st, t, PLACE_KINDS)
                        if place is not None:
                            break
            if subj.lemma_.lower() in self.lex.triggers:
                time = time_of(st, subj)
        ev = self.new(st, tok, "Casualties", trig, place=place)
        ev.time = ev.time or time
        ev.figures = figures

    def _displacement(self, st: KgState, tok: Token, trig: Trigger) -> None:
        lemma = tok.lemma_.lower()
        people: list[Token] = []
        place = None
        if tok.pos_ in ("VERB", "AUX"):
            if lemma == "flee":
                people = [subject(tok)]
                obj = child(tok, "dobj")
                if obj is not None:
                    place = self.ent(st, obj, PLACE_KINDS)
                    if place is None:
                        place = self.places(st, obj)
            elif is_passive(tok):
                people = [child(tok, "nsubjpass")]
            else:
                people = [child(tok, "dobj")]
            if place is None:
                place = self.places(st, tok, ("from", "in", "inside", "across", "within"))
            if place is None:
                for obj in prep_objects(tok, "from"):
                    place = self.places(st, obj)
                    if place is not None:
                        break
        else:
            people = [t for t in tok.subtree if t.i in st.figures]
            place = self.places(st, tok, ("from", "of", "in"))
        figures = [
            _copy(f) for p in people if p is not None for t in with_conjuncts(p) for f in st.figures.get(t.i, [])
        ]
        if not figures:
            return
        ev = self.new(st, tok, "Displacement", trig, place=place)
        ev.figures = figures

    def _addressee(self, st: KgState, tok: Token) -> int | None:
        for dep in ("dative", "iobj"):
            c = child(tok, dep)
            if c is not None and self.ent(st, c, ACTOR_KINDS) is not None:
                return self.ent(st, c, ACTOR_KINDS)
        if tok.lemma_.lower() in ("urge", "invite", "ask"):
            obj = child(tok, "dobj")
            if obj is not None:
                return self.ent(st, obj, ACTOR_KINDS)
        for t in prep_objects(tok, "to"):
            idx = self.ent(st, t, ACTOR_KINDS)
            if idx is not None:
                return idx
        # "proposed a truce ... by urging X to ...": the one urged
        for t in tok.subtree:
            if t is not tok and t.lemma_.lower() in ("urge", "ask", "invite") and t.pos_ == "VERB":
                obj = child(t, "dobj")
                if obj is not None and self.ent(st, obj, ACTOR_KINDS) is not None:
                    return self.ent(st, obj, ACTOR_KINDS)
        return None

    def _proposal(self, st: KgState, tok: Token, trig: Trigger) -> None:
        is_verb = tok.pos_ in ("VERB", "AUX")
        lemma = tok.lemma_.lower()
        content = None
        if is_verb:
            for dep in ("xcomp", "ccomp", "dobj"):
                c = child(tok, dep)
                if c is not None:
                    content = c
                    if dep != "dobj" or c.lemma_.lower() not in ("share",):
                        break
            if lemma in ("urge", "invite", "call"):
                content = child(tok, "xcomp") or next(iter(prep_objects(tok, "for", "to")), None) or content
            if lemma == "broker":
                return  # brokering counts for truces only (read as a ceasefire event)
        else:
            content = next(
                (c for c in tok.children if c.dep_ == "acl" and any(a.tag_ == "TO" for a in c.children)), None
            )
            if content is None:
                content = next(iter(prep_objects(tok, "for", "on", "to")), None)
        agents = self._agents(st, tok) if is_verb else self._noun_proposers(st, tok)
        if not is_verb and not agents:
            return  # "the proposal was rejected": a reference, not a new proposal
        if not is_verb and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
            return  # "their proposal": one told before
        if content is not None:
            label = phrase_text(content)[0]
            if not is_verb:
                label = _noun_label(tok) + " " + label
        elif not is_verb:
            label = _noun_label(tok)
        else:
            return
        label = _cut_at_comma(label)
        if lemma in ("urge", "call") and not any(cue in label.lower() for cue in PEACE_CUES):
            return
        truce = self.ceasefire_in(st, content) if content is not None else None
        if truce is None and not is_verb:
            truce = self.ceasefire_in(st, *[c for c in tok.children if c.dep_ == "compound"])
        for agent in agents or [None]:
            ev = self.new(st, tok, "Proposal", trig, agent=agent, addressee=self._addressee(st, tok), topic=truce)
            ev.label = label
            if truce is not None:
                ev.action = "proposed"

    def _noun_proposers(self, st: KgState, tok: Token) -> list[int]:
        found = self._agents(st, tok)
        if found:
            return found
        for c in tok.children:
            if c.dep_ == "acl" and c.tag_ == "VBN":
                by = prep_objects(c, "by")
                if by:
                    return self.actors(st, by[0])
        if tok.dep_ == "appos" or tok.dep_ == "attr":
            return []
        return []

    def _response(self, st: KgState, tok: Token, trig: Trigger, kind: str) -> None:
        is_verb = tok.pos_ in ("VERB", "AUX")
        if is_verb:
            obj = child(tok, "dobj") if not is_passive(tok) else child(tok, "nsubjpass")
            if obj is None and tok.dep_ == "relcl":
                obj = tok.head
            if obj is None and tok.dep_ in ("acl",):
                obj = tok.head
        else:
            obj = next(iter(prep_objects(tok, "of")), None)
        if obj is None:
            return
        olemma = obj.lemma_.lower()
        if olemma in self.lex.claim_nouns or olemma in ("accusation", "charge"):
            if trig.lemma in ("dismiss", "reject"):
                self._denial(st, tok, trig)
            return
        agents = self._agents(st, tok)
        if is_verb and tok.dep_ == "relcl":
            agents += [a for c in obj.conjuncts if c.i > tok.i for a in self.actors(st, c) if a not in agents]
        truce = self.ceasefire_in(st, obj) if st.entity_at(obj) is not None else None
        proposal = None
        if olemma in PROPOSAL_NOUNS or obj.i in {e.trigger for e in st.events}:
            proposal = self._proposal_for(st, obj)
        if truce is None and proposal is None:
            if olemma in AGREEMENT_NOUNS:
                truce = _last_of_kind(st, "Ceasefire", obj.i)
                if truce is None:
                    truce = generic_entity(st, obj, "Thing")
            elif olemma in PROPOSAL_NOUNS:
                truce = None
            else:
                return
        if proposal is not None and agents and "addressee" not in st.events[proposal].roles:
            if st.events[proposal].roles.get("agent") not in agents:
                st.events[proposal].roles["addressee"] = agents[0]  # who answers a proposal was offered it
        for agent in agents or [None]:
            ev = self.new(st, tok, kind, trig, agent=agent, topic=truce)
            ev.topic_event = proposal
            ev.action = trig.action
            if proposal is not None and truce is None:
                ev.label = st.events[proposal].label

    def _proposal_for(self, st: KgState, obj: Token) -> int | None:
        for i, ev in enumerate(st.events):
            if ev.trigger == obj.i and ev.kind == "Proposal":
                return i
        # "the proposal", "a demand the group rejected": the latest proposal told before
        for i in range(len(st.events) - 1, -1, -1):
            ev = st.events[i]
            if ev.kind == "Proposal" and ev.trigger < obj.i:
                return i
        return None

    def _rejection(self, st: KgState, tok: Token, trig: Trigger) -> None:
        self._response(st, tok, trig, "Rejection")

    def _acceptance(self, st: KgState, tok: Token, trig: Trigger) -> None:
        self._response(st, tok, trig, "Acceptance")

    def _agreement(self, st: KgState, tok: Token, trig: Trigger) -> None:
        obj = child(tok, "dobj") or next(iter(prep_objects(tok, "to")), None)
        if obj is None or child(tok, "xcomp") is not None:
            return
        agents = self._agents(st, tok)
        for agent in agents or [None]:
            ev = self.new(st, tok, "Agreement", trig, agent=agent)
            ev.label = phrase_text(obj)[0]

    def _denial(self, st: KgState, tok: Token, trig: Trigger) -> None:
        """Read by kg_attribution (it needs the sources of earlier claims)."""
        agents = self._agents(st, tok)
        for agent in agents or [None]:
            self.new(st, tok, "Denial", trig, agent=agent)


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


def _noun_label(tok: Token) -> str:
    """ "ceasefire proposal": a noun with its compounds."""
    words = [c for c in tok.lefts if c.dep_ in ("compound", "amod") and not c.is_punct]
    start = words[0].i if words else tok.i
    return tok.doc[start : tok.i + 1].text


def _cut_at_comma(text: str) -> str:
    head, sep, _ = text.partition(", ")
    return head if sep and len(head.split()) >= 3 else text


def _appositions(tok: Token) -> list[Token]:
    """The token, what it is in apposition with, and its appositions ("Goma, a city of ...")."""
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
    text = tok.doc[words[0].i : tok.i + 1].text if words else tok.text
    if plural and not text.endswith("s"):
        text = text + "s"
    label = text if any(t.pos_ == "PROPN" for t in words) else text.lower()
    label = label.replace(" - ", "-")
    for idx, ent in enumerate(st.entities):
        if ent.label.lower() == label.lower() and ent.kind == kind:
            ment = Mention(tok.i, tok.i + 1, kind, label, tok.i, entity=idx)
            ent.mentions.append(ment)
            st.mentions.append(ment)
            st.by_token[tok.i] = ment
            return idx
    ment = Mention(words[0].i if words else tok.i, tok.i + 1, kind, label, tok.i)
    st.entities.append(EntityDraft(label, kind, [ment], head_lemma=tok.lemma_.lower()))
    ment.entity = len(st.entities) - 1
    st.mentions.append(ment)
    st.by_token[tok.i] = ment
    if kind in PLACE_KINDS:
        st.entities[ment.entity].within = place_container(st, tok, ment.entity)
    return ment.entity


def place_container(st: KgState, tok: Token, own: int | None = None) -> int | None:
    """The named place a facility or area lies in: "Tripoli's airport", "the Rafah crossing",
    "the steel works in Mariupol", "X, the only airport in Tripoli"; a district with no container
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


@Language.factory("kg_events", assigns=["doc._.kg"], requires=["doc._.kg"])
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    """Events and their roles."""
    return EventFinder(nlp, name)
