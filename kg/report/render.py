"""Write a report: one self-contained HTML file that opens from disk with no network.

The vendored libraries (``kg/report/vendor``), our script and style, the data
and the country outlines are all inlined. A Content-Security-Policy meta tag
forbids every outside request (``default-src 'none'``) and lets run only the
inline scripts whose SHA-256 it lists.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.narrowing import Narrowing
from kg.report.coords import gazetteer_coordinates
from kg.report.graph import check_not_input, open_source, read_graph
from kg.report.output import write_atomically
from kg.report.payload import build_payload

VENDOR_SCRIPTS = ("leaflet.js", "topojson-client.min.js", "vis-timeline-graph2d.min.js", "vis-network.min.js")
# Run only when their view is first shown (the page opens on the map): a data block the page's
# script turns into a <script>, allowed by the same hash. Most of the opening time was compiling them.
LAZY_SCRIPTS = {"vis-timeline-graph2d.min.js": "kg-lib-timeline", "vis-network.min.js": "kg-lib-network"}
VENDOR_STYLES = ("leaflet.css",)
WORLD = "countries-110m.json"
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=\S+\s*$", re.MULTILINE)


@dataclass
class ReportSummary:
    """What a report shows, and how big its file is."""

    documents: int
    places: int
    events: int
    actors: int
    links: int
    bytes: int


def _asset(folder: str, name: str) -> str:
    return files("kg.report").joinpath(folder).joinpath(name).read_text(encoding="utf-8")


def _script_text(text: str) -> str:
    """Text safe inside a <script> element: no source-map fetch, no early ``</script``."""
    return _SOURCE_MAP.sub("", text).replace("</script", "<\\/script")


def _json(value: Any) -> str:
    """JSON safe inside a <script> data block: "<" only occurs in strings, where \\u003c reads the same."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(payload: dict[str, Any], title: str) -> str:
    """The report page for a payload (``kg.report.payload.build_payload``)."""
    eager = [_script_text(_asset("vendor", name)) for name in VENDOR_SCRIPTS if name not in LAZY_SCRIPTS]
    eager.append(_script_text(_asset("assets", "report.js")))
    lazy = {ident: _script_text(_asset("vendor", name)) for name, ident in LAZY_SCRIPTS.items()}
    scripts = [*eager, *lazy.values()]
    styles = [_asset("vendor", name) for name in VENDOR_STYLES] + [_asset("assets", "report.css")]
    policy = ("default-src 'none'; script-src " + " ".join(_sha256(s) for s in scripts)
              + "; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
              "base-uri 'none'; form-action 'none'")
    counts = (f"{len(payload['documents'])} document(s) · {len(payload['events'])} events · "
              f"{len(payload['places'])} mapped places · {len(payload['actors'])} actors in "
              f"{len(payload['edges'])} links")
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{html.escape(title)}</title>\n",
        *(f"<style>\n{s}\n</style>\n" for s in styles),
        "</head>\n<body>\n",
        f"<header><h1>{html.escape(title)}</h1><p>{html.escape(counts)}. Click a point, a timeline item, "
        "an edge or a table row to see its sentence in the article.</p></header>\n",
        '<nav><button data-view="map">Map</button><button data-view="timeline">Timeline</button>'
        '<button data-view="network">Network</button><button data-view="tables">Questions</button></nav>\n',
        '<main><div class="view" id="view-map"><div id="map"></div></div>\n'
        '<div class="view" id="view-timeline" hidden><div id="timeline"></div></div>\n'
        '<div class="view" id="view-network" hidden><div id="network"></div></div>\n'
        '<div class="view" id="view-tables" hidden><div id="tables"></div></div>\n'
        '<aside><div class="bar"><select id="doc-select" aria-label="article"></select></div>'
        '<div id="doc-meta"></div><div id="doc-text"></div></aside></main>\n',
        f'<script type="application/json" id="kg-data">{_json(payload)}</script>\n',
        f'<script type="application/json" id="kg-world">{_script_text(_asset("vendor", WORLD))}</script>\n',
        *(f'<script type="text/plain" id="{ident}">{text}</script>\n' for ident, text in lazy.items()),
        *(f"<script>{text}</script>\n" for text in eager),
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def write_report(graphs: list[Path], store: Path | None, output: Path,
                 title: str = "conflict-kg report", narrowing: Narrowing | None = None) -> ReportSummary:
    """Read graph files or a store and write the report to ``output`` (atomically)."""
    check_not_input(output, graphs)
    return report_store(open_source(graphs, store), output, title, narrowing=narrowing)


def report_store(source: ox.Store, output: Path, title: str = "conflict-kg report",
                 coordinates: Callable[[str], tuple[float, float] | None] | None = None,
                 narrowing: Narrowing | None = None) -> ReportSummary:
    """Write the report of an Oxigraph store (files already loaded, or a store folder opened).

    ``coordinates`` (QID -> lat, lon) places what the graph does not; by default the offline gazetteer.
    ``narrowing`` narrows the questions' tables (those it does not apply to are left out).
    """
    view = read_graph(source, coordinates or gazetteer_coordinates())
    payload = build_payload(source, view, narrowing)
    data = render_html(payload, title).encode("utf-8")
    write_atomically(output, data)
    return ReportSummary(len(payload["documents"]), len(payload["places"]), len(payload["events"]),
                         len(payload["actors"]), len(payload["edges"]), len(data))
