"""docs/performance.md and its plot, written from the benchmark's results (bench.run) and the
last load test (bench.loadtest). Nothing in the document is typed by hand: rerun the
command and it is rewritten."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from bench import data

DOC = data.REPO / "docs" / "performance.md"
PLOT_NAME = "performance-time-vs-rows.svg"
CLICKS_PLOT = "performance-clicks.svg"
CLICKS_JSON = data.REPO / "bench" / "results" / "clicks.json"
CLICK_RATIO = 2.0
CLICK_S = 1.0
OPEN_RATIO = 2.0
LOADTEST_JSON = data.REPO / "bench" / "results" / "loadtest.json"

TARGET_SIZE = "10M"
WARM_S = 0.3
COLD_S = 1.0
UNIT_COLD_S = 0.5
PANDAS_RATIO = 10
RSS_MB = 1536
CHART_POINTS = 100_000
FIRST_CHART_S = 5.0


def _s(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _n(x: float | None) -> str:
    return "–" if x is None else f"{x:,.0f}"


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**missed**")


def _rows(size: dict) -> str:
    r = size.get("daily_rows")
    return f"{r / 1e6:.1f}M" if r else "?"


def _target_size(results: dict) -> tuple[str | None, bool]:
    """The size the targets are judged at: 10M, or the largest one run (said so)."""
    sizes = results.get("sizes", {})
    if TARGET_SIZE in sizes:
        return TARGET_SIZE, True
    if not sizes:
        return None, False
    return max(sizes, key=lambda k: sizes[k].get("daily_rows", 0)), False


def _page_rows(size: dict) -> list[tuple[str, dict, dict]]:
    return [
        (name, p.get("all", {}), p.get("unit", {})) for name, p in size.get("pages", {}).items()
    ]


def _baseline_ratio(b: dict | None) -> dict[str, float | None]:
    """pandas over DuckDB for each figure: its grouping alone (frames already in memory) and
    with the read, both against DuckDB on a connection that has read nothing yet."""
    if not b or "failed" in b:
        return {}
    out = {}
    for fig in ("headline", "weekly"):
        duck = b.get(f"duckdb_{fig}_cold_s")
        pandas_s = b.get(f"pandas_{fig}_s")
        if duck and pandas_s:
            out[f"{fig}_compute"] = pandas_s / duck
            out[f"{fig}_with_read"] = (pandas_s + b["pandas_read_s"]) / duck
    return out


def targets(results: dict) -> list[dict[str, Any]]:
    """Each target: what was measured, where, and whether it was met."""
    name, exact = _target_size(results)
    out: list[dict[str, Any]] = []
    if name is None:
        return out
    size = results["sizes"][name]
    where = name if exact else f"{name} (largest size run; 10M not run)"
    pages = _page_rows(size)

    def worst(rows, key, variant_idx):
        vals = [
            (p[variant_idx].get(key), p[0]) for p in rows if p[variant_idx].get(key) is not None
        ]
        return max(vals) if vals else (None, None)

    def add(target, measured, ok, note=""):
        out.append({"target": target, "measured": measured, "ok": ok, "where": where, "note": note})

    errs = [
        n
        for n, a, u in pages
        if a.get("errors") or u.get("errors") or a.get("failed") or u.get("failed")
    ]
    warm_all, warm_page = worst([(n, a, u) for n, a, u in pages], "warm_s", 1)
    warm_unit, warm_upage = worst([(n, a, u) for n, a, u in pages], "warm_s", 2)
    warm = max([w for w in (warm_all, warm_unit) if w is not None], default=None)
    misses = sorted(
        {
            n
            for n, a, u in pages
            for v in (a, u)
            if v.get("warm_s") is not None and v["warm_s"] >= WARM_S
        }
    )
    add(
        f"every page warm < {WARM_S} s",
        f"slowest {_s(warm)} s ({warm_page if warm == warm_all else warm_upage})",
        None if warm is None else not misses and not errs,
        "missed by: " + ", ".join(misses) if misses else "",
    )
    cold, cold_page = worst(pages, "cold_s", 1)
    misses = sorted(n for n, a, _ in pages if a.get("cold_s") is not None and a["cold_s"] >= COLD_S)
    add(
        f"every page cold < {COLD_S:g} s (default filters)",
        f"slowest {_s(cold)} s ({cold_page})",
        None if cold is None else not misses and not errs,
        "missed by: " + ", ".join(misses) if misses else "",
    )
    ucold, ucold_page = worst(pages, "cold_s", 2)
    misses = sorted(
        n for n, _, u in pages if u.get("cold_s") is not None and u["cold_s"] >= UNIT_COLD_S
    )
    unit_page = next((u for n, _, u in pages if n == "unit"), {})
    add(
        f"one-unit drill-down cold < {UNIT_COLD_S} s (every page with ?unit=)",
        f"unit page {_s(unit_page.get('cold_s'))} s; slowest {_s(ucold)} s ({ucold_page})",
        None if ucold is None else not misses and not errs,
        "missed by: " + ", ".join(misses) if misses else "",
    )
    ratios = _baseline_ratio(size.get("baseline"))
    if ratios:
        low = min(ratios["headline_compute"], ratios["weekly_compute"])
        agree = size["baseline"].get("agree")
        add(
            f"≥ {PANDAS_RATIO}× faster than pandas (same figures, numbers agree to 1e-9)",
            f"{low:.1f}× (pandas grouping alone vs DuckDB cold); "
            f"{min(ratios['headline_with_read'], ratios['weekly_with_read']):.0f}× with its read; "
            f"numbers {'agree' if agree else 'DIFFER'}",
            low >= PANDAS_RATIO and bool(agree),
        )
    else:
        add(f"≥ {PANDAS_RATIO}× faster than pandas", "not run at this size", None)
    rss = max((v.get("peak_rss_mb") or 0 for _, a, u in pages for v in (a, u)), default=None)
    lt = load_test()
    lt_rss = lt.get("server_rss_mb", {}).get("peak") if lt else None
    rss_all = max(x for x in (rss, lt_rss) if x is not None) if (rss or lt_rss) else None
    add(
        f"peak memory of the dashboard process < {RSS_MB / 1024:.1f} GB",
        f"{_n(rss)} MB per page process (AppTest)"
        + (f"; {_n(lt_rss)} MB server under the load test" if lt_rss else ""),
        None if rss_all is None else rss_all < RSS_MB,
    )
    points = [
        (v.get("max_chart_points") or 0, s, n)
        for s, sz in results["sizes"].items()
        for n, a, u in _page_rows(sz)
        for v in (a, u)
    ]
    top = max(points, default=(None, None, None))
    add(
        f"no chart sends more than {CHART_POINTS:,} points (every size)",
        f"largest {_n(top[0])} ({top[2]} at {top[1]})",
        None if top[0] is None else top[0] <= CHART_POINTS,
    )
    br = size.get("browser") or {}
    add(
        f"`streamlit run` → Overview's first chart in Chromium < {FIRST_CHART_S:g} s",
        f"{_s(br.get('first_chart_s'), 1)} s (server healthy after {_s(br.get('healthy_s'), 1)} s"
        + (
            f"; a script of one chart alone, bench/one_chart.py: {_s(br['one_chart_s'], 1)} s)"
            if br.get("one_chart_s")
            else ")"
        )
        if br.get("first_chart_s")
        else "not run",
        None if not br.get("first_chart_s") else br["first_chart_s"] < FIRST_CHART_S,
    )
    if lt:
        add(
            "load test: zero errors, 10 sessions, a publish midway",
            f"{lt['errors']} errors, {lt['timeouts']} timeouts in {lt['steps']} steps; "
            f"p95 page time {_s(lt.get('p95_s'), 2)} s",
            lt["errors"] == 0 and lt["timeouts"] == 0,
            f"on {lt.get('db_label', '?')}",
        )
    return out


def load_test() -> dict | None:
    try:
        return json.loads(LOADTEST_JSON.read_text())
    except (OSError, ValueError):
        return None


# --- the plot ---------------------------------------------------------------------------
PALETTE = [
    "#b22222",
    "#1f77b4",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
]


def plot_svg(results: dict) -> str:
    """Seconds against daily_output rows, log-log: each page cold (solid) and warm (dashed),
    and the one-unit cold (dotted); the targets as grey lines."""
    sizes = sorted(results.get("sizes", {}).values(), key=lambda s: s.get("daily_rows", 0))
    series: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for size in sizes:
        rows = size.get("daily_rows")
        for name, a, u in _page_rows(size):
            for kind, v in (
                ("cold", a.get("cold_s")),
                ("warm", a.get("warm_s")),
                ("unit", u.get("cold_s")),
            ):
                if rows and v:
                    series.setdefault(name, {}).setdefault(kind, []).append((rows, v))
    w, h, left, right, top, bottom = 900, 520, 70, 190, 30, 50
    xs = [x for s in series.values() for pts in s.values() for x, _ in pts] or [1e5, 1e8]
    ys = [y for s in series.values() for pts in s.values() for _, y in pts] + [WARM_S, COLD_S]
    x0, x1 = math.log10(min(xs)) - 0.1, math.log10(max(xs)) + 0.1
    y0 = math.floor(math.log10(max(min(ys), 1e-3)))
    y1 = math.ceil(math.log10(max(ys)))
    if y1 == y0:
        y1 += 1

    def px(x: float) -> float:
        return left + (math.log10(x) - x0) / (x1 - x0) * (w - left - right)

    def py(y: float) -> float:
        return top + (y1 - math.log10(max(y, 10**y0))) / (y1 - y0) * (h - top - bottom)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{left}" y="18" font-size="14">Page run time against daily_output rows '
        "(log-log; solid cold, dashed warm, dotted one-unit cold)</text>",
    ]
    for e in range(y0, y1 + 1):
        y = py(10**e)
        out.append(f'<line x1="{left}" x2="{w - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{10**e:g} s</text>')
    for size in sizes:
        if size.get("daily_rows"):
            x = px(size["daily_rows"])
            out.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{h - bottom}" stroke="#eee"/>'
            )
            out.append(
                f'<text x="{x:.1f}" y="{h - bottom + 16}" text-anchor="middle">{_rows(size)}</text>'
            )
    out.append(
        f'<text x="{(left + w - right) / 2}" y="{h - 10}" text-anchor="middle">daily_output rows</text>'
    )
    for label, y in (
        ("cold target 1 s", COLD_S),
        ("one-unit 0.5 s", UNIT_COLD_S),
        ("warm 0.3 s", WARM_S),
    ):
        out.append(
            f'<line x1="{left}" x2="{w - right}" y1="{py(y):.1f}" y2="{py(y):.1f}" '
            'stroke="#888" stroke-dasharray="2,4"/>'
        )
        out.append(f'<text x="{left + 4}" y="{py(y) - 3:.1f}" fill="#666">{label}</text>')
    dash = {"cold": "", "warm": ' stroke-dasharray="6,4"', "unit": ' stroke-dasharray="1,3"'}
    for i, (name, kinds) in enumerate(sorted(series.items())):
        color = PALETTE[i % len(PALETTE)]
        for kind, pts in kinds.items():
            path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in sorted(pts))
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash[kind]}/>'
            )
            for x, y in pts:
                out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.5" fill="{color}"/>')
        ly = top + 10 + i * 18
        out.append(
            f'<line x1="{w - right + 15}" x2="{w - right + 40}" y1="{ly}" y2="{ly}" '
            f'stroke="{color}" stroke-width="2"/>'
        )
        out.append(f'<text x="{w - right + 46}" y="{ly + 4}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- the browser: clicks and opens (bench.clicks) -----------------------------------------


def clicks_results() -> dict | None:
    try:
        return json.loads(CLICKS_JSON.read_text())
    except (OSError, ValueError):
        return None


def _click_sizes(cr: dict) -> list[tuple[str, dict]]:
    return sorted(cr.get("sizes", {}).items(), key=lambda kv: kv[1].get("daily_rows", 0))


def click_targets(cr: dict | None) -> list[dict[str, Any]]:
    """The browser's targets, judged at 10M (or the largest size measured, said so)."""
    if not cr or not cr.get("sizes"):
        return []
    sizes = dict(_click_sizes(cr))
    name = TARGET_SIZE if TARGET_SIZE in sizes else list(sizes)[-1]
    pages = sizes[name]["pages"]
    note = "" if name == TARGET_SIZE else f"at {name}: 10M not measured"
    worst_click = max(pages.items(), key=lambda kv: kv[1].get("click_ratio") or 0)
    slowest = max(pages.items(), key=lambda kv: kv[1].get("click_s") or 0)
    worst_open = max(pages.items(), key=lambda kv: kv[1].get("open_headline_ratio") or 0)
    return [
        {
            "target": f"every page, sidebar click to every chart drawn, at most {CLICK_RATIO:g}x "
            "the floor page's",
            "measured": f"worst {worst_click[0]} {_s(worst_click[1].get('click_ratio'), 2)}x",
            "ok": all((p.get("click_ratio") or 99) <= CLICK_RATIO for p in pages.values()),
            "note": note,
        },
        {
            "target": f"every page, click to drawn under {CLICK_S:g} s",
            "measured": f"slowest {slowest[0]} {_s(slowest[1].get('click_s'), 2)} s",
            "ok": all((p.get("click_s") or 99) < CLICK_S for p in pages.values()),
            "note": note,
        },
        {
            "target": f"a new visitor opening a page's link: headline within {OPEN_RATIO:g}x the "
            "floor page's open",
            "measured": f"worst {worst_open[0]} {_s(worst_open[1].get('open_headline_ratio'), 2)}x",
            "ok": all((p.get("open_headline_ratio") or 99) <= OPEN_RATIO for p in pages.values()),
            "note": note,
        },
    ]


