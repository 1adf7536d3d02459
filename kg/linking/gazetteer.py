"""The offline gazetteer: places and organisations with Wikidata QIDs.

An SQLite index built by ``python -m kg.linking.build_index`` (``make
gazetteer``) from ``../shared/gazetteer``; opening it costs milliseconds.
Names are matched through :func:`kg.linking.fold.fold` (diacritics, case,
articles, transliteration variants), acronyms case-sensitively.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path

from kg.errors import Errors, KgError
from kg.linking.fold import FOLD_VERSION, acronym_key, fold, loose, plain

SCHEMA_VERSION = "3"  # must match kg.linking.build_index.SCHEMA_VERSION

PLACE_KINDS = ("country", "region", "city")
_KIND_ORDER = "CASE e.kind WHEN 'country' THEN 0 WHEN 'region' THEN 1 WHEN 'city' THEN 2 ELSE 3 END"
_COLUMNS = "e.qid, e.name, e.kind, e.country, e.parent_qid, e.source"
# Names whose matches are kept: a feed's linker lives as long as the feed, and new names keep coming.
CACHE_NAMES = 50_000


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    qid: str
    name: str
    kind: str  # country|region|city, or international-org|armed-group|government|state-force|ngo|...
    country: str | None  # ISO 3166-1 alpha-2
    parent_qid: str | None
    source: str  # ne+dr5hn|ne|dr5hn for places (best first); org|org-extra for organisations

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS


@dataclass(frozen=True)
class Match:
    """A candidate for a name, and whether the name is spelled like one of its names."""

    candidate: Candidate
    plain: bool  # spelled like one of the entry's names (no transliteration variant needed)
    primary: bool = False  # spelled like the entry's own name, not an alias
    loose: bool = False  # met only through the loose key (vowels, joined parts; see kg.linking.fold)


class Gazetteer:
    """Read-only access to one index file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        uri = f"file:{self.path.resolve()}?mode=ro&immutable=1"
        try:
            self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise KgError(Errors.E202, path=self.path, detail=str(exc)) from None
        if meta.get("fold") != FOLD_VERSION or meta.get("schema") != SCHEMA_VERSION:
            self._con.close()
            detail = f"folding rule {meta.get('fold')}, schema {meta.get('schema')}"
            raise KgError(Errors.E202, path=self.path, detail=detail)
        self._lock = threading.Lock()
        self._cache: dict[str, list[Match]] = {}
        self._demonyms: dict[str, str] | None = None
        self._countries: dict[str, str | None] = {}

    def close(self) -> None:
        self._con.close()

    def _query(self, sql: str, args: tuple) -> list[Candidate]:
        with self._lock:
            return [Candidate(*row) for row in self._con.execute(sql, args).fetchall()]

    def keys(self, name: str) -> list[str]:
        """The index keys a name is looked up by (acronym key and folded key)."""
        acro = acronym_key(name)
        folded = fold(name)
        return [k for k in (acro, folded) if k]

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry whose name or alias folds like ``name``: primary names first,
        then by source confidence and kind (country, region, city, others)."""
        return [match.candidate for match in self.matches(name)]

    def matches(self, name: str) -> list[Match]:
        """Like :meth:`lookup`, each candidate with whether a name of it is spelled like
        ``name`` (``plain``) or only meets it through a transliteration variant."""
        if name in self._cache:
            return self._cache[name]
        # An acronym ("UN") matches acronyms only; the folded name is the fallback
        # for capitals that are not an acronym the index knows ("ALEPPO").
        found: list[Match] = []
        acro = acronym_key(name)
        for key, form in ((acro, acro), (fold(name), plain(name))):
            if not key:
                continue
            with self._lock:
                rows = self._con.execute(self._LOOKUP, (form, form, key)).fetchall()
            found = [Match(Candidate(*row[:6]), bool(row[6]), bool(row[7])) for row in rows]
            if found:
                break
        if len(self._cache) >= CACHE_NAMES:
            self._cache.clear()  # the common names are read again at once; memory stays flat
        self._cache[name] = found
        return found

    def loose_matches(self, name: str) -> list[Match]:
        """Entries that meet ``name`` only through the loose key (step 6 of the folding rule).

        Only the linker asks, and only when :meth:`matches` finds nothing: a loose match is a
        guess that needs the kind and the article's countries to agree."""
        key = loose(name)
        if key is None:
            return []
        with self._lock:
            rows = self._con.execute(self._LOOKUP, (plain(name), plain(name), key)).fetchall()
        return [Match(Candidate(*row[:6]), False, False, True) for row in rows]

    _LOOKUP = (f"SELECT {_COLUMNS}, MAX(n.plain = ?), MAX(n.plain = ? AND n.primary_name = 1) "
               f"FROM name n JOIN entity e ON e.id = n.entity "
               f"WHERE n.key = ? GROUP BY e.qid, e.kind "
               f"ORDER BY MAX(n.primary_name) DESC, MIN(e.rank), {_KIND_ORDER}, MIN(e.id)")

    def get(self, qid: str, kinds: tuple[str, ...] | None = None) -> Candidate | None:
        """The entry with this QID (of one of ``kinds`` if given), the most confident one."""
        sql = f"SELECT {_COLUMNS} FROM entity e WHERE e.qid = ? ORDER BY {_KIND_ORDER}, e.rank, e.id"
        for cand in self._query(sql, (qid,)):
            if kinds is None or cand.kind in kinds:
                return cand
        return None

    def coordinates(self, qid: str) -> tuple[float, float] | None:
        """The WGS84 latitude and longitude of a place, from its most confident entry that has them."""
        sql = f"SELECT e.lat, e.lon FROM entity e WHERE e.qid = ? AND e.lat IS NOT NULL AND e.lon IS NOT NULL " \
              f"ORDER BY {_KIND_ORDER}, e.rank, e.id LIMIT 1"
        with self._lock:
            row = self._con.execute(sql, (qid,)).fetchone()
        return (float(row[0]), float(row[1])) if row else None

    def parents(self, qid: str) -> list[Candidate]:
        """The part-of chain of a place, nearest first (city -> region -> country)."""
        chain: list[Candidate] = []
        seen = {qid}
        current = self.get(qid, ("city",)) or self.get(qid)
        while current is not None and current.parent_qid and current.parent_qid not in seen:
            seen.add(current.parent_qid)
            # A parent is a larger unit: prefer the region/country row of a QID that is also a city, and
            # the row in the child's own country when the sources disagree about a QID's country.
            parent = self._parent_row(current.parent_qid, current.country)
            if parent is None:
                break
            chain.append(parent)
            current = parent
        return chain

    def _parent_row(self, qid: str, country: str | None) -> Candidate | None:
        """The row of a parent QID: a region or country before a city, one in ``country`` first."""
        sql = f"SELECT {_COLUMNS} FROM entity e WHERE e.qid = ? ORDER BY {_KIND_ORDER}, e.rank, e.id"
        rows = self._query(sql, (qid,))
        larger = [c for c in rows if c.kind in ("region", "country")] or rows
        return next((c for c in larger if country and c.country == country), larger[0] if larger else None)

    def inside(self, qid: str) -> list[str]:
        """The QIDs of the places the part-of chains put inside this one (a country: every row of its code)."""
        country = self.get(qid, ("country",))
        if country is not None and country.country:
            sql = "SELECT DISTINCT qid FROM entity WHERE country = ? AND kind IN ('region', 'city') AND qid != ?"
            with self._lock:
                return [row[0] for row in self._con.execute(sql, (country.country, qid))]
        found: list[str] = []
        seen, layer = {qid}, [qid]
        while layer:  # regions hold cities, and a few cities hold districts
            marks = ",".join("?" * len(layer))
            with self._lock:
                rows = self._con.execute(f"SELECT DISTINCT qid FROM entity WHERE parent_qid IN ({marks})", layer)
                layer = [row[0] for row in rows if row[0] not in seen]
            seen.update(layer)
            found += layer
        return found

    def holders(self, qid: str) -> set[str]:
        """The QIDs whose ``inside`` holds this one, and itself: ``inside`` read backwards.

        The countries of its region and city rows' codes, and every place up its part-of chains
        but a country with a code (whose ``inside`` is its code's rows, not its chains).
        """
        found = {qid}
        with self._lock:
            codes = {row[0] for row in self._con.execute(
                "SELECT DISTINCT country FROM entity WHERE qid = ? AND kind IN ('region', 'city') AND country != ''",
                (qid,)) if row[0]}
            countries = [row[0] for code in sorted(codes) for row in self._con.execute(
                "SELECT DISTINCT qid FROM entity WHERE kind = 'country' AND country = ?", (code,))]
        found.update(c for c in countries if self._coded(c) in codes)
        seen, layer = {qid}, [qid]
        while layer:
            marks = ",".join("?" * len(layer))
            with self._lock:
                rows = self._con.execute(
                    f"SELECT DISTINCT parent_qid FROM entity WHERE qid IN ({marks}) AND parent_qid IS NOT NULL", layer)
                layer = [row[0] for row in rows if row[0] and row[0] not in seen]
            seen.update(layer)
            found.update(up for up in layer if not self._coded(up))
        return found

    def _coded(self, qid: str) -> str | None:
        """The code of this QID's country row, when it has one (what makes ``inside`` read by code)."""
        country = self.get(qid, ("country",))
        return country.country if country is not None and country.country else None

    def country_qid(self, code: str) -> str | None:
        """The QID of the country with this ISO 3166-1 alpha-2 code."""
        if code not in self._countries:
            sql = "SELECT qid FROM entity WHERE kind = 'country' AND country = ? ORDER BY rank, id LIMIT 1"
            with self._lock:
                row = self._con.execute(sql, (code,)).fetchone()
            self._countries[code] = row[0] if row else None
        return self._countries[code]

    def demonym(self, word: str) -> Candidate | None:
        """The country a demonym ("Syrian", "Russian") refers to, if the index knows it."""
        if self._demonyms is None:
            with self._lock:
                self._demonyms = dict(self._con.execute("SELECT word, qid FROM demonym").fetchall())
        qid = self._demonyms.get(word)
        return self.get(qid, ("country",)) if qid else None


_DEFAULT: Gazetteer | None = None
_DEFAULT_PID: int | None = None  # an SQLite connection must not cross a fork: reopen in a child
_DEFAULT_LOCK = threading.Lock()


def default_path() -> Path | None:
    """Where the bundled index lives, if it exists."""
    resource = files("kg").joinpath("data").joinpath("gazetteer.sqlite")
    if not resource.is_file():
        return None
    with as_file(resource) as path:  # a real file for a normal install or checkout
        return Path(path)


def default_gazetteer() -> Gazetteer | None:
    """The bundled gazetteer, opened once per process; None when it was not built."""
    global _DEFAULT, _DEFAULT_PID
    with _DEFAULT_LOCK:
        if _DEFAULT_PID != os.getpid():
            path = default_path()
            _DEFAULT = Gazetteer(path) if path is not None else None
            _DEFAULT_PID = os.getpid()
        return _DEFAULT
