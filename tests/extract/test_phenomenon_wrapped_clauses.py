"""Phenomenon 3, a clause wrapped around the trigger: a call for a truce to begin, an accusation of
violations, a conditional promise."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_called_for_a_truce_to_begin_is_a_proposal_of_that_truce(read):
    v = read("The Organisation of Islamic Cooperation called for a ceasefire to begin on 12 June.")
    assert v.roles("Proposal", "agent", "topic") == [("Organisation of Islamic Cooperation", "ceasefire")]
    # the beginning itself is only planned
    assert v.events("CeasefireEvent") == []


def test_accused_of_violations_names_the_accused_side_of_the_truce_told_before(read):
    v = read(
        "The truce between Peru and Ecuador took effect on Saturday. "
        "On Sunday Peru accused Ecuadorian troops of repeated violations."
    )
    violated = [e for e in v.events("CeasefireEvent") if e.action == "violated"]
    assert [v.label(e.agent) for e in violated] in (["Ecuadorian troops"], ["Ecuador"])


def test_an_accusation_without_a_truce_told_is_no_violation(read):
    v = read("Tanzania accused Somali militias of violations of human rights.")
    assert [e for e in v.doc.events if e.action == "violated"] == []


def test_conditional_acceptance_gives_no_asserted_row(read):
    v = read("The rebels said they would accept the truce only if the army withdrew from Kidal.")
    assert v.events("Acceptance") == []
    assert v.events("Acceptance", status=None) != []
