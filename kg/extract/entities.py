"""kg_entities: find the mentions of actors, places, populations and truces.

Sources: the model's named entities (retyped with the gazetteer, which knows that
"Kigali" is a city even when the tagger calls it NORP), noun phrases headed by an
actor noun ("government forces", "the rebels"), truce nouns ("a humanitarian
truce"), place nouns ("the city") and items listed after a place noun ("areas
including X, Y and Z").
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.company import coordinated_parts, places_by_company
from kg.extract.facilities import named_facilities
from kg.extract.lexicon import load_lexicon
from kg.extract.names import DIRECTIONS, ORG_HINTS, ORG_TAILS, NameReader
from kg.extract.phrases import HALT_NOUNS, PhraseReader
from kg.extract.state import PRONOUNS, Mention, state, words
from kg.extract.timex import DATELINE

TIMESTAMP = re.compile(r"^\d{1,2}[:.]\d{2}\b")  # a live blog entry's time
ZONES = ("GMT", "UTC")

# last words of one body's name that may hold "and" ("Justice and Equality Movement"): never split
BODY_WORDS = set(ORG_TAILS) | {hint.title() for hint, _kind in ORG_HINTS} | {
    "Group", "Union", "Alliance", "Committee", "Coalition", "Commission", "Organisation", "Organization",
    "Office", "Service", "Services", "Authority", "Court", "Bank", "Fund", "Foundation", "Institute",
}

ORG_MENTION_KINDS = {
    "Organization",
    "Government",
    "InternationalOrganization",
    "NonGovernmentalOrganization",
    "MonitoringOrganization",
}


class EntityFinder(NameReader, PhraseReader):
    """The kg_entities component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lex = load_lexicon()
        self.gazetteer: Any = None
        self.heads = (
            set(self.lex.actor_heads)
            | self.lex.ceasefire_nouns
            | set(self.lex.place_nouns)
            | {"group", "agreement", "deal", "accord"}
            | HALT_NOUNS
        )
        self.demonym_of: dict[str, str] = {}
        for demonym, (country, _iso) in self.lex.demonyms.items():
            if not demonym.endswith("s") or demonym in ("swiss", "lebanese", "congolese", "sudanese"):
                self.demonym_of.setdefault(country.lower(), demonym)

    def set_gazetteer(self, gazetteer: Any) -> None:
        """Use this gazetteer to type names (None: type from the model and the lexicon only)."""
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        self.countries = self._doc_countries(doc)
        taken: set[int] = set()
        mentions: list[Mention] = []
        table = words(doc)
        # actor phrases first: they may hold a name ("Tuareg fighters", "UN children's agency")
        for i, lemma in enumerate(table.lemmas):
            if lemma in self.lex.actor_heads and table.pos[i] in ("NOUN", "PROPN") and i not in taken:
                ment = self._from_noun(doc[i], set())
                if ment is not None:
                    mentions.append(ment)
                    taken.update(i for i in range(ment.start, ment.end) if doc[i].dep_ != "poss")
        for whole in doc.ents:
            for ent in coordinated_parts(whole, self.gazetteer, BODY_WORDS):
                if any(i in taken for i in range(ent.start, ent.end)):
                    if not (ent.root.dep_ == "poss" or ent.root.head.lemma_.lower() in self.lex.titles):
                        continue
                ment = self._from_ner(ent)
                if ment is not None:
                    mentions.append(ment)
                    taken.update(range(ment.start, ment.end))
        mentions.extend(self._names_missed(doc, taken))
        mentions = named_facilities(doc, mentions, self.lex, self.gazetteer, self.countries)
        taken.update(i for m in mentions if m.kind == "Facility" for i in range(m.start, m.end))
        for i, lemma in enumerate(table.lemmas):
            if lemma not in self.heads or i in taken or table.pos[i] not in ("NOUN", "PROPN", "ADJ"):
                continue
            ment = self._from_noun(doc[i], taken)
            if ment is not None:
                mentions.append(ment)
                taken.update(range(ment.start, ment.end))
        mentions = self._joined_org_names(doc, mentions)
        self._names_before_acronyms(doc, mentions)
        mentions = self._titled_people(doc, mentions)
        mentions.extend(self._place_parts(doc, mentions))
        self._listed_places(doc, mentions, taken)
        places_by_company(doc, mentions)
        mentions = self._without_layout(doc, mentions)
        mentions.sort(key=lambda m: (m.start, -m.end))
        st.mentions = mentions
        st.index()
        return doc

    def _without_layout(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Drop what layout puts in names: a live blog's timestamp ("18:20 - Rebels..."), a time-zone
        note ("All times Abeche and Geneina (GMT+1)"), a dateline's cities, a pair of countries joined
        by a hyphen as a modifier ("the Chad-Sudan border")."""
        skip: set[int] = set()
        for match in DATELINE.finditer(doc.text):
            span = doc.char_span(match.start(), match.start("date"), alignment_mode="expand")
            if span is not None:
                skip.update(range(span.start, span.end))
        for sent in doc.sents:
            if any(t.text.upper().startswith(ZONES) for t in sent) and any(t.lower_ in ("time", "times") for t in sent):
                skip.update(range(sent.start, sent.end))
        out = []
        for ment in mentions:
            text = doc[ment.start : ment.end].text
            if TIMESTAMP.match(text) or text.upper().startswith(ZONES):
                continue  # "18:20 - Ceasefire", "GMT+2": the tagger read layout as a name
            if any(i in skip for i in range(ment.start, ment.end)):
                continue
            parts = text.split("-")
            if len(parts) == 2 and all(p.strip().lower() in self.lex.countries for p in parts):
                continue
            out.append(ment)
        return out

    def _titled_people(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """ "Peru's deputy minister, Luis Tambo, said": the names set beside a title are one person,
        however the tagger split or typed them."""
        out = list(mentions)
        for tok in doc:
            if tok.dep_ != "appos" or tok.pos_ != "PROPN" or tok.head.lemma_.lower() not in self.lex.titles:
                continue
            if tok.head.pos_ != "NOUN" or tok.i < tok.head.i:
                continue
            start = tok.i
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
                start -= 1
            if not 2 <= tok.i + 1 - start <= 4:
                continue
            inside = [m for m in out if start <= m.start and m.end <= tok.i + 1]
            if any(m.kind == "Person" and (m.start, m.end) == (start, tok.i + 1) for m in inside):
                continue
            if any(m.start < start < m.end or m.start < tok.i + 1 < m.end for m in out):
                continue  # part of a longer name
            out = [m for m in out if m not in inside]
            out.append(Mention(start, tok.i + 1, "Person", doc[start : tok.i + 1].text, tok.i))
        return out

    def _place_parts(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """ "eastern Darfur": a part of a named place."""
        out = []
        for ment in mentions:
            if ment.kind not in ("City", "Region", "Country", "Place") or ment.definite:
                continue
            prev = doc[ment.start - 1] if ment.start > 0 else None
            if prev is not None and prev.lower_ in DIRECTIONS and prev.head.i == ment.head:
                text = prev.lower_ + " " + ment.label
                out.append(Mention(prev.i, ment.end, "PlacePart", text, ment.head, country=ment.country))
        return out

    @staticmethod
    def _joined_org_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """ "the Agency for the Relief of War Victims": a name the tagger cut in two
        at "for" or "of" is one organisation when both halves are names of organisations."""
        ordered = sorted(mentions, key=lambda m: m.start)
        dropped: set[int] = set()
        for a, b in zip(ordered, ordered[1:]):
            if id(a) in dropped or a.kind not in ORG_MENTION_KINDS or b.kind not in ORG_MENTION_KINDS:
                continue
            gap = [t.lower_ for t in doc[a.end : b.start]]
            if gap not in (["for"], ["of"], ["for", "the"], ["of", "the"]) or a.definite or b.definite:
                continue
            if not doc[b.start].is_title and doc[b.start].lower_ != "the":
                continue
            a.end, a.head, a.label = b.end, b.head if b.head > a.head else a.head, doc[a.start : b.end].text
            if doc[a.start].lower_ == "the":
                a.label = doc[a.start + 1 : b.end].text
            dropped.add(id(b))
        return [m for m in mentions if id(m) not in dropped]

    @staticmethod
    def _names_before_acronyms(doc: Doc, mentions: list[Mention]) -> None:
        """ "Liberation Tigers of Tamil Eelam (LTTE)": the name runs up to the acronym that spells it."""
        for i in range(1, len(doc) - 2):
            if doc[i].text != "(" or doc[i + 2].text != ")" or not doc[i + 1].text.isupper():
                continue
            if not any(m.end == i or m.end < i <= m.end + 4 for m in mentions):
                # no name before the acronym: the capitalised words that spell it out
                start = i
                while start > 0 and (
                    doc[start - 1].pos_ == "PROPN"
                    or doc[start - 1].lower_ in ("of", "for", "and")
                    or doc[start - 1].lower_ == "the" and start > 1 and doc[start - 2].lower_ in ("of", "for")
                ):
                    start -= 1
                while start < i and doc[start].pos_ != "PROPN":
                    start += 1
                # "Office of the African Commission for Refugee Affairs (OACRA)": a name the tagger cut
                # short at "of" or "for" runs on to the acronym
                cut = [
                    m
                    for m in mentions
                    if m.start <= start <= m.end < i and m.kind in ORG_MENTION_KINDS and not m.definite
                ]
                for m in cut:
                    m.end, m.label, m.head = i, doc[m.start : i].text, i - 1
                if not cut and i - start >= 2:
                    mentions.append(Mention(start, i, "Organization", doc[start:i].text, i - 1))
                continue
            for ment in mentions:
                gap = doc[ment.end : i]
                if ment.end < i <= ment.end + 4 and all(
                    t.pos_ == "PROPN" or t.lower_ in ("of", "for", "and") for t in gap
                ):
                    if gap[-1].pos_ == "PROPN":
                        ment.end = i
                        ment.label = doc[ment.start : i].text
                    break

    def _listed_places(self, doc: Doc, mentions: list[Mention], taken: set[int]) -> None:
        """Names listed after a place noun ("villages including X and Y") are places."""
        for ment in mentions:
            if ment.kind not in ("Person", "Organization", "Thing"):
                continue
            head = doc[ment.head]
            anchor = head
            while anchor.dep_ == "conj":
                anchor = anchor.head
            if anchor.dep_ == "pobj" and anchor.head.lower_ in ("including", "like", "such"):
                noun = anchor.head.head
                if noun.lemma_.lower() in self.lex.place_nouns:
                    ment.kind = "District" if self.lex.place_nouns[noun.lemma_.lower()] == "District" else "City"
                    continue
            if anchor.dep_ == "appos" and anchor.head.lemma_.lower() in self.lex.place_nouns:
                ment.kind = "City"


@Language.factory("kg_entities", assigns=["doc._.kg"])
def make_entity_finder(nlp: Language, name: str) -> EntityFinder:
    """Mentions of actors, places, populations and truces."""
    return EntityFinder(nlp, name)


_ = PRONOUNS
