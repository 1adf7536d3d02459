"""A flat event table, one row per event, in the columns ACLED users know.

Columns (``EVENT_COLUMNS``): ``event_id`` (the event node, relative to the id
namespace), ``event_date``, ``event_type`` and ``sub_event_type`` (our event
class and attack subclass), ``actor1`` (the agent), ``actor2`` (the opponent of
a clash, else the target), ``location``, ``country`` (the place itself when it is
a country, else the nearest enclosing country the graph names, else the gazetteer's
country of the nearest place linked to Wikidata), ``latitude`` and
``longitude`` with ``geo_precision`` (1 the place's own coordinates, 2 those of
the nearest enclosing place that has any), ``figures`` (``count qualifier
outcome``), ``fatalities`` (the sum of the figures counted as killed),
``sources`` (who reported it), ``documents`` (the ids of the documents that tell
it), ``evidence`` (the evidence nodes) and ``notes`` (the first supporting
quote). Several values in one cell are joined with ``"; "``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from kg.namespace import ID
from kg.report.coords import gazetteer_coordinates, gazetteer_countries
from kg.report.graph import EventInfo, GraphView, Node, check_not_input, open_source, read_graph
from kg.report.output import write_atomically

Countries = Callable[[str], "str | None"]  # QID -> the name of its country
EVENT_COLUMNS = (
    "event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "country",
    "latitude", "longitude", "geo_precision", "figures", "fatalities", "sources", "documents", "evidence", "notes",
)


def _enclosing(view: GraphView, place: Node) -> list[Node]:
    """The place and the places it lies within, nearest first (cycles stopped)."""
    chain, seen = [place], {place.iri}
    while chain[-1].within and chain[-1].within not in seen and chain[-1].within in view.places:
        seen.add(chain[-1].within)
        chain.append(view.places[chain[-1].within])
    return chain


def _country(chain: list[Node], countries: Countries | None) -> str:
    """The nearest enclosing country the graph names, else the gazetteer's country of the nearest linked place."""
    named = next((p.label for p in chain if p.kind == "Country"), "")
    if named or countries is None:
        return named
    return next((c for c in (countries(p.wikidata) for p in chain if p.wikidata) if c), "")


def _location(view: GraphView, event: EventInfo, countries: Countries | None) -> dict[str, str]:
    places = [view.places[i] for i in event.roles.get("place", []) if i in view.places]
    if not places:
        return {}
    chain = _enclosing(view, places[0])
    found = {"location": places[0].label, "country": _country(chain, countries)}
    for precision, place in enumerate(chain, 1):
        if place.lat is not None and place.lon is not None:
            found.update(latitude=f"{place.lat:.5f}", longitude=f"{place.lon:.5f}",
                         geo_precision=str(min(precision, 2)))
            break
    return found


def _labels(view: GraphView, iris: list[str]) -> str:
    nodes = [view.actors.get(i) or view.places.get(i) for i in iris]
    return "; ".join(dict.fromkeys(n.label for n in nodes if n is not None))


def event_row(view: GraphView, event: EventInfo, countries: Countries | None = None) -> dict[str, str]:
    """One event as a row of ``EVENT_COLUMNS``."""
    evidence = [view.evidence[e] for e in event.evidence if e in view.evidence]
    documents = [view.documents[e.document].ident for e in evidence if e.document in view.documents]
    other = "opponent" if event.kind == "Clash" else "target"
    killed = [int(f.split()[0]) for f in event.figures if f.endswith(" killed")]
    row = {
        "event_id": event.iri.removeprefix(str(ID)),
        "event_date": event.date,
        "event_type": event.kind,
        "sub_event_type": event.subtype,
        "actor1": _labels(view, event.roles.get("agent", [])),
        "actor2": _labels(view, event.roles.get(other, []) or event.roles.get("opponent", [])),
        "figures": "; ".join(event.figures),
        "fatalities": str(sum(killed)) if killed else "",
        "sources": _labels(view, event.roles.get("source", [])),
        "documents": "; ".join(dict.fromkeys(documents)),
        "evidence": "; ".join(e.iri for e in evidence),
        "notes": evidence[0].quote if evidence else "",
    }
    row.update(_location(view, event, countries))
    return {column: row.get(column, "") for column in EVENT_COLUMNS}


def events_csv_text(view: GraphView, countries: Countries | None = None) -> str:
    """The event table as CSV text (RFC 4180, a header row first); ``countries`` (QID -> name) fills ``country``
    where the graph names no enclosing country."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for event in view.events.values():
        writer.writerow(event_row(view, event, countries))
    return out.getvalue()


def write_events_csv(graphs: list[Path], store: Path | None, output: Path) -> int:
    """Write the event table of graph files or a store to ``output`` (atomically); the number of events."""
    check_not_input(output, graphs)
    view = read_graph(open_source(graphs, store), gazetteer_coordinates())
    write_atomically(output, events_csv_text(view, gazetteer_countries()).encode("utf-8"))
    return len(view.events)
