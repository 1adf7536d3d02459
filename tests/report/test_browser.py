"""The report in a real browser: headless Chromium (Debian's) driven by Playwright, from a file, offline."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg import resources
from kg.querying import to_table
from kg.report.render import report_store
from kg.store.sparql import select
from tests.report.conftest import COORDINATES, TEXT

pytestmark = pytest.mark.browser
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium on PATH: install Debian's chromium (apt-get install chromium; .ci/run does it)")
    with sync_api.sync_playwright() as play:
        launched = play.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Opened:
    """A report open in a fresh page, with every request and console error it made."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self.route)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-ready]", state="attached")

    def route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def view(self, name: str) -> None:
        self.page.click(f"nav button[data-view={name}]")

    def active_text(self) -> str:
        return "".join(self.page.locator("#doc-text .active").all_text_contents())


@pytest.fixture()
def baidoa_report(baidoa_store: ox.Store, tmp_path: Path) -> Path:
    path = tmp_path / "report.html"
    report_store(baidoa_store, path, coordinates=COORDINATES.get)
    return path


@pytest.fixture()
def opened(browser: Any, baidoa_report: Path) -> Iterator[Opened]:
    page = Opened(browser, baidoa_report)
    yield page
    page.context.close()


def evidence_text(opened: Opened, ev: int) -> str:
    _, start, end = opened.page.evaluate(f"kgReport.data.evidence[{ev}]")
    return TEXT[start:end]


def test_browser_views_render_with_the_expected_counts(opened: Opened, baidoa_store: ox.Store) -> None:
    assert opened.page.locator("path.kg-place").count() == 2  # Baidoa and Somalia have coordinates
    opened.view("timeline")
    opened.page.wait_for_selector(".vis-item")
    assert opened.page.locator(".vis-item.vis-box").count() == 2  # the dated clash and casualties
    assert opened.page.locator("#timeline .note").text_content().startswith("1 of 3 events have no date")
    opened.view("network")
    assert opened.page.evaluate("kgReport.state.network.body.data.nodes.length") == 3
    assert opened.page.evaluate("kgReport.state.network.body.data.edges.length") == 2
    opened.view("tables")
    names = resources.query_names()
    assert opened.page.locator("table.sortable").count() == len(names)
    for name in names:
        expected = len(to_table(select(baidoa_store, resources.query_text(name))).rows)
        assert opened.page.locator(f"table[data-query={name}] tbody tr").count() == expected, name
    assert opened.errors == []


def test_browser_clicking_a_row_highlights_its_span(opened: Opened) -> None:
    opened.view("tables")
    row = opened.page.locator("table[data-query=clashes] tbody tr").first
    assert row.locator("td").first.text_content() == "Shabaab fighters"
    row.click()
    assert "selected" in (row.get_attribute("class") or "")
    highlighted = opened.active_text()
    assert "clashed" in highlighted
    assert highlighted == evidence_text(opened, int(row.get_attribute("data-ev") or -1))
    actor, opponent, place = row.locator("td").all_text_contents()[:3]
    assert actor in highlighted and opponent in highlighted and place in highlighted  # the row's own sentence
    assert opened.page.locator("#doc-text .active").first.is_visible()


def test_browser_clicking_a_point_an_item_and_an_edge_shows_its_sentence(opened: Opened) -> None:
    opened.page.locator("path.kg-place").first.click()  # places are sorted by label: Baidoa first
    assert "Baidoa" in opened.active_text()
    opened.view("timeline")
    opened.page.locator(".vis-item.vis-box.kind-Clash").click()
    assert "clashed" in opened.active_text()
    opened.view("network")
    opened.page.wait_for_timeout(300)
    edge = opened.page.evaluate("""() => {
        const net = kgReport.state.network, data = kgReport.data;
        const i = data.edges.findIndex(e => e.kind === "clash");
        const pos = net.getPositions([data.edges[i].from, data.edges[i].to]);
        const a = pos[data.edges[i].from], b = pos[data.edges[i].to];
        const dom = net.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
        const box = document.querySelector("#network canvas").getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y, ev: data.edges[i].ev[0]};
    }""")
    opened.page.mouse.click(edge["x"], edge["y"])
    assert opened.active_text() == evidence_text(opened, edge["ev"])
    assert "clashed" in opened.active_text()
    node = opened.page.evaluate("""() => {
        const net = kgReport.state.network, data = kgReport.data;
        const i = data.actors.findIndex(a => a.label === "Djibouti");
        const dom = net.canvasToDOM(net.getPositions([i])[i]);
        const box = document.querySelector("#network canvas").getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""")
    opened.page.mouse.click(node["x"], node["y"])
    assert "Djibouti" in opened.active_text()


