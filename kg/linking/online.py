"""Online linking: ask a Wikidata SPARQL endpoint about names the gazetteer left unlinked.

Used only with ``--online``. Queries go through SPARQLWrapper with a
descriptive User-Agent (Wikimedia's policy), names are batched into ``VALUES``
blocks, requests are spaced by ``min_interval`` seconds, and every answer is
cached on disk (one JSON file per query hash) so that a second run sends no
request. When the endpoint cannot be reached, the linker warns once and goes on
offline (cached answers still count).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import time
import urllib.error
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import Literal

from kg.errors import Errors, KgError

DEFAULT_WDQS = "https://query.wikidata.org/sparql"
WD = "http://www.wikidata.org/entity/"

# Wikidata classes (wdt:P31 values) that an entity of each model kind may have.
COUNTRY = ("Q6256", "Q3624078")  # country, sovereign state
# city, big city, city with millions of inhabitants, capital, town, human settlement
CITY = ("Q515", "Q1549591", "Q1637706", "Q5119", "Q3957", "Q486972")
REGION = ("Q10864048",)  # first-level administrative country subdivision
ARMED_ORGANIZATION = ("Q17149090",)
INTERNATIONAL_ORGANIZATION = ("Q484652",)
HUMAN = ("Q5",)
KIND_CLASSES: dict[str, tuple[str, ...]] = {
    "Country": COUNTRY,
    "State": COUNTRY,
    "City": CITY,
    "Region": REGION,
    "Place": COUNTRY + CITY + REGION,
    "NonStateArmedGroup": ARMED_ORGANIZATION,
    "InternationalOrganization": INTERNATIONAL_ORGANIZATION,
    "Alliance": INTERNATIONAL_ORGANIZATION,
    "Person": HUMAN,
}

QUERY = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?name ?item ?country WHERE {{
  VALUES ?name {{ {names} }}
  VALUES ?type {{ {types} }}
  {{ ?item rdfs:label ?name }} UNION {{ ?item skos:altLabel ?name }}
  ?item wdt:P31 ?type .
  OPTIONAL {{ ?item wdt:P17 ?country }}
}}"""


def default_cache_dir() -> Path:
    """$KG_CACHE_DIR, else $XDG_CACHE_HOME/conflict-kg, else ~/.cache/conflict-kg (plus /wikidata)."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"]) / "wikidata"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "conflict-kg" / "wikidata"


def default_user_agent() -> str:
    """A descriptive User-Agent, as https://meta.wikimedia.org/wiki/User-Agent_policy asks."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("conflict-kg")
    except PackageNotFoundError:
        ours = "dev"
    try:
        wrapper = version("SPARQLWrapper")
    except PackageNotFoundError:
        wrapper = "unknown"
    return (f"conflict-kg/{ours} (https://w3id.org/conflict-kg; entity linking of conflict news; "
            f"run by a conflict-kg user) SPARQLWrapper/{wrapper} Python/{platform.python_version()}")


