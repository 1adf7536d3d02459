"""Behaviour across clauses and sentences: who "it" is, what "both sides" are, sides of a war."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model


def test_agreeing_to_extend_a_truce_is_the_extension_by_both_parties(read):
    v = read("The army and the Tamil Tigers agreed on Friday to extend by ten days a fragile ceasefire, Japan said.")
    rows = sorted((v.label(e.agent), e.action, e.date) for e in v.events("CeasefireEvent"))
    assert rows == [("Tamil Tigers", "extended", date(2024, 3, 15)), ("army", "extended", date(2024, 3, 15))]
    assert v.events("Agreement") == []
    assert all(v.label(e.source) == "Japan" for e in v.events("CeasefireEvent"))


def test_both_sides_are_the_two_parties_named_before(read):
    v = read("The army and the rebels signed a truce on Monday. The truce was violated by both sides on Friday.")
    violators = sorted(v.label(e.agent) for e in v.events("CeasefireEvent") if e.action == "violated")
    assert violators == ["army", "rebels"]


def test_forces_loyal_to_someone_act_for_him(read):
    v = read("Fighters loyal to warlord Mohamed Farah Aidid shelled the port of Kismayo on Tuesday.")
    (ev,) = v.events("Attack")
    assert v.label(ev.agent) == "Mohamed Farah Aidid"
    assert v.label(ev.place) == "Kismayo"


def test_it_in_a_report_is_the_reporter(read):
    v = read("Al-Shabaab said late on Monday that it had seized the town of Baidoa.")
    (ev,) = v.events("Capture")
    assert v.label(ev.agent) == "Al-Shabaab" and ev.date == date(2024, 3, 11)


def test_unnamed_spokesman_speaks_for_the_group(read):
    v = read("Al-Shabaab seized the town of Baidoa. The group's spokesman said the town was calm.")
    assert {v.label(e.agent) for e in v.events("Statement")} == {"Al-Shabaab"}


def test_capital_acting_is_a_government_and_stays_a_city(read):
    v = read("Greece offered to mediate, but the offer was rejected by Belgrade.")
    (rej,) = v.events("Rejection")
    agent = v.by_key[rej.agent]
    assert agent.label == "Belgrade" and agent.kind == "Government"
    assert any(e.label == "Belgrade" and e.kind in ("City", "Region") for e in v.doc.entities)


def test_appositive_ally(read):
    v = read("Chad, Nigeria's closest ally, welcomed the agreement.")
    assert {(v.label(a), v.label(b)) for a, b in v.doc.alliances} == {("Nigeria", "Chad")}


def test_taking_a_place_from_a_side_is_fighting_it_there(read):
    v = read("Kenyan troops captured the town of Kismayo from al-Shabaab militants after heavy fighting.")
    assert v.roles("Clash", "agent", "opponent", "place") == [("Kenyan troops", "al-Shabaab militants", "Kismayo")]


def test_joint_offensive_makes_allies_and_purpose_gives_target(read):
    v = read("Malian troops and French forces launched an offensive on Monday to drive Ansar Dine out of Timbuktu.")
    assert ("Malian troops", "Ansar Dine") in v.roles("Attack", "agent", "target")
    assert {(v.label(a), v.label(b)) for a, b in v.doc.alliances} == {("Malian troops", "French forces")}


def test_leader_title_without_country_takes_the_main_government(read):
    v = read(
        "The Somali government accepted the offer on Monday. Prime Minister Hassan Ali Khaire said talks would follow."
    )
    person = v.entity("Hassan Ali Khaire")
    assert v.label(person.affiliation) in ("Somalia", "Somali government")


def test_a_group_described_before_it_is_named(read):
    v = read("An armed group in northern Mali said on Monday it had seized the town of Kidal. "
             "The Coordination of Azawad Movements (CMA) said its fighters met little resistance.")
    agents = {v.label(e.agent) for e in v.events("Capture")}
    assert agents == {"Coordination of Azawad Movements"}


def test_appeals_from_a_country_make_it_a_party_not_a_place(read):
    v = read("Serbia brushed aside appeals from Greece to keep the deal alive.")
    assert [e.kind for e in v.doc.entities if e.label == "Greece"] == ["State"]
