"""Entities: canonical names, coreference, affiliations, alliances (the model is loaded once)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_acronym_in_parentheses_is_the_same_entity(read):
    v = read(
        "The Movement for Democratic Change (MDC) said it would boycott the vote. "
        "MDC spokesman Nelson Chamisa said the party was ready."
    )
    mdc = v.entity("Movement for Democratic Change")
    assert mdc is not None and v.entity("MDC") is None
    assert v.label(v.entity("Nelson Chamisa").affiliation) == "Movement for Democratic Change"


def test_short_name_and_definite_description_join_the_full_name(read):
    v = read(
        "The Somali Human Rights Observatory said 12 people died. The observatory added that "
        "the head of the monitoring group Ahmed Warsame had left. Warsame said he was safe."
    )
    labels = [e.label for e in v.doc.entities if e.kind != "Population"]
    assert "Somali Human Rights Observatory" in labels
    assert "observatory" not in labels and "Warsame" not in labels
    speakers = {v.label(e.agent) for e in v.events("Statement")}
    assert speakers == {"Somali Human Rights Observatory", "Ahmed Warsame"}


def test_demonym_title_gives_the_country_as_affiliation(read):
    v = read("Somali President Hassan Sheikh Mohamud said on Friday that the talks had failed.")
    person = v.entity("Hassan Sheikh Mohamud")
    assert person.kind == "Person" and v.label(person.affiliation) == "Somalia"


def test_possessive_country_becomes_a_demonym_label(read):
    v = read("Nigeria's defence ministry said troops had killed 20 militants.")
    assert v.entity("Nigerian defence ministry") is not None


def test_allies_named_by_a_demonym(read):
    v = read("The Nigerian army and its Chadian allies launched an offensive against Boko Haram.")
    pairs = {(v.label(a), v.label(b)) for a, b in v.doc.alliances}
    assert ("Nigerian army", "Chad") in pairs
    assert v.entity("Chad").kind == "State" and v.entity("Chad").country == "TD"


def test_backed_by_is_an_alliance(read):
    v = read("The Tanzania-backed Renamo movement seized the town of Gorongosa.")
    assert {(v.label(a), v.label(b)) for a, b in v.doc.alliances} == {("Renamo", "Tanzania")}


def test_a_country_both_acting_and_named_as_territory_gives_two_entities(read):
    v = read("Serbia said fighting continued in Serbia near the border.")
    kinds = sorted(e.kind for e in v.doc.entities if e.label == "Serbia")
    assert kinds == ["Country", "State"]


def test_district_of_a_named_city_lies_within_it(read):
    v = read("Government forces shelled the Hodan district of southern Mogadishu on Tuesday.")
    hodan = v.entity("Hodan") or v.entity("Hodan district")
    assert hodan is not None and v.label(hodan.within) in ("Mogadishu", "southern Mogadishu")


def test_bare_generic_nouns_are_no_actors_unless_they_act(read):
    v = read("Officials in Mali said the talks would resume.")
    assert v.entity("officials") is None or any(e.agent == v.entity("officials").key for e in v.doc.events)


def test_a_name_runs_up_to_the_acronym_that_spells_it(read):
    v = read("Troops fought the Liberation Tigers of Tamil Eelam (LTTE) in Jaffna. The LTTE said it would resist.")
    tigers = v.entity("Liberation Tigers of Tamil Eelam")
    assert tigers is not None and v.entity("LTTE") is None
    assert any(e.agent == tigers.key for e in v.events("Statement"))


def test_unknown_town_lies_in_the_country_the_article_is_about(read):
    v = read("Somali troops seized the town of Bulo Burte from al-Shabaab. Somalia said the town was secure.")
    town = v.entity("Bulo Burte")
    assert town is not None and v.label(town.within) == "Somalia"
