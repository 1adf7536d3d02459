"""Offline linking: QIDs from the gazetteer by kind and context, and `within`."""

from __future__ import annotations

import json
import re

import pytest

from kg.linking import link_document
from kg.linking.gazetteer import Gazetteer
from kg.linking.link import context_countries, split_label
from kg.model import Document, Entity, Span
from kg.resources import example_file


def _entity(doc: Document, key: str, label: str, kind: str, pattern: str | None = None) -> Entity:
    spans = [Span(m.start(), m.end(), m.group()) for m in re.finditer(pattern or re.escape(label), doc.text)]
    entity = Entity(key=key, label=label, kind=kind, mentions=spans)
    doc.entities.append(entity)
    return entity


def _doc(text: str) -> Document:
    return Document(id="t", text=text)


@pytest.fixture(scope="module")
def example() -> Document:
    data = json.loads(example_file().read_text(encoding="utf-8"))
    return Document(id=data["id"], text=data["text"], title=data.get("title"))


def test_link_example_article(example: Document, gazetteer: Gazetteer) -> None:
    # The entities an extractor finds in the example, built by hand so that this tests linking alone.
    doc = Document(id=example.id, text=example.text, title=example.title)
    aleppo = _entity(doc, "aleppo", "Aleppo", "Place")
    russia = _entity(doc, "russia", "Russia", "State", "Russian")
    un = _entity(doc, "un", "United Nations", "InternationalOrganization")
    observatory = _entity(doc, "sohr", "Syrian Observatory for Human Rights", "MonitoringOrganization")
    rahman = _entity(doc, "rahman", "Rami Abdel Rahman", "Person")
    badra = _entity(doc, "badra", "Jabal Badra", "PlacePart")
    badra.within = "aleppo"
    link_document(doc, gazetteer)
    assert (aleppo.wikidata, russia.wikidata, un.wikidata) == ("Q41183", "Q159", "Q1065")
    # No evidence-backed QID in the gazetteer: these stay unlinked rather than guessed.
    assert observatory.wikidata is None and rahman.wikidata is None and badra.wikidata is None
    assert aleppo.within is None  # the article never names Syria itself
    assert badra.within == "aleppo"  # what the extractor set is kept


def test_link_example_context_is_syria(example: Document, gazetteer: Gazetteer) -> None:
    weights = context_countries(example, gazetteer)
    assert weights.most_common(1)[0][0] == "SY"  # from the demonym "Syrian"


def test_link_within_from_gazetteer_parents(gazetteer: Gazetteer) -> None:
    doc = _doc("Government forces shelled Aleppo, the second city of Syria, on Monday.")
    aleppo = _entity(doc, "aleppo", "Aleppo", "City")
    syria = _entity(doc, "syria", "Syria", "Country")
    link_document(doc, gazetteer)
    assert (aleppo.wikidata, syria.wikidata) == ("Q41183", "Q858")
    assert aleppo.within == "syria" and syria.within is None


def test_link_within_picks_the_smallest_named_place(gazetteer: Gazetteer) -> None:
    doc = _doc("Fighting reached Goma, the capital of North Kivu province in the Democratic Republic of Congo.")
    goma = _entity(doc, "goma", "Goma", "City")
    kivu = _entity(doc, "kivu", "North Kivu province", "Region")
    drc = _entity(doc, "drc", "Democratic Republic of Congo", "Country")
    link_document(doc, gazetteer)
    assert (goma.wikidata, kivu.wikidata, drc.wikidata) == ("Q204381", "Q130625", "Q974")
    assert goma.within == "kivu" and kivu.within == "drc"


def test_link_tripoli_needs_context(gazetteer: Gazetteer) -> None:
    bare = _doc("Clashes were reported in Tripoli overnight.")
    tripoli = _entity(bare, "tripoli", "Tripoli", "City")
    link_document(bare, gazetteer)
    assert tripoli.wikidata is None

    libya = _doc("Clashes were reported in Tripoli overnight, as rival forces vie for control of Libya.")
    tripoli = _entity(libya, "tripoli", "Tripoli", "City")
    link_document(libya, gazetteer)
    assert tripoli.wikidata == "Q3579"

    lebanon = _doc("Clashes were reported in Tripoli overnight, the Lebanese army said.")
    tripoli = _entity(lebanon, "tripoli", "Tripoli", "Place")
    link_document(lebanon, gazetteer)
    assert tripoli.wikidata == "Q168954"


