"""kg_attribution: who said what. Statements, event sources, denied claims and alliances.

- A reporting verb with a speaker ("X said", "X told reporters", "according to X")
  is one Statement event; the events in what was said get X as their source.
- A denial's claim is what the denier rejects: the content of "reports that ..."
  or of an accusation ("accused X of Y, a charge Z denied"), else the denied phrase;
  its claimant is whoever made the claim (the reports' owner, the accuser, or the
  latest source named before).
- Alliances: "X and their Y allies", "Y-backed X", "X backed by Y", "X, Y's ally".
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.extract.coref import SPOKES
from kg.extract.institutions import institution
from kg.extract.lexicon import load_lexicon, read_rows
from kg.extract.resolve import ACTOR_KINDS, country_entity, generic_entity, loyal_to
from kg.extract.state import ClaimDraft, EventDraft, KgState, state, words
from kg.extract.syntax import child, is_passive, phrase_text, prep_objects, statuses, subject, time_of, with_conjuncts

ALLEGED = {"allegedly", "purportedly", "supposedly"}  # a relation told with these is only a claim
CLAIM_VERBS = {"accuse", "allege", "deny", "dismiss", "claim", "charge", "blame", "reject"}
# "the rights group X", "the medical charity X": a noun that describes the organisation named after it
DESCRIBING_NOUNS = {"group", "organisation", "organization", "agency", "charity", "monitor", "network", "body", "ngo"}
# Documents that speak for their author once the author is told: "The statement added ...".
DOCUMENT_NOUNS = {"statement", "communique", "communiqué", "release", "declaration", "letter", "bulletin"}
SOURCE_NOUNS = {"source"}  # "according to a medical source": the attribution itself names no actor
# nouns that point back at figures told before: "the figures come from X", "that toll was given by Y"
FIGURE_NOUNS = {"figure", "toll", "tally", "number", "count", "estimate", "data", "statistic"}
DISPUTING = {"reject", "deny", "dispute", "contest", "dismiss"}  # "a figure the rebels reject"
SPEECH = {"say", "add", "insist", "warn", "note", "tell", "claim", "state"}  # "..., saying Y" is a statement
ALLIANCE_CUES = {
    "ally",
    "allied",
    "backed",
    "aligned",
    "supported",
    "-backed",
    "sponsored",
    "back",
    "support",
    "backing",
    "help",
    "reinforce",
    "alliance",
    "coalition",
    "pact",
    "member",
    "alongside",
    "side",
}
FIGHT_VERBS = {"fight", "combat", "battle"}  # "volunteers who fight alongside (at the side of) the militia"


# How many sentences either side a denial looks for the report it answers, by a shared content word.
CLAIM_REACH = 6
# Words that tell that something was said or how, not what: no content to match a denial by.
EMPTY_CONTENT = {"be", "have", "do", "say", "tell", "deny", "claim", "report", "add", "make", "take", "go", "get"}


def _country_of(doc: Doc, st: KgState, idx: int, countries: dict[str, str]) -> str | None:
    """The country of an organisation: its own, else that of the one it belongs to ("A's council")."""
    ent = st.entities[idx]
    if ent.country is not None or not ent.mentions:
        return ent.country
    for c in doc[ent.mentions[0].head].children:
        if c.dep_ != "poss":
            continue
        owner = st.entity_at(c)
        if owner is not None and owner != idx:
            return st.entities[owner].country
        if c.text.lower() in countries:
            return countries[c.text.lower()]  # the possessor is a word of the organisation's own name
    return None


def _stem(lemma: str) -> str:
    """ "agreement" and "agree", "violation" and "violate": one stem for a verb and its noun."""
    for suffix in ("ation", "ment", "ion"):
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= 4:
            lemma = lemma[: -len(suffix)]
            break
    return lemma[:-1] if lemma.endswith("e") and len(lemma) > 4 else lemma


def _previous_sentence_start(tok: Token) -> int:
    """Where the sentence before ``tok``'s sentence starts (or its own, at the start of the text)."""
    start = tok.sent.start
    return tok.doc[start - 1].sent.start if start > 0 else start


def _parenthetical(verb: Token) -> bool:
    """A reporting verb set after what it reports, with no complement of its own: "..., X said, ..."."""
    doc = verb.doc
    return verb.dep_ in ("parataxis", "ccomp", "advcl", "conj") and not any(
        c.dep_ in ("ccomp", "dobj", "xcomp")
        # "..., officials say, many of them women": what follows a comma is not what they say
        and not any(t.text == "," for t in doc[verb.i + 1 : c.left_edge.i])
        for c in verb.children
    )


def _speaker_swallowed(verb: Token) -> Token | None:
    """ "N were killed when ..., out of the valley, the state bus company said.": a long clause before a
    closing speech verb can swallow its speaker; the noun right before the verb, after a comma, is who spoke."""
    doc = verb.doc
    if verb.dep_ != "ROOT" or verb.i < 2 or not all(t.is_punct or t.is_space for t in doc[verb.i + 1 : verb.sent.end]):
        return None
    if not any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
        return None
    noun = doc[verb.i - 1]
    commas = [t.i for t in doc[max(noun.left_edge.i - 1, verb.sent.start) : noun.i] if t.text == ","]
    if noun.pos_ not in ("NOUN", "PROPN") or not commas:
        return None
    return noun


def _trim_to_comma(st: KgState, noun: Token) -> None:
    """The speaker's name starts after the last comma before it ("out of the Kessa, Varnia's bus company")."""
    ment = st.mention_at(noun)
    doc = noun.doc
    comma = max((t.i for t in doc[ment.start : noun.i] if t.text == ","), default=None) if ment else None
    if ment is None or comma is None:
        return
    old_start, old_label, ment.start = ment.start, ment.label, comma + 1
    ment.label = doc[ment.start : ment.end].text
    ent = st.entities[ment.entity] if ment.entity is not None else None
    if ent is not None and ent.label == old_label:
        ent.label = ment.label
    for i in range(old_start, comma + 1):
        if st.by_token.get(i) is ment:
            del st.by_token[i]


