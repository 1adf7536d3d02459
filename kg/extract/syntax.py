"""Small helpers over the dependency parse, shared by the event and attribution components."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from kg.extract.lexicon import Lexicon
from kg.extract.state import KgState, TimeExpr

CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "pcomp", "conj", "parataxis", "csubj"}
LIGHT_VERBS = {
    "launch",
    "press",
    "renew",
    "begin",
    "start",
    "carry",
    "conduct",
    "engage",
    "continue",
    "resume",
    "mount",
    "step",
    "intensify",
    "escalate",
    "open",
    "succeed",
    "stage",
    "wage",
    "order",
    "make",
}


def children(tok: Token, *deps: str) -> list[Token]:
    """The children of ``tok`` with one of these dependency labels."""
    return [c for c in tok.children if c.dep_ in deps]


def child(tok: Token, *deps: str) -> Token | None:
    """The first child with one of these labels, or None. A complementiser the parser took for a second
    subject ("said that, after talks, the two sides had agreed") yields to the real one."""
    found = [c for c in tok.children if c.dep_ in deps]
    if len(found) > 1 and found[0].lower_ == "that" and found[0].dep_ == "nsubj":
        if found[0].n_lefts + found[0].n_rights == 0:
            return found[1]
    return found[0] if found else None


def own_children(tok: Token) -> list[Token]:
    """The children of ``tok``, with those the parser hung on an aside set off by commas ("drove X,
    as its fighters call themselves, out of Y": "out" belongs to "drove", not to "call")."""
    kids = list(tok.children)
    for aside in tok.children:
        if aside.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "as" for m in aside.children):
            comma = next((c.i for c in aside.rights if c.dep_ == "punct" and c.text == ","), None)
            if comma is not None:
                kids += [c for c in aside.rights if c.i > comma and c.dep_ in ("prep", "prt")]
    return kids


def prep_objects(tok: Token, *words: str) -> list[Token]:
    """Objects of the prepositions ``words`` hanging on ``tok`` ("with X", "from Y")."""
    out: list[Token] = []
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in words:
            out.extend(c for c in prep.children if c.dep_ == "pobj")
    return out


def with_conjuncts(tok: Token | None) -> list[Token]:
    """The token and the tokens coordinated with it ("X and Y")."""
    if tok is None:
        return []
    out = [tok]
    for c in tok.conjuncts:
        if c.i > tok.i:
            out.append(c)
    return out


