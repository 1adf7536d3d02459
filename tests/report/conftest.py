"""Fixtures for the report tests: a document written for the purpose, mapped to RDF without spaCy."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest

from kg.model import Document, Entity, Event, Figure, Span
from kg.rdf import document_quads

TEXT = ("Houthi fighters clashed with government troops near Marib on Monday. "
        "The government is allied with Saudi Arabia. "
        "At least 12 soldiers were killed when Houthi fighters shelled a base in Marib, Yemen, officials said.")
COORDINATES = {"Q2000": (15.46, 45.32), "Q805": (15.5, 48.0)}  # Marib, Yemen: lookups a test controls


def span(text: str, occurrence: int = 0) -> Span:
    """The span of the n-th occurrence of ``text`` in TEXT."""
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Span(start, start + len(text), text)


def marib_document() -> Document:
    """Two fights and an alliance in Yemen, with a figure and a source."""
    entities = [
        Entity("houthis", "Houthi fighters", "NonStateArmedGroup",
               [span("Houthi fighters"), span("Houthi fighters", 1)]),
        Entity("gov", "government", "Government", [span("government troops"), span("government", 1)]),
        Entity("saudi", "Saudi Arabia", "State", [span("Saudi Arabia")], wikidata="Q851"),
        Entity("marib", "Marib", "City", [span("Marib"), span("Marib", 1)], wikidata="Q2000", within="yemen"),
        Entity("yemen", "Yemen", "Country", [span("Yemen")], wikidata="Q805"),
        Entity("base", "base", "Facility", [span("base")], within="marib"),
        Entity("soldiers", "soldiers", "Population", [span("soldiers")]),
        Entity("officials", "officials", "Organization", [span("officials")]),
    ]
    events = [
        Event("clash", "Clash", span("clashed"), agent="houthis", opponent="gov", place="marib",
              date=date(2023, 3, 6)),
        Event("shelling", "Attack", span("shelled"), subtype="Shelling", agent="houthis", target="base",
              place="base", source="officials"),
        Event("killed", "Casualties", span("killed"), place="marib", date=date(2023, 3, 6), source="officials",
              figures=[Figure(12, "at-least", "soldiers", "killed", span=span("At least 12 soldiers"))]),
        Event("denied", "Clash", span("clashed"), status="negated", agent="saudi", opponent="houthis"),
    ]
    return Document("marib-test", TEXT, title="Fighting near Marib", published=date(2023, 3, 7),
                    entities=entities, events=events, alliances=[("gov", "saudi")])


@pytest.fixture()
def marib_store() -> ox.Store:
    """The document's graph in an in-memory store."""
    store = ox.Store()
    store.extend(document_quads(marib_document()))
    return store
