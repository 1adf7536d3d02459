"""Readers for figures of people: casualties and displacement (mixed into kg_events)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.lexicon import Lexicon, Trigger
from kg.extract.resolve import (
    PLACE_KINDS,
    FinderHelpers,
    _copy,
    country_entity,
    generic_entity,
    named_area,
)
from kg.extract.state import EventDraft, FigureDraft, KgState
from kg.extract.syntax import (
    child,
    is_passive,
    prep_objects,
    statuses,
    subject,
    time_of,
    with_conjuncts,
)

# How a result state hangs on "leave": "left 12 dead" (oprd), "left one guard injured" (advcl, ccomp...)
TOLL_KEEPERS = {"raise", "revise", "update", "lower", "put", "increase", "publish", "release", "give"}
COUNT_NOUNS = {"number", "toll", "count", "tally", "figure"}  # "the number of dead"
COARSE_PLACES = ("Region", "Country", "State")
FINE_PLACES = ("City", "District", "Place", "Facility")
TOWNS = ("City", "District")
DISPLACED = {"displaced", "uprooted"}  # "40,000 displaced people"
# "Nationwide, N people are displaced": the whole of the country the document is set in
NATIONWIDE = {"nationwide", "countrywide", "nation-wide", "country-wide"}
NATION_NOUNS = {"country", "nation"}
# "evacuated from hamlets close to the frontier": unnamed places people are told leaving (beside the lexicon's)
LEFT_PLACES = {"camp", "settlement", "hamlet", "locality", "zone", "commune"}
VAGUE_PLACES = {"country", "state", "capital"}  # "fled the country": coreference says which, not a new place
# How many sentences back a figure told as "the X's figure is N" looks for the toll it restates.
RESTATED_WITHIN = 2
RESULT_DEPS = ("oprd", "advcl", "ccomp", "xcomp", "acomp", "attr")


def _reduced_passive(tok: Token) -> bool:
    """ "recorded 64 villagers killed": a bare participle with its patient parsed as subject."""
    return (
        tok.tag_ == "VBN"
        and child(tok, "nsubj") is not None
        and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in tok.children)  # "bombing killed 31 fishermen"
    )


def _side_of(st: KgState, lex: Lexicon, tok: Token) -> int | None:
    """ "evacuated on the Peruvian side", "killed on the Ruritanian side of the border": that country."""
    for obj in prep_objects(tok, "on"):
        if obj.lemma_.lower() != "side":
            continue
        for c in obj.lefts:
            if c.dep_ in ("amod", "compound") and c.lower_ in lex.demonyms:
                return country_entity(st, c, lex.demonyms[c.lower_])
            if c.dep_ != "poss":
                continue
            idx = st.entity_at(c)
            if (idx is None or st.entities[idx].kind not in ("Country", "State")) and c.lower_ in ("its", "their"):
                # "Latvia reports 20,000 uprooted on its side of the frontier": the country before
                before = [m for m in st.mentions if c.sent.start <= m.start < c.i and m.entity is not None
                          and st.entities[m.entity].kind in ("Country", "State")]
                idx = max(before, key=lambda m: m.start).entity if before else None
            if idx is not None and st.entities[idx].kind in ("Country", "State"):
                return idx
    return None


def _population_word(lex: Lexicon, tok: Token) -> bool:
    """ "civilian", "military" as in "the civilian toll": a word naming a population."""
    return tok.lower_ in lex.populations or tok.lemma_.lower() in lex.populations


def _antecedent(tok: Token, victim: Token | None) -> Token | None:
    """The noun a relative clause is about: "civilians who were killed", "40 sailors it says
    were killed" (the trigger in the clause reported inside the relative clause)."""
    if victim is not None and victim.tag_ not in ("WDT", "WP"):
        return victim
    if tok.dep_ == "relcl":
        return tok.head
    if victim is None and tok.dep_ == "ccomp" and tok.head.dep_ == "relcl" and not child(tok, "nsubj"):
        return tok.head.head
    return victim


