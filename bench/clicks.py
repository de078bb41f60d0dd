"""What a user feels in the browser: a sidebar click (and a page's link opened by a new
visitor) to every chart drawn, in headless Chromium against a warm server.

For each page of the dashboard, and for the floor app (bench/floor_app.py: a title and one
small chart), in the same browser and run:

- **click**: from a neutral page, a click on the page's sidebar link, until the page's title
  is shown, its script has finished, nothing is stale and every Plotly chart has drawn;
- **open**: a new browser context (no cache, as a new visitor) opening the page's link, until
  the headline (title and first chart) and until every chart is drawn;
- the browser's CPU seconds (every Chromium process of this run), the server's, the bytes
  received over the websocket, the number of Plotly charts and their points, the script runs.

    python -m bench.clicks                       # sample, 1M and 10M, 5 each: the documented run
    python -m bench.clicks --sizes 10M --pages quality,productivity
    python -m bench.clicks --db PATH             # a database of yours, printed, not recorded

The recorded runs go to bench/results/clicks.json and docs/performance.md (bench.report).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    cpu_s,
    free_port,
    loopback_only,
    start,
    stop,
    wait_healthy,
)

FLOOR_APP = "bench/floor_app.py"
VIEWPORT = {"width": 1440, "height": 1000}
NAV_LINKS = "[data-testid='stSidebarNav'] a"

# Script finished, nothing stale, the expected title shown and at least `charts` Plotly
# charts, each with its SVG root (Plotly creates it as it draws the figure).
DRAWN = """([title, charts]) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const h1 = document.querySelector("[data-testid='stMain'] h1");
  if (!h1 || (title !== null && h1.innerText.trim() !== title)) return false;
  const plots = [...document.querySelectorAll("[data-testid='stMain'] .stPlotlyChart, [data-testid='stMain'] [data-testid='stPlotlyChart']")];
  if (plots.length < charts) return false;
  return plots.every(p => p.querySelector('.main-svg'));
}"""

# The headline: the title, and the page's first chart drawn (when it has one).
HEADLINE = """([title, charts]) => {
  const h1 = document.querySelector("[data-testid='stMain'] h1");
  if (!h1 || h1.innerText.trim() !== title) return false;
  if (charts === 0) return true;
  const first = document.querySelector("[data-testid='stMain'] [data-testid='stPlotlyChart']");
  return !!(first && first.querySelector('.main-svg'));
}"""

# Charts on the page and the points of each: per trace its largest data array (a heatmap's
# z counts every cell), summed over traces.
POINTS = """() => [...document.querySelectorAll("[data-testid='stMain'] .js-plotly-plot")].map(gd =>
  (gd.data || []).reduce((sum, tr) => sum + Math.max(0, ...['x', 'y', 'z', 'lat', 'lon', 'values']
    .map(k => { const v = tr[k]; if (!v) return 0;
      if (k === 'z' && v.length && v[0] && v[0].length !== undefined) return Array.from(v).reduce((a, r) => a + r.length, 0);
      return v.length || 0; })), 0))"""

# Counts the script runs the page starts (a transition into 'running').
COUNT_RUNS = """() => {
  window.__runs = 0;
  const watch = () => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app) { requestAnimationFrame(watch); return; }
    let last = app.getAttribute('data-test-script-state');
    new MutationObserver(() => {
      const now = app.getAttribute('data-test-script-state');
      if (now === 'running' && last !== 'running') window.__runs += 1;
      last = now;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  };
  watch();
}"""


def _descendants(root: int, skip: set[int]) -> list[int]:
    """Every process below `root`, without the subtrees of `skip` (the server)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            if child not in skip:
                out.append(child)
                todo.append(child)
    return out


class Clock:
    """CPU seconds of the browser (this process's Chromium tree) and of the server."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid

    def read(self) -> tuple[float, float]:
        browser = sum(cpu_s(p) or 0.0 for p in _descendants(os.getpid(), {self.server_pid}))
        return browser, cpu_s(self.server_pid) or 0.0


class Wire:
    """Bytes the page receives over its websocket."""

    def __init__(self, page) -> None:
        self.bytes = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._count))

    def _count(self, payload: str | bytes) -> None:
        self.bytes += len(payload)


def _median(xs: list[float]) -> float | None:
    xs = [x for x in xs if x is not None]
    return round(statistics.median(xs), 3) if xs else None


def _settle(page, title: str | None, charts: int, timeout_ms: float) -> None:
    page.wait_for_function(DRAWN, arg=[title, charts], polling="raf", timeout=timeout_ms)


def _learn(page, url_path: str, timeout_ms: float) -> tuple[str, int]:
    """The page's title and number of charts, once it has settled (twice idle, apart)."""
    for _ in range(2):
        _settle(page, None, 0, timeout_ms)
        page.wait_for_timeout(500)
    title = page.locator("[data-testid='stMain'] h1").first.inner_text().strip()
    charts = page.locator("[data-testid='stMain'] [data-testid='stPlotlyChart']").count()
    return title, charts


