"""Phenomenon 5, participants across the discourse: the sides, representatives, arguments shared
by coordinated verbs, and the place and day a toll takes from the event told just before it."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model


def test_the_parties_are_the_two_sides_named_before(read):
    v = read("Government troops and the Front fought in Kelm on Monday. The parties accepted the plan on Friday.")
    assert sorted(v.label(e.agent) for e in v.events("Acceptance")) == ["Front", "government troops"]


def test_political_parties_are_not_the_sides(read):
    v = read("Government troops and the Front fought in Kelm on Monday. Opposition parties rejected the plan.")
    assert all(v.label(e.agent) not in ("Front", "government troops") for e in v.events("Rejection"))


def test_negotiators_for_two_states_act_for_both(read):
    v = read("Negotiators for Serbia and Kosovo signed the accord on Tuesday.")
    assert sorted(v.label(e.agent) for e in v.events("Agreement")) == ["Kosovo", "Serbia"]


def test_coordinated_tolls_share_place_day_and_victims(read):
    v = read("Gunmen killed 40 people and wounded more than 300 in Dorvik on Friday.")
    rows = sorted(
        (f.outcome, f.count, v.label(f.victims), v.label(e.place), e.date)
        for e in v.events("Casualties")
        for f in e.figures
    )
    friday = date(2024, 3, 15)
    assert rows == [("killed", 40, "people", "Dorvik", friday), ("wounded", 300, "people", "Dorvik", friday)]


def test_a_toll_after_a_dated_attack_happened_there_and_then(read):
    v = read("Jets bombed a market in Talas on Sunday. At least 12 people were killed, medics said.")
    (toll,) = v.events("Casualties")
    assert v.label(toll.place) == "Talas" and toll.date == date(2024, 3, 10)


def test_a_toll_with_its_own_place_keeps_it(read):
    v = read("Jets bombed a market in Talas on Sunday. In Brod, three soldiers died.")
    (toll,) = v.events("Casualties")
    assert v.label(toll.place) == "Brod" and toll.date is None


def test_a_toll_two_sentences_on_takes_nothing(read):
    v = read("Jets bombed a market in Talas on Sunday. The talks resumed. At least 12 people were killed.")
    (toll,) = v.events("Casualties")
    assert toll.place is None and toll.date is None


def test_its_before_the_verbs_object_is_the_clauses_subject(read):
    v = read("According to monitors, families fled Kidal after the Malian forces launched its offensive on rebels.")
    assert [v.label(e.agent) for e in v.events("Attack")] == ["Malian forces"]


def test_every_target_of_one_verb_gives_its_own_attack(read):
    v = read("Serbian forces shelled army positions and the town of Doboj, as well as the villages of Kupres, today.")
    targets = {t for (t,) in v.roles("Attack", "target")}
    assert {"army positions", "Doboj", "Kupres"} <= targets


def test_a_place_noun_stands_for_the_places_it_lists(read):
    v = read("Militias attacked the districts of Kalo and Mira on Sunday.")
    assert sorted(t for (t,) in v.roles("Attack", "target")) == ["Kalo", "Mira"]


def test_a_second_preposition_names_a_second_target_where_it_lies(read):
    v = read("The navy opened fire on fishing boats near Kismayo, and on a fuel depot in Merca.")
    assert v.roles("Attack", "target", "place") == [("fishing boats", "Kismayo"), ("fuel depot", "Merca")]


def test_coordinated_demonyms_before_one_noun_are_two_sides(read):
    v = read("Greek and Turkish jets clashed over the Aegean on Monday.")
    assert v.roles("Clash", "agent", "opponent") == [("Greek jets", "Turkey")]


def test_the_two_countries_are_the_sides_fighting_before(read):
    v = read("Greek and Turkish jets clashed over the Aegean on Monday. Later the two countries agreed to a truce.")
    assert sorted(v.label(e.agent) for e in v.events("CeasefireEvent")) == ["Greece", "Turkey"]


def test_countries_without_both_or_two_are_not_the_sides(read):
    v = read("Greek and Turkish jets clashed over the Aegean on Monday. Many countries welcomed a truce on Tuesday.")
    assert all(v.label(e.agent) not in ("Greek jets", "Turkey") for e in v.doc.events if e.kind != "Clash")


def test_fighting_between_coordinated_demonyms_is_between_two_sides(read):
    v = read("Fighting between Greek and Turkish troops broke out on Friday along the frontier.")
    assert v.roles("Clash", "agent", "opponent") == [("Greek troops", "Turkey")]


@pytest.mark.parametrize(
    "text, parties",
    [
        pytest.param(
            "Chad's warring parties agreed to a two-month truce, the envoy said on Friday. "
            "The truce commits the Chadian army and the Toubou rebels to halt all offensive operations.",
            ["Chadian army", "Toubou rebels"],
            id="a_truce_agreed_by_unnamed_parties_takes_the_parties_it_commits",
        ),
        pytest.param(
            "Chad's warring parties agreed to a two-month truce, the envoy said on Friday.",
            [None],
            id="warring_parties_never_named_are_not_the_country",
        ),
        pytest.param(
            "The warring parties agreed to a truce, the envoy said on Friday. "
            "The truce commits the army to pull back from the border.",
            [None],
            id="a_truce_committing_one_side_names_no_parties",
        ),
        pytest.param(
            "Bolivian and Chilean troops exchanged artillery fire over the border on Friday. "
            "The president said that, after a night of talks hosted by Lima, the two countries had now agreed to "
            "a truce.",
            ["Bolivia", "Chile"],
            id="the_two_countries_are_the_states_of_the_sides_that_fought",
        ),
    ],
)
def test_the_parties_a_truce_was_agreed_by(read, text, parties):
    """Who agreed a truce told only as "the warring parties" or "the two countries": the sides named."""
    v = read(text)
    agreed = [e for e in v.events("CeasefireEvent") if e.action == "agreed"]
    assert sorted((v.label(e.agent) for e in agreed), key=str) == parties


def test_the_two_countries_with_no_sides_told_are_nobody_named(read):
    v = read("The president said the two countries had now agreed to a truce.")
    agreed = [e for e in v.events("CeasefireEvent") if e.action == "agreed"]
    assert [v.label(e.agent) for e in agreed] in ([None], ["countries"])


def test_a_capture_told_with_it_takes_the_town_named_before(read):
    v = read(
        "Russian forces seized Izium in April. "
        "The army retook it on 1 December, and the Russians won it back on 12 December."
    )
    rows = sorted(
        (v.label(e.agent), v.label(e.place), e.date.isoformat() if e.date else None) for e in v.events("Capture")
    )
    assert rows == [
        ("Russia", "Izium", "2023-12-12"),
        ("Russian forces", "Izium", None),
        ("army", "Izium", "2023-12-01"),
    ]


def test_a_recap_with_it_and_from_is_a_capture_from_that_side(read):
    v = read("Russian forces seized Izium in April. Ukrainian forces first captured it from the Russians on 5 August.")
    assert ("Ukrainian forces", "Izium", "Russia") in v.roles("Capture", "agent", "place", "captured_from")


def test_winning_it_back_with_no_town_before_is_no_capture(read):
    v = read("The home side lost the lead early. The team won it back in the second half.")
    assert v.events("Capture", status=None) == [] or v.roles("Capture", "place", status=None) == [(None,)]


def test_a_call_in_a_letter_is_made_by_the_writer_to_the_one_written_to(read):
    v = read(
        "In a letter to UN chief Kofi Annan on Sunday, rebel leader Foday Sankoh said the move would let food "
        "reach the north, and he then called for a ceasefire."
    )
    assert v.roles("Proposal", "agent", "addressee", "topic") == [("Foday Sankoh", "Kofi Annan", "ceasefire")]


def test_he_in_a_second_clause_is_the_named_subject_of_the_first(read):
    v = read("General Ojukwu met the envoy on Friday and he called for a truce.")
    assert v.roles("Proposal", "agent") == [("Ojukwu",)] or v.roles("Proposal", "agent") == [("General Ojukwu",)]


def test_a_second_it_is_the_town_the_first_capture_took(read):
    v = read(
        "Rebels first captured Izium on 5 August, at the peak of their drive towards Kupiansk. "
        "The army retook it on 1 December, and the rebels won it back on 12 December."
    )
    assert {v.label(e.place) for e in v.events("Capture")} == {"Izium"}


def test_that_it_had_fallen_retells_the_capture_told_before(read):
    v = read(
        "Serbian forces captured Knin, a hilltop town, on Saturday. "
        "Croatian officials denied for hours that it had fallen."
    )
    assert v.roles("Capture", "agent", "place") == [("Serbian forces", "Knin")]


def test_both_sides_with_no_sides_told_before_are_the_sides_that_fight_below(read):
    v = read("Moscow said it had brokered a truce that both sides agreed to. "
             "Earlier, Kyrgyz and Tajik forces clashed along the border.")
    agreed = [e for e in v.events("CeasefireEvent") if e.action == "agreed"]
    clash = v.events("Clash")[0]
    assert sorted(v.label(e.agent) for e in agreed) == sorted([v.label(clash.agent), v.label(clash.opponent)])


def test_both_sides_with_no_fight_told_anywhere_stay_unnamed(read):
    v = read("Moscow said it had brokered a truce that both sides agreed to. Talks will resume in June.")
    assert [v.label(e.agent) for e in v.events("CeasefireEvent") if e.action == "agreed"] == [None]


def test_a_truce_agreed_told_by_a_sides_own_official_was_agreed_by_that_side(read):
    v = read("Kyrgyz and Tajik forces clashed along the border on Monday. Kamil Osmonov, head of Kyrgyzstan's Border "
             "Service, told state radio that a truce had been agreed with help from mediators.")
    clash = v.events("Clash")[0]
    agreed = [e for e in v.doc.events if e.action == "agreed" and e.status == "asserted"]
    assert [e.agent for e in agreed] == [clash.agent]


def test_a_truce_agreed_told_by_a_third_party_names_no_side(read):
    v = read("Kyrgyz and Tajik forces clashed along the border on Monday. "
             "The UN said a truce had been agreed with help from mediators.")
    agreed = [e for e in v.doc.events if e.action == "agreed" and e.status == "asserted"]
    assert [e.agent for e in agreed] == [None]


def test_weapon_subject_of_a_coordinated_clause_was_fired_by_the_first_clause_agent(read):
    v = read("Malian jets pounded Kidal, and rockets hit Tessalit.")
    rows = dict((t, a) for a, t in v.roles("Attack", "agent", "target"))
    assert rows.get("Tessalit") is not None and rows.get("Tessalit") == rows.get("Kidal")


def test_weapon_told_again_was_fired_by_the_side_told_firing_it(read):
    v = read("Shabaab militants fired mortars at Kismayo on Monday. The mortars reached Baidoa.")
    rows = {t: a for a, t in v.roles("Attack", "agent", "target")}
    assert rows.get("Baidoa") is not None and rows.get("Baidoa") == rows.get("Kismayo")


def test_weapon_told_with_no_earlier_firing_names_no_side(read):
    v = read("The talks in Nairobi resumed on Monday. The mortars reached Baidoa.")
    assert [a for a, t in v.roles("Attack", "agent", "target") if t == "Baidoa"] in ([], [None])


def test_a_shipment_reaching_a_port_is_no_attack(read):
    v = read("A cargo of rockets reached the port of Berbera.")
    assert v.events("Attack") == []


def test_toll_after_the_attack_told_again_takes_the_attack_place(read):
    v = read(
        "On Tuesday, jihadists raided the town of Gao. Soldiers beat back the assault before dawn. "
        "At least 12 jihadists died."
    )
    assert v.roles("Casualties", "place") == [("Gao",)]


def test_toll_after_an_unrelated_sentence_takes_no_place(read):
    v = read("On Tuesday, jihadists raided the town of Gao. The talks resumed. At least 12 jihadists died.")
    assert v.roles("Casualties", "place") == [(None,)]


def test_the_city_is_the_city_named_earlier_in_its_sentence(read):
    v = read(
        "Rebels entered Bambari on Sunday. Earlier they took Bria, the largest city in the east. "
        "A charity said its clinic in Bambari treated 40 people hurt in clashes at the edge of the city."
    )
    assert v.roles("Clash", "place") == [("Bambari",)]


def test_fighting_with_no_side_where_the_sides_fought_is_that_fight(read):
    v = read(
        "Malian troops clashed with Tuareg rebels in Gao on Monday. "
        "Two peacekeepers were killed in fighting around Gao last week."
    )
    assert [a for (a,) in v.roles("Clash", "agent")] == ["Malian troops"]


def test_fighting_with_no_side_where_a_side_took_the_town_is_that_fight(read):
    v = read("Tuareg rebels seized Gao from Malian troops on Monday. "
             "Two peacekeepers were killed in fighting around Gao.")
    assert [p for (a, p) in v.roles("Clash", "agent", "place") if a is None] == []


def test_fighting_with_no_side_elsewhere_stays(read):
    v = read("Malian troops clashed with Tuareg rebels near Gao on Monday. Fighting also continued in Kidal.")
    assert sorted(v.roles("Clash", "place")) == [("Gao",), ("Kidal",)]


def test_toll_placed_but_undated_that_names_the_attack_again_takes_its_day(read):
    v = read(
        "On 3 March, an air strike hit the cinema in Jaffna, the town's main shelter. "
        "Officials in Jaffna said days later that about 80 civilians were killed in the bombing."
    )
    assert [(v.label(e.place), e.date) for e in v.events("Casualties")] == [("Jaffna", date(2024, 3, 3))]


def test_toll_placed_elsewhere_keeps_no_day(read):
    v = read("On 3 March, an air strike hit the cinema in Jaffna. "
             "Officials in Vavuniya said days later that 30 civilians died in the town.")
    assert [(v.label(e.place), e.date) for e in v.events("Casualties")] == [("Vavuniya", None)]
