"""Phenomenon 6, roles inside a detected event: heads behind quantifiers, the agent of an event noun
told as the means of a verb, the place where the target lies."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_event_noun_behind_a_quantifier_takes_the_verb_subject_and_its_target(read):
    v = read("The Malian army responded with dozens of raids on rebel positions near Kidal.")
    assert v.roles("Attack", "agent", "target", "place") == [("Malian army", "rebel positions", "Kidal")]


def test_event_noun_as_means_of_the_verb(read):
    v = read("Russia began the campaign with dozens of raids on military sites across Georgia.")
    assert v.roles("Attack", "agent", "target", "place") == [("Russia", "military sites", "Georgia")]


def test_the_last_of_several_salvoes(read):
    v = read("The Polisario Front retaliated overnight with the last of several rocket salvoes on northern towns.")
    assert ("Polisario Front", "northern towns") in v.roles("Attack", "agent", "target")


def test_means_of_a_passive_verb_names_no_agent(read):
    v = read("The town was shaken by a series of explosions near Kharkiv.")
    assert [v.label(e.agent) for e in v.events("Attack")] in ([], [None])


def test_gerund_subject_is_an_event_noun_with_its_agent_and_target(read):
    v = read("Serbian shelling of Gorazde, a town in the east, killed at least nine civilians.")
    assert ("Serbia", "Gorazde", "Gorazde") in v.roles("Attack", "agent", "target", "place")


def test_when_clause_takes_the_day_of_its_head(read):
    v = read("The fighting peaked on Tuesday, when NATO jets hit an airfield near Pristina.")
    (ev,) = v.events("Attack")
    assert ev.date is not None and ev.date.isoformat() == "2024-03-12"


def test_people_belonging_to_a_group_act_for_it(read):
    v = read("Militias belonging to the Patriotic Front attacked the village of Kalo on Sunday.")
    assert v.roles("Attack", "agent", "target") == [("Patriotic Front", "Kalo")]


def test_members_of_a_gang_act_for_the_gang(read):
    v = read("Members of the Black Lions gang attacked a convoy near Jos on Sunday.")
    assert [a for (a,) in v.roles("Attack", "agent")] == ["Black Lions gang"]


def test_ground_measured_inside_a_place_is_taken_there(read):
    v = read("The ministry said Serbian forces had occupied about 20 square kilometres inside Bosnia on Monday.")
    assert v.roles("Capture", "agent", "place") == [("Serbian forces", "Bosnia")]


def test_an_armed_side_killing_people_attacked_them(read):
    v = read("Gunmen killed 26 people at a market near Jos on Sunday.")
    assert v.roles("Attack", "agent", "target", "place") == [("gunmen", "people", "Jos")]


def test_a_killing_by_no_armed_side_is_no_attack(read):
    v = read("The fever killed 30 people in Kano last year.")
    assert v.events("Attack", status=None) == []


def test_a_siege_in_a_relative_clause_counts_the_people_of_the_main_clause(read):
    v = read("In Kalo, which the militia has besieged for a month, some 8,000 villagers remain trapped.")
    (ev,) = v.events("Siege")
    assert (v.label(ev.agent), v.label(ev.place), ev.figures[0].count) == ("militia", "Kalo", 8000)


def test_an_apposition_says_whose_members_the_attackers_are(read):
    v = read("Hundreds of armed men, presumed members of the Lord's Resistance Army, attacked a market in Gulu.")
    assert [a for (a,) in v.roles("Attack", "agent")] == ["Lord's Resistance Army"]


def test_strikes_that_killed_people_are_one_attack_not_two(read):
    v = read("Serbian air strikes on Gorazde on Sunday killed at least 14 people, medics said.")
    assert v.roles("Attack", "agent", "target") == [("Serbia", "Gorazde")]


MALI = (
    "Government troops attacked the Azawad Front near Kidal on Monday. Army jets bombed the Azawad Front near Gao"
    " on Tuesday. Dozo hunters retook six villages east of Gao on Wednesday."
    " The Azawad Front sent car bombs against the government troops."
)


def test_a_side_told_fighting_nobody_took_the_place_from_the_main_enemy(read):
    v = read(MALI)
    assert [f for (f,) in v.roles("Capture", "captured_from")] == ["Azawad Front"]


def test_car_bombs_sent_against_troops_are_an_attack_on_them(read):
    v = read(MALI)
    assert ("Azawad Front", "government troops") in v.roles("Attack", "agent", "target")


def test_no_main_enemy_when_the_fights_name_two_equally(read):
    v = read("Rebels attacked the army near Kelm. The army shelled the rebels near Doran. Militias retook Kelm.")
    assert [f for (f,) in v.roles("Capture", "captured_from")] in ([], [None])


def test_the_place_an_apposition_gives_the_target(read):
    v = read("Sudanese jets bombed the Fasher depot, a fuel store outside Nyala, on Monday.")
    assert v.roles("Attack", "target", "place") == [("Fasher depot", "Nyala")]


def test_its_troops_in_a_reported_attack_are_the_reporting_side(read):
    v = read("Chad's government said the rebels had attacked its troops near Faya on Sunday night.")
    assert v.roles("Attack", "agent", "target") == [("rebels", "Chadian government")]


def test_an_attacker_hitting_its_own_positions_keeps_them(read):
    v = read("The rebels shelled their own positions near Faya by mistake.")
    ((agent, target),) = v.roles("Attack", "agent", "target")
    assert agent == "rebels" and target != "rebels"


def test_a_bearing_from_a_town_places_the_attack_there(read):
    v = read("Government forces shelled rebel positions south of Faya on Sunday.")
    assert v.roles("Attack", "agent", "target", "place") == [("government forces", "rebel positions", "Faya")]


def test_a_bearing_from_a_town_places_the_fighting_there(read):
    v = read("Fierce fighting between the rebels and the army north of Faya went on until Monday.")
    assert v.roles("Clash", "agent", "opponent", "place") == [("rebels", "army", "Faya")]


def test_a_bearing_from_no_place_gives_no_place(read):
    v = read("Government forces shelled rebel positions south of the river on Sunday.")
    assert v.roles("Attack", "place") == [(None,)]


def test_sites_at_two_named_places_are_two_targets(read):
    v = read("Bolivian bombers dropped bombs on the underground depots at Oruro and Cochabamba on Monday.")
    assert sorted(v.roles("Attack", "agent", "target")) == [("Bolivia", "Cochabamba"), ("Bolivia", "Oruro")]


def test_sites_at_one_named_place_stay_the_target(read):
    v = read("Bolivian bombers dropped bombs on the underground depots at Oruro on Monday.")
    assert v.roles("Attack", "target", "place") == [("underground depots", "Oruro")]


def test_an_ordered_siege_of_a_town_counts_the_people_cut_off(read):
    v = read(
        "The defence minister Mahamat Kanem told reporters he had ordered a total siege of Kigoma, "
        "cutting off food and fuel to its 90,000 inhabitants."
    )
    (ev,) = v.events("Siege")
    assert (v.label(ev.place), [(f.count, v.label(f.victims)) for f in ev.figures]) == (
        "Kigoma",
        [(90000, "inhabitants")],
    )


def test_people_of_a_city_the_rebels_encircled_are_in_the_city_named_before(read):
    v = read(
        "The rebels marched on Bangui, the capital, on Sunday. The president said he fled to avoid a "
        "massacre in the capital, an old city of some 2 million people that the rebels had encircled two days before."
    )
    (ev,) = v.events("Siege")
    assert (v.label(ev.agent), v.label(ev.place), [f.count for f in ev.figures]) == ("rebels", "Bangui", [2000000])


def test_a_siege_told_with_no_side_and_no_people_gives_no_row(read):
    v = read("The siege of Kigoma has lasted a month.")
    assert v.events("Siege") == []


def test_a_demonym_hung_on_the_weapon_before_the_strike_names_the_attacker(read):
    v = read("The death toll from Monday's Malian drone strike on the market in Kidal has climbed to 23.")
    assert [v.label(e.agent) for e in v.events("Attack")] == ["Mali"]
    v = read("The death toll from Monday's drone strike on the market in Kidal has climbed to 23.")
    assert [v.label(e.agent) for e in v.events("Attack")] == [None]


def test_an_area_hit_on_the_outskirts_of_a_town_was_hit_in_that_town(read):
    v = read("Officials also said that Nigerian shelling had struck a crowded residential area on the northern "
             "outskirts of Maiduguri on Friday night, damaging a school.")
    assert v.roles("Attack", "agent", "target", "place") == [("Nigeria", "crowded residential area", "Maiduguri")]
    # the edge of something that is no place places nothing
    v = read("Officials also said that Nigerian shelling had struck a crowded residential area on the edge of the "
             "road on Friday night, damaging a school.")
    assert [v.label(e.place) for e in v.events("Attack")] == [None]


def test_the_subject_of_the_target_of_an_offensive_is_its_target(read):
    v = read("Mosul, the largest city in northern Iraq, was the target of a jihadist offensive in June.")
    assert v.roles("Attack", "target", "place") == [("Mosul", "Mosul")]
    # a target of criticism is no attack, and an offensive with no target named keeps none
    assert read("The truce plan was the target of much criticism.").events("Attack") == []
    v = read("The jihadists launched an offensive in northern Iraq in June.")
    assert [v.label(e.target) for e in v.events("Attack")] in ([], [None])


def test_attempted_capture_is_an_attack_on_the_place(read):
    v = read("Rebels attempted to seize the town of Kidal on Monday.")
    assert v.roles("Attack", "agent", "target") == [("rebels", "Kidal")]
    assert v.events("Capture") == []


def test_capture_not_attempted_gives_no_attack(read):
    v = read("The rebels did not try to seize the town of Kidal.")
    assert v.events("Attack") == [] and v.events("Capture") == []


def test_members_told_by_their_group_kind_are_the_attackers(read):
    v = read("Armed militia members tried to enter the town of Timbuktu.")
    assert v.roles("Attack", "agent", "target") == [("armed militia members", "Timbuktu")]


def test_target_named_by_a_free_relative(read):
    v = read("The army fired rockets at what it called rebel camps near Kidal.")
    assert v.roles("Attack", "agent", "target") == [("army", "rebel camps")]


def test_killing_place_is_the_town_of_the_victims_not_the_wider_region(read):
    v = read("Gunmen killed 40 villagers in the town of Palma, in the Cabo Delgado province.")
    assert v.roles("Attack", "agent", "place") == [("gunmen", "Palma")]
    assert v.roles("Casualties", "place") == [("Palma",)]


def test_fighting_as_a_gerund_subject_takes_the_verb_place(read):
    v = read("Fighting between Malian troops and Tuareg rebels erupted near Tessalit.")
    assert v.roles("Clash", "place") == [("Tessalit",)]


def test_sides_of_fighting_hung_on_its_verb(read):
    v = read("Fierce fighting broke out in Tessalit between Malian troops and Tuareg rebels.")
    rows = v.roles("Clash", "agent", "opponent", "place")
    assert len(rows) == 1 and rows[0][0] == "Malian troops" and rows[0][2] == "Tessalit"
    assert rows[0][1] is not None and rows[0][1].lower() == "tuareg rebels"


def test_fighting_a_corner_is_no_clash(read):
    v = read("Fighting his corner in Tessalit, the mayor won the vote.")
    assert v.events("Clash") == []


def test_parts_of_a_place_in_a_list_of_targets(read):
    v = read("Since Monday, insurgents have raided the villages of Macomia and Quissanga and parts of Palma.")
    assert sorted(t for (t,) in v.roles("Attack", "target")) == ["Macomia", "Palma", "Quissanga"]


def test_toll_takes_the_place_of_the_event_under_its_verb_not_of_the_coordinated_clash(read):
    v = read(
        "Chadian and Cameroonian troops exchanged mortar fire over the frontier, and Cameroonian shelling "
        "of Adre killed at least nine civilians."
    )
    assert v.roles("Casualties", "place") == [("Adre",)]


def test_slashed_name_acts_by_its_first_part(read):
    v = read("The UNITA/FALA seized the town of Huambo on Monday.")
    assert v.roles("Capture", "agent", "place") == [("UNITA", "Huambo")]


def test_slashed_name_as_a_target_of_a_shelling(read):
    v = read("The UNITA/FALA shelled the town of Huambo on Monday.")
    assert v.roles("Attack", "agent", "target") == [("UNITA", "Huambo")]


def test_clashes_told_as_subject_take_the_place_hung_on_their_verb(read):
    v = read("Clashes between Malian troops and Tuareg rebels continue in the northern districts of the Kidal region.")
    assert v.roles("Clash", "place") == [("Kidal region",)]
