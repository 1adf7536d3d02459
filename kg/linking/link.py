"""Link a document's places and actors to Wikidata, and place them within each other.

:func:`link_document` is what ``kg build`` and ``kg link`` call. It decides from
the gazetteer's candidates, the entity's kind and the document's context:

* the entity kind limits the candidate kinds (a ``State`` actor only matches
  countries, an organisation only organisations, a ``City`` or ``Region`` a city
  or a region);
* what the text says picks a city or a region of the same name: "the city of
  Aleppo", "Aleppo city" vs "Aleppo province" (in the label or next to a mention);
  without such words a bare name is the country, else the city, else the region;
* a name that meets an entry only through a transliteration variant is trusted
  only when the article is about that entry's country;
* the countries the document is about (named, or used as demonyms: "Syrian")
  tell same-name candidates apart; candidates from curated sources (Natural
  Earth) win over dr5hn-only rows;
* a name that still has several candidates, or only a weak one, stays unlinked.

It also fills ``Entity.within`` (when the extractor left it empty) with the
smallest enclosing place that the document itself names, from the gazetteer's
part-of chain, and gives a State actor named by name ("Sudan") its Country place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.linking.fold import fold
from kg.linking.gazetteer import Candidate, Gazetteer, Match
from kg.model import PLACE_KINDS, Document, Entity

if TYPE_CHECKING:
    from kg.linking.online import WikidataLinker

ORG_KINDS = ("international-org", "armed-group", "government", "state-force", "ngo", "monitoring-org",
             "media", "alliance", "organization")
# Which gazetteer kinds each model kind may link to.
ALLOWED_KINDS: dict[str, tuple[str, ...]] = {
    "Country": ("country",),
    "State": ("country",),
    # City or region: the article's wording decides, not the extractor's guess (see decide()).
    "Region": ("region", "city"),
    "City": ("city", "region"),
    "Place": ("country", "region", "city"),
    # Organisations: any organisation entry (extractors and sources draw the lines between
    # international bodies, NGOs and armed groups differently); never a place.
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
# With no other clue, a bare name means the country, else the city, else the region.
DEFAULT_KIND_ORDER = {"country": 0, "city": 1, "region": 2}

_CITY_WORDS = r"city|town|village|capital"
_REGION_WORDS = r"province|governorate|region|state|oblast|prefecture|department|emirate"
_LABEL_HINTS = (
    (re.compile(rf"^(?:the\s+)?(?:{_CITY_WORDS})\s+of\s+(?:the\s+)?(?P<name>.+)$", re.I), "city"),
    (re.compile(rf"^(?:the\s+)?(?:{_REGION_WORDS})\s+of\s+(?:the\s+)?(?P<name>.+)$", re.I), "region"),
    (re.compile(rf"^(?:the\s+)?(?P<name>.+?)\s+(?:{_CITY_WORDS})$", re.I), "city"),
    (re.compile(rf"^(?:the\s+)?(?P<name>.+?)\s+(?:{_REGION_WORDS})$", re.I), "region"),
)
# "the (port) city of X", "the province of X"; not "the eastern region of X" (a part of X),
# nor "the capital of X" (X is then a country).
_BEFORE_CITY = re.compile(r"\b(?:city|town|village)\s+of\s+(?:the\s+)?$", re.I)
_BEFORE_REGION = re.compile(
    r"(?:^|\bthe\s+|[,;:(]\s*)(?:province|governorate|oblast|prefecture|department|emirate)\s+of\s+(?:the\s+)?$",
    re.I,
)
_AFTER_CITY = re.compile(rf"^\s+(?:{_CITY_WORDS})\b", re.I)
_AFTER_REGION = re.compile(rf"^\s+(?:{_REGION_WORDS})\b", re.I)
# Seas, rivers and mountains are not administrative units that happen to share their name.
_LANDFORM = re.compile(
    r"^(?:lake|mount|mt|river|gulf of|sea of|bay of)\b|\b(?:sea|ocean|gulf|river|lake|strait|straits|bay|"
    r"mountains|hills|desert|peninsula|canal)$",
    re.I,
)
_CAPITALIZED_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+|and\s+)*[A-Z][\w'’.-]*)*")
_WORD = re.compile(r"[A-Z][a-z]+")
_MAX_RUN = 6


@dataclass(frozen=True)
class Decision:
    """The gazetteer's answer for one entity: the candidate, or why there is none."""

    candidate: Candidate | None
    reason: str


