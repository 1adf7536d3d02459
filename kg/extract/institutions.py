"""Unnamed institutions told by a common noun phrase: "the regional directorate of civil protection",
"the provincial health department". As the speaker of a figure they are an organisation actor, labelled
with the phrase as written (its determiner left out)."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.state import EntityDraft, KgState, Mention

# Heads of a public body's name, lower case: the body speaks even when the text does not name it
INSTITUTION_NOUNS = {
    "directorate", "direction", "ministry", "office", "council", "agency", "committee", "commission",
    "department", "service", "authority", "bureau", "secretariat", "board", "inspectorate", "prefecture",
}
INSTITUTION_KINDS = {"ministry": "Government", "prefecture": "Government"}
LONGEST_OF = 6  # words of an "of" complement kept in the label ("of civil protection and disaster relief")


def _of_complement(head: Token) -> Token | None:
    """The last token of a short, unnamed "of" complement ("of civil protection"), or None."""
    for prep in head.rights:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        words = list(prep.subtree)
        if len(words) - 1 > LONGEST_OF or any(t.is_punct or t.pos_ in ("VERB", "AUX", "PRON") for t in words):
            return None
        if any(t.is_alpha and not t.is_lower for t in words):
            return None  # "the office of X": a name, the tagger's business
        return words[-1]
    return None


def institution(st: KgState, tok: Token) -> int | None:
    """The entity for a lowercase institution phrase headed by ``tok``, made if needed; None when ``tok``
    is no such head (a name, a pronoun's office, a plural, a word written capitalised)."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.lemma_.lower() not in INSTITUTION_NOUNS:
        return None
    lefts = [t for t in tok.lefts if t.dep_ not in ("det", "punct")]
    if any(t.pos_ in ("PRON", "NUM") or t.dep_ == "poss" for t in lefts):
        return None  # "its office", "Ruritania's ministry", "two agencies"
    start = min((t.i for t in lefts), default=tok.i)
    if any(t.is_alpha and not t.is_lower for t in tok.doc[start : tok.i]):
        return None  # "the Varnan Ministry of Health": a name (the tagger's business)
    last = _of_complement(tok)
    end = (last.i if last is not None else tok.i) + 1
    if any(st.by_token.get(i) is not None for i in range(start, end)):
        return None  # part of a mention already: the mention says what it is
    label = tok.doc[start:end].text
    kind = INSTITUTION_KINDS.get(tok.lemma_.lower(), "Organization")
    idx = st.entity_labelled(label, kind)
    if idx is None:
        st.entities.append(EntityDraft(label, kind, [], head_lemma=tok.lemma_.lower()))
        idx = len(st.entities) - 1
    ment = Mention(start, end, kind, label, tok.i, entity=idx)
    st.entities[idx].mentions.append(ment)
    st.mentions.append(ment)
    for i in range(start, end):
        st.by_token[i] = ment
    return idx
