"""Phenomenon 7, attribution: who speaks, for whom, and which release verbs are statements."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def speakers(v) -> set[str]:
    return {v.label(e.agent) for e in v.events("Statement")}


def test_a_person_in_apposition_to_a_title_noun_is_the_speaker(read):
    v = read("The province's ombudsman, Tomas Keller, said at least 12 people were killed in Mostar.")
    assert speakers(v) == {"Tomas Keller"}
    (toll,) = v.events("Casualties")
    assert v.label(toll.source) == "Tomas Keller"


def test_a_spokesman_for_a_group_named_after_it_speaks_for_the_group(read):
    v = read("A spokesman for the Liberation Front, Ali Mansour, said the group had withdrawn from Kismayo.")
    assert speakers(v) == {"Ali Mansour"}
    assert v.label(v.entity("Ali Mansour").affiliation) == "Liberation Front"


def test_officials_named_by_a_compound_stay_the_speakers(read):
    v = read("On Monday, Ruritanian officials said the town of Kismayo was calm.")
    assert speakers(v) == {"Ruritanian officials"}


def test_an_unnamed_source_is_the_source_of_a_figure(read):
    v = read("According to a medical source, 30 people were wounded in the shelling of Kismayo.")
    tolls = v.events("Casualties")
    assert tolls and all(v.label(e.source) == "medical source" for e in tolls)


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("The European Union expressed concern about the fighting in Darfur.", "European Union"),
        ("Finland reiterated its support for the talks in Nairobi.", "Finland"),
        ("The UN mission puts the toll at 40 dead.", "UN mission"),
        ("Amnesty International takes note of the agreement and calls on the parties to protect civilians.",
         "Amnesty International"),
        ("The Economic Community of West African States deplored the attack on the convoy.",
         "Economic Community of West African States"),
    ],
)
def test_release_verbs_are_statements(read, sentence, speaker):
    assert speaker in speakers(read(sentence))


@pytest.mark.parametrize("sentence", ["The rebels put the town under siege.", "The army took the town of Kismayo."])
def test_put_and_take_alone_are_not_statements(read, sentence):
    assert read(sentence).events("Statement") == []


def test_a_third_party_welcoming_a_truce_does_not_accept_it(read):
    v = read(
        "Serb and Bosniak forces fought near Gorazde. Finland proposed a truce to the Serbs on Monday. "
        "The European Union welcomed the truce."
    )
    assert [v.label(e.agent) for e in v.events("Acceptance")] == []
    assert "European Union" in speakers(v)


def test_a_party_welcoming_a_proposal_accepts_it(read):
    v = read("Algeria proposed a truce to the Polisario Front on Monday. "
             "The Polisario Front welcomed the proposal on Tuesday.")
    assert [v.label(e.agent) for e in v.events("Acceptance")] == ["Polisario Front"]


def test_the_name_after_a_describing_noun_is_the_speaker(read):
    v = read("The London-based rights group KMRC said 20 people died in Grozny.")
    assert speakers(v) == {"KMRC"}


def test_saying_after_an_act_is_the_actors_statement(read):
    v = read("The Chadian foreign ministry rejected the report, saying its troops had left Bangui.")
    assert "Chadian foreign ministry" in speakers(v)


@pytest.mark.parametrize(
    "sentence, statements",
    [
        ("The Malian army published a list of 20 soldiers killed in Gao.", 1),
        ("The Senegalese army released 20 prisoners on Monday.", 0),
    ],
)
def test_releasing_names_or_figures_is_a_statement_but_releasing_prisoners_is_not(read, sentence, statements):
    assert len(read(sentence).events("Statement")) == statements


def test_it_is_the_nearest_organisation_not_one_resolved_earlier(read):
    v = read(
        "Algeria says it brokered a truce in Gao. The Malian army said its troops had retaliated after "
        "rebels ambushed a patrol near Gao. It denied any abuses against herders."
    )
    assert [v.label(e.agent) for e in v.events("Denial")] == ["Malian army"]


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("The governor of the province of Mopti, Colonel Amadou Diallo, announced a curfew.", "Amadou Diallo"),
        ("In a note, the Joint Command of the Navies indicated the raid was repelled.", "Joint Command of the Navies"),
        ("The Malian army declared a curfew in Gao.", "Malian army"),
    ],
)
def test_speakers_of_translated_releases(read, sentence, speaker):
    assert speaker in speakers(read(sentence))


def test_the_speaker_in_apposition_after_a_figure_is_the_source(read):
    v = read(
        "The toll from the raid on the ferry terminal in Orlov has risen to 37, among them four pupils, "
        "the governor of the region, Ivan Petrov, said on Tuesday."
    )
    assert {v.label(e.source) for e in v.events("Casualties")} == {"Ivan Petrov"}


def test_a_speaker_set_after_the_figure_is_its_source(read):
    v = read("About 1,300 villagers have been evacuated from the valley, local officials say, many of them elderly.")
    assert {v.label(e.source) for e in v.events("Displacement")} == {"local officials"}


def test_who_raises_its_toll_gives_it(read):
    v = read("Peru's defence ministry has revised its toll to 21.")
    (toll,) = v.events("Casualties")
    assert v.label(toll.source) == "Peruvian defence ministry"


def test_an_office_named_by_its_holder_keeps_the_title(read):
    v = read("The prosecutor general's office reported that 17 guards had died.")
    assert speakers(v) == {"prosecutor general's office"}


def test_a_described_organisation_speaks_by_the_name_beside_it(read):
    v = read("Half a million people are homeless, the UN agency for Tarsian refugees, UNRA, told the council.")
    assert speakers(v) == {"UNRA"}


def test_an_estimate_is_a_statement_and_gives_the_figure_its_source(read):
    v = read("The agency estimates that roughly 800,000 people have been displaced in Varnia.")
    assert speakers(v) == {"agency"}
    assert {v.label(e.source) for e in v.events("Displacement")} == {"agency"}


def test_an_ombudsman_speaks(read):
    v = read("Chile's human rights ombudsman reported that nine miners had been hurt.")
    assert [v.label(e.source) for e in v.events("Casualties")] == ["Chilean rights ombudsman"]


def _sources(v) -> list:
    return [v.label(e.source) for e in v.events("Casualties")]


def test_a_figure_sourced_in_the_next_sentence(read):
    v = read("At least 12 people were killed in Kessa on Monday. The figures come from the health ministry.")
    assert _sources(v) == ["health ministry"]


def test_a_figure_given_by_someone_in_the_next_sentence(read):
    v = read("At least 12 people were killed in Kessa on Monday. That toll was given by local officials.")
    assert _sources(v) == ["local officials"]


def test_a_figure_doubted_in_the_next_sentence_gets_no_source(read):
    v = read("At least 12 people were killed in Kessa on Monday. The figure could not be verified.")
    assert _sources(v) == [None]


def test_a_railway_company_speaks(read):
    v = read("Eleven passengers died when the train was derailed by a mine, Bosnia's state railway company said.")
    assert _sources(v) == ["Bosnia's state railway company"]


def test_a_toll_in_a_relative_clause_of_a_blame_is_the_writers(read):
    v = read("The mayor blamed the insurgents for the ambush, which killed six recruits.")
    assert _sources(v) == [None]


def test_a_toll_in_a_relative_clause_of_what_was_said_is_the_speakers(read):
    v = read("Local officials said the ambush, which killed six recruits, had been planned for weeks.")
    assert _sources(v) == ["local officials"]


def test_the_prime_ministers_office_keeps_its_title(read):
    v = read("The prime minister's office said nineteen sailors were killed off Tarsia.")
    assert _sources(v) == ["prime minister's office"]


def test_a_speaker_swallowed_by_a_long_clause_before_the_closing_verb_gives_the_figures(read):
    v = read(
        "At least 20 civilians were killed and more than 60 wounded on Tuesday when two shells struck the bus depot "
        "in Orlov, a town in northern Varnia where hundreds of families were waiting for buses out of the "
        "Kessa, Varnia's state bus company said."
    )
    assert {v.label(e.source) for e in v.events("Casualties")} == {"Varnia's state bus company"}
    assert [v.label(e.agent) for e in v.events("Statement")] == ["Varnia's state bus company"]


def test_a_closing_verb_with_its_own_subject_keeps_it(read):
    v = read(
        "Nine people were killed on Monday when a missile hit the ferry terminal in Ostra, the port authority said."
    )
    assert {v.label(e.source) for e in v.events("Casualties")} == {"port authority"}


def test_a_unit_of_an_organisation_speaks(read):
    v = read("The military's information team said on Sunday that the headquarters had fallen.")
    assert speakers(v) == {"information team"}
    assert speakers(read("The town's streets said nothing.")) == set()


def test_it_after_a_speakers_said_clause_is_the_speaker_going_on(read):
    v = read("Niger said it would agree only once Chad withdrew its troops, and it rejected offers of talks "
             "from neighbouring states.")
    assert v.roles("Rejection", "agent") == [("Niger",)]


def test_it_after_a_plural_speakers_said_clause_is_not_the_speakers(read):
    v = read("The rebels said the road was open, and it rejected offers of talks.")
    assert ("rebels",) not in v.roles("Rejection", "agent")


def test_the_statement_told_again_speaks_for_its_author(read):
    v = read("In a statement, the Interior Ministry said roads were closed. "
             "The statement added that the curfew would last a week.")
    assert v.roles("Statement", "agent") == [("Interior Ministry",), ("Interior Ministry",)]


def test_the_same_communique_denies_for_its_author(read):
    v = read("In a communique read on Monday, the Joint Staff of the Armed Forces affirmed that troops had pushed "
             "back the assault. The same communique denied the figures which circulate on social networks.")
    assert v.roles("Denial", "agent") == [("Joint Staff",)]


def test_a_statement_with_no_author_told_before_has_no_speaker(read):
    v = read("Roads were closed across the north. The statement added that the curfew would last a week.")
    assert v.roles("Statement", "agent") == []


def _affiliation(v, person: str) -> str | None:
    ent = v.entity(person)
    return None if ent is None else v.label(ent.affiliation)


def test_a_spokesman_named_with_no_organisation_speaks_for_the_one_speaking_in_his_sentence(read):
    v = read("The Peruvian army said Ecuadorian forces fired on Peruvian positions overnight, which spokesman "
             "Major General Carlos Vega called a blatant violation of the truce.")
    assert _affiliation(v, "Carlos Vega") == "Peruvian army"


def test_a_spokeswoman_after_a_quote_speaks_for_the_one_speaking_just_before(read):
    v = read("The Chilean foreign ministry said it had brokered a truce. "
             "\"We expect calm,\" spokeswoman Marta Ruiz Soto said.")
    assert _affiliation(v, "Marta Ruiz Soto") == "Chilean foreign ministry"


@pytest.mark.parametrize(
    "text",
    ["Fighting went on near the border. \"We expect calm,\" spokeswoman Marta Ruiz Soto said.",
     "The UN said aid was blocked. Rebel spokeswoman Marta Ruiz Soto said the road was open."],
)
def test_a_spokeswoman_with_no_organisation_speaking_before_or_a_modifier_of_her_own_takes_none(read, text):
    assert _affiliation(read(text), "Marta Ruiz Soto") is None


def test_raising_or_revising_a_toll_is_a_statement(read):
    v = read("Ruritania's health ministry raised its death toll to 27 on Friday.")
    assert v.roles("Statement", "agent") == [("Ruritania's health ministry",)]


def test_raising_a_flag_is_no_statement(read):
    assert read("The Ruritanian army raised its flag over the town.").roles("Statement", "agent") == []


def test_saying_after_a_dismissed_report_is_the_dismissers_statement(read):
    v = read("The Ruritanian army shelled the port. The navy's information team dismissed rumours that the base "
             "had fallen to the rebels, saying in a statement late on Sunday that sailors were still fighting.")
    assert [(v.label(e.agent), e.date.weekday()) for e in v.events("Statement")] == [("information team", 6)]


def test_an_office_is_named_by_the_holder_it_serves(read):
    v = read("The office of the AU special envoy for Sudan said on Monday that the talks would resume.")
    assert [v.label(e.agent) for e in v.events("Statement")] == ["office of the AU special envoy"]
    v = read("The office of the president said on Monday that the talks would resume.")
    assert [v.label(e.agent) for e in v.events("Statement")] == ["office of the president"]
    # an office of something that is no holder keeps its own word
    v = read("The office of the province said on Monday that the talks would resume.")
    assert [v.label(e.agent) for e in v.events("Statement")] == ["office"]


def test_where_a_speaker_wrote_is_a_medium_not_the_next_speaker(read):
    v = read("\"The valley is ours,\" Amadou Kone, a spokesman for the movement, wrote on Twitter late on Friday. "
             "He said the columns had broken through the lines.")
    assert [v.label(e.agent) for e in v.events("Statement")] == ["Amadou Kone", "Amadou Kone"]
    assert v.entity("Twitter") is None
    # reporting on a town is telling about it: the town stays
    assert read("Ivan Petrov reported on Kidal that the units had withdrawn.").entity("Kidal") is not None


def affiliations(v) -> dict[str, str | None]:
    return {e.label: v.label(e.affiliation) for e in v.doc.entities if e.kind == "Person"}


def test_a_body_before_the_title_of_a_named_person_is_whom_the_person_speaks_for(read):
    v = read("Government spokesman Paul Okello said on Monday that the town had not fallen.")
    assert affiliations(v) == {"Paul Okello": "government"}
    # a demonym before the title already says whose; a title with no name names nobody
    v = read("Ugandan government spokesman Paul Okello said on Monday that the town had not fallen.")
    assert affiliations(v) == {"Paul Okello": "Uganda"}
    v = read("The government spokesman said on Monday that the town had not fallen.")
    assert affiliations(v) == {} and [e.label for e in v.doc.entities] == ["government spokesman"]
