"""Fixtures for the report tests: a document written for the purpose, mapped to RDF without spaCy."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.model import Document, Entity, Event, Figure, Span
from kg.rdf import document_nquads, document_quads

ROOT = Path(__file__).resolve().parents[2]

TEXT = ("Shabaab fighters clashed with government troops near Baidoa on Monday. "
        "The government is allied with Djibouti. "
        "At least 12 soldiers were killed when Shabaab fighters shelled a base in Baidoa, Somalia, officials said.")
COORDINATES = {"Q506578": (3.11, 43.65), "Q1045": (10.0, 49.0)}  # Baidoa, Somalia: lookups a test controls


def span(text: str, occurrence: int = 0) -> Span:
    """The span of the n-th occurrence of ``text`` in TEXT."""
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Span(start, start + len(text), text)


def baidoa_document() -> Document:
    """Two fights and an alliance in Somalia, with a figure and a source."""
    entities = [
        Entity("shabaab", "Shabaab fighters", "NonStateArmedGroup",
               [span("Shabaab fighters"), span("Shabaab fighters", 1)]),
        Entity("gov", "government", "Government", [span("government troops"), span("government", 1)]),
        Entity("partner", "Djibouti", "State", [span("Djibouti")], wikidata="Q977"),
        Entity("baidoa", "Baidoa", "City", [span("Baidoa"), span("Baidoa", 1)], wikidata="Q506578", within="somalia"),
        Entity("somalia", "Somalia", "Country", [span("Somalia")], wikidata="Q1045"),
        Entity("base", "base", "Facility", [span("base")], within="baidoa"),
        Entity("soldiers", "soldiers", "Population", [span("soldiers")]),
        Entity("officials", "officials", "Organization", [span("officials")]),
    ]
    events = [
        Event("clash", "Clash", span("clashed"), agent="shabaab", opponent="gov", place="baidoa",
              date=date(2023, 3, 6)),
        Event("shelling", "Attack", span("shelled"), subtype="Shelling", agent="shabaab", target="base",
              place="base", source="officials"),
        Event("killed", "Casualties", span("killed"), place="baidoa", date=date(2023, 3, 6), source="officials",
              figures=[Figure(12, "at-least", "soldiers", "killed", span=span("At least 12 soldiers"))]),
        Event("denied", "Clash", span("clashed"), status="negated", agent="partner", opponent="shabaab"),
    ]
    return Document("baidoa-test", TEXT, title="Fighting near Baidoa", published=date(2023, 3, 7),
                    entities=entities, events=events, alliances=[("gov", "partner")])


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m kg ARGS`` run from the repository, its output captured as text."""
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture()
def baidoa_file(tmp_path: Path) -> Path:
    """The document's graph written as an N-Quads file."""
    path = tmp_path / "baidoa.nq"
    path.write_text(document_nquads(baidoa_document()))
    return path


@pytest.fixture()
def baidoa_store_folder(tmp_path: Path) -> Path:
    """The document's graph in an Oxigraph store on disk, closed again."""
    folder = tmp_path / "kg.store"
    store = ox.Store(str(folder))
    store.extend(document_quads(baidoa_document()))
    store.flush()
    del store
    return folder


@pytest.fixture()
def baidoa_store() -> ox.Store:
    """The document's graph in an in-memory store."""
    store = ox.Store()
    store.extend(document_quads(baidoa_document()))
    return store
