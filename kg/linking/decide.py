"""Decide which gazetteer entry one entity refers to, or that it refers to none.

The rules, in the order :func:`decide` applies them:

1. **Kind.** The entity kind limits the candidate kinds: a ``State`` only matches countries, an
   organisation only organisations, a ``City``/``Region``/``Place`` a place. An organisation or
   person whose words say place ("the X district", "in X province", "villages in X", "the city of
   X") or that is listed beside the article's cities or regions ("near X, Y and Z") is looked up
   as a place, and retyped when the gazetteer agrees (:attr:`Decision.kind`).
2. **Not a place.** A place or state whose every named mention is a language ("in French"),
   counted people ("a million Venezuelans"), part of a unit's or organisation's name ("the Sikasso
   regiment"), a river, sea or mountain ("the Tigris river"), or a person's name (a word of a
   person's name in the article, a title before it, or a surname after a given name: "Moussa
   Kone") stays unlinked. So does a candidate whose own name is a landform ("River
   Nile") met by a name without that word ("the Nile").
3. **Granularity.** The label ("Mopti province", "the city of Mopti") or the words around the
   entity's mentions pick a city or a region. For a bare name shared by a city and the area named
   after it, the words around the *article's other occurrences of the name* vote (:func:`name_hint`:
   "villages in X", "the X Strip" for the area, "the city of X" for the city; "X province"
   names the province and so leaves a bare "X" to the city); with no vote, the city.
4. **Spelling.** A match only through a transliteration variant needs the candidate's country in
   the article; a match only through the loose key (vowels, joined parts: "Goudermes" for
   "Gudermes", :func:`kg.linking.fold.loose`) needs a country the article is mostly about (named
   at least half as often as the first) and a kind that agrees: the wording's ("X district") or
   the extractor's (``City``, ``Region``), or that of the cities or regions it is listed with.
5. **Context.** The countries the article names (:mod:`kg.linking.context`) decide between
   namesakes. A candidate outside them is linked only when it is a city from a curated source
   (Natural Earth) spelled exactly as the mention, the only one left, or (in an article that names
   no country at all) a curated place under its own name; never a dr5hn-only row, a variant, or a
   retyped organisation.
6. **Doubt.** Several candidates left: unlinked.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kg.linking.context import Article
from kg.linking.cues import LANDFORM_NAME, after_title, granularity, is_language, is_people, not_a_place
from kg.linking.fold import fold
from kg.linking.gazetteer import Candidate, Gazetteer, Match
from kg.model import Entity

ORG_KINDS = ("international-org", "armed-group", "government", "state-force", "ngo", "monitoring-org",
             "media", "alliance", "organization")
# Which gazetteer kinds each model kind may link to.
ALLOWED_KINDS: dict[str, tuple[str, ...]] = {
    "Country": ("country",),
    "State": ("country",),
    # City or region: the article's wording decides, not the extractor's guess (rule 3).
    "Region": ("region", "city"),
    "City": ("city", "region"),
    "Place": ("country", "region", "city"),
    # Organisations: any organisation entry (extractors and sources draw the lines between
    # international bodies, NGOs and armed groups differently); a place only by rule 1.
    "InternationalOrganization": ORG_KINDS,
    "Alliance": ORG_KINDS,
    "NonStateArmedGroup": ORG_KINDS,
    "Government": ORG_KINDS,
    "StateArmedForce": ORG_KINDS,
    "NonGovernmentalOrganization": ORG_KINDS,
    "MonitoringOrganization": ORG_KINDS,
    "MediaOrganization": ORG_KINDS,
    "Organization": ORG_KINDS,
}
PLACE_MODEL_KINDS = ("Country", "Region", "City", "Place", "District", "PlacePart", "Facility")
# Kinds that may turn out to be places when the words around them say so (rule 1).
RETYPABLE_KINDS = ("Organization", "Person", "Government", "NonStateArmedGroup", "Thing")
RETYPE = {"city": "City", "region": "Region"}
_MODEL_TO_GAZETTEER = {"City": "city", "Region": "region", "Country": "country"}
# With no other clue, a bare name means the country, else the city, else the region.
DEFAULT_KIND_ORDER = {"country": 0, "city": 1, "region": 2}

_CITY_WORDS = r"city|town|village|capital"
_REGION_WORDS = r"province|governorate|region|state|oblast|prefecture|department|emirate|district|county|strip"
_LABEL_HINTS = (
    (re.compile(rf"^(?:the\s+)?(?:{_CITY_WORDS})\s+of\s+(?:the\s+)?(?P<name>.+)$", re.I), "city"),
    (re.compile(rf"^(?:the\s+)?(?:{_REGION_WORDS})\s+of\s+(?:the\s+)?(?P<name>.+)$", re.I), "region"),
    (re.compile(rf"^(?:the\s+)?(?P<name>.+?)\s+(?:{_CITY_WORDS})$", re.I), "city"),
    (re.compile(rf"^(?:the\s+)?(?P<name>.+?)\s+(?:{_REGION_WORDS})$", re.I), "region"),
)
_COORDINATION = re.compile(r"\s(?:and|&)\s", re.I)


@dataclass(frozen=True)
class Decision:
    """The gazetteer's answer for one entity: the candidate, or why there is none.

    ``kind`` is the model kind the entity should take when the decision retypes it (an
    organisation that the words around it and the gazetteer show to be a place)."""

    candidate: Candidate | None
    reason: str
    kind: str | None = None


def split_label(label: str) -> tuple[str, str | None]:
    """The bare name of a place label and the kind its wording asks for ("Mopti province")."""
    text = label.strip()
    for pattern, kind in _LABEL_HINTS:
        match = pattern.match(text)
        if match and match.group("name").strip():
            return match.group("name").strip(), kind
    return text, None


def mention_hint(text: str, entity: Entity) -> str | None:
    """"city" or "region" when the words around the entity's mentions say so."""
    return _vote(granularity(text, span.start, span.end) for span in entity.mentions)


