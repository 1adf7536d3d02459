"""Events and their roles, on short sentences about many wars (the model is loaded once)."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model


def test_capture_active_voice_with_day_and_source_side(read):
    v = read("Malian troops seized the town of Kidal from Tuareg rebels on Tuesday.")
    (ev,) = v.events("Capture")
    assert v.label(ev.agent) == "Malian troops"
    assert v.label(ev.place) == "Kidal"
    assert v.label(ev.captured_from) == "Tuareg rebels"
    assert ev.date == date(2024, 3, 12)


def test_capture_passive_voice(read):
    v = read("The town of Kidal was captured by Malian troops on Tuesday.")
    assert v.roles("Capture", "agent", "place") == [("Malian troops", "Kidal")]


def test_listed_places_each_captured_from_the_side_holding_them(read):
    v = read("Government troops recaptured several rebel-held villages including Mandera and Wajir in Somalia.")
    rows = v.roles("Capture", "place", "captured_from")
    assert ("Mandera", "rebels") in rows and ("Wajir", "rebels") in rows


def test_attack_with_target_place_and_weekday(read):
    v = read("Al-Shabaab militants attacked a military base in Somalia on Sunday.")
    (ev,) = v.events("Attack")
    assert (v.label(ev.agent), v.label(ev.target)) == ("Al-Shabaab militants", "military base")
    assert ev.date == date(2024, 3, 10)


def test_nominal_offensive_takes_the_agent_of_the_light_verb(read):
    v = read("The Nigerian army launched an offensive against Boko Haram in Borno State.")
    assert ("Nigerian army", "Boko Haram") in v.roles("Attack", "agent", "target")


def test_clash_between_two_sides_with_place(read):
    v = read("Fierce clashes between Nigerian troops and Boko Haram fighters broke out near Maiduguri.")
    assert v.roles("Clash", "agent", "opponent", "place") == [("Nigerian troops", "Boko Haram fighters", "Maiduguri")]


def test_coordinated_subjects_fighting_is_mutual(read):
    v = read("Chechen rebels and Russian troops fought in Grozny on Monday.")
    assert v.roles("Clash", "agent", "opponent") == [("Chechen rebels", "Russian troops")]


def test_fighting_alongside_is_an_alliance_not_a_clash(read):
    v = read("Chadian forces fought alongside Nigerien troops.")
    assert v.events("Clash") == []
    assert [(v.label(a), v.label(b)) for a, b in v.doc.alliances] == [("Chadian forces", "Nigerien troops")]


def test_siege_with_figure_of_people_trapped(read):
    v = read("Russian forces besieged Grozny, trapping some 40,000 civilians.")
    (ev,) = v.events("Siege")
    assert (v.label(ev.agent), v.label(ev.place)) == ("Russian forces", "Grozny")
    assert [(f.count, f.qualifier, v.label(f.victims)) for f in ev.figures] == [(40000, "around", "civilians")]


def test_casualties_with_part_figure_and_source(read):
    v = read(
        "At least 40 civilians, including 12 children, were killed in Mogadishu on Monday, "
        "according to the Somali health ministry."
    )
    (ev,) = v.events("Casualties")
    figs = [(f.count, f.qualifier, f.outcome, v.label(f.victims), f.part_of) for f in ev.figures]
    assert figs == [(40, "at-least", "killed", "civilians", None), (12, "exact", "killed", "children", 0)]
    assert v.label(ev.place) == "Mogadishu"
    assert v.label(ev.source) == "Somali health ministry"


def test_killed_and_wounded_give_two_figures(read):
    v = read("Nine policemen died and 30 were injured in the ambush.")
    figs = sorted((f.count, f.outcome) for e in v.events("Casualties") for f in e.figures)
    assert figs == [(9, "killed"), (30, "wounded")]


def test_dozens_is_no_number(read):
    v = read("Dozens of civilians were killed in the fighting.")
    assert v.events("Casualties") == []


def test_displacement_with_qualifier_place_and_source(read):
    v = read("Nearly two million people have fled Cabo Delgado since April, the UN refugee agency said.")
    (ev,) = v.events("Displacement")
    assert [(f.count, f.qualifier) for f in ev.figures] == [(2_000_000, "around")]
    assert v.label(ev.place) == "Cabo Delgado"
    assert v.label(ev.source) == "UN refugee agency"


def test_proposal_rejection_and_the_truce_they_concern(read):
    v = read(
        "The Economic Community of West African States proposed a ceasefire between the army and the rebels, "
        "but the rebels rejected the proposal."
    )
    (prop,) = v.events("Proposal")
    (rej,) = v.events("Rejection")
    assert v.label(prop.agent) == "Economic Community of West African States"
    assert prop.action == "proposed" and v.by_key[prop.topic].kind == "Ceasefire"
    assert rej.topic == prop.key and rej.action == "rejected"
    assert v.label(rej.agent) == "rebels"
    assert v.label(prop.addressee) == "rebels"  # who answered a proposal was offered it


def test_mediator_brokering_a_truce_is_its_proposer(read):
    v = read("The ceasefire, brokered by Algeria, was accepted by the government on Sunday.")
    (prop,) = v.events("Proposal")
    (acc,) = v.events("Acceptance")
    assert v.label(prop.agent) == "Algeria"
    assert acc.topic == prop.key and acc.date == date(2024, 3, 10)


def test_ceasefire_life_events(read):
    v = read("The truce took effect on Saturday and collapsed on Monday.")
    assert sorted((e.action, e.date) for e in v.events("CeasefireEvent")) == [
        ("began", date(2024, 3, 9)),
        ("ended", date(2024, 3, 11)),
    ]


def test_ceasefire_extended_and_violated_by_their_agents(read):
    v = read("The government agreed to extend the truce, while the rebels violated the ceasefire twice.")
    assert sorted((e.action, v.label(e.agent)) for e in v.events("CeasefireEvent")) == [
        ("extended", "government"),
        ("violated", "rebels"),
    ]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The Bosnian Serb army did not capture Tuzla.", "negated"),
        ("The rebels plan to seize the town of Bangui next week.", "planned"),
        ("If the talks fail, the army will attack the town of Kismayo.", "planned"),
        ("Could the militants capture the town of Gao?", "hypothetical"),
        ("Did the militants capture the town of Gao?", "questioned"),
    ],
)
def test_events_that_did_not_happen_are_not_asserted(read, text, status):
    v = read(text)
    events = [e for e in v.doc.events if e.kind in ("Capture", "Attack")]
    assert events and all(e.status != "asserted" for e in events)


def test_denial_of_a_reported_attack(read):
    v = read(
        "Reports said the army had bombed a school in Timbuktu, according to Human Rights Watch. "
        "The army denied any bombings."
    )
    (attack,) = v.events("Attack")
    assert v.label(attack.source) == "Human Rights Watch"
    (denial,) = v.events("Denial")
    claim = next(c for c in v.doc.claims if c.key == denial.claim)
    assert "bombing" in claim.text and v.label(claim.claimant) == "Human Rights Watch"
    assert v.label(denial.agent) == "army"


def test_denied_content_is_not_asserted(read):
    v = read("The Renamo movement denied reports that its men had shelled the city of Beira.")
    assert v.events("Attack") == [] and v.events("Attack", status="negated")
    assert v.events("Denial")


def test_accusation_denied_as_a_charge(read):
    v = read("Police blamed the militia for looting shops in Juba; the militia denied the accusation.")
    (denial,) = v.events("Denial")
    claim = next(c for c in v.doc.claims if c.key == denial.claim)
    assert "looting" in claim.text and v.label(claim.claimant) == "police"


def test_people_trapped_in_a_place_are_besieged(read):
    v = read("Some 250,000 civilians are trapped in the town of Mullaitivu, according to the United Nations.")
    (ev,) = v.events("Siege")
    assert v.label(ev.place) == "Mullaitivu" and [(f.count, f.qualifier) for f in ev.figures] == [(250000, "around")]


def test_casualties_take_place_and_day_from_the_attack_that_caused_them(read):
    v = read("Witnesses said at least seven villagers died when aircraft shelled a bazaar in Gao on Friday.")
    (ev,) = v.events("Casualties")
    assert v.label(ev.place) == "Gao" and ev.date == date(2024, 3, 15)


def test_casualties_do_not_borrow_from_an_unrelated_clause(read):
    v = read(
        "At least 50 rebels were killed in the assault, while the rebels said the army had shelled a "
        "hospital in the town of Mullaitivu."
    )
    (ev,) = v.events("Casualties")
    assert ev.place is None
