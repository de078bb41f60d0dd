"""A briefing in both languages: charts as PNG (Plotly through kaleido and Debian's
chromium), one HTML page with the charts inline, and a PDF printed from it by the same
chromium (Playwright's page.pdf)."""

from __future__ import annotations

import base64
import contextlib
import html
import os
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from briefing.data import ALERTS_LISTED, BriefingData
from pages.common import alert_text
from pages.common.catalog import LANGS, t
from queries.alerts.rules import SEVERITY_ORDER

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHART_SIZE = (520, 260)
PLAN, INDEX, ACCIDENTS = "#1565c0", "#6a1b9a", "#c62828"


class RenderError(RuntimeError):
    """A briefing that could not be drawn or printed: the message says which step and why."""


def chromium_path() -> str:
    """Debian's chromium, or the one BROWSER_PATH names (kaleido reads it too)."""
    named = os.environ.get("BROWSER_PATH")
    path = named or (CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"))
    if not path or not os.path.exists(path):
        raise RenderError(
            "no chromium to draw the charts and print the PDF: install Debian's chromium "
            "(`apt-get install chromium`) or set BROWSER_PATH"
        )
    return path


@contextlib.contextmanager
def chart_server() -> Iterator[None]:
    """One kaleido browser for every chart of a run (a browser per chart costs seconds)."""
    import kaleido

    os.environ.setdefault("BROWSER_PATH", chromium_path())
    kaleido.start_sync_server(silence_warnings=True)
    try:
        yield
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


# --- the headline figures, as the Overview shows them ---------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str  # the catalog key of its label, the Overview's
    current: str
    previous: str
    change: str


def _signed(x: float | None, digits: int, suffix: str = "") -> str:
    """A change with its sign, as the Overview's deltas (fmt.delta): no change is ±0."""
    if x is None:
        return "—"
    if round(x, digits) == 0:
        return f"±{0:.{digits}f}{suffix}"
    return f"{x:+,.{digits}f}{suffix}"


def headline(d: BriefingData, lang: str) -> list[Figure]:
    """The Overview's headline figures for the same filters, formatted as the Overview
    formats them (pages/overview.py), with the previous period and the change."""
    num, pct = alert_text.num, alert_text.pct
    pp = " " + t("unit.pp", lang)

    def small(row: dict, metric: str) -> str:
        return " *" if row.get(f"{metric}_is_small") else ""

    def change(metric: str, scale: float = 1, digits: int = 1, suffix: str = "") -> str:
        cur, prev = d.current[metric], d.previous[metric]
        if not d.has_previous or cur is None or prev is None:
            return "—"
        return _signed((cur - prev) * scale, digits, suffix)

    def both(fn) -> tuple[str, str]:
        return fn(d.current), fn(d.previous) if d.has_previous else "—"

    def plan(r: dict) -> str:
        p = r["plan_fulfilment_pct"]
        return pct(None if p is None else p / 100)

    rows = [
        (
            "kpi.units_launched",
            lambda r: t(
                "kpi.units_launched.value",
                lang,
                launched=r["units_launched"],
                total=r["units_total"],
            ),
            change("units_launched", digits=0),
        ),
        (
            "kpi.workers_covered",
            lambda r: pct(r["coverage_share"]),
            change("coverage_share", 100, 1, pp),
        ),
        ("kpi.plan_fulfilment", plan, change("plan_fulfilment_pct", suffix=pp)),
        (
            "col.productivity_index",
            lambda r: num(r["productivity_index"], 1),
            change("productivity_index"),
        ),
        (
            "kpi.defect_rate",
            lambda r: pct(r["defect_rate"], 2) + small(r, "defect_rate"),
            change("defect_rate", 100, 2, pp),
        ),
        (
            "kpi.accident_frequency",
            lambda r: num(r["accident_frequency_rate"], 1) + small(r, "accident_frequency_rate"),
            change("accident_frequency_rate"),
        ),
        ("col.deaths", lambda r: num(r["deaths"]), change("deaths", digits=0)),
        (
            "kpi.proposals",
            lambda r: num(r["submitted_proposals"]),
            change("submitted_proposals", digits=0),
        ),
        (
            "kpi.adoption_rate",
            lambda r: pct(r["adoption_rate"]) + small(r, "adoption_rate"),
            change("adoption_rate", 100, 1, pp),
        ),
    ]
    return [Figure(key, *both(fn), delta) for key, fn, delta in rows]


# --- charts -----------------------------------------------------------------------------------


def _layout(fig: go.Figure, title: str) -> go.Figure:
    w, h = CHART_SIZE
    fig.update_layout(
        title={"text": html.escape(title), "font": {"size": 13}},
        width=w,
        height=h,
        margin={"l": 50, "r": 50, "t": 40, "b": 40},
        font={"family": "Noto Sans CJK SC, Noto Sans, sans-serif", "size": 11},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.18},
        showlegend=True,
    )
    fig.update_xaxes(gridcolor="#eee", tickformat="%m-%d")
    fig.update_yaxes(gridcolor="#eee")
    return fig


