"""Phenomenon 8, claims are not facts: a relation told inside an accusation, an allegation or a
denial is kept as a claim, never as an alliance."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def allies(v) -> set[frozenset[str]]:
    return {frozenset((v.label(a), v.label(b))) for a, b in v.doc.alliances}


def test_an_accused_alliance_is_the_accusers_claim(read):
    v = read("Cameroon accused Tanzania of backing the Ambazonia Defence Forces.")
    assert allies(v) == set()
    assert [(c.text, v.label(c.claimant)) for c in v.doc.claims] == [
        ("backing the Ambazonia Defence Forces", "Cameroon")
    ]


def test_an_alleged_alliance_is_a_claim_of_no_one_named(read):
    v = read("The militia is allegedly backed by Tanzania.")
    assert allies(v) == set()
    assert [v.label(c.claimant) for c in v.doc.claims] == [None]


def test_a_denied_alliance_is_no_alliance(read):
    v = read("Tanzania denied reports that it backs the Ambazonia Defence Forces.")
    assert allies(v) == set()
    assert len(v.events("Denial")) == 1


def test_a_negated_alliance_is_neither_alliance_nor_claim(read):
    v = read("Tanzania does not support the Ambazonia Defence Forces, its foreign minister said.")
    assert allies(v) == set() and v.doc.claims == []


def test_a_backed_subject_of_a_claim_verb_stays_an_alliance(read):
    v = read("The Tanzania-backed Ambazonia Defence Forces claimed the attack on the convoy.")
    assert frozenset(("Ambazonia Defence Forces", "Tanzania")) in allies(v)


def test_an_alliance_told_plainly_stays_an_alliance(read):
    v = read("Tanzania backs the Ambazonia Defence Forces, diplomats said.")
    assert frozenset(("Ambazonia Defence Forces", "Tanzania")) in allies(v)


def test_the_claim_a_speaker_denies_is_the_one_quoted_before_not_the_speakers_own(read):
    v = read(
        "The Malian army said the rebels had shelled Gao. "
        "Their spokesman, Ali Mansour, denied that the rebels had shelled the town."
    )
    assert [v.label(c.claimant) for c in v.doc.claims] == ["Malian army"]


def test_rejecting_accusations_is_denying_them_not_rejecting_a_truce(read):
    v = read("The Tanzanian government rejected Cameroonian allegations that its army breached the truce in Bakassi.")
    assert v.events("Rejection") == [] and len(v.events("Denial")) == 1
    assert [v.label(c.claimant) for c in v.doc.claims] == ["Cameroon"]
    assert all(e.action != "violated" for e in v.events("CeasefireEvent"))


def test_a_capital_accused_of_violating_the_truce_is_its_government(read):
    v = read("The army accused Belgrade of breaching the truce on Monday.")
    assert v.roles("CeasefireEvent", "agent", "topic") == [("Belgrade", "truce")]


def denials(v) -> list[tuple]:
    claims = {c.key: c for c in v.doc.claims}
    return [(v.label(e.agent), claims[e.claim].text, v.label(claims[e.claim].claimant))
            for e in v.events("Denial") if e.claim in claims]


def test_a_figure_the_other_side_rejects_is_its_denial_of_the_reported_clause(read):
    v = read("The navy chief told journalists on Friday that more than 40 fighters had been killed in the raids, "
             "a figure the rebels reject.")
    assert denials(v) == [("rebels", "more than 40 fighters had been killed in the raids", "navy")]


def test_a_claim_the_other_side_denies_names_the_speaker_of_the_claim(read):
    v = read("The army said it had shelled the camp, a claim which the rebels deny.")
    assert denials(v) == [("rebels", "it had shelled the camp", "army")]


def test_a_figure_of_speech_is_no_denial(read):
    v = read("The rebels shelled the camp, a figure of speech the army uses.")
    assert denials(v) == []


def test_the_claim_named_in_the_denier_s_next_sentence_gives_the_claimant(read):
    v = read("The army denied that Velka had fallen. \"The town is in our hands, and the Front's claim is a lie,\" "
             "a spokesman said on Monday.")
    assert [(text, claimant) for _, text, claimant in denials(v)] == [("Velka had fallen", "Front")]


def test_dismissing_that_account_denies_what_the_speaker_before_said(read):
    v = read("The ministry said the rockets were of a type only the rebels use. "
             "Orda dismissed that account, saying they were fired from army lines.")
    assert [(denier, claimant) for denier, _, claimant in denials(v)] == [("Orda", "ministry")]


def test_a_capital_the_tagger_left_out_that_dismisses_an_account_is_the_denier(read):
    v = read("Malian officials said Guinean troops had crossed the border. "
             "Conakry dismissed that account, saying its troops had stayed home.")
    assert [(denier, claimant) for denier, _, claimant in denials(v)] == [("Conakry", "Malian officials")]
    assert [e.kind for e in v.doc.entities if e.label == "Conakry"] == ["Government"]


def test_a_capital_of_a_country_the_article_never_names_is_not_taken_on_the_gazetteers_word(read):
    v = read("Officials said the troops had crossed the border. "
             "Conakry dismissed that account, saying its troops had stayed home.")
    assert [denier for denier, _, _ in denials(v)] == [None] and v.entity("Conakry") is None


def test_a_capital_the_tagger_left_out_that_neither_speaks_nor_answers_is_nobody(read):
    v = read("Malian officials said Guinean troops had crossed the border. Conakry celebrated the holiday.")
    assert v.entity("Conakry") is None


def test_a_member_of_a_bloc_is_its_ally(read):
    assert allies(read("Varnia is a member of the Northern Defence Pact.")) == {
        frozenset(("Varnia", "Northern Defence Pact"))}
    v = read("The Northern Defence Pact, of which Varnia is a member, announced that it would dispatch observers to "
             "the frontier.")
    assert allies(v) == {frozenset(("Varnia", "Northern Defence Pact"))}


def test_fighting_alongside_or_at_the_side_of_a_force_is_an_alliance(read):
    assert allies(read("The Orda Liberation Front fights alongside the army in the north.")) == {
        frozenset(("Orda Liberation Front", "army"))}
    assert allies(read("The militia fought against the army at the side of the road.")) == set()


def test_soldiers_and_allied_militias_are_allies(read):
    v = read("Gunfire echoed around the harbour as Varnian soldiers and allied militias battled the insurgents.")
    assert allies(v) == {frozenset(("Varnian soldiers", "militias"))}


def test_a_relative_clause_backing_belongs_to_its_antecedent_not_to_the_next_conjunct(read):
    v = read("The truce commits the Gulf coalition, which backs Varnia's recognised government, and the Orda "
             "movement to halt all operations.")
    assert allies(v) == {frozenset(("Gulf coalition", "Varnia's recognised government"))}


@pytest.mark.parametrize(
    "text, want",
    [
        pytest.param(
            "The Bolivian army said Peruvian forces fired on Bolivian positions overnight. Ecuador said it had "
            "sent aid. Peru's defence ministry denied that Peruvian soldiers had opened fire during the night.",
            ["Bolivian army"],
            id="a_denial_answers_the_report_that_shares_its_core_words_not_the_last_speaker",
        ),
        pytest.param(
            "President Ana Ortiz announced that both sides had agreed on a truce. Bolivia was more guarded. "
            "Its foreign minister, Luis Arce, was silent at first. "
            "He later denied that an agreement had been signed.",
            ["Ana Ortiz"],
            id="an_agreement_denied_is_the_claim_of_who_announced_the_agreeing",
        ),
        pytest.param(
            "The Chadian foreign ministry said the rains had flooded roads. The river rose. "
            "Later Niger denied that its troops had crossed the border.",
            [None],
            id="a_denial_sharing_no_core_word_with_an_earlier_report_has_no_claimant",
        ),
        pytest.param(
            "Niger denied that its troops had crossed the border. The talks went on. "
            "Later the Chadian army said Nigerien troops had crossed the border at dawn.",
            [None],
            id="in_an_article_told_oldest_first_a_later_report_answers_no_denial",
        ),
        pytest.param(
            "TUESDAY 4 MARCH\n\n12:55 - Denial\nNiger denied that its troops had crossed the border.\n\n"
            "MONDAY 3 MARCH\n\n22:10 - Incursion reported\nThe Chadian army said Nigerien troops had crossed "
            "the border at dawn.",
            ["Chadian army"],
            id="in_a_live_blog_told_newest_first_the_report_below_is_the_one_denied",
        ),
        pytest.param(
            "Gabon and Chad said the Forces of Renewal and the army had agreed to extend the truce. "
            "The army accused the Forces of Renewal of occupying hospitals, a charge the Forces of Renewal denied.",
            ["army"],
            id="a_charge_denied_stays_the_accusers_whatever_was_said_before",
        ),
        pytest.param(
            "The Peruvian defence ministry said the last rebels had laid down their arms. \"The plant is ours,\" "
            "ministry spokesman Carlos Vega told a briefing. "
            "Rebel officials denied that the fighters had surrendered.",
            ["Peruvian defence ministry"],
            id="a_spokesmans_claim_is_the_organisations_he_speaks_for",
        ),
        pytest.param(
            "Carlos Vega, the Peruvian defence minister, said the last rebels had laid down their arms. "
            "Rebel officials denied that the fighters had surrendered.",
            ["Carlos Vega"],
            id="a_named_official_who_is_no_spokesman_keeps_the_claim",
        ),
    ],
)
def test_a_denial_names_the_claimant_of_the_report_it_answers(read, text, want):
    """Which earlier report a denial answers, and so whose claim it denies."""
    v = read(text)
    assert [claimant for _, _, claimant in denials(v)] == want


def test_acting_in_support_of_a_side_is_an_alliance(read):
    assert allies(read("The African Union deployed troops in support of the Somali government.")) == {
        frozenset(("African Union", "Somali government"))}
    v = read("The envoy praised the work of the Rwandan-led Stabilisation Force in support of the Malian army.")
    assert len(allies(v)) == 1 and "Malian army" in next(iter(allies(v)))


def test_people_marching_in_support_of_a_side_make_no_alliance(read):
    assert allies(read("Thousands of protesters marched in support of the opposition in Lome.")) == set()
