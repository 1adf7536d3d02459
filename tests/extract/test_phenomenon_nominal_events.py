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
