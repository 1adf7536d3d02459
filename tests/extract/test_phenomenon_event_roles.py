"""Phenomenon 6, roles inside a detected event: heads behind quantifiers, the agent of an event noun
told as the means of a verb, the place where the target lies."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_event_noun_behind_a_quantifier_takes_the_verb_subject_and_its_target(read):
    v = read("The Malian army responded with dozens of raids on rebel positions near Kidal.")
    assert v.roles("Attack", "agent", "target", "place") == [("Malian army", "rebel positions", "Kidal")]


def test_event_noun_as_means_of_the_verb(read):
    v = read("Russia began the campaign with dozens of raids on military sites across Georgia.")
    assert v.roles("Attack", "agent", "target", "place") == [("Russia", "military sites", "Georgia")]


def test_the_last_of_several_salvoes(read):
    v = read("The Polisario Front retaliated overnight with the last of several rocket salvoes on northern towns.")
    assert ("Polisario Front", "northern towns") in v.roles("Attack", "agent", "target")


def test_means_of_a_passive_verb_names_no_agent(read):
    v = read("The town was shaken by a series of explosions near Kharkiv.")
    assert [v.label(e.agent) for e in v.events("Attack")] in ([], [None])


def test_gerund_subject_is_an_event_noun_with_its_agent_and_target(read):
    v = read("Serbian shelling of Gorazde, a town in the east, killed at least nine civilians.")
    assert ("Serbia", "Gorazde", "Gorazde") in v.roles("Attack", "agent", "target", "place")


def test_when_clause_takes_the_day_of_its_head(read):
    v = read("The fighting peaked on Tuesday, when NATO jets hit an airfield near Pristina.")
    (ev,) = v.events("Attack")
    assert ev.date is not None and ev.date.isoformat() == "2024-03-12"
