"""Phenomenon 9, layout: day headers, datelines and timestamps date the text under them."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.timex import DATELINE, DAY_HEADER, parse_time

pytestmark = pytest.mark.model

LIVE_BLOG = """LIVE: Fighting around Bossangoa

All times GMT. Newest entries first.

THURSDAY 7 MARCH

18:20 - Rebels claim the airport
The Seleka coalition said its fighters had seized the airport of Bossangoa.

SUNDAY 3 MARCH

09:10 - Shelling reported
Government troops shelled rebel positions near Bossangoa, the UN mission said.
"""


def test_day_headers_date_the_live_blog_entries_under_them(read):
    v = read(LIVE_BLOG, published=date(2019, 3, 8))
    said = sorted((v.label(e.agent), e.date) for e in v.events("Statement"))
    assert said == [("Seleka coalition", date(2019, 3, 7)), ("UN mission", date(2019, 3, 3))]
    (attack,) = v.events("Attack")
    assert attack.date == date(2019, 3, 3)


def test_a_date_stated_in_an_entry_wins_over_its_header(read):
    text = (
        "FRIDAY 8 MARCH\n\nThe army said on Wednesday that rebels shelled Bossangoa.\n\n"
        "THURSDAY 7 MARCH\n\nNothing new."
    )
    v = read(text, published=date(2019, 3, 8))
    (said,) = v.events("Statement")
    assert said.date == date(2019, 3, 6)


def test_a_dateline_dates_the_release_statement_but_not_the_events_it_reports(read):
    text = (
        "Nairobi/Geneva, 12 June 2019 (UNHCR) - The UN refugee agency said that rebels attacked "
        "the camp of Kakuma last month."
    )
    v = read(text, published=date(2019, 6, 14))
    (said,) = v.events("Statement")
    assert said.date == date(2019, 6, 12)
    assert all(e.date is None for e in v.events("Attack"))


def test_a_text_without_layout_dates_nothing_from_it(read):
    v = read("The army said rebels shelled the town of Bossangoa.", published=date(2019, 3, 8))
    assert [e.date for e in v.events("Statement")] == [None]


def test_today_is_the_publication_day(read):
    v = read("The army said today that rebels shelled the town of Bossangoa.", published=date(2019, 3, 8))
    assert [e.date for e in v.events("Statement")] == [date(2019, 3, 8)]


@pytest.mark.parametrize(
    "line, day",
    [("MONDAY 4 NOVEMBER", (11, 4)), ("4 November 2019", (11, 4)), ("Tuesday, March 5", (3, 5))],
)
def test_day_header_lines(line, day):
    match = DAY_HEADER.search(f"Intro text.\n\n{line}\n\nEntry.")
    assert match is not None
    expr = parse_time(match.group("date"))
    assert expr is not None and (expr.month, expr.day) == day


@pytest.mark.parametrize("line", ["The talks in Monday were long", "Monday", "Fighting resumed on 4 November"])
def test_ordinary_lines_are_not_day_headers(line):
    assert DAY_HEADER.search(f"{line}\n") is None


def test_datelines():
    assert DATELINE.search("KINSHASA, May 3 (Reuters) - Rebels advanced.").group("date") == "May 3"
    assert DATELINE.search("Talks resumed in Oslo, May 3 - or so it seemed.") is None


def test_a_heading_without_a_full_stop_ends_its_sentence(read):
    text = "Rebels say truce in force\nIbrahim Keita, a spokesman for the Front, told reporters the truce held."
    v = read(text)
    assert v.entity("Ibrahim Keita").kind == "Person"
    assert "Ibrahim Keita" in {v.label(e.agent) for e in v.events("Statement")}


def test_line_starts_split_headings_and_sentences_but_join_wrapped_prose():
    from kg.extract.layout import line_starts

    text = (
        "Short heading\nFirst sentence.\nSecond one\nthat wraps on.\n\n"
        "A first line of a hard-wrapped paragraph, as long as such lines are, goes\non and on."
    )
    starts = [text[i : i + 6] for i in line_starts(text)]
    assert starts == ["First ", "Second", "A firs"]


def test_heading_set_off_by_blank_lines_ends_before_the_paragraph(read):
    text = (
        "Officials met on Monday.\n\nHumanitarian needs\n\n"
        "Officials say over 4,000 families fled their homes in Gao."
    )
    v = read(text)
    assert [(f.count, v.label(e.place)) for e in v.events("Displacement") for f in e.figures] == [(4000, "Gao")]


def test_timestamps_time_zones_datelines_and_country_pairs_are_not_actors(read):
    text = (
        "LIVE: Chad-Sudan border clashes\n\nAll times Abeche and Geneina (GMT+1). Newest first.\n\n"
        "18:20 - Ceasefire in force\nRebels shelled Adre on Monday.\n\n"
        "Geneva/Nairobi, 12 June 2019 (UNHCR) - The agency said 300 people fled Adre."
    )
    labels = {e.label for e in read(text).doc.entities}
    assert not {"Chad-Sudan", "GMT+1", "Geneva/Nairobi", "Abeche and Geneina"} & labels
    assert not any(label.startswith("18:20") for label in labels)
