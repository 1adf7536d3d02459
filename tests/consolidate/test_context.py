"""A document's countries, for merging names: the countries it names and those around the places it links."""

from __future__ import annotations

from datetime import date

import pytest

from kg.consolidate import consolidate
from kg.consolidate.entities import countries, country_of
from kg.consolidate.records import read
from kg.linking.gazetteer import default_gazetteer
from tests.consolidate.test_consolidate import document, entity, quads

pytestmark = pytest.mark.skipif(default_gazetteer() is None, reason="the offline gazetteer is not built")


def named() -> object:
    """A report naming the country and a small town the gazetteer does not know."""
    return document("named", date(2019, 3, 1), [
        entity("e1", "Mali", "Country", wikidata="Q912"),
        entity("e2", "Tessit", "City"),
    ], [])


def regional() -> object:
    """A report that names only a region of the same country, and the same town."""
    return document("regional", date(2019, 3, 2), [
        entity("e1", "Gao", "Region", wikidata="Q332392"),
        entity("e2", "Tessit", "City"),
    ], [])


def elsewhere() -> object:
    """A report naming a region of another country and a town of the same one-word name."""
    return document("elsewhere", date(2019, 3, 3), [
        entity("e1", "Kanem", "Region", wikidata="Q849841"),
        entity("e2", "Tessit", "City"),
    ], [])


def test_country_of_a_region_and_of_a_country() -> None:
    assert country_of("Q332392") == "Q912"
    assert country_of("Q912") is None  # a country lies in no country


def test_a_document_naming_only_regions_is_about_their_country() -> None:
    found = countries(read(quads(named(), regional(), elsewhere())))  # type: ignore[arg-type]
    by_id = {graph.rsplit("/", 1)[-1]: ids for graph, ids in found.items()}
    assert by_id["named"] == by_id["regional"] == {"Q912"}
    assert by_id["elsewhere"] == {"Q657"}


def test_a_one_word_town_merges_across_reports_of_one_country_only() -> None:
    result = consolidate(quads(named(), regional(), elsewhere()))  # type: ignore[arg-type]
    merged = [line for line in result.nquads.decode().splitlines() if "mergedInto" in line and "/e2>" in line]
    assert {line.split("/id/")[1].split("/")[0] for line in merged} == {"named", "regional"}
