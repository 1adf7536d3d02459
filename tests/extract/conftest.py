"""Shared fixtures for the extractor tests: the pipeline is loaded once per session."""

from __future__ import annotations

from datetime import date

import pytest

from kg.model import Document


@pytest.fixture(scope="session")
def nlp():
    """The full pipeline (the model plus our components)."""
    from kg.extract import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def read(nlp):
    """Extract a Document from a text published on a fixed day; returns a small view of it."""
    from kg.extract import extract

    def _read(text: str, published: date | None = date(2024, 3, 15)) -> View:
        return View(extract(nlp, Document("t", text, published=published)))

    return _read


class View:
    """A Document with helpers that speak in labels, for short assertions."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.by_key = {e.key: e for e in doc.entities}

    def label(self, key: str | None) -> str | None:
        return None if key is None else self.by_key[key].label if key in self.by_key else key

    def events(self, kind: str, status: str | None = "asserted") -> list:
        return [e for e in self.doc.events if e.kind == kind and (status is None or e.status == status)]

    def roles(self, kind: str, *names: str, status: str | None = "asserted") -> list[tuple]:
        return [tuple(self.label(getattr(e, n)) for n in names) for e in self.events(kind, status)]

    def entity(self, label: str):
        return next((e for e in self.doc.entities if e.label == label), None)
