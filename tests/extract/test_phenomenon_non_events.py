"""Phenomenon 11, non-events: sport and games told with war words give no events."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

FIGHTING = ("Attack", "Clash", "Capture", "Siege", "Casualties", "CeasefireEvent")


def fighting(v) -> list:
    return [e for e in v.doc.events if e.kind in FIGHTING]


def test_game_report_with_war_words_gives_no_events(read):
    v = read(
        "Brazil's footballers stormed the stadium in Madrid on Sunday and captured the league title. "
        "Their striker bombarded the goal until the defence collapsed, and the fans besieged the team bus. "
        "The coach said the match was won in midfield, where his players laid siege to the Spanish box."
    )
    assert fighting(v) == []


def test_chess_sentence_inside_a_war_report_gives_no_event_but_the_war_does(read):
    v = read(
        "Malian troops shelled rebel positions near Kidal on Monday. "
        "In the chess tournament, the grandmaster captured a knight and attacked the king."
    )
    assert v.roles("Attack", "agent", "place") == [("Malian troops", "Kidal")]
    assert v.events("Capture") == []


def test_a_single_game_word_does_not_silence_a_war_sentence(read):
    v = read("King Abdullah said Serbian aircraft shelled a bakery in Sarajevo on Friday.")
    assert ("Serbian aircraft", "Sarajevo") in v.roles("Attack", "agent", "place")


def test_generic_truces_give_no_rows(read):
    v = read("Earlier truces were announced and ignored.")
    assert v.events("CeasefireEvent") == []


def test_habitual_attacks_give_no_rows(read):
    v = read("Islamist militants often attack army convoys on the road to Gao.")
    assert v.events("Attack") == []
    assert v.events("Attack", status="hypothetical") != []


def test_one_named_truce_is_not_generic(read):
    v = read("The truce collapsed on Monday.")
    assert [e.action for e in v.events("CeasefireEvent")] == ["ended"]


def test_a_place_taken_without_a_fight_tells_no_clash(read):
    v = read("Earlier on Sunday the rebels captured Mostar without a fight.")
    assert v.events("Clash", status=None) == []


def test_fighting_in_unnamed_suburbs_gives_no_clash_row(read):
    v = read("Families fled the fighting in the eastern suburbs of the capital.")
    assert v.events("Clash", status=None) == []


def test_attacks_with_no_target_place_or_day_give_no_row(read):
    v = read("The truce broke down in early May after the Karen rebels renewed their raids.")
    assert v.events("Attack") == []


def test_an_attack_with_only_a_side_and_a_day_stays(read):
    v = read("The Kachin rebels launched an attack on Monday.")
    assert v.roles("Attack", "agent") == [("Kachin rebels",)]


def test_shooting_at_everything_with_nothing_named_gives_no_row(read):
    v = read("Rebels rode in on pickups, firing at anything that moved.")
    assert v.events("Attack") == []
