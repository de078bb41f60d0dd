"""The load test: `make loadtest`, or `python -m bench.loadtest [--sessions 10] [--duration 180]`.

One dashboard server on 127.0.0.1 reading a database the loader publishes
(bench/.data/loadtest.duckdb, a link switched by queries.publish). One headless Chromium
with a context per session (nothing leaves the loopback: every other request is aborted).
Each session clicks through every page of pages/common/nav.py PAGES in the sidebar,
starting at a different one, and on each page changes a filter (picks an industry in the
sidebar, or clears the filters). Midway the loader publishes a new, larger database on the
same path (`python -m queries.load SOURCE --db PATH`), while the sessions keep clicking.

Counted: every step's time (from the click until the script has finished and nothing on
the page is stale), errors (an exception or error box on the page), timeouts; the server's
resident memory over the run (/proc/PID/status); and the cache settings of
pages/common/cache.py (ttl, max_entries) read from its source. Written to
bench/results/loadtest.json (docs/performance.md shows it); exit status 1 on any error or
timeout.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import data, report, server

RESULTS = data.REPO / "bench" / "results" / "loadtest.json"
SHOTS = data.DATA / "loadtest-errors"
DB = data.DATA / "loadtest.duckdb"
CACHE_PY = data.REPO / "pages" / "common" / "cache.py"

# Resolves once the script has run after the action and the page has settled: Streamlit
# marks the app 'running' while a script runs and elements 'stale' until they are redrawn.
WATCH = """() => {
  window.__runs = 0;
  if (window.__observer) window.__observer.disconnect();
  const app = document.querySelector("[data-testid='stApp']");
  if (!app) return;  // a page still loading: SETTLED falls back to a quiet period
  window.__observer = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__runs += 1;
  });
  window.__observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
SETTLED = """(started) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelectorAll('[data-stale="true"]').length) return false;
  if (!document.querySelector("[data-testid='stMain'] h1, [data-testid='stMain'] [data-testid='stAlert']")) return false;
  return (window.__runs || 0) > 0 || performance.now() - started > 1500;
}"""


def _log(msg: str) -> None:
    print(f"[loadtest] {msg}", file=sys.stderr, flush=True)


def cache_settings(path: Path = CACHE_PY) -> list[dict[str, Any]]:
    """Every st.cache_data / st.cache_resource in the cached layer, with ttl and max_entries."""
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.FunctionDef):
            continue
        for dec in node.decorator_list:
            call = dec if isinstance(dec, ast.Call) else None
            func = call.func if call else dec
            kind = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if kind not in ("cache_data", "cache_resource"):
                continue
            kw = {k.arg: ast.unparse(k.value) for k in (call.keywords if call else [])}
            params = [a.arg for a in node.args.args + node.args.kwonlyargs]
            out.append(
                {
                    "function": node.name,
                    "kind": kind,
                    "ttl": kw.get("ttl"),
                    "max_entries": kw.get("max_entries"),
                    "parameters": len(params),
                    # a function of no arguments has one entry per process, whatever users do
                    "bounded": kw.get("max_entries") not in (None, "None") or not params,
                }
            )
    return out


def cache_verdict(caches: list[dict[str, Any]]) -> str:
    if not caches:
        return "No Streamlit cache found in pages/common/cache.py."
    loose = [c["function"] for c in caches if not c["bounded"]]
    if loose:
        return (
            f"**Not bounded**: {', '.join(loose)} take arguments and set no max_entries, so "
            "their entries grow with every distinct argument until the ttl (if any) expires them."
        )
    return (
        f"All {len(caches)} caches are bounded in entries (max_entries, or no arguments at "
        "all), whatever the users choose; the ttl also drops results of databases no longer "
        "current. What they hold is at most max_entries × the largest result (results are "
        "aggregated frames); the server RSS above is the measurement."
    )


