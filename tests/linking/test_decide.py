"""Linking decisions by cause, each on invented sentences: one case that must link, one that must not."""

from __future__ import annotations

import re

import pytest

from kg.linking import link_document
from kg.linking.context import context_countries
from kg.linking.cues import granularity, in_unit_name, is_language, is_people, is_water_or_landform
from kg.linking.decide import name_hint
from kg.linking.gazetteer import Gazetteer
from kg.model import Document, Entity, Span


def _doc(text: str) -> Document:
    return Document(id="t", text=text)


def _entity(doc: Document, label: str, kind: str, pattern: str | None = None, country: str | None = None) -> Entity:
    spans = [Span(m.start(), m.end(), m.group()) for m in re.finditer(pattern or re.escape(label), doc.text)]
    entity = Entity(key=f"e{len(doc.entities)}", label=label, kind=kind, mentions=spans, country=country)
    doc.entities.append(entity)
    return entity


def _link(text: str, label: str, kind: str, pattern: str | None = None, *, gazetteer: Gazetteer,
          country: str | None = None, others: tuple[tuple[str, str], ...] = ()) -> Entity:
    doc = _doc(text)
    entity = _entity(doc, label, kind, pattern, country)
    for other_label, other_kind in others:
        _entity(doc, other_label, other_kind)
    link_document(doc, gazetteer, country_places=False)
    return entity


# -- context comes from the text, never from the candidate ------------------------------------

def test_decide_candidate_country_does_not_vouch_for_itself(gazetteer: Gazetteer) -> None:
    # The extractor's guess (the only candidate's country) is no evidence that the article is about it.
    text = "Peruvian riot police cleared a camp in Tana on the edge of the capital."
    assert _link(text, "Tana", "City", country="NO", gazetteer=gazetteer).wikidata is None
    text = "Fishermen marched through Tana, Norwegian police said."
    assert _link(text, "Tana", "City", gazetteer=gazetteer).wikidata == "Q483964"


def test_decide_context_skips_people_and_languages(gazetteer: Gazetteer) -> None:
    doc = _doc("Coach Tom Jordan praised the Kenyan runners; the statement was issued in Portuguese.")
    assert context_countries(doc, gazetteer)["JO"] == 1  # read as the country while nobody says otherwise
    _entity(doc, "Tom Jordan", "Person")
    weights = context_countries(doc, gazetteer)
    assert weights["KE"] == 1 and weights["JO"] == 0 and weights["PT"] == 0
    assert context_countries(_doc("Portuguese troops landed."), gazetteer)["PT"] == 1


def test_decide_curated_city_spelled_exactly_links_outside_context(gazetteer: Gazetteer) -> None:
    # The rule: outside the article's countries, an exact name of a curated city is enough.
    text = "Kenyan delegates flew to Niamey for the talks."
    assert _link(text, "Niamey", "City", gazetteer=gazetteer).wikidata == "Q3674"
    # A dr5hn-only row outside the article's countries stays unlinked.
    text = "Kenyan delegates flew to Tana for the talks."
    assert _link(text, "Tana", "City", gazetteer=gazetteer).wikidata is None


# -- the words around a name decide its granularity ---------------------------------------------

def test_decide_villages_in_a_name_mean_the_area(gazetteer: Gazetteer) -> None:
    text = "Malian officials said residents of villages in Mopti and Segou were evacuated."
    assert _link(text, "Mopti", "City", gazetteer=gazetteer).wikidata == "Q214155"  # the region
    text = "Malian officials said drones hit the streets of Mopti overnight."
    assert _link(text, "Mopti", "City", gazetteer=gazetteer).wikidata == "Q211227"  # the city


def test_decide_the_x_and_y_districts_mean_the_areas(gazetteer: Gazetteer) -> None:
    text = "Kenyan troops were sent to the Garissa and Lamu counties after the raids."
    assert _link(text, "Garissa", "City", gazetteer=gazetteer).wikidata == "Q1494292"  # the county
    text = "Kenyan troops were sent to Garissa after the raids."
    assert _link(text, "Garissa", "City", gazetteer=gazetteer).wikidata == "Q845717"  # the town