def name_hint(text: str, name: str) -> str | None:
    """"city" or "region" by the words around every occurrence of ``name`` in the article.

    "X province" there names the province and leaves a bare "X" to the city, so an administrative
    word after the name does not vote; an area's own name does ("the X Strip", "the X Valley")."""
    if not name:
        return None
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    return _vote(granularity(text, m.start(), m.end(), unit_word=False) for m in pattern.finditer(text))


def _vote(hints: Iterable[str | None]) -> str | None:
    votes = Counter(h for h in hints if h)
    if votes["city"] != votes["region"]:
        return "city" if votes["city"] > votes["region"] else "region"
    return None


def _named_spans(entity: Entity) -> list[tuple[int, int]]:
    """The entity's mentions that are names (capitalised), not "the town" or "it"."""
    return [(m.start, m.end) for m in entity.mentions if m.text[:1].isupper()]


def not_a_place_reason(entity: Entity, article: Article, gazetteer: Gazetteer, *, as_place: bool = False) -> str | None:
    """Why an entity typed as a place or state (or read ``as_place``) names none (rule 2), or None."""
    spans = _named_spans(entity)
    text = article.text
    demonyms = [(s, e) for s, e in spans if _is_demonym(text[s:e], gazetteer)]
    if demonyms and len(demonyms) == len(spans):
        if all(is_language(text, s, e) or is_people(text, s, e) for s, e in demonyms):
            return f"{entity.label!r} is used as a language or for people, not the place or state"
        return None
    if (entity.kind not in PLACE_MODEL_KINDS and not as_place) or entity.kind == "Country":
        return None
    names = [(s, e) for s, e in spans if (s, e) not in demonyms]
    reasons = {not_a_place(text, s, e) for s, e in names}
    if names and None not in reasons:
        return f"{entity.label!r}: {sorted(r for r in reasons if r)[0]}"
    name = fold(split_label(entity.label)[0])
    if name in article.person_words or name in article.surnames:
        return f"{entity.label!r} is (part of) the name of a person of the article"
    if names and all(after_title(text, s) for s, _ in names):
        return f"{entity.label!r} follows a person's title"
    return None


def _is_demonym(word: str, gazetteer: Gazetteer) -> bool:
    """"French", "Venezuelans": a demonym, or its plural."""
    return gazetteer.demonym(word) is not None or (word.endswith("s") and gazetteer.demonym(word[:-1]) is not None)


def _says_place(entity: Entity, article: Article) -> str | None:
    """"city" or "region" when the label or the words around an actor's mentions say place, or
    when a mention stands in a list beside the article's cities or regions ("near X, Y and Z")."""
    hint = split_label(entity.label)[1]
    return hint or mention_hint(article.text, entity) or _vote(
        _listed_with(article, span.start, span.end) for span in entity.mentions)


