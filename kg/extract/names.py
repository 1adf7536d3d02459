"""Named mentions: the tagger's entities retyped with the gazetteer, and names it missed
(mixed into kg_entities)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Lexicon
from kg.extract.state import Mention

GAZ_KINDS = {
    "country": "Country",
    "region": "Region",
    "city": "City",
    "international-org": "InternationalOrganization",
    "armed-group": "NonStateArmedGroup",
    "government": "Government",
    "state-force": "StateArmedForce",
    "ngo": "NonGovernmentalOrganization",
    "media": "MediaOrganization",
}
MISREAD_LABELS = ("PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "FAC")  # labels a town's name sometimes gets
NER_KINDS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Facility"}
DIRECTIONS = {
    "eastern",
    "western",
    "northern",
    "southern",
    "east",
    "west",
    "north",
    "south",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "central",
}
PLACES = {"Place", "Country", "Region", "City", "District", "PlacePart", "Facility"}
ORG_TAILS = {
    "State": "NonStateArmedGroup",
    "Army": "NonStateArmedGroup",
    "Front": "NonStateArmedGroup",
    "Brigade": "NonStateArmedGroup",
    "Brigades": "NonStateArmedGroup",
    "Movement": "NonStateArmedGroup",
    "Forces": "StateArmedForce",
    "Council": "Organization",
    "Party": "Organization",
}
# a model designation: a digit, or a hyphen before a short code ("Grad-M", "BM-21", "S-300")
MODEL_NAME = re.compile(r"\d|-[A-Z0-9]{1,3}$")
# prepositions whose object, when the phrase modifies a verb, is a place ("fighting broke out in X")
LOCATIVE_PREPS = {"in", "near", "into", "inside", "outside", "around", "across", "towards", "toward"}
# of those, the ones that after a member noun may name the body joined ("fighters in the Front")
MEMBER_PREPS = {"in", "into"}
# verbs whose object is a place ("shelled X", "fled X"), never a person
PLACE_OBJECT_VERBS = {
    "shell", "bomb", "capture", "seize", "enter", "storm", "besiege", "encircle", "overrun",
    "retake", "recapture", "flee", "evacuate", "liberate", "occupy", "annex",
}
# nouns for a part of a place, "the edges of X", "the streets of X": X is a place
PART_NOUNS = ("edge", "heart", "centre", "center", "street", "part", "outskirt", "suburb", "border")
# verbs whose object may be a group or a place ("hit X", "targeted X"): a place only on the gazetteer's word
STRIKE_VERBS = {"hit", "strike", "target", "attack", "raid", "pound"}
# "wrote on X", "said in a post on X", "his X channel": X is where words were posted, not who posted them
# (verbs of publishing only: what is "reported on" or "commented on" is what the words are about)
MEDIUM_VERBS = {"write", "post", "say", "announce", "tweet", "publish", "share", "claim", "state", "declare",
                "upload", "broadcast", "appear"}
MEDIUM_NOUNS = {"post", "message", "statement", "video", "tweet", "update", "posting"}  # "in a post on X"
POSTS = {"post", "tweet", "posting"}  # nouns that are posts by themselves ("a post on X")
MEDIUM_HOLDERS = {"channel", "account", "page", "feed"}
# kinds of what a side says or answers: their subject may be a capital standing for its government
TALK_KINDS = {"Denial", "Rejection", "Acceptance", "Proposal", "Agreement"}
REGION_WORDS = {"province", "governorate", "region", "oblast", "county", "prefecture"}
ORG_HINTS = (
    ("observatory", "MonitoringOrganization"),
    ("ministry", "Government"),
    ("government", "Government"),
    ("army", "StateArmedForce"),
    ("forces", "StateArmedForce"),
    ("front", "NonStateArmedGroup"),
    ("movement", "NonStateArmedGroup"),
    ("brigade", "NonStateArmedGroup"),
    ("council", "Organization"),
    ("society", "NonGovernmentalOrganization"),
    ("red cross", "NonGovernmentalOrganization"),
    ("agency", "InternationalOrganization"),
)


def doc_prev(span: Span) -> str:
    """The lower-cased word before a span."""
    return span.doc[span.start - 1].lower_ if span.start > 0 else ""


def _hyphen_extended(ent: Span) -> Span:
    """ "Dar-es-Salaam" when the tagger stopped at "Dar"."""
    doc, end = ent.doc, ent.end
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and doc[end + 1].ent_type_ in ("", ent.label_)
        and doc[end + 1].pos_ != "VERB"
        and doc[end + 1].lower_
        not in (
            "led",
            "backed",
            "brokered",
            "aligned",
            "based",
            "held",
            "controlled",
            "run",
            "allied",
            "supported",
            "sponsored",
            "linked",
            "affiliated",
        )
    ):
        end += 2
    return doc[ent.start : end]


_CACHE: dict[tuple[int, str], list[Any]] = {}


def gaz_lookup(gazetteer: Any, name: str) -> list[Any]:
    """The gazetteer's candidates for a name ([] without a gazetteer or on any failure); memoised
    per gazetteer for the names of recent documents."""
    if gazetteer is None or not name:
        return []
    key = (id(gazetteer), name)
    if key in _CACHE:
        return _CACHE[key]
    try:
        found = list(gazetteer.lookup(name))
    except Exception:  # a broken index must not stop extraction
        found = []
    if len(_CACHE) > 20000:
        _CACHE.clear()
    _CACHE[key] = found
    return found


def clean_span(span: Span) -> Span:
    """The span without leading determiners and trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    for i in range(start + 1, end):
        if doc[i].text == "(":
            end = i  # "Movement for Democratic Change (MDC": the acronym is another name
            break
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end]


