"""Phenomenon: relative dates counted from the day told before them ("the following day", "hours later")."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.timex import anchored_offset, parse_time

pytestmark = pytest.mark.model

PUBLISHED = date(2011, 9, 20)


def _dates(v, kind: str) -> list:
    return [e.date for e in sorted(v.events(kind), key=lambda e: e.trigger.start)]


def _two_attacks(port: str, day: int, phrase: str) -> str:
    """Jets bomb a port on a day told; a second attack opens with ``phrase``."""
    return f"Jets bombed the port of {port} on {day} September. {phrase}, gunmen attacked a checkpoint near Zliten."


ATTACK_DAYS = [
    pytest.param(
        "Jets bombed the port of Sirte on 12 September. The following day, rebels attacked a checkpoint near Zliten.",
        PUBLISHED, [date(2011, 9, 12), date(2011, 9, 13)], id="the_following_day_is_the_day_after_the_one_told_before"),
    *(pytest.param(_two_attacks("Misrata", 9, phrase), PUBLISHED, [date(2011, 9, 9)] * 2,
                   id=f"same_day_phrases_keep_the_day_told_before-{phrase}")
      for phrase in ["Hours later", "The same day", "That evening", "Earlier in the day"]),
    pytest.param(
        "Loyalist forces shelled the town of Brega on 5 September. Two days later, rebels attacked an "
        "army base near Ajdabiya. A day earlier, jets had bombed a depot in Ras Lanuf.",
        PUBLISHED, [date(2011, 9, 5), date(2011, 9, 7), date(2011, 9, 6)],
        id="counted_days_shift_from_the_anchor_and_chain"),
    pytest.param("The day before, gunmen attacked a police station in Derna.", PUBLISHED, [date(2011, 9, 19)],
                 id="with_no_date_before_it_the_publication_date_anchors"),
    pytest.param("The following day, gunmen attacked a police station in Derna.", None, [None],
                 id="an_undated_document_stays_undated"),
    *(pytest.param(_two_attacks("Sabha", 2, phrase), PUBLISHED, [date(2011, 9, 2), None],
                   id=f"phrases_that_are_no_day_take_no_day_from_before-{phrase}")
      for phrase in ["Later this year", "In the next round of talks"]),
    pytest.param(
        "Jets bombed the port of Sabha on 2 September. Rebels attacked a checkpoint near Zliten on "
        "Sunday, nine days after losing it.",
        PUBLISHED, [date(2011, 9, 2), date(2011, 9, 18)],
        id="a_day_named_with_a_count_from_an_event_keeps_the_day_named"),
    *(pytest.param(_two_attacks("Tobruk", 8, phrase), PUBLISHED, [date(2011, 9, 8)] * 2,
                   id=f"a_time_of_day_is_on_the_day_told_before_it-{phrase}")
      for phrase in ["At 5 p.m.", "By mid-afternoon", "Within hours", "At 21:30"]),
    pytest.param("At 6 a.m., gunmen attacked a police station in Derna.", PUBLISHED, [None],
                 id="a_time_of_day_with_no_day_told_before_it_gives_no_day"),
    pytest.param("Jets bombed the port of Sirte on 12 September. Rebels attacked a checkpoint near Zliten at once.",
                 PUBLISHED, [date(2011, 9, 12), date(2011, 9, 12)], id="at_once_is_the_day_told_before"),
]


@pytest.mark.parametrize("text, published, want", ATTACK_DAYS)
def test_each_attack_takes_the_day_its_phrase_counts_from_the_day_told_before(read, text, published, want):
    """Relative days and times of day, counted from the day told before them or the publication day."""
    assert _dates(read(text, published=published), "Attack") == want


@pytest.mark.parametrize(
    "text",
    ["the next round of talks", "later this year", "the day after the ceasefire", "that rebels said",
     "nine days after losing it", "two days before the vote"],
)
def test_phrases_that_count_no_days_from_an_anchor(text):
    assert anchored_offset(text) is None


@pytest.mark.parametrize(
    ("text", "days"),
    [("the following day", 1), ("the next morning", 1), ("a day earlier", -1), ("the previous day", -1),
     ("three days later", 3), ("that evening", 0), ("earlier in the day", 0), ("a week later", 7)],
)
def test_anchored_phrases_and_their_counts(text, days):
    expr = parse_time(text)
    assert expr is not None and expr.relative == "anchored" and expr.offset == days


def test_a_truce_taking_effect_at_an_hour_takes_the_day_told_before(read):
    text = (
        "Heavy shelling hit the town of Gharyan on 4 September. The two sides agreed a truce in the "
        "evening, and the truce took effect at 9 p.m. local time."
    )
    v = read(text, published=PUBLISHED)
    began = [e for e in v.events("CeasefireEvent") if e.action == "began"]
    assert [e.date for e in began] == [date(2011, 9, 4)]


@pytest.mark.parametrize("text", ["5 p.m.", "at 20:00 local time", "by mid-afternoon", "within hours"])
def test_times_of_day_parse_as_clock_times(text):
    expr = parse_time(text)
    assert expr is not None and expr.relative == "clock"


def test_a_live_blog_time_stamp_is_layout_not_a_time_of_day(nlp):
    from kg.extract.state import state

    doc = nlp("FRIDAY 9 SEPTEMBER\n\n16:40 - Depot hit\nJets bombed a depot in Sirte at 14:05 on Friday.\n"
              "By mid-afternoon, rebels had shelled the port.")
    timed = {doc[i].text for i in state(doc).times}
    assert "16:40" not in timed and "14:05" in timed and "afternoon" in timed


def test_a_day_part_the_parser_hangs_on_the_object_dates_the_verb(read):
    v = read("Fighting erupted on 14 September near the temple. Gabon proposed a ceasefire that evening. "
             "Togo proposed a truce that the rebels rejected.", published=PUBLISHED)
    assert [e.date for e in sorted(v.events("Proposal"), key=lambda e: e.trigger.start)] == [
        date(2011, 9, 14), None]


def test_clause_on_a_bound_happened_on_that_day(read):
    v = read("Malian troops held out until 3 May, when Tuareg rebels shelled Tessalit.")
    dates = [e.date for e in v.events("Attack")]
    assert len(dates) == 1 and dates[0] is not None and (dates[0].month, dates[0].day) == (5, 3)


def test_a_bound_alone_dates_no_attack(read):
    v = read("Tuareg rebels shelled Tessalit until 3 May.")
    assert [e.date for e in v.events("Attack")] == [None]


def test_on_the_first_day_is_the_day_of_the_fighting_just_told(read):
    v = read(
        "Fighting between Chadian and Cameroonian troops erupted on Thursday near Adre. "
        "On the first day, a mortar strike on a clinic in Abeche left at least six patients dead."
    )
    assert [e.date for e in v.events("Attack")] == [date(2024, 3, 14)]


def test_the_first_day_of_a_month_counts_from_nothing_told(read):
    v = read("Cameroonian troops shelled Adre on Thursday. On the first day of May, rebels shelled Abeche.")
    assert [e.date for e in v.events("Attack") if v.label(e.target) == "Abeche"] in ([], [None])