def chart_figures(d: BriefingData, lang: str) -> dict[str, go.Figure]:
    weeks = d.weeks
    plan = go.Figure()
    plan.add_scatter(
        x=weeks["period_start"].to_list(),
        y=weeks["plan_fulfilment_pct"].to_list(),
        name=html.escape(t("kpi.plan_fulfilment", lang) + " (%)"),
        line={"color": PLAN},
    )
    plan.add_scatter(
        x=weeks["period_start"].to_list(),
        y=weeks["productivity_index"].to_list(),
        name=html.escape(t("col.productivity_index", lang)),
        line={"color": INDEX, "dash": "dot"},
    )
    safety = go.Figure()
    s = d.safety_weeks
    safety.add_bar(
        x=s["period_start"].to_list(),
        y=s["accident_frequency_rate"].to_list(),
        name=html.escape(t("kpi.accident_frequency", lang)),
        marker={"color": ACCIDENTS},
    )
    return {
        "plan": _layout(plan, t("briefing.chart.plan", lang)),
        "safety": _layout(safety, t("briefing.chart.safety", lang)),
    }


def chart_images(d: BriefingData) -> dict[str, bytes]:
    """Each chart as a PNG, in each language: {"plan_en": png, ...}. Needs chart_server()."""
    out = {}
    for lang in LANGS:
        for name, fig in chart_figures(d, lang).items():
            try:
                with warnings.catch_warnings():
                    # plotly passes kaleido options the shared server has no use for
                    warnings.filterwarnings("ignore", "The kopts argument", UserWarning)
                    out[f"{name}_{lang}"] = pio.to_image(fig, format="png", scale=2)
            except Exception as exc:  # kaleido reports a missing or broken browser so
                raise RenderError(f"the chart {name} ({lang}) could not be drawn: {exc}") from exc
    return out


# --- the page -----------------------------------------------------------------------------------

STYLE = """
@page { size: A4; margin: 14mm 13mm; }
body { font-family: 'Noto Sans CJK SC', 'Noto Sans', sans-serif; font-size: 10pt; color: #222; }
h1 { font-size: 17pt; margin: 0 0 2pt 0; }
h2 { font-size: 12pt; margin: 12pt 0 4pt 0; border-bottom: 1px solid #ccc; }
.zh { color: #555; }
.sub { color: #555; margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 2pt 5pt; border-bottom: 1px solid #eee; vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; }
.sev-high { color: #b71c1c; font-weight: bold; }
.sev-medium { color: #e65100; }
.sev-low { color: #555; }
.charts { display: flex; gap: 8pt; page-break-inside: avoid; }
.charts img { width: 49%; }
.cols { display: flex; gap: 12pt; }
.cols > div { flex: 1; }
footer { margin-top: 10pt; color: #777; font-size: 8pt; }
a { color: #1565c0; text-decoration: none; }
"""


def _e(x: object) -> str:
    return html.escape(str(x))


def _two(key: str, **values: object) -> str:
    """A text in English with its Chinese beside it."""
    return f"{_e(t(key, 'en', **values))} · <span class='zh'>{_e(t(key, 'zh', **values))}</span>"


def scope_names(d: BriefingData) -> tuple[str, str]:
    if d.scope_en is None:
        return t("briefing.whole", "en"), t("briefing.whole", "zh")
    return d.scope_en, d.scope_zh


def _period_line(d: BriefingData, lang: str) -> str:
    p = d.f.previous()
    values = {
        "start": f"{d.f.start:%Y-%m-%d}",
        "end": f"{d.f.end:%Y-%m-%d}",
        "prev_start": f"{p.start:%Y-%m-%d}",
        "prev_end": f"{p.end:%Y-%m-%d}",
    }
    if d.has_previous:
        return t("briefing.period", lang, **values)
    return t("briefing.no_previous", lang, start=values["start"], end=values["end"])


