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


def test_coordinated_verb_shares_the_passive_truce(read):
    v = read("A truce was agreed with the help of mediators and took effect at noon on Monday.")
    assert [(v.label(e.topic), e.action) for e in v.events("CeasefireEvent")] == [("truce", "began")]


def test_second_relative_clause_shares_the_truce_it_hangs_on(read):
    v = read("Iceland said it had brokered a ceasefire that the parties agreed to and that then took effect on Monday.")
    assert "began" in [e.action for e in v.events("CeasefireEvent")]


def test_coordinated_verb_without_a_truce_tells_no_truce_event(read):
    v = read("A road was built with the help of donors and took two years to finish.")
    assert v.events("CeasefireEvent", status=None) == []


def test_an_offer_that_the_sides_accepted_is_accepted_by_them(read):
    v = read("A Swiss charity offered to serve as a go-between, an offer that the army and the rebels accepted.")
    assert sorted(v.label(e.agent) for e in v.events("Acceptance")) == ["army", "rebels"]
    assert all(e.label == "to serve as a go-between" for e in v.events("Acceptance"))


def test_a_draft_put_forward_by_a_mediator_is_its_proposal(read):
    v = read("The accord follows a draft put forward by Iceland in May, which the army accepted.")
    assert v.roles("Proposal", "agent") == [("Iceland",)]
    assert [e.label for e in v.events("Acceptance")] == ["draft"]


def test_a_truce_the_sides_committed_to_was_agreed_by_them(read):
    v = read("A truce that the army and the rebels committed to in Arusha on 2 March has not held.")
    assert sorted(v.label(e.agent) for e in v.events("CeasefireEvent") if e.action == "agreed") == ["army", "rebels"]


def test_a_proposal_noun_told_with_a_participle_is_one_proposal(read):
    v = read("The rebels said they had accepted a truce proposal put forward by Kenyan mediators.")
    (proposal,) = v.events("Proposal")
    assert proposal.trigger.text == "proposal"
    assert [e.topic for e in v.events("Acceptance")] == [proposal.key]


def test_an_answer_in_a_relative_clause_with_no_one_answering_gives_no_row(read):
    v = read("The accord rests on a text proposed by Iceland in May, which was accepted.")
    assert v.events("Acceptance", status=None) == []
