"""`make report-demo`: screenshots of each view of a report, and the dev corpus report's size and opening time.

A developer tool (it reads ../shared and needs Playwright from the test extra),
so it lives outside the installed package. It writes, under --out:
``report.html`` (the bundled example) and ``report-{map,timeline,network,tables}.png``;
when the dev corpus is there, ``dev.nq`` and ``dev-report.html``, and prints the
report's size and the median time headless Chromium takes to open it (from the
navigation to the page saying it is drawn), over --runs fresh pages.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWS = ("map", "timeline", "network", "tables")


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        sys.exit("error: no chromium on PATH (Debian: apt-get install chromium)")
    return found


def screenshots(browser: Browser, report: Path, out: Path, size: tuple[int, int] = (1280, 720)) -> list[Path]:
    """One PNG per view; the tables after a click on a row, so the article shows its sentence."""
    out.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(report.resolve().as_uri())
    page.wait_for_selector("body[data-ready]", state="attached")
    saved = []
    for view in VIEWS:
        page.click(f"nav button[data-view={view}]")
        page.wait_for_timeout(1200 if view == "network" else 300)  # let the network settle
        if view == "tables":
            page.locator("#tables tr[data-ev]").nth(3).click()
        path = out / f"report-{view}.png"
        page.screenshot(path=str(path))
        saved.append(path)
    page.close()
    return saved


def open_seconds(browser: Browser, report: Path, runs: int) -> tuple[float, list[str]]:
    """The median seconds from navigation to a drawn page, and every URL the page requested."""
    times, requests = [], []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.on("request", lambda r: requests.append(r.url))
        start = time.perf_counter()
        page.goto(report.resolve().as_uri())
        page.wait_for_selector("body[data-ready]", state="attached")
        times.append(time.perf_counter() - start)
        page.close()
    return statistics.median(times), sorted(set(requests))


def kg(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "kg", *args], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=Path("demo-out"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--readme", type=Path, help="also save the README's screenshot (the questions view) here")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    example = args.out / "report.html"
    kg("demo", "--report", str(example))
    dev = args.shared / "corpus" / "dev"
    dev_report = args.out / "dev-report.html"
    if dev.is_dir():
        kg("build", str(dev), "-o", str(args.out / "dev.nq"), "--quiet")
        kg("report", str(args.out / "dev.nq"), "-o", str(dev_report), "--title", "conflict-kg: dev corpus")
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        for path in screenshots(browser, example, args.out):
            print(f"screenshot -> {path}")
        if args.readme:
            small = screenshots(browser, example, args.out / "small", (1000, 560))
            shutil.copyfile(small[-1], args.readme)
            print(f"README screenshot -> {args.readme}")
        if dev.is_dir():
            seconds, requests = open_seconds(browser, dev_report, args.runs)
            outside = [url for url in requests if not url.startswith("file:")]
            print(f"dev corpus report: {dev_report.stat().st_size / 1e6:.2f} MB, opens in {seconds:.2f} s "
                  f"(median of {args.runs}, headless Chromium); requests outside the file: {len(outside)}")
            for path in screenshots(browser, dev_report, args.out / "dev"):
                print(f"screenshot -> {path}")
        browser.close()


if __name__ == "__main__":
    main()
