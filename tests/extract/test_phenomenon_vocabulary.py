"""Phenomenon 1, vocabulary: trigger words derived from CAMEO and common phrasal constructions."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from kg.extract.lexicon import load_lexicon, read_rows
from kg.resources import ontology_file

pytestmark = pytest.mark.model


def test_lexicon_every_event_subtype_is_an_ontology_class():
    ontology = ontology_file("conflict.ttl").read_text(encoding="utf-8")
    classes = set(re.findall(r"^ckg:(\w+)", ontology, flags=re.M))
    subtypes = {t.subtype for trigs in load_lexicon().triggers.values() for t in trigs if t.subtype}
    assert subtypes and subtypes <= classes


def test_lexicon_cameo_rows_keep_the_mit_notice_and_add_to_the_hand_list():
    text = files("kg").joinpath("data", "lexicon", "triggers-cameo.tsv").read_text(encoding="utf-8")
    assert "Copyright (c) 2015 Open Event Data Alliance" in text
    assert files("kg").joinpath("data", "lexicon", "NOTICE-petrarch.md").is_file()
    hand = {row[0] for row in read_rows("triggers")}
    derived = {row[0] for row in read_rows("triggers-cameo")}
    assert {"ambush", "torch", "blow:up", "massacre"} <= derived
    # a word of both lists is read with the hand entry (one trigger per word, child and part of speech)
    for word in hand & derived:
        lemma, _, child = word.partition(":")
        keys = [(t.child, t.pos) for t in load_lexicon().triggers[lemma]]
        assert len(keys) == len(set(keys)), word


def test_vocabulary_derived_verbs_give_attacks(read):
    v = read("Gunmen torched houses in Maiduguri. Rebels ambushed an army convoy near Beni on Friday.")
    assert ("gunmen", "houses", "Maiduguri") in v.roles("Attack", "agent", "target", "place")
    assert ("rebels", "army convoy", "Beni") in v.roles("Attack", "agent", "target", "place")


def test_vocabulary_opened_fire_on_names_the_target_not_the_fire(read):
    v = read("Militants opened fire on a police post in Quetta.")
    assert v.roles("Attack", "agent", "target", "place") == [("militants", "police post", "Quetta")]


def test_vocabulary_came_into_force_starts_the_truce(read):
    v = read("The truce between the two armies came into force at midnight on Sunday.")
    assert [e.action for e in v.events("CeasefireEvent")] == ["began"]


def test_vocabulary_truce_pattern_verbs_need_a_truce(read):
    # "seek" is derived from CAMEO's pattern "seek a ceasefire": with a truce it proposes, without one it is nothing
    assert v_proposals(read("Oxfam is seeking 40 million dollars for the appeal.")) == []
    assert v_proposals(read("Algeria sought a ceasefire between the rebels and the army.")) == ["Algeria"]


def v_proposals(v) -> list:
    return [v.label(e.agent) for e in v.events("Proposal")]


def test_vocabulary_victim_nouns_beyond_civilians_and_soldiers(read):
    v = read("Seven cadets and two conscripts died in the blast in Kharkiv.")
    victims = sorted(v.label(f.victims) for e in v.events("Casualties") for f in e.figures)
    assert victims == ["cadets", "conscripts"]


def test_a_weapon_as_the_object_tells_an_attack_on_what_it_was_aimed_at(read):
    v = read("Rebels launched rockets at the airport in Tuzla on Monday.")
    assert v.roles("Attack", "agent", "target", "place") == [("rebels", "airport", "Tuzla")]


def test_bombs_dropped_on_a_target(read):
    v = read("Government jets dropped bombs on a market near Nyala on Monday.")
    assert [t for (t,) in v.roles("Attack", "target")] == ["market"]


def test_a_weapon_word_that_only_modifies_the_object_is_no_attack(read):
    v = read("The army launched a new drone programme on Monday.")
    assert v.events("Attack", status=None) == []


def test_the_shooting_of_a_target_is_an_attack(read):
    v = read("Donors condemned the shooting of a relief helicopter near Juba on Monday.")
    assert v.roles("Attack", "target", "place") == [("relief helicopter", "Juba")]


def test_driving_a_side_out_of_a_place_takes_it_from_them(read):
    v = read("Ukrainian troops drove Russian forces out of Kharkiv on Monday.")
    assert v.roles("Capture", "agent", "place", "captured_from") == [("Ukrainian troops", "Kharkiv", "Russian forces")]


def test_driving_people_out_of_an_unnamed_place_gives_no_capture_row(read):
    v = read("Police drove the protesters out of the square.")
    assert v.events("Capture") == []


def test_taking_a_place_back_from_a_side(read):
    v = read("Government troops took Mostar back from the rebels on Monday.")
    assert v.roles("Capture", "place", "captured_from") == [("Mostar", "rebels")]


def test_agreeing_to_renew_a_truce_extends_it(read):
    v = read("The army and the rebels agreed to renew the truce on Monday.")
    assert sorted(v.label(e.agent) for e in v.events("CeasefireEvent") if e.action == "extended") == ["army", "rebels"]