def is_passive(tok: Token) -> bool:
    """Whether a verb is in the passive voice."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and not any(c.dep_ == "aux" for c in tok.children)
    )


def subject(tok: Token) -> Token | None:
    """The (logical) subject of a verb, climbing through xcomp, pcomp and conj chains."""
    seen = 0
    cur = tok
    while cur is not None and seen < 5:
        seen += 1
        if cur.pos_ in ("VERB", "AUX") and is_passive(cur) and cur is tok:
            by = prep_objects(cur, "by")
            if by:
                return by[0]
            if cur.dep_ in ("acl", "relcl", "amod"):
                # "a Ghana-mediated truce", "UN-led mission": the name fused to the participle
                named = [c for c in cur.lefts if c.dep_ in ("npadvmod", "compound", "nmod") and c.pos_ == "PROPN"]
                if named:
                    return named[-1]
                return None
        subj = child(cur, "nsubj", "csubj")
        if subj is not None and not (cur is not tok and is_passive(cur) and cur.dep_ != "conj"):
            if subj.tag_ == "WDT" and cur.dep_ == "relcl":
                return cur.head
            return subj
        if cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head if subj is None else subj
        if cur.dep_ == "acl" and cur.tag_ == "VBG":
            return cur.head
        if cur.dep_ in ("xcomp", "conj", "advcl"):
            # "urged X to Y": the object controls the infinitive
            if cur.dep_ == "xcomp":
                obj = child(cur.head, "dobj")
                if obj is not None:
                    return obj
            cur = cur.head
            continue
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep":
            gov = cur.head.head
            if gov.lemma_.lower() in ("accuse", "blame", "charge"):
                return child(gov, "dobj")
            cur = gov
            continue
        return None
    return None


# Nouns that only count or group the events after "of": "salvoes of rockets", "a series of raids".
QUANTITY_NOUNS = {
    "wave", "series", "string", "spate", "round", "number", "dozen", "hundred", "thousand", "score", "couple",
    "volley", "salvo", "barrage", "flurry", "hail", "burst", "day", "week", "month", "year", "night", "hour",
}
# Prepositions that tie an event noun to a verb as its means: "replied with raids", "retaliated by shelling".
MEANS_PREPS = {"with", "by", "through"}


def quantified(tok: Token) -> Token:
    """The phrase a noun heads once the counting around it is climbed: "raids" in "dozens of raids"
    gives "dozens", "salvoes" in "the last of several salvoes" gives "last"."""
    cur = tok
    for _ in range(3):
        prep = cur.head
        if cur.dep_ != "pobj" or prep.lower_ != "of" or prep.head.i == cur.i:
            break
        outer = prep.head
        if not (
            outer.lemma_.lower() in QUANTITY_NOUNS
            or outer.pos_ in ("NUM", "ADJ")
            or outer.lower_ in ("first", "last", "dozens", "hundreds", "thousands")
        ):
            break
        cur = outer
    return cur


def means_verb(noun: Token) -> Token | None:
    """The verb an event noun is the means of: "X retaliated with shelling", "X began the push with raids"."""
    outer = quantified(noun)
    if outer.dep_ == "pobj" and outer.head.lower_ in MEANS_PREPS and outer.head.head.pos_ in ("VERB", "AUX"):
        return outer.head.head
    return None


def acts_as_verb(tok: Token) -> bool:
    """A verb that is not a gerund used as a noun ("Bolivian shelling of the town killed 12")."""
    nominal = tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
    return tok.pos_ in ("VERB", "AUX") and not nominal


def governing_verb(noun: Token) -> Token | None:
    """The verb a nominal trigger hangs on ("launched an offensive", "engaged in battle")."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
        return head if head.pos_ in ("VERB", "AUX") else None
    if (
        noun.dep_ == "pobj"
        and head.head.pos_ in ("VERB", "AUX")
        and head.head.lemma_.lower() in LIGHT_VERBS | {"engage"}
    ):
        return head.head
    return None