def _percentile(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


class Run:
    def __init__(self) -> None:
        self.steps: list[dict[str, Any]] = []
        self.error_examples: list[str] = []
        self.publish: dict[str, Any] = {}
        self.rss: list[tuple[float, float]] = []
        self.cpu: list[tuple[float, float]] = []
        self.t0 = time.perf_counter()

    def now(self) -> float:
        return time.perf_counter() - self.t0


async def _settle(page, timeout_s: float) -> None:
    started = await page.evaluate("performance.now()")
    await page.wait_for_function(SETTLED, arg=started, timeout=timeout_s * 1000, polling=50)


async def _step(run: Run, page, sid: int, kind: str, name: str, action, timeout_s: float):
    """Do one action, wait for the page to settle, record time, errors and timeouts."""
    await page.evaluate(WATCH)
    t0 = time.perf_counter()
    outcome, detail = "ok", ""
    try:
        await action()
        await _settle(page, timeout_s)
    except Exception as exc:  # a timeout or a page that broke: counted, then reloaded
        outcome = "timeout" if "Timeout" in type(exc).__name__ else "failed"
        lines = str(exc).splitlines()
        # the first line says what timed out, the call log's last lines say on what
        detail = f"{type(exc).__name__}: " + " | ".join(lines[:1] + lines[-3:])[:600]
    seconds = time.perf_counter() - t0
    if outcome == "ok":
        errors = page.locator(server.ERRORS)
        if await errors.count():
            outcome = "error"
            try:
                detail = (await errors.first.inner_text(timeout=5000))[:300]
            except Exception as exc:  # gone again by the next rerun: still an error seen
                detail = f"(an error box that went away: {type(exc).__name__})"
        elif await page.get_by_text("Page not found").count():
            outcome, detail = "error", "Page not found"
    step = {
        "session": sid,
        "kind": kind,
        "page": name,
        "seconds": round(seconds, 3),
        "at_s": round(run.now(), 1),
        "outcome": outcome,
    }
    run.steps.append(step)
    if outcome != "ok":
        run.error_examples.append(f"session {sid} {kind} {name}: {outcome}: {detail}")
        SHOTS.mkdir(parents=True, exist_ok=True)
        # the screenshot is a courtesy; the count is what matters
        with contextlib.suppress(Exception):
            await page.screenshot(path=str(SHOTS / f"s{sid}-{len(run.steps)}-{name}.png"))
    return step


async def _loopback_only(route) -> None:
    if server.is_loopback(route.request.url):
        await route.continue_()
    else:
        await route.abort()


async def _nav_link(page, url_path: str, first: bool):
    links = page.locator("[data-testid='stSidebarNavLink']")
    count = await links.count()
    for i in range(count):
        href = await links.nth(i).get_attribute("href") or ""
        if href.rstrip("/").endswith("/" + url_path) or (
            first and href.rstrip("/").count("/") <= 2
        ):
            return links.nth(i)
    more = page.locator("[data-testid='stSidebarNavViewButton']")
    if await more.count():
        await more.first.click()
        return await _nav_link(page, url_path, first)
    return None


async def session(run: Run, browser, base: str, sid: int, pages: list, deadline: float, args):
    context = await browser.new_context(viewport={"width": 1440, "height": 1000})
    await context.route("**/*", _loopback_only)
    page = await context.new_page()
    page.set_default_timeout(args.step_timeout * 1000)
    lang = "zh" if sid % 2 else "en"

    async def open_root():
        await page.goto(f"{base}/?lang={lang}", wait_until="domcontentloaded")

    await _step(run, page, sid, "open", pages[0].url_path, open_root, args.step_timeout)
    order = pages[sid % len(pages) :] + pages[: sid % len(pages)]
    visit = 0
    while time.monotonic() < deadline:
        spec = order[visit % len(order)]
        visit += 1

        async def go(spec=spec):
            link = await _nav_link(page, spec.url_path, spec is pages[0])
            if link is None:  # not in the menu: open its link, as a bookmark would
                await page.goto(
                    f"{base}/{spec.url_path}?lang={lang}", wait_until="domcontentloaded"
                )
            else:
                await link.click()

        step = await _step(run, page, sid, "page", spec.url_path, go, args.step_timeout)
        if step["outcome"] != "ok":
            await _recover(page, base, lang)
            continue
        if time.monotonic() >= deadline:
            break
        pick = visit % 2 == 1

        async def change(pick=pick, visit=visit):
            if pick:
                box = page.locator(".st-key-industry input[role='combobox']").first
                await box.click()
                options = page.locator("[role='option']")
                await options.first.wait_for()
                n = await options.count()
                await options.nth((sid + visit) % max(n, 1)).click()
                await page.keyboard.press("Escape")
            else:
                await page.locator(".st-key-reset_filters button").first.click()

        step = await _step(run, page, sid, "filter", spec.url_path, change, args.step_timeout)
        if step["outcome"] != "ok":
            await _recover(page, base, lang)
    await context.close()


async def _recover(page, base: str, lang: str) -> None:
    try:
        await page.goto(f"{base}/?lang={lang}", wait_until="domcontentloaded")
        await _settle(page, 60)
    except Exception:
        pass


async def publish_midway(run: Run, at_s: float, source: Path, label: str) -> None:
    await asyncio.sleep(at_s)
    _log(f"publishing {source} on {DB} ...")
    run.publish = {"started_s": run.now(), "source": str(source), "source_label": label}
    t0 = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "queries.load",
        str(source),
        "--db",
        str(DB),
        "--keep",
        "3",
        cwd=data.REPO,
        env=data.env(),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await proc.communicate()
    run.publish.update(
        {
            "seconds": time.perf_counter() - t0,
            "finished_s": run.now(),
            "returncode": proc.returncode,
            "stderr": err.decode()[-500:] if proc.returncode else "",
        }
    )
    _log(f"published in {run.publish['seconds']:.0f} s (exit {proc.returncode})")


async def sample_rss(run: Run, pid: int, stop: asyncio.Event) -> None:
    while not stop.is_set():
        mb = server.rss_mb(pid)
        if mb is not None:
            run.rss.append((run.now(), mb))
        cpu = server.cpu_s(pid)
        if cpu is not None:
            run.cpu.append((run.now(), cpu))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.0)