def _count_of(tok: Token) -> Token | None:
    """ "the number of people displaced has risen to N": the count noun whose verb holds the figure."""
    if tok.dep_ not in ("acl", "relcl") or tok.head.dep_ != "pobj" or tok.head.head.lower_ != "of":
        return None
    noun = tok.head.head.head
    return noun if noun.lemma_.lower() in COUNT_NOUNS and noun.head is not noun else None


def _figures_beside(st: KgState, count: Token, tok: Token) -> list[Token]:
    """The figures told by the verb of a count noun, outside the trigger's own phrase."""
    inside = {t.i for t in tok.subtree}
    return [t for t in count.head.subtree if t.i in st.figures and t.i not in inside]


PART_PREPS = ("including", "among")  # "59, including seven children", "38 villagers, among them 9 women"


def _parts(st: KgState, figure: Token, tok: Token) -> list[Token]:
    """The counted sub-groups of a figure: "including N children" on the figure, or "among them N
    children" set off by commas beside it (parsed on the figure, on the trigger or on its verb)."""
    holders = [figure, tok]
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
        holders.append(tok.head)  # "confirmed the deaths of 38 villagers, among them 9 women"
    if figure.dep_ == "pobj" and figure.head.head.pos_ in ("VERB", "AUX"):
        holders.append(figure.head.head)  # "the toll has climbed to 26, among them four women"
    parts: list[Token] = []
    for holder in holders:
        for obj in prep_objects(holder, *PART_PREPS):
            if obj.lower_ in ("them", "whom") and not any(p.i in st.figures for p in with_conjuncts(obj)):
                # "has climbed to 26, among them four women, the mayor said": the parser hung the
                # part on the speech verb; it is the figure right after the pronoun
                after = [t for t in obj.doc[obj.i + 1 : obj.i + 5] if t.i in st.figures]
                parts.extend(t for t in after[:1] if t not in parts)
            parts.extend(p for p in with_conjuncts(obj) if p.i in st.figures and p.i > figure.i and p not in parts)
    return parts


def _nationwide(tok: Token) -> bool:
    """ "Nationwide, N people are displaced", "N people fled throughout the country": a figure told for a
    whole country (on the trigger or, for a noun, on its verb)."""
    holders = [tok, tok.head] if tok.pos_ == "NOUN" else [tok]
    for holder in holders:
        if any(c.lower_ in NATIONWIDE for c in holder.children):
            return True
        for obj in prep_objects(holder, "across", "throughout", "over"):
            whole = any(c.lower_ in ("the", "all", "whole", "entire") for c in obj.lefts)
            if obj.lemma_.lower() in NATION_NOUNS and whole:
                return True
    return False


def setting_country(st: KgState) -> int | None:
    """The one country the document is clearly set in: the country (or state) named most, at least twice
    as often as any other, and named at least once by its name; None when no country is named."""
    counts = {idx: len(ent.mentions) for idx, ent in enumerate(st.entities) if ent.kind in ("Country", "State")}
    named = [idx for idx in counts if any(not m.definite for m in st.entities[idx].mentions)]
    if not named:
        return None
    ranked = sorted(named, key=lambda idx: counts[idx], reverse=True)
    if len(ranked) > 1 and counts[ranked[0]] < 2 * counts[ranked[1]]:
        return None
    return ranked[0]


def _sentences_apart(doc: Doc, a: int, b: int) -> int:
    """How many sentence starts lie after token ``a`` up to token ``b``."""
    return sum(1 for t in doc[a + 1 : b + 1] if t.is_sent_start)


