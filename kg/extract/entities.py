"""kg_entities: find the mentions of actors, places, populations and truces.

Sources: the model's named entities (retyped with the gazetteer, which knows that
"Aleppo" is a city even when the tagger calls it NORP), noun phrases headed by an
actor noun ("government forces", "the rebels"), truce nouns ("a humanitarian
truce"), place nouns ("the city") and items listed after a place noun ("areas
including X, Y and Z").
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.state import PRONOUNS, Mention, state

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
KEEP_ADJ = {
    "federal",
    "paramilitary",
    "foreign",
    "national",
    "regional",
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
GENERIC_FIGHTERS = {"insurgent", "militant", "fighter", "guerrilla", "jihadist", "gunman"}
REGION_WORDS = {"province", "governorate", "region", "oblast", "county", "prefecture"}
TYPE_NOUNS = {"movement", "group", "organisation", "organization", "party"}
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
    """ "Mazar-i-Sharif" when the tagger stopped at "Mazar"."""
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


def label_of(tokens: list[Token], lex: Lexicon) -> str:
    """Readable label: proper names and demonyms keep their case, other words are lower-cased."""
    words = []
    for tok in tokens:
        text = tok.text
        if tok.tag_ == "POS":
            if words:
                words[-1] += text
            continue
        if not (tok.pos_ == "PROPN" or tok.lower_ in lex.demonyms or tok.text.isupper() and len(text) > 1):
            text = text.lower()
        if tok.i > 0 and tok.doc[tok.i - 1].text == "-" and words and tok.doc[tok.i - 1].whitespace_ == "":
            words[-1] += text
            continue
        if text == "-" and words and not tok.whitespace_:
            words[-1] += text
            continue
        words.append(text)
    return " ".join(words).replace("- ", "-")


class EntityFinder:
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
        )
        self.demonym_of = {}
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
        # actor phrases first: they may hold a name ("Taliban fighters", "UN refugee agency")
        for tok in doc:
            if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in self.lex.actor_heads and tok.i not in taken:
                ment = self._from_noun(tok, set())
                if ment is not None:
                    mentions.append(ment)
                    taken.update(i for i in range(ment.start, ment.end) if doc[i].dep_ != "poss")
        for ent in doc.ents:
            if any(i in taken for i in range(ent.start, ent.end)):
                if not (ent.root.dep_ == "poss" or ent.root.head.lemma_.lower() in self.lex.titles):
                    continue
            ment = self._from_ner(ent)
            if ment is not None:
                mentions.append(ment)
                taken.update(range(ment.start, ment.end))
        mentions.extend(self._names_missed(doc, taken))
        for tok in doc:
            if tok.i in taken or tok.lemma_.lower() not in self.heads or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
                continue
            ment = self._from_noun(tok, taken)
            if ment is not None:
                mentions.append(ment)
                taken.update(range(ment.start, ment.end))
        mentions.extend(self._place_parts(doc, mentions))
        self._listed_places(doc, mentions, taken)
        mentions.sort(key=lambda m: (m.start, -m.end))
        st.mentions = mentions
        st.index()
        return doc

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
            elif j - i == 1 and text in spelled and text.isupper():
                out.append(Mention(i, j, "Organization", text, i))
                taken.add(i)
            elif j - i >= 2 and doc[j - 1].text in ORG_TAILS and all(e.label_ == "NORP" for e in doc[i:j].ents):
                # "Islamic State", "Arakan Army": a name ending in a word for an armed body
                out.append(Mention(i, j, ORG_TAILS[doc[j - 1].text], text, j - 1))
                taken.update(range(i, j))
            i = j
        return out

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
        if ent.label_ not in NER_KINDS and ent.label_ not in ("NORP", "LANGUAGE"):
            return None
        span = clean_span(_hyphen_extended(ent))
        if not len(span):
            return None
        text = span.text
        lower = text.lower()
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
                country=next((c.country for c in gaz_lookup(self.gazetteer, text)), None),
            )
        if lower in DIRECTIONS or lower in ("western", "eastern", "arab", "muslim", "christian", "islamic", "jewish"):
            return None
        cands = gaz_lookup(self.gazetteer, text)
        if ent.label_ == "PERSON" and len(span) <= 3 and doc_prev(span) == "the" and text.endswith("s"):
            return Mention(span.start, span.end, "NonStateArmedGroup", text, span.root.i)  # "the Houthis"
        if ent.label_ == "PERSON" and cands and not self._placey(span) and not self._listed(span):
            cands = [
                c
                for c in cands
                if c.kind == "country"
                or c.country in self.countries
                and len(span) == 1
                or c.country in self.countries
                and "-" in text
            ]
        if lower in self.lex.demonyms:
            country, iso = self.lex.demonyms[lower]
            head = span.root
            if head.dep_ in ("amod", "compound") and head.head.lemma_ in self.lex.actor_heads:
                return None  # part of an actor phrase ("Syrian government")
            if head.dep_ in ("amod", "compound", "nmod"):
                return None
            return Mention(span.start, span.end, "State", country, span.root.i, country=iso)
        kind = None
        qid = None
        country = None
        if ent.label_ == "ORG" and not self._placey(span):
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
            if kind == "Place" and lower in self.lex.countries:
                kind, country = "Country", self.lex.countries[lower]
            elif kind == "Place" and not self._placey(span):
                if ent.label_ == "LOC":
                    return None  # a region named only as a modifier ("Latin America's longest war")
                kind = "Organization"  # an unknown name that is not used as a place ("M23")
        elif ent.label_ == "PERSON" and kind in ("City", "Region") and not self._placey(span):
            if len(span) > 1 and all(t.pos_ == "PROPN" for t in span) and not cands[0].kind == "country":
                kind, qid, country = "Person", None, None
        if kind == "Country":
            country = country or self.lex.countries.get(lower)
        if kind == "Place" and span.root.dep_ == "compound":
            noun = span.root.head.lemma_.lower()
            kind = self.lex.place_nouns.get(noun, kind) if noun in self.lex.place_nouns else kind
        if kind in ("Place", "Region", "City") and span.root.dep_ == "pobj" and span.root.head.lower_ == "of":
            noun = span.root.head.head  # "the town of Khazer" (not "the Kalakla district of Khartoum")
            if noun.lemma_.lower() in ("town", "city", "village") and not any(c.dep_ == "compound" for c in noun.lefts):
                kind = self.lex.place_nouns[noun.lemma_.lower()]
        poss = self._poss_country(span.root) if kind not in PLACES else None
        if poss and not lower.startswith(poss[0].lower()):
            text, country = f"{poss[0]} {text}", country or poss[1]  # "Egypt's foreign ministry"
        return Mention(span.start, span.end, kind, text, span.root.i, country=country, qid=qid)

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

    def _listed(self, span: Span) -> bool:
        head = span.root
        while head.dep_ == "conj":
            head = head.head
        return (
            head.dep_ in ("pobj", "appos")
            and head.head.lower_ in ("including", "like")
            or (head.dep_ == "appos" and head.head.lemma_.lower() in self.lex.place_nouns)
        )

    def _placey(self, span: Span) -> bool:
        head = span.root
        if head.dep_ == "compound" and head.head.lemma_.lower() in self.lex.place_nouns:
            return True  # "the Kalakla district"
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
    def _from_noun(self, tok: Token, taken: set[int]) -> Mention | None:
        lex = self.lex
        lemma = tok.lemma_.lower()
        if tok.pos_ == "PRON":
            return None
        if (
            tok.dep_ in ("compound", "amod", "npadvmod", "nmod")
            and tok.head.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
            and tok.i < tok.head.i
        ):
            return None  # a modifier inside a larger phrase ("government forces", "rebel-held")
        if tok.ent_type_ in ("ORG", "PERSON", "FAC", "GPE") and tok.pos_ == "PROPN":
            return None  # the head of a name ("Libyan National Army"): the name is the mention
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
            if not any(c.lower_ in ("the", "this", "that") for c in tok.lefts):
                return None
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if (
                nxt is not None
                and nxt.ent_type_ in ("GPE", "LOC", "FAC")
                or any(c.dep_ == "appos" for c in tok.children)
            ):
                return None  # "the capital Kinshasa": the name says which
            ment = self._phrase(tok, lex.place_nouns[lemma], taken)
            if ment is not None:
                ment.definite = True
            return ment
        return None

    @staticmethod
    def _ends_fighting(tok: Token) -> bool:
        """ "an agreement to end the fighting": a deal that is a truce."""
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
                    and child.pos_ == "PROPN"
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
                        stack.append(child)  # "the Saudi-led coalition"
                    elif (
                        child.pos_ == "PROPN"
                        or child.lemma_.lower() in lex.actor_heads
                        or low in KEEP_ADJ
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
        if head.lemma_.lower() == "cessation":
            tail = [c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"]
            if not tail:
                return None
            tokens = tokens + list(head.doc[head.i + 1 : tail[0].right_edge.i + 1])
        if kind == "NonStateArmedGroup" and head.lemma_.lower() == "group":
            pass
        if any(t.i in taken for t in tokens if t.i != head.i and t.ent_type_ not in ("NORP", "GPE")):
            tokens = [t for t in tokens if t.i not in taken or t.ent_type_ in ("NORP", "GPE")]
        tokens = self._possessive_to_demonym(tokens)
        if not tokens:
            return None
        names = [t for t in tokens if t.pos_ == "PROPN" and t.i != head.i]
        if head.lemma_.lower() in TYPE_NOUNS and names and tokens[-1].i == head.i:
            run = []
            for t in reversed(tokens[:-1]):
                if t.pos_ != "PROPN" or run and t.i != run[-1].i - 1:
                    break
                run.append(t)
            if run:
                tokens = list(reversed(run))  # "the Iran-backed Hezbollah movement" is Hezbollah
        label = label_of(tokens, lex) if isinstance(tokens[0], Token) else " ".join(tokens)
        label = label.strip(" -'")
        poss_country = self._poss_country(head)
        if poss_country:
            country = country or poss_country[1]
            label = poss_country[0] + " " + label if not label.lower().startswith(poss_country[0].lower()) else label
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
        """("Egyptian", "EG") for "Egypt's foreign ministry"."""
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
    def _place_parts(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """ "eastern Aleppo": a part of a named place."""
        out = []
        for ment in mentions:
            if ment.kind not in ("City", "Region", "Country", "Place") or ment.definite:
                continue
            prev = doc[ment.start - 1] if ment.start > 0 else None
            if prev is not None and prev.lower_ in DIRECTIONS and prev.head.i == ment.head:
                text = prev.lower_ + " " + ment.label
                out.append(Mention(prev.i, ment.end, "PlacePart", text, ment.head, country=ment.country))
        return out

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
