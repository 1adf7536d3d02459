"""Build the offline gazetteer index (SQLite) from the shared TSV files.

Usage: ``python -m kg.linking.build_index SRC_DIR OUT.sqlite [--extra TSV]``.
SRC_DIR holds ``places.tsv`` and ``organizations.tsv`` (see its SOURCES.md);
``kg/data/organizations-extra.tsv`` is added unless ``--extra`` names another
file. The output is byte-reproducible: rows go in a fixed order, the file is
written to a temporary name, vacuumed, then renamed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import Errors, KgError
from kg.linking.fold import FOLD_VERSION, acronym_key, fold, loose, plain
from kg.linking.gazetteer import SCHEMA_VERSION

# Confidence of a row's QID by its source: lower is better (SOURCES.md).
SOURCE_RANK = {"ne+dr5hn": 0, "org": 0, "org-extra": 0, "ne": 1, "dr5hn": 2}
KIND_RANK = {"country": 0, "region": 1, "city": 2}
DEFAULT_EXTRA = Path(__file__).resolve().parent.parent / "data" / "organizations-extra.tsv"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entity (
  id INTEGER PRIMARY KEY, qid TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  country TEXT, parent_qid TEXT, source TEXT NOT NULL, rank INTEGER NOT NULL,
  lat REAL, lon REAL, evidence TEXT
);
CREATE TABLE name (key TEXT NOT NULL, entity INTEGER NOT NULL, plain TEXT NOT NULL,
  primary_name INTEGER NOT NULL, PRIMARY KEY (key, entity, plain)) WITHOUT ROWID;
CREATE TABLE demonym (word TEXT PRIMARY KEY, qid TEXT NOT NULL) WITHOUT ROWID;
"""

# Demonyms that no suffix rule derives from the country's English name.
IRREGULAR_DEMONYMS = {
    "Afghan": "AF", "American": "US", "British": "GB", "Burmese": "MM", "Congolese": "CD",
    "Dutch": "NL", "Emirati": "AE", "Filipino": "PH", "French": "FR", "German": "DE", "Greek": "GR",
    "Saudi": "SA", "Spanish": "ES", "Swiss": "CH", "Turkish": "TR", "Danish": "DK", "Swedish": "SE",
    "Polish": "PL", "Finnish": "FI", "Irish": "IE", "Norwegian": "NO", "Kuwaiti": "KW",
    "Qatari": "QA", "Bahraini": "BH", "Omani": "OM", "Thai": "TH", "Malagasy": "MG",
    "Ivorian": "CI", "Sahrawi": "EH", "Yemeni": "YE", "Iraqi": "IQ", "Israeli": "IL",
    "Pakistani": "PK", "Bangladeshi": "BD", "Somali": "SO", "Lebanese": "LB", "Sudanese": "SD",
    "Chinese": "CN", "Japanese": "JP", "Vietnamese": "VN", "Nepalese": "NP", "Nepali": "NP",
    "Portuguese": "PT", "Senegalese": "SN", "Togolese": "TG", "Maltese": "MT", "Yemenite": "YE",
    "Kazakh": "KZ", "Uzbek": "UZ", "Tajik": "TJ", "Kyrgyz": "KG", "Turkmen": "TM",
    "Nigerien": "NE", "Peruvian": "PE", "Chilean": "CL", "Argentine": "AR", "Argentinian": "AR",
    "Mozambican": "MZ", "Ghanaian": "GH", "Cypriot": "CY", "Laotian": "LA", "Kosovar": "XK",
    "Salvadoran": "SV", "Burkinabe": "BF", "Bosnian": "BA", "Motswana": "BW", "Batswana": "BW",
    # Two-word demonyms, matched before their second word alone ("South Sudanese" is not "Sudanese").
    "South African": "ZA", "South Sudanese": "SS", "North Korean": "KP", "South Korean": "KR",
    "Sri Lankan": "LK", "Central African": "CF", "Saudi Arabian": "SA", "New Zealander": "NZ",
}


# Common English short forms that the sources lack or give to another row
# (places.tsv lists "U.S." for the US Virgin Islands and "USA" for a polar station).
# They count as primary names so that lookups rank these countries first.
CURATED_PLACE_NAMES = {
    "Q30": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "Q145": ("UK", "U.K.", "Britain", "Great Britain"),
    # "Congo" names both; the article's context (e.g. "Congolese", "Kinshasa") decides.
    "Q974": ("Congo", "DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo"),
    "Q971": ("Congo", "Congo-Brazzaville", "Republic of Congo"),
}


def _read_tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _aliases(field: str | None) -> list[str]:
    out: list[str] = []
    for alias in (field or "").split("|"):
        alias = alias.strip()
        if not alias:
            continue
        out.append(alias)
        if "/" in alias:  # NE's name_alt packs variants as "Mogadishu/Muqdisho/Mogadiscio"
            out.extend(part.strip() for part in alias.split("/") if part.strip())
    return out


def _keys(name: str, aliases: Iterable[str]) -> list[tuple[str, str, int]]:
    """(key, plain form, is-primary-name) rows; acronyms get a case-sensitive key only, other
    names their folded key and their loose key (see :mod:`kg.linking.fold`)."""
    keys: dict[tuple[str, str], int] = {}
    for text, primary in [(name, 1)] + [(a, 0) for a in aliases]:
        acro = acronym_key(text)
        forms = [acro] if acro is not None else [fold(text), loose(text)]
        for form in forms:
            key = (form, acro if acro is not None else plain(text)) if form else None
            if key is not None and keys.get(key, -1) < primary:
                keys[key] = primary
    return sorted((key, form, primary) for (key, form), primary in keys.items())


