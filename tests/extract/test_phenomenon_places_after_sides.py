"""Names read from where they stand: unfamiliar places after "around"/"near"/"out of" (also when the
parser hung "out" on an "as ..." aside), modifiers kept in a side's name, weapon models that are no actor."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_fighting_between_sides_around_an_unknown_town(read):
    v = read("Fierce fighting between the army and the rebels around Morbalo continued on Monday.")
    assert v.roles("Clash", "agent", "opponent", "place") == [("army", "rebels", "Morbalo")]


def test_a_body_joined_after_in_stays_a_group(read):
    v = read("Fighters in the Zumbala Movement attacked a convoy on Monday.")
    ent = v.entity("Zumbala Movement")
    assert ent is not None and ent.kind == "NonStateArmedGroup"


def test_driven_out_of_an_unknown_town(read):
    v = read("The army said on Thursday that its forces had driven the rebels out of Morbalo after heavy clashes.")
    assert v.roles("Capture", "agent", "place", "captured_from") == [("forces", "Morbalo", "rebels")]


def test_driven_out_across_an_aside_naming_the_side(read):
    v = read(
        "The army said that its forces had driven the Tana Defence Forces (TDF), as the group's fighters "
        "call themselves, out of Morbalo after heavy clashes."
    )
    assert v.roles("Capture", "agent", "place", "captured_from") == [("forces", "Morbalo", "Tana Defence Forces")]


def test_running_out_of_supplies_after_an_aside_is_no_capture(read):
    v = read("The rebels, as the villagers call them, ran out of food in Morbalo last week.")
    assert v.events("Capture", status=None) == []


def test_special_forces_keep_their_modifiers(read):
    v = read("Government troops, backed by Kachin regional special forces, entered Morbalo on Wednesday.")
    assert v.entity("Kachin regional special forces") is not None
    assert v.entity("Kachin regional forces") is None


def test_a_weapon_model_is_no_speaker(read):
    v = read("Armenia rejected the account. It said the missiles were Grad-M rockets, a type only its enemy uses.")
    assert v.entity("Grad-M") is None
    assert all(v.label(e.agent) != "Grad-M" for e in v.events("Statement"))


def test_a_group_named_on_its_rockets_still_fires_them(read):
    v = read("PKK rockets hit Diyarbakir on Monday.")
    assert v.roles("Attack", "agent", "target") == [("PKK", "Diyarbakir")]
