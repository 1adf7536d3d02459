"""Coordinates of places by Wikidata id, from the offline gazetteer (for graphs that carry none)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from kg.linking.gazetteer import default_path


def gazetteer_coordinates() -> Callable[[str], tuple[float, float] | None] | None:
    """A lookup QID -> (lat, lon) over the bundled gazetteer index, or None when it was not built."""
    path = default_path()
    if path is None:
        return None
    con = sqlite3.connect(f"file:{path.resolve()}?mode=ro&immutable=1", uri=True)

    def lookup(qid: str) -> tuple[float, float] | None:
        # The best-supported entry first, as the linker ranks them. An index of another
        # schema gives no coordinates rather than an error: they only add points to a map.
        try:
            row = con.execute("SELECT lat, lon FROM entity WHERE qid = ? AND lat IS NOT NULL AND lon IS NOT NULL "
                              "ORDER BY rank LIMIT 1", (qid,)).fetchone()
        except sqlite3.Error:
            return None
        return (float(row[0]), float(row[1])) if row else None

    return lookup


def gazetteer_countries() -> Callable[[str], str | None] | None:
    """A lookup QID -> the name of the country the gazetteer puts it in, or None when it was not built."""
    from kg.linking.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    if gazetteer is None:
        return None

    def lookup(qid: str) -> str | None:
        place = gazetteer.get(qid, ("country", "region", "city"))
        country_qid = gazetteer.country_qid(place.country) if place is not None and place.country else None
        country = gazetteer.get(country_qid, ("country",)) if country_qid else None
        return country.name if country is not None else None

    return lookup