class TollReader(FinderHelpers):
    """Role readers for casualty and displacement figures."""

    def _casualties(self, st: KgState, tok: Token, trig: Trigger) -> None:
        lemma = tok.lemma_.lower()
        outcome = "wounded" if lemma in ("wound", "injure", "hurt") else "killed"
        victims: list[Token | None] = []
        count_noun = tok.head.head if lemma == "dead" and tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
        if lemma == "toll" or count_noun is not None and count_noun.lemma_.lower() in COUNT_NOUNS:
            # "the toll rose to 37", "the number of dead stood at 850": the figure hangs on the verb
            verb = tok.head if count_noun is None else count_noun.head
            victims = [t for t in verb.subtree if t.i in st.figures and t.i != tok.i]
        elif tok.head.lemma_.lower() == "leave" and tok.dep_ in RESULT_DEPS and child(tok.head, "dobj") is not None:
            # "the blast left 12 people dead", "left one guard injured": the object is the victim
            victims = [child(tok.head, "dobj")]
        elif tok.pos_ == "NOUN":
            # "730 killings", "the deaths of 14 sailors": the figure counts the deaths or their victims
            victims = list[Token | None]([tok, *prep_objects(tok, "of")])
        elif _count_of(tok) is not None:
            victims = list[Token | None](_figures_beside(st, _count_of(tok), tok))  # type: ignore[arg-type]
        elif lemma == "dead":
            victims = [tok.head] if tok.dep_ == "amod" else [child(tok.head, "nsubj")] if tok.dep_ == "acomp" else []
        elif is_passive(tok) or lemma == "die" or _reduced_passive(tok):
            victims = [child(tok, "nsubjpass", "nsubj")]
            if tok.dep_ in ("acl", "relcl") and victims[0] is None:
                victims = [tok.head]
        else:
            victims = [child(tok, "dobj")]
        victims = [_antecedent(tok, v) for v in victims]
        if victims == [None] or victims and victims[0] is not None and victims[0].i not in st.figures:
            rel = tok.head if tok.dep_ == "ccomp" and tok.head.dep_ == "relcl" else tok if tok.dep_ == "relcl" else None
            if rel is not None:
                # "named 40 sailors it says were killed": the clause may hang on the verb
                counted: list[Token | None] = [t for t in rel.head.subtree if t.i < rel.i and t.i in st.figures]
                victims = counted[-1:] or victims
        if victims == [None] and tok.tag_ == "VBN" and tok.i > 0 and tok.doc[tok.i - 1].i in st.figures:
            before = tok.doc[tok.i - 1]
            if before.dep_ == "conj" and before.pos_ == "NUM":
                victims = [before]  # "70 people had been killed in X and 160 wounded": the verb is elided
        inherited = None
        if victims == [None] and tok.dep_ == "conj":
            # "nine died and 30 were injured": the number hangs on the second verb
            victims = list[Token | None](c for c in tok.children if c.i in st.figures)
            first = child(tok.head, "nsubjpass", "nsubj", "dobj")
            if first is not None and st.figures.get(first.i):
                inherited = st.figures[first.i][0].victims
        p: Token | int | None  # a part of a figure below, then the place found by the walrus further down
        figures: list[FigureDraft] = []
        for v in victims:
            if v is None:
                continue
            for t in with_conjuncts(v):
                if t is not v and any(c.dep_ in ("acl", "relcl", "amod") and c.tag_ == "VBN" for c in t.children):
                    continue  # "64 villagers killed and 38 injured": the conjunct has an outcome of its own
                for fig in st.figures.get(t.i, []):
                    figures.append(_copy(fig, outcome))
                    if figures[-1].victims is None:
                        figures[-1].victims = inherited
                    total = len(figures) - 1
                    for p in _parts(st, t, tok):
                        for sub in st.figures.get(p.i, []):
                            part = _copy(sub, outcome)
                            part.part_of = total
                            figures.append(part)
        if not figures:
            return
        place = self._finer(st, self.places(st, tok), [tok.doc[f.noun] for f in figures])
        if place is None and tok.pos_ in ("VERB", "AUX"):
            place = self._cause_place(st, tok)
        if place is None:
            place = _side_of(st, self.lex, tok)
        time = None
        if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
            # "documented 730 killings across the country since May": where and when hang on the verb
            place = place if place is not None else self.places(st, tok.head, wide=False)
            time = time_of(st, tok.head)
        left = tok.head.lemma_.lower() == "leave" and tok.dep_ in RESULT_DEPS
        subj = child(tok.head, "nsubj") if left else child(tok, "nsubj")
        if left and subj is not None:
            time = time_of(st, subj)  # "the raid on 3 May left 12 dead": the cause's day
        if subj is not None and lemma not in ("die",):
            if place is None:
                for t in subj.subtree:
                    if t.dep_ == "pobj" and t.head.lower_ in ("at", "in", "on", "near"):
                        named = [t, *(c for c in t.children if c.dep_ == "compound")]
                        place = next((p for c in named if (p := self.ent(st, c, PLACE_KINDS)) is not None), None)
                        if place is not None:
                            break
            if subj.lemma_.lower() in self.lex.triggers:
                time = time_of(st, subj)
        if lemma == "toll":
            # "the civilian toll rose to 22": the toll's modifier says who the victims are
            named = [c for c in tok.lefts if c.dep_ in ("amod", "compound") and _population_word(self.lex, c)]
            for fig in figures:
                if fig.victims is None and named:
                    fig.victims = generic_entity(st, named[0], "Population")
        ev = self.new(st, tok, "Casualties", trig, place=place)
        if time is not None and (ev.time is None or ev.told_on):
            ev.time, ev.told_on = time, False  # the cause's day, not the day the figure was given
        ev.figures = figures
        if lemma == "toll" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in TOLL_KEEPERS:
            # "the ministry has revised its toll to 21": who keeps the toll gives it
            keeper = self.actors(st, subject(tok.head))
            if keeper:
                ev.source = keeper[0]

    @staticmethod
    def _finer(st: KgState, place: int | None, nouns: list[Token]) -> int | None:
        """ "killed 64 residents in the village of X, in the Y district": a region named on the verb
        gives way to the town the victims were in."""
        if place is None or st.entities[place].kind not in (*COARSE_PLACES, "Place"):
            return place
        # a place of no known kind ("the Y department") gives way to a town only
        finer = FINE_PLACES if st.entities[place].kind in COARSE_PLACES else TOWNS
        for noun in nouns:
            for obj in prep_objects(noun, "in", "at"):
                for hop in [obj, *prep_objects(obj, "of")]:
                    idx = st.entity_at(hop)
                    if idx is not None and st.entities[idx].kind in finer:
                        return idx
        return place

    def _copular_figures(self, doc: Doc, st: KgState) -> None:
        """ "The agency's count is three pupils.": a figure stated with a copula, right after a
        toll, restates that toll's outcome for its own count, given by the figure's owner."""
        tolls = sorted((e for e in st.events if e.kind == "Casualties" and e.figures), key=lambda e: e.trigger)
        if not tolls:
            return
        for tok in doc:
            if tok.lemma_.lower() not in COUNT_NOUNS - {"toll"} or tok.dep_ != "nsubj" or tok.head.lemma_ != "be":
                continue
            counted = [t for c in tok.head.children if c.dep_ == "attr" for t in c.subtree if t.i in st.figures]
            earlier = [e for e in tolls if e.trigger < tok.i
                       and _sentences_apart(doc, e.trigger, tok.i) <= RESTATED_WITHIN]
            if not counted or not earlier:
                continue
            outcome = earlier[-1].figures[0].outcome
            ev = EventDraft("Casualties", tok.i, status=statuses(tok.head, self.lex))
            ev.figures = [_copy(f, outcome) for t in counted[:1] for f in st.figures[t.i]]
            owner = child(tok, "poss")
            found = self.actors(st, owner) if owner is not None else []
            ev.source = found[0] if found else None
            st.events.append(ev)

    def _displaced_people(self, doc: Doc, st: KgState) -> None:
        """ "two million internally displaced persons", "20,000 displaced people": people counted as
        displaced are a displacement figure, placed by the "in" or "inside" phrase on them or their verb."""
        told = {f.noun for e in st.events if e.kind == "Displacement" for f in e.figures}
        for noun, figures in st.figures.items():
            tok = doc[noun]
            mark = next((c for c in tok.lefts if c.dep_ == "amod" and c.lower_ in DISPLACED), None)
            if mark is None or noun in told or not any(f.victims is not None for f in figures):
                continue
            place = self.places(st, tok, ("in", "inside", "across", "within", "throughout"))
            if place is None and tok.dep_ == "dobj":
                place = self.places(st, tok.head, ("in", "inside", "across", "within", "throughout"), wide=False)
            if place is None and _nationwide(tok):
                place = setting_country(st)
            ev = EventDraft("Displacement", mark.i, status=statuses(tok, self.lex))
            ev.time = time_of(st, tok)
            if place is not None:
                ev.roles["place"] = place
            ev.figures = [_copy(f) for f in figures]
            st.events.append(ev)

    def _cause_place(self, st: KgState, tok: Token) -> int | None:
        """ "Fighting in A and B has displaced (killed) 9,000 people", read as two conjuncts ("Fighting in A"
        and "B has displaced"): the place of the sentence-initial gerund the verb is a conjunct of."""
        head = tok.head
        if tok.dep_ != "conj" or head.dep_ != "ROOT" or head.tag_ != "VBG" or head.i > tok.i:
            return None
        if child(head, "nsubj") is not None or child(head, "dobj") is not None:
            return None  # a gerund with its own subject or object is a clause of its own
        return self.places(st, head, ("in", "inside", "across"), wide=False)

    def _unnamed_origin(self, st: KgState, tok: Token) -> int | None:
        """ "evacuated from hamlets close to the frontier", "fled from the camps": with no named place, the
        unnamed place people left, as the text words it."""
        for obj in prep_objects(tok, "from"):
            lemma = obj.lemma_.lower()
            if obj.pos_ != "NOUN" or lemma in VAGUE_PLACES:
                continue
            if lemma in self.lex.place_nouns or lemma in LEFT_PLACES:
                kind = "Facility" if lemma == "camp" else self.lex.place_nouns.get(lemma, "Place")
                return generic_entity(st, obj, kind)
        return None

    def _displacement(self, st: KgState, tok: Token, trig: Trigger) -> None:
        lemma = tok.lemma_.lower()
        people: list[Token | None] = []
        place = None
        if tok.pos_ in ("VERB", "AUX"):
            if lemma in ("flee", "leave"):  # "fled X", "have left X" (only people counted leaving a place)
                people = [subject(tok)]
                if people == [None] and tok.dep_ == "xcomp" and is_passive(tok.head):
                    people = [child(tok.head, "nsubjpass")]  # "300 people were forced to flee"
                obj = child(tok, "dobj")
                if obj is not None:
                    place = named_area(st, obj, self.ent(st, obj, PLACE_KINDS), PLACE_KINDS)
                    if place is None:
                        place = self.places(st, obj)
            elif _count_of(tok) is not None:
                people = list(_figures_beside(st, _count_of(tok), tok))  # type: ignore[arg-type]
            elif is_passive(tok):
                people = [_antecedent(tok, child(tok, "nsubjpass"))]
                if people == [None] and tok.dep_ in ("acl", "relcl"):
                    people = [tok.head]  # "the 90,000 people evacuated from the coast"
            else:
                people = [child(tok, "dobj")]
            if place is None:
                place = self.places(st, tok, ("from", "in", "inside", "across", "within", "throughout"))
            if place is None:
                for obj in prep_objects(tok, "from"):
                    place = self.places(st, obj)
                    if place is not None:
                        break
            if place is None:
                place = self._cause_place(st, tok)
        else:
            people = [t for t in tok.subtree if t.i in st.figures]
            place = self.places(st, tok, ("from", "of", "in"))
        if place is None:
            place = _side_of(st, self.lex, tok)
        if place is None and _nationwide(tok):
            place = setting_country(st)
        if place is None:
            # "4,800 families in the valley were driven from their homes": where the people were
            for p in people:
                for obj in prep_objects(p, "in", "inside", "across") if p is not None else []:
                    place = self.ent(st, obj, PLACE_KINDS)
                    if place is not None:
                        break
        figures = [
            _copy(f) for p in people if p is not None for t in with_conjuncts(p) for f in st.figures.get(t.i, [])
        ]
        if not figures:
            return
        if place is None and tok.pos_ in ("VERB", "AUX"):
            place = self._unnamed_origin(st, tok)
        place = self._finer(st, place, [tok.doc[f.noun] for f in figures])
        ev = self.new(st, tok, "Displacement", trig, place=place)
        ev.figures = figures