def _click(page, url_path: str, default: str) -> None:
    """The sidebar link of the page (the default page's link is the bare address)."""
    links = page.locator(NAV_LINKS)
    for i in range(links.count()):
        href = urlsplit(links.nth(i).get_attribute("href") or "").path.strip("/")
        if href == url_path or (href == "" and url_path == default):
            if links.nth(i).get_attribute("aria-current") != "page":  # the current one is inert
                links.nth(i).click()
            return
    raise LookupError(f"no sidebar link to {url_path}")


def measure_app(
    script: str,
    db_path: Path,
    targets: list[str],
    neutral: dict[str, str],
    default: str,
    repeats: int,
    timeout: float = 120,
) -> dict[str, Any]:
    """Clicks and opens of every target page of one app (a server of its own)."""
    from playwright.sync_api import sync_playwright

    timeout_ms = timeout * 1000
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    def link(path: str) -> str:
        return f"{base}/" if path == default else f"{base}/{path}"

    proc = start(db_path, port, script=script)
    results: dict[str, Any] = {}
    try:
        wait_healthy(proc, port, timeout)
        clock = Clock(proc.pid)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                context = browser.new_context(viewport=VIEWPORT, locale="en-US")
                context.route("**/*", loopback_only)
                context.add_init_script(f"({COUNT_RUNS})()")
                page = context.new_page()
                wire = Wire(page)
                page.goto(link(neutral[targets[0]]), wait_until="commit")
                _learn(page, neutral[targets[0]], timeout_ms)
                # Two passes warm the server's caches and the browser's bundles for each page.
                shape: dict[str, tuple[str, int]] = {}
                for _ in range(2):
                    for path in targets:
                        _click(page, neutral[path], default)
                        _learn(page, neutral[path], timeout_ms)
                        _click(page, path, default)
                        shape[path] = _learn(page, path, timeout_ms)
                clicks: dict[str, list[dict]] = {path: [] for path in targets}
                for _ in range(repeats):
                    for path in targets:
                        title, charts = shape[path]
                        _click(page, neutral[path], default)
                        _learn(page, neutral[path], timeout_ms)
                        browser_cpu, server_cpu = clock.read()
                        sent, runs = wire.bytes, page.evaluate("() => window.__runs")
                        t0 = time.perf_counter()
                        _click(page, path, default)
                        _settle(page, title, charts, timeout_ms)
                        elapsed = time.perf_counter() - t0
                        # the run's own tail (the URL written back, a second run) is its cost
                        page.wait_for_timeout(300)
                        _settle(page, title, charts, timeout_ms)
                        browser_after, server_after = clock.read()
                        points = page.evaluate(POINTS)
                        clicks[path].append(
                            {
                                "s": elapsed,
                                "browser_cpu_s": browser_after - browser_cpu,
                                "server_cpu_s": server_after - server_cpu,
                                "ws_bytes": wire.bytes - sent,
                                "runs": page.evaluate("() => window.__runs") - runs,
                                "charts": len(points),
                                "points": sum(points),
                                "max_points": max(points, default=0),
                            }
                        )
                context.close()
                opens: dict[str, list[dict]] = {path: [] for path in targets}
                for _ in range(repeats):
                    for path in targets:
                        title, charts = shape[path]
                        visitor = browser.new_context(viewport=VIEWPORT, locale="en-US")
                        visitor.route("**/*", loopback_only)
                        tab = visitor.new_page()
                        t0 = time.perf_counter()
                        tab.goto(link(path), wait_until="commit")
                        tab.wait_for_function(
                            HEADLINE, arg=[title, charts], polling="raf", timeout=timeout_ms
                        )
                        headline = time.perf_counter() - t0
                        _settle(tab, title, charts, timeout_ms)
                        drawn = time.perf_counter() - t0
                        opens[path].append({"headline_s": headline, "drawn_s": drawn})
                        visitor.close()
            finally:
                browser.close()
    finally:
        stop(proc)
    for path in targets:
        c, o = clicks[path], opens[path]
        results[path] = {
            "title": shape[path][0],
            "click_s": _median([r["s"] for r in c]),
            "click_browser_cpu_s": _median([r["browser_cpu_s"] for r in c]),
            "click_server_cpu_s": _median([r["server_cpu_s"] for r in c]),
            "ws_bytes": _median([r["ws_bytes"] for r in c]),
            "runs": _median([r["runs"] for r in c]),
            "charts": c[-1]["charts"] if c else None,
            "points": c[-1]["points"] if c else None,
            "max_points": c[-1]["max_points"] if c else None,
            "open_headline_s": _median([r["headline_s"] for r in o]),
            "open_drawn_s": _median([r["drawn_s"] for r in o]),
            "clicks": c,
            "opens": o,
        }
    return results