def test_link_city_or_region_by_wording(gazetteer: Gazetteer) -> None:
    doc = _doc("Rebels in Idlib province shelled the city of Aleppo, Syrian state media said.")
    province = _entity(doc, "idlib", "Idlib province", "Place")
    city = _entity(doc, "aleppo", "Aleppo", "Place")
    link_document(doc, gazetteer)
    assert province.wikidata == "Q233218"  # the governorate, not the city Q504657
    assert city.wikidata == "Q41183"

    doc = _doc("Air strikes hit Aleppo province and Idlib city, Syrian activists said.")
    region = _entity(doc, "aleppo", "Aleppo", "Place")
    idlib = _entity(doc, "idlib", "Idlib", "Place")
    link_document(doc, gazetteer)
    assert region.wikidata == "Q214064" and idlib.wikidata == "Q504657"


def test_link_spelling_variants(gazetteer: Gazetteer) -> None:
    doc = _doc("Strikes hit Hodeidah in Yemen; Israeli tanks entered Khan Younis in Gaza, Palestinian medics said; "
               "Mekelle in Ethiopia.")
    hodeidah = _entity(doc, "h", "Hodeidah", "City")
    khan = _entity(doc, "k", "Khan Younis", "City")
    gaza = _entity(doc, "g", "Gaza", "Place")
    mekelle = _entity(doc, "m", "Mekelle", "Place")
    link_document(doc, gazetteer)
    assert (hodeidah.wikidata, khan.wikidata, mekelle.wikidata) == ("Q270041", "Q309348", "Q332319")
    assert gaza.wikidata == "Q47492"  # Gaza City: a city before a region of the same name


def test_link_state_actor_is_its_country(gazetteer: Gazetteer) -> None:
    doc = _doc("Russian forces and Georgia's army clashed near Tbilisi.")
    russia = _entity(doc, "ru", "Russian", "State")
    georgia = _entity(doc, "ge", "Georgia", "State")
    city = _entity(doc, "tb", "Tbilisi", "City")
    link_document(doc, gazetteer)
    assert (russia.wikidata, georgia.wikidata, city.wikidata) == ("Q159", "Q230", "Q994")
    # Georgia is named by name, so it is also a place (Tbilisi is within it); "Russian" is only a demonym.
    assert city.within == "ge-country"
    assert [(e.key, e.wikidata) for e in doc.entities if e.kind == "Country"] == [("ge-country", "Q230")]


def test_link_leaves_unknown_and_mistyped_names_unlinked(gazetteer: Gazetteer) -> None:
    doc = _doc("The Qwxzy Brigade said the United Nations had failed. Russia denied it.")
    brigade = _entity(doc, "b", "Qwxzy Brigade", "NonStateArmedGroup")
    un_as_place = _entity(doc, "u", "United Nations", "City")
    russia_as_group = _entity(doc, "r", "Russia", "NonStateArmedGroup")
    link_document(doc, gazetteer)
    assert brigade.wikidata is None and un_as_place.wikidata is None and russia_as_group.wikidata is None


def test_link_cities_outside_the_article_countries_stay_unlinked(gazetteer: Gazetteer) -> None:
    doc = _doc("Colombian President Santos signed the deal with the FARC in Havana, Cuba.")
    santos = _entity(doc, "s", "Santos", "City")  # a person the extractor took for a place
    havana = _entity(doc, "h", "Havana", "City")
    link_document(doc, gazetteer)
    assert santos.wikidata is None  # Santos, Brazil: not a country this article is about
    assert havana.wikidata == "Q1563"


def test_link_spelling_variant_needs_the_country_in_context(gazetteer: Gazetteer) -> None:
    # "al-Qaida" folds like "Kedah" (a Malaysian state): a variant match far from the article's
    # countries is not trusted, whatever kind the extractor guessed.
    doc = _doc("Some 900 al-Qaida-linked militants are fighting with Syrian rebels.")
    qaida = _entity(doc, "q", "al-Qaida", "Region")
    link_document(doc, gazetteer)
    assert qaida.wikidata is None
    doc = _doc("Fighting reached Mekelle overnight.")  # no country named: the variant is not enough
    mekelle = _entity(doc, "m", "Mekelle", "City")
    link_document(doc, gazetteer)
    assert mekelle.wikidata is None


def test_link_keeps_existing_qids_and_works_without_gazetteer(gazetteer: Gazetteer) -> None:
    doc = _doc("Fighting in Aleppo, Syria.")
    aleppo = _entity(doc, "a", "Aleppo", "City")
    aleppo.wikidata = "Q1"
    link_document(doc, gazetteer)
    assert aleppo.wikidata == "Q1"
    doc = _doc("Fighting in Aleppo, Syria.")
    aleppo = _entity(doc, "a", "Aleppo", "City")
    link_document(doc, None)
    assert aleppo.wikidata is None and aleppo.within is None


@pytest.mark.parametrize(
    ("label", "name", "kind"),
    [("Aleppo province", "Aleppo", "region"), ("the city of Aleppo", "Aleppo", "city"),
     ("Idlib city", "Idlib", "city"), ("Aleppo", "Aleppo", None), ("Tigray region", "Tigray", "region")],
)
def test_link_split_label(label: str, name: str, kind: str | None) -> None:
    assert split_label(label) == (name, kind)