async def main_async(args) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from pages.common.nav import PAGES

    pages = list(PAGES)
    start_size, new_size = data.SIZES[args.start_size], data.SIZES[args.publish_size]
    first_src, new_src = data.ensure_files(start_size), data.ensure_files(new_size)
    _log(f"loading {first_src} into {DB} ...")
    subprocess.run(
        [sys.executable, "-m", "queries.load", str(first_src), "--db", str(DB), "--keep", "3"],
        check=True,
        cwd=data.REPO,
        env=data.env(),
        stdout=subprocess.DEVNULL,
    )
    port = server.free_port()
    log = data.DATA / "loadtest-server.log"
    proc = server.start(DB, port, log)
    run = Run()
    try:
        server.wait_healthy(proc, port)
        base = f"http://127.0.0.1:{port}"
        rss_healthy = server.rss_mb(proc.pid)
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_rss(run, proc.pid, stop))
        async with async_playwright() as p:
            browser = await p.chromium.launch(
                executable_path=server.CHROMIUM, args=server.CHROMIUM_ARGS, headless=True
            )
            t_start = run.now()
            deadline = time.monotonic() + args.duration
            publisher = asyncio.create_task(
                publish_midway(
                    run,
                    args.duration * args.publish_at,
                    new_src,
                    f"{new_size.name} (generator scale {new_size.scale})",
                )
            )
            tasks = [
                asyncio.create_task(session(run, browser, base, i, pages, deadline, args))
                for i in range(args.sessions)
            ]
            # Bounded: whatever the sessions do, the run ends a step's timeout after the
            # deadline.
            done, pending = await asyncio.wait(
                tasks, timeout=args.duration + args.step_timeout * 2 + 30
            )
            for t in pending:
                t.cancel()
            crashed = [str(t.exception()) for t in done if t.exception() is not None]
            await publisher
            await browser.close()
        stop.set()
        await sampler
        rss_end = server.rss_mb(proc.pid)
    finally:
        server.stop(proc)
    return summarize(run, args, pages, t_start, rss_healthy, rss_end, crashed, len(pending))


def _cpu_summary(samples: list[tuple[float, float]]) -> dict[str, float | None]:
    """The server's CPU seconds over the run, and the share of one core it kept busy: near
    1.0 means the one Python process (scripts share its GIL) is the bottleneck."""
    if len(samples) < 2:
        return {"seconds": None, "cores_busy": None}
    (t0, c0), (t1, c1) = samples[0], samples[-1]
    return {"seconds": round(c1 - c0, 1), "cores_busy": round((c1 - c0) / max(t1 - t0, 1e-9), 2)}


