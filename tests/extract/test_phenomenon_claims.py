"""Phenomenon 8, claims are not facts: a relation told inside an accusation, an allegation or a
denial is kept as a claim, never as an alliance."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def allies(v) -> set[frozenset[str]]:
    return {frozenset((v.label(a), v.label(b))) for a, b in v.doc.alliances}


def test_an_accused_alliance_is_the_accusers_claim(read):
    v = read("Ethiopia accused Eritrea of backing the Oromo Liberation Army.")
    assert allies(v) == set()
    assert [(c.text, v.label(c.claimant)) for c in v.doc.claims] == [
        ("backing the Oromo Liberation Army", "Ethiopia")
    ]


def test_an_alleged_alliance_is_a_claim_of_no_one_named(read):
    v = read("The militia is allegedly backed by Eritrea.")
    assert allies(v) == set()
    assert [v.label(c.claimant) for c in v.doc.claims] == [None]


def test_a_denied_alliance_is_no_alliance(read):
    v = read("Eritrea denied reports that it backs the Oromo Liberation Army.")
    assert allies(v) == set()
    assert len(v.events("Denial")) == 1


def test_a_negated_alliance_is_neither_alliance_nor_claim(read):
    v = read("Eritrea does not support the Oromo Liberation Army, its foreign minister said.")
    assert allies(v) == set() and v.doc.claims == []


def test_a_backed_subject_of_a_claim_verb_stays_an_alliance(read):
    v = read("The Eritrea-backed Oromo Liberation Army claimed the attack on the convoy.")
    assert frozenset(("Oromo Liberation Army", "Eritrea")) in allies(v)


def test_an_alliance_told_plainly_stays_an_alliance(read):
    v = read("Eritrea backs the Oromo Liberation Army, diplomats said.")
    assert frozenset(("Oromo Liberation Army", "Eritrea")) in allies(v)


def test_the_claim_a_speaker_denies_is_the_one_quoted_before_not_the_speakers_own(read):
    v = read(
        "The Malian army said the rebels had shelled Gao. "
        "Their spokesman, Ali Mansour, denied that the rebels had shelled the town."
    )
    assert [v.label(c.claimant) for c in v.doc.claims] == ["Malian army"]


def test_rejecting_accusations_is_denying_them_not_rejecting_a_truce(read):
    v = read("The Eritrean government rejected Ethiopian allegations that its army had breached the truce in Badme.")
    assert v.events("Rejection") == [] and len(v.events("Denial")) == 1
    assert [v.label(c.claimant) for c in v.doc.claims] == ["Ethiopia"]
    assert all(e.action != "violated" for e in v.events("CeasefireEvent"))


def test_a_capital_accused_of_violating_the_truce_is_its_government(read):
    v = read("The army accused Kigali of violating the ceasefire on Monday.")
    assert v.roles("CeasefireEvent", "agent", "topic") == [("Kigali", "ceasefire")]
