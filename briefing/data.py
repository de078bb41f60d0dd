"""What a briefing says, as figures: gathered once, worded in both languages by render.py."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import duckdb
import polars as pl

from queries.alerts import config as alerts_config
from queries.alerts import rules
from queries.analytics import metrics, overview, productivity, quality
from queries.analytics.filters import Filters

# Units listed as best and as worst; alerts listed (the rest are counted).
RANKED = 3
ALERTS_LISTED = 8
# The charts show this many weeks up to the period's end.
CHART_WEEKS = 13


@dataclass(frozen=True)
class Scope:
    """Who a briefing is for: one bureau (by its English name, as the sidebar filters it)
    or, with bureau None, the whole campaign."""

    bureau: str | None = None

    def filters(self, start: date, end: date) -> Filters:
        return Filters(start, end, bureaus=(self.bureau,) if self.bureau else ())

    @property
    def slug(self) -> str:
        if not self.bureau:
            return "campaign"
        return "".join(c if c.isalnum() else "-" for c in self.bureau.lower()).strip("-")


@dataclass(frozen=True)
class BriefingData:
    f: Filters
    scope_en: str | None  # the bureau's names; None for the whole campaign
    scope_zh: str | None
    current: dict
    previous: dict
    has_previous: bool
    # rules.evaluate's rows with unit names, as of the period's end over the data up to it,
    # those whose period meets the briefing's
    alerts: pl.DataFrame
    best: pl.DataFrame
    worst: pl.DataFrame
    weeks: pl.DataFrame  # week_start, plan_fulfilment_pct, productivity_index
    safety_weeks: pl.DataFrame  # period_start, accident_frequency_rate, injury_accidents
    loaded_at: str


def last_complete_week(con: duckdb.DuckDBPyConnection) -> tuple[date, date]:
    """The last Monday-to-Sunday week the data cover in full."""
    first, last = overview.data_period(con)
    weeks = rules.complete_weeks(Filters(first, last))
    if weeks is None:
        raise ValueError(f"the data ({first} to {last}) hold no complete week")
    return weeks[1] - timedelta(days=6), weeks[1]


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _loaded_at(con: duckdb.DuckDBPyConnection) -> str:
    try:
        rows = con.sql("select loaded_at from load_info").fetchall()
    except duckdb.Error:
        return "—"
    return f"{rows[0][0]:%Y-%m-%d %H:%M}" if rows and rows[0][0] else "—"


def gather(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    start: date,
    end: date,
    cfg: alerts_config.AlertsConfig | None = None,
) -> BriefingData:
    """Everything a briefing of scope for start..end shows. The headline figures are the
    Overview's (overview.kpis for the same filters), the alerts the rules as of `end` over
    the data up to it, the ranking the Overview's unit ranking."""
    first, last = overview.data_period(con)
    if start < first or end > last:
        raise ValueError(f"the period {start} to {end} is not within the data ({first} to {last})")
    f = scope.filters(start, end)
    units = overview.units(con)
    if scope.bureau:
        named = units.filter(pl.col("bureau_en") == scope.bureau)
        if named.is_empty():
            known = ", ".join(sorted(units["bureau_en"].unique().to_list()))
            raise ValueError(f"no bureau is named {scope.bureau!r} (the bureaus are: {known})")
        scope_en, scope_zh = named["bureau_en"][0], named["bureau_zh"][0]
    else:
        scope_en = scope_zh = None

    k = overview.kpis(con, f)
    cur = k.filter(pl.col("period") == "current").row(0, named=True)
    prev = k.filter(pl.col("period") == "previous").row(0, named=True)
    has_prev = overview.previous_is_comparable(f, first) and prev["days_with_output"] > 0

    raised = rules.evaluate(con, replace(f, start=first), cfg or alerts_config.load())
    raised = raised.filter(pl.col("period_end") >= start).join(
        units.select("unit_id", "name_en", "name_zh"), on="unit_id", how="left"
    )

    ranking = overview.with_plan(overview.unit_ranking(con, f))
    chart_from = max(first, end - timedelta(days=7 * CHART_WEEKS - 1))
    chart_f = replace(f, start=chart_from)
    periods = productivity.unit_periods(con, chart_f, "week")
    weeks = metrics.sum_by(periods, ["period_start"], productivity.OUTPUT_SUMS).sort("period_start")
    safety = quality.over_time(con, chart_f, "week", "all").sort("period_start")
    return BriefingData(
        f=f,
        scope_en=scope_en,
        scope_zh=scope_zh,
        current=cur,
        previous=prev,
        has_previous=has_prev,
        alerts=raised,
        best=ranking.head(RANKED),
        worst=ranking.tail(RANKED).reverse() if ranking.height > RANKED else ranking.clear(),
        weeks=weeks,
        safety_weeks=safety,
        loaded_at=_loaded_at(con),
    )
