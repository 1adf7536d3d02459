"""Phenomenon 2, events told as nouns and events with no stated agent."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_nominal_attack_without_agent_keeps_target_and_place(read):
    v = read("An air strike on a school in Kharkiv killed 12 pupils on Monday.")
    assert v.roles("Attack", "agent", "target", "place") == [(None, "school", "Kharkiv")]


def test_nominal_attack_on_a_named_place_with_nobody_named(read):
    v = read("Hundreds were killed during the offensive on the town of Grozny.")
    assert v.roles("Attack", "agent", "target", "place") == [(None, "Grozny", "Grozny")]


def test_weapon_as_subject_is_no_agent(read):
    v = read("A rocket hit a school in Kharkiv, killing three pupils.")
    assert v.roles("Attack", "agent", "target", "place") == [(None, "school", "Kharkiv")]


def test_explosion_in_a_named_place_is_an_attack_without_agent(read):
    v = read("An explosion at a market in Mogadishu killed 14 people.")
    assert v.roles("Attack", "agent", "place") == [(None, "Mogadishu")]


def test_agent_told_but_unknown_gives_no_row(read):
    # "a bomber" is an agent the article tells, not one we know: no row with a missing actor
    v = read("A bomber struck a convoy near Kirkuk.")
    assert v.events("Attack") == []


def test_nothing_named_gives_no_row(read):
    v = read("The plant was pounded overnight.")
    assert v.events("Attack") == []


def test_agentless_attack_needs_a_place_told_with_it(read):
    # the only named place is in an apposition further off: no row without actor
    v = read("Two rockets struck the bus depot, a site in northern Mali, on Friday.")
    assert v.events("Attack") == []


def test_weapon_after_of_is_no_target(read):
    v = read("A volley of missiles at an air base in Djibouti was intercepted.")
    assert [v.label(e.target) for e in v.events("Attack")] in ([], ["air base"])


def test_the_fall_of_places_to_a_side_is_their_capture(read):
    v = read("Since the fall of Wau to the rebels in January, and of Bor in February, prices have risen.")
    assert sorted(v.roles("Capture", "agent", "place")) == [("rebels", "Bor"), ("rebels", "Wau")]


def test_a_fall_in_prices_is_no_capture(read):
    v = read("The fall in prices worried traders in Juba.")
    assert v.events("Capture", status=None) == []


def test_the_fights_between_two_sides_are_a_clash(read):
    v = read("The fights between the rebels and the army lasted six hours.")
    assert v.roles("Clash", "agent", "opponent") == [("rebels", "army")]


def test_the_side_a_place_fell_to_after_an_apposition(read):
    v = read("Since the fall of Wau, the capital of the state, to the rebels in January, prices have risen.")
    assert v.roles("Capture", "agent", "place") == [("rebels", "Wau")]


def test_clashes_with_no_side_named_are_a_clash_where_they_happened(read):
    v = read("On Tuesday, fierce clashes erupted in Mostar, south of the capital.")
    assert v.roles("Clash", "agent", "opponent", "place") == [(None, None, "Mostar")]


def test_fighting_with_no_side_and_no_place_gives_no_clash(read):
    v = read("Residents reported fresh fighting.")
    assert v.events("Clash", status=None) == []


def test_fighting_along_a_border_named_after_two_states_is_between_them(read):
    v = read("Heavy fighting broke out at dawn along parts of the Peru-Ecuador border.")
    assert v.roles("Clash", "agent", "opponent") == [("Peru", "Ecuador")]


def test_clashes_on_a_border_named_by_two_demonyms(read):
    v = read("Clashes erupted on the Peruvian-Ecuadorian frontier on Monday.")
    assert v.roles("Clash", "agent", "opponent") == [("Peru", "Ecuador")]


def test_a_border_of_two_states_with_no_fighting_gives_no_clash(read):
    v = read("Trade along the Peru-Ecuador border grew last year.")
    assert v.events("Clash", status=None) == []