def split_label(label: str) -> tuple[str, str | None]:
    """The bare name of a place label and the kind its wording asks for ("Aleppo province")."""
    text = label.strip()
    for pattern, kind in _LABEL_HINTS:
        match = pattern.match(text)
        if match and match.group("name").strip():
            return match.group("name").strip(), kind
    return text, None


def mention_hint(text: str, entity: Entity) -> str | None:
    """"city" or "region" when the words around the entity's mentions say so."""
    votes: Counter[str] = Counter()
    for span in entity.mentions:
        before, after = text[max(0, span.start - 30):span.start], text[span.end:span.end + 20]
        if _BEFORE_CITY.search(before) or _AFTER_CITY.match(after):
            votes["city"] += 1
        if _BEFORE_REGION.search(before) or _AFTER_REGION.match(after):
            votes["region"] += 1
    if votes["city"] != votes["region"]:
        return "city" if votes["city"] > votes["region"] else "region"
    return None


def context_countries(document: Document, gazetteer: Gazetteer) -> Counter[str]:
    """How often the document names each country (ISO code), by name or demonym."""
    weights: Counter[str] = Counter()
    for entity in document.entities:
        if entity.country:  # a hint from the extractor, weighed like a mention, not obeyed
            weights[entity.country] += 1
    text = "\n".join(part for part in (document.title, document.text) if part)
    words = list(_WORD.finditer(text))
    index = 0
    while index < len(words):
        word, found, step = words[index], None, 1
        if index + 1 < len(words) and not text[word.end():words[index + 1].start()].strip():
            found = gazetteer.demonym(f"{word.group()} {words[index + 1].group()}")  # "South Sudanese"
            step = 2 if found is not None else 1
        found = found or gazetteer.demonym(word.group())
        if found is not None and found.country:
            weights[found.country] += 1
        index += step
    for run in _CAPITALIZED_RUN.findall(text):
        words = run.split()
        start = 0
        while start < len(words):  # the longest country name at each position, left to right
            for size in range(min(_MAX_RUN, len(words) - start), 0, -1):
                piece = " ".join(words[start:start + size]).rstrip(".,;:")
                codes = {c.country for c in gazetteer.lookup(piece) if c.kind == "country" and c.country}
                if codes and piece.lower() not in {"of", "the", "and"}:
                    for code in codes:  # "Congo" names two countries: both count
                        weights[code] += 1
                    start += size
                    break
            else:
                start += 1
    return weights


def _names(entity: Entity) -> Iterable[str]:
    yield entity.label
    yield from entity.aliases


def _candidates(entity: Entity, gazetteer: Gazetteer, allowed: tuple[str, ...]) -> tuple[list[Match], str | None]:
    """Matches of the allowed kinds for the first of the entity's names that has some."""
    is_place = entity.kind in PLACE_MODEL_KINDS
    for raw in _names(entity):
        name, hint = split_label(raw) if is_place else (raw, None)
        found = [m for m in gazetteer.matches(name) if m.candidate.kind in allowed]
        if not found and entity.kind == "State":
            demonym = gazetteer.demonym(name.strip())
            found = [Match(demonym, True)] if demonym is not None else []
        if found:
            return found, hint
    return [], None


