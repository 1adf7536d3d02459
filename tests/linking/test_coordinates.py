"""Linked places carry the gazetteer's WGS84 coordinates, so that maps and GIS tools can plot them."""

from __future__ import annotations

import re

from kg.linking import link_document
from kg.linking.gazetteer import Gazetteer
from kg.model import Document, Entity, Span


def _doc(text: str, *names: tuple[str, str, str]) -> Document:
    doc = Document(id="t", text=text)
    for key, label, kind in names:
        found = re.search(re.escape(label), text)
        assert found is not None
        doc.entities.append(Entity(key, label, kind, mentions=[Span(found.start(), found.end(), label)]))
    return doc


def test_coordinates_of_linked_places_come_from_the_gazetteer(gazetteer: Gazetteer) -> None:
    doc = _doc("Iraqi troops shelled Mosul, in the north of Iraq, and the United Nations condemned it.",
               ("mosul", "Mosul", "City"), ("iraq", "Iraq", "Country"),
               ("un", "United Nations", "InternationalOrganization"))
    link_document(doc, gazetteer)
    mosul, iraq, un = doc.entities
    assert mosul.wikidata and mosul.coordinates is not None
    lat, lon = mosul.coordinates
    assert 35.5 < lat < 37 and 42.5 < lon < 44  # Mosul, not a namesake
    assert iraq.coordinates is not None and 29 < iraq.coordinates[0] < 38
    assert un.coordinates is None  # an organisation is not plotted, linked or not


def test_coordinates_stay_unset_for_unlinked_places(gazetteer: Gazetteer) -> None:
    doc = _doc("Fighters took Qaryat Zzzyx overnight.", ("q", "Qaryat Zzzyx", "City"))
    link_document(doc, gazetteer)
    assert doc.entities[0].wikidata is None and doc.entities[0].coordinates is None
