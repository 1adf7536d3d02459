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
    v = read("Negotiators for Serbia and Kosovo signed the accord on Tuesday.")
    assert sorted(v.label(e.agent) for e in v.events("Agreement")) == ["Kosovo", "Serbia"]


def test_coordinated_tolls_share_place_day_and_victims(read):
    v = read("Gunmen killed 40 people and wounded more than 300 in Dorvik on Friday.")
    rows = sorted(
        (f.outcome, f.count, v.label(f.victims), v.label(e.place), e.date)
        for e in v.events("Casualties")
        for f in e.figures
    )
    friday = date(2024, 3, 15)
    assert rows == [("killed", 40, "people", "Dorvik", friday), ("wounded", 300, "people", "Dorvik", friday)]


def test_a_toll_after_a_dated_attack_happened_there_and_then(read):
    v = read("Jets bombed a market in Talas on Sunday. At least 12 people were killed, medics said.")
    (toll,) = v.events("Casualties")
    assert v.label(toll.place) == "Talas" and toll.date == date(2024, 3, 10)


def test_a_toll_with_its_own_place_keeps_it(read):
    v = read("Jets bombed a market in Talas on Sunday. In Brod, three soldiers died.")
    (toll,) = v.events("Casualties")
    assert v.label(toll.place) == "Brod" and toll.date is None


def test_a_toll_two_sentences_on_takes_nothing(read):
    v = read("Jets bombed a market in Talas on Sunday. The talks resumed. At least 12 people were killed.")
    (toll,) = v.events("Casualties")
    assert toll.place is None and toll.date is None


def test_its_before_the_verbs_object_is_the_clauses_subject(read):
    v = read("According to monitors, families fled Kidal after the Malian forces launched its offensive on rebels.")
    assert [v.label(e.agent) for e in v.events("Attack")] == ["Malian forces"]