def _demonyms(name: str) -> list[tuple[str, int]]:
    """Demonyms derived from an English country name by suffix rules, with a priority."""
    out = [(name + "n", 1)] if name.endswith("a") else []
    if name.endswith("e"):
        out.append((name[:-1] + "ian", 2))
    out += [(name + "ese", 3), (name + "i", 4), (name + "ian", 5), (name + "an", 6)]
    if name.endswith("a"):
        out += [(name[:-1] + "ian", 3), (name[:-1] + "ese", 4), (name[:-1] + "i", 6)]
    if name.endswith("on"):
        out.append((name[:-2] + "ese", 4))
    if name.endswith("o"):  # Mexico, Morocco
        out.append((name[:-1] + "an", 3))
    return out


def _build_demonyms(countries: list[tuple[str, str, list[str]]]) -> list[tuple[str, str]]:
    """(word, qid) for country demonyms; a word two countries derive at equal priority is dropped."""
    by_code = {code: qid for qid, code, _ in countries if code}
    best: dict[str, tuple[int, set[str]]] = {}
    for qid, _code, names in countries:
        for name in names:
            if not name.isascii() or not name.replace(" ", "").isalpha() or " " in name:
                continue
            for word, prio in _demonyms(name):
                if len(word) < 5:
                    continue
                seen = best.get(word)
                if seen is None or prio < seen[0]:
                    best[word] = (prio, {qid})
                elif prio == seen[0]:
                    seen[1].add(qid)
    for word, code in IRREGULAR_DEMONYMS.items():
        if code in by_code:
            best[word] = (0, {by_code[code]})
    return sorted((w, next(iter(q))) for w, (_, q) in best.items() if len(q) == 1)


def _rows(src: Path, extra: Path | None) -> list[tuple]:
    rows: list[tuple] = []
    for rec in _read_tsv(src / "places.tsv"):
        rows.append((rec["qid"], rec["name"], rec["kind"], rec["country"] or None, rec["parent_qid"] or None,
                     rec["source"], float(rec["lat"]) if rec["lat"] else None,
                     float(rec["lon"]) if rec["lon"] else None, None, _aliases(rec["aliases"])))
    for path, source in ((src / "organizations.tsv", "org"), (extra, "org-extra")):
        if path is None or not path.exists():
            continue
        for rec in _read_tsv(path):
            if not rec.get("qid", "").startswith("Q"):
                continue
            rows.append((rec["qid"], rec["name"], rec["kind"], rec["country"] or None, None, source,
                         None, None, rec.get("evidence") or None, _aliases(rec["aliases"])))
    return rows


def build(src: Path, out: Path, extra: Path | None = DEFAULT_EXTRA) -> dict[str, int]:
    """Build the index at ``out``; return counts (entities, names, demonyms)."""
    rows = _rows(src, extra)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        names: list[tuple[str, int, str, int]] = []
        countries: list[tuple[str, str, list[str]]] = []
        for ident, (qid, name, kind, country, parent, source, lat, lon, evidence, aliases) in enumerate(rows, 1):
            rank = SOURCE_RANK.get(source, 3)
            con.execute("INSERT INTO entity VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (ident, qid, name, kind, country, parent, source, rank, lat, lon, evidence))
            names.extend((key, ident, form, primary) for key, form, primary in _keys(name, aliases))
            if kind == "country" and qid in CURATED_PLACE_NAMES:
                names.extend((key, ident, form, 1) for key, form, _ in _keys(name, CURATED_PLACE_NAMES[qid]))
            if kind == "country":
                countries.append((qid, country or "", [name] + aliases))
        con.executemany("INSERT OR REPLACE INTO name VALUES (?,?,?,?)", sorted(names))
        demonyms = _build_demonyms(countries)
        con.executemany("INSERT INTO demonym VALUES (?,?)", demonyms)
        con.execute("CREATE INDEX entity_qid ON entity (qid)")
        digest = hashlib.sha256()
        for path in (src / "places.tsv", src / "organizations.tsv", extra):
            if path is not None and path.exists():
                digest.update(path.read_bytes())
        meta = {"schema": SCHEMA_VERSION, "fold": FOLD_VERSION, "inputs_sha256": digest.hexdigest()}
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    os.replace(tmp, out)
    return {"entities": len(rows), "names": len(names), "demonyms": len(demonyms)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.linking.build_index", description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path, help="folder with places.tsv and organizations.tsv")
    parser.add_argument("out", type=Path, help="the SQLite file to write")
    parser.add_argument("--extra", type=Path, default=DEFAULT_EXTRA, help="extra organisations TSV")
    args = parser.parse_args(argv)
    if not (args.src / "places.tsv").is_file():
        error = KgError(Errors.E201, path=args.src)
        print(f"error {error.code}: {error.message}", file=sys.stderr)
        return 1
    counts = build(args.src, args.out, args.extra)
    size = args.out.stat().st_size
    print(f"gazetteer: {counts['entities']} entities, {counts['names']} names, "
          f"{counts['demonyms']} demonyms -> {args.out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