_GLUE_CHARS = 8  # at most this many characters between two names of a list
_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)$")


def _listed_with(article: Article, start: int, end: int) -> str | None:
    """The kind of the cities or regions a mention is listed with ("near X, Y and Z"), if any.

    A list is names joined by commas that ends in "and" or "or": a comma alone ("over Y, X
    said") is no list."""
    kinds: set[str] = set()
    closed = False
    for step in (1, -1):
        edge = end if step == 1 else start
        while True:
            nxt = _neighbour(article, edge, step)
            if nxt is None:
                break
            (s, e, kind), glue = nxt
            kinds.add(kind)
            closed = closed or bool(re.search(r"\b(?:and|or)\b", glue))
            edge = e if step == 1 else s
    return kinds.pop() if closed and len(kinds) == 1 else None


def _neighbour(article: Article, edge: int, step: int) -> tuple[tuple[int, int, str], str] | None:
    """The city or region mention right after (``step`` 1) or before (-1) ``edge``, with the glue.

    Only the mentions that start near ``edge`` are looked at (``places`` is sorted), so that a
    long text with thousands of mentions costs time in proportion to its length.
    """
    places = article.places
    if step == 1:
        low, high = bisect_left(places, (edge,)), bisect_right(places, (edge + _GLUE_CHARS + 1,))
    else:
        low = bisect_left(places, (edge - _GLUE_CHARS - article.longest_place,))
        high = bisect_right(places, (edge + 1,))
    for place in places[low:high]:
        s, e, _ = place
        glue = article.text[edge:s] if step == 1 else article.text[e:edge]
        if (0 <= (s - edge if step == 1 else edge - e) <= _GLUE_CHARS) and _LIST_GLUE.match(glue):
            return place, glue
    return None


def _candidates(entity: Entity, gazetteer: Gazetteer, allowed: tuple[str, ...],
                is_place: bool) -> tuple[list[Match], str | None]:
    """Matches of the allowed kinds for the first of the entity's names that has some."""
    for raw in (entity.label, *entity.aliases):
        name, hint = split_label(raw) if is_place else (raw, None)
        found = [m for m in gazetteer.matches(name) if m.candidate.kind in allowed]
        if not found and is_place:
            found = [m for m in gazetteer.matches(_without_demonym(name, gazetteer)) if m.candidate.kind in allowed]
        if not found and entity.kind == "State":
            demonym = gazetteer.demonym(name.strip())
            found = [Match(demonym, True)] if demonym is not None else []
        if not found and is_place:
            found = [m for m in gazetteer.loose_matches(name) if m.candidate.kind in allowed]
        if found:
            return found, hint
        if raw == entity.label and _COORDINATION.search(raw):
            break  # "Niamey and Bamako" names two places: none of its parts is the entity
    return [], None


def _without_demonym(name: str, gazetteer: Gazetteer) -> str:
    """"Malian Kidal" -> "Kidal": a leading demonym or possessive country says where, not what."""
    first, _, rest = name.partition(" ")
    if rest and (gazetteer.demonym(first) is not None
                 or (first.endswith(("'s", "’s")) and any(c.kind == "country" for c in gazetteer.lookup(first[:-2])))):
        return rest
    return name


def decide(entity: Entity, gazetteer: Gazetteer, countries: Counter[str] | Article, text: str = "") -> Decision:
    """Pick the gazetteer entry an entity refers to, or none when unsure (see the module)."""
    article = countries if isinstance(countries, Article) else Article(text, countries, frozenset(), frozenset())
    allowed = ALLOWED_KINDS.get(entity.kind)
    is_place = entity.kind in PLACE_MODEL_KINDS
    matches: list[Match] = []
    hint: str | None = None
    if allowed:
        matches, hint = _candidates(entity, gazetteer, allowed, is_place)
    retype = None
    if not matches and entity.kind in RETYPABLE_KINDS:
        retype = _says_place(entity, article)
        if retype is None:
            return Decision(None, f"kind {entity.kind} with no word around it that says place")
        matches, hint = _candidates(entity, gazetteer, ("region", "city"), True)
        is_place = True
    if not allowed and retype is None:
        return Decision(None, f"kind {entity.kind} is not linked offline")
    if not matches:
        return Decision(None, "no candidate")
    if is_place or entity.kind == "State":
        why = not_a_place_reason(entity, article, gazetteer, as_place=retype is not None)
        if why:
            return Decision(None, why)
    return _choose(entity, matches, hint or retype, article, retyped=retype is not None)