class WikidataLinker:
    """Links (name, kind) pairs to Wikidata QIDs through a SPARQL endpoint."""

    def __init__(
        self,
        endpoint: str = DEFAULT_WDQS,
        cache_dir: str | Path | None = None,
        user_agent: str | None = None,
        batch_size: int = 50,
        min_interval: float = 1.0,
        timeout: float = 30.0,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise KgError(Errors.E203, url=endpoint)
        self.endpoint = endpoint
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.user_agent = user_agent or default_user_agent()
        self.batch_size = max(1, batch_size)
        self.min_interval = max(0.0, min_interval)
        self.timeout = timeout
        self.requests = 0  # HTTP requests sent by this linker
        self.offline = False  # set after the endpoint could not be reached
        self._last_request = 0.0

    def can_link(self, kind: str) -> bool:
        """Whether entities of this model kind are looked up online."""
        return kind in KIND_CLASSES

    def link(self, items: Sequence[tuple[str, str]], context: Sequence[str] = ()) -> list[str | None]:
        """A QID (or None) for each (name, kind); ``context`` = QIDs of the document's countries.

        A name matching several items is resolved by their country (P17) being in
        ``context``; otherwise it stays unlinked.
        """
        groups: dict[tuple[str, ...], list[str]] = {}
        for name, kind in items:
            classes = KIND_CLASSES.get(kind)
            if classes and name.strip():
                names = groups.setdefault(classes, [])
                if name not in names:
                    names.append(name)
        found: dict[tuple[tuple[str, ...], str], dict[str, set[str]]] = {}
        for classes, names in groups.items():
            for start in range(0, len(names), self.batch_size):
                batch = names[start:start + self.batch_size]
                for name, qid, country in self._ask(batch, classes):
                    countries = found.setdefault((classes, name), {}).setdefault(qid, set())
                    if country:
                        countries.add(country)
        answers: list[str | None] = []
        for name, kind in items:
            matches = found.get((KIND_CLASSES.get(kind, ()), name), {})
            answers.append(_choose(matches, set(context)))
        return answers

    def _ask(self, names: list[str], classes: tuple[str, ...]) -> list[tuple[str, str, str | None]]:
        query = QUERY.format(
            names=" ".join(Literal(name, lang="en").n3() for name in sorted(names)),
            types=" ".join(f"wd:{qid}" for qid in classes),
        )
        result = self._cached(query)
        if result is None:
            return []
        rows = []
        for binding in result.get("results", {}).get("bindings", []):
            item = binding.get("item", {}).get("value", "")
            if not item.startswith(WD):
                continue
            country = binding.get("country", {}).get("value", "")
            rows.append((binding["name"]["value"], item[len(WD):],
                         country[len(WD):] if country.startswith(WD) else None))
        return rows

    def cache_path(self, query: str) -> Path:
        """Where the answer to a query is cached."""
        digest = hashlib.sha256(f"{self.endpoint}\n{query}".encode()).hexdigest()
        return self.cache_dir / f"{digest}.json"

    def _cached(self, query: str) -> dict[str, Any] | None:
        path = self.cache_path(query)
        if path.is_file():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass  # a damaged cache file is asked again
        if self.offline:
            return None
        result = self._request(query)
        if result is not None:
            self._store(path, result)
        return result

    def _store(self, path: Path, result: dict[str, Any]) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(result, sort_keys=True), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            print(f"warning {KgError(Errors.E205, path=self.cache_dir, detail=exc.strerror or exc)}",
                  file=sys.stderr)

    def _request(self, query: str) -> dict[str, Any] | None:
        from SPARQLWrapper import JSON, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        wait = self._last_request + self.min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        client = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        client.setQuery(query)
        client.setReturnFormat(JSON)
        client.setTimeout(int(max(1, self.timeout)))
        for attempt in range(3):
            self.requests += 1
            self._last_request = time.monotonic()
            try:
                result = client.query().convert()
            except urllib.error.HTTPError as exc:
                if exc.code in (429, 503) and attempt < 2:  # rate limited: wait as told, then retry
                    time.sleep(_retry_after(exc.headers.get("Retry-After")))
                    continue
                self._give_up(f"HTTP {exc.code}")
                return None
            except (urllib.error.URLError, OSError, SPARQLWrapperException) as exc:
                self._give_up(str(getattr(exc, "reason", exc)).splitlines()[0][:200])
                return None
            return result if isinstance(result, dict) else None
        self._give_up("rate limited")
        return None

    def _give_up(self, detail: str) -> None:
        """Go offline for the rest of the run, with one warning."""
        if not self.offline:
            self.offline = True
            error = KgError(Errors.E204, url=self.endpoint, detail=detail)
            print(f"warning {error.code}: {error.message}", file=sys.stderr)
        return None


def _retry_after(value: str | None) -> float:
    """Seconds to wait from a Retry-After header (seconds, or a date we do not parse), at most a minute."""
    try:
        return min(max(float(value or 5), 0.0), 60.0)
    except ValueError:
        return 5.0


def _choose(matches: dict[str, set[str]], context: set[str]) -> str | None:
    """The one item a name means, or None when it stays ambiguous."""
    if len(matches) == 1:
        return next(iter(matches))
    if context:
        local = [qid for qid, countries in matches.items() if countries & context or qid in context]
        if len(local) == 1:
            return local[0]
    return None