def decide(entity: Entity, gazetteer: Gazetteer, countries: Counter[str], text: str = "") -> Decision:
    """Pick the gazetteer entry an entity refers to, or none when unsure."""
    allowed = ALLOWED_KINDS.get(entity.kind)
    if not allowed:
        return Decision(None, f"kind {entity.kind} is not linked offline")
    matches, hint = _candidates(entity, gazetteer, allowed)
    if not matches:
        return Decision(None, "no candidate")
    # Names spelled alike win; a match only through a spelling variant ("Hodeidah" for
    # "Al Ḩudaydah") needs the article to be about the candidate's country.
    # A variant in the same country as a plain match is kept: the city and the region
    # of one name are often spelled differently ("Al Hudaydah" region, "Al Ḩudaydah" city).
    plain_countries = {m.candidate.country for m in matches if m.plain}
    variant_only = not plain_countries
    found = [m.candidate for m in matches if m.plain or variant_only or m.candidate.country in plain_countries]
    primary = {m.candidate for m in matches if m.primary}
    hint = hint or (mention_hint(text, entity) if text else None)
    # The countries the document is about decide between namesakes.
    best_weight = max(countries.get(c.country or "", 0) for c in found)
    in_context = best_weight > 0
    if variant_only and not in_context:
        return Decision(None, "only a spelling variant matches, and the article is not about its country")
    if in_context:
        found = [c for c in found if countries.get(c.country or "", 0) == best_weight]
    if hint:
        found = [c for c in found if c.kind == hint] or found
    found = _narrow(found)
    qids = {c.qid for c in found}
    if len(qids) > 1:
        return Decision(None, "ambiguous: " + " ".join(sorted(qids)))
    chosen = found[0]
    if chosen.kind in ("city", "region") and _LANDFORM.search(split_label(entity.label)[0].strip()):
        return Decision(None, f"{entity.label!r} names a sea, river or landform, not {chosen.qid}")
    if chosen.kind in ("city", "region") and not in_context:
        # A city or region outside the countries the article is about is more often a
        # namesake ("Santos", "Western") than a real place; with no country in the
        # article at all, only a curated entry under its own name is trusted.
        if countries:
            return Decision(None, f"{chosen.qid} lies outside the countries the article is about")
        if chosen.source == "dr5hn" or chosen not in primary:
            return Decision(None, f"{chosen.qid}: a weak candidate (alias or dr5hn only) and no context")
    return Decision(chosen, "context" if in_context else "unique")


def _narrow(found: list[Candidate]) -> list[Candidate]:
    """Among candidates: prefer the default kind order, then curated sources."""
    if len({c.qid for c in found}) > 1:
        order = min(DEFAULT_KIND_ORDER.get(c.kind, 3) for c in found)
        found = [c for c in found if DEFAULT_KIND_ORDER.get(c.kind, 3) == order]
    if len({c.qid for c in found}) > 1:
        curated = [c for c in found if c.source != "dr5hn"]
        if len({c.qid for c in curated}) == 1:
            found = curated
    return found


def _link_pass(document: Document, gazetteer: Gazetteer, countries: Counter[str]) -> list[Candidate]:
    linked = []
    for entity in document.entities:
        if entity.wikidata is None:
            decision = decide(entity, gazetteer, countries, document.text)
            if decision.candidate is not None:
                entity.wikidata = decision.candidate.qid
                linked.append(decision.candidate)
    return linked


