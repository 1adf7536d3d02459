"""Readers for fighting: captures, attacks, clashes, sieges, withdrawals (mixed into kg_events)."""

from __future__ import annotations

from typing import cast

from spacy.tokens import Token

from kg.extract.lexicon import Trigger
from kg.extract.names import PART_NOUNS
from kg.extract.resolve import (
    ACTOR_KINDS,
    FACILITY_NOUNS,
    PLACE_KINDS,
    PLACE_OBJECT_NOUNS,
    FinderHelpers,
    _appositions,
    _copy,
    _count,
    country_entity,
    generic_entity,
)
from kg.extract.state import FigureDraft, KgState, TimeExpr
from kg.extract.syntax import (
    LIGHT_VERBS,
    acts_as_verb,
    child,
    children,
    clause_tokens,
    governing_verb,
    is_passive,
    own_children,
    prep_objects,
    quantified,
    statuses,
    subject,
    with_conjuncts,
)
from kg.extract.tolls import TollReader

# Verbs of killing whose armed subject attacked the people killed (not "die", "wound").
KILLING_VERBS = {"kill", "massacre", "slaughter", "execute", "murder", "butcher", "slay", "gun"}
# Sides that fight: an attack needs one of them as its agent when only a killing tells it.
ARMED_KINDS = frozenset({"StateArmedForce", "NonStateArmedGroup", "State", "Country", "Government", "Alliance"})
# Units that measure ground: "took 20 square kilometres of X".
AREA_UNITS = {"kilometre", "kilometer", "km", "mile", "hectare", "acre"}
# Places a pronoun object of a capture can stand for ("retook it"): not a country or a region.
TOWN_KINDS = frozenset({"City", "District", "Facility", "Place", "PlacePart"})
# Verbs whose subject lays the siege their object names: "ordered a complete siege of X".
SIEGE_ORDERS = {"order", "impose", "lay", "declare", "tighten", "enforce"}
# Nouns of a boundary named after the two states on either side of it.
BORDER_NOUNS = {"border", "frontier", "boundary"}
ATTACK_PLACE_PREPS = ("in", "near", "around", "across", "inside", "into", "outside")
# Words that tell a weapon again: "the rockets", "their shells".
DEFINITE = {"the", "these", "those", "their", "its"}
# Verbs of trying whose object clause tells a capture that may have failed: the place was attacked.
ATTEMPT_VERBS = {"attempt", "try", "fail"}


def _fixes_a_day(time: TimeExpr | None) -> bool:
    """Whether a time phrase can name a day ("on Monday", "the next day"), not only a month or span."""
    return time is not None and (
        time.day is not None or time.weekday is not None or time.relative in ("today", "yesterday", "anchored")
    )