def summarize(run, args, pages, t_start, rss_healthy, rss_end, crashed, hung) -> dict[str, Any]:
    steps = run.steps
    timed = [s for s in steps if s["kind"] in ("page", "filter") and s["outcome"] == "ok"]
    secs = [s["seconds"] for s in timed]
    per_page = {}
    for spec in pages:
        xs = [s["seconds"] for s in timed if s["page"] == spec.url_path and s["kind"] == "page"]
        if xs:
            per_page[spec.url_path] = {
                "n": len(xs),
                "median_s": statistics.median(xs),
                "p95_s": _percentile(xs, 0.95),
            }
    published = run.publish.get("finished_s")
    after = {
        s["session"] for s in steps if published and s["at_s"] > published and s["outcome"] == "ok"
    }
    rss = [mb for _, mb in run.rss]
    half = [mb for t, mb in run.rss if t > (published or 0)]
    caches = cache_settings()
    errors = sum(s["outcome"] in ("error", "failed") for s in steps) + len(crashed)
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m bench.loadtest " + " ".join(sys.argv[1:]),
        "sessions": args.sessions,
        "duration_s": args.duration,
        "db_label": f"{args.start_size} at start, {args.publish_size} published midway",
        "pages": [p.url_path for p in pages],
        "steps": len(steps),
        "page_steps": sum(s["kind"] == "page" for s in steps),
        "filter_steps": sum(s["kind"] == "filter" for s in steps),
        "errors": errors,
        "timeouts": sum(s["outcome"] == "timeout" for s in steps) + hung,
        "error_examples": run.error_examples[:20] + crashed[:5],
        "median_s": statistics.median(secs) if secs else None,
        "p95_s": _percentile(secs, 0.95),
        "max_s": max(secs, default=None),
        "per_page": per_page,
        "publish": run.publish,
        "sessions_after_publish": len(after),
        "server_rss_mb": {
            "healthy": rss_healthy,
            "start": rss[0] if rss else None,
            "peak": max(rss, default=None),
            "end": rss_end,
            "peak_after_publish": max(half, default=None),
            "samples": [
                (round(t, 1), round(mb, 1)) for t, mb in run.rss[:: max(1, len(run.rss) // 200)]
            ],
        },
        "server_cpu": _cpu_summary(run.cpu),
        "caches": caches,
        "cache_verdict": cache_verdict(caches),
        "steps_detail": steps,
        "started_at_s": t_start,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.loadtest", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--duration", type=float, default=180, help="seconds of clicking")
    ap.add_argument("--publish-at", type=float, default=0.5, help="fraction of the duration")
    ap.add_argument("--step-timeout", type=float, default=90, help="seconds per step")
    ap.add_argument("--start-size", default="sample", choices=sorted(data.SIZES))
    ap.add_argument("--publish-size", default="1M", choices=sorted(data.SIZES))
    ap.add_argument("--results", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    result = asyncio.run(main_async(args))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(result, indent=1, default=str))
    rss = result["server_rss_mb"]
    print(
        f"{result['steps']} steps by {args.sessions} sessions in {args.duration:.0f} s: "
        f"{result['errors']} errors, {result['timeouts']} timeouts; page time median "
        f"{result['median_s'] or 0:.2f} s, p95 {result['p95_s'] or 0:.2f} s; server RSS "
        f"{rss['start'] or 0:.0f} -> peak {rss['peak'] or 0:.0f} -> end {rss['end'] or 0:.0f} MB; "
        f"publish exit {result['publish'].get('returncode')}"
    )
    print(result["cache_verdict"])
    for e in result["error_examples"][:10]:
        print("  " + e)
    # the benchmark's document shows the last load test: rewrite it if it exists
    bench_json = data.REPO / "bench" / "results" / "bench.json"
    if bench_json.exists() and args.results == RESULTS:
        report.write(json.loads(bench_json.read_text()))
    return 1 if result["errors"] or result["timeouts"] else 0


if __name__ == "__main__":
    sys.exit(main())
