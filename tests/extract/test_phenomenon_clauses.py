"""Phenomenon 4, passive, participle and relative clauses around a trigger."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_participle_clause_agreement_of_the_truce(read):
    v = read("The ceasefire, agreed after talks in Arusha, took effect on Monday.")
    assert [e.action for e in v.events("Agreement")] == ["agreed"]
    assert [e.action for e in v.events("CeasefireEvent")] == ["began"]


def test_relative_clause_passive_signers_are_the_agents(read):
    v = read("The truce, which was signed by Angola and Zambia, collapsed on Friday.")
    assert sorted(v.label(e.agent) for e in v.events("Agreement")) == ["Angola", "Zambia"]


def test_participle_clause_attack_is_about_its_head_noun(read):
    v = read("A convoy attacked near Bunia on Sunday was carrying aid.")
    assert v.roles("Attack", "agent", "target", "place") == [(None, "convoy", "Bunia")]


def test_relative_clause_object_is_the_head_noun(read):
    v = read("Grozny, which Russian troops had shelled for weeks, fell on Monday.")
    assert ("Russian troops", "Grozny") in v.roles("Attack", "agent", "target")


def test_participle_capture_keeps_its_agent(read):
    v = read("The town of Kidal, captured by Tuareg rebels in 2012, was retaken on Monday.")
    assert ("Tuareg rebels", "Kidal") in v.roles("Capture", "agent", "place")