class NameReader:
    """Mentions from names (entities of the tagger, gazetteer entries, spelled-out acronyms)."""

    if TYPE_CHECKING:  # set by EntityFinder, or defined on PhraseReader, the other half of it
        lex: Lexicon
        gazetteer: Any
        countries: set[str]

        def _poss_country(self, head: Token) -> tuple[str, str] | None: ...

    def _names_missed(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """Names the tagger left out ("The AU had invited", "to drive Islamic State out"): runs of proper
        nouns that the gazetteer knows as organisations, or acronyms the article spells out."""
        spelled = {doc[i + 1].text for i in range(len(doc) - 2) if doc[i].text == "(" and doc[i + 2].text == ")"}
        out: list[Mention] = []
        i = 0
        while i < len(doc):
            if i in taken or doc[i].pos_ != "PROPN":
                i += 1
                continue
            j = i
            while j < len(doc) and j not in taken and doc[j].pos_ == "PROPN" and j - i < 5:
                j += 1
            text = doc[i:j].text
            cands = [
                c
                for c in gaz_lookup(self.gazetteer, text)
                if c.kind in GAZ_KINDS and c.kind not in ("city", "region", "country")
            ]
            if cands:
                out.append(
                    Mention(i, j, GAZ_KINDS[cands[0].kind], text, j - 1, country=cands[0].country, qid=cands[0].qid)
                )
                taken.update(range(i, j))
            elif j < len(doc) and doc[j].lower_ in REGION_WORDS and doc[j - 1].head.i == j and j not in taken:
                # "X province" with a name the tagger left out: a region
                out.append(Mention(i, j + 1, "Region", doc[i : j + 1].text, j,
                                   country=self._region_country(text)))
                taken.update(range(i, j + 1))
                j += 1
            elif (place := self._missed_place(doc[i:j]) or self._speaking_city(doc[i:j])) is not None:
                out.append(place)
                taken.update(range(i, j))
            elif self._of_place_noun(doc[i:j], ("town", "city", "village")) and doc[i].is_title:
                out.append(Mention(i, j, "City", text, j - 1))  # "the village of X": an unknown name, a village
                taken.update(range(i, j))
            elif j - i == 1 and text in spelled and text.isupper():
                out.append(Mention(i, j, "Organization", text, i))
                taken.add(i)
            elif j - i >= 2 and doc[j - 1].text in ORG_TAILS and all(e.label_ == "NORP" for e in doc[i:j].ents):
                # "Islamic State", "Karen Army": a name ending in a word for an armed body
                out.append(Mention(i, j, ORG_TAILS[doc[j - 1].text], text, j - 1))
                taken.update(range(i, j))
            i = j
        return out

    def _missed_place(self, span: Span) -> Mention | None:
        """A name the tagger left out, standing where places go ("the village of X in Y", "near X"), that
        the gazetteer knows as a city or region of a country the article names."""
        if not (self._locative(span) or self._of_place_noun(span) or self._of_place_noun(span, PART_NOUNS)
                or span.root.dep_ == "pobj" and span.root.head.lower_ == "at"):
            return None
        cands = [c for c in gaz_lookup(self.gazetteer, span.text)
                 if c.kind in ("city", "region") and c.country in self.countries]
        if not cands:
            return None
        best = self._best(cands, span)
        return Mention(span.start, span.end, GAZ_KINDS[best.kind], span.text, span.end - 1,
                       country=best.country, qid=best.qid)

    def _speaking_city(self, span: Span) -> Mention | None:
        """ "Osaka dismissed the report": a name the tagger left out, the subject of a verb of saying or
        answering, that the gazetteer knows as a city of a country the article names: a capital standing
        for its government, a government mention and no place (the tagger never showed it as one)."""
        root = span.root
        if root.dep_ != "nsubj" or root.head.pos_ not in ("VERB", "AUX") or not span[0].is_title:
            return None
        verb = root.head.lemma_.lower()
        if verb not in self.lex.reporting and not any(t.kind in TALK_KINDS for t in self.lex.triggers.get(verb, ())):
            return None
        cands = [c for c in gaz_lookup(self.gazetteer, span.text) if c.country in self.countries]
        best = next((c for c in cands if c.kind == "city"), None)
        if best is None or any(c.kind not in ("city", "region") for c in cands):
            return None
        return Mention(span.start, span.end, "Government", span.text, span.end - 1, country=best.country, qid=best.qid)

    def _of_place_noun(self, span: Span, nouns: tuple[str, ...] | None = None) -> bool:
        """ "the province of X", "the villages of X and Y": a name after "of" and a place noun (one of
        ``nouns`` when given)."""
        head = span.root
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        if head.dep_ != "pobj" or head.head.lower_ != "of":
            return False
        noun = head.head.head.lemma_.lower()
        return noun in nouns if nouns is not None else noun in self.lex.place_nouns

    def _doc_countries(self, doc: Doc) -> set[str]:
        """ISO codes of the countries an article names (by name or demonym), to choose between namesakes."""
        out = set()
        for ent in doc.ents:
            low = ent.text.lower().removeprefix("the ")
            if low in self.lex.demonyms:
                out.add(self.lex.demonyms[low][1])
            elif low in self.lex.countries:
                out.add(self.lex.countries[low])
            elif ent.label_ == "GPE":
                for cand in gaz_lookup(self.gazetteer, ent.text):
                    if cand.kind == "country" and cand.country:
                        out.add(cand.country)
        return out

    # -- named entities --------------------------------------------------------------
    def _from_ner(self, ent: Span) -> Mention | None:
        if ent.label_ in MISREAD_LABELS and self._located(ent) or self._struck_town(ent):
            # "the station in <town>" with the town tagged a product: a name where places go, that a gazetteer
            # knows as a place, is one
            ent = Span(ent.doc, ent.start, ent.end, label="GPE")
        if ent.label_ not in NER_KINDS and ent.label_ not in ("NORP", "LANGUAGE"):
            return None
        span = clean_span(_hyphen_extended(ent))
        if not len(span):
            return None
        text = span.text
        lower = text.lower()
        root = span.root
        if root.dep_ == "compound" and root.head.lemma_.lower() in self.lex.weapons and MODEL_NAME.search(text):
            return None  # a weapon's model ("Grad-M rockets", "BM-21 launchers"), no actor
        if self._medium(root):
            return None  # "wrote on Twitter", "on his Telegram channel": where words were posted, no actor
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        if (
            nxt is not None
            and nxt.lower_ in REGION_WORDS
            and ent.label_ in ("GPE", "LOC", "NORP", "PERSON", "ORG")
            and span.root.ent_iob_
            and not any(t.lower_ in REGION_WORDS for t in span)
        ):
            full = span.doc[span.start : span.end + 1]
            return Mention(
                full.start,
                full.end,
                "Region",
                full.text,
                full.root.i,
                country=self._region_country(text),
            )
        if len(span) > 1 and span[-1].lower_ in REGION_WORDS and ent.label_ in ("GPE", "LOC", "ORG"):
            # "Surin province" told as the tagger's own name: a region wherever it stands ("between X province and")
            bare = span[:-1].text
            return Mention(span.start, span.end, "Region", text, span.root.i,
                           country=self._region_country(bare))
        if lower in DIRECTIONS or lower in ("western", "eastern", "arab", "muslim", "christian", "islamic", "jewish"):
            return None
        cands = gaz_lookup(self.gazetteer, text)
        if len(span) == 1 and root.tag_ in ("NN", "NNS") and root.is_sent_start and not cands and text.istitle():
            return None  # "Photographs posted by ...": a sentence's first word, a common noun capitalised
        if ent.label_ == "PERSON" and len(span) <= 3 and doc_prev(span) == "the" and text.endswith("s"):
            return Mention(span.start, span.end, "NonStateArmedGroup", text, span.root.i)  # "the Tutsis"
        placey = self._placey(span) or self._locative(span)
        if ent.label_ == "PERSON" and cands and not placey and not self._listed(span):
            cands = [
                c
                for c in cands
                if c.kind == "country"
                or c.country in self.countries
                and len(span) == 1
                or c.country in self.countries
                and "-" in text
            ]
        country: str | None  # a demonym's country name here, an ISO code from further down
        if lower in self.lex.demonyms:
            country, iso = self.lex.demonyms[lower]
            head = span.root
            if head.dep_ in ("amod", "compound") and head.head.lemma_ in self.lex.actor_heads:
                return None  # part of an actor phrase ("Malian government")
            if head.dep_ in ("amod", "compound", "nmod"):
                return None
            return Mention(span.start, span.end, "State", country, span.root.i, country=iso)
        kind = None
        qid = None
        country = None
        if ent.label_ == "ORG" and not self._placey(span) and not self._locative(span):
            cands = [c for c in cands if c.kind not in ("city", "region")]
        if text == "State" and span.start > 0 and doc_prev(span) == "of":
            return None  # "Secretary of State"
        if cands:
            best = self._best(cands, span)
            kind = GAZ_KINDS.get(best.kind)
            qid, country = best.qid, best.country
        if ent.label_ in ("NORP", "LANGUAGE", "PERSON") and kind is None:
            if ent.label_ != "PERSON":
                return None
        if kind is None:
            kind = NER_KINDS.get(ent.label_, "Thing")
            if kind == "Organization":
                kind = next((k for hint, k in ORG_HINTS if hint in lower), "Organization")
            if kind in ("Organization", "Person") and self._locative(span) and text.split()[-1] not in ORG_TAILS:
                kind = "Place"  # an unfamiliar name told as a location: "shelling near Varvan and Kelm"
            if kind == "Place" and lower in self.lex.countries:
                kind, country = "Country", self.lex.countries[lower]
            elif kind == "Place" and not self._placey(span) and not self._locative(span):
                if ent.label_ == "LOC":
                    return None  # a region named only as a modifier ("East Africa's longest war")
                kind = "Organization"  # an unknown name that is not used as a place ("M23")
        elif ent.label_ == "PERSON" and kind in ("City", "Region") and not self._placey(span):
            if len(span) > 1 and all(t.pos_ == "PROPN" for t in span) and not cands[0].kind == "country":
                kind, qid, country = "Person", None, None
        if kind == "Country":
            country = country or self.lex.countries.get(lower)
        if kind == "Place" and span.root.dep_ == "compound":
            noun: str | Token  # the lemma here, the token further down
            noun = span.root.head.lemma_.lower()
            kind = self.lex.place_nouns.get(noun, kind) if noun in self.lex.place_nouns else kind
        described = [
            c for c in span.root.children if c.dep_ == "appos" and c.lemma_.lower() in ("town", "city", "village")
        ]
        if kind in ("Place", "Region", "City") and described:
            kind = "City"  # "Kidal, a strategic desert town"
        listed = span.root
        while listed.dep_ == "conj" and listed.head is not listed:
            listed = listed.head  # "the neighbourhoods of X and Y": Y as X
        if (
            (kind in ("Place", "Region", "City", "Organization") or kind == "Person" and not cands)
            and listed.dep_ == "pobj"
            and listed.head.lower_ == "of"
        ):
            noun = listed.head.head  # "the town of Kidal" (not "the Kibera district of Nairobi")
            lemma = noun.lemma_.lower()
            if lemma in ("town", "city", "village") and not any(c.dep_ == "compound" for c in noun.lefts):
                kind = self.lex.place_nouns[lemma]
            elif noun.tag_ == "NNS" and self.lex.place_nouns.get(lemma) == "District":
                kind, qid = "District", None  # "the neighbourhoods of X and Y": the text's word, not a namesake
        poss = self._poss_country(span.root) if kind not in PLACES else None
        if poss and not lower.startswith(poss[0].lower()) and not any(t.dep_ == "poss" for t in span):
            text, country = f"{poss[0]} {text}", country or poss[1]  # "Egypt's foreign ministry"
        return Mention(span.start, span.end, kind, text, span.root.i, country=country, qid=qid)

    @staticmethod
    def _medium(root: Token) -> bool:
        """Whether a name is where something was posted or said: "wrote on X", "posted via X", "said in a
        post on X", "on his X channel"; never what something was said about."""
        if root.dep_ == "compound" and root.head.lemma_.lower() in MEDIUM_HOLDERS:
            return True
        if root.dep_ != "pobj" or root.head.lower_ not in ("on", "via"):
            return False
        said = root.head.head
        if said.pos_ in ("VERB", "AUX"):
            return said.lemma_.lower() in MEDIUM_VERBS
        if said.lemma_.lower() in POSTS:
            return True
        if said.lemma_.lower() not in MEDIUM_NOUNS or said.dep_ != "pobj":
            return False
        verb = said.head.head  # "said in a statement on X": the verb the statement's preposition hangs on
        return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in MEDIUM_VERBS

    def _region_country(self, name: str) -> str | None:
        """The country of "<name> province": a region of the article's countries first, then any region,
        then any namesake (a city of the same name in another country comes last)."""
        cands = gaz_lookup(self.gazetteer, name)
        ranked = sorted(cands, key=lambda c: (c.kind != "region", c.country not in self.countries))
        return ranked[0].country if ranked else None

    def _best(self, cands: list[Any], span: Span) -> Any:
        """The likeliest candidate: a country, else one in a country the article names; a city before
        a region of the same name unless the text says "province" or "region"."""
        doc = span.doc
        nxt = doc[span.end].lower_ if span.end < len(doc) else ""
        regional = nxt in ("province", "governorate", "region", "state", "district", "oblast", "county")
        order = {"country": 0, "international-org": 0, "region": 1 if regional else 2, "city": 2 if regional else 1}

        def score(c: Any) -> tuple[int, int, int]:
            home = 0 if c.country and c.country in self.countries else 1
            return (0 if c.kind == "country" else 1, home, order.get(c.kind, 3))

        return min(cands, key=score)

    def _located(self, span: Span) -> bool:
        """A capitalised name in a place's position that the gazetteer knows as a city or region."""
        if not span.root.is_title or not (self._locative(span) or self._placey(span)):
            return False
        return any(c.kind in ("city", "region") for c in gaz_lookup(self.gazetteer, span.text))

    def _struck_town(self, span: Span) -> bool:
        """ "missiles hit X": a name the tagger calls an organisation or person, struck or targeted, is a
        place when the gazetteer knows it only as a city or region, of a country the article names."""
        head = span.root
        if span.label_ not in ("ORG", "PERSON") or head.dep_ != "dobj" or head.head.lemma_ not in STRIKE_VERBS:
            return False
        cands = gaz_lookup(self.gazetteer, span.text)
        return bool(cands) and all(c.kind in ("city", "region") for c in cands) and any(
            c.country in self.countries for c in cands)

    def _listed(self, span: Span) -> bool:
        head = span.root
        while head.dep_ == "conj":
            head = head.head
        return (
            head.dep_ in ("pobj", "appos")
            and head.head.lower_ in ("including", "like")
            or (head.dep_ == "appos" and head.head.lemma_.lower() in self.lex.place_nouns)
        )

    def _locative(self, span: Span) -> bool:
        """Whether a name is the object of a preposition that takes places ("in", "near"), alone or
        in a list whose first member is ("near X, Y and Z"), and not after a member noun ("fighters in X")."""
        head = span.root
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        if head.dep_ == "dobj" and head.head.lemma_.lower() in PLACE_OBJECT_VERBS:
            return True  # "shelled X", "fled X"
        if any(c.dep_ == "relcl" and any(w.lower_ == "where" and w.i < c.i for w in c.children)
               for c in span.root.children):
            return True  # "X, where the hospital was hit"
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ == "out":
            return True  # "drove the rebels out of X"
        if head.dep_ != "pobj" or head.head.lower_ not in LOCATIVE_PREPS:
            return False
        if head.head.lower_ not in MEMBER_PREPS:
            return True  # "troops around X", "rebels near X": only "in"/"into" can name a body joined
        governor = head.head.head
        return not (governor.pos_ in ("NOUN", "PROPN") and governor.lemma_.lower() in self.lex.actor_heads)

    def _placey(self, span: Span) -> bool:
        head = span.root
        if head.dep_ in ("compound", "nmod") and (
            head.head.lemma_.lower() in self.lex.place_nouns or head.head.lower_ in self.lex.place_nouns
        ):
            return True  # "the Kibera district", "the Varna metropolitan area", "the Varna outskirts"
        if head.dep_ == "poss" and head.head.lemma_.lower() in self.lex.place_nouns:
            return True  # "Tyre's southern suburbs"
        while head.dep_ == "conj" and head.head is not head and head.head.pos_ == "PROPN":
            head = head.head  # "at X and Y": Y as X
        return head.dep_ == "pobj" and head.head.lower_ in (
            "in",
            "into",
            "from",
            "near",
            "of",
            "at",
            "on",
            "to",
            "towards",
            "around",
            "across",
        )

    # -- common-noun phrases ---------------------------------------------------------
