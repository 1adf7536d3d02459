"""Names typed by the names they are listed with: "Velka and Orsk", "to Gao, to Anefis and to Kidal"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.extract.state import Mention

# the kinds of a named town that lends its kind to an unfamiliar name listed with it
TOWN_KINDS = ("City", "District", "Place")
# the tagger's guesses that a listed name may shed
GUESSED = ("Person", "Organization")
SEPARATORS = {",", "and", "or"}
SPLIT_LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC")


def coordinated_parts(ent: Span, gazetteer: Any, tails: set[str]) -> list[Span]:
    """The names inside one entity of the tagger that lists several ("Velka and Orsk", "Gao, Kidal
    and Menaka"); the entity itself when it is one name with "and" inside ("Bosnia and Herzegovina",
    "Justice and Equality Movement") or holds anything but proper names and separators."""
    from kg.extract.names import gaz_lookup  # names uses this module

    inner = [t for t in ent[1:-1] if t.lower_ in SEPARATORS]
    if ent.label_ not in SPLIT_LABELS or not inner or gaz_lookup(gazetteer, ent.text):
        return [ent]
    if ent[-1].text in tails or not any(t.dep_ == "conj" for t in ent):
        return [ent]
    parts: list[Span] = []
    start = ent.start
    for t in [*inner, None]:
        end = t.i if t is not None else ent.end
        if end > start:
            part = ent.doc[start:end]
            if not all(w.pos_ == "PROPN" and w.text[:1].isupper() or w.text == "-" for w in part):
                return [ent]
            parts.append(Span(ent.doc, start, end, label=ent.label_))
        start = end + 1
    return parts if len(parts) > 1 else [ent]


def company(tok: Token) -> Iterator[Token]:
    """The words listed with a word: its conjuncts ("X and Y"), and the objects of the same
    preposition repeated ("to X, to Y and to Z")."""
    yield from (c for c in tok.children if c.dep_ == "conj")
    if tok.dep_ == "conj":
        yield tok.head
    if tok.dep_ != "pobj":
        return
    prep = tok.head
    peers = [c for c in prep.children if c.dep_ == "conj" and c.lower_ == prep.lower_]
    if prep.dep_ == "conj" and prep.head.lower_ == prep.lower_:
        peers.append(prep.head)
    peers += [c for c in prep.head.children if c.dep_ == "prep" and c.lower_ == prep.lower_ and c is not prep]
    for peer in peers:
        yield from (c for c in peer.children if c.dep_ == "pobj")
    # the same preposition in a row, however the parser hung it: "to X, to Y and to Z"
    doc = tok.doc
    before = prep.i - 1
    while before >= 0 and doc[before].text in SEPARATORS:
        before -= 1
    if before >= 0 and before < prep.i - 1 and doc[before].dep_ == "pobj" and doc[before].head.lower_ == prep.lower_:
        yield doc[before]
    after = tok.i + 1
    while after < len(doc) and doc[after].text in SEPARATORS:
        after += 1
    if tok.i + 1 < after < len(doc) - 1 and doc[after].lower_ == prep.lower_:
        yield from (c for c in doc[after].children if c.dep_ == "pobj")


def places_by_company(doc: Doc, mentions: list[Mention]) -> None:
    """An unfamiliar one-word name the tagger took for a person or organisation, listed with a named
    town, is a town too ("near Kidal and Anefis", "to Gao, to Anefis")."""
    at = {m.head: m for m in mentions if not m.definite}
    changed = True
    while changed:  # "to X, to Y and to Z" with only X known: Y from X, then Z from Y
        changed = False
        for ment in mentions:
            if ment.kind not in GUESSED or ment.qid or ment.definite or ment.end - ment.start != 1:
                continue
            for other in company(doc[ment.head]):
                known = at.get(other.i)
                if known is not None and known is not ment and known.kind in TOWN_KINDS and not known.label.islower():
                    ment.kind = known.kind
                    changed = True
                    break
