"""Figures of people (casualties and displacement), phenomena 5 and 6: who the victims are when the
figure is told as a result ("left 12 dead"), as a bare participle ("150 people killed"), as a noun
("4,500 killings", "the deaths of 12 soldiers") or with its noun elided ("12 dead and 30 wounded"),
and where and when it happened when only a neighbouring phrase says so."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model


def _rows(v, kind: str = "Casualties") -> list[tuple]:
    return sorted(
        (f.outcome, f.count, f.qualifier, v.label(f.victims), v.label(e.place), e.date)
        for e in v.events(kind)
        for f in e.figures
    )


def test_left_dead_and_wounded_gives_two_rows_sharing_victims_place_and_day(read):
    v = read("Artillery fire left 12 civilians dead and 30 wounded in Orlov on Monday.")
    monday = date(2024, 3, 11)
    assert _rows(v) == [
        ("killed", 12, "exact", "civilians", "Orlov", monday),
        ("wounded", 30, "exact", "civilians", "Orlov", monday),
    ]


def test_the_cause_of_left_injured_gives_the_day(read):
    v = read("The ambush of a convoy on 2 March left one truck driver injured.")
    assert _rows(v) == [("wounded", 1, "exact", "truck driver", None, date(2024, 3, 2))]


def test_left_without_a_casualty_word_gives_no_toll(read):
    v = read("The rebels left 300 prisoners behind when they withdrew.")
    assert v.events("Casualties") == []


def test_a_bare_participle_after_a_figure_is_a_toll(read):
    v = read("The rights group has recorded at least 64 villagers killed and 38 injured in Tessa last week.")
    rows = [(o, n, q, victims, place) for o, n, q, victims, place, _ in _rows(v)]
    assert rows == [("killed", 64, "at-least", "villagers", "Tessa"), ("wounded", 38, "exact", "villagers", "Tessa")]
    assert {v.label(e.source) for e in v.events("Casualties")} == {"rights group"}


def test_counted_killings_are_a_toll_placed_by_their_verb(read):
    v = read("Over the year, the monitoring office documented some 730 killings in Varnia.")
    (toll,) = v.events("Casualties")
    assert [(f.count, f.qualifier, f.outcome) for f in toll.figures] == [(730, "around", "killed")]
    assert v.label(toll.place) == "Varnia" and v.label(toll.source) == "monitoring office"


def test_the_deaths_of_counted_people(read):
    v = read("The navy confirmed the deaths of 14 sailors off the coast of Teravia.")
    assert [(f.count, v.label(f.victims)) for e in v.events("Casualties") for f in e.figures] == [(14, "sailors")]


def test_uncounted_deaths_give_no_toll(read):
    v = read("The killing of the governor shocked the province, and his death was mourned for weeks.")
    assert v.events("Casualties") == []


def test_a_noun_compound_names_the_victims(read):
    v = read("Nine alleged cartel members died in the shootout, police said.")
    assert [v.label(f.victims) for e in v.events("Casualties") for f in e.figures] == ["cartel members"]


def test_people_forced_to_flee_are_displaced(read):
    v = read("Some 9,000 residents were forced to flee Tessa, the agency said.")
    (moved,) = v.events("Displacement")
    assert [(f.count, f.qualifier, v.label(f.victims)) for f in moved.figures] == [(9000, "around", "residents")]
    assert v.label(moved.place) == "Tessa" and v.label(moved.source) == "agency"


def test_a_toll_from_a_dated_strike_happened_there_and_then(read):
    v = read("Officials said the toll from Tuesday's air strike on a bus depot in Orlov stood at 23.")
    (toll,) = v.events("Casualties")
    assert v.label(toll.place) == "Orlov" and toll.date == date(2024, 3, 12)


def test_a_toll_told_with_a_when_clause_takes_its_place(read):
    v = read("Fourteen shoppers died on Friday when mortar rounds hit the bazaar in Kessa.")
    (toll,) = v.events("Casualties")
    assert v.label(toll.place) == "Kessa" and toll.date == date(2024, 3, 15)


def test_a_toll_after_a_toll_takes_its_place_and_day(read):
    v = read(
        "The toll from Monday's shelling of Pirin has climbed to 41, the mayor said. "
        "He added that 73 people had been hurt."
    )
    rows = sorted((f.outcome, f.count, v.label(e.place), e.date) for e in v.events("Casualties") for f in e.figures)
    monday = date(2024, 3, 11)
    assert rows == [("killed", 41, "Pirin", monday), ("wounded", 73, "Pirin", monday)]


def test_an_undated_attack_retold_does_not_block_the_carry(read):
    v = read(
        "A drone strike on 8 March destroyed the depot in Orlov. Investigators said they were looking into "
        "the attack and that the toll had reached 26."
    )
    (toll,) = v.events("Casualties")
    assert v.label(toll.place) == "Orlov" and toll.date == date(2024, 3, 8)


def test_since_a_day_is_not_the_day_of_an_event_it_dates_by_possessive(read):
    v = read("Since Monday, 300 people have fled Kessa.")
    (moved,) = v.events("Displacement")
    assert moved.date is None


def test_the_number_of_people_displaced_has_risen_to_a_figure(read):
    v = read("The number of villagers displaced in Varnia has reached 75,000, the agency said.")
    (moved,) = v.events("Displacement")
    assert [(f.count, f.qualifier) for f in moved.figures] == [(75000, "exact")]
    assert v.label(moved.place) == "Varnia"


def test_the_number_of_dead_put_at_a_figure(read):
    v = read("The rights group Ostra says the number of dead stands at about 850.")
    assert [(f.count, f.qualifier, f.outcome) for e in v.events("Casualties") for f in e.figures] == [
        (850, "around", "killed")
    ]


def test_two_accounts_in_one_sentence_do_not_share_a_place(read):
    v = read(
        "The interior ministry says 412 people were killed in Varnia, while the rights group Ostra "
        "says the number of dead stands at about 850."
    )
    by_count = {f.count: v.label(e.place) for e in v.events("Casualties") for f in e.figures}
    assert by_count == {412: "Varnia", 850: None}


def test_a_civilian_toll_does_not_take_the_soldiers_of_the_clause_before(read):
    v = read("The navy reports that three of its cadets died, and it puts the civilian toll in the port at 22.")
    by_count = {f.count: v.label(f.victims) for e in v.events("Casualties") for f in e.figures}
    assert by_count == {3: "cadets", 22: "civilian"}


def test_victims_of_a_relative_clause_reported_inside_it(read):
    v = read("The navy named 40 sailors it says were killed when the frigate sank.")
    assert [(f.count, v.label(f.victims)) for e in v.events("Casualties") for f in e.figures] == [(40, "sailors")]


def test_people_evacuated_as_a_participle_are_displaced(read):
    v = read("Many of the nearly 90,000 people evacuated from the coast have not returned.")
    assert [(f.count, f.qualifier) for e in v.events("Displacement") for f in e.figures] == [(90000, "around")]


def test_where_the_displaced_people_were_is_the_place(read):
    v = read("About 4,800 families in Tarsia were driven from their homes.")
    (moved,) = v.events("Displacement")
    assert v.label(moved.place) == "Tarsia"


def test_a_figure_killed_by_a_named_event_is_a_toll(read):
    v = read("Heavy bombing of Kessa, a port on the northern coast, killed no fewer than 31 fishermen, officials said.")
    assert [(f.count, f.qualifier, v.label(f.victims)) for e in v.events("Casualties") for f in e.figures] == [
        (31, "at-least", "fishermen")
    ]


def test_a_toll_named_for_its_victims(read):
    v = read("The ministry puts the civilian toll at 48.")
    assert [(f.count, v.label(f.victims)) for e in v.events("Casualties") for f in e.figures] == [(48, "civilian")]


def test_people_forced_to_flee_share_the_place_of_the_killing_told_with_them(read):
    v = read("On 3 October, raiders killed 20 herders near Kessa and forced roughly 900 families to flee.")
    (moved,) = v.events("Displacement")
    assert v.label(moved.place) == "Kessa" and moved.date == date(2023, 10, 3)


def test_the_side_of_a_border_named_by_demonym_is_the_place(read):
    v = read("Around 7,500 people were evacuated on the Peruvian side of the frontier.")
    (moved,) = v.events("Displacement")
    assert v.label(moved.place) == "Peru"


@pytest.mark.parametrize("nationals", ["Peruvians", "Moldovans", "Bolivians"])
def test_any_nationality_counts_the_victims(read, nationals):
    v = read(f"At least 40 {nationals} were killed when the ferry was shelled near Ostrava on Monday.")
    assert [(f.count, v.label(f.victims)) for e in v.events("Casualties") for f in e.figures] == [(40, nationals)]


def test_among_them_gives_a_part_of_the_figure_and_the_strike_named_on_the_verb_places_it(read):
    v = read(
        "The monitors reported on Monday that they had recorded the deaths of at least 37 civilians, among them "
        "9 children, in Thursday's strike on the depot in Velka."
    )
    rows = sorted((f.count, v.label(f.victims), v.label(e.place), e.date) for e in v.events("Casualties")
                  for f in e.figures)
    thursday = date(2024, 3, 14)
    assert rows == [(9, "children", "Velka", thursday), (37, "civilians", "Velka", thursday)]


def test_among_them_without_a_figure_gives_no_part(read):
    v = read("At least 26 villagers were killed in the raid on Ostrava, among them the town's mayor.")
    assert [(f.count, v.label(f.victims)) for e in v.events("Casualties") for f in e.figures] == [(26, "villagers")]


def test_a_toll_given_on_a_later_day_counts_the_strike_told_sentences_before(read):
    v = read(
        "Jets struck a market in Kelm on Sunday. \"It was a massacre,\" a surgeon said. "
        "Local officials gave a higher toll. The governor said on Tuesday that 57 people had died."
    )
    assert _rows(v) == [("killed", 57, "exact", "people", "Kelm", date(2024, 3, 10))]


def test_a_toll_alone_is_dated_by_the_day_it_was_given(read):
    v = read("The governor of Ostra said on Tuesday that 57 people had died.")
    assert [e.date for e in v.events("Casualties")] == [date(2024, 3, 12)]


def test_an_unplaced_attack_between_keeps_an_earlier_strike_from_the_toll(read):
    v = read(
        "Jets struck a market in Kelm on Sunday. Rebels later ambushed an army convoy. "
        "The governor said on Tuesday that 57 people had died."
    )
    assert [(v.label(e.place), e.date) for e in v.events("Casualties")] == [(None, date(2024, 3, 12))]


def test_a_figure_wrongly_reported_is_withdrawn_and_the_copular_figure_restates_it(read):
    v = read(
        "Correction: An earlier report wrongly said that the rights office had counted the deaths of 12 pupils "
        "in the shelling of Brod. The office's figure is four pupils."
    )
    rows = [(f.count, f.outcome, v.label(f.victims), v.label(e.source)) for e in v.events("Casualties")
            for f in e.figures]
    assert rows == [(4, "killed", "pupils", "rights office")]


def test_a_copular_figure_without_a_toll_before_gives_nothing(read):
    v = read("The rebels control the hills. The army's figure is 4,000 fighters.")
    assert v.events("Casualties") == []


def _moved(v) -> list[tuple]:
    return [(f.count, f.qualifier, v.label(e.place), v.label(e.source)) for e in v.events("Displacement")
            for f in e.figures]


def test_millions_the_tagger_takes_for_money_are_counted_people(read):
    v = read("Ten years of war have displaced more than 4 million civilians across Varnia, the refugee agency said.")
    assert _moved(v) == [(4000000, "more-than", "Varnia", "refugee agency")]


def test_money_stays_money(read):
    v = read("Donors pledged more than $4 million for the families who fled Kessa.")
    assert [f.count for e in v.events("Displacement") for f in e.figures] == []


def test_people_counted_as_displaced_are_a_displacement_figure(read):
    v = read(
        "The country counts more than two million internally displaced persons, according to the latest "
        "figures of the National Relief Council."
    )
    assert _moved(v) == [(2000000, "more-than", None, "National Relief Council")]


def test_displaced_people_to_be_fed_are_no_figure_told(read):
    v = read("The agency plans to feed 20,000 displaced people in Orda.")
    assert _moved(v) == []


def test_its_side_of_the_border_is_the_country_speaking(read):
    v = read("Moldova says some 90,000 people have been evacuated on its side of the frontier.")
    assert _moved(v) == [(90000, "around", "Moldova", "Moldova")]


def test_the_town_the_victims_were_in_wins_over_the_region_on_the_verb(read):
    v = read("Gunmen killed at least 72 people in the town of Velka, in the Orda province, and forced more "
             "than 3,000 villagers to flee.")
    assert [v.label(e.place) for e in v.events("Casualties")] == ["Velka"]
    assert [v.label(e.place) for e in v.events("Displacement")] == ["Velka"]


def test_a_region_alone_stays_the_place(read):
    v = read("Gunmen killed at least 15 people in the Orda province on Monday.")
    assert [v.label(e.place) for e in v.events("Casualties")] == ["Orda province"]


def test_its_side_is_the_country_even_when_its_names_an_organisation(read):
    v = read("Moldova's army said 1,400 people had been evacuated on its side of the river.")
    assert [v.label(e.place) for e in v.events("Displacement")] == ["Moldova"]


def test_among_them_hung_on_the_speech_verb_is_still_a_part_and_the_named_governor_speaks(read):
    v = read("The death toll from Thursday's missile strike on the bus depot in Orlov has climbed to 38, among them "
             "six children, the governor of the province, Tomas Keller, said late on Thursday.")
    rows = [(f.count, v.label(f.victims)) for e in v.events("Casualties") for f in e.figures]
    assert rows == [(38, None), (6, "children")]
    assert {v.label(e.source) for e in v.events("Casualties")} == {"Tomas Keller"}


def test_a_wounded_figure_with_its_verb_elided_shares_the_killed_clause(read):
    v = read("The health ministry said 70 people had been killed in Kessa and 160 wounded.")
    assert _rows(v) == [("killed", 70, "exact", "people", "Kessa", None),
                        ("wounded", 160, "exact", "people", "Kessa", None)]
    assert [f.count for e in v.events("Casualties") for f in e.figures if f.outcome == "wounded"] == [160]


@pytest.mark.parametrize("kind,verb", [("Displacement", "displaced"), ("Casualties", "killed")])
def test_fighting_in_two_regions_read_as_a_conjunct_still_places_the_figure(read, kind, verb):
    """The parser reads "Fighting in A and B has V-ed" as "Fighting in A" and "B has V-ed"."""
    v = read(f"Fighting in Benue and Plateau has {verb} more than 90,000 people since May, according to the UN.")
    assert [v.label(e.place) for e in v.events(kind)] == ["Benue"]


def test_fighting_with_no_place_places_no_figure(read):
    v = read("Fighting has displaced more than 90,000 people since May, according to the UN.")
    assert [e.place for e in v.events("Displacement")] == [None]


def test_wounded_people_evacuated_are_no_displacement(read):
    v = read("Medics said 30 people wounded in the shelling of Kidal had been evacuated to the hospital in Gao.")
    assert [f.count for e in v.events("Casualties") for f in e.figures] == [30]
    assert v.events("Displacement") == []


def test_people_evacuated_from_a_town_are_displaced(read):
    v = read("More than 3,000 residents have been evacuated from Kidal, officials said.")
    assert [f.count for e in v.events("Displacement") for f in e.figures] == [3000]


def test_translated_more_of_before_a_number_is_more_than(read):
    v = read("According to local sources, more of 2,000 persons fled Timbuktu.")
    assert [(f.count, f.qualifier) for e in v.events("Displacement") for f in e.figures] == [(2000, "more-than")]


def test_people_counted_leaving_a_named_place_are_displaced(read):
    v = read("According to aid workers, more than 4,000 persons have left Kidal since the raid.")
    assert [(f.count, f.qualifier, v.label(e.place)) for e in v.events("Displacement") for f in e.figures] == [
        (4000, "more-than", "Kidal")
    ]


def test_leaving_people_dead_or_a_minister_leaving_is_no_displacement(read):
    v = read("The raid left 12 people dead in Gao. The minister left Gao on Monday.")
    assert v.events("Displacement") == []
