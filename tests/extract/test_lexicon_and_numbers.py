"""Word lists, number words and time phrases: no model needed."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.lexicon import load_lexicon
from kg.extract.quantities import parse_number
from kg.extract.timex import parse_time


def test_demonyms_cover_many_countries():
    lex = load_lexicon()
    assert lex.demonyms["malian"] == ("Mali", "ML")
    assert lex.demonyms["somali"][1] == "SO"
    assert lex.demonyms["sri lankan"][1] == "LK"
    assert len({iso for _, iso in lex.demonyms.values()}) > 120


def test_trigger_with_required_child_wins():
    lex = load_lexicon()
    assert lex.trigger_for("take", True, {"control", "of"}).child == "control"
    assert lex.trigger_for("take", True, {"city"}).child is None
    assert lex.trigger_for("offensive", True, set()) is None  # a noun-only trigger is not a verb


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["3,000"], 3000),
        (["two", "million"], 2_000_000),
        (["1.2", "million"], 1_200_000),
        (["Thirteen"], 13),
        (["twenty-five"], 25),
        (["a", "dozen"], 12),
        (["four", "hundred"], 400),
    ],
)
def test_number_words(words, value):
    assert parse_number(words, load_lexicon()) == value


def test_vague_amounts_are_no_number():
    assert parse_number(["dozens"], load_lexicon()) is None
    assert parse_number(["tens"], load_lexicon()) is None


def test_weekday_is_the_latest_such_day_on_or_before_publication():
    published = date(2024, 3, 15)  # a Friday
    assert parse_time("Sunday").resolve(published) == date(2024, 3, 10)
    assert parse_time("Friday").resolve(published) == date(2024, 3, 15)
    assert parse_time("Saturday night").resolve(published) == date(2024, 3, 9)


def test_month_day_takes_the_publication_year_unless_that_is_later():
    assert parse_time("November 15").resolve(date(2016, 11, 28)) == date(2016, 11, 15)
    assert parse_time("December 30").resolve(date(2017, 1, 4)) == date(2016, 12, 30)


def test_relative_spans_give_an_interval_not_a_day():
    expr = parse_time("last week")
    assert expr.resolve(date(2024, 3, 15)) is None
    assert expr.interval(date(2024, 3, 15)) == (date(2024, 3, 4), date(2024, 3, 10))


def test_without_publication_date_nothing_is_fixed():
    assert parse_time("Sunday").resolve(None) is None
    assert parse_time("a month") is None
