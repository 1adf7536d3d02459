"""kg_coref: group mentions into entities.

Rules, in order: an acronym in parentheses is another name of the entity before
it; names the gazetteer gives one id are one entity; a repeated name, or a short
name ("Okello", "the Commission") that ends a longer one, joins the longer one;
a definite description ("the group", "the city", "the government") and a pronoun
point at the nearest earlier compatible entity. Also: where a place lies
("X in Y"), whom a person speaks for ("spokesman for Y", "Y spokesman X").
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg import model
from kg.extract.lexicon import load_lexicon
from kg.extract.state import EntityDraft, KgState, Mention, state, words
from kg.extract.syntax import child as child_of

PLACE_KINDS = frozenset(model.PLACE_KINDS)
RIM_NOUNS = {"outskirts", "outskirt", "edge", "fringe", "fringes", "periphery"}
ORG_KINDS = frozenset(model.ACTOR_KINDS) - {"Person"}
PLACE_COMPATIBLE = {
    "City": ("City",),
    "Region": ("Region", "PlacePart"),
    "District": ("District",),
    "Country": ("Country", "State"),
    "Facility": (),
    "Place": (),
}
GENERIC_FIGHTERS = {"insurgent", "militant", "fighter", "guerrilla", "jihadist", "rebel", "gunman"}
PERSONAL = {"he", "him", "his", "she", "her"}
NEUTER = {"it", "its", "itself"}
PLURAL = {"they", "their", "them", "themselves"}
PRONOUN_FORMS = PERSONAL | NEUTER | PLURAL
SPOKES = {"spokesman", "spokeswoman", "spokesperson"}  # titles that speak for whoever spoke just before
RANKS = {"major", "lieutenant", "brigadier", "captain", "lt", "gen", "col", "maj", "brig", "capt", "rear", "vice"}


@lru_cache(maxsize=4096)
def norm(text: str) -> str:
    """Lower case, no leading article, single spaces."""
    text = text.lower().replace("’", "'").strip()
    for art in ("the ", "a "):
        if text.startswith(art):
            text = text[len(art) :]
    return " ".join(text.split())


def _city_beside(one: str, other: str) -> bool:
    """ "Tarvo" and "Tarvo City" in one text: the writer names two places (a region or country and its
    city), whatever id the gazetteer gives the bare name."""
    return one + " city" == other or other + " city" == one


class Coref:
    """The kg_coref component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lex = load_lexicon()
        self._acr: dict[str, Mention] = {}
        self._doc: Doc | None = None  # the Doc being read, for checks that need its tokens

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        self._doc = doc
        acronyms = self._acronyms(doc, st)
        self._acr = acronyms
        for ment in st.mentions:
            if not ment.definite:
                self._place(doc, st, ment, acronyms)
        for ment in st.mentions:
            if ment.definite:
                self._place(doc, st, ment, acronyms)
        self._pronouns(doc, st)
        st.index()
        for ent in st.entities:
            self._finish(ent)
        self._cataphora(doc, st)
        self._within(doc, st)
        self._affiliations(doc, st)
        self._doc = None
        return doc

    # -- clustering ------------------------------------------------------------------
    def _acronyms(self, doc: Doc, st: KgState) -> dict[str, Mention]:
        """ "Sudan People's Liberation Army (SPLA)" -> {"spla": that mention}."""
        out: dict[str, Mention] = {}
        for ment in st.mentions:
            end = ment.end
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                acr = doc[end + 1].text
                if acr.isupper() and len(acr) >= 2:
                    out[acr.lower()] = ment
            # "the UN refugee agency, UNHCR," : an acronym in apposition
            if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text.isupper() and len(doc[end + 1]) >= 3:
                if ment.kind in ORG_KINDS and doc[end + 1].dep_ == "appos":
                    out.setdefault(doc[end + 1].text.lower(), ment)
        return out

    def _new(self, st: KgState, ment: Mention) -> None:
        st.entities.append(
            EntityDraft(
                ment.label,
                ment.kind,
                [ment],
                country=ment.country,
                head_lemma=ment.label.split()[-1].lower() if ment.label else "",
            )
        )
        ment.entity = len(st.entities) - 1

    def _join(self, st: KgState, ment: Mention, idx: int) -> None:
        ment.entity = idx
        st.entities[idx].mentions.append(ment)
        if st.entities[idx].country is None:
            st.entities[idx].country = ment.country

    def _place(self, doc: Doc, st: KgState, ment: Mention, acronyms: dict[str, Mention]) -> None:
        key = norm(ment.label)
        if key in acronyms and acronyms[key] is not ment and acronyms[key].entity is not None:
            self._join(st, ment, cast(int, acronyms[key].entity))
            return
        if ment.definite:
            owner = [c for c in doc[ment.head].lefts if c.dep_ == "poss" and c.lower_ in PERSONAL | NEUTER | PLURAL]
            person_like = doc[ment.head].lemma_.lower() in self.lex.titles | {"negotiator", "official", "mediator"}
            if owner and ment.kind not in PLACE_KINDS | {"Ceasefire"} and not person_like:
                # "its forces", "his fighters": the possessor's own ("their truce" is a truce, not its parties)
                idx = self._pronoun_antecedent(st, owner[0])
                govt = doc[ment.head].lemma_.lower() in (
                    "government",
                    "administration",
                    "cabinet",
                    "ministry",
                    "office",
                )
                if (
                    idx is not None
                    and st.entities[idx].kind != "Ceasefire"
                    and not (govt and st.entities[idx].kind == "Person")
                ):
                    self._join(st, ment, idx)
                    return
            idx = self._antecedent(doc, st, ment)
            if idx is not None:
                self._join(st, ment, idx)
                return
        # a name said before in full wins over a longer name it is a word of ("Ruritania" after "Ruritania"
        # and "Ruritania National Defence Army"): exact names first, then short forms
        exact = [
            idx
            for idx, ent in enumerate(st.entities)
            if ent.kind != "Ceasefire"
            and (ment.kind not in PLACE_KINDS or ent.kind in PLACE_KINDS | {"State"})
            and any(norm(m.label) == key and not m.definite for m in ent.mentions)
        ]
        if exact:
            self._join(st, ment, exact[-1])
            return
        for idx in range(len(st.entities) - 1, -1, -1):
            ent = st.entities[idx]
            if self._same(ment, ent, key):
                self._join(st, ment, idx)
                return
        self._new(st, ment)

    def _same(self, ment: Mention, ent: EntityDraft, key: str) -> bool:
        if ment.kind in PLACE_KINDS and ent.kind == "Person" and self._surname_acting(ment, ent, key):
            return True  # "Luis Tambo ... Tambo blamed": a surname that is also a town's name, acting
        if ment.kind in PLACE_KINDS and ent.kind not in PLACE_KINDS and ent.kind != "State":
            return False
        if ment.kind == "Ceasefire" or ent.kind == "Ceasefire":
            return False
        for other in ent.mentions:
            if norm(other.label) == key:
                return True
            if ment.qid and other.qid == ment.qid and not _city_beside(key, norm(other.label)):
                return True
            if (
                " " not in key
                and key.rstrip("s") == norm(other.label).rstrip("s")
                and not other.definite
                and ment.kind not in PLACE_KINDS
                and key[:1].isalpha()
                and ment.label[:1].isupper()
            ):
                return True  # "the Tutsis" and "Tutsi"
        if ment.kind == "PlacePart" or ent.kind == "PlacePart":
            return False
        longest = max((norm(m.label) for m in ent.mentions), key=len)
        words, long_words = key.split(), longest.split()
        if len(words) < len(long_words) and ent.kind == "Person" and ment.kind in ("Person", "Organization"):
            return long_words[-len(words) :] == words or len(words) == 1 and long_words[0] == words[0]
        if ment.kind in ORG_KINDS and ent.kind in ORG_KINDS and len(words) == 1 and len(long_words) > 2:
            return words[0] in long_words and words[0] not in self.lex.actor_heads and words[0] not in ("group",)
        return False

    def _surname_acting(self, ment: Mention, ent: EntityDraft, key: str) -> bool:
        """Whether a one-word place name is the surname of a person named before, used as a subject."""
        if " " in key or ment.end - ment.start != 1 or self._doc is None:
            return False
        names = [norm(m.label).split() for m in ent.mentions if not m.definite and m.start < ment.start]
        if not any(len(words) > 1 and words[-1] == key for words in names):
            return False
        return self._doc[ment.head].dep_ in ("nsubj", "nsubjpass", "poss")

    def _antecedent(self, doc: Doc, st: KgState, ment: Mention) -> int | None:
        head = doc[ment.head]
        lemma = head.lemma_.lower()
        # "the eastern region of Darfur", "the city of Gao": the named place
        if ment.kind in PLACE_KINDS:
            for child in head.rights:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        other = st.by_token.get(obj.i)
                        if other is not None and other.entity is not None and other.kind in PLACE_KINDS:
                            return other.entity
        key = norm(ment.label)
        if ment.kind not in PLACE_KINDS and lemma in GENERIC_FIGHTERS | {"force", "troop", "soldier", "member"}:
            for prep in head.rights:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        other = st.by_token.get(obj.i)
                        if other is not None and other.entity is None and other.definite:
                            self._place(doc, st, other, self._acr)
                        if (
                            other is not None
                            and other.entity is not None
                            and st.entities[other.entity].kind in ORG_KINDS
                        ):
                            return other.entity  # "fighters of the group" are the group
        if ment.kind in PLACE_KINDS and head.tag_ in ("NNS", "NNPS"):
            return None  # "the areas": a set, not one named place
        best, best_score = None, None
        for idx, ent in enumerate(st.entities):
            before = [m for m in ent.mentions if m.start < ment.start and m is not ment]
            if not before:
                continue
            if not self._compatible(ment, ent, lemma, key):
                continue
            # places: the most often named so far wins, then the latest; actors: the latest
            last = max(m.start for m in before)
            exact = any(norm(m.label) == key for m in before)
            described = any(
                c.dep_ == "appos" and c.lemma_.lower() == lemma for m in before for c in doc[m.head].children
            )  # "Kidal, a desert town" ... "the town"
            # "a clinic in X treated 40 people hurt at the edge of the city": a place named
            # earlier in the same sentence comes first
            here = int(any(m.start >= doc[ment.head].sent.start for m in before))
            score = (here, int(described), len(before), last) if ment.kind in PLACE_KINDS else (0, 0, int(exact), last)
            if best_score is None or score > best_score:
                best, best_score = idx, score
        return best

    def _compatible(self, ment: Mention, ent: EntityDraft, lemma: str, key: str) -> bool:
        if ment.kind in PLACE_KINDS:
            if ent.kind in PLACE_COMPATIBLE.get(ment.kind, ()) and not all(m.definite for m in ent.mentions):
                return True
            return ment.kind == ent.kind and ent.head_lemma == lemma
        if ment.kind == "Ceasefire":
            return ent.kind == "Ceasefire"  # "the truce": the latest truce named
        if lemma == "group":
            if not any(not m.definite and any(ch.isupper() for ch in m.label) for m in ent.mentions):
                return False  # "the group" is a group named before, not "fighters"
            wanted = {self.lex.group_modifiers[w] for w in key.split() if w in self.lex.group_modifiers}
            if wanted:
                return ent.kind in wanted
            return ent.kind in ORG_KINDS and ent.kind not in ("State", "Government")
        if ent.kind in PLACE_KINDS or ent.kind in ("Ceasefire", "Population"):
            return False
        if ment.kind == "NonStateArmedGroup" and lemma in GENERIC_FIGHTERS and ent.kind == "NonStateArmedGroup":
            # "the insurgents", "the militants": the armed group the article names
            if any(not m.definite and any(ch.isupper() for ch in m.label) for m in ent.mentions):
                return True
        labels = [norm(m.label) for m in ent.mentions]
        if any(lab == key or lab.endswith(" " + key) for lab in labels):
            return True
        if key in self.lex.actor_heads:
            return False  # "the army" is not "Malian army units"
        return " " not in key and any(key in lab.split() and not m.definite for lab, m in zip(labels, ent.mentions))

    def _pronouns(self, doc: Doc, st: KgState) -> None:
        table = words(doc)
        for i, low in enumerate(table.lowers):
            if low not in PRONOUN_FORMS or table.pos[i] != "PRON":
                continue
            tok = doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass", "poss", "pobj", "dobj"):
                continue
            idx = self._pronoun_antecedent(st, tok)
            if idx is not None:
                ment = Mention(tok.i, tok.i + 1, st.entities[idx].kind, tok.text, tok.i, definite=True, entity=idx)
                st.mentions.append(ment)

    def _pronoun_antecedent(self, st: KgState, tok: Token) -> int | None:
        low = tok.lower_
        best = None
        # "X said (that) it had seized Y": the reporter speaks of itself
        verb = tok.head if tok.dep_ in ("nsubj", "nsubjpass") else None
        if verb is not None and verb.dep_ == "ccomp":
            said = verb.head
            subj = next((c for c in said.children if c.dep_ == "nsubj"), None)
            if subj is None and said.dep_ == "conj":
                subj = next((c for c in said.head.children if c.dep_ == "nsubj"), None)  # "X dismissed ... and said"
            ment = st.by_token.get(subj.i) if subj is not None else None
            if subj is not None:
                from kg.extract.resolve import loyal_to

                loyal = loyal_to(st, subj)  # "Forces loyal to X said they had ...": X
                if loyal is not None:
                    return loyal
            if ment is not None and ment.entity is not None:
                kind = st.entities[ment.entity].kind
                if (
                    (low in PERSONAL) == (kind == "Person")
                    and kind not in ("Ceasefire", "Population")
                    and kind not in PLACE_KINDS
                ):
                    return ment.entity
        if verb is not None and verb.dep_ == "conj" and verb.head.lemma_.lower() in self.lex.reporting:
            # "X said it would sign provided that ..., and it rejected Y": the speaker goes on
            subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
            ment = st.by_token.get(subj.i) if subj is not None else None
            if ment is not None and ment.entity is not None and self._fits_pronoun(st, ment, tok):
                return ment.entity
        if tok.dep_ == "poss" and tok.head.dep_ in ("dobj", "nsubjpass") and tok.head.head.pos_ == "VERB":
            # "the army launched its offensive": the possessor is the clause's subject
            subj = child_of(tok.head.head, "nsubj")
            ment = st.by_token.get(subj.i) if subj is not None and subj.i < tok.i else None
            if ment is not None and ment.entity is not None and st.entities[ment.entity].kind in ORG_KINDS:
                return ment.entity
        for ment in st.mentions:
            if ment.start >= tok.i or ment.entity is None:
                continue
            if tok.i - ment.start > 120 or best is not None and ment.start < best.start:
                continue  # the nearest one wins (pronouns resolved before sit at the end of the list)
            kind = st.entities[ment.entity].kind
            if low in PERSONAL and kind == "Person":
                best = ment
            elif low in NEUTER and kind in ORG_KINDS and not doc_plural(ment, tok):
                best = ment
            elif low in PLURAL and (kind in ORG_KINDS and kind != "Person"):
                best = ment
        return None if best is None else best.entity

    @staticmethod
    def _fits_pronoun(st: KgState, ment: Mention, tok: Token) -> bool:
        """Whether a speaker's mention can be what a pronoun stands for: a person for "he", "she"; a
        single side for "it"; a side for "they"."""
        kind = st.entities[cast(int, ment.entity)].kind
        if kind in ("Ceasefire", "Population") or kind in PLACE_KINDS and kind != "Country":
            return False  # a country that speaks is its government
        if tok.lower_ in PERSONAL:
            return kind == "Person"
        if tok.lower_ in NEUTER:
            return kind != "Person" and not doc_plural(ment, tok)
        return kind != "Person"

    def _finish(self, ent: EntityDraft) -> None:
        names = [m for m in ent.mentions if not m.definite] or ent.mentions
        best = max(names, key=lambda m: (len(m.label) if not m.label.isupper() else 0, -m.start))
        ent.label = best.label
        ent.kind = names[0].kind if names[0].kind != "Place" else best.kind
        ent.head_lemma = best.label.split()[-1].lower() if best.label else ""
        seen = {norm(ent.label)}
        for m in names:
            if norm(m.label) not in seen and m.label.lower() not in ("it", "they"):
                seen.add(norm(m.label))
                ent.aliases.append(m.label)
        for m in ent.mentions:
            if m.kind in ("Country", "State") and ent.kind in ("Country", "State"):
                ent.kind = "Country"

    @staticmethod
    def _cataphora(doc: Doc, st: KgState) -> None:
        """ "An ethnic armed group said ... The Karen National Union (KNU) said ...": a group described before
        it is named is the armed group named next, within two sentences."""
        for idx, ent in enumerate(st.entities):
            if ent.kind not in ORG_KINDS or ent.head_lemma != "group" or any(ch.isupper() for ch in ent.label):
                continue
            first = min(m.start for m in ent.mentions)
            if doc[first].lower_ not in ("a", "an") and not any(
                t.lower_ in ("a", "an") for t in doc[first - 1 : first]
            ):
                continue
            horizon = doc[first].sent.end
            nxt = doc[horizon].sent.end if horizon < len(doc) else horizon
            for other_idx, other in enumerate(st.entities):
                if other_idx == idx or other.kind not in ORG_KINDS or other.kind in ("State", "Government", "Person"):
                    continue
                starts = [m.start for m in other.mentions if not m.definite]
                if starts and first < min(starts) < nxt and any(ch.isupper() for ch in other.label):
                    for m in st.mentions:
                        if m.entity == idx:
                            m.entity = other_idx  # pronouns that pointed at the description too
                    other.mentions.extend(ent.mentions)
                    ent.mentions = []
                    break

    # -- relations between entities --------------------------------------------------
    def _within(self, doc: Doc, st: KgState) -> None:
        for ment in st.mentions:
            if ment.entity is None or ment.definite:
                continue
            ent = st.entities[ment.entity]
            if ent.kind not in PLACE_KINDS or ent.within is not None:
                continue
            if ment.kind == "PlacePart":
                inner = [m for m in st.mentions if m.head == ment.head and m is not ment and m.entity is not None]
                if inner:
                    ent.within = inner[0].entity
                continue
            head = doc[ment.head]
            if head.dep_ == "compound" and head.head.lemma_.lower() in self.lex.place_nouns:
                head = head.head  # "the Kibera district of southern Nairobi"
            owner = next((c for c in head.children if c.dep_ == "poss"), None)
            other = st.by_token.get(owner.i) if owner is not None else None
            if other is not None and other.entity is not None and other.entity != ment.entity and (
                    st.entities[other.entity].kind in PLACE_KINDS | {"State"}):
                ent.within = other.entity  # "Peru's Ayacucho region": the owner's country
                continue
            aside = self._set_off_container(doc, st, ment)
            if aside is not None:
                ent.within = aside  # "X, in the Y department,": however the parser hung "in"
                continue
            holders: list[tuple[Token, tuple[str, ...]]] = [(head, ("in", "of"))]
            named = head
            while named.dep_ == "conj" and named.head is not named:
                named = named.head
            if named.dep_ == "pobj" and named.head.lower_ == "of" and (
                    named.head.head.lemma_.lower() in self.lex.place_nouns):
                # "the village of X in Y": the parser hangs "in Y" on "village"
                holders.append((named.head.head, ("in",)))
            if head.dep_ == "pobj" and head.head.lower_ == "in" and head.head.head.pos_ in ("VERB", "AUX"):
                holders.append((head.head.head, ("rim",)))  # "fighting raged in X on the edge of Y"
            if ment.kind == "Facility":
                town = self._where_town(st, head)
                if town is not None and town != ment.entity:
                    ent.within = town  # "Y, where the X hospital was hit"
                    continue
                holders.extend(self._facility_holders(head))
            for target in self._container_words(holders):
                other = st.by_token.get(target.i)
                if other is not None and other.entity is not None and other.entity != ment.entity:
                    if st.entities[other.entity].kind in PLACE_KINDS:
                        ent.within = other.entity
                        break

        # a district named with no container lies in the latest city named before it
        for ment in st.mentions:
            if ment.entity is None or ment.definite:
                continue
            ent = st.entities[ment.entity]
            if ent.kind != "District" or ent.within is not None:
                continue
            counts: dict[int, int] = {}
            sent = doc[ment.head].sent
            for other in st.mentions:
                if other.entity is None or st.entities[other.entity].kind != "City":
                    continue
                if other.start < ment.start or sent.start <= other.start < sent.end:
                    counts[other.entity] = counts.get(other.entity, 0) + 1  # or "X and Y in the city" after it
            ent.within = max(counts, key=lambda k: (counts[k], k)) if counts else None

        # a named facility with no town of its own lies in the one town its sentence names
        for ment in st.mentions:
            if ment.entity is None or ment.kind != "Facility" or ment.label.islower():
                continue
            site = st.entities[ment.entity]
            if site.within is not None:
                continue
            sent = doc[ment.head].sent
            towns = {m.entity for m in st.mentions if m.entity is not None and not m.definite
                     and sent.start <= m.start < sent.end and st.entities[m.entity].kind == "City"}
            if len(towns) == 1:
                site.within = towns.pop()

        # a town the gazetteer does not know lies, for all the text says, in the country it is about
        codes: dict[str, int] = {}
        for ent in st.entities:
            if ent.country:
                codes[ent.country] = codes.get(ent.country, 0) + len(ent.mentions)
        iso = max(codes, key=lambda k: (codes[k], k)) if codes else None
        main = next(
            (
                i
                for i, e in enumerate(st.entities)
                if e.kind in ("Country", "State") and e.country == iso and any(not m.definite for m in e.mentions)
            ),
            None,
        )
        for idx, ent in enumerate(st.entities):
            # a named facility too, when the country is named by its name, not only by a demonym
            named_facility = ent.kind == "Facility" and not ent.label.islower() and main is not None and any(
                doc[m.start : m.end].text == st.entities[main].label for m in st.entities[main].mentions)
            if (ent.kind in ("City", "Place") or named_facility) and ent.within is None and main is not None \
                    and idx != main:
                if not any(m.qid for m in ent.mentions):
                    ent.within = main

    @staticmethod
    def _set_off_container(doc: Doc, st: KgState, ment: Mention) -> int | None:
        """The place named in ", in (the) Y" right after a place's name, if any."""
        at = ment.end
        if at + 2 >= len(doc) or doc[at].text != "," or doc[at + 1].lower_ != "in":
            return None
        at += 2 + (doc[at + 2].lower_ == "the")
        if at + 2 < len(doc) and doc[at + 1].tag_ == "POS":
            at += 2  # ", in Ruritania's Kelm region": the region, the country's part
        other = next((m for m in st.mentions if m.start == at and m.entity is not None and not m.definite), None)
        if (other is None or other.entity is None or other.entity == ment.entity
                or st.entities[other.entity].kind not in PLACE_KINDS):
            return None
        return other.entity

    @staticmethod
    def _facility_holders(head: Token) -> list[tuple[Token, tuple[str, ...]]]:
        """The verb that acts on a named facility, where its town may hang, since a facility does not
        move: "struck the X air base in Y"."""
        if head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
            return [(head.head, ("in",))]
        return []

    @staticmethod
    def _where_town(st: KgState, head: Token) -> int | None:
        """The place a "where" clause that holds a facility describes: "Y, where the X hospital was hit"."""
        verb = head.head
        if head.dep_ not in ("nsubj", "nsubjpass", "dobj") or verb.dep_ != "relcl":
            return None
        where = next((c for c in verb.children if c.lower_ == "where" and c.i < head.i), None)
        if where is None or where.i < 2:
            return None
        before = where.doc[where.i - 1]
        before = before.doc[before.i - 1] if before.text == "," else before  # "X, Y and Z, where": Z
        other = st.by_token.get(before.i)
        if other is None or other.entity is None or st.entities[other.entity].kind not in PLACE_KINDS:
            return None
        return other.entity

    @staticmethod
    def _container_words(holders: list[tuple[Token, tuple[str, ...]]]) -> Iterator[Token]:
        """The words that may name the place a place lies in, nearest first: the objects of its
        prepositions ("X in Y"), then of its apposition's ("X, a town of Y in Z": Y before Z)."""
        for holder, preps in holders:
            for child in holder.rights:
                if child.dep_ == "prep" and child.lower_ in preps:
                    yield from (c for c in child.children if c.dep_ == "pobj")
                elif child.dep_ == "prep" and child.lower_ in ("on", "at") and ("in" in preps or "rim" in preps):
                    # "X on the eastern outskirts of Y": the edge of a place is in it
                    for rim in child.children:
                        if rim.dep_ == "pobj" and rim.lemma_.lower() in RIM_NOUNS:
                            yield from (c for p in rim.rights if p.lower_ == "of" for c in p.children
                                        if c.dep_ == "pobj")
                elif child.dep_ == "appos":
                    for sub in child.rights:
                        if sub.dep_ == "prep" and sub.lower_ in ("in", "of"):
                            yield from (c for c in sub.children if c.dep_ == "pobj")

    def _affiliations(self, doc: Doc, st: KgState) -> None:
        for ment in st.mentions:
            if ment.entity is None or ment.definite or st.entities[ment.entity].kind != "Person":
                continue
            ent = st.entities[ment.entity]
            if ent.affiliation is not None:
                continue
            org = self._org_of_person(doc, st, ment)
            if org is not None and org != ment.entity:
                ent.affiliation = org

    def _org_of_person(self, doc: Doc, st: KgState, ment: Mention) -> int | None:
        head = doc[ment.head]
        affiliable = ORG_KINDS | {"Country"}
        # "X, a spokesman for Y" / "Y's top commander, X" / "the city's mayor, X"
        title_seen = False
        for rel in list(head.children) + [head.head]:
            if rel.lemma_.lower() not in self.lex.titles:
                continue
            if not (rel.dep_ == "appos" and rel.head == head or head.dep_ == "appos" and head.head == rel):
                continue
            kinds = affiliable | ({"City", "Region"} if rel.lemma_.lower() in ("mayor", "governor") else set())
            found = self._org_in(st, [t for t in rel.subtree if t.i != rel.i], ment, kinds)
            if found is not None:
                return found
            title_seen = True
        # "a spokesman for Y, X": X stands in apposition to Y, the organisation the title speaks for
        pobj = head.head if head.dep_ == "appos" else None
        if pobj is not None and pobj.dep_ == "pobj" and pobj.head.lower_ in ("for", "of"):
            if pobj.head.head.lemma_.lower() in self.lex.titles:
                found = self._org_in(st, [pobj, *pobj.children], ment, affiliable)
                if found is not None:
                    return found
        # "the Transitional Government headed by Prime Minister X"
        if head.dep_ == "pobj" and head.head.lower_ == "by" and head.head.head.lemma_.lower() in ("head", "lead"):
            led = head.head.head.head
            if st.entity_at(led) is not None and st.entities[cast(int, st.entity_at(led))].kind in ORG_KINDS:
                return st.entity_at(led)
        # "army spokesman Paul Okello", "Kenyan President Daniel Moi",
        # "chief of the monitoring group Ana Ruiz"
        window: list[Token] = []
        for t in reversed(doc[max(head.sent.start, ment.start - 8) : ment.start]):
            if (
                t.is_punct
                and t.text != "-"
                or t.pos_ in ("VERB", "AUX")
                or t.pos_ == "ADP"
                and t.lower_ not in ("of", "for")
            ):
                break  # the title phrase ends at a verb, a comma or "to"
            window.insert(0, t)
        title_seen = title_seen or any(t.lemma_.lower() in self.lex.titles for t in window)
        if title_seen:
            found = self._org_in(st, reversed(window), ment, affiliable)
            if found is not None:
                return found
        if title_seen and any(t.lower_ in ("president", "minister", "premier", "chancellor") for t in window):
            return self._main_country(st, doc)
        spokes = next((k for k, t in enumerate(window) if t.lemma_.lower() in SPOKES), None)
        if spokes is not None and all(t.pos_ in ("DET", "PRON", "PUNCT") for t in window[:spokes]) and all(
            t.lemma_.lower() in self.lex.titles | RANKS or t.pos_ == "PROPN" for t in window[spokes + 1 :]
        ):
            return self._speaking_organisation(doc, st, head)  # "spokesman X", whose spokesman not said
        return None

    def _speaking_organisation(self, doc: Doc, st: KgState, head: Token) -> int | None:
        """ "The army said ..., which spokesman X called ...", "The ministry said ... 'We ...,' spokeswoman X
        said": the organisation speaking just before a spokesman named with no organisation of his own."""
        sent = head.sent
        prev = doc[sent.start - 1].sent if sent.start > 0 else None
        for span, limit in ((sent, head.i), (prev, prev.end if prev is not None else 0)):
            if span is None:
                continue
            for t in reversed(doc[span.start : limit]):
                if t.dep_ != "nsubj" or t.head.lemma_.lower() not in self.lex.reporting:
                    continue
                ment = st.by_token.get(t.i)
                if ment is not None and ment.entity is not None and st.entities[ment.entity].kind in ORG_KINDS:
                    return ment.entity
        return None

    def _org_in(self, st: KgState, tokens, ment: Mention, kinds: AbstractSet[str]) -> int | None:
        from kg.extract.resolve import country_entity

        for tok in tokens:
            other = st.by_token.get(tok.i)
            if other is not None and other.entity is not None and other.entity != ment.entity:
                if (
                    st.entities[other.entity].kind in kinds
                    and st.entities[other.entity].head_lemma not in self.lex.titles
                ):
                    return other.entity
            if tok.lower_ in self.lex.demonyms and tok.dep_ in ("amod", "compound"):
                if any(t.lower_ in ("former", "ex") for t in tok.head.lefts):
                    continue  # "former Nigerian President X" speaks for someone else now
                return country_entity(st, tok, self.lex.demonyms[tok.lower_])
            if other is None and tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.actor_heads:
                # "ministry spokesman X": the ministry named before
                for idx in range(len(st.entities) - 1, -1, -1):
                    ent = st.entities[idx]
                    if ent.kind in kinds and ent.head_lemma == tok.lemma_.lower() and ent.mentions[0].start < tok.i:
                        return idx
        return None

    def _main_country(self, st: KgState, doc: Doc) -> int | None:
        """The country whose leader a bare "President X" is: that of the main government, else the
        country the article names most."""
        from kg.extract.resolve import country_entity

        gov = self._main_government(st)
        iso = st.entities[gov].country if gov is not None else None
        if iso is None:
            counts: dict[str, int] = {}
            for ent in st.entities:
                if ent.country:
                    counts[ent.country] = counts.get(ent.country, 0) + len(ent.mentions)
            iso = max(counts, key=lambda k: counts[k]) if counts else None
        if iso is None:
            return gov
        for idx, ent in enumerate(st.entities):
            if ent.kind in ("State", "Country") and ent.country == iso:
                return idx
        name = next((c for c, code in self.lex.countries.items() if code == iso), None)
        demonym = next((d for d, (c, code) in self.lex.demonyms.items() if code == iso), None)
        if name is None or demonym is None:
            return gov
        country = next(c for d, (c, code) in self.lex.demonyms.items() if code == iso)
        return country_entity(st, doc[0], (country, iso))

    @staticmethod
    def _main_government(st: KgState) -> int | None:
        """The government the article names most (for "Prime Minister X" with no country said)."""
        best, count = None, 0
        for idx, ent in enumerate(st.entities):
            if ent.kind == "Government" and len(ent.mentions) > count:
                best, count = idx, len(ent.mentions)
        return best


def doc_plural(ment: Mention, tok: Token) -> bool:
    """Whether the antecedent's head is plural (so "it" cannot point at it)."""
    return tok.doc[ment.head].tag_ in ("NNS", "NNPS")


@Language.factory("kg_coref", assigns=["doc._.kg"], requires=["doc._.kg"])
def make_coref(nlp: Language, name: str) -> Coref:
    """Group mentions into entities."""
    return Coref(nlp, name)
