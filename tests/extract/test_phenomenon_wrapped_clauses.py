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


def test_violating_the_deal_is_violating_the_truce_told_before(read):
    v = read("Chad and Niger agreed to a truce on Monday. Later Mali said the two countries had violated the deal.")
    violated = [e for e in v.events("CeasefireEvent") if e.action == "violated"]
    assert sorted(v.label(e.agent) for e in violated) == ["Chad", "Niger"]
    assert {v.label(e.topic) for e in violated} == {"truce"}


def test_accepting_the_proposal_with_no_proposal_told_accepts_the_truce_told(read):
    v = read("Ghana announced a truce on Monday. On Tuesday the Malian army accepted the president's proposal.")
    assert v.roles("Acceptance", "agent", "topic") == [("Malian army", "truce")]


def test_accepting_a_new_proposal_is_not_accepting_the_truce(read):
    v = read("Ghana announced a truce on Monday. On Tuesday the Malian army accepted a proposal to build a road.")
    assert v.roles("Acceptance", "topic") == [("proposal to build a road",)]  # told by its own words


def test_an_end_to_hostilities_is_a_truce_proposed(read):
    v = read("The UN envoy spoke to President Erdogan and demanded an immediate end to hostilities.")
    assert v.roles("Proposal", "agent", "addressee", "topic") == [("UN", "Erdogan", "immediate end to hostilities")]


def test_a_halt_to_the_fighting_is_a_truce(read):
    v = read("Ghana called for a halt to the fighting in Cabo Delgado.")
    assert [e.action for e in v.events("Proposal")] == ["proposed"]


def test_the_end_of_the_month_is_no_truce(read):
    v = read("The talks will go on until the end of the month.")
    assert not any(e.kind == "Ceasefire" for e in v.doc.entities)


def test_an_offer_in_return_for_a_halt_to_fighting_is_about_what_is_offered(read):
    v = read("Negotiators had offered the rebels a share of power in return for an end to all fighting.")
    assert [e.label for e in v.events("Proposal")] == ["share of power"]


def test_parties_agreeing_to_renew_their_truce_extended_it_on_the_day_of_the_agreement(read):
    v = read(
        "The Chadian government and the Toubou rebels agreed on Wednesday to prolong their truce by two months."
    )
    extended = [e for e in v.events("CeasefireEvent") if e.action == "extended"]
    assert sorted((v.label(e.agent), v.label(e.topic), e.date.isoformat()) for e in extended) == [
        ("Chadian government", "truce", "2024-03-13"),
        ("Toubou rebels", "truce", "2024-03-13"),
    ]


def test_their_truce_is_a_truce_not_its_parties(read):
    v = read("The rebels agreed to extend their truce until October.")
    assert [v.label(e.topic) for e in v.events("CeasefireEvent")] == ["truce"]


def test_agreeing_to_renew_something_else_is_no_truce_event(read):
    v = read("The rebels agreed on Friday to restate their demands for land reform.")
    assert v.events("CeasefireEvent", status=None) == []


def _answered(v, kind: str) -> list[tuple]:
    """(answering side, proposal text, proposer) for each answer to a proposal."""
    by_key = {e.key: e for e in v.doc.events}
    out = []
    for ev in v.events(kind):
        offer = by_key.get(ev.topic)
        if offer is not None and offer.kind == "Proposal":
            out.append((v.label(ev.agent), offer.label, v.label(offer.agent)))
    return sorted(out)


def test_accepting_a_proposal_from_an_envoy_to_renew_a_truce(read):
    v = read(
        "Late on Wednesday the Chadian government and the rebels agreed to prolong their truce, "
        "after accepting a proposal from the mediator Amadou Diallo."
    )
    assert _answered(v, "Acceptance") == [
        ("Chadian government", "prolong their truce", "Amadou Diallo"),
        ("rebels", "prolong their truce", "Amadou Diallo"),
    ]
    accepted = [e for e in v.events("CeasefireEvent") if e.action == "accepted"]
    assert sorted(v.label(e.agent) for e in accepted) == ["Chadian government", "rebels"]


def test_an_offer_from_a_state_is_its_proposal(read):
    v = read("The army accepted an offer from Ghana on Monday.")
    assert v.roles("Proposal", "agent", "addressee") == [("Ghana", "army")]


def test_rejecting_a_proposal_to_extend_a_truce_rejects_the_truce(read):
    v = read("The Toubou rebels rejected a Malawian proposal to prolong the truce.")
    rejected = [e for e in v.events("CeasefireEvent") if e.action == "rejected"]
    assert [(v.label(e.agent), v.label(e.topic)) for e in rejected] == [("Toubou rebels", "truce")]


