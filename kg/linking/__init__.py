"""Linking entities to Wikidata: an offline gazetteer, and an optional online linker.

``link_document(document, gazetteer, online=None)`` is the entry point;
``default_gazetteer()`` opens the bundled index (None when it was not built).
"""

from __future__ import annotations

from kg.linking.gazetteer import Candidate, Gazetteer, default_gazetteer
from kg.linking.link import link_document

__all__ = ["Candidate", "Gazetteer", "default_gazetteer", "link_document"]
