"""Readers for what sides say and agree: truces, proposals, answers, agreements, denials
(mixed into kg_events)."""

from __future__ import annotations

from typing import cast

from spacy.tokens import Token

from kg.extract.lexicon import Trigger
from kg.extract.phrases import HALT_NOUNS
from kg.extract.resolve import (
    ACTOR_KINDS,
    AGREEMENT_NOUNS,
    PEACE_CUES,
    PROPOSAL_NOUNS,
    FinderHelpers,
    _cut_at_comma,
    _last_of_kind,
    _noun_label,
    generic_entity,
)
from kg.extract.state import KgState
from kg.extract.syntax import (
    child,
    children,
    clause_tokens,
    is_passive,
    phrase_text,
    prep_objects,
    subject,
)

# Writings addressed to someone: "in a letter to X".
LETTER_NOUNS = {"letter", "message", "note", "statement", "appeal"}
# Verbs that lay something on the side named as their object: "accused X of violations".
ACCUSING = {"accuse", "charge", "blame"}


class TalkReader(FinderHelpers):
    """Role readers for truces, proposals and their answers."""

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
                        st.entity_at(t) is not None and st.entities[cast(int, st.entity_at(t))].kind == "Ceasefire"
                        for t in xc.subtree
                    ):
                        return True  # "agreed to extend the truce": the extension is the event
            truce = self.ceasefire_in(st, *[c for c in [obj, *to] if c is not None])
            if truce is None and obj is not None and self._the_deal(obj) and trig.action in ("violated", "ended"):
                truce = self._truce_told_before(st, obj)  # "both sides violated the deal": the truce told
            if truce is None:
                truce_tok = self._wrapped_truce(st, tok)  # "called for a ceasefire to begin on 12 June"
                truce = None if truce_tok is None else self._truce_at(st, truce_tok)
            if truce is None and subj is None and tok.dep_ in ("conj", "xcomp"):
                subj = subject(tok)  # "the truce was agreed ... and collapsed"
                if subj is not None and self._truce_at(st, subj) is not None:
                    truce, truce_tok, subj = self._truce_at(st, subj), subj, None
            if truce is None and tok.dep_ == "conj" and (subj is None or subj.tag_ in ("WDT", "DT", "IN")):
                shared = self._shared_truce(st, tok.head)  # "was signed ... and took effect", "that ... and that took"
                if shared is not None:
                    truce, truce_tok, subj = self._truce_at(st, shared), shared, None
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
                # a truce somewhere in the verb's own clause ("prolong by ten days a month-long truce")
                for t in clause_tokens(tok):
                    # "offered X in return for a halt to the fighting": a halt told further off is no topic
                    if t.i > tok.i and self._truce_at(st, t) is not None and t.lemma_.lower() not in HALT_NOUNS:
                        truce, truce_tok = self._truce_at(st, t), t
                        break
            if truce is None:
                return False
            agents = self.subject_actors(st, tok) if subj is not None or is_passive(tok) else []
            if not agents and child(tok, "nsubj") is None and tok.dep_ in ("xcomp", "pcomp", "conj", "advcl"):
                agents = [a for a in self.actors(st, subject(tok)) if st.entities[a].kind != "Ceasefire"]
        else:
            truce = self.ceasefire_in(st, *prep_objects(tok, "of", "to", "for"), child(tok, "compound"))
            accused = self._accused(st, tok) if trig.action == "violated" else []
            if truce is None and accused:
                truce = self._truce_told_before(st, tok)  # "accused X of repeated violations": of that truce
            if truce is None:
                return False
            agents = self._noun_proposers(st, tok) if trig.kind == "Proposal" else accused or self._agents(st, tok)
            if trig.kind == "Proposal" and not agents:
                return True  # "the ceasefire proposal": one told before, not a new one
        if not agents and truce_tok is not None and trig.action == "agreed":
            # "a truce between X and Y, agreed in January"
            agents = [a for t in prep_objects(truce_tok, "between") for a in self.actors(st, t)]
        kind = trig.kind if trig.kind in ("Proposal", "Rejection", "Acceptance", "Agreement") else "CeasefireEvent"
        for agent in cast("list[int | None]", agents) or [None]:
            ev = self.new(st, tok, kind, trig, agent=agent, topic=truce)
            ev.action = trig.action
            ev.label = st.entities[truce].label
            if kind == "Proposal":
                addressee = self._addressee(st, tok)
                if addressee is not None:
                    ev.roles["addressee"] = addressee
        return True

    @staticmethod
    def _the_deal(tok: Token) -> bool:
        """ "the deal", "the agreement": a definite agreement noun, the truce told before when there is one."""
        return tok.lemma_.lower() in AGREEMENT_NOUNS and any(c.lower_ in ("the", "this") for c in tok.lefts)

    def _shared_truce(self, st: KgState, head: Token) -> Token | None:
        """The truce a coordinated verb shares with the verb before it: its passive subject, or the
        noun both relative clauses hang on."""
        for cand in [child(head, "nsubjpass", "nsubj"), head.head if head.dep_ == "relcl" else None]:
            if cand is not None and self._truce_at(st, cand) is not None:
                return cand
        return None

    def _wrapped_truce(self, st: KgState, verb: Token) -> Token | None:
        """The truce that is the subject of a clause the verb wraps with "for": "called for a truce to begin"."""
        for c in verb.children:
            marked = any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children)
            if c.dep_ in ("advcl", "ccomp", "xcomp") and marked:
                subj = child(c, "nsubj")
                if subj is not None and self._truce_at(st, subj) is not None:
                    return subj
        return None

    def _accused(self, st: KgState, noun: Token) -> list[int]:
        """The side an accusation names for what the noun tells: "accused X of violations" gives X."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "of":
            return []
        verb = prep.head
        if verb.dep_ == "dobj":  # the parser may hang "of violations" on the accused
            verb = verb.head
        if verb.lemma_.lower() in ACCUSING:
            return self.actors(st, child(verb, "dobj"))
        return []

    @staticmethod
    def _truce_told_before(st: KgState, tok: Token) -> int | None:
        """The truce named last before this token."""
        best: tuple[int, int] | None = None
        for ment in st.mentions:
            if ment.entity is not None and ment.end <= tok.i and st.entities[ment.entity].kind == "Ceasefire":
                if best is None or ment.start > best[0]:
                    best = (ment.start, ment.entity)
        return None if best is None else best[1]

    @staticmethod
    def _truce_at(st: KgState, tok: Token) -> int | None:
        idx = st.entity_at(tok)
        return idx if idx is not None and st.entities[idx].kind == "Ceasefire" else None

    # -- kinds -----------------------------------------------------------------------

    def _addressee(self, st: KgState, tok: Token) -> int | None:
        for dep in ("dative", "iobj"):
            c = child(tok, dep)
            if c is not None and self.ent(st, c, ACTOR_KINDS) is not None:
                return self.ent(st, c, ACTOR_KINDS)
        if tok.lemma_.lower() in ("urge", "invite", "ask"):
            obj = child(tok, "dobj")
            if obj is not None and self.ent(st, obj, ACTOR_KINDS) is not None:
                return self.ent(st, obj, ACTOR_KINDS)
        for t in prep_objects(tok, "to"):
            idx = self.ent(st, t, ACTOR_KINDS)
            if idx is not None:
                return idx
        if tok.dep_ == "conj":  # "spoke to X and urged a truce": the one spoken to
            for t in prep_objects(tok.head, "to"):
                idx = self.ent(st, t, ACTOR_KINDS)
                if idx is not None:
                    return idx
        # "in a letter to X, Y said ... and called for a truce": the one written to
        for verb in [tok, tok.head] if tok.dep_ in ("conj", "ccomp") else [tok]:
            for note in prep_objects(verb, "in"):
                if note.lemma_.lower() in LETTER_NOUNS:
                    for t in prep_objects(note, "to"):
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
            told = self.lex.triggers.get(tok.head.lemma_.lower(), ())
            if tok.dep_ == "acl" and any(t.kind == "Proposal" for t in told):
                return  # "a proposal put forward by X": the noun tells the proposal

        else:
            content = next(
                (c for c in tok.children if c.dep_ == "acl" and any(a.tag_ == "TO" for a in c.children)), None
            )
            if content is None:
                content = next(iter(prep_objects(tok, "for", "on", "to")), None)
            agreed = self._agreed_by_accepting(st, tok) if content is None else None
            if agreed is not None:
                verb, truce_tok = agreed
                agents = self._noun_proposers(st, tok)
                if not agents:
                    return
                # "agreed to renew the truce after accepting a proposal from X": X proposed the renewal
                label = " ".join(t.text for t in tok.doc[verb.i : truce_tok.i + 1] if t.tag_ != "TO")
                for proposer in agents:
                    ev = self.new(st, tok, "Proposal", trig, agent=proposer, topic=self._truce_at(st, truce_tok))
                    ev.label, ev.action = label, "proposed"
                return
        agents = self._agents(st, tok) if is_verb else self._noun_proposers(st, tok)
        if not is_verb and not agents:
            return  # "the plan was turned down": a reference, not a new proposal
        if not is_verb and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
            return  # "their proposal": one told before
        if content is None and is_verb and tok.dep_ == "acl" and is_passive(tok):
            label = _noun_label(tok.head)  # "a draft put forward by X": the noun the participle tells
        elif content is not None:
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
        if (
            truce is None
            and content is not None
            and content.lemma_.lower() == "cease"
            and any(c.lower_ == "fire" for c in content.children)
        ):
            truce = generic_entity(st, content, "Ceasefire")  # "asked both armies to cease fire"
            st.entities[truce].label = "cease fire"
        if truce is None and not is_verb:
            truce = self.ceasefire_in(st, *[c for c in tok.children if c.dep_ == "compound"])
        if truce is None and not is_verb and content is None and child(tok, "poss") is not None:
            # "accepted the president's proposal" with a truce told before and no other content: that truce
            truce = self._truce_told_before(st, tok)
        for agent in cast("list[int | None]", agents) or [None]:
            ev = self.new(st, tok, "Proposal", trig, agent=agent, addressee=self._addressee(st, tok), topic=truce)
            ev.label = label
            if truce is not None:
                ev.action = "proposed"

    def _agreed_by_accepting(self, st: KgState, noun: Token) -> tuple[Token, Token] | None:
        """ "agreed to renew the truce, after accepting a proposal from X": the clause that says what the
        accepted proposal was (its verb and its truce), when the proposal noun is accepted in a clause
        hung on a verb that acts on a truce."""
        answer = noun.head
        answers = self.lex.triggers.get(answer.lemma_.lower(), ())
        if noun.dep_ != "dobj" or not any(t.kind == "Acceptance" for t in answers):
            return None
        cur = answer
        for _ in range(3):
            if cur.dep_ not in ("pcomp", "prep", "advcl", "conj") or cur.head is cur:
                return None
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                # the verb itself or the infinitive it wraps ("agreed to prolong the truce, after accepting")
                for verb in [cur, *(c for c in cur.children if c.dep_ in ("xcomp", "advcl") and c.i < answer.i)]:
                    obj = child(verb, "dobj")
                    if obj is not None and obj.i < answer.i and self._truce_at(st, obj) is not None:
                        return verb, obj
        return None

    def _noun_proposers(self, st: KgState, tok: Token) -> list[int]:
        found = self._agents(st, tok)
        if found:
            return found
        poss = child(tok, "poss")
        titled = self._titled_person(st, poss) if poss is not None else None
        if titled is not None:
            return [titled]  # "accepted the president's proposal": the president named before
        for t in prep_objects(tok, "from"):  # "an offer from the envoy"
            found = [a for a in self.actors(st, t) if st.entities[a].kind != "Ceasefire"]
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

    def _titled_person(self, st: KgState, tok: Token) -> int | None:
        """ "the president", "the envoy": the person last named with that title ("President A B")."""
        lemma = tok.lemma_.lower()
        if lemma not in self.lex.titles or st.entity_at(tok) is not None:
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
            return None
        doc = tok.doc
        for ment in sorted(st.mentions, key=lambda m: -m.start):
            if ment.start >= tok.i or ment.entity is None or st.entities[ment.entity].kind != "Person":
                continue
            before = doc[max(ment.start - 3, doc[ment.start].sent.start) : ment.end]
            if any(t.lemma_.lower() == lemma for t in before):
                return ment.entity
        return None

    def _response(self, st: KgState, tok: Token, trig: Trigger, kind: str) -> None:
        is_verb = tok.pos_ in ("VERB", "AUX")
        if is_verb:
            obj = child(tok, "dobj") if not is_passive(tok) else child(tok, "nsubjpass")
            if tok.dep_ == "relcl" and (obj is None or obj.tag_ in ("WDT", "WP") or obj.lower_ == "that"):
                obj = tok.head  # "an offer that both sides accepted"
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
        if not agents and is_verb and tok.dep_ == "relcl":
            return  # "a draft which both delegations accepted": who answered is not told here
        if is_verb and tok.dep_ == "relcl":
            agents += [a for c in obj.conjuncts if c.i > tok.i for a in self.actors(st, c) if a not in agents]
        truce = self.ceasefire_in(st, obj) if st.entity_at(obj) is not None else None
        proposal = None
        if olemma in PROPOSAL_NOUNS or obj.i in {e.trigger for e in st.events}:
            proposal = self._proposal_for(st, obj, tok)
        elif obj.lower_ == "it" and truce is None:
            # "X accepted the offer; Y turned it down": the proposal told last, in this sentence or the one before
            sents = {obj.sent.start, obj.doc[obj.sent.start - 1].sent.start if obj.sent.start else -1}
            proposal = next(
                (
                    i
                    for i in range(len(st.events) - 1, -1, -1)
                    if st.events[i].kind == "Proposal"
                    and st.events[i].trigger < obj.i
                    and obj.doc[st.events[i].trigger].sent.start in sents
                ),
                None,
            )
        if truce is None and proposal is None:
            if olemma in AGREEMENT_NOUNS:
                truce = _last_of_kind(st, "Ceasefire", obj.i)
                if truce is None:
                    truce = generic_entity(st, obj, "Thing")
            elif olemma in PROPOSAL_NOUNS:
                # "accepted the mediator's proposal" with no proposal told: the truce told before, if any;
                # "rejected offers of mediation": a new proposal, told by its own words
                if obj.head.i == tok.i and not self._definite(obj):
                    truce = self._told_offer(st, obj)
                elif not any(c.lower_ in ("a", "an") for c in obj.lefts):
                    truce = self._truce_told_before(st, obj)
            else:
                return
        if proposal is not None and agents and "addressee" not in st.events[proposal].roles:
            if st.events[proposal].roles.get("agent") not in agents:
                st.events[proposal].roles["addressee"] = agents[0]  # who answers a proposal was offered it
        for agent in cast("list[int | None]", agents) or [None]:
            ev = self.new(st, tok, kind, trig, agent=agent, topic=truce)
            ev.topic_event = proposal
            ev.action = trig.action
            if proposal is not None and truce is None:
                ev.label = st.events[proposal].label

    @staticmethod
    def _told_offer(st: KgState, obj: Token) -> int:
        """A proposal named only where it is answered: a thing labelled by its own words."""
        known = st.entity_at(obj) is not None
        idx = generic_entity(st, obj, "Thing")
        if not known:
            st.entities[idx].label = _cut_at_comma(phrase_text(obj)[0])
        return idx

    @staticmethod
    def _definite(noun: Token) -> bool:
        """ "the offer", "their plan", "Ghana's proposal": one told before (not "a plan", "offers")."""
        return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in noun.lefts)

    def _proposal_for(self, st: KgState, obj: Token, answer: Token) -> int | None:
        for i, ev in enumerate(st.events):
            # the noun itself, or the noun a participle tells of ("a draft put forward by X")
            if ev.kind == "Proposal" and (ev.trigger == obj.i or obj.doc[ev.trigger].head.i == obj.i):
                return i
        if obj.dep_ == "dobj" and obj.head.i == answer.i and not self._definite(obj):
            return None  # "rejected offers of mediation", "accepted a plan": a new proposal, not the one told
        # "the plan", "an offer the rebels refused": the latest proposal told before
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
        for agent in cast("list[int | None]", agents) or [None]:
            ev = self.new(st, tok, "Agreement", trig, agent=agent)
            ev.label = phrase_text(obj)[0]

    def _denial(self, st: KgState, tok: Token, trig: Trigger) -> None:
        """Read by kg_attribution (it needs the sources of earlier claims)."""
        agents = self._agents(st, tok)
        for agent in cast("list[int | None]", agents) or [None]:
            self.new(st, tok, "Denial", trig, agent=agent)