def add_country_places(document: Document, gazetteer: Gazetteer, countries: Counter[str] | None = None) -> list[Entity]:
    """A ``Country`` place for a linked ``State`` actor that the text names by name,
    when the country encloses another place of the article or is the country the
    article is most about (``countries``, ISO code -> weight).

    The ontology keeps a state as a party (``State``) apart from the same state as
    a territory (``Country``); an article that names "Sudan" as an actor also names
    the place that Khartoum is within. Nothing is added when a place with that QID
    or that name exists, or when the text only uses a demonym ("Sudanese").
    """
    places = [e for e in document.entities if e.kind in PLACE_MODEL_KINDS]
    enclosing = {p.qid for e in places if e.wikidata for p in gazetteer.parents(e.wikidata)}
    top = max(countries.values()) if countries else 0
    main = {code for code, weight in (countries or {}).items() if weight == top and top > 0}
    qids = {e.wikidata for e in places if e.wikidata}
    names = {fold(e.label) for e in places}
    keys = {e.key for e in document.entities}
    added: list[Entity] = []
    for state in document.entities:
        qid = state.wikidata
        if state.kind != "State" or qid is None:
            continue
        country = gazetteer.get(qid, ("country",))
        if qid in qids or fold(state.label) in names or country is None:
            continue
        if qid not in enclosing and country.country not in main:
            continue
        named = [m for m in state.mentions if any(c.qid == qid for c in gazetteer.lookup(m.text))]
        if not named:
            continue
        key = f"{state.key}-country"
        while key in keys:
            key += "-"
        label_names = {c.qid for c in gazetteer.lookup(state.label)}
        label = state.label if qid in label_names else named[0].text
        place = Entity(key=key, label=label, kind="Country", mentions=list(named), wikidata=qid,
                       country=state.country)
        document.entities.append(place)
        added.append(place)
        qids.add(qid)
        names.add(fold(label))
        keys.add(key)
    return added


def set_within(document: Document, gazetteer: Gazetteer) -> None:
    """Fill ``within`` with the smallest enclosing place that the document names."""
    by_qid: dict[str, str] = {}
    for entity in document.entities:
        if entity.kind in PLACE_MODEL_KINDS and entity.wikidata:
            by_qid.setdefault(entity.wikidata, entity.key)
    for entity in document.entities:
        if entity.within is not None or entity.kind not in PLACE_MODEL_KINDS or not entity.wikidata:
            continue
        for parent in gazetteer.parents(entity.wikidata):
            key = by_qid.get(parent.qid)
            if key is not None and key != entity.key:
                entity.within = key
                break


def link_document(
    document: Document,
    gazetteer: Gazetteer | None,
    online: WikidataLinker | None = None,
    *,
    country_places: bool = True,
) -> None:
    """Set ``wikidata`` on the places and actors known confidently, and ``within`` on places.

    Entities that already carry a QID keep it. ``online``, when given, is asked
    about the linkable entities the gazetteer left unlinked. With ``country_places``
    a State actor named by name also gets its Country place (:func:`add_country_places`).
    """
    countries: Counter[str] = Counter()
    if gazetteer is not None:
        countries = context_countries(document, gazetteer)
        linked = _link_pass(document, gazetteer, countries)
        # The countries of the places just linked ("Gaza") help with the rest ("Khan Younis").
        more = Counter(c.country for c in linked if c.is_place and c.country)
        if more - countries:
            _link_pass(document, gazetteer, countries + more)
            countries = countries + more
    if online is not None:
        context_qids = _country_qids(countries, gazetteer)
        todo = [e for e in document.entities if e.wikidata is None and online.can_link(e.kind)]
        for entity, qid in zip(todo, online.link([(e.label, e.kind) for e in todo], context_qids)):
            if qid is not None:
                entity.wikidata = qid
    if gazetteer is not None:
        if country_places:
            add_country_places(document, gazetteer, countries)
        set_within(document, gazetteer)
        set_coordinates(document, gazetteer)


def _country_qids(countries: Counter[str], gazetteer: Gazetteer | None) -> list[str]:
    if gazetteer is None:
        return []
    return sorted(gazetteer.country_qid(code) or "" for code in countries if gazetteer.country_qid(code))


def set_coordinates(document: Document, gazetteer: Gazetteer) -> None:
    """Give each linked place the gazetteer's latitude and longitude, so that maps can plot it."""
    for entity in document.entities:
        if entity.wikidata and entity.kind in PLACE_KINDS and entity.coordinates is None:
            entity.coordinates = gazetteer.coordinates(entity.wikidata)