class Attribution:
    """The kg_attribution component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lex = load_lexicon()
        self.release: dict[str, set[str]] = {}  # release verb -> the child lemmas it needs (empty: none)
        for lemma, needs in read_rows("statements"):
            self.release.setdefault(lemma, set()).update(() if needs == "-" else (needs,))
        self.speech_verbs = self.lex.reporting | {lemma for lemma, needs in self.release.items() if not needs}

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        speakers = self._statements(doc, st)
        self._third_party_welcomes(doc, st)
        self._rejected_claims(doc, st)
        self._sources(doc, st, speakers)
        self._sources_told_after(doc, st, speakers)
        self._denials(doc, st, speakers)
        self._disputed(doc, st, speakers)
        self._agreed_by_the_speakers_side(doc, st)
        self._alliances(doc, st)
        return doc

    def _agreed_by_the_speakers_side(self, doc: Doc, st: KgState) -> None:
        """ "X, an official of A's security council, said a truce had been agreed": a truce agreed with no
        party named, told by a side's own voice, was agreed by that side (a side: one that fights in the
        article, of the speaker's country)."""
        countries = self.lex.countries
        sides = {
            ev.roles[role]
            for ev in st.events
            if ev.kind == "Clash" and ev.status == "asserted"
            for role in ("agent", "opponent")
            if role in ev.roles
        }
        for ev in st.events:
            if ev.action != "agreed" or "agent" in ev.roles or ev.source is None or ev.status != "asserted":
                continue
            if not is_passive(doc[ev.trigger]) or prep_objects(doc[ev.trigger], "by"):
                continue
            voice = st.entities[ev.source]
            country = voice.country
            if country is None and voice.affiliation is not None:
                country = _country_of(doc, st, voice.affiliation, countries)  # "secretary of A's council"
            own = [s for s in sides if country is not None and st.entities[s].country == country]
            if len(own) == 1:
                ev.roles["agent"] = own[0]

    def _actor(self, st: KgState, tok: Token | None) -> list[int]:
        out = []
        for t in with_conjuncts(tok):
            idx = st.entity_at(t)
            named = self._named_beside(st, t) if t.pos_ == "NOUN" else None
            if named is None and t.pos_ == "NOUN":
                named = self._name_after(st, t)
            if named is None and t.pos_ == "NOUN":
                named = self._name_in_apposition(st, t)
            if named is not None:
                idx = named  # "the region's ombudsman, X, said", "a spokesman for Y, X, said"
            elif t.lemma_.lower() in self.lex.titles | {"negotiator"} and t.tag_ != "NNS":
                if idx is None or st.entities[idx].kind != "Person":
                    # "the group's spokesman said": an unnamed voice speaks for its organisation
                    owner = [c for c in t.lefts if c.dep_ in ("poss", "compound") and st.entity_at(c) is not None]
                    if owner and st.entities[cast(int, st.entity_at(owner[0]))].kind in ACTOR_KINDS:
                        idx = st.entity_at(owner[0])
            if idx is None and t.pos_ == "NOUN" and t.dep_ == "nsubj" and self._speaks(t.head):
                possessor = next((c for c in t.lefts if c.dep_ == "poss"), None)
                owned = st.entity_at(possessor)
                if owned is not None and st.entities[owned].kind in ACTOR_KINDS - {"Person"}:
                    # "the military's information team said": a unit of an organisation speaks for it
                    idx = generic_entity(st, t, "Organization")
            if idx is None and t.pos_ == "NOUN" and t.lemma_.lower() in DOCUMENT_NOUNS:
                idx = self._author(st, t)  # "In a statement, X said ... The statement added": X
            if idx is None and t.pos_ == "NOUN" and t.lemma_.lower() in SOURCE_NOUNS:
                # "according to a medical source", "security sources said": an unnamed source
                idx = generic_entity(st, t, "Organization")
            loyal = loyal_to(st, t)
            if loyal is not None:
                idx = loyal
            if idx is None and t.pos_ == "PROPN" and t.is_title:
                # "Okello said": a surname the tagger did not mark, of a person named before
                for i, ent in enumerate(st.entities):
                    words = ent.label.split()
                    if (
                        ent.kind == "Person"
                        and len(words) > 1
                        and t.text in (words[0], words[-1])
                        and ent.mentions
                        and ent.mentions[0].start < t.i
                    ):
                        idx = i
            if idx is None and self._unmarked_name(t):
                # "the Joint Command said", "Okello said": a name the tagger missed; one word is a surname
                lone = not any(c.dep_ in ("compound", "flat") for c in t.lefts) and not t.text.isupper()
                idx = generic_entity(st, t, "Person" if lone else "Organization")
            if idx is None and t.pos_ == "NOUN" and t.is_lower:
                idx = institution(st, t)  # "according to the regional directorate of civil protection"
            if idx is None and t.pos_ == "NOUN" and t.lemma_.lower() in self.lex.actor_heads | {"resident": ""}:
                kind = self.lex.actor_heads.get(t.lemma_.lower(), "Organization")
                idx = generic_entity(st, t, "Organization" if kind in ("Person", "Population") else kind)
            if idx is not None and st.entities[idx].kind in ACTOR_KINDS | {"Population"}:
                out.append(idx)
            elif idx is not None and t.pos_ == "PROPN" and st.entities[idx].kind in ("City", "Country"):
                out.append(idx)  # "Nairobi said"
        return out

    @staticmethod
    def _spoken_for(doc: Doc, st: KgState, who: int | None) -> int | None:
        """A spokesman's claim is the claim of the organisation he speaks for ("ministry spokesman X")."""
        if who is None or st.entities[who].kind != "Person" or st.entities[who].affiliation is None:
            return who
        for ment in st.entities[who].mentions:
            if any(t.lemma_.lower() in SPOKES for t in doc[max(ment.start - 3, 0) : ment.start]):
                return st.entities[who].affiliation
        return who

    def _disputer(self, saying: Token) -> Token | None:
        """ "X dismissed claims that the port was lost, saying ...": the parser may hang "saying" on the
        reported clause; after a comma it is X's, the subject of the dismissing or speaking verb above."""
        if saying.i == 0 or saying.doc[saying.i - 1].text != ",":
            return None
        cur = saying.head
        for _ in range(3):
            if cur.dep_ not in ("acl", "ccomp", "relcl", "dobj") or cur.head is cur:
                return None
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in self.speech_verbs | DISPUTING:
                return child(cur, "nsubj")
        return None

    def _speaks(self, verb: Token) -> bool:
        """Whether a verb is an act of speech: a speech verb, or one told by "saying" ("dismissed the
        reports, saying ...")."""
        return verb.lemma_.lower() in self.speech_verbs | DISPUTING or any(
            c.dep_ == "advcl" and c.lemma_.lower() in SPEECH and c.tag_ == "VBG" for c in verb.children
        )

    @staticmethod
    def _author(st: KgState, noun: Token) -> int | None:
        """ "the statement", "the same communique": the speaker of the sentence a few before it that
        names the same kind of document ("In a communique, X affirmed ..."), or None."""
        if not any(c.lower_ in ("the", "this", "that", "same") for c in noun.lefts):
            return None
        doc, lemma = noun.doc, noun.lemma_.lower()
        start = noun.sent.start
        for _ in range(3):
            if start == 0:
                break
            sent = doc[start - 1].sent
            start = sent.start
            if any(t.lemma_.lower() == lemma for t in sent):
                told = [ev for ev in st.events if ev.kind == "Statement" and sent.start <= ev.trigger < sent.end]
                return told[0].roles.get("agent") if told else None
        return None

    @staticmethod
    def _named_beside(st: KgState, t: Token) -> int | None:
        """The person named in apposition to a common noun, or to the organisation after it:
        "the mayor, X", "a spokesman for the Y, X" (the person speaks, not the title)."""
        for c in _appositions(t):
            idx = st.entity_at(c)
            if idx is not None and st.entities[idx].kind == "Person":
                return idx
        return None

    @staticmethod
    def _name_in_apposition(st: KgState, t: Token) -> int | None:
        """ "the UN agency for X refugees, ACRONYM, said": the name set beside a described organisation."""
        for c in _appositions(t):
            if c.pos_ == "PROPN":
                idx = st.entity_at(c)
                if idx is not None and st.entities[idx].kind in ACTOR_KINDS - {"Person", "Country"}:
                    return idx
        return None

    def _unmarked_name(self, t: Token) -> bool:
        """A capitalised subject of a speech verb, in a full sentence (a heading is no source)."""
        return (
            t.pos_ == "PROPN"
            and t.dep_ == "nsubj"
            and (t.is_title or t.text.isupper())
            and t.head.lemma_.lower() in self.speech_verbs
            and t.sent[-1].is_punct
            and not any(w.is_punct for w in t.lefts)
        )

    @staticmethod
    def _name_after(st: KgState, t: Token) -> int | None:
        """ "the rights group Amnesty said": the name right after a describing noun is who speaks."""
        if t.i + 1 >= len(t.doc) or t.lemma_.lower() not in DESCRIBING_NOUNS:
            return None
        nxt = t.doc[t.i + 1]
        if nxt.pos_ != "PROPN" or not (nxt.text.isupper() or st.entity_at(nxt) is not None):
            return None
        idx = st.entity_at(nxt)
        if idx is None:
            return generic_entity(st, nxt, "Organization")
        return idx if st.entities[idx].kind in ACTOR_KINDS else None

    # -- statements ------------------------------------------------------------------
    def _statements(self, doc: Doc, st: KgState) -> dict[int, list[int]]:
        """Reporting verb token -> speakers; also makes the Statement events."""
        speakers: dict[int, list[int]] = {}
        table, reporting = words(doc), self.lex.reporting | {"deny"} | set(self.release)
        for i, lemma in enumerate(table.lemmas):
            if not (lemma in reporting and table.pos[i] in ("VERB", "AUX")) and table.lowers[i] != "according":
                continue  # neither a reporting verb nor "according to": nothing below applies
            tok = doc[i]
            needs = self.release.get(lemma) if lemma not in self.lex.reporting else None
            if needs and not any(c.lemma_.lower() in needs for c in tok.children):
                continue  # "put" is a release verb only in "put the toll at"
            who: list[int] = []
            if tok.pos_ in ("VERB", "AUX") and lemma in reporting:
                if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "acl") and child(tok, "nsubj") is None:
                    if lemma not in SPEECH or tok.dep_ != "advcl":
                        continue  # "..., accusing X of Y": an adjunct of another act
                    # "X rejected the charge, saying Y": X says Y
                subj = child(tok, "nsubj") if not is_passive(tok) else None
                if subj is None and tok.tag_ == "VBG" and tok.dep_ == "advcl":
                    subj = self._disputer(tok)
                if subj is None:
                    subj = subject(tok) if tok.dep_ in ("conj", "xcomp", "advcl") else None
                if subj is None and not is_passive(tok):
                    subj = _speaker_swallowed(tok)
                    if subj is not None:
                        _trim_to_comma(st, subj)
                apposed = [c for c in subj.children if c.dep_ == "appos"] if subj is not None else []
                named = [c for c in apposed if (e := st.entity_at(c)) is not None and st.entities[e].kind == "Person"]
                appos = (named or apposed)[0] if named or apposed else None
                if appos is not None and subj is not None and subj.lemma_.lower() in self.lex.populations:
                    subj = appos  # "..., among them four pupils, the governor, X, said": the governor (X) speaks
                who = self._actor(st, subj)
            elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                objs = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
                who = self._actor(st, objs[0]) if objs else []
                if objs and not who and objs[0].lemma_.lower() in FIGURE_NOUNS:
                    # "according to the latest figures of the relief council": whose figures they are
                    who = [a for o in prep_objects(objs[0], "of", "from", "by") for a in self._actor(st, o)]
                if objs and not who:
                    # "according to government figures": the one whose figures they are
                    for c in objs[0].lefts:
                        if c.dep_ in ("compound", "poss", "amod"):
                            who = self._actor(st, c)
                            if not who and c.lemma_.lower() in self.lex.actor_heads:
                                who = [generic_entity(st, c, self.lex.actor_heads[c.lemma_.lower()])]
                            if who:
                                break
            elif lemma == "statement" and tok.pos_ == "NOUN":
                continue
            if not who:
                continue
            # "..., among them four pupils, the governor said": a population is a source only alone
            who.sort(key=lambda idx: st.entities[idx].kind == "Population")
            speakers[tok.i] = who
            status = statuses(tok, self.lex) if tok.lower_ != "according" else "asserted"
            for idx in who:
                if st.entities[idx].kind == "Population":
                    continue
                ev = EventDraft("Statement", tok.i, status=status, roles={"agent": idx})
                ev.time = time_of(st, tok) if tok.lower_ != "according" else None
                st.events.append(ev)
        return speakers

    @staticmethod
    def _third_party_welcomes(doc: Doc, st: KgState) -> None:
        """ "The EU welcomed the truce": welcoming is accepting only for a party to what is welcomed
        (a side in the fighting, or the one a proposal was made to); a third party's welcome is
        only its statement."""
        parties = {
            idx
            for ev in st.events
            if ev.kind not in ("Statement", "Denial") and ev.status == "asserted"
            for role, idx in ev.roles.items()
            if role in ("agent", "opponent", "target", "captured_from", "addressee")
            and not (ev.kind in ("Acceptance", "CeasefireEvent") and doc[ev.trigger].lemma_.lower() == "welcome")
        }
        for ev in st.events:
            agent = ev.roles.get("agent")
            if ev.kind not in ("Acceptance", "CeasefireEvent") or agent is None or agent in parties:
                continue
            if doc[ev.trigger].lemma_.lower() == "welcome":
                ev.weak = True  # kept out of the answers, as the acceptance it is not

    def _rejected_claims(self, doc: Doc, st: KgState) -> None:
        """ "X rejected accusations that it broke the truce": rejecting what someone said is denying
        it, not rejecting a proposal."""
        for ev in st.events:
            if ev.kind != "Rejection" and not (ev.kind == "CeasefireEvent" and ev.action == "rejected"):
                continue
            obj = child(doc[ev.trigger], "dobj")
            if obj is None or obj.lemma_.lower() not in self.lex.claim_nouns | {"accusation", "allegation"}:
                continue
            if ev.kind == "CeasefireEvent":
                ev.weak = True  # no truce was rejected
                continue
            ev.kind, ev.action, ev.label, ev.topic_event = "Denial", None, None, None
            ev.roles.pop("topic", None)

    def _source_for(self, tok: Token, speakers: dict[int, list[int]]) -> int | None:
        cur = tok
        relative = False  # "blamed X for the ambush, which killed six": the clause is the writer's
        for _ in range(8):
            if cur.i in speakers and cur is not tok:
                if relative and cur.lemma_.lower() in CLAIM_VERBS | {"condemn"}:
                    return None
                return speakers[cur.i][0]
            relative = relative or cur.dep_ == "relcl"
            for c in cur.children:
                if c.dep_ == "prep" and c.lower_ == "according" and c.i in speakers:
                    return speakers[c.i][0]
                if c.i in speakers and c.i > cur.i and _parenthetical(c):
                    return speakers[c.i][0]  # "1,300 villagers fled, officials say, many of them elderly"
            if cur.dep_ == "ROOT" or cur.head is cur:
                break
            cur = cur.head
        # "according to X" anywhere in the sentence
        for t in tok.sent:
            if t.lower_ == "according" and t.i in speakers:
                return speakers[t.i][0]
        # the reporting verb is the root and the event sits in its complement
        root = tok.sent.root
        if root.i in speakers and root.i != tok.i:
            return speakers[root.i][0]
        return None

    def _sources(self, doc: Doc, st: KgState, speakers: dict[int, list[int]]) -> None:
        for ev in st.events:
            if ev.kind == "Statement" or ev.source is not None:
                continue
            src = self._source_for(doc[ev.trigger], speakers)
            if src is not None and src != ev.roles.get("agent"):
                ev.source = src

    def _sources_told_after(self, doc: Doc, st: KgState, speakers: dict[int, list[int]]) -> None:
        """ "At least 12 people were killed. The figures come from the health ministry.": a sentence that
        points back at the figures ("the figure", "that toll", "those numbers") and names who gave them
        is the source of the sourceless figures of the sentence before."""
        for tok in doc:
            if tok.lemma_.lower() not in FIGURE_NOUNS or tok.pos_ != "NOUN" or tok.sent.start == 0:
                continue
            if not any(c.lower_ in ("the", "this", "that", "these", "those") for c in tok.lefts):
                continue
            if any(c.dep_ == "nummod" or c.i in st.figures for c in tok.subtree) or tok.i in st.figures:
                continue  # "the toll rose to 37": a figure of its own, not a pointer back
            sent = tok.sent
            if any(doc[ev.trigger].sent == sent for ev in st.events if ev.kind in ("Casualties", "Displacement")):
                continue
            giver = self._giver(st, tok, speakers)
            if giver is None:
                continue
            prev = doc[sent.start - 1].sent
            for ev in st.events:
                if ev.kind in ("Casualties", "Displacement") and ev.source is None:
                    if prev.start <= ev.trigger < prev.end:
                        ev.source = giver

    def _giver(self, st: KgState, tok: Token, speakers: dict[int, list[int]]) -> int | None:
        """Who gives the figures a pointer noun refers to: "from X", "by X", "according to X", "X said"."""
        verb = tok.head if tok.dep_ in ("nsubj", "nsubjpass", "dobj") else tok
        for holder in (tok, verb):
            for obj in prep_objects(holder, "from", "by"):
                found = [a for a in self._actor(st, obj) if st.entities[a].kind != "Population"]
                if found:
                    return found[0]
        if tok.dep_ == "dobj" and verb.i in speakers:
            return speakers[verb.i][0]  # "the ministry gave the figure"
        for i in range(tok.sent.start, tok.sent.end):
            if i in speakers and tok.doc[i].lower_ == "according":
                return speakers[i][0]
        return None

    # -- denials ---------------------------------------------------------------------
    def _denials(self, doc: Doc, st: KgState, speakers: dict[int, list[int]]) -> None:
        for ev in list(st.events):
            if ev.kind != "Denial":
                continue
            tok = doc[ev.trigger]
            if "agent" not in ev.roles:
                author = self._actor(st, child(tok, "nsubj"))  # "The same communique denied ...": its author
                if author:
                    ev.roles["agent"] = author[0]
            obj = child(tok, "dobj", "ccomp", "xcomp")
            if obj is None and tok.dep_ in ("relcl", "acl"):
                obj = tok.head
            if obj is None and is_passive(tok):
                obj = child(tok, "nsubjpass")
            if obj is None:
                ev.status = "hypothetical"  # nothing said to deny: leave it out of the answers
                continue
            text, start, end, claimant = self._claim(doc, st, tok, obj, speakers)
            for i in range(start, end):
                if doc[i].text == "," and i - start >= 3:
                    text, end = doc[start:i].text, i
                    break
            if obj.dep_ in ("dobj", "ccomp", "xcomp") and obj.head.i == tok.i:
                for other in st.events:
                    if (
                        other is not ev
                        and tok.i < other.trigger <= obj.right_edge.i
                        and obj.left_edge.i <= other.trigger
                        and doc[other.trigger].sent == tok.sent
                    ):
                        if other.kind not in ("Statement",):
                            other.status = "negated"  # what is denied is not told as fact
            own = {ev.roles.get("agent"), *speakers.get(tok.i, [])}
            told = obj.lemma_.lower() not in self.lex.claim_nouns | {"accusation", "charge", "allegation"}
            nearby = self._claim_told_nearby(doc, st, tok, (start, end), speakers, own) if told else None
            if nearby is not None and claimant == self._latest_source(st, tok, speakers):
                claimant = nearby  # the report the denial answers, not merely the last one quoted
            if claimant in own:
                # not one's own claim: the last one quoted before
                claimant = self._latest_source(st, tok, speakers, exclude=own)
            if claimant is None:
                claimant = self._claim_named_after(st, tok, own)
            st.claims.append(ClaimDraft(text, start, end, self._spoken_for(doc, st, claimant)))
            ev.claim = len(st.claims) - 1
            if ev.status == "negated" and any(c.dep_ == "neg" for c in tok.children):
                continue
            ev.status = "asserted" if ev.status in ("negated",) else ev.status

    def _claim_told_nearby(
        self, doc: Doc, st: KgState, tok: Token, span: tuple[int, int], speakers: dict[int, list[int]],
        own: AbstractSet[int | None],
    ) -> int | None:
        """ "Y said X's troops fired on its posts. ... X denied that its troops had opened fire": the nearest
        other speaker a few sentences before (or after, in a live blog told newest first) whose reported
        clause shares a core word with the denied clause: its verb, subject or object ("fire", "agreed"
        and "agreement")."""
        root = next((t for t in doc[span[0] : span[1]] if not span[0] <= t.head.i < span[1] or t.head == t), None)
        denied = self._core_stems(root) if root is not None else set()
        if not denied:
            return None
        sents = list(doc.sents)
        here = next(n for n, sent in enumerate(sents) if sent.start <= tok.i < sent.end)
        newest_first = sum(1 for sec in st.sections if sec.kind == "day") >= 2
        best: tuple[int, bool, int] | None = None  # (sentences away, told after, speaker)
        for verb_i, who in speakers.items():
            others = [w for w in who if w not in own]
            verb = doc[verb_i]
            if verb_i == tok.i or not others or verb.lemma_.lower() in DISPUTING:
                continue
            n = next(k for k, sent in enumerate(sents) if sent.start <= verb_i < sent.end)
            if abs(n - here) > CLAIM_REACH or n > here and not newest_first:
                continue
            said = child(verb, "ccomp")
            if said is not None and denied & self._core_stems(said):
                if best is None or (abs(n - here), n > here) < best[:2]:
                    best = (abs(n - here), n > here, others[0])
        return None if best is None else best[2]

    def _core_stems(self, root: Token) -> set[str]:
        """The stems of a clause's verb and of its subject and object nouns that tell what happened (not
        who: "troops", "forces" are no content)."""
        core = [root, *(c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "dobj"))]
        return {
            _stem(t.lemma_.lower())
            for t in core
            if t.pos_ in ("VERB", "NOUN") and not t.is_stop and t.lemma_.lower() not in EMPTY_CONTENT
            and t.lemma_.lower() not in self.lex.actor_heads
        }

    def _claim_named_after(self, st: KgState, tok: Token, own: AbstractSet[int | None]) -> int | None:
        """ "X denied that the town had fell. 'The Front's claim is a lie,' he said.": the one whose
        claim the denier names in the next sentence."""
        doc = tok.doc
        after = doc[tok.sent.end].sent if tok.sent.end < len(doc) else None
        for t in [*tok.sent, *(after or [])]:
            if t.i <= tok.i or t.lemma_.lower() not in self.lex.claim_nouns:
                continue
            for c in t.lefts:
                found = [a for a in self._actor(st, c) if a not in own] if c.dep_ == "poss" else []
                if found:
                    return found[0]
        return None

    def _disputed(self, doc: Doc, st: KgState, speakers: dict[int, list[int]]) -> None:
        """ "... told reporters that 40 fighters were killed, a figure the rebels reject": the relative
        clause on a noun set beside a reported clause denies that clause, which its speaker claimed."""
        for tok in doc:
            if tok.dep_ != "relcl" or tok.lemma_.lower() not in DISPUTING or tok.pos_ != "VERB":
                continue
            noun = tok.head
            if noun.lemma_.lower() not in self.lex.claim_nouns or noun.dep_ not in ("npadvmod", "appos", "dep"):
                continue
            deniers = self._actor(st, child(tok, "nsubj"))
            clause: Token | None = noun.head
            claimant = None
            if clause is not None and clause.i in speakers and child(clause, "ccomp") is not None:
                claimant = speakers[clause.i][0]  # "X said Y, a claim Z denies": X claims
                clause = child(clause, "ccomp")
            if not deniers or clause is None or clause.pos_ not in ("VERB", "AUX"):
                continue
            start, end = clause.left_edge.i, min(noun.left_edge.i, clause.right_edge.i + 1)
            while end > start and doc[end - 1].is_punct:
                end -= 1
            if doc[start].lower_ == "that":
                start += 1
            claimant = claimant if claimant is not None else self._source_for(clause, speakers)
            claim = ClaimDraft(doc[start:end].text, start, end, claimant)
            told = next((e for e in st.events if e.kind == "Denial" and e.trigger == tok.i), None)
            if told is not None and told.claim is not None:
                st.claims[told.claim] = claim  # the clause beside the noun, not the noun's own phrase
                continue
            st.claims.append(claim)
            ev = EventDraft("Denial", tok.i, status=statuses(tok, self.lex), roles={"agent": deniers[0]})
            ev.claim = len(st.claims) - 1
            st.events.append(ev)

    def _claim(self, doc: Doc, st: KgState, tok: Token, obj: Token, speakers) -> tuple[str, int, int, int | None]:
        lemma = obj.lemma_.lower()
        if lemma in self.lex.claim_nouns or lemma in ("accusation", "charge", "allegation"):
            owner = None
            for c in obj.lefts:
                if c.dep_ in ("poss", "compound", "nmod", "amod"):
                    found = self._actor(st, c)
                    if not found and c.lower_ in self.lex.demonyms:
                        found = [country_entity(st, c, self.lex.demonyms[c.lower_])]  # "Ethiopian accusations"
                    head_kind = self.lex.actor_heads.get(c.lemma_.lower()) or self.lex.actor_heads.get(c.lower_)
                    if not found and c.pos_ == "NOUN" and head_kind:
                        found = [generic_entity(st, c, head_kind)]
                        first = min((m for m in obj.lefts if m.dep_ in ("amod", "compound")), key=lambda m: m.i)
                        if first.i < c.i and first.lower_ in self.lex.demonyms:
                            # "Kenyan media reports": the demonym belongs to the media, not to the reports
                            st.entities[found[0]].label = obj.doc[first.i : c.i + 1].text
                    if found:
                        owner = found[0]
            content = child(obj, "acl", "ccomp", "relcl")
            if content is None:
                content = next(iter(prep_objects(obj, "of", "about")), None)
            accuse = self._accusation(obj)
            if accuse is None:
                # a badly attached "a charge X denied": the accusation told just before in the sentence
                accuse = next(
                    (
                        t
                        for t in reversed(list(obj.doc[_previous_sentence_start(obj) : obj.i]))
                        if t.pos_ == "VERB" and t.lemma_.lower() in ("accuse", "charge", "blame")
                    ),
                    None,
                )
            if content is not None and content.i != tok.i:
                text, start, end = phrase_text(content, 16)
                if doc[start].lower_ == "that":
                    text, start, end = doc[start + 1 : end].text, start + 1, end
            elif accuse is not None:
                what = next(iter(prep_objects(accuse, "of")), None)
                text, start, end = phrase_text(what or accuse, 16)
                owner = owner if owner is not None else next(iter(self._actor(st, child(accuse, "nsubj"))), None)
            else:
                text, start, end = phrase_text(obj, 16)
            if owner is None:
                owner = self._latest_source(st, tok, speakers)
            return text, start, end, owner
        text, start, end = phrase_text(obj, 16)
        if doc[start].lower_ == "that":
            text, start, end = doc[start + 1 : end].text, start + 1, end
        return text, start, end, self._latest_source(st, tok, speakers)

    @staticmethod
    def _accusation(obj: Token) -> Token | None:
        """ "accused X of Y, a charge Z denied": the accusing verb the charge refers to."""
        cur = obj
        for _ in range(3):
            if cur.dep_ in ("appos", "npadvmod", "dobj", "attr", "conj", "advcl", "ccomp") and cur.head is not cur:
                cur = cur.head
                if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in ("accuse", "charge", "blame", "claim", "say"):
                    return cur
            else:
                break
        return None

    def _latest_source(
        self, st: KgState, tok: Token, speakers: dict[int, list[int]], exclude: AbstractSet[int | None] = frozenset()
    ) -> int | None:
        """The speaker of the latest attribution before ``tok`` in this or the previous sentence
        (other than those in ``exclude``)."""
        sent_start = tok.sent.start
        prev_start = tok.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        best = None
        for i, who in sorted(speakers.items()):
            if prev_start <= i < tok.i and who[0] not in exclude:
                best = who[0]
        return best

    # -- alliances -------------------------------------------------------------------
    def _alliances(self, doc: Doc, st: KgState) -> None:
        found: list[tuple[int | None, int | None, Token]] = []  # (one, other, the cue that tells it)
        table = words(doc)
        cues = [doc[i] for i, (lemma, lower) in enumerate(zip(table.lemmas, table.lowers))
                if lemma in ALLIANCE_CUES or lower in ALLIANCE_CUES]
        for tok in cues:
            lemma = tok.lemma_.lower()
            if lemma == "ally" and tok.pos_ == "NOUN":
                found.extend((a, b, tok) for a, b in self._ally_noun(st, tok))
            elif "allied" in (lemma, tok.lower_) and tok.dep_ == "amod":
                found.extend((a, b, tok) for a, b in self._allied(st, tok))
            elif (
                tok.lower_ in ("backed", "aligned", "supported", "-backed", "sponsored")
                or lemma in ("back",)
                and tok.tag_ == "VBN"
            ):
                found.extend((a, b, tok) for a, b in self._backed(st, tok))
        joint = self._joint_agents(st)  # told by asserted events: never only a claim
        for tok in cues:
            lemma = tok.lemma_.lower()
            if lemma == "support" and tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "in":
                found.extend((h, b, tok) for h, b in self._in_support(st, tok))
            elif lemma in ("support", "backing", "help") and tok.pos_ == "NOUN":
                # "launched an offensive with air support from X"
                backers = [a for o in prep_objects(tok, "from") for a in self._actor(st, o)]
                gov = tok.head.head if tok.dep_ == "pobj" else tok.head
                helped = [a for a in self._actor(st, subject(gov))] if gov.pos_ == "VERB" else []
                found.extend((h, b, tok) for h in helped for b in backers)
            elif lemma in ("support", "back", "reinforce") and tok.pos_ == "VERB" and not is_passive(tok):
                helped = [a for a in self._actor(st, child(tok, "dobj"))]
                helpers = [a for a in self._actor(st, subject(tok))]
                if tok.dep_ == "relcl":
                    # "the coalition, which backs X, and the movement": only the antecedent backs X
                    helpers = [a for a in [self._first_actor(st, tok.head)] if a is not None]
                found.extend((h, b, tok) for h in helpers for b in helped if st.entities[b].kind != "Population")
            elif lemma in ("alliance", "coalition", "pact") and tok.pos_ in ("NOUN", "PROPN"):
                # "X is part of the Y Alliance with A and B"
                partners = [a for o in prep_objects(tok, "with") for a in self._actor(st, o)]
                cur, member = tok, None
                for _ in range(3):
                    cur = cur.head
                    if cur.pos_ in ("VERB", "AUX"):
                        member = next(iter(self._actor(st, child(cur, "nsubj"))), None)
                        break
                found.extend((member, p, tok) for p in partners if member is not None)
            elif lemma == "member" and tok.pos_ == "NOUN":
                found.extend((a, b, tok) for a, b in self._member(st, tok))
            elif lemma in ("alongside", "side"):
                found.extend((a, b, tok) for a, b in self._fights_beside(st, tok))
        found = [(a, b, cue) for a, b, cue in found if a is not None and b is not None and a != b]
        claimed = self._claimed_alliances(st, found)
        pairs = [(a, b) for n, (a, b, _) in enumerate(found) if n not in claimed] + joint
        for a, b in pairs:
            if a is None or b is None or a == b:
                continue
            if (a, b) not in st.alliances and (b, a) not in st.alliances:
                st.alliances.append((a, b))

    def _in_support(self, st: KgState, noun: Token) -> list[tuple[int, int]]:
        """ "the efforts of the X mission in support of Y", "X deployed troops in support of Y": X backs Y."""
        helped = [a for o in prep_objects(noun, "of") for a in self._actor(st, o)]
        holder = noun.head.head
        if holder.pos_ in ("VERB", "AUX"):
            # "welcomed the efforts of X in support of Y": X; "X deployed troops in support of Y": X
            work = child(holder, "dobj")
            helpers = [a for o in prep_objects(work, "of") for a in self._actor(st, o)] if work is not None else []
            helpers = helpers or self._actor(st, subject(holder))
        else:
            helpers = self._actor(st, holder) or [a for o in prep_objects(holder, "of") for a in self._actor(st, o)]
        sides = [a for a in helpers + helped if st.entities[a].kind != "Population"]
        return [(h, b) for h in helpers for b in helped if h in sides and b in sides]

    def _claimed_alliances(self, st: KgState, pairs: list[tuple[int | None, int | None, Token]]) -> set[int]:
        """Which of the (ally, ally, cue) pairs are told only as someone's claim; each becomes a claim
        of its accuser (or of whoever the text quotes last), never an alliance."""
        out = set()
        for n, (_, _, cue) in enumerate(pairs):
            frame = self._claim_frame(cue)
            if frame is None:
                continue
            out.add(n)
            if frame.lemma_.lower() in ("deny", "dismiss", "reject") or any(c.dep_ == "neg" for c in frame.children):
                continue  # a denial holds the claim already; a negated relation is no one's claim
            teller = None  # "allegedly": the text does not say whose claim it is
            if frame is not cue and frame.pos_ in ("VERB", "AUX"):
                teller = next(iter(self._actor(st, subject(frame))), None)
            text, start, end = phrase_text(cue.head if cue.dep_ in ("amod", "compound") else cue, 16)
            if not any(c.start <= cue.i < c.end for c in st.claims):
                st.claims.append(ClaimDraft(text, start, end, teller))
        return out

    def _claim_frame(self, cue: Token) -> Token | None:
        """The word that makes a relation a claim: "accused X of backing Y", "denied that it supports Y",
        "reports that X backs Y", "allegedly backed by Y"; or the cue itself when it is negated."""
        if any(c.lower_ in ALLEGED for c in [*cue.children, *cue.head.children]):
            return cue
        if cue.pos_ == "VERB" and cue.dep_ not in ("amod", "compound") and any(c.dep_ == "neg" for c in cue.children):
            return cue
        cur = cue
        for _ in range(6):
            if cur.head is cur or cur.dep_ in ("nsubj", "nsubjpass", "agent", "csubj"):
                return None  # a subject's relation is told by the sentence itself: "Iran-backed X claimed"
            cur = cur.head
            lemma = cur.lemma_.lower()
            if cur.pos_ in ("VERB", "AUX") and lemma in CLAIM_VERBS:
                return cur
            if cur.pos_ == "NOUN" and (lemma in self.lex.claim_nouns or lemma in ("accusation", "allegation")):
                return cur
        return None

    @staticmethod
    def _joint_agents(st: KgState) -> list[tuple[int, int]]:
        """Sides acting together ("X and Y launched an offensive") are allies."""
        by_trigger: dict[int, list[int]] = {}
        for ev in st.events:
            if ev.kind in ("Attack", "Capture", "Siege") and ev.status == "asserted" and "agent" in ev.roles:
                agents = by_trigger.setdefault(ev.trigger, [])
                if ev.roles["agent"] not in agents:
                    agents.append(ev.roles["agent"])
        pairs: list[tuple[int, int]] = []
        for agents in by_trigger.values():
            pairs.extend((agents[0], other) for other in agents[1:])
        return pairs

    def _ally_state(self, st: KgState, tok: Token) -> int | None:
        idx = st.entity_at(tok)
        if idx is not None and st.entities[idx].kind in ACTOR_KINDS:
            return idx
        for c in tok.rights:
            if c.dep_ == "appos" and st.entity_at(c) is not None:
                return st.entity_at(c)
        for c in tok.lefts:
            if c.dep_ in ("amod", "compound") and c.lower_ in self.lex.demonyms:
                return country_entity(st, c, self.lex.demonyms[c.lower_])
            if c.dep_ in ("amod", "compound") and st.entity_at(c) is not None:
                return st.entity_at(c)
        for c in tok.rights:
            if c.dep_ == "appos":
                return st.entity_at(c)
            if c.dep_ == "prep" and c.lower_ == "of":
                obj = child(c, "pobj")
                if obj is not None and st.entity_at(obj) is not None:
                    return st.entity_at(obj)
        # "separatist allies": a generic group
        if any(c.dep_ == "amod" for c in tok.lefts):
            return None
        return None

    def _ally_noun(self, st: KgState, tok: Token) -> list[tuple[int, int]]:
        if tok.dep_ == "appos":
            # "Chad, Nigeria's closest ally": the head is the ally of the possessor
            owner = next((c for c in tok.lefts if c.dep_ == "poss"), None)
            one, two = self._first_actor(st, tok.head), self._first_actor(st, owner) if owner is not None else None
            if one is not None and two is not None:
                return [(two, one)]
        ally = self._ally_state(st, tok)
        if ally is None:
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            ally = st.entity_at(nxt) if nxt is not None and nxt.pos_ == "PROPN" else None  # "whose ally Nabih Berri"
        if ally is None:
            return []
        other = None
        if any(c.lower_ == "whose" for c in tok.lefts):
            cur = tok
            while cur.dep_ != "relcl" and cur.head is not cur:
                cur = cur.head
            if cur.dep_ == "relcl":
                other = self._first_actor(st, cur.head)
        if tok.dep_ == "conj":
            other = self._first_actor(st, tok.head)
        if other is None:
            for c in tok.lefts:
                if c.dep_ == "poss":
                    other = self._first_actor(st, c)
        if other is None and tok.dep_ == "appos":
            other = self._first_actor(st, tok.head)
        if other is None and tok.dep_ == "nsubj" and tok.head.dep_ == "relcl":
            other = self._first_actor(st, tok.head.head)
        if other is None:
            return []
        return [(other, ally)]

    def _first_actor(self, st: KgState, tok: Token) -> int | None:
        idx = st.entity_at(tok)
        if idx is not None and st.entities[idx].kind in ACTOR_KINDS:
            return idx
        for c in tok.lefts:
            if c.dep_ in ("amod", "compound") and c.lower_ in self.lex.demonyms:
                return country_entity(st, c, self.lex.demonyms[c.lower_])
        return None

    def _member(self, st: KgState, tok: Token) -> list[tuple[int, int]]:
        """ "A is a member of X", "X, of which A is a member": A and X are allies."""
        if tok.dep_ != "attr" or tok.head.lemma_ != "be":
            return []
        subject = child(tok.head, "nsubj")
        member = self._first_actor(st, subject) if subject is not None else None
        body = next((a for o in prep_objects(tok, "of") for a in [self._first_actor(st, o)] if a is not None), None)
        if body is None and tok.head.dep_ == "relcl":
            which = [c for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "of"]
            if any(w.lower_ == "which" for p in which for w in p.children):
                body = self._first_actor(st, tok.head.head)  # "X, of which A is a member"
        return [(member, body)] if member is not None and body is not None else []

    def _fights_beside(self, st: KgState, tok: Token) -> list[tuple[int, int]]:
        """ "volunteers who fight alongside the militia", "... at the side of the militia": allies."""
        if tok.lower_ == "side":
            if tok.dep_ != "pobj" or tok.head.lower_ != "at":
                return []
            partners = prep_objects(tok, "of")
            verb = tok.head.head
        else:
            partners = [c for c in tok.children if c.dep_ == "pobj"]
            verb = tok.head
        if verb.lemma_.lower() not in FIGHT_VERBS or not partners:
            return []
        fighter = subject(verb)
        if fighter is not None and fighter.tag_ in ("WP", "WDT") or fighter is None and verb.dep_ == "relcl":
            fighter = verb.head  # "volunteers who fight at the side of the militia"
        if fighter is not None and fighter.dep_ == "attr" and child(fighter.head, "nsubj") is not None:
            fighter = child(fighter.head, "nsubj")  # "The Guards are auxiliaries who fight ..."
        one = self._first_actor(st, fighter) if fighter is not None else None
        if one is None and fighter is not None:
            one = next(iter(self._actor(st, fighter)), None)
        two = self._first_actor(st, partners[0]) or next(iter(self._actor(st, partners[0])), None)
        return [(one, two)] if one is not None and two is not None else []

    def _allied(self, st: KgState, tok: Token) -> list[tuple[int, int]]:
        noun = tok.head
        if noun.dep_ != "conj":
            return []
        one, two = self._first_actor(st, noun.head), self._first_actor(st, noun)
        if two is None and noun.lemma_.lower() in self.lex.actor_heads:
            two = next(iter(self._actor(st, noun)), None)  # "Varnian soldiers and allied militias"
        return [(one, two)] if one is not None and two is not None else []

    def _backed(self, st: KgState, tok: Token) -> list[tuple[int, int]]:
        """ "Rwanda-backed rebels", "forces backed by the coalition", "Kony, who is backed by X"."""
        out: list[tuple[int, int]] = []
        if tok.dep_ in ("amod", "compound") or tok.dep_ == "acl":
            client = self._first_actor(st, tok.head) if tok.dep_ != "relcl" else None
            backers: list[int | None] = []
            for c in tok.lefts:
                if c.dep_ in ("npadvmod", "compound", "amod", "nmod"):
                    if c.lower_ in self.lex.demonyms:
                        backers.append(country_entity(st, c, self.lex.demonyms[c.lower_]))
                    elif st.entity_at(c) is not None:
                        backers.append(st.entity_at(c))
            prev = tok.doc[tok.i - 1] if tok.i else None
            if not backers and prev is not None and prev.text == "-" and tok.i >= 2:
                left = tok.doc[tok.i - 2]
                if left.lower_ in self.lex.demonyms:
                    backers.append(country_entity(st, left, self.lex.demonyms[left.lower_]))
                elif st.entity_at(left) is not None:
                    backers.append(st.entity_at(left))
            for by in prep_objects(tok, "by"):
                backers.extend(self._actor(st, by))
            if client is not None:
                out.extend((client, b) for b in backers if b is not None)
        elif tok.dep_ == "relcl" or tok.head.dep_ == "relcl" or is_passive(tok):
            verb = tok
            client = None
            if verb.dep_ == "relcl":
                client = self._first_actor(st, verb.head)
            else:
                client = next(iter(self._actor(st, child(verb, "nsubjpass"))), None)
            for by in prep_objects(verb, "by"):
                out.extend((client, b) for b in self._actor(st, by) if client is not None)
        return out


@Language.factory("kg_attribution", assigns=["doc._.kg"], requires=["doc._.kg"])
def make_attribution(nlp: Language, name: str) -> Attribution:
    """Statements, sources, denied claims and alliances."""
    return Attribution(nlp, name)


def _appositions(t: Token) -> Iterator[Token]:
    """The appositions after ``t`` that hang on it through nouns and prepositions only:
    "the prefect of the district of X, Y" gives Y."""
    for c in t.subtree:
        if c.i <= t.i or c.dep_ != "appos":
            continue
        cur = c.head
        while cur.i != t.i and cur.dep_ in ("pobj", "prep") and cur.head is not cur:
            cur = cur.head
        if cur.i == t.i:
            yield c
