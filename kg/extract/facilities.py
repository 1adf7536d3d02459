"""Named facilities: "the Orlova air base", "the Zarya steel works", "the Halvorsen hospital".

The tagger reads the name before a facility noun as a person, an organisation or nothing at
all; the name with its noun is one place, a ``Facility``, unless the name is already known as
something else (a town or group of the gazetteer, an acronym, a name the article also uses alone).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from kg.extract.lexicon import Lexicon
from kg.extract.state import Mention

# nouns of a built place that a proper name may stand before (singular: one facility)
NAMED_FACILITY_NOUNS = {
    "base", "airbase", "airfield", "airport", "port", "palace", "plant", "works", "steelworks", "hospital",
    "market", "bridge", "school", "temple", "mosque", "church", "cathedral", "monastery", "refinery", "dam",
    "stadium", "prison", "crossing", "camp", "barracks",
}
# mentions a facility's name may replace: the tagger's guesses, never a typed actor or a known place
REPLACEABLE = {"Person", "Organization", "Place", "City", "Thing", "Facility"}


def _name_start(noun: Token, lex: Lexicon) -> int | None:
    """Where the proper name before a facility noun starts ("the disputed Orlova air base": at
    "Orlova"), or None when no name stands right before it (the parse of long names is often
    broken, so the words are read in a row, not along the tree)."""
    doc = noun.doc
    i = noun.i
    while i > 0 and doc[i - 1].pos_ == "NOUN" and doc[i - 1].is_lower and doc[i - 1].dep_ == "compound":
        i -= 1  # "air" in "air base", "steel" in "steel works"
    start = i
    while start > 0 and (
        doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper()
        or doc[start - 1].text == "-" and start > 1 and not doc[start - 1].whitespace_
    ):
        start -= 1
    if start == i or doc[start].text == "-":
        return None
    name = doc[start:i].text.lower()
    if name in lex.demonyms or name in lex.countries or doc[start:i].text.isupper():
        return None  # "a Pakistani air base", "the UN compound": a country's or a body's
    return start


def named_facilities(
    doc: Doc, mentions: list[Mention], lex: Lexicon, gazetteer: Any, countries: set[str]
) -> list[Mention]:
    """The mentions with each "<Name> <facility noun>" made one Facility mention, replacing the
    tagger's guesses inside it; a name the gazetteer knows as a body, or as a town of a country
    the article names (``countries``), keeps its own mention."""
    from kg.extract.names import gaz_lookup  # names imports this module's users

    out = list(mentions)
    for noun in doc:
        if noun.lower_ not in NAMED_FACILITY_NOUNS or noun.tag_ not in ("NN", "NNP", "NNS") or noun.i == 0:
            continue  # "works" is singular too; "bases" is not
        start = _name_start(noun, lex)
        if start is None:
            continue
        inside = [m for m in out if m.start < noun.i + 1 and start < m.end]
        if any(m.kind not in REPLACEABLE or m.qid and m.country in countries or m.definite or m.start < start
               for m in inside):
            continue
        if any(m.start <= start and noun.i < m.end for m in inside):
            continue  # the tagger's name holds the noun already ("X International Airport")
        name_end = start
        while name_end < noun.i and (doc[name_end].pos_ == "PROPN" or doc[name_end].text == "-"):
            name_end += 1
        name = doc[start:name_end].text
        known = [c for c in gaz_lookup(gazetteer, name) if c.kind not in ("city", "region") or c.country in countries]
        if known or _used_alone(doc, start, name_end):
            continue  # "the Kherson airport": a known town's; "Hamas said ... a Hamas base": a body's
        out = [m for m in out if m not in inside]
        out.append(Mention(start, noun.i + 1, "Facility", doc[start : noun.i + 1].text, noun.i))
    return out


def _used_alone(doc: Doc, start: int, end: int) -> bool:
    """Whether the article also names this name with no facility noun after it."""
    words = [t.text for t in doc[start:end]]
    size = len(words)
    for i in range(len(doc) - size + 1):
        if i == start or [t.text for t in doc[i : i + size]] != words:
            continue
        after = doc[i + size] if i + size < len(doc) else None
        while after is not None and after.dep_ == "compound" and after.i + 1 < len(doc):
            after = doc[after.i + 1]
        if after is None or after.lower_ not in NAMED_FACILITY_NOUNS:
            return True
    return False