def _choose(entity: Entity, matches: list[Match], hint: str | None, article: Article, *, retyped: bool) -> Decision:
    """Rules 3-6 over the candidates of one entity."""
    countries = article.countries
    # Names spelled alike win; a variant in the same country as a plain match is kept: the city
    # and the region of one name are often spelled differently ("Al Hudaydah", "Al Ḩudaydah").
    plain_countries = {m.candidate.country for m in matches if m.plain}
    variant_only = not plain_countries
    found = [m.candidate for m in matches if m.plain or variant_only or m.candidate.country in plain_countries]
    best_weight = max(countries.get(c.country or "", 0) for c in found)
    in_context = best_weight > 0
    if variant_only and not in_context:
        return Decision(None, "only a spelling variant matches, and the article is not about its country")
    if retyped and not in_context:
        return Decision(None, "a name typed as an actor is taken for a place only in the article's countries")
    if all(m.loose for m in matches):
        # Vowels or joined parts only ("Goudermes"/"Gudermes"): the kind must agree, and the
        # country must be one the article is mostly about (named at least half as often as the first).
        kind = hint or mention_hint(article.text, entity) or _MODEL_TO_GAZETTEER.get(entity.kind) or _vote(
            _listed_with(article, span.start, span.end) for span in entity.mentions)  # "near X, Y and Z"
        # a bare "place" (the extractor saw it where places go, "entered X") with no kind said: one candidate only
        agrees = (lambda c: c.kind == kind) if kind or entity.kind != "Place" else (lambda c: len(found) == 1)
        found = [c for c in found if agrees(c) and 2 * best_weight >= max(countries.values())]
        if not found:
            return Decision(None, "a loose spelling match that the kind or the main country does not confirm")
    if in_context:
        found = [c for c in found if countries.get(c.country or "", 0) == best_weight]
    bare = split_label(entity.label)[0]
    if not hint and {"city", "region"} <= {c.kind for c in found}:
        hint = mention_hint(article.text, entity) or name_hint(article.text, bare)
    if hint:
        found = [c for c in found if c.kind == hint] or found
    found = _narrow(found, {m.candidate for m in matches if m.primary})
    qids = {c.qid for c in found}
    if len(qids) > 1:
        return Decision(None, "ambiguous: " + " ".join(sorted(qids)))
    chosen = min(found, key=lambda c: DEFAULT_KIND_ORDER.get(c.kind, 3))  # Budapest the city, not the county
    kind = RETYPE.get(chosen.kind) if retyped else None
    if chosen.kind in ("city", "region"):
        if LANDFORM_NAME.search(bare.strip()) or (LANDFORM_NAME.search(chosen.name) and not LANDFORM_NAME.search(bare)):
            return Decision(None, f"{entity.label!r} names a sea, river or landform, not {chosen.qid}")
        if not in_context:
            return _outside_context(chosen, matches, countries)
    return Decision(chosen, "context" if in_context else "unique", kind)


def _outside_context(chosen: Candidate, matches: list[Match], countries: Counter[str]) -> Decision:
    """A city or region outside the article's countries: only a curated city spelled exactly (rule 5)."""
    exact = any(m.plain and m.candidate == chosen for m in matches)
    own_name = any(m.primary and m.candidate == chosen for m in matches)
    if chosen.source != "dr5hn" and ((chosen.kind == "city" and exact) or (own_name and not countries)):
        return Decision(chosen, "a curated city spelled exactly, or a curated place by its own name")
    if countries:
        return Decision(None, f"{chosen.qid} lies outside the countries the article is about")
    return Decision(None, f"{chosen.qid}: a weak candidate (a region, or dr5hn only) and no context")


def _narrow(found: list[Candidate], primary: set[Candidate]) -> list[Candidate]:
    """Among candidates: prefer the default kind order, then curated sources, then the entry whose own
    name this is over one that has it as an alias."""
    if len({c.qid for c in found}) > 1:
        order = min(DEFAULT_KIND_ORDER.get(c.kind, 3) for c in found)
        found = [c for c in found if DEFAULT_KIND_ORDER.get(c.kind, 3) == order]
    if len({c.qid for c in found}) > 1:
        curated = [c for c in found if c.source != "dr5hn"]
        if len({c.qid for c in curated}) == 1:
            found = curated
    if len({c.qid for c in found}) > 1:
        found = [c for c in found if c in primary] or found
    return found
