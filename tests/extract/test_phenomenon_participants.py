"""Phenomenon 5, participants across the discourse: the sides, representatives, arguments shared
by coordinated verbs, and the place and day a toll takes from the event told just before it."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model


def test_the_parties_are_the_two_sides_named_before(read):
    v = read("Government troops and the Front fought in Kelm on Monday. The parties accepted the plan on Friday.")
    assert sorted(v.label(e.agent) for e in v.events("Acceptance")) == ["Front", "government troops"]


def test_political_parties_are_not_the_sides(read):
    v = read("Government troops and the Front fought in Kelm on Monday. Opposition parties rejected the plan.")
    assert all(v.label(e.agent) not in ("Front", "government troops") for e in v.events("Rejection"))


def test_negotiators_for_two_states_act_for_both(read):
    v = read("Negotiators for Sudan and South Sudan signed the accord on Tuesday.")
    assert sorted(v.label(e.agent) for e in v.events("Agreement")) == ["South Sudan", "Sudan"]