def _alert_rows(d: BriefingData, app_url: str) -> str:
    listed = d.alerts.sort(
        pl.col("severity").replace_strict(SEVERITY_ORDER, default=9),
        pl.col("period_start"),
        pl.col("alert_id"),
        descending=[False, True, False],
    ).head(ALERTS_LISTED)
    rows = []
    for a in listed.iter_rows(named=True):
        link = app_url.rstrip("/") + "/" + alert_text.view_link(a["view"], a["link"], "en")[2:]
        rows.append(
            "<tr>"
            f"<td class='sev-{_e(a['severity'])}'>{_e(t('alerts.severity.' + a['severity'], 'en'))}"
            f"<br><span class='zh'>{_e(t('alerts.severity.' + a['severity'], 'zh'))}</span></td>"
            f"<td><a href='{_e(link)}'>{_e(a['name_en'] or a['unit_id'])}</a>"
            f"<br><span class='zh'>{_e(a['name_zh'] or '')}</span></td>"
            f"<td><b>{_e(t('alerts.rule.' + a['rule'], 'en'))}</b>: "
            f"{_e(alert_text.describe(a['rule'], a['figures'], 'en'))}"
            f"<br><span class='zh'><b>{_e(t('alerts.rule.' + a['rule'], 'zh'))}</b>："
            f"{_e(alert_text.describe(a['rule'], a['figures'], 'zh'))}</span></td>"
            f"<td class='n'>{a['period_start']:%Y-%m-%d}<br>{a['period_end']:%Y-%m-%d}</td>"
            "</tr>"
        )
    if not rows:
        return f"<p>{_two('briefing.alerts.none')}</p>"
    more = d.alerts.height - listed.height
    tail = f"<p>{_two('briefing.alerts.more', n=more)}</p>" if more > 0 else ""
    return f"<table>{''.join(rows)}</table>{tail}"


def _ranked(frame, key: str) -> str:
    rows = "".join(
        f"<tr><td>{_e(r['name_en'])}<br><span class='zh'>{_e(r['name_zh'])}</span></td>"
        f"<td class='n'>{_e(alert_text.pct(r['plan_fulfilment_pct'] / 100))}</td></tr>"
        for r in frame.iter_rows(named=True)
    )
    return f"<div><h2>{_two(key)}</h2><table>{rows}</table></div>"


def to_html(d: BriefingData, images: dict[str, bytes], app_url: str, cid: bool = False) -> str:
    """The briefing as one HTML page; images inline as data: addresses, or with cid=True
    as cid:<name> references for an email's related parts."""

    def src(name: str) -> str:
        if cid:
            return f"cid:{name}"
        return "data:image/png;base64," + base64.b64encode(images[name]).decode()

    en, zh = scope_names(d)
    figures = [headline(d, lang) for lang in LANGS]
    head_rows = "".join(
        f"<tr><td>{_e(t(a.key, 'en'))}<br><span class='zh'>{_e(t(a.key, 'zh'))}</span></td>"
        f"<td class='n'>{_e(a.current)}</td><td class='n'>{_e(a.previous)}</td>"
        f"<td class='n'>{_e(a.change)}</td></tr>"
        for a, _ in zip(*figures, strict=True)
    )
    head_cols = "".join(
        f"<th class='n'>{_two(k)}</th>"
        for k in ("briefing.this_period", "briefing.previous_period", "briefing.change")
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{_e(t("briefing.title", "en"))} · {_e(t("briefing.title", "zh"))}: {_e(en)}</title>
<style>{STYLE}</style></head><body>
<h1>{_two("briefing.title")}</h1>
<p class="sub"><b>{_e(en)}</b> · <span class="zh"><b>{_e(zh)}</b></span></p>
<p class="sub">{_e(_period_line(d, "en"))}<br><span class="zh">{_e(_period_line(d, "zh"))}</span></p>
<h2>{_two("briefing.headline")}</h2>
<table><tr><th>{_two("briefing.figure")}</th>{head_cols}</tr>{head_rows}</table>
<h2>{_two("briefing.alerts")}</h2>
{_alert_rows(d, app_url)}
<div class="cols">{_ranked(d.best, "briefing.best")}{_ranked(d.worst, "briefing.worst")}</div>
<div class="charts"><img src="{src("plan_en")}" alt="plan en"><img src="{src("plan_zh")}" alt="plan zh"></div>
<div class="charts"><img src="{src("safety_en")}" alt="safety en"><img src="{src("safety_zh")}" alt="safety zh"></div>
<footer>{_e(t("briefing.footer", "en", loaded=d.loaded_at))}<br>
<span class="zh">{_e(t("briefing.footer", "zh", loaded=d.loaded_at))}</span></footer>
</body></html>"""


def to_pdf(page_html: str) -> bytes:
    """The page printed to A4 PDF by headless chromium."""
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.set_content(page_html, wait_until="load")
                return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
            finally:
                browser.close()
    except Error as exc:
        raise RenderError(f"the PDF could not be printed: {exc}") from exc
