"""Linking entities to Wikidata: an offline gazetteer, and an optional online linker."""

from __future__ import annotations
