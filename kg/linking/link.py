"""Link a document's places and actors to Wikidata, and place them within each other.

:func:`link_document` is what ``kg build`` and ``kg link`` call. It reads the
article once (:mod:`kg.linking.context`: the countries its words name, its
people), then lets :func:`kg.linking.decide.decide` pick each entity's
gazetteer entry by kind, the words around it (:mod:`kg.linking.cues`),
spelling and context, or leave it unlinked. The countries of the places linked
in a first pass ("Kidal") help with the rest ("Timbuktou") in a second.

It also fills ``Entity.within`` (when the extractor left it empty) with the
smallest enclosing place that the document itself names, from the gazetteer's
part-of chain, and gives a State actor named by name ("Mali") its Country place.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from kg.linking.context import Article, context_countries, read_article
from kg.linking.decide import PLACE_MODEL_KINDS, Decision, decide, split_label
from kg.linking.fold import fold
from kg.linking.gazetteer import Candidate, Gazetteer
from kg.model import PLACE_KINDS, Document, Entity

if TYPE_CHECKING:
    from kg.linking.online import WikidataLinker

__all__ = ["Decision", "add_country_places", "context_countries", "decide", "link_document", "set_within",
           "split_label"]


def _actor_keys(document: Document) -> set[str]:
    """The entities that act in the document: a side, source or addressee of an event, a claimant, an ally."""
    keys = {key for event in document.events
            for key in (event.agent, event.opponent, event.source, event.addressee, event.captured_from) if key}
    keys |= {entity.affiliation for entity in document.entities if entity.affiliation}
    keys |= {claim.claimant for claim in document.claims if claim.claimant}
    keys |= {key for pair in document.alliances for key in pair}
    return keys


def _link_pass(document: Document, gazetteer: Gazetteer, article: Article) -> list[Candidate]:
    linked = []
    acting = _actor_keys(document)
    for entity in document.entities:
        if entity.wikidata is None:
            decision = decide(entity, gazetteer, article)
            if decision.kind in PLACE_KINDS and decision.kind != entity.kind and entity.key in acting:
                continue  # an actor of the text is not retyped as a place, whatever the words around it say
            if decision.candidate is not None:
                entity.wikidata = decision.candidate.qid
                entity.kind = decision.kind or entity.kind
                linked.append(decision.candidate)
    return linked


def add_country_places(document: Document, gazetteer: Gazetteer, countries: Counter[str] | None = None) -> list[Entity]:
    """A ``Country`` place for a linked ``State`` actor that the text names by name,
    when the country encloses another place of the article or is the country the
    article is most about (``countries``, ISO code -> weight).

    The ontology keeps a state as a party (``State``) apart from the same state as
    a territory (``Country``); an article that names "Mali" as an actor also names
    the place that Gao is within. Nothing is added when a place with that QID
    or that name exists, or when the text only uses a demonym ("Malian").
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
        article = read_article(document, gazetteer)
        countries = article.countries
        linked = _link_pass(document, gazetteer, article)
        # The countries of the places just linked ("Kidal") help with the rest ("Timbuktou").
        more = Counter(c.country for c in linked if c.is_place and c.country)
        if more - countries:
            countries = countries + more
            _link_pass(document, gazetteer, read_article(document, gazetteer, countries))
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
