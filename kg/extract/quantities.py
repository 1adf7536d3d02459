"""kg_quantities: numbers of people ("at least 40 civilians", "some 3,000", "nearly two million").

Each figure is stored on the token that plays the syntactic role (the counted
noun, or the number itself when it stands alone), with its qualifier from the
contract's vocabulary; "dozens", "hundreds" and "tens of thousands" give no
number. A figure inside "including N ..." is marked as part of the figure it
follows. Counted nouns of people become Population entities.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.state import EntityDraft, FigureDraft, Mention, state, words

NUMBER_RE = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")
UNITS = {
    "percent",
    "%",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "tonnes",
    "tons",
    "hours",
    "days",
    "weeks",
    "months",
    "years",
    "dollars",
    "times",
    "metres",
    "meters",
    "square",
    "minutes",
    "a.m.",
    "p.m.",
}

SCALE_WORDS = frozenset({"million", "billion", "thousand", "hundred", "dozen"})
CURRENCY_WORDS = frozenset({"dollar", "euro", "pound", "yen", "yuan", "franc", "rupee", "shilling", "ruble", "rouble",
                            "naira", "dinar", "riyal", "peso", "usd", "eur"})


def _priced(tok: Token) -> bool:
    """Whether a number the tagger marked as money stands by a currency sign or word ("$4 million")."""
    near = tok.doc[max(tok.i - 3, 0) : tok.i + 3]
    return any(t.is_currency or t.lemma_.lower() in CURRENCY_WORDS or t.lower_ in CURRENCY_WORDS for t in near)


def parse_number(words: list[str], lex: Lexicon) -> int | None:
    """The integer written by these words ("1.2", "million" -> 1200000), or None."""
    total: float  # an int until a float part is added
    total, current, seen = 0, 0.0, False
    for raw in words:
        word = raw.lower().replace(",", "")
        if word in ("and", "-"):
            continue
        if NUMBER_RE.match(raw) or re.match(r"^\d+(\.\d+)?$", word):
            current += float(word)
            seen = True
            continue
        parts = word.split("-")
        if all(p in lex.numbers for p in parts) and len(parts) > 1:
            current += sum(lex.numbers[p] for p in parts)
            seen = True
            continue
        if word not in lex.numbers:
            return None
        value = lex.numbers[word]
        if value in (100,):
            current = (current or 1) * value
        elif value >= 1000:
            total += (current or 1) * value
            current = 0
        elif value == 12 and word == "dozen":
            current = (current or 1) * 12
        else:
            current += value
        seen = True
    return int(round(total + current)) if seen else None


class Quantities:
    """The kg_quantities component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lex = load_lexicon()
        self.max_cue = max(len(q.split()) for q in self.lex.qualifiers)

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        done: set[int] = set()
        table = words(doc)
        for i, lower in enumerate(table.lowers):
            if not table.like_num[i] and lower not in SCALE_WORDS:
                continue  # cannot be a number (what _numeric tests first)
            tok = doc[i]
            if i in done or not self._numeric(tok):
                continue
            start, end = tok.i, tok.i + 1
            while end < len(doc) and self._numeric(doc[end]):
                end += 1
            done.update(range(start, end))
            spelled = [t.text for t in doc[start:end] if t.lower_ not in ("a", "an") or end - start > 1]
            if doc[start].lower_ in ("a", "an") and end - start == 1:
                continue
            count = parse_number(spelled, self.lex)
            if count is None:
                continue
            noun = self._counted(doc, start, end)
            if noun is None:
                continue
            qual, qstart = self._qualifier(doc, start)
            fig = FigureDraft(count, qual, noun.i, qstart, max(end, noun.i + 1))
            st.figures.setdefault(noun.i, []).append(fig)
            people = self._people_noun(noun)
            if people is not None:
                fig.victims = self._population(doc, st, people)
        return doc

    def _numeric(self, tok: Token) -> bool:
        if tok.ent_type_ == "MONEY" and not _priced(tok):
            # "more than 4 million people": the tagger's MONEY without a currency is a count
            return tok.like_num or tok.lower_ in SCALE_WORDS
        if tok.like_num and tok.ent_type_ not in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"):
            return True
        return tok.lower_ in SCALE_WORDS and tok.ent_type_ == "CARDINAL"

    def _counted(self, doc: Doc, start: int, end: int) -> Token | None:
        """The noun a number counts, or the number itself when it stands as a noun."""
        last = doc[end - 1]
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.lower_ in UNITS:
            return None
        head = last.head if last.dep_ in ("nummod", "quantmod", "compound") else None
        num = last
        for tok in doc[start:end]:
            if tok.dep_ == "nummod" and tok.head.i >= end:
                head, num = tok.head, tok
        if head is not None and head.pos_ in ("NOUN", "PROPN") and head.i >= end:
            if head.lower_ in UNITS or head.lemma_.lower() in UNITS:
                return None
            return head
        if num.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr") and num.pos_ == "NUM":
            return num
        return None

    def _people_noun(self, noun: Token) -> Token | None:
        if noun.pos_ == "NUM":
            for child in noun.rights:
                if child.dep_ == "prep" and child.lower_ == "of":
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if obj is not None and obj.lemma_.lower() in self.lex.populations:
                        return obj
            return None
        if noun.lemma_.lower() in self.lex.populations or noun.text.lower() in self.lex.populations:
            return noun
        return None

    def _qualifier(self, doc: Doc, start: int) -> tuple[str, int]:
        for size in range(self.max_cue, 0, -1):
            lo = start - size
            if lo < 0:
                continue
            cue = " ".join(t.lower_ for t in doc[lo:start])
            if cue in self.lex.qualifiers:
                return self.lex.qualifiers[cue], lo
        return "exact", start

    def _population(self, doc: Doc, st, noun: Token) -> int:
        label = noun.lower_
        if label in self.lex.demonyms or noun.pos_ == "PROPN":
            label = noun.text  # "Peruvians": a nationality keeps its capital
        else:
            # "crew member", "aid workers": a noun that says whose member or what work keeps it
            lefts = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < noun.i]
            if lefts and lefts[-1].i == noun.i - 1 and not any(c.like_num for c in lefts):
                label = doc[lefts[0].i : noun.i + 1].text.lower()
        for idx, ent in enumerate(st.entities):
            if ent.kind == "Population" and ent.label == label:
                ment = Mention(noun.i, noun.i + 1, "Population", label, noun.i, entity=idx)
                ent.mentions.append(ment)
                st.mentions.append(ment)
                st.by_token.setdefault(noun.i, ment)
                return idx
        ment = Mention(noun.i, noun.i + 1, "Population", label, noun.i)
        st.entities.append(EntityDraft(label, "Population", [ment], head_lemma=noun.lemma_.lower()))
        ment.entity = len(st.entities) - 1
        st.mentions.append(ment)
        st.by_token[noun.i] = ment
        return ment.entity


@Language.factory("kg_quantities", assigns=["doc._.kg"], requires=["doc._.kg"])
def make_quantities(nlp: Language, name: str) -> Quantities:
    """Numbers of people with their qualifiers."""
    return Quantities(nlp, name)