def test_decide_bare_name_beside_its_province_is_the_city(gazetteer: Gazetteer) -> None:
    # "Gao province" names the province; a bare "Gao" in the same article is the city.
    text = "Malian officials said fighting in Gao province spread to Gao on Sunday."
    assert _link(text, "Gao", "City", r"Gao(?! province)", gazetteer=gazetteer).wikidata == "Q188904"
    # ... while the article's words for the area itself ("villages in Kidal") make a bare name the area.
    text = "Malian officials said the floods flattened villages in Kidal. Aid reached Kidal on Sunday."
    assert _link(text, "Kidal", "City", gazetteer=gazetteer).wikidata == "Q338988"


def test_decide_name_hint_reads_the_other_occurrences() -> None:
    assert name_hint("Troops entered the Swat Valley. Clashes in Swat went on.", "Swat") == "region"
    assert name_hint("Clashes in Swat province went on. Swat was calm.", "Swat") is None
    assert name_hint("Shelling hit the city of Swat. Swat was calm.", "Swat") == "city"


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [("villages in Mopti", "Mopti", "region"), ("the Garissa and Lamu counties", "Garissa", "region"),
     ("the Garissa and Lamu counties", "Lamu", "region"), ("the province of Kidal", "Kidal", "region"),
     ("the streets of Mopti", "Mopti", "city"), ("Kidal city", "Kidal", "city"), ("in Kidal.", "Kidal", None)],
)
def test_decide_granularity_words(text: str, name: str, kind: str | None) -> None:
    start = text.index(name)
    assert granularity(text, start, start + len(name)) == kind


# -- what is not a place stays unlinked ----------------------------------------------------------

def test_decide_rivers_by_the_words_around(gazetteer: Gazetteer) -> None:
    text = "Reindeer herders crossed the Tana river into Finland, Norwegian police said."
    assert _link(text, "Tana", "City", r"Tana", gazetteer=gazetteer).wikidata is None
    text = "Norwegian police said the fire in Tana was out."
    assert _link(text, "Tana", "City", gazetteer=gazetteer).wikidata == "Q483964"
    assert is_water_or_landform("on the banks of the Tana", 20, 24)


def test_decide_languages_are_not_countries(gazetteer: Gazetteer) -> None:
    text = "The leaflets, printed in Portuguese, were dropped over the port."
    assert _link(text, "Portugal", "State", "Portuguese", gazetteer=gazetteer).wikidata is None
    text = "Portuguese officials said the leaflets were dropped over the port."
    assert _link(text, "Portugal", "State", "Portuguese", gazetteer=gazetteer).wikidata == "Q45"
    assert is_language("printed in Portuguese.", 11, 21) and not is_language("in Portuguese waters", 3, 13)


def test_decide_counted_peoples_are_not_states(gazetteer: Gazetteer) -> None:
    text = "Some two million Venezuelans now live abroad, aid groups said."
    assert _link(text, "Venezuela", "State", "Venezuelans", gazetteer=gazetteer).wikidata is None
    text = "Venezuela said it would reopen the border."
    assert _link(text, "Venezuela", "State", gazetteer=gazetteer).wikidata == "Q717"
    assert is_people("thousands of Venezuelans", 13, 24) and not is_people("the Venezuelans said", 4, 15)


def test_decide_names_inside_unit_names_are_not_places(gazetteer: Gazetteer) -> None:
    text = "Malian officials said members of the Sikasso brigade had withdrawn."
    assert _link(text, "Sikasso", "City", gazetteer=gazetteer).wikidata is None
    text = "Malian officials said shelling hit Sikasso overnight."
    assert _link(text, "Sikasso", "City", gazetteer=gazetteer).wikidata == "Q722827"
    assert in_unit_name("the Sikasso battalion", 4, 11) and not in_unit_name("Sikasso province", 0, 7)


def test_decide_person_names_are_not_places(gazetteer: Gazetteer) -> None:
    # A surname after a given name, used alone later, is the person ("Garissa" is a Kenyan town).
    text = "Kenya's envoy, Peter Garissa, met the rebels. Garissa said talks would resume."
    assert _link(text, "Garissa", "City", r"(?<=\. )Garissa", gazetteer=gazetteer).wikidata is None
    text = "Kenyan police said President Lamu had left."
    assert _link(text, "Lamu", "City", gazetteer=gazetteer).wikidata is None
    text = "Kenya's envoy met the rebels in Garissa. Talks would resume there."
    assert _link(text, "Garissa", "City", gazetteer=gazetteer).wikidata == "Q845717"


