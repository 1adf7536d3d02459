"""Phenomenon 8, claims are not facts: a relation told inside an accusation, an allegation or a
denial is kept as a claim, never as an alliance."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def allies(v) -> set[frozenset[str]]:
    return {frozenset((v.label(a), v.label(b))) for a, b in v.doc.alliances}


def test_an_accused_alliance_is_the_accusers_claim(read):
    v = read("Cameroon accused Tanzania of backing the Ambazonia Defence Forces.")
    assert allies(v) == set()
    assert [(c.text, v.label(c.claimant)) for c in v.doc.claims] == [
        ("backing the Ambazonia Defence Forces", "Cameroon")
    ]


def test_an_alleged_alliance_is_a_claim_of_no_one_named(read):
    v = read("The militia is allegedly backed by Tanzania.")
    assert allies(v) == set()
    assert [v.label(c.claimant) for c in v.doc.claims] == [None]


def test_a_denied_alliance_is_no_alliance(read):
    v = read("Tanzania denied reports that it backs the Ambazonia Defence Forces.")
    assert allies(v) == set()
    assert len(v.events("Denial")) == 1


def test_a_negated_alliance_is_neither_alliance_nor_claim(read):
    v = read("Tanzania does not support the Ambazonia Defence Forces, its foreign minister said.")
    assert allies(v) == set() and v.doc.claims == []


def test_a_backed_subject_of_a_claim_verb_stays_an_alliance(read):
    v = read("The Tanzania-backed Ambazonia Defence Forces claimed the attack on the convoy.")
    assert frozenset(("Ambazonia Defence Forces", "Tanzania")) in allies(v)


def test_an_alliance_told_plainly_stays_an_alliance(read):
    v = read("Tanzania backs the Ambazonia Defence Forces, diplomats said.")
    assert frozenset(("Ambazonia Defence Forces", "Tanzania")) in allies(v)


def test_the_claim_a_speaker_denies_is_the_one_quoted_before_not_the_speakers_own(read):
    v = read(
        "The Malian army said the rebels had shelled Gao. "
        "Their spokesman, Ali Mansour, denied that the rebels had shelled the town."
    )
    assert [v.label(c.claimant) for c in v.doc.claims] == ["Malian army"]


def test_rejecting_accusations_is_denying_them_not_rejecting_a_truce(read):
    v = read("The Tanzanian government rejected Cameroonian allegations that its army breached the truce in Bakassi.")
    assert v.events("Rejection") == [] and len(v.events("Denial")) == 1
    assert [v.label(c.claimant) for c in v.doc.claims] == ["Cameroon"]
    assert all(e.action != "violated" for e in v.events("CeasefireEvent"))