def test_browser_tables_sort_on_a_header_click(opened: Opened) -> None:
    opened.view("tables")
    table = opened.page.locator("table[data-query=actors]")
    header = table.locator("th").first
    header.click()
    ascending = table.locator("tbody tr td:first-child").all_text_contents()
    header.click()
    descending = table.locator("tbody tr td:first-child").all_text_contents()
    assert ascending == sorted(ascending, key=str.casefold) or ascending == sorted(ascending)
    assert descending == ascending[::-1] and len(ascending) > 2


def test_browser_no_request_leaves_the_file(opened: Opened, baidoa_report: Path) -> None:
    for name in ("timeline", "network", "tables", "map"):
        opened.view(name)
    opened.page.mouse.wheel(0, -400)  # zoom the map: with tiles this would fetch them
    opened.page.wait_for_timeout(300)
    assert opened.outside == []
    assert set(opened.requests) == {baidoa_report.resolve().as_uri()}
    assert opened.errors == []  # a blocked request or script would be a console error


@pytest.mark.model
def test_browser_example_report_matches_its_graph(browser: Any, example_build, tmp_path: Path) -> None:
    from kg.build import serialize
    from kg.store.sparql import load_files

    store = load_files([])
    store.load(serialize(example_build.dataset, "nq"), format=ox.RdfFormat.N_QUADS)
    path = tmp_path / "example.html"
    summary = report_store(store, path)
    opened = Opened(browser, path)
    try:
        assert opened.page.locator("path.kg-place").count() == summary.places > 0
        opened.view("network")
        assert opened.page.evaluate("kgReport.state.network.body.data.edges.length") == summary.links > 0
        opened.view("tables")
        for row in opened.page.locator("#tables tbody tr[data-ev]").all()[:40]:
            row.click()
            _, start, end = opened.page.evaluate(f"kgReport.data.evidence[{row.get_attribute('data-ev')}]")
            assert len(opened.active_text()) == end - start
        assert opened.outside == [] and opened.errors == []
    finally:
        opened.context.close()


DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"


@pytest.mark.model
def test_browser_dev_corpus_report_is_small_and_draws_every_view(browser: Any, pipeline, tmp_path: Path) -> None:
    if not DEV.is_dir():
        pytest.skip("../shared/corpus/dev is not beside the repository")
    from kg.build import serialize
    from kg.filebuild import build_dataset
    from kg.store.sparql import load_files

    articles = sorted(str(p) for p in DEV.glob("*.json"))
    result = build_dataset(articles, pipeline=pipeline)
    store = load_files([])
    store.load(serialize(result.dataset, "nq"), format=ox.RdfFormat.N_QUADS)
    path = tmp_path / "dev.html"
    summary = report_store(store, path)
    assert summary.documents == len(articles)
    assert summary.bytes < 5_000_000  # the budget for the 23 dev articles
    opened = Opened(browser, path)
    try:
        assert opened.page.locator("path.kg-place").count() == summary.places
        for name in ("timeline", "network", "tables"):
            opened.view(name)
        dated = opened.page.evaluate("kgReport.data.events.filter(e => e.date).length")
        assert opened.page.evaluate("kgReport.state.counts.timeline") == dated > 0
        assert opened.page.evaluate("kgReport.state.network.body.data.nodes.length") == summary.actors
        assert opened.page.locator("table.sortable").count() == len(resources.query_names())
        assert opened.outside == [] and opened.errors == []
    finally:
        opened.context.close()