def test_rejecting_a_proposal_about_something_else_rejects_no_truce(read):
    v = read("The Toubou rebels rejected a Malawian proposal to build a road.")
    assert v.events("CeasefireEvent", status=None) == []
    assert v.roles("Rejection", "agent") == [("Toubou rebels",)]


def test_rejecting_offers_of_mediation_is_not_rejecting_the_truce_proposed_before(read):
    v = read(
        "Brazil proposed a ceasefire on Monday. Ecuador accepted the proposal, but Peru rejected offers of mediation."
    )
    assert _answered(v, "Acceptance") == [("Ecuador", "ceasefire", "Brazil")]
    (rejection,) = v.events("Rejection")
    assert v.label(rejection.agent) == "Peru" and "mediation" in v.label(rejection.topic)
    assert [e for e in v.events("CeasefireEvent") if e.action == "rejected"] == []


def test_turning_it_down_answers_the_offer_just_told(read):
    v = read(
        "On Sunday Ghana offered to help both sides draw the border. Quito accepted the offer; Lima turned it down."
    )
    assert _answered(v, "Rejection") == [("Lima", "to help both sides draw the border", "Ghana")]
    assert _answered(v, "Acceptance") == [("Quito", "to help both sides draw the border", "Ghana")]


def test_both_delegations_accepting_a_draft_are_the_two_signatories(read):
    v = read(
        "Peru and Ecuador signed the accord on Monday. "
        "It copies a draft put forward by Brazil last spring, which both delegations accepted on 18 June."
    )
    assert _answered(v, "Acceptance") == [("Ecuador", "draft", "Brazil"), ("Peru", "draft", "Brazil")]


def test_a_new_end_date_does_not_date_the_extension(read):
    v = read("The rebels and the army agreed on Tuesday to prolong their truce by two months, until 2 October.")
    assert {e.date.isoformat() for e in v.events("CeasefireEvent") if e.action == "extended"} == {"2024-03-12"}


def test_an_invitation_the_sides_accepted_is_the_invitation_just_told(read):
    v = read(
        "The AU had invited the two sides to talks in Zambia, "
        "an invitation that the government accepted at once and the rebels later."
    )
    assert _answered(v, "Acceptance") == [("government", "talks in Zambia", "AU"), ("rebels", "talks in Zambia", "AU")]


def test_the_title_holders_proposal_is_proposed_by_the_person_named_with_that_title(read):
    v = read(
        "On Monday President Ana Ortiz announced that Bolivia and Paraguay had agreed to a truce. "
        "On Tuesday the Paraguayan government said it had accepted the president's proposal."
    )
    assert v.roles("Proposal", "agent", "addressee", "topic") == [("Ana Ortiz", "Paraguayan government", "truce")]
    proposal = v.events("Proposal")[0]
    assert [e.topic for e in v.events("Acceptance")] == [proposal.key]


def test_a_title_no_one_was_named_with_gives_no_proposer(read):
    v = read(
        "On Monday President Ana Ortiz spoke to the press about the truce. "
        "On Tuesday the Paraguayan army accepted the minister's proposal."
    )
    assert v.events("Proposal") == []


def test_an_act_a_speaker_calls_a_violation_is_its_sides_violation(read):
    v = read("A truce between Peru and Ecuador took effect on Friday. Ecuadorian troops shelled the village of "
             "Zarumilla on Sunday in what Lima called a breach of the ceasefire.")
    violated = [e for e in v.events("CeasefireEvent") if e.action == "violated"]
    assert [v.label(e.agent) for e in violated] == ["Ecuadorian troops"]
    assert [e.date for e in violated] == [v.events("Attack")[0].date]


def test_an_act_a_relative_clause_names_a_violation_gives_the_actor(read):
    v = read("A truce between Peru and Ecuador took effect on Friday. Ecuadorian forces fired on Peruvian positions "
             "overnight, which spokesman Carlos Vega called a blatant violation of the truce.")
    violated = [e for e in v.events("CeasefireEvent") if e.action == "violated"]
    assert [v.label(e.agent) for e in violated] == ["Ecuadorian forces"]


def test_something_called_a_violation_that_is_no_act_names_no_violator(read):
    v = read("A truce between Peru and Ecuador took effect on Friday. Lima called the talks a breach of the ceasefire.")
    assert [v.label(e.agent) for e in v.doc.events if e.action == "violated"] in ([], [None])