def _clicks_section(cr: dict | None) -> list[str]:
    if not cr or not cr.get("sizes"):
        return ["Not run yet: `.venv/bin/python -m bench.clicks`."]
    lines = [
        "Measured with `.venv/bin/python -m bench.clicks` (bench/clicks.py): headless Chromium "
        "against a warm `streamlit run` server, one user, the 1440x1000 window, each page's "
        "default view (its first section where it has sections). **click**: from a neutral page "
        "(the Data page; for the Data page the Overview), a click on the page's sidebar link, "
        "until the title is shown, the script has finished, nothing is stale and every Plotly "
        "chart has its SVG drawn. **open**: a new browser context (no cache, as a new visitor) "
        "opening the page's link, until the headline (the title and the first chart). The "
        "**floor** is bench/floor_app.py (a title and one small Plotly chart), measured the same "
        "way in the same run and browser; every ratio is to it. CPU seconds are the server "
        "process's and every Chromium process's from the click until drawn and 0.3 s after it "
        "(the run's own tail); websocket bytes are what the browser received. Medians of "
        f"{cr['sizes'][next(iter(cr['sizes']))].get('repeats')} clicks and opens per page.",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    for t in click_targets(cr):
        note = f" — {t['note']}" if t.get("note") else ""
        lines.append(f"| {t['target']} | {t['measured']}{note} | {_mark(t['ok'])} |")
    sizes = _click_sizes(cr)
    chartless = [
        r.get("click_ratio")
        for _, size in sizes
        for r in size["pages"].values()
        if r.get("charts") == 0 and r.get("click_ratio")
    ]
    if chartless:
        lines += [
            "",
            "Where the ratio misses: the pages that draw no chart at all (Alerts, the unit page "
            "before a unit is chosen, Data) already take "
            f"{min(chartless):.1f}–{max(chartless):.1f}x the floor: every page of the dashboard "
            "carries its sidebar (language, six filters, the scope count) and a page's worth of "
            "captions, controls and tables that the floor page does not. A chart adds about half "
            "a floor on top. The pages of many charts draw one section at a time (the link names "
            "it: `prod_view`, `q_view`, `rollout_view`, `p_view`, `cost_view`), so a click draws "
            "one or two charts, where Productivity drew seven, Quality and safety seven and Plan "
            "and cost four.",
        ]
    for name, size in sizes:
        fl = size["floor"]
        lines += [
            "",
            f"### {name} ({_n(size.get('daily_rows'))} daily_output rows; measured "
            f"{size.get('measured_at')}, load average {size.get('load_average_start')} to "
            f"{size.get('load_average_end')})",
            "",
            f"Floor: click {_s(fl.get('click_s'), 2)} s, open to headline "
            f"{_s(fl.get('open_headline_s'), 2)} s.",
            "",
            "| page | click to every chart drawn s | × floor | server CPU s | browser CPU s | "
            "websocket kB | script runs | charts | points | open: headline s | × floor | "
            "open: all drawn s |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for path, r in size["pages"].items():
            kb = None if r.get("ws_bytes") is None else r["ws_bytes"] / 1000
            lines.append(
                f"| {path} | {_s(r.get('click_s'), 2)} | {_s(r.get('click_ratio'), 2)} | "
                f"{_s(r.get('click_server_cpu_s'), 2)} | {_s(r.get('click_browser_cpu_s'), 2)} | "
                f"{_n(kb)} | {_n(r.get('runs'))} | {_n(r.get('charts'))} | {_n(r.get('points'))} | "
                f"{_s(r.get('open_headline_s'), 2)} | {_s(r.get('open_headline_ratio'), 2)} | "
                f"{_s(r.get('open_drawn_s'), 2)} |"
            )
    lines += ["", f"![Click to drawn, as a ratio to the floor page]({CLICKS_PLOT})"]
    return lines


def clicks_svg(cr: dict | None) -> str:
    """Per page, the click's ratio to the floor at each size (a bar each), the 2x target line."""
    sizes = _click_sizes(cr or {})
    pages = list(sizes[0][1]["pages"]) if sizes else []
    w, h, left, top, bottom = 900, 380, 60, 40, 60
    ratios = [p.get("click_ratio") or 0 for _, s in sizes for p in s["pages"].values()]
    ymax = max([CLICK_RATIO * 1.5, *ratios]) * 1.1
    band = (w - left - 20) / max(1, len(pages))
    bar = band * 0.8 / max(1, len(sizes))

    def py(v: float) -> float:
        return top + (1 - v / ymax) * (h - top - bottom)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{left}" y="18" font-size="14">Sidebar click to every chart drawn, as a '
        "multiple of the floor page (one bar per size)</text>",
    ]
    step = 1 if ymax <= 6 else 2 if ymax <= 12 else 5
    for v in range(0, int(ymax) + 1, step):
        out.append(
            f'<line x1="{left}" x2="{w - 20}" y1="{py(v):.1f}" y2="{py(v):.1f}" stroke="#eee"/>'
        )
        out.append(f'<text x="{left - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v}x</text>')
    for i, page in enumerate(pages):
        x = left + i * band + band * 0.1
        for j, (_name, size) in enumerate(sizes):
            v = size["pages"].get(page, {}).get("click_ratio") or 0
            out.append(
                f'<rect x="{x + j * bar:.1f}" y="{py(v):.1f}" width="{bar - 2:.1f}" '
                f'height="{py(0) - py(v):.1f}" fill="{PALETTE[j % len(PALETTE)]}"/>'
            )
        out.append(
            f'<text x="{left + (i + 0.5) * band:.1f}" y="{h - bottom + 16}" '
            f'text-anchor="middle">{page}</text>'
        )
    out.append(
        f'<line x1="{left}" x2="{w - 20}" y1="{py(CLICK_RATIO):.1f}" y2="{py(CLICK_RATIO):.1f}" '
        'stroke="#c62828" stroke-dasharray="4,3"/>'
    )
    out.append(
        f'<text x="{w - 24}" y="{py(CLICK_RATIO) - 4:.1f}" text-anchor="end" fill="#c62828">'
        f"target {CLICK_RATIO:g}x</text>"
    )
    for j, (name, _size) in enumerate(sizes):
        x = left + j * 110
        out.append(
            f'<rect x="{x}" y="{h - 24}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
        )
        out.append(f'<text x="{x + 18}" y="{h - 14}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- the document ------------------------------------------------------------------------


def _queries(v: dict, k: int = 3) -> str:
    qs = v.get("cold_queries") or []
    return ", ".join(f"{q['name']} {q['ms']:.0f}" for q in qs[:k]) or "–"


def _flag(v: dict) -> str:
    if v.get("failed"):
        return " (FAILED)"
    if v.get("errors"):
        return " (ERROR)"
    return ""


def _page_table(size: dict) -> list[str]:
    lines = [
        "| page | cold s | warm s | one-unit cold s | one-unit warm s | cold CPU s | cache-cold s "
        "| peak RSS MB | bytes sent (cold) | max chart points | queries (cold, ms total) | "
        "slowest queries (cold, ms) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for name, a, u in _page_rows(size):
        rss = max(a.get("peak_rss_mb") or 0, u.get("peak_rss_mb") or 0) or None
        pts = max(a.get("max_chart_points") or 0, u.get("max_chart_points") or 0)
        lines.append(
            f"| {name}{_flag(a) or _flag(u)} | {_s(a.get('cold_s'))} | {_s(a.get('warm_s'))} | "
            f"{_s(u.get('cold_s'))} | {_s(u.get('warm_s'))} | {_s(a.get('cold_cpu_s'), 2)} | "
            f"{_s(a.get('cache_cold_s'))} | {_n(rss)} | {_n(a.get('bytes_cold'))} "
            f"| {_n(pts)} | {_n(a.get('cold_query_ms'))} | {_queries(a)} |"
        )
    return lines


def _baseline_table(results: dict) -> list[str]:
    lines = [
        "| size | rows | figure | pandas read s | pandas grouping s | DuckDB cold s | DuckDB warm s "
        "| ratio: grouping / DuckDB cold | ratio: read + grouping / DuckDB cold | agree (1e-9) | "
        "pandas peak RSS MB |",
        "|---|--:|---|--:|--:|--:|--:|--:|--:|---|--:|",
    ]
    for name, size in results.get("sizes", {}).items():
        b = size.get("baseline")
        if not b:
            continue
        if "failed" in b:
            lines.append(
                f"| {name} | {_rows(size)} | FAILED: {b['failed'].splitlines()[-1]} |||||||||"
            )
            continue
        r = _baseline_ratio(b)
        for fig, label in (
            ("headline", "Overview headline (4 figures)"),
            ("weekly", "weekly index by unit"),
        ):
            lines.append(
                f"| {name} | {_rows(size)} | {label} | {_s(b['pandas_read_s'], 2)} | "
                f"{_s(b[f'pandas_{fig}_s'], 2)} | {_s(b[f'duckdb_{fig}_cold_s'])} | "
                f"{_s(b[f'duckdb_{fig}_warm_s'])} | {r[f'{fig}_compute']:.1f}× | "
                f"{r[f'{fig}_with_read']:.1f}× | {'yes' if b['agree'] else 'NO'} | "
                f"{_n(b.get('peak_rss_mb'))} |"
            )
    return lines


def _headline_values(results: dict) -> list[str]:
    out = []
    for name, size in results.get("sizes", {}).items():
        b = size.get("baseline")
        if b and "headline" in b:
            vals = ", ".join(
                f"{k} {v['duckdb']:.6g} (pandas {v['pandas']:.6g})"
                for k, v in b["headline"].items()
            )
            out.append(f"- {name}: {vals}; weekly rows compared: {b['weekly_rows']:,}.")
            if b.get("mismatches"):
                out.append(f"  Mismatches: {'; '.join(b['mismatches'])}")
    return out


def _misses(results: dict) -> list[str]:
    """Per page and size that misses a page target: the figure and its slowest queries."""
    name, _ = _target_size(results)
    if name is None:
        return []
    out = []
    for page, a, u in _page_rows(results["sizes"][name]):
        why = []
        if a.get("cold_s") is not None and a["cold_s"] >= COLD_S:
            recold = a.get("cache_cold_s")
            why.append(
                f"cold {a['cold_s']:.2f} s, of which queries {a['cold_query_ms'] / 1000:.2f} s "
                f"({_queries(a, 4)})"
                + (f"; cache-cold in a running process {recold:.2f} s" if recold else "")
            )
        if u.get("cold_s") is not None and u["cold_s"] >= UNIT_COLD_S:
            why.append(
                f"one-unit cold {u['cold_s']:.2f} s, queries {u['cold_query_ms'] / 1000:.2f} s "
                f"({_queries(u, 3)})"
            )
        for label, v in (("warm", a), ("one-unit warm", u)):
            if v.get("warm_s") is not None and v["warm_s"] >= WARM_S:
                extra = (
                    f"; uncached queries {', '.join(v['warm_queries'])}"
                    if v.get("warm_queries")
                    else ""
                )
                why.append(f"{label} {v['warm_s']:.2f} s{extra}")
        for v in (a, u):
            if v.get("errors"):
                why.append("errors: " + "; ".join(e[:200] for e in v["errors"][:3]))
            if v.get("failed"):
                why.append("failed: " + "; ".join(f[:200] for f in v["failed"][:2]))
        if why:
            out.append(f"- **{page}** at {name}: " + "; ".join(why) + ".")
    return out


def _load_section(lt: dict | None) -> list[str]:
    if not lt:
        return ["Not run yet: `make loadtest`."]
    rss = lt.get("server_rss_mb", {})
    lines = [
        f"Last run {lt['date']} ({lt['command']}): {lt['sessions']} sessions in one headless "
        f"Chromium for {lt['duration_s']:.0f} s against one server on 127.0.0.1, database "
        f"{lt.get('db_label', '?')}; a new database ({lt.get('publish', {}).get('source_label', '?')}) "
        f"published with the loader at {_s(lt.get('publish', {}).get('started_s'), 0)} s "
        f"(took {_s(lt.get('publish', {}).get('seconds'), 0)} s, exit "
        f"{lt.get('publish', {}).get('returncode')}).",
        "",
        "| steps | page visits | filter changes | errors | timeouts | median s | p95 s | max s | "
        "server RSS start / peak / end MB | server cores busy | sessions on after the publish |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|",
        f"| {lt['steps']} | {lt['page_steps']} | {lt['filter_steps']} | {lt['errors']} | "
        f"{lt['timeouts']} | {_s(lt.get('median_s'), 2)} | {_s(lt.get('p95_s'), 2)} | "
        f"{_s(lt.get('max_s'), 2)} | {_n(rss.get('start'))} / {_n(rss.get('peak'))} / "
        f"{_n(rss.get('end'))} | {_s((lt.get('server_cpu') or {}).get('cores_busy'), 2)} | "
        f"{lt.get('sessions_after_publish', '?')} |",
        "",
    ]
    if lt.get("per_page"):
        lines += ["| page | visits | median s | p95 s |", "|---|--:|--:|--:|"]
        for page, v in lt["per_page"].items():
            lines.append(f"| {page} | {v['n']} | {_s(v['median_s'], 2)} | {_s(v['p95_s'], 2)} |")
        lines.append("")
    if lt.get("error_examples"):
        lines.append("Errors seen: " + "; ".join(lt["error_examples"][:5]))
        lines.append("")
    caches = lt.get("caches") or []
    if caches:
        lines += [
            "Cache settings in pages/common/cache.py (read from the source by the load test):",
            "",
            "| cached function | kind | ttl | max_entries | bounded in entries |",
            "|---|---|---|---|---|",
        ]
        for c in caches:
            lines.append(
                f"| {c['function']} | {c['kind']} | {c['ttl'] or '–'} | {c['max_entries'] or '–'} | "
                f"{'yes' if c['bounded'] else 'NO'} |"
            )
        lines.append("")
        lines.append(lt.get("cache_verdict", ""))
    return lines


LOADER_JSON = data.REPO / "bench" / "results" / "loader.json"


def loader_results() -> dict | None:
    try:
        return json.loads(LOADER_JSON.read_text())
    except (OSError, ValueError):
        return None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _loader_section(lr: dict | None) -> list[str]:
    """The loader's figures (bench/loader.py, bench/results/loader.json)."""
    if not lr:
        return ["Not run yet: `python -m bench.run --parts loader`."]
    sizes = lr.get("sizes", {})
    m = lr.get("machine", {})
    lines = [
        f"Measured {lr.get('started_at')} – {lr.get('ended_at')} with `python -m bench.loader` "
        f"(DuckDB {m.get('duckdb')}, {m.get('threads')} threads, the load's memory limit "
        f"{m.get('memory_limit')}). Each figure is one fresh process under `/usr/bin/time -v`: "
        "wall seconds and maximum resident set size. The **load** is `python -m queries.load "
        "FILES --db DB`: every table read, cast and checked against every rule, derive.sql, the "
        "stored campaign effect, the report and the atomic publish. The **floor** is DuckDB "
        "alone in the same run on the same files and memory limit: the files read into typed "
        "tables, then the keys checked unique and every range, allowed value and reference "
        "counted (bench/sql/load_floor.sql); no text to cast, no report, no derived tables.",
        "",
        "| size | memory limit | daily_output rows | load s | peak MB | floor s | floor peak MB | "
        "load / floor |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    for name, row in sizes.items():
        ld, fl = row.get("load", {}), row.get("floor", {})
        ratio = _ratio(ld.get("seconds"), fl.get("seconds"))
        failed = "" if ld.get("rc") == 0 else f" (exit {ld.get('rc')})"
        limit = row.get("memory_limit", m.get("memory_limit"))
        lines.append(
            f"| {name} | {limit} | {_n(row.get('daily_output_rows'))} | "
            f"{_s(ld.get('seconds'), 1)}{failed} | "
            f"{_n(ld.get('peak_mb'))} | {_s(fl.get('seconds'), 1)} | {_n(fl.get('peak_mb'))} | "
            f"{_s(ratio, 2)} |"
        )
    for name, row in sizes.items():
        earlier = row.get("load_at_default_memory")
        if earlier:
            lines += [
                "",
                f"At {name} the load with the default memory limit ({earlier.get('memory_limit')}) "
                f"failed after {_s(earlier.get('seconds'), 0)} s (exit {earlier.get('rc')}, "
                f"peak {_n(earlier.get('peak_mb'))} MB; the error's tail points to DuckDB's "
                "memory-tuning guide, the ending of its out-of-memory error): "
                f"the row above is the same load with `EMULATION_LOAD_MEMORY={row.get('memory_limit')}`.",
            ]
        if row.get("note"):
            lines += ["", f"{name}: {row['note']}"]
    appended = [(n, r) for n, r in sizes.items() if r.get("append")]
    if appended:
        lines += [
            "",
            "| appended to | month's rows | append s | peak MB | the month alone s | peak MB | "
            "append / alone | rows after |",
            "|---|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for name, row in appended:
            ap, al = row["append"], row.get("month_alone", {})
            lines.append(
                f"| {name} | {_n(row.get('month_rows'))} | {_s(ap.get('seconds'), 1)} | "
                f"{_n(ap.get('peak_mb'))} | {_s(al.get('seconds'), 1)} | {_n(al.get('peak_mb'))} | "
                f"{_s(_ratio(ap.get('seconds'), al.get('seconds')), 2)} | "
                f"{_n(row.get('daily_output_rows_after_append'))} |"
            )
        lines += [
            "",
            "The month is the last month of the files moved 31 days on (every team, 31 new days); "
            "*the month alone* loads it with the dimension tables into a new database.",
        ]
    lines += ["", "| loader target | measured | |", "|---|---|---|"]
    ten, hundred = sizes.get("10M", {}), sizes.get("100M", {})
    if ten.get("load"):
        r = _ratio(ten["load"].get("seconds"), ten.get("floor", {}).get("seconds"))
        lines.append(
            f"| 10M full load within 3× the floor | {_s(r, 2)}× | {_mark(r is not None and r <= 3)} |"
        )
        pk = ten["load"].get("peak_mb")
        lines.append(
            f"| 10M peak memory < 2 GB | {_n(pk)} MB | {_mark(pk is not None and pk < 2048)} |"
        )
    if hundred.get("load"):
        pk, ok = hundred["load"].get("peak_mb"), hundred["load"].get("rc") == 0
        lines.append(
            f"| 100M full load completes, peak < 4 GB | {'completes' if ok else 'fails'}, "
            f"{_n(pk)} MB | {_mark(ok and pk is not None and pk < 4096)} |"
        )
    if hundred.get("append"):
        r = _ratio(hundred["append"].get("seconds"), hundred.get("month_alone", {}).get("seconds"))
        lines.append(
            f"| a month appended to 100M within 5× the month alone | {_s(r, 2)}× | "
            f"{_mark(r is not None and r <= 5)} |"
        )
    return lines


def _when(results: dict) -> str:
    sizes = results.get("sizes", {})
    dates = sorted(sz["measured_at"] for sz in sizes.values() if sz.get("measured_at"))
    commands = list(dict.fromkeys(sz["command"] for sz in sizes.values() if sz.get("command")))
    commands = commands or [results.get("command", "?")]
    span = f"{dates[0]} – {dates[-1]}" if dates else results.get("date", "?")
    minutes = sum(sz.get("seconds", 0) for sz in sizes.values()) / 60
    return (
        f"Measured {span} with " + "; ".join(f"`{c}`" for c in commands) + f" ({minutes:.0f} min)."
    )


def _floors_table(results: dict) -> list[str]:
    names = list(
        dict.fromkeys(
            n for sz in results.get("sizes", {}).values() for n in (sz.get("floors") or {})
        )
    )
    names = [n for n in names if n != "failed"]
    if not names:
        return ["Not run."]
    sizes = [(k, v) for k, v in results["sizes"].items() if v.get("floors")]
    lines = [
        "| scan | " + " | ".join(f"{k} first / again s" for k, _ in sizes) + " |",
        "|---|" + "--:|" * len(sizes),
    ]
    for n in names:
        cells = []
        for _, sz in sizes:
            f = sz["floors"].get(n)
            cells.append(f"{f['first_s']:.3f} / {f['again_s']:.3f}" if f else "–")
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return lines


DESIGN = [
    "## Design for scale",
    "",
    "What the pages do so that 10 million daily rows stay interactive, and what it costs:",
    "",
    "- **Aggregates built at load time** (queries/sql/schema/derive.sql). `unit_days` (a row",
    "  per unit and day) serves every figure without team detail; `team_months` (a row per",
    "  team and month) the quotas, the index before and after each team joined and the output",
    "  units in scope; `team_weeks` (a row per team and week) the campaign-effect panel. The",
    "  macros `team_weeks_in(start, end)` and `team_months_in(start, end)` add the days of a",
    "  first or last week or month that the period cuts short from `team_days`, so every",
    "  figure stays exact to the day; a period that starts or ends with the data (the",
    "  default) cuts nothing short. Their bounds are written into each filter as values of",
    "  the parameters and of `data_span`, so DuckDB pushes them (and a unit filter) into the",
    "  scans: the same macro with its bounds in a one-row CTE read every `team_days` row",
    "  (70 to 120 ms at 10M, for one unit too; now 12 ms for one unit).",
    "  tests/queries/test_derive.py holds all of them to `team_days` on nine periods. Only a",
    "  team's own records (the unit page) read `team_days` directly. The loader spends a few",
    "  seconds more per 10M rows building them.",
    "- **Aggregate awareness in Explore**: a question about the joined output view that",
    "  groups and filters only on unit attributes and the day, and measures only sums",
    "  `unit_days` keeps, is answered from a unit-day rollup (about 20 times fewer rows);",
    "  tests hold its answers to the team-day rows and list the questions it must not take.",
    "- **The campaign-effect estimator** (queries/did.py) adds each group-time cell's",
    "  influence function into its event time as it goes, cohort by cohort over teams sorted",
    "  by cohort, instead of holding a teams x cells matrix (22,799 x 1,246 at 10M, 227 MB);",
    "  tests/queries/test_did.py holds it equal to the cell-by-cell reference, which is",
    "  checked against moderndid. The page's three effect views share one estimation.",
    "- **The Productivity page's first view, estimated by the loader**: the effect for the",
    "  whole period and every unit, pooled and by wave, is stored in the database",
    "  (`stored_effect_*`) with a hash of the estimator's code and SQL, and read when the",
    "  page opens on that view (0.7 s of panel and estimator at 10M, on every first visit",
    "  after a start or a publish). Any other period or scope is estimated when asked (about",
    "  1.5 s cold at 10M for the whole campaign, a fraction of it for one unit);",
    "  tests/queries/test_productivity.py holds the stored frames equal to the estimate.",
    '- **The unit page runs only its open tab** (`st.tabs(on_change="rerun")`): opening a',
    "  unit reads its header and first tab, and another tab's queries run when it is opened.",
    "- **One query, several views**: the Quality page's four views of the units' windows",
    "  (before/after, flags, funnel, rushed against gradual) come from one query and one",
    "  computation of limits (`composed` in pages/common/cache.py), not five.",
    "- **Results shared, not copied**: query results are held in a resource cache (bounded:",
    "  512 entries, an hour) and handed to every session as the same frame; a data cache",
    "  unpickled a copy on every hit, about 12 ms a frame on every run of the Quality page.",
    "- **Bounded output**: the rollout quilt shows 60 units at a time (chosen in launch",
    "  order), long tables (accidents, overdue proposals) their first 1,000 rows with a CSV",
    "  of all, more than 12 flagged units a table instead of cards. Charts with a point per",
    "  unit (the Quality tradeoff and funnel, the rankings) still grow with the units in",
    "  scope: 1,296 points at 10M.",
    "- **Plotly**: the shared look is one template, merged and set once per process; chart",
    "  data go in as NumPy arrays (`charts.arr`), which Plotly takes whole and sends as",
    "  binary, where a list is checked value by value and copied again when sent (texts as",
    "  string arrays, copied in one block); a chart's traces go into the figure at once",
    "  (`add_trace` checks and copies each trace again, 0.5 to 3 ms a trace); shapes and",
    "  annotations are assigned to the layout (an update walked the shapes already there,",
    "  0.25 s to add one line to a chart with 30 event lines); outside the tests figures",
    "  skip Plotly's value checks (names are still checked; the test suite checks values",
    "  with EMULATION_VALIDATE_FIGURES=1). 136 date lines added to a layout: 0.2 s checked,",
    "  2 ms not. Past a dozen lines the productivity trend draws every unit as one trace",
    "  told apart on hover (by unit at 10M, 1,512 lines: 2.2 to 3.9 s a run, now under",
    "  0.5 s). The Quality page's two charts with a point per unit are built once per",
    "  filter, window and language and shared (`data.figure`, 64 entries, an hour).",
    "- **One-time costs at the first run of a server**: pages/common/warm.py imports what",
    "  rendering would import lazily, loads Streamlit's emoji table (any Chinese label",
    "  triggers it, 0.15 s) and DuckDB's Arrow bridge; Streamlit's magic is off, so no page's",
    "  syntax tree is rewritten before its first run. warm.py is also the fix for the errors",
    "  the load test found (concurrent first sessions got a half-imported pandas).",
    "- **First chart**: Playwright's request log on 10M. The server is healthy at about",
    "  1.2 s and the browser has Streamlit's bundle and the websocket at about 2.4 s. The",
    "  first session's imports come next (about 1.7 s; pandas alone 0.8 s, which Streamlit",
    "  needs for every data frame), then the sidebar and the page's queries; the browser",
    "  fetches and parses the 4.7 MB Plotly bundle from about 5.8 s, and shows the metrics",
    "  and the chart together when it has (Streamlit waits for every lazily loaded element",
    "  of the page). For scale, the same harness times bench/one_chart.py, a script holding a",
    "  title and one small Plotly chart and nothing else (the figure beside the Overview's",
    "  above): the target leaves the Overview a few tenths of a second over it for its",
    "  imports, filters, queries and other bundles. Streamlit gives a script no hook to",
    "  import before the first session connects (`st.App`'s lifespan would, under another",
    "  server; measured earlier at about 1 s gained), so those stay on the first visitor's clock.",
    "- **Where the floor is**: a page's cold time is its queries plus rendering plus the",
    "  process's first Streamlit/Plotly run (the cold against cache-cold columns). The",
    "  queries approach the DuckDB floors below (one scan of `unit_days`, `team_months` or",
    "  `team_weeks`); the Productivity page reads its first view's effect as stored, and",
    "  for any other view builds the 22,799-team panel and runs the estimator (about 0.5 s",
    "  together at 10M, and 0.15 s of queries).",
]


def render(results: dict) -> str:
    m = results.get("machine", {})
    v = m.get("versions", {})
    name, exact = _target_size(results)
    la0, la1 = results.get("load_average_start"), results.get("load_average_end")
    loads = [la0, la1] + [
        sz.get(k)
        for sz in results.get("sizes", {}).values()
        for k in ("load_average_start", "load_average_end")
    ]
    # the benchmark itself keeps up to two threads busy
    busy = any(la and la[0] > (m.get("nproc") or 2) * 1.5 for la in loads)
    lines = [
        "# Performance",
        "",
        "<!-- Written by `make bench` (python -m bench.run) from bench/results/bench.json and",
        "     bench/results/loadtest.json (make loadtest). Do not edit: rerun the command. -->",
        "",
        _when(results),
        "",
        f"- Machine: {m.get('cpu', '?')}, {m.get('nproc', '?')} cores, {m.get('memory_gb', '?')} GB, "
        f"{m.get('os', '')}.",
        f"- Load average at start {la0}, at end {la1} (per size in the Data table)"
        + (
            " — **the machine was shared and busy** (other test suites and browsers ran at the "
            "same time), so times are noisier and slower than on an idle machine."
            if busy
            else "."
        ),
        "- Versions: " + ", ".join(f"{k} {x}" for k, x in v.items()) + ".",
        f"- DuckDB and Polars limited to 2 threads. {results.get('repeats')} fresh processes per "
        f"page and filter, {results.get('warm_runs')} warm runs in each; medians shown. One-unit "
        f"runs open the page with `?unit={results.get('unit')}`.",
        "",
        "## Targets",
        "",
        f"Judged at {name}" + ("" if exact else " (10M was not part of this run)") + ".",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    for t in targets(results):
        note = f" — {t['note']}" if t.get("note") else ""
        lines.append(f"| {t['target']} | {t['measured']}{note} | {_mark(t['ok'])} |")
    misses = _misses(results)
    if misses:
        lines += ["", "### What misses, and why (measured)", "", *misses]
    lines += ["", *DESIGN]
    lines += [
        "",
        "## Data",
        "",
        "| size | daily_output rows | built | build s | measured | load average start → end |",
        "|---|--:|---|--:|---|---|",
    ]
    for sname, size in results.get("sizes", {}).items():
        spec = data.SIZES.get(sname)
        how = (
            f"generator `--scale {spec.scale}`, then `python -m queries.load`"
            if spec and spec.scale
            else (
                f"{spec.base} replicated ×{spec.copies} in DuckDB, then derive.sql"
                if spec
                else f"given: {size.get('db')}"
            )
        )
        lines.append(
            f"| {sname} | {size.get('daily_rows', 0):,} | {how} | "
            f"{size.get('stamp', {}).get('build_seconds', '–')} | {size.get('measured_at', '–')} | "
            f"{size.get('load_average_start', '–')} → {size.get('load_average_end', '–')} |"
        )
    for sname in data.SIZES:
        if sname not in results.get("sizes", {}) and sname != "sample":
            lines.append(f"| {sname} | – | not measured in this run | – | – | – |")
    lines += [
        "",
        "Every size goes through the real loader (`python -m queries.load`). Sizes up to 10M are",
        "the sample generator's files at a scale factor; 50M and 100M are the 10M files replicated",
        "5 and 10 times in DuckDB (bench/sql/replicate.sql: every unit, with its workshops, teams,",
        "daily rows, accidents, proposals and events, under suffixed ids `-x2` … `-x10`) and",
        "written as Parquet by bench/loader.py. Each database is built once under bench/.data/ and",
        "reused until the generator, contract, derive.sql or the campaign-effect estimator change.",
        "",
        "## Loader",
        "",
        *_loader_section(loader_results()),
        "",
        "## How it is measured",
        "",
        "- **Page run**: `bench/measure.py` in a fresh process per page, filter and repeat, with",
        "  `EMULATION_DB` set to the size's database: AppTest opens `dashboard.py` on the page",
        "  (`switch_page(spec.path)`, then `run()`), which runs the entrypoint (language switch,",
        "  sidebar filters) and the page script. Pages come from pages/common/nav.py `PAGES`.",
        "- **Cold** is the first run of the process: empty Streamlit caches, no DuckDB connection",
        "  yet (what every new database version brings back). The process has already imported what",
        "  dashboard.py and the page import, since a server does that once at start; that import",
        "  time is in the results JSON (`imports_s`) and in the browser figure below. The",
        "  measured AppTest reuses the component registry of a warm-up one: a server scans the",
        "  installed packages for components once, at start, where AppTest scans them again on",
        "  each new instance's first run (0.1 to 0.15 s, which earlier runs charged to every",
        "  page's cold time).",
        "  **Warm** is a later run of the same session (Streamlit's cache serves it).",
        "  **Cache-cold** is one more run after clearing Streamlit's caches in that process (a new",
        "  DuckDB connection too): what a newly published database brings to a running server,",
        "  whose one-time costs (Plotly's validators, first uses of modules) are already paid.",
        "- **CPU s**: CPU seconds of the measuring process during the cold run (all threads);",
        "  on a shared machine it is not inflated by waiting for a core, as the wall time is.",
        "- **Queries**: every query file run through `queries.db` (`run`, and `counts`, which",
        "  counts several files in one query), timed by wrapping it, and the SQL the",
        "  Explore page builds (`explore (built SQL)`); the SQL box's own runs are not listed.",
        "- **Peak RSS**: the measuring process's high-water mark, `VmHWM` (Python, Streamlit,",
        "  AppTest, the DuckDB buffer pool and all results), the worst of its processes.",
        "  `getrusage` would count the parent's resident memory at the fork in a process started",
        "  by fork and exec: every 50M page once reported the benchmark parent's 6 GB.",
        "- **Bytes sent**: the serialized size of every ForwardMsg the run enqueues for the",
        "  browser (captured in AppTest's LocalScriptRunner); downloads and media files, which",
        "  the browser fetches separately, are not in it.",
        "- **Chart points**: per Plotly chart, each trace's largest data array (x, y, z, lat, …;",
        "  a heatmap's z counts every cell), summed over its traces.",
        "- **First chart**: Chromium already open; the clock starts at `streamlit run` and stops",
        "  when the Overview's first `.js-plotly-plot .main-svg` exists.",
    ]
    for sname, size in results.get("sizes", {}).items():
        partial = " — **partial: the run stopped before every page was measured**"
        lines += [
            "",
            f"## Pages at {sname} ({size.get('daily_rows', 0):,} daily_output rows)"
            + (partial if size.get("partial") else ""),
            "",
        ]
        lines += _page_table(size)
        br = size.get("browser")
        if br:
            lines += [
                "",
                f"`streamlit run` → healthy server {_s(br.get('healthy_s'), 1)} s → Overview's first "
                f"chart in Chromium {_s(br.get('first_chart_s'), 1)} s"
                + (
                    f"; a script of one chart alone (bench/one_chart.py) "
                    f"{_s(br['one_chart_s'], 1)} s"
                    if br.get("one_chart_s")
                    else ""
                )
                + (f" (failed: {'; '.join(br['failed'])})" if br.get("failed") else "")
                + ".",
            ]
    lines += ["", "## pandas baseline", ""]
    base = _baseline_table(results)
    lines += base if len(base) > 2 else ["Not run."]
    lines += [
        "",
        "pandas is used as a typical Streamlit dashboard uses it: `read_parquet`/`read_csv` of the",
        "files, merges of daily rows with teams, workshops and prices, the team baselines and the",
        "sums grouped in memory (bench/baseline.py). DuckDB is the project's own path on a",
        "connection that has read nothing yet (cold) and again (warm): queries.overview.kpis and",
        "queries.productivity.productivity_trend(week, unit). The ratio judged is pandas' grouping",
        "alone (its frames already in memory, as `st.cache_data` would keep them) over DuckDB cold.",
        "",
        *_headline_values(results),
        "",
        "## DuckDB floors",
        "",
        "What one plain scan costs on the same database and connection settings (bench/floors.py),",
        "first and again: no page figure computed from the rows can be faster than the scans it",
        "needs. The pre-aggregated `unit_days` and `team_weeks` are what let the pages stay near",
        "the floor of their own scans rather than that of `daily_output` joined.",
        "",
        *_floors_table(results),
        "",
        "## Time against rows",
        "",
        f"![Page run time against daily_output rows]({PLOT_NAME})",
        "",
        "## In the browser: a click and a new visitor",
        "",
        *_clicks_section(clicks_results()),
        "",
        "## Load test",
        "",
        *_load_section(load_test()),
        "",
        "## Commands",
        "",
        "```sh",
        "make bench                                   # 1M, 10M, 50M; builds the data once (~15 min)",
        ".venv/bin/python -m bench.run --quick        # the sample campaign, once: checks the harness",
        ".venv/bin/python -m bench.run --sizes 10M --pages overview,unit --repeats 5",
        ".venv/bin/python -m bench.run --report-only  # rewrite this file from bench/results/",
        ".venv/bin/python -m bench.clicks             # the browser: sample, 1M, 10M (~15 min)",
        "make loadtest                                # 10 browser sessions, 3 minutes, a publish midway",
        ".venv/bin/python -m bench.loadtest --duration 60 --sessions 4",
        "```",
        "",
    ]
    return "\n".join(lines)


def write(results: dict, doc: Path = DOC) -> Path:
    doc.parent.mkdir(parents=True, exist_ok=True)
    (doc.parent / PLOT_NAME).write_text(plot_svg(results))
    (doc.parent / CLICKS_PLOT).write_text(clicks_svg(clicks_results()))
    doc.write_text(render(results))
    return doc
