"""Where displaced people come from: a named place before a common area noun,
a figure told for a whole country, an unnamed place people left."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _places(v) -> list[str | None]:
    return [v.label(e.place) for e in v.events("Displacement")]


def test_a_named_city_before_a_metropolitan_area_is_the_place_and_a_city(read):
    v = read("Some 5,000 people fled to safety in the Niamey metropolitan area, aid workers said.")
    assert _places(v) == ["Niamey"]
    assert v.entity("Niamey").kind == "City"


def test_a_named_city_before_its_outskirts_is_the_place_people_fled(read):
    v = read("Nearly 3,000 people fled the Maputo outskirts after the cyclone.")
    assert _places(v) == ["Maputo"]


def test_an_area_with_no_name_before_it_names_no_city(read):
    v = read("Nearly 3,000 people fled the metropolitan area after the cyclone.")
    assert "Maputo" not in _places(v) and all(p is None or "area" in p for p in _places(v))


def test_nationwide_figure_is_placed_in_the_one_country_of_the_article(read):
    v = read("Somalia's drought deepened. Nationwide, over 900,000 people are now displaced, the agency says.")
    assert _places(v) == ["Somalia"]


def test_throughout_the_country_is_the_country_of_the_article(read):
    v = read("Floods hit Malawi again. Some 40,000 people have been displaced throughout the country.")
    assert _places(v) == ["Malawi"]


def test_nationwide_with_no_country_named_has_no_place(read):
    v = read("Nationwide, upwards of 900,000 civilians are currently displaced, the agency says.")
    assert _places(v) == [None]


def test_nationwide_with_two_countries_named_alike_has_no_place(read):
    v = read("Fighting spread across Mozambique and Tanzania. "
             "Nationwide, some 40,000 families fled their villages last month.")
    assert _places(v) == [None]


def test_people_evacuated_from_unnamed_villages_are_placed_in_the_villages(read):
    v = read("Over 600 farmers were evacuated on Monday from hamlets close to the frontier, Mozambican officials say.")
    assert _places(v) == ["hamlets"]


def test_villages_near_a_named_town_give_the_town(read):
    v = read("About 1,500 people were evacuated from villages near Pemba.")
    assert _places(v) == ["Pemba"]


def test_people_who_fled_their_homes_have_no_place(read):
    v = read("Some 400 people fled from their homes.")
    assert _places(v) == [None]