def neutral_pages(paths: list[str]) -> dict[str, str]:
    """Each page is clicked from the Data page (no chart), the Data page from the Overview."""
    return {p: ("overview" if p == "data" else "data") for p in paths}


def measure(db_path: Path, pages: list[str], repeats: int = 5) -> dict[str, Any]:
    """Every page of the dashboard and the floor, in one browser session each, same run."""
    floor = measure_app(FLOOR_APP, db_path, ["one_chart"], {"one_chart": "blank"}, "blank", repeats)
    dash = measure_app("dashboard.py", db_path, pages, neutral_pages(pages), "overview", repeats)
    f = floor["one_chart"]
    for r in dash.values():
        r["click_ratio"] = round(r["click_s"] / f["click_s"], 2)
        r["open_headline_ratio"] = round(r["open_headline_s"] / f["open_headline_s"], 2)
    return {"repeats": repeats, "floor": f, "pages": dash}


CLICKS_JSON = Path(__file__).resolve().parent / "results" / "clicks.json"


def _slim(out: dict[str, Any]) -> dict[str, Any]:
    """The medians and the runs' figures, without the per-run lists of every click."""
    keep = {k: v for k, v in out["floor"].items() if k not in ("clicks", "opens")}
    pages = {
        path: {k: v for k, v in r.items() if k not in ("clicks", "opens")}
        for path, r in out["pages"].items()
    }
    spread = {
        path: {
            "click_s_all": [round(c["s"], 3) for c in r["clicks"]],
            "open_headline_s_all": [round(o["headline_s"], 3) for o in r["opens"]],
        }
        for path, r in out["pages"].items()
    }
    for path, extra in spread.items():
        pages[path].update(extra)
    keep["click_s_all"] = [round(c["s"], 3) for c in out["floor"]["clicks"]]
    keep["open_headline_s_all"] = [round(o["headline_s"], 3) for o in out["floor"]["opens"]]
    return {"repeats": out["repeats"], "floor": keep, "pages": pages}


def main(argv: list[str] | None = None) -> int:
    from bench import data, report
    from bench.run import load_average, machine
    from pages.common.nav import PAGES

    ap = argparse.ArgumentParser(prog="python -m bench.clicks", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="sample,1M,10M", help=f"of {', '.join(data.SIZES)}")
    ap.add_argument("--db", type=Path, help="measure this database and print, record nothing")
    ap.add_argument("--repeats", type=int, default=5, help="clicks and opens per page (medians)")
    ap.add_argument("--pages", default=",".join(p.url_path for p in PAGES))
    ap.add_argument("--results", type=Path, default=CLICKS_JSON)
    args = ap.parse_args(argv)
    pages = [p for p in args.pages.split(",") if p]
    if args.db:
        print(json.dumps(_slim(measure(args.db, pages, args.repeats)), indent=1))
        return 0
    command = " ".join(["python -m bench.clicks", *(argv if argv is not None else sys.argv[1:])])
    try:
        results = json.loads(args.results.read_text())
    except (OSError, ValueError):
        results = {"sizes": {}}
    results.update(machine=machine(), command=command)
    for name in [s for s in args.sizes.split(",") if s]:
        db_path = data.ensure(name)
        print(f"[clicks] {name}: {db_path}", file=sys.stderr, flush=True)
        started, load_start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), load_average()
        t0 = time.perf_counter()
        out = _slim(measure(db_path, pages, args.repeats))
        out.update(
            measured_at=started,
            seconds=round(time.perf_counter() - t0, 1),
            daily_rows=data.daily_rows(db_path),
            load_average_start=load_start,
            load_average_end=load_average(),
        )
        results["sizes"][name] = out
        # written after every size: a long run interrupted keeps what it measured
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=1, default=str))
    bench_json = data.REPO / "bench" / "results" / "bench.json"
    report.write(json.loads(bench_json.read_text()), report.DOC)
    return 0


if __name__ == "__main__":
    sys.exit(main())