class CombatReader(FinderHelpers):
    """Role readers for fighting events; the helpers they call live on EventFinder."""

    def _capture(self, st: KgState, tok: Token, trig: Trigger) -> None:
        lemma = tok.lemma_.lower()
        sources: list[int] = []
        if tok.pos_ not in ("VERB", "AUX") and lemma == "fall":
            # "the fall of X to Y, and of Z": the places that fell and the side they fell to
            targets = [t for t in self._each_target(st, prep_objects(tok, "of")) if st.entity_at(t) is not None]
            agents = [a for t in prep_objects(tok, "to") for a in self.actors(st, t)]
            if not agents:  # "the fall of X, the capital of Y, to Z": the "to" may hang further on
                above = {a.i for a in tok.ancestors}
                to = [
                    o
                    for t in tok.sent
                    if t.i > tok.i and t.lower_ == "to" and t.dep_ == "prep" and (t.head.i in above or t.head.i > tok.i)
                    for o in children(t, "pobj")
                ]
                agents = self.actors(st, to[0]) if to else []
        elif tok.pos_ not in ("VERB", "AUX"):
            targets = prep_objects(tok, "of")
            agents = self._agents(st, tok)
        elif trig.child == "out":
            # "drove the rebels out of X": the place is after "out of", the side driven out lost it
            outs = [c for c in own_children(tok) if c.lower_ == "out"]
            targets = [o for c in outs for o in prep_objects(c, "of")] + prep_objects(tok, "of")
            agents = self.actors(st, subject(tok))
            sources = self.actors(st, child(tok, "dobj"))
        elif lemma == "fall":
            fallen = child(tok, "nsubj")
            # "denied that it had fallen": a fall told with a pronoun retells the capture told before
            targets = [fallen] if fallen is not None and fallen.pos_ != "PRON" else []
            agents = [a for t in prep_objects(tok, "to") for a in self.actors(st, t)]
        else:
            obj = (
                child(tok, "dobj", "nsubjpass") if not is_passive(tok) or tok.dep_ not in ("acl", "amod") else tok.head
            )
            if (obj is None or obj.tag_ in ("WDT", "WP")) and tok.dep_ == "relcl":
                obj = tok.head  # "the city, which X seized"; "the largest city X has captured"
                if obj.dep_ == "attr":
                    obj = child(obj.head, "nsubj") or obj  # "Kidal is the biggest town X has taken"
            if obj is not None and obj.lemma_.lower() == "control":
                obj = next(iter(prep_objects(obj, "of")), None)
            targets = [obj] if obj is not None else []
            agents = self.actors(st, subject(tok))
            sources = [a for t in prep_objects(tok, "from") for a in self.actors(st, t)]
            for back in children(tok, "advmod", "prt"):  # "took X back from Y": the "from" hangs on "back"
                sources += [a for t in prep_objects(back, "from") for a in self.actors(st, t) if a not in sources]
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
            # "took four villages from X, among them A, B and C" (the list hung on another word)
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
        tried = tok.head if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ATTEMPT_VERBS else None
        if tried is not None:
            self._attempted_capture(st, tok, tried, trig, agents, places)
            return
        for place in places:
            for agent in cast("list[int | None]", agents) or [None]:
                ev = self.new(st, tok, "Capture", trig, agent=agent, place=place)
                if sources:
                    ev.roles["captured_from"] = sources[0]
                if targets:
                    ev.label = f"{targets[0].lemma_.lower()}#{_count(targets[0])}"

    def _attempted_capture(
        self, st: KgState, tok: Token, tried: Token, trig: Trigger, agents: list[int], places: list[int]
    ) -> None:
        """ "Gunmen tried to storm X", "attempted to enter X": no place taken, but X was attacked (the
        attempt's own status: "did not try to enter X" gives nothing)."""
        status = statuses(tried, self.lex)
        for place in places:
            for agent in agents:
                ev = self.new(st, tok, "Attack", trig, agent=agent, target=place, place=place)
                ev.subtype, ev.status = "Assault", status

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
            if idx is None and t.lower_ == "it" and t.pos_ == "PRON":
                idx = self._town_before(st, t)  # "X first captured it from Y on 5 August"
            hop = t
            while idx is None and prep_objects(hop, "of"):
                hop = prep_objects(hop, "of")[0]  # "the northern end of the Salang tunnel"
                idx = self.ent(st, hop, PLACE_KINDS)
                if (
                    idx is None
                    and hop.lemma_.lower() in FACILITY_NOUNS
                    and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in hop.children)
                ):
                    idx = generic_entity(st, hop, "Facility")
            if idx is None and t.lemma_.lower() in AREA_UNITS:
                # "ten square kilometres inside X": ground measured inside a named place is taken there
                idx = next(
                    (
                        p
                        for o in prep_objects(t, "in", "inside", "of", "within")
                        if (p := self.ent(st, o, PLACE_KINDS)) is not None
                    ),
                    None,
                )
            noun = t.lower_ if t.lower_ in PLACE_OBJECT_NOUNS else t.lemma_.lower()
            if idx is None and noun in PLACE_OBJECT_NOUNS and noun != "control":
                # "four blocks in Kelmar": a set of unnamed places stands for the named place it lies in
                inside = [p for o in prep_objects(t, "in") if (p := self.ent(st, o, PLACE_KINDS)) is not None]
                if t.tag_ == "NNS" and inside:
                    idx = inside[0]
                else:
                    idx = generic_entity(st, t, "Facility" if noun in FACILITY_NOUNS else "Place")
            if idx is not None:
                out.append(idx)
        return out

    @staticmethod
    def _town_before(st: KgState, pron: Token) -> int | None:
        """The town or district named last before a pronoun, in its sentence or the one before."""
        doc = pron.doc
        start = doc[pron.sent.start - 1].sent.start if pron.sent.start > 0 else 0
        told = [e for e in st.events if e.kind == "Capture" and "place" in e.roles and start <= e.trigger < pron.i]
        if told:
            return told[-1].roles["place"]  # "X first captured it ...; the army retook it": the same town
        best: tuple[int, int] | None = None
        for ment in st.mentions:
            if ment.entity is None or not start <= ment.start < pron.i or doc[ment.head].pos_ == "PRON":
                continue
            if st.entities[ment.entity].kind in TOWN_KINDS and (best is None or ment.start > best[0]):
                best = (ment.start, ment.entity)
        return None if best is None else best[1]

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
        is_verb = acts_as_verb(tok)
        if not is_verb and tok.dep_ == "nsubj" and self._attack_verb(tok.head):
            return  # "an air strike hit X": read at the verb
        agents = self._agents(st, tok)
        if is_verb:
            subj = subject(tok)
            if subj is not None and not agents and subj.lemma_.lower() in self.lex.triggers:
                agents = self._agents(st, subj)
            if subj is not None and not agents and subj.lemma_.lower() in self.lex.weapons:
                agents = self._weapon_owners(st, tok, subj)
            obj = child(tok, "dobj") if not is_passive(tok) else child(tok, "nsubjpass")
            obj = self._clause_object(tok, obj)
            weapon = obj if obj is not None and obj.lemma_.lower() in self.lex.weapons else None
            if weapon is None and trig.child in self.lex.weapons:
                return  # "launched a drone programme": the weapon word only modifies the object
            if trig.lemma == "fire" or weapon is not None or obj is not None and obj.lemma_.lower() == trig.child:
                obj = None  # what is fired is a weapon, "opened fire" a phrase; what is fired at is the target
            targets = prep_objects(tok, "at", "against", "on", "into") if obj is None else [obj]
            if not targets and obj is None:
                targets = self._what_it_called(tok)
            if not targets and weapon is not None:
                targets = prep_objects(tok, "towards", "toward")
                targets = targets or prep_objects(weapon, "at", "against", "on", "into", "towards", "toward")
            if not targets and trig.lemma == "fire":
                # "rockets fired by X at the crossing": the "at" may hang on a word of the clause
                targets = [t for t in clause_tokens(tok) if t.dep_ == "pobj" and t.head.lower_ in ("at", "on")][:1]
            if (trig.lemma == "fire" or weapon is not None) and not targets:
                return  # "fired", "launched missiles" with nothing fired at is no attack we can tell
            # "shelled X, as well as the town of Y": an object coordinated with the verb itself
            targets += [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
        else:
            targets = prep_objects(tok, "against", "on", "of", "at")
            if not targets and quantified(tok) is not tok:
                targets = prep_objects(quantified(tok), "against", "on")  # "dozens of raids on X"
            verb = governing_verb(tok)
            if not targets and verb is not None and verb.lemma_.lower() in LIGHT_VERBS:
                targets = prep_objects(verb, "against")
            aim = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
            if not targets and aim is not None and aim.lemma_.lower() == "target" and aim.dep_ == "attr":
                aimed_at = subject(aim.head)  # "X has been (became) the target of an offensive": X
                targets = [aimed_at] if aimed_at is not None else []
            if not targets:
                # "launched an offensive to drive X out of Y", "..., advancing towards X"
                for holder in [tok] + ([verb] if verb is not None else []):
                    clauses = [
                        c for c in holder.children if c.dep_ in ("acl", "advcl", "xcomp") and c.pos_ == "VERB"
                    ]
                    clauses.sort(key=lambda c: not any(a.tag_ == "TO" for a in c.children))  # purpose first
                    for c in clauses:
                        found = (
                            [cast(Token, child(c, "dobj"))]
                            if child(c, "dobj") is not None
                            else prep_objects(c, "towards", "toward", "on")
                        )
                        found = [next(iter(prep_objects(t, "of")), t) if st.entity_at(t) is None else t for t in found]
                        targets = [t for t in found if st.entity_at(t) is not None]
                        if targets:
                            break
                    if targets:
                        break
        # "a volley of missiles at X": the weapon is what was fired, not what was hit
        targets = [t for t in targets if t.ent_type_ not in ("DATE", "TIME")]
        targets = [t for t in targets if t.lemma_.lower() not in self.lex.weapons]
        targets = self._each_target(st, targets)
        subtype = trig.subtype
        if trig.lemma == "strike" and not (is_verb or any(c.lower_ in ("air", "drone", "missile") for c in tok.lefts)):
            if not any(c.lower_ in ("air",) for c in tok.lefts):
                subtype = "Assault"
        # "on"/"at" name what was hit; the place is where the target lies ("a strike on a school in X")
        # the place told with the trigger or its target anchors an attack nobody is named for; one found
        # further off in the clause ("..., a city in eastern X") only completes an attack with an agent
        target_ids, place = [], self.places(st, tok, ATTACK_PLACE_PREPS, wide=False)
        if place is None:
            hit = self.places(st, tok, wide=False)  # "strikes on X": a named place hit is also where it happened
            place = hit if hit is not None and st.entities[hit].kind not in ("Facility", "Place") else None
        own_place: dict[int, int] = {}
        for t in targets:
            idx = self.ent(st, t)
            if idx is None:
                idx = next(
                    (
                        self.ent(st, c)
                        for c in t.children
                        if c.dep_ == "compound"
                        and self.ent(st, c) is not None
                        and st.entities[cast(int, self.ent(st, c))].kind in PLACE_KINDS
                    ),
                    None,
                )
            if idx is None and t.pos_ in ("NOUN", "PROPN"):
                named = any(c.pos_ == "PROPN" for c in t.lefts) or t.pos_ == "PROPN"
                idx = generic_entity(st, t, "Facility" if t.lemma_.lower() in FACILITY_NOUNS and named else "Thing")
            named_place = idx is not None and st.entities[idx].kind in PLACE_KINDS - {"Facility", "Place"}
            if named_place and place is None and not is_verb:
                place = idx  # "X's shelling of Y": Y is what was hit and where
            if idx is not None:
                target_ids.append(idx)
                own = [o for o in prep_objects(t, "in", "at", "near") if self.ent(st, o, PLACE_KINDS) is not None]
                if not own and len(targets) > 1 and st.entities[idx].kind in ("City", "District", "Region"):
                    own = [t]  # "shelled positions and the town of X": X is hit where it is
                if own and len(targets) > 1:
                    own_place[idx] = cast(int, self.ent(st, own[0], PLACE_KINDS))  # "on homes in Y": each where it lies
                if place is None:
                    # "Kelmar's old quarter", "the west of the city": where the target lies
                    owners = [c for c in t.children if c.dep_ == "poss"]
                    owners += prep_objects(t, "of", "in", "at", "near", "across")
                    owners += [o for o in prep_objects(t, "on") if o.lemma_.lower() in PART_NOUNS]  # "on the edge of X"
                    # "X airport, the only airport in the capital, Y": where its apposition says it lies
                    if agents:  # an apposition's place is too far off to anchor an attack nobody is named for
                        owners += [o for a in children(t, "appos") for o in prep_objects(a, "in", "near", "outside")]
                    for owner in owners:
                        place = self.place_at(st, owner)
                        if place is None or st.entities[place].label.islower():
                            apposed = [n for n in children(owner, "appos") if self.ent(st, n, PLACE_KINDS) is not None]
                            place = self.ent(st, apposed[0], PLACE_KINDS) if apposed else place
                        if place is not None:
                            break
        if place is None:  # "hit the market on the outskirts of X"
            parts = [o for o in prep_objects(tok, "on") if o.lemma_.lower() in PART_NOUNS]
            place = next((i for o in parts if (i := self.place_at(st, o)) is not None), None)
        anchored = place is not None
        if place is None:
            place = self.places(st, tok, ATTACK_PLACE_PREPS)
        if not agents and not target_ids and (is_verb or not anchored):
            return
        # "the depot was hit": nobody, nothing and nowhere named; an attack with a named place and no
        # stated agent is still an attack ("an air strike on a school in X killed ...")
        # "a bomber struck ...": an agent told but not known gives no row; "a missile struck ..." tells none
        subj = subject(tok) if is_verb else None
        unresolved = subj is not None and subj.lemma_.lower() not in self.lex.weapons | set(self.lex.triggers)
        weak = not agents and (
            unresolved
            or not anchored
            and all(st.entities[t].kind in ("Thing", "Facility") and st.entities[t].label.islower() for t in target_ids)
        )
        target_ids = [self._not_itself(st, tok, targets, t, agents) for t in target_ids]
        if place is None and len(target_ids) == 1 and st.entities[target_ids[0]].within is not None:
            place = st.entities[target_ids[0]].within  # the airport bombed lies in the city
        for agent in cast("list[int | None]", agents) or [None]:
            for target in cast("list[int | None]", target_ids) or [None]:
                where = own_place.get(target, place) if target is not None else place
                ev = self.new(st, tok, "Attack", trig, agent=agent, target=target, place=where)
                ev.subtype = subtype
                ev.weak = weak
                if target is None and where is None and tok.tag_ in ("NNS", "VBG") and not _fixes_a_day(ev.time):
                    # "renewed their raids", "rode in, firing at anything": attacks in general, with
                    # no target, place or day told
                    st.events.remove(ev)

    @staticmethod
    def _what_it_called(tok: Token) -> list[Token]:
        """ "fired at what it called militant camps": the target is the thing the free relative names."""
        out: list[Token] = []
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("at", "on", "against"):
                for clause in children(prep, "pcomp"):
                    if any(c.lower_ == "what" and c.dep_ == "dobj" for c in clause.children):
                        out += children(clause, "oprd", "xcomp", "attr")
        return out

    @staticmethod
    def _weapon_owners(st: KgState, tok: Token, weapon: Token) -> list[int]:
        """Who fired a weapon told as the subject: "X bombed A, and missiles hit B" (the side of the clause
        it is coordinated with), "X fired rockets at A. The rockets hit a school." (the side told firing that
        weapon in the sentence before, when the weapon is told again with a definite word)."""
        if tok.dep_ == "conj":
            told = [ev.roles["agent"] for ev in st.events if ev.trigger == tok.head.i and "agent" in ev.roles]
            if told and all(ev.kind == "Attack" for ev in st.events if ev.trigger == tok.head.i):
                return list(dict.fromkeys(told))
        if not any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in weapon.children):
            return []
        doc, sent = tok.doc, tok.sent
        start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        lemma = weapon.lemma_.lower()
        for ev in reversed(st.events):
            if ev.kind != "Attack" or "agent" not in ev.roles or not start <= ev.trigger < sent.start:
                continue
            trig = doc[ev.trigger]
            near = [trig, *trig.children, *(g for c in trig.children for g in c.children)]
            if lemma in {t.lemma_.lower() for t in near}:
                return [ev.roles["agent"]]
        return []

    def _not_itself(self, st: KgState, tok: Token, targets: list[Token], target: int, agents: list[int]) -> int:
        """ "X said the rebels had attacked its troops": a possessive pronoun that resolved to the attacker
        itself stands for the side reporting the attack."""
        if target not in agents:
            return target
        owned = [
            t
            for t in targets
            if st.entity_at(t) == target and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children)
        ]
        if not owned:
            return target
        cur = tok
        for _ in range(3):
            if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in self.lex.reporting:
                speaker = [a for a in self.actors(st, subject(cur.head)) if a not in agents]
                return speaker[0] if speaker else target
            if cur.head is cur:
                break
            cur = cur.head
        return target

    def _each_target(self, st: KgState, targets: list[Token]) -> list[Token]:
        """Every target one verb names: conjuncts ("positions and the town of A"), a second preposition
        ("on X, and on Y"), and the named places a place noun lists ("the villages of A and B")."""
        out: list[Token] = []
        for t in targets:
            found = with_conjuncts(t)
            prep = t.head
            if t.dep_ == "pobj" and prep.pos_ == "ADP":
                # "on X, and on Y": the second preposition hangs on the first or on a word above it
                ancestors = {a.i for a in prep.ancestors} | {prep.i}
                again = [
                    p
                    for p in prep.sent
                    if p.i > prep.i and p.dep_ == "conj" and p.lower_ == prep.lower_ and p.head.i in ancestors
                ]
                found += [o for p in again for o in children(p, "pobj")]
            for f in found:
                for g in self._listed_places(st, f) or [f]:
                    if g not in out:
                        out.append(g)
        return out

    def _listed_places(self, st: KgState, noun: Token) -> list[Token]:
        """ "the villages of A and B", "parts of C": the named places a place noun stands for."""
        lemma = noun.lemma_.lower()
        if noun.tag_ == "NNS" and noun.pos_ == "NOUN" and st.entity_at(noun) is None:
            # "the sites at A and B": unnamed things told by the named places they stand at
            at = [x for o in prep_objects(noun, "at") for x in with_conjuncts(o)]
            if len(at) >= 2 and all(self.ent(st, x, PLACE_KINDS) is not None for x in at):
                return at
        if lemma not in self.lex.place_nouns and lemma not in ("part", "section"):
            return []
        ment = st.by_token.get(noun.i)
        if ment is not None and any(t.pos_ == "PROPN" for t in noun.doc[ment.start : ment.end]):
            return []  # "the Kupres district": the noun is part of the name
        kind = self.lex.place_nouns.get(lemma, "District")
        named = [x for o in prep_objects(noun, "of") for x in with_conjuncts(o) if x.pos_ == "PROPN"]
        for o in prep_objects(noun, "of"):
            for x in with_conjuncts(o):
                if x.lemma_.lower() in ("part", "section"):
                    # "the villages of A and B and parts of C" (the parser may hang "of C" on A)
                    owned = prep_objects(x, "of") or [p for p in prep_objects(o, "of") if p.i > x.i]
                    named += [p for p in owned if p.pos_ == "PROPN"]
        if not named or self.ent(st, named[0], ACTOR_KINDS - {"Person", "Organization"}) is not None:
            return []  # "the districts of the Front": not a list of places
        return [x for x in named if self._listed_place(st, x, kind) is not None]

    @staticmethod
    def _clause_object(tok: Token, obj: Token | None) -> Token | None:
        """What a participle or relative clause is about: "a convoy attacked near X", "X, which Y shelled"."""
        if obj is not None and obj.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
            return tok.head
        if obj is None and tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBD"):  # the tagger may say VBD
            return tok.head
        return obj

    def _attack_verb(self, verb: Token) -> bool:
        """Whether a verb tells an attack itself ("an air strike hit X"), so its noun subject adds nothing."""
        trig = self.lex.trigger_for(verb.lemma_.lower(), True, {c.lemma_.lower() for c in verb.children})
        return trig is not None and trig.kind in ("Attack", "Capture", "Siege")

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
        if not between and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
            between = prep_objects(tok.head, "between")  # "fighting broke out in X between A and B"
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
        obj = child(tok, "dobj")
        own_object = obj is None or obj.lemma_.lower() == trig.child  # "X and Y traded fire"
        if not opponents and len(sides) >= 2 and tok.pos_ == "VERB" and own_object:
            opponents, sides = sides[1:], sides[:1]  # "X and Y fought": a mutual fight
        if tok.dep_ == "pobj" and tok.head.lower_ == "without":
            return  # "took the town without a fight"
        gerund = tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "nsubjpass")  # "fighting erupted in X"
        if not sides and (tok.pos_ == "NOUN" or gerund) and tok.dep_ in ("nsubj", "nsubjpass", "ROOT", "dobj"):
            sides = self._border_states(st, tok)  # "fighting broke out along the Peru-Ecuador border"
            opponents, sides = sides[1:], sides[:1]
        if not sides and place is not None and (tok.pos_ == "NOUN" and tok.tag_ in ("NNS", "NN") or gerund):
            named = st.entities[place].label[:1].isupper()  # "the southern suburbs" is too vague alone
            if named and st.entities[place].kind in ("City", "District", "Region", "Country"):
                self.new(st, tok, "Clash", trig, place=place)  # "clashes were reported in X": no side named
            return
        if not sides or not opponents and tok.pos_ != "VERB":
            return
        for side in sides:
            for opp in cast("list[int | None]", opponents) or [None]:
                if opp == side:
                    continue
                self.new(st, tok, "Clash", trig, agent=side, opponent=opp, place=place)

    def _border_states(self, st: KgState, tok: Token) -> list[int]:
        """The two states a border noun in the trigger's sentence is named after ("the Peru-Ecuador
        border", "the Peruvian-Ecuadorian frontier"): the sides of fighting told with no side."""
        for b in tok.sent:
            if b.lemma_.lower() not in BORDER_NOUNS or b.i == tok.i:
                continue
            states: list[int] = []
            for c in b.subtree:  # "the Peru-Ecuador border": the first name hangs on the second
                if c.i >= b.i:
                    break
                low = c.lower_
                named = self.lex.demonyms.get(low) or (
                    (c.text, self.lex.countries[low]) if low in self.lex.countries else None
                )
                if c.dep_ in ("compound", "amod") and named is not None:
                    idx = country_entity(st, c, named)
                    if idx not in states:
                        states.append(idx)
            if len(states) == 2:
                return states
        return []

    def _siege(self, st: KgState, tok: Token, trig: Trigger) -> None:
        if trig.lemma == "trap" and not is_passive(tok):
            return  # "besieged the city, trapping 100,000": the siege is told by its own verb
        agents = self._agents(st, tok)
        verb = tok.head if tok.dep_ == "dobj" and not acts_as_verb(tok) else None
        if not agents and verb is not None and verb.lemma_.lower() in SIEGE_ORDERS:
            agents = self.actors(st, subject(verb))  # "X ordered a complete siege of Y": X besieges
        obj = child(tok, "dobj", "nsubjpass")
        relative = obj is not None and (obj.tag_ in ("WDT", "WP") or obj.lower_ == "that")
        if relative or obj is None and tok.dep_ == "relcl":
            obj = tok.head  # "a town of 80,000 people that the militia surrounded"
        if obj is None and not acts_as_verb(tok):
            obj = next(iter(prep_objects(tok, "of", "on")), None)  # "the siege of Y"
        place = None
        if tok.dep_ == "relcl" and any(c.lower_ == "where" for c in tok.children):
            for h in _appositions(tok.head):
                place = place if place is not None else self.ent(st, h, PLACE_KINDS)
        holders = _appositions(obj) if obj is not None else []
        for h in holders:
            place = place if place is not None else self.ent(st, h, PLACE_KINDS)
        unnamed = obj is not None and obj.pos_ == "PROPN" and st.entity_at(obj) is None
        if place is None and obj is not None and unnamed and obj.i == tok.head.i:
            if obj.dep_ == "pobj" and obj.head.lower_ in ("in", "inside"):
                place = generic_entity(st, obj, "District")  # "in X, which the militia besieged": X is a place
        if place is None and obj is not None and obj.dep_ == "pobj" and obj.head.lower_ == "of":
            # "the capital, a city of 2 million people that X encircled": the place the people live in
            town = obj.head.head
            for h in _appositions(town):
                place = place if place is not None else self.ent(st, h, PLACE_KINDS)
            before = town.left_edge.i - 1
            if place is None and before > 0 and town.doc[before].text == ",":
                place = self.ent(st, town.doc[before - 1], PLACE_KINDS)  # an apposition the parser missed
        if place is None and obj is not None and obj.lemma_.lower() in self.lex.place_nouns and obj.dep_ != "pobj":
            # "the port, a town of 80,000 people that X surrounded", the apposition the parser lost
            before = obj.left_edge.i - 1
            if before > 0 and obj.doc[before].text == ",":
                place = self.ent(st, obj.doc[before - 1], PLACE_KINDS)
        place = place if place is not None else self.places(st, tok)
        figures: list[FigureDraft] = []
        for h in holders:
            for t in [h, *prep_objects(h, "of")]:
                figures.extend(st.figures.get(t.i, []))
        # "encircled the town, trapping about 20,000 villagers"; "ordered a siege of Y, cutting off food to its
        # 90,000 inhabitants"
        for c in [*tok.children, *(verb.children if verb is not None else [])]:
            if c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG":
                for d in [child(c, "dobj"), *prep_objects(c, "to")]:
                    if d is not None:
                        figures.extend(st.figures.get(d.i, []))
        if not figures and tok.dep_ == "relcl" and obj is not None and obj.dep_ == "pobj":
            # "in X, which the militia has besieged, 5,000 people remain trapped": the clause the place frames
            main = obj.head.head
            people = child(main, "nsubj", "nsubjpass") if main.pos_ in ("VERB", "AUX") else None
            if people is not None:
                figures.extend(st.figures.get(people.i, []))
        if not agents and not figures:
            return
        kept = [_copy(f) for f in figures[:1]]
        for fig in kept:
            if fig.victims is None:  # "its 90,000 inhabitants": whoever is counted is trapped
                noun = tok.doc[fig.noun]
                fig.victims = st.entity_at(noun)
                if fig.victims is None:
                    fig.victims = generic_entity(st, noun, "Population", plural=True)
                    st.entities[fig.victims].label = noun.lower_
        for agent in cast("list[int | None]", agents) or [None]:
            ev = self.new(st, tok, "Siege", trig, agent=agent, place=place)
            ev.figures = [_copy(f) for f in kept]

    def _killing(self, st: KgState, tok: Token, trig: Trigger) -> None:
        """ "Gunmen killed 26 people at a market": an armed side killing people attacked them."""
        if tok.pos_ != "VERB" or is_passive(tok) or tok.lemma_.lower() not in KILLING_VERBS:
            return
        victims = child(tok, "dobj")
        if victims is None or not st.figures.get(victims.i):
            return
        subj = subject(tok)
        if subj is None or subj.lemma_.lower() in self.lex.triggers or subj.lemma_.lower() in self.lex.weapons:
            return  # "air strikes killed 20": the strike is the attack, read at its own word
        agents = [a for a in self.actors(st, subj) if st.entities[a].kind in ARMED_KINDS]
        if not agents:
            return
        target = st.figures[victims.i][0].victims
        if target is None:
            target = generic_entity(st, victims, "Population", plural=True)
        # "shot 30 herders at a market near X"; "killed 40 villagers in the village of X, in the Y province"
        place = self.places(st, tok, ATTACK_PLACE_PREPS)
        if place is None:
            place = next(
                (
                    p
                    for o in prep_objects(tok, "at")
                    for h in [o, *prep_objects(o, "in", "near", "of")]
                    if (p := self.ent(st, h, PLACE_KINDS - {"Facility"})) is not None
                ),
                None,
            )
        place = TollReader._finer(st, place, [victims])
        for agent in agents:
            ev = self.new(st, tok, "Attack", trig, agent=agent, target=target, place=place)
            ev.subtype = "Assault"

    def _withdrawal(self, st: KgState, tok: Token, trig: Trigger) -> None:
        for agent in self._agents(st, tok):
            self.new(st, tok, "Withdrawal", trig, agent=agent, place=self.places(st, tok, ("from",)))