def clause_tokens(tok: Token) -> Iterator[Token]:
    """The trigger's subtree without nested clauses."""
    stack = [tok]
    while stack:
        cur = stack.pop()
        yield cur
        for c in cur.children:
            if c.dep_ in CLAUSE_DEPS and not (c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")):
                continue
            stack.append(c)


def time_of(st: KgState, tok: Token, reporting: set[str] | None = None) -> TimeExpr | None:
    """The time phrase attached to a trigger (or to the verb governing it, or to the verb reporting it)."""
    found = _own_time(st, tok)
    if found is None and reporting:
        cur = tok
        for _ in range(3):
            if cur.dep_ in ("ccomp",) and cur.head.lemma_.lower() in reporting:
                return _own_time(st, cur.head)
            if cur.dep_ in ("conj", "xcomp", "ccomp") and cur.head is not cur:
                cur = cur.head
                continue
            break
    return found


def _own_time(st: KgState, tok: Token) -> TimeExpr | None:
    found = _own_day(st, tok)
    return found if found is not None else _own_day(st, tok, bounds=True)


def _own_day(st: KgState, tok: Token, bounds: bool = False) -> TimeExpr | None:
    """The nearest time phrase up the trigger's clauses; a bound ("until 2 October", "since May") only
    when ``bounds`` is set, so that "agreed on Tuesday to extend the truce until 2 October" is Tuesday's."""
    cur: Token | None = tok
    for _ in range(6):  # "began the push on 2 May with dozens of raids on X": raids, of, dozens, with, began
        if cur is None:
            return None
        for t in clause_tokens(cur):
            if t.i in st.times and t.i != cur.i and (bounds or st.times[t.i].relative != "since"):
                return st.times[t.i]
        for obj in (c for c in cur.children if c.dep_ == "dobj"):
            for t in obj.children:
                if t.dep_ in ("relcl", "npadvmod") and t.pos_ == "NOUN" and t.i in st.times:
                    return st.times[t.i]  # "proposed a truce that evening": the parser's relative clause
        if cur.dep_ == "relcl" and cur.head.i in st.times:
            return _day_of_when(cur, st.times[cur.head.i])  # "on Tuesday, when jets struck": that day
        if cur.dep_ in ("xcomp", "pcomp", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "acl", "conj") or (
            # "as", "while": a clause told at the time of its head; "peaked on 3 March, when X shelled": the same
            cur.dep_ == "advcl"
            and any(c.dep_ in ("mark", "advmod") and c.lower_ in ("as", "while", "when") for c in cur.children)
            # "agreed on Friday to extend the truce": an infinitive the parser hung as a clause
            or cur.dep_ == "advcl"
            and any(c.tag_ == "TO" and c.i < cur.i for c in cur.children)
        ):
            cur = cur.head
            if cur.dep_ == "ROOT" and cur.pos_ not in ("VERB", "AUX"):
                return None
            continue
        return None
    return None


def _day_of_when(clause: Token, time: TimeExpr) -> TimeExpr:
    """The time a relative clause on a time phrase happened at: "until 3 May, when X shelled Y" and "since
    3 May, when X took Y" tell a clause on 3 May itself, not a span bounded by it."""
    if time.relative == "since" and any(c.lower_ == "when" for c in clause.children):
        return replace(time, relative=None)
    return time


def phrase_text(tok: Token, limit: int = 14) -> tuple[str, int, int]:
    """The text of a token's subtree without a leading determiner, cut at ``limit`` tokens."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
    while start < end and doc[start].dep_ in ("det", "poss", "predet", "punct", "case") and start < tok.i:
        start += 1
    end = min(end, start + limit)
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("cc", "mark")):
        end -= 1
    return doc[start:end].text, start, end


def statuses(tok: Token, lex: Lexicon) -> str:
    """Whether the event a trigger tells happened: asserted, negated, planned, conditional..."""
    sent = tok.sent
    cur = tok
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children) and tok.dep_ != "ROOT":
        governor = tok.head
        if governor.lemma_.lower() not in lex.implicatives:
            if not (governor.lemma_.lower() in lex.cues and lex.cues[governor.lemma_.lower()][0] == "head"):
                return "planned"
    via_conj = False
    for depth in range(4):
        for c in cur.children:
            low = c.lower_
            if (c.dep_ == "neg" or (c.dep_ == "det" and low == "no")) and not via_conj:
                return "negated"  # "did not disclose X but says Y": the negation stays with its own verb
            if c.dep_ == "aux" and low in lex.cues and lex.cues[low][0] == "aux":
                return lex.cues[low][1]
            if c.dep_ == "mark" and low in lex.cues and lex.cues[low][0] == "mark":
                return lex.cues[low][1]
            if depth == 0 and c.dep_ == "advmod" and low in lex.cues and lex.cues[low][0] == "habit":
                return lex.cues[low][1]  # "rebels often attack convoys": a habit, not one event
            if depth > 0 and c.dep_ == "advmod" and low in lex.cues and lex.cues[low][0] == "false":
                return lex.cues[low][1]  # "a report wrongly said that 15 children died": said, and withdrawn
        if depth > 0 and cur.lemma_.lower() in lex.cues and lex.cues[cur.lemma_.lower()][0] == "head":
            return lex.cues[cur.lemma_.lower()][1]
        if cur.dep_ == "advcl" and any(
            c.dep_ in ("mark", "advmod")
            and c.lower_ in ("as", "when", "while", "after", "before", "since", "because", "until")
            for c in cur.children
        ):
            break  # a time or cause clause keeps its own status
        if cur.dep_ in ("xcomp", "ccomp", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "nsubjpass", "conj"):
            if (
                cur.dep_ == "acl"
                and cur.tag_ == "VB"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
            ):
                return "planned"
            if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in ("due", "set", "expect", "meant", "mean", "likely"):
                return "planned"
            via_conj = via_conj or cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX")
            cur = cur.head
            continue
        break
    if sent[-1].text == "?" or sent[-2:].text.endswith("?"):
        return "questioned"
    if _generic_truces(tok, lex):
        return "hypothetical"
    return "asserted"


def _generic_truces(tok: Token, lex: Lexicon) -> bool:
    """ "Earlier truces were announced and ignored": truces as a kind, not one truce told."""
    for t in [*tok.children, *(tok.head.children if tok.dep_ == "conj" else [])]:
        if t.dep_ in ("nsubj", "nsubjpass", "dobj") and t.tag_ == "NNS" and t.lemma_.lower() in lex.ceasefire_nouns:
            if not any(c.dep_ in ("det", "poss", "nummod") for c in t.children):
                return True
    return False