def test_decide_two_places_in_one_label_stay_unlinked(gazetteer: Gazetteer) -> None:
    doc = _doc("All times Niamey and Bamako (GMT).")
    both = _entity(doc, "Niamey and Bamako", "City")
    both.aliases = ["Niamey"]
    link_document(doc, gazetteer, country_places=False)
    assert both.wikidata is None
    assert _link("Talks were held in Niamey, Niger.", "Niamey", "City", gazetteer=gazetteer).wikidata == "Q3674"


# -- organisations and people that are places -----------------------------------------------------

def test_decide_organisation_that_the_words_say_is_a_place(gazetteer: Gazetteer) -> None:
    text = "Malian officials said fighting reached the Kidal region on Monday."
    kidal = _link(text, "Kidal", "Organization", gazetteer=gazetteer)
    assert (kidal.wikidata, kidal.kind) == ("Q338988", "Region")
    text = "Malian officials said Kidal had rejected the offer."
    kidal = _link(text, "Kidal", "Organization", gazetteer=gazetteer)
    assert (kidal.wikidata, kidal.kind) == (None, "Organization")
    # The words say place, but the article is not about its country: a namesake is not guessed.
    text = "Peruvian officials said fighting reached the Kidal region on Monday."
    assert _link(text, "Kidal", "Organization", gazetteer=gazetteer).wikidata is None


def test_decide_organisation_listed_with_regions_is_a_region(gazetteer: Gazetteer) -> None:
    others = (("Segou", "Region"), ("Koulikoro", "Region"))
    text = "Malian officials said mines were laid near Kayes, Segou and Koulikoro."
    kayes = _link(text, "Kayes", "Organization", gazetteer=gazetteer, others=others)
    assert (kayes.wikidata, kayes.kind) == ("Q332113", "Region")
    # A comma alone is no list: "over Segou, Kayes fired" keeps Kayes an actor.
    text = "Malian officials said that over Segou, Kayes fired rockets and Koulikoro stayed calm."
    kayes = _link(text, "Kayes", "Organization", gazetteer=gazetteer, others=others)
    assert (kayes.wikidata, kayes.kind) == (None, "Organization")


def test_decide_person_typed_place_with_a_demonym_in_its_label(gazetteer: Gazetteer) -> None:
    text = "Shells fell on villages in Kenyan Lamu county, officials said."
    lamu = _link(text, "Kenyan Lamu county", "Person", "Lamu county", gazetteer=gazetteer)
    assert (lamu.wikidata, lamu.kind) == ("Q1951652", "Region")
    text = "Kenyan officials said Lamu had resigned."
    assert _link(text, "Lamu", "Person", gazetteer=gazetteer).wikidata is None


# -- spelling variants through the loose key: only with kind and context agreement -----------------

def test_decide_loose_spelling_needs_kind_and_context(gazetteer: Gazetteer) -> None:
    text = "Russian shelling hit Severodonetsk overnight, Ukrainian officials said."
    assert _link(text, "Severodonetsk", "City", gazetteer=gazetteer).wikidata == "Q160584"
    text = "Shelling hit Severodonetsk overnight, Peruvian officials said."  # not the article's country
    assert _link(text, "Severodonetsk", "City", gazetteer=gazetteer).wikidata is None
    text = "Russian shelling hit the Severodonetsk region overnight, Ukrainian officials said."
    # The words say region, the only loose candidate is a city: the kinds disagree.
    assert _link(text, "Severodonetsk", "City", gazetteer=gazetteer).wikidata is None


def test_decide_loose_spelling_of_a_bare_place_takes_the_kind_of_its_list(gazetteer: Gazetteer) -> None:
    # The extractor only knows "a place"; the cities it is listed with give the kind the loose key needs.
    text = "Russian sappers laid mines near Severodonetsk, Lysychansk and Bakhmut, Ukrainian officials said."
    others = (("Lysychansk", "City"), ("Bakhmut", "City"))
    assert _link(text, "Severodonetsk", "Place", gazetteer=gazetteer, others=others).wikidata == "Q160584"
    # alone, the one loose candidate in the article's main country; in another country's article, none
    text = "Russian sappers laid mines near Severodonetsk, Ukrainian officials said."
    assert _link(text, "Severodonetsk", "Place", gazetteer=gazetteer).wikidata == "Q160584"
    text = "Sappers laid mines near Severodonetsk, Peruvian officials said."
    assert _link(text, "Severodonetsk", "Place", gazetteer=gazetteer).wikidata is None
