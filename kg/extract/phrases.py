"""Mentions from common-noun phrases: "government forces", "a humanitarian truce", "the city"
(mixed into kg_entities)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.coref import GENERIC_FIGHTERS as MEMBER_NOUNS
from kg.extract.lexicon import Lexicon
from kg.extract.names import DIRECTIONS
from kg.extract.state import Mention

KEEP_ADJ = {
    "federal",
    "paramilitary",
    "foreign",
    "national",
    "regional",
    "special",
    "local",
    "interim",
    "armed",
    "islamist",
    "jihadist",
    "separatist",
    "pro-government",
    "government",
    "military",
    "health",
    "interior",
    "defence",
    "defense",
    "caretaker",
    "internationally",
    "recognised",
    "recognized",
    "humanitarian",
    "bilateral",
    "unilateral",
    "definitive",
    "permanent",
    "temporary",
    "partial",
    "week-long",
    "new",
    "original",
    "fragile",
    "initial",
    "joint",
    "ruling",
    "ethnic",
}
# "an end to hostilities", "a halt to the fighting": a truce told as the stopping of the fighting
HALT_NOUNS = {"end", "halt", "stop", "cessation"}
FIGHTING_NOUNS = {"hostility", "hostilities", "fighting", "violence", "war", "bloodshed", "attack", "clash"}
GENERIC_FIGHTERS = {"insurgent", "militant", "fighter", "guerrilla", "jihadist", "gunman"}
TYPE_NOUNS = {"movement", "group", "organisation", "organization", "party"}
OFFICE_NOUNS = {"office", "bureau", "cabinet", "secretariat"}  # named by whom they serve ("the office of X")


def label_of(tokens: list[Token], lex: Lexicon) -> str:
    """Readable label: proper names and demonyms keep their case, other words are lower-cased."""
    words: list[str] = []
    for tok in tokens:
        text = tok.text
        if tok.tag_ == "POS":
            if words:
                words[-1] += text
            continue
        if not (
            tok.pos_ == "PROPN"
            or tok.lower_ in lex.demonyms
            or tok.ent_type_ == "NORP"  # a demonym the list lacks: "Ruritanian"
            or tok.text.isupper()
            and len(text) > 1
        ):
            text = text.lower()
        if tok.i > 0 and tok.doc[tok.i - 1].text == "-" and words and tok.doc[tok.i - 1].whitespace_ == "":
            words[-1] += text
            continue
        if text == "-" and words and not tok.whitespace_:
            words[-1] += text
            continue
        words.append(text)
    return " ".join(words).replace("- ", "-")


class PhraseReader:
    """Mentions headed by an actor, truce or place noun."""

    if TYPE_CHECKING:  # set by EntityFinder
        lex: Lexicon
        demonym_of: dict[str, str]

    def _from_noun(self, tok: Token, taken: set[int]) -> Mention | None:
        lex = self.lex
        lemma = tok.lemma_.lower()
        if tok.pos_ == "PRON":
            return None
        if (
            tok.dep_ in ("compound", "amod", "npadvmod", "nmod")
            and tok.head.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
            and tok.i < tok.head.i
            and lemma not in lex.ceasefire_nouns  # "a ceasefire proposal" still names a truce
            and not self._served(tok)
        ):
            return None  # a modifier inside a larger phrase ("government forces", "rebel-held")
        if tok.ent_type_ in ("ORG", "PERSON", "FAC", "GPE") and tok.pos_ == "PROPN":
            return None  # the head of a name ("Varnan Liberation Army"): the name is the mention
        if lemma in HALT_NOUNS and lemma != "cessation" and tok.pos_ == "NOUN":
            stopped = [o for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "of") for o in c.children]
            if not any(o.dep_ == "pobj" and o.lemma_.lower() in FIGHTING_NOUNS for o in stopped):
                return None  # "the end of the month"
            return self._phrase(tok, "Ceasefire", taken)
        if lemma in lex.ceasefire_nouns or lemma in ("agreement", "deal", "accord") and self._ends_fighting(tok):
            ment = self._phrase(tok, "Ceasefire", taken)
            if (
                ment is not None
                and ment.label.lower() in ("truce", "ceasefire", "cease-fire")
                and any(c.lower_ in ("the", "this", "that", "its") for c in tok.lefts)
            ):
                ment.definite = True  # "the truce": the one told before
            return ment
        if lemma in lex.actor_heads and (tok.pos_ != "ADJ" or tok.dep_ in ("pobj", "nsubj", "dobj", "nsubjpass")):
            kind = lex.actor_heads[lemma]
            if kind in ("Person", "Population"):
                return None
            ment = self._phrase(tok, kind, taken)
            if ment is not None and lemma in lex.weak_heads and ment.label.lower() == tok.lower_:
                if not any(c.lower_ == "the" for c in tok.lefts):
                    return None  # "its mission", "an office": too vague alone
                ment.definite = True  # "the coalition": the one named before
            return ment
        if lemma == "group" and tok.pos_ == "NOUN":
            ment = self._phrase(tok, "NonStateArmedGroup", taken)
            if ment is not None:
                ment.definite = True
            return ment
        if lemma in lex.place_nouns and tok.pos_ == "NOUN":
            owner = next((c for c in tok.lefts if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            if owner is not None and tok.tag_ == "NNS" and lex.place_nouns[lemma] == "District":
                return self._owned_district(tok, owner, taken)  # "Tyre's southern suburbs"
            if not any(c.lower_ in ("the", "this", "that") for c in tok.lefts):
                return None
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if (
                nxt is not None
                and nxt.ent_type_ in ("GPE", "LOC", "FAC")
                or any(c.dep_ == "appos" for c in tok.children)
            ):
                return None  # "the capital Dorvik": the name says which
            ment = self._phrase(tok, lex.place_nouns[lemma], taken)
            if ment is not None:
                ment.definite = True
            return ment
        return None

    def _owned_district(self, tok: Token, owner: Token, taken: set[int]) -> Mention | None:
        """ "Tyre's southern suburbs": the parts of a named place, told by its name's possessive; the
        mention leaves the name out, which stays the place they lie in."""
        ment = self._phrase(tok, "District", taken)
        if ment is None:
            return None
        start = max(ment.start, owner.i + 1)
        while start < tok.i and tok.doc[start].tag_ == "POS":
            start += 1
        ment.start, ment.label = start, tok.doc[start : tok.i + 1].text
        return ment

    def _served(self, tok: Token) -> bool:
        """ "government spokesman X", "army commander X": a body before the title of a named person is the
        one the person speaks for (a mention of its own, which the person is affiliated with)."""
        title = tok.head
        if tok.dep_ != "compound" or tok.pos_ not in ("NOUN", "PROPN") or title.lemma_.lower() not in self.lex.titles:
            return False
        if tok.lemma_.lower() in MEMBER_NOUNS:
            return False  # "rebel spokeswoman X": a member noun says what she is, not which body she serves
        if any(t.lemma_.lower() == tok.lemma_.lower() for t in tok.doc[: tok.i]):
            return False  # "the defence ministry said ... ministry spokesman X": he speaks for the body told before
        mods = [c for c in [*title.lefts, *tok.lefts] if c.i != tok.i and not (c.is_space or c.is_punct)]
        if any(c.dep_ != "det" for c in mods):
            return False  # "Ruritanian government spokesman X": the demonym already says whose
        named = title.head if title.dep_ == "compound" else next((c for c in title.children if c.dep_ == "appos"), None)
        return named is not None and named.pos_ == "PROPN" and named.ent_type_ == "PERSON"

    @staticmethod
    def _ends_fighting(tok: Token) -> bool:
        """ "a deal to halt hostilities": an agreement that is a truce."""
        for c in tok.children:
            if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in ("end", "halt", "stop", "cease", "silence"):
                return True
        return False

    def _phrase(self, head: Token, kind: str, taken: set[int]) -> Mention | None:
        lex = self.lex
        keep: list[Token] = []
        country = None
        stack = [head]
        while stack:
            tok = stack.pop()
            keep.append(tok)
            for child in tok.lefts:
                if child.i in taken and child.ent_type_ not in ("NORP", "GPE", ""):
                    continue
                low = child.lower_
                if (
                    child.dep_ in ("compound", "amod", "nmod", "npadvmod")
                    or child.dep_ == "poss"
                    and (child.pos_ == "PROPN" or child.lemma_.lower() in lex.titles and kind != "Ceasefire")
                ):
                    if low in lex.demonyms:
                        country = lex.demonyms[low][1]
                        keep.append(child)
                    elif (
                        child.dep_ == "amod"
                        and low in ("led", "backed", "aligned", "allied", "held")
                        and any(g.dep_ in ("npadvmod", "compound") for g in child.lefts)
                        and kind != "Ceasefire"
                    ):
                        stack.append(child)  # "the Zambian-led mission"
                    elif (
                        child.pos_ == "PROPN"
                        or child.lemma_.lower() in lex.actor_heads
                        or child.dep_ == "poss" and child.lemma_.lower() in lex.titles  # "the minister's office"
                        or f"{low} {tok.lower_}" in lex.titles  # "the prime minister's office"
                        or low in KEEP_ADJ
                        or low in DIRECTIONS
                        or (child.ent_type_ in ("NORP", "ORG", "GPE") and child.is_title)
                    ):
                        stack.append(child)
                    elif child.dep_ == "compound" and child.pos_ == "NOUN" and kind != "Ceasefire":
                        stack.append(child)
                    elif kind == "Ceasefire" and child.dep_ in ("amod", "compound") and child.pos_ in ("ADJ", "NOUN"):
                        stack.append(child)
                elif child.dep_ == "case":
                    keep.append(child)
                elif child.dep_ == "advmod" and tok is not head and child.pos_ == "ADV" and child.text.endswith("ly"):
                    keep.append(child)
        keep.sort(key=lambda t: t.i)
        # make it contiguous from the first kept token
        start = keep[0].i
        while start < head.i and (head.doc[start].i not in {t.i for t in keep}):
            start += 1
        tokens = [
            t
            for t in head.doc[start : head.i + 1]
            if t.dep_ not in ("det", "nummod", "quantmod", "predet") or t.dep_ == "nummod" and t.head.pos_ == "PROPN"
        ]
        kept = {k.i for k in keep}
        tokens = [
            t
            for t in tokens
            if t.i in kept
            or t.text in ("-",)
            or t.tag_ == "POS"
            or t.dep_ == "nummod"
            and t.head.i in kept
            and t.head.pos_ == "PROPN"
        ]
        if head.lemma_.lower() in HALT_NOUNS:
            tail = [c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("of", "to")]
            if not tail:
                return None
            tokens = tokens + list(head.doc[head.i + 1 : tail[0].right_edge.i + 1])
        if head.lemma_.lower() in OFFICE_NOUNS and kind != "Ceasefire":
            # "the office of the AU high representative": an office is named by the holder it serves
            held = [o for c in head.rights if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                    if o.dep_ == "pobj" and o.lemma_.lower() in lex.titles]
            if held and tokens[-1].i == head.i:
                tokens = tokens + list(head.doc[head.i + 1 : held[0].i + 1])
        if kind == "NonStateArmedGroup" and head.lemma_.lower() == "group":
            pass
        if any(t.i in taken for t in tokens if t.i != head.i and t.ent_type_ not in ("NORP", "GPE")):
            tokens = [t for t in tokens if t.i not in taken or t.ent_type_ in ("NORP", "GPE")]
        tokens = self._possessive_to_demonym(tokens)
        if not tokens:
            return None
        names = [t for t in tokens if t.pos_ == "PROPN" and t.i != head.i]
        if head.lemma_.lower() in TYPE_NOUNS and names and tokens[-1].i == head.i:
            run: list[Token] = []
            for t in reversed(tokens[:-1]):
                if t.pos_ != "PROPN" or run and t.i != run[-1].i - 1:
                    break
                run.append(t)
            if run:
                tokens = list(reversed(run))  # "the Varnia-backed Falcon group" is Falcon
        label = label_of(tokens, lex) if isinstance(tokens[0], Token) else " ".join(tokens)
        label = label.strip(" -'")
        poss_country = self._poss_country(head)
        if poss_country:
            country = country or poss_country[1]
            owner = next((c for c in head.lefts if c.dep_ == "poss"), None)
            if len(label.split()) > 2 and owner is not None:
                label = f"{owner.text}'s {label}"  # "Mali's transitional government"
            elif not label.lower().startswith(poss_country[0].lower()):
                label = poss_country[0] + " " + label  # "Chad's army" is the Chadian army
        first = min(t.i for t in tokens if isinstance(t, Token))
        bare = not any(t.pos_ == "PROPN" or t.lower_ in lex.demonyms for t in tokens) and (
            len(tokens) == 1
            or all(t.lemma_.lower() in lex.actor_heads or t.dep_ == "compound" and t.pos_ == "NOUN" for t in tokens)
        )
        definite = (
            any(c.lower_ in ("the", "this", "that", "its", "their", "his", "her") for c in head.lefts)
            and bare
            and not poss_country
        )
        if bare and len(tokens) == 1 and head.lemma_.lower() in GENERIC_FIGHTERS and head.tag_ == "NNS":
            definite = True  # "insurgents", "militants": the armed group named before, if any
        if bare and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.rights) and kind not in ("Ceasefire",):
            definite = True  # "fighters of the group": whose they are says who they are
        return Mention(first, head.i + 1, kind, label, head.i, country=country, definite=definite)

    def _poss_country(self, head: Token) -> tuple[str, str] | None:
        """("Chilean", "CL") for "Chile's foreign ministry"."""
        for child in head.lefts:
            if child.dep_ == "poss":
                name = child.text.lower()
                if name in self.lex.countries and name in self.demonym_of:
                    demonym = self.demonym_of[name]
                    return demonym.capitalize() if " " not in demonym else demonym.title(), self.lex.countries[name]
        return None

    def _possessive_to_demonym(self, tokens: list[Token]) -> list[Token]:
        out: list[Token] = []
        for t in tokens:
            if t.dep_ == "poss" and t.text.lower() in self.lex.countries and t.text.lower() in self.demonym_of:
                continue
            if t.tag_ == "POS" and (not out or out[-1].i != t.i - 1):
                continue
            out.append(t)
        return out

    # -- places ----------------------------------------------------------------------
