"""kg_events: events from trigger words and their dependency roles.

A trigger (``triggers.tsv``) is a verb or noun; its roles come from the parse in
active and passive voice ("X seized Y", "Y was seized by X", "the capture of Y
by X", "X launched an offensive against Y"). Each kind has a small role reader.
A trigger that acts on a truce ("lifted the ceasefire", "the truce took effect")
becomes an event about that truce with its action.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.extract.combat import CombatReader
from kg.extract.games import game_sentences
from kg.extract.lexicon import Trigger, load_lexicon
from kg.extract.names import PART_NOUNS
from kg.extract.resolve import (
    ACTOR_KINDS,
    FACILITY_NOUNS,
    PLACE_KINDS,
    REPRESENTATIVES,
    country_entity,
    generic_entity,
    is_the_sides,
    loyal_to,
    named_area,
    represented,
)
from kg.extract.state import EventDraft, KgState, state, words
from kg.extract.syntax import (
    LIGHT_VERBS,
    acts_as_verb,
    child,
    clause_tokens,
    governing_verb,
    is_passive,
    means_verb,
    own_children,
    prep_objects,
    statuses,
    subject,
    time_of,
    with_conjuncts,
)
from kg.extract.talks import TalkReader
from kg.extract.tolls import TollReader

# Clauses a trigger wraps around its object: "called for a truce to begin", "urged the sides to ...".
WRAPPED = ("advcl", "ccomp", "xcomp")
# Who acts for the group they belong to: "fighters belonging to X", "members of X".
MEMBERSHIP_VERBS = {"belong", "affiliate", "link", "loyal"}
MEMBER_NOUNS = {"member", "element", "unit", "cell", "faction", "wing"}
# Verbs by which a truce names its parties: "the truce commits A and B to ...".
BINDING_VERBS = {"commit", "bind", "oblige", "require"}
# Bearings from a place: "south of X".
COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
COMPASS |= {"north-east", "north-west", "south-east", "south-west"}
# Answers a side gives to a truce or a proposal ("both sides agreed to it"), and the events that name two sides.
ANSWERS = frozenset({"Agreement", "CeasefireEvent", "Acceptance", "Rejection"})
PAIRED = frozenset({"Clash"})
# Verbs that name an act ("which Z called a violation", "what Z described as a breach").
NAMING_VERBS = {"call", "describe", "term", "brand", "label", "denounce", "condemn"}
# Verbs that tell a weapon arriving ("rockets landed in X", "shells rained on Y", "the missiles reached Z"):
# with a weapon as subject they tell an attack on what they reached.
ARRIVAL_VERBS = {"reach", "land", "rain", "fall", "crash", "smash"}
ARRIVAL = Trigger("reach", None, "V", "Attack", None, None)
LEAVING = Trigger("leave", None, "V", "Displacement", None, None)
# Kinds of events that are acts of speech: a game report may still quote and deny.
TOLD_EVENTS = frozenset({"Statement", "Denial"})


class EventFinder(CombatReader, TollReader, TalkReader):
    """The kg_events component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lex = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        found: list[tuple[Token, Trigger]] = []
        table, triggers = words(doc), self.lex.triggers
        for i, (lemma, lower) in enumerate(zip(table.lemmas, table.lowers)):
            if lemma in ARRIVAL_VERBS and table.pos[i] == "VERB" and self._weapon_arrives(doc[i]):
                found.append((doc[i], ARRIVAL))
                continue
            if lemma == "leave" and table.pos[i] == "VERB" and self._people_leave(st, doc[i]):
                found.append((doc[i], LEAVING))
                continue
            if lemma not in triggers:
                lemma = lower
                if lemma not in triggers:
                    continue
            if table.pos[i] not in ("VERB", "NOUN", "AUX", "ADJ", "PROPN"):
                continue
            tok = doc[i]
            is_verb = acts_as_verb(tok)
            kids = {c.lemma_.lower() for c in own_children(tok)}
            kids |= {g.lemma_.lower() for c in tok.children if c.dep_ == "dobj" for g in c.children}
            # "called for a ceasefire to begin on 12 June": the "for" marks the clause around the truce
            kids |= {g.lower_ for c in tok.children if c.dep_ in WRAPPED for g in c.children if g.dep_ == "mark"}
            trig = self.lex.trigger_for(lemma, is_verb, kids)
            if trig is None and not is_verb and tok.pos_ == "VERB":
                trig = self.lex.trigger_for(table.lowers[i], False, kids)  # the gerund's own noun entry
            if trig is not None:
                found.append((tok, trig))
        # proposals first, so that an answer told before its proposal's noun can point at it
        for tok, trig in sorted(found, key=lambda p: (p[1].kind != "Proposal", p[0].i)):
            try:
                self._read(doc, st, tok, trig)
            except (IndexError, KeyError, AttributeError, TypeError, ValueError):
                # a parse no rule foresaw: lose this one event, not the whole article
                continue
        self._copular_figures(doc, st)
        self._displaced_people(doc, st)
        self._drop_evacuated_wounded(st)
        self._drop_games(doc, st)
        self._borrow_circumstances(doc, st)
        self._sides_told_later(doc, st)
        self._acts_named_violations(doc, st)
        self._answers_to_proposals(st)
        self._answers_to_truces(st)
        self._parties_of_truces(doc, st)
        self._taken_from_the_other_side(st)
        self._drop_sideless_fights(st)
        return doc

    @staticmethod
    def _drop_evacuated_wounded(st: KgState) -> None:
        """ "30 people wounded have been evacuated to the hospital": people counted as wounded and
        moved are a medical evacuation, not a displacement."""
        hurt = {f.noun for ev in st.events if ev.kind == "Casualties" for f in ev.figures}
        st.events = [
            ev for ev in st.events
            if not (ev.kind == "Displacement" and ev.figures and all(f.noun in hurt for f in ev.figures))
        ]

    @staticmethod
    def _drop_sideless_fights(st: KgState) -> None:
        """Fighting told with no side in a place where the article names the sides fighting ("A clashed
        with B near the airport of X ... killed in fighting around X last week") is that fight again."""
        sided = {
            where
            for ev in st.events
            if ev.kind == "Clash" and ev.status == "asserted" and "agent" in ev.roles and "place" in ev.roles
            for where in (ev.roles["place"], st.entities[ev.roles["place"]].within)  # "near the airport of X"
        }
        st.events = [
            ev for ev in st.events
            if not (ev.kind == "Clash" and "agent" not in ev.roles and ev.roles.get("place") in sided)
        ]

    @staticmethod
    def _people_leave(st: KgState, tok: Token) -> bool:
        """ "Some 3,000 villagers have left X": people counted leaving a named place or their homes
        (not "the raid left 12 dead", not "the minister left the capital")."""
        subj, obj = child(tok, "nsubj"), child(tok, "dobj")
        if subj is None or obj is None or subj.i not in st.figures:
            return False
        where = st.entity_at(obj)
        return obj.lemma_.lower() == "home" or where is not None and st.entities[where].kind in PLACE_KINDS

    def _weapon_arrives(self, tok: Token) -> bool:
        """ "Shells fell on the market", "the missiles reached X": a weapon arriving somewhere is an attack."""
        subj = child(tok, "nsubj")
        return subj is not None and subj.lemma_.lower() in self.lex.weapons and not is_passive(tok)

    def _drop_games(self, doc: Doc, st: KgState) -> None:
        """Fighting and truce words told about a game are no events (statements stay)."""
        if not st.events:
            return
        games = game_sentences(doc, self.lex.game_words, self.lex.war_words)
        if games:
            st.events = [ev for ev in st.events if ev.kind in TOLD_EVENTS or doc[ev.trigger].sent.start not in games]

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
        # a side told fighting nobody took a place from the enemy the article's fights name most
        totals: dict[int, int] = {}
        for per_side in foes.values():
            for b, n in per_side.items():
                totals[b] = totals.get(b, 0) + n
        ranked = sorted(totals.items(), key=lambda kv: -kv[1])
        main_enemy = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
        for ev in list(st.events):
            if ev.kind == "Capture" and "captured_from" not in ev.roles and "agent" in ev.roles:
                counts = foes.get(side(ev.roles["agent"]))
                if not counts and main_enemy is not None and main_enemy != ev.roles["agent"]:
                    counts = {main_enemy: 1}
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

    def _sides_told_later(self, doc: Doc, st: KgState) -> None:
        """ "a truce that both sides agreed to", with no two sides told before it (a live blog told newest
        first names the fighting below): the two sides of the nearest event told after it."""
        for ev in list(st.events):
            if ev.kind not in ANSWERS or "agent" in ev.roles or ev.status != "asserted":
                continue
            subj = child(doc[ev.trigger], "nsubj")
            if subj is None or not is_the_sides(subj) or self._last_pair(st, ev.trigger):
                continue
            pair = self._next_pair(st, ev.trigger)
            for n, side in enumerate(pair):
                twin = ev if n == 0 else EventDraft(
                    ev.kind, ev.trigger, status=ev.status, time=ev.time, source=ev.source, roles=dict(ev.roles)
                )
                twin.roles["agent"] = side
                if n:
                    twin.action, twin.label, twin.topic_event = ev.action, ev.label, ev.topic_event
                    st.events.append(twin)

    @staticmethod
    def _acts_named_violations(doc: Doc, st: KgState) -> None:
        """ "X fired on Y, which Z called a violation of the truce", "X shelled Y in what Z called a breach of
        the ceasefire": the act so named is the violation; its side violated the truce, when it did it."""
        violent = {ev.trigger: ev for ev in st.events if ev.kind in ("Attack", "Clash") and "agent" in ev.roles}
        for ev in st.events:
            if ev.kind != "CeasefireEvent" or ev.action != "violated" or "agent" in ev.roles:
                continue
            verb = doc[ev.trigger].head
            if doc[ev.trigger].dep_ not in ("dobj", "oprd", "attr") or verb.lemma_.lower() not in NAMING_VERBS:
                continue
            if not any(c.lower_ in ("which", "what") for c in verb.children):
                continue
            act = verb.head
            for _ in range(2):  # "in what Z called": the act the preposition hangs on
                if act.i in violent or act.dep_ not in ("prep", "pcomp"):
                    break
                act = act.head
            named = violent.get(act.i)
            if named is None or verb.dep_ not in ("advcl", "relcl", "pcomp", "ccomp") or named.status != "asserted":
                continue
            ev.roles["agent"] = named.roles["agent"]
            ev.status = named.status
            if named.time is not None:
                ev.time, ev.told_on = named.time, named.told_on

    @staticmethod
    def _next_pair(st: KgState, after: int) -> list[int]:
        """The two parties of the nearest event told after a token with two of them."""
        for ev in sorted(st.events, key=lambda e: e.trigger):
            if ev.trigger > after and ev.kind in PAIRED and "agent" in ev.roles and "opponent" in ev.roles:
                return [ev.roles["agent"], ev.roles["opponent"]]
        return []

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

    def _parties_of_truces(self, doc: Doc, st: KgState) -> None:
        """A truce agreed by sides not named, whose parties a later sentence names ("the truce commits
        A and B to ..."): those parties agreed it."""
        parties: dict[int, list[int]] = {}
        for ment in st.mentions:
            if ment.entity is None or st.entities[ment.entity].kind != "Ceasefire":
                continue
            head = doc[ment.head]
            if head.dep_ != "nsubj" or head.head.lemma_.lower() not in BINDING_VERBS:
                continue
            found = [a for a in self.actors(st, child(head.head, "dobj")) if st.entities[a].kind != "Ceasefire"]
            if len(found) >= 2:
                parties.setdefault(ment.entity, found)
        for ev in list(st.events):
            truce = ev.roles.get("topic")
            if ev.kind != "CeasefireEvent" or ev.action != "agreed" or "agent" in ev.roles or truce not in parties:
                continue
            ev.roles["agent"] = parties[truce][0]
            for other in parties[truce][1:]:
                twin = EventDraft(
                    ev.kind, ev.trigger, status=ev.status, time=ev.time, source=ev.source, roles=dict(ev.roles)
                )
                twin.action, twin.roles["agent"] = ev.action, other
                st.events.append(twin)

    @staticmethod
    def _answers_to_truces(st: KgState) -> None:
        """Accepting or rejecting a proposal of a truce ("rejected a proposal to extend the truce") is
        accepting or rejecting that truce: a truce event with the same side, day and status."""
        told = {(ev.trigger, ev.action, ev.roles.get("agent")) for ev in st.events if ev.kind == "CeasefireEvent"}
        for ev in list(st.events):
            if ev.kind not in ("Acceptance", "Rejection") or ev.topic_event is None:
                continue  # an answer with no proposal is about its truce itself
            truce = st.events[ev.topic_event].roles.get("topic")
            if truce is None or st.entities[truce].kind != "Ceasefire":
                continue
            if (ev.trigger, ev.action, ev.roles.get("agent")) in told:
                continue
            roles = {"topic": truce} | ({"agent": ev.roles["agent"]} if "agent" in ev.roles else {})
            answer = EventDraft(
                "CeasefireEvent", ev.trigger, status=ev.status, time=ev.time, source=ev.source, roles=roles
            )
            answer.action = ev.action
            st.events.append(answer)

    def _borrow_circumstances(self, doc: Doc, st: KgState) -> None:
        """A casualty or displacement figure told without place or day takes them from the event
        that caused it in the same sentence ("died when shells hit a bazaar in the city on Tuesday")."""
        for ev in st.events:
            if ev.kind not in ("Casualties",) or ev.roles.get("place") is not None and ev.time is not None:
                continue
            trig = doc[ev.trigger]
            # the event told under the figure's verb ("the shelling of X killed 12") before the one the
            # verb is coordinated with ("traded fire across Y, and the shelling of X killed 12")
            for other in sorted(st.events, key=lambda o: doc[o.trigger].head.i != trig.i):
                if other is ev or other.kind not in ("Attack", "Clash", "Siege", "Capture"):
                    continue
                cause = doc[other.trigger]
                # only an event tied to the figure in the parse: "killed when X bombed", "shelled ..., killing"
                if not (cause.head.i == trig.i or trig.head.i == cause.i):
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
    def ent(self, st: KgState, tok: Token | None, kinds: AbstractSet[str] | None = None) -> int | None:
        idx = st.entity_at(tok)
        if idx is None or kinds is None:
            return idx
        return idx if st.entities[idx].kind in kinds else None

    def actors(self, st: KgState, tok: Token | None) -> list[int]:
        """Entities of a token and its conjuncts, actors only."""
        out = []
        if tok is not None and is_the_sides(tok):
            pair = self._last_pair(st, tok.i)
            if pair and tok.lemma_.lower() in ("country", "nation", "state"):
                # "the two countries": the states, not their troops
                pair = [self._state_of(tok.doc, st, idx) for idx in pair]
            if pair or tok.lemma_.lower() in ("side", "party"):
                return pair  # "the warring parties" with none told yet: not the country they fight in
        if tok is not None and tok.lemma_.lower() in REPRESENTATIVES:
            sides = represented(tok, lambda obj: self.actors(st, obj))  # "negotiators for A and B"
            if sides:
                return sides
        for t in with_conjuncts(tok):
            if t.lemma_.lower() == "ally" and st.entity_at(t) is None:
                # "X and its nationalist allies of Y": the allies are Y (or a demonym's state), never "their"
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
                idx = self._member_of(st, t)  # "fighters belonging to X", "members of X"
            if idx is None:
                idx = self.ent(st, t, ACTOR_KINDS)
            if idx is None:
                idx = self._slashed(st, t)  # "the X/Y": a name in two parts joined by a slash
            accused = t.dep_ == "dobj" and t.head.lemma_.lower() in ("accuse", "blame", "charge")
            if idx is None and (t.dep_ in ("nsubj", "nsubjpass", "pobj") or accused) and t.pos_ == "PROPN":
                idx = self.ent(st, t, {"City", "Country"})  # "Vilnius has denied": a capital for its government
            if idx is None:
                idx = self._demonym_state(st, t)
            if idx is not None and idx not in out:
                out.append(idx)
            for other in self._shared_head(st, t):  # "Bolivian and Chilean troops": two sides, one noun
                if other not in out:
                    out.append(other)
        return out

    def _slashed(self, st: KgState, tok: Token) -> int | None:
        """The actor named by the first part of a slashed name ("the SPLM/A", "X/Y") whose last part
        the tagger did not take for an actor."""
        doc = tok.doc
        for c in tok.lefts:
            if c.dep_ in ("nmod", "compound") and c.i + 1 < tok.i and doc[c.i + 1].text == "/":
                return self.ent(st, c, ACTOR_KINDS - {"Person", "Country"})
        return None

    def _state_of(self, doc: Doc, st: KgState, idx: int) -> int:
        """The state entity of a side's country ("Chadian troops" -> Chad), or the side itself."""
        ent = st.entities[idx]
        if ent.kind in ("Country", "State") or not ent.country or not ent.mentions:
            return idx
        named = next((c for c in self.lex.demonyms.values() if c[1] == ent.country), None)
        return idx if named is None else country_entity(st, doc[ent.mentions[0].head], named)

    def _shared_head(self, st: KgState, tok: Token) -> list[int]:
        """The states of demonyms coordinated before one actor noun, beyond the first."""
        if tok.lemma_.lower() not in self.lex.actor_heads:
            return []
        out: list[int] = []
        for c in tok.lefts:
            if c.dep_ in ("amod", "compound", "nmod") and c.lower_ in self.lex.demonyms:
                for cj in c.conjuncts:
                    if cj.i > c.i and cj.lower_ in self.lex.demonyms:
                        idx = country_entity(st, cj, self.lex.demonyms[cj.lower_])
                        if idx is not None:
                            out.append(idx)
        return out

    def _member_of(self, st: KgState, tok: Token) -> int | None:
        """The group that people told as its members act for: "gunmen belonging to X", "members of X"."""
        held = [o for c in tok.children if c.dep_ == "acl" and c.lemma_.lower() in MEMBERSHIP_VERBS
                for o in prep_objects(c, "to", "with")]
        if tok.lemma_.lower() in MEMBER_NOUNS or tok.lemma_.lower() in self.lex.actor_heads:
            held += prep_objects(tok, "of")
        for o in held:
            idx = self.ent(st, o, ACTOR_KINDS)
            if idx is not None and st.entities[idx].kind not in ("Population", "Person"):
                return idx
        if st.entity_at(tok) is None:
            for c in tok.children:  # "hundreds of armed men, presumed members of X": the apposition says whose
                if c.dep_ == "appos":
                    idx = self._member_of(st, c)
                    if idx is not None:
                        return idx
            if tok.lemma_.lower() in MEMBER_NOUNS and tok.tag_ == "NNS":
                # "militia members", "gang members": members of a group told by its kind act as that kind
                kind = next(
                    (self.lex.actor_heads[c.lemma_.lower()] for c in tok.children
                     if c.dep_ == "compound" and c.lemma_.lower() in self.lex.actor_heads),
                    None,
                )
                if kind in ("NonStateArmedGroup", "StateArmedForce"):
                    return generic_entity(st, tok, kind, plural=True)
        return None

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
        """ "Peruvian air strikes": the state a demonym modifier names, also when the parser hangs it on
        the noun compounded before the trigger ("Monday's Peruvian drone strike")."""
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "npadvmod")]
        mods += [cc for c in tok.lefts if c.dep_ == "compound" for cc in c.lefts if cc.dep_ == "amod"]
        for c in mods:
            if c.lower_ in self.lex.demonyms:
                return country_entity(st, c, self.lex.demonyms[c.lower_])
        for c in tok.lefts:
            if c.dep_ in ("poss", "compound") and st.entity_at(c) is not None:
                idx = st.entity_at(c)
                if st.entities[cast(int, idx)].kind in ACTOR_KINDS:
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
            idx = named_area(st, obj, self.ent(st, obj, kinds), kinds)
            if idx is None:
                named = [c for c in obj.children if c.dep_ in ("appos", "compound")]
                idx = next((self.ent(st, c, kinds) for c in named if self.ent(st, c, kinds) is not None), None)
            if idx is None and obj.lemma_.lower() in FACILITY_NOUNS and obj.pos_ == "NOUN":
                idx = generic_entity(st, obj, "Facility")  # "near the airport"
            hop = obj
            for _ in range(3):  # "villages in the east of the province"
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
        # "fighting erupted near X": a gerund subject is a noun here too
        nominal = tok.pos_ == "NOUN" or tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "nsubjpass")
        verb = governing_verb(tok) if nominal else None
        if verb is not None and (verb.lemma_.lower() in LIGHT_VERBS or tok.dep_ in ("nsubj", "nsubjpass")):
            # "clashes continue in the X territories of Y": the verb's place, read as the trigger's own
            idx = self.places(st, verb, preps, wide=False)
            if idx is not None and st.entities[idx].kind in PLACE_KINDS:
                return idx
            for obj in prep_objects(verb, *preps):
                idx = self.place_at(st, obj)
                if idx is not None:
                    return idx
        for t in sorted(clause_tokens(tok), key=lambda t: abs(t.i - tok.i)):
            # "positions south of X", "20 km east of X": a bearing from a named place is there
            bearing = t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in COMPASS
            if bearing or t.dep_ == "pobj" and t.head.lower_ in preps and t.head.head.i != tok.i:
                idx = self.place_at(st, t)
                if idx is not None and st.entities[idx].kind != "Facility":
                    return idx
        return None

    def place_at(self, st: KgState, tok: Token) -> int | None:
        """The place a word names, or the place a part noun is part of ("on the outskirts of X")."""
        idx = self.ent(st, tok, PLACE_KINDS)
        if idx is None and tok.lemma_.lower() in PART_NOUNS and tok.pos_ == "NOUN":
            idx = next((i for o in prep_objects(tok, "of") if (i := self.ent(st, o, PLACE_KINDS)) is not None), None)
        return idx

    def new(self, st: KgState, tok: Token, kind: str, trig: Trigger, **roles: int | None) -> EventDraft:
        ev = EventDraft(kind, tok.i, subtype=trig.subtype)
        ev.status = statuses(tok, self.lex)
        ev.time = time_of(st, tok)
        if ev.time is None:
            ev.time = time_of(st, tok, self.lex.reporting)
            ev.told_on = ev.time is not None
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
        if trig.truce_only:
            return  # "sought a ceasefire" is a proposal; "sought funding" is not
        reader = getattr(self, "_" + (trig.kind or "none").lower(), None)
        if reader is not None:
            reader(st, tok, trig)
        if trig.kind == "Casualties":
            self._killing(st, tok, trig)

    def subject_actors(self, st: KgState, tok: Token) -> list[int]:
        """The actors of a verb's subject; "X said ..., and he called for a truce": a pronoun subject of a
        second clause is the named subject of the first."""
        subj = subject(tok)
        if subj is not None and subj.lower_ in ("he", "she") and tok.dep_ == "conj":
            first = subject(tok.head)
            if first is not None and first.pos_ == "PROPN" and first.i < subj.i:
                found = self.actors(st, first)
                if found:
                    return found
        return self.actors(st, subj)

    def _agents(self, st: KgState, tok: Token) -> list[int]:
        if acts_as_verb(tok):
            return self.subject_actors(st, tok)
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
        means = means_verb(tok)  # "X retaliated with a series of raids on Y"
        if means is not None and not is_passive(means):
            return self.actors(st, subject(means))
        return []

    # -- ceasefires ------------------------------------------------------------------


@Language.factory("kg_events", assigns=["doc._.kg"], requires=["doc._.kg"])
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    """Events and their roles."""
    return EventFinder(nlp, name)


__all__ = ["EventFinder", "country_entity", "generic_entity", "loyal_to", "ACTOR_KINDS", "PLACE_KINDS"]
