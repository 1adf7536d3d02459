"""The report file: self-contained, a policy that forbids outside requests, vendored libraries with licences."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF, RDFS

from kg.namespace import CKG
from kg.report.graph import read_graph
from kg.report.payload import build_payload
from kg.report.render import VENDOR_SCRIPTS, VENDOR_STYLES, WORLD, render_html

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "kg" / "report" / "vendor"


def test_render_policy_allows_only_the_inline_scripts_it_lists(baidoa_store: ox.Store) -> None:
    page = render_html(build_payload(baidoa_store, read_graph(baidoa_store)), "A <test> report")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy is not None
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).replace("&#x27;", "'").split(";"))
    assert directives["default-src"] == "'none'" and directives["connect-src"] == "'none'"
    scripts = re.findall(r'<script(?: type="text/plain" id="[\w-]+")?>(.*?)</script>', page, flags=re.DOTALL)
    assert len(scripts) == len(VENDOR_SCRIPTS) + 1  # the libraries (some run later, from data blocks) and ours
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in directives["script-src"]
    assert "unsafe" not in directives["script-src"]
    assert "<title>A &lt;test&gt; report</title>" in page


def test_render_page_names_no_outside_resource(baidoa_store: ox.Store) -> None:
    page = render_html(build_payload(baidoa_store, read_graph(baidoa_store)), "report")
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=""", page)
    assert "sourceMappingURL" not in page


def test_render_vendored_files_have_licences_and_versions_noted() -> None:
    readme = (VENDOR / "README.md").read_text()
    for name in (*VENDOR_SCRIPTS, *VENDOR_STYLES, WORLD):
        assert (VENDOR / name).is_file(), name
        assert f"`{name}`" in readme, name
    for library in ("leaflet", "topojson-client", "world-atlas", "vis-timeline", "vis-network"):
        assert list(VENDOR.glob(f"{library}.LICENSE*")), library
    assert (VENDOR / "vis-bundled.LICENSES").is_file()


def test_render_vendored_files_ship_in_the_wheel(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
                            str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    import zipfile

    [wheel] = tmp_path.glob("conflict_kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (*VENDOR_SCRIPTS, *VENDOR_STYLES, WORLD, "leaflet.LICENSE", "README.md"):
        assert f"kg/report/vendor/{name}" in names, name
    assert {"kg/report/assets/report.js", "kg/report/assets/report.css"} <= names


@pytest.mark.model
def test_render_demo_writes_the_example_report(tmp_path: Path, example_build) -> None:
    import io

    from kg.demo import run_demo

    out = io.StringIO()
    run_demo(out, report=tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text()
    assert "Content-Security-Policy" in page
    data = example_build.dataset
    actors = {str(label) for node, _, _, _ in data.quads((None, RDF.type, CKG.Actor, None))
              for _, _, label, _ in data.quads((node, RDFS.label, None, None))}
    assert actors and any(json.dumps(label)[1:-1] in page for label in actors)  # the example's actors are in the data
    assert f"-> {tmp_path / 'report.html'}" in out.getvalue()


def test_render_data_cannot_close_its_script_block() -> None:
    payload = {"documents": [{"id": "x", "title": "</script><script>alert(1)</script><!--", "published": "",
                              "url": "", "runs": []}], "evidence": [], "places": [], "events": [], "actors": [],
               "edges": [], "tables": []}
    page = render_html(payload, "t")
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, flags=re.DOTALL)
    assert data is not None
    assert json.loads(data.group(1))["documents"][0]["title"] == payload["documents"][0]["title"]
