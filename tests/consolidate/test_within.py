"""``within`` across the reports of one story: a region that its report does not place gets the country
that another report of the story names, by the gazetteer's part-of chain."""

from __future__ import annotations

from datetime import date

import pytest

from kg.linking.gazetteer import default_gazetteer
from tests.consolidate.test_consolidate import document, entity, rows, store_of

pytestmark = pytest.mark.skipif(default_gazetteer() is None, reason="the offline gazetteer is not built")


def national() -> object:
    return document("national", date(2021, 4, 20), [
        entity("e1", "Chad", "Country", wikidata="Q657"),
        entity("e2", "Chadian army", "StateArmedForce"),
    ], [])


def regional() -> object:
    """The same story's report from a region, naming the army but not the country."""
    return document("regional", date(2021, 4, 21), [
        entity("e1", "Kanem", "Region", wikidata="Q849841"),
        entity("e2", "Chadian army", "StateArmedForce"),
    ], [])


def lone() -> object:
    """Another story: a region whose country only an unrelated report names."""
    return document("lone", date(2021, 4, 22), [entity("e1", "Agadez", "Region", wikidata="Q389944")], [])


def unrelated() -> object:
    return document("unrelated", date(2021, 4, 23), [entity("e1", "Niger", "Country", wikidata="Q1032"),
                                                      entity("e2", "Niger", "State", wikidata="Q1032")], [])


def test_a_region_gets_the_country_that_another_report_of_its_story_names() -> None:
    places = {r["place"]: r.get("within") for r in rows(store_of(national(), regional()), "places")}
    assert places["Kanem"] == "Chad"


def test_a_country_named_only_in_another_story_is_not_used() -> None:
    places = {r["place"]: r.get("within") for r in rows(store_of(lone(), unrelated()), "places")}
    assert places["Agadez"] is None
