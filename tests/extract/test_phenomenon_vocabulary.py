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
