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
    doc = _doc("Somali troops shelled Kismayo, in the south of Somalia, and the European Union condemned it.",
               ("kismayo", "Kismayo", "City"), ("somalia", "Somalia", "Country"),
               ("eu", "European Union", "InternationalOrganization"))
    link_document(doc, gazetteer)
    kismayo, somalia, eu = doc.entities
    assert kismayo.wikidata and kismayo.coordinates is not None
    lat, lon = kismayo.coordinates
    assert -1 < lat < 0.5 and 41.5 < lon < 43.5  # Kismayo, not a namesake
    assert somalia.coordinates is not None and -2 < somalia.coordinates[0] < 12
    assert eu.coordinates is None  # an organisation is not plotted, linked or not


def test_coordinates_stay_unset_for_unlinked_places(gazetteer: Gazetteer) -> None:
    doc = _doc("Fighters took Qaryat Zzzyx overnight.", ("q", "Qaryat Zzzyx", "City"))
    link_document(doc, gazetteer)
    assert doc.entities[0].wikidata is None and doc.entities[0].coordinates is None