def test_link_organisations_from_the_extra_list(gazetteer: Gazetteer) -> None:
    doc = _doc("The ICRC and Amnesty International condemned the strike.")
    icrc = _entity(doc, "icrc", "ICRC", "NonGovernmentalOrganization")
    amnesty = _entity(doc, "ai", "Amnesty International", "InternationalOrganization")
    link_document(doc, gazetteer)
    assert (icrc.wikidata, amnesty.wikidata) == ("Q5987345", "Q42970")


@pytest.mark.model
def test_link_in_the_full_build_of_the_example() -> None:
    """Through `kg build`'s own pipeline: the extractor's entities get their QIDs."""
    import kg.extract

    if not hasattr(kg.extract, "load_nlp"):
        pytest.skip("the extractor (kg.extract.load_nlp) is not there yet")
    from rdflib.namespace import RDFS, SKOS

    from kg.filebuild import build_dataset

    result = build_dataset([str(example_file())])
    assert result.built == 1
    dataset = result.dataset
    dataset.default_union = True
    qids = {str(dataset.value(node, RDFS.label)): str(match).rsplit("/", 1)[-1]
            for node, _, match, _ in dataset.quads((None, SKOS.exactMatch, None, None))}
    assert qids.get("Aleppo") == "Q41183"
    assert qids.get("United Nations") == "Q1065"
    assert "Q159" in qids.values()  # Russia, whatever label the extractor gives the actor


def test_link_state_named_by_name_gets_its_country_place(gazetteer: Gazetteer) -> None:
    doc = _doc("Sudan's army and the RSF fought in Khartoum. Sudanese troops also shelled Omdurman.")
    sudan = _entity(doc, "sudan", "Sudan", "State", r"Sudan(?:ese)?")
    khartoum = _entity(doc, "k", "Khartoum", "City")
    link_document(doc, gazetteer)
    places = [e for e in doc.entities if e.kind == "Country"]
    assert [(p.label, p.wikidata) for p in places] == [("Sudan", "Q1049")]
    assert [m.text for m in places[0].mentions] == ["Sudan"]  # the name, not the demonym
    assert sudan.wikidata == "Q1049" and khartoum.within == places[0].key


def test_link_no_country_place_for_a_demonym_or_an_existing_place(gazetteer: Gazetteer) -> None:
    doc = _doc("Syrian forces shelled Aleppo.")
    _entity(doc, "sy", "Syria", "State", "Syrian")
    aleppo = _entity(doc, "a", "Aleppo", "City")
    link_document(doc, gazetteer)
    assert not [e for e in doc.entities if e.kind == "Country"] and aleppo.within is None
    doc = _doc("Syria said its forces shelled Aleppo in Syria.")
    _entity(doc, "sy", "Syria", "State", r"^Syria")
    place = _entity(doc, "syp", "Syria", "Country", r"Syria\.$")
    link_document(doc, gazetteer, country_places=True)
    assert [e.key for e in doc.entities if e.kind == "Country"] == [place.key]


def test_link_seas_and_rivers_are_not_regions(gazetteer: Gazetteer) -> None:
    doc = _doc("Egyptian and Yemeni officials met; ships in the Red Sea were attacked near Hodeidah, Yemen.")
    sea = _entity(doc, "rs", "Red Sea", "Region")
    link_document(doc, gazetteer)
    assert sea.wikidata is None


def test_link_country_place_only_for_the_main_or_an_enclosing_country(gazetteer: Gazetteer) -> None:
    doc = _doc("Sudan's army fought the RSF in Khartoum, Sudan. Sudanese officials said France had called for calm.")
    _entity(doc, "sd", "Sudan", "State", r"Sudan(?!ese)")
    _entity(doc, "fr", "France", "State")
    link_document(doc, gazetteer)
    assert [e.label for e in doc.entities if e.kind == "Country"] == ["Sudan"]


def test_link_congo_by_context(gazetteer: Gazetteer) -> None:
    doc = _doc("M23 rebels entered Goma, Congolese officials said, as fighting spread across eastern Congo.")
    congo = _entity(doc, "cd", "Congo", "Country")
    link_document(doc, gazetteer)
    assert congo.wikidata == "Q974"  # the Democratic Republic, not Congo-Brazzaville (Q971)


def test_link_context_from_two_word_demonyms(gazetteer: Gazetteer) -> None:
    doc = _doc("South Sudanese troops and Syrian American doctors met Mexican officials.")
    weights = context_countries(doc, gazetteer)
    assert weights["SS"] == 1 and weights["SD"] == 0  # not "Sudanese"
    assert weights["SY"] == weights["US"] == weights["MX"] == 1
