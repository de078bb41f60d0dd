"""The alert rules: which units need attention as of the end of a period.

Each rule is the analytics function of the page that shows it, with its threshold from the
configuration: the Rollout page's rushed flag, the Quality page's control limits and
accident list, the Productivity page's weekly plan fulfilment and index change since
joining, the Proposals page's overdue backlog. Every alert names its unit, the period its
condition covers, a severity, the figures behind it (JSON, for the Alerts page and the
briefing to word) and the view that shows it (a page and its link parameters, the same
`?unit=…&period=…` that the sidebar writes). An alert's id is stable from one evaluation
to the next while its condition holds, so history.py can follow it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import duckdb
import polars as pl

from queries.alerts.config import AlertsConfig
from queries.analytics import metrics, productivity, proposals, quality, rollout
from queries.analytics.filters import Filters

RULES = (
    "rushed",
    "accident_rate",
    "defect_rate",
    "death",
    "below_plan",
    "overdue_proposals",
    "productivity_fall",
)
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}

SCHEMA = {
    "alert_id": pl.String,
    "rule": pl.String,
    "unit_id": pl.String,
    "severity": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "figures": pl.String,
    "view": pl.String,
    "link": pl.String,
}


def _link(unit_id: str, period: tuple[date, date] | None = None) -> str:
    """The view's link parameters: the unit, and the period when the view should show it."""
    params: list[tuple[str, str]] = [("unit", unit_id)]
    if period:
        params += [("period", f"{period[0]:%Y-%m-%d}"), ("period", f"{period[1]:%Y-%m-%d}")]
    return urlencode(params)


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _alert(
    rule: str,
    unit_id: str,
    severity: str,
    period: tuple[date, date],
    figures: dict[str, Any],
    view: str,
    link_period: bool = False,
    key: str = "",
) -> dict[str, Any]:
    return {
        "alert_id": f"{rule}:{unit_id}" + (f":{key}" if key else ""),
        "rule": rule,
        "unit_id": unit_id,
        "severity": severity,
        "period_start": period[0],
        "period_end": period[1],
        "figures": json.dumps({k: _clean(v) for k, v in figures.items()}, sort_keys=True),
        "view": view,
        "link": _link(unit_id, period if link_period else None),
    }


def rushed(con: duckdb.DuckDBPyConnection, f: Filters, cfg: AlertsConfig) -> list[dict]:
    """Units that rushed in all at once (rollout.pace's flag), from the first team joining
    to 90% of the workers covered (or the period's end)."""
    c = cfg.rushed
    df = rollout.pace(con, f, c.threshold).filter("rushed")
    return [
        _alert(
            "rushed",
            r["unit_id"],
            c.severity,
            (r["first_joined_on"], r["reached_90_on"] or f.end),
            {
                "share": r["max_7day_join_share"],
                "teams_in_7_days": r["max_teams_joined_in_7_days"],
                "teams_total": r["teams_total"],
                "threshold": c.threshold,
            },
            "rollout",
        )
        for r in df.iter_rows(named=True)
    ]


def control_limits(con: duckdb.DuckDBPyConnection, f: Filters, cfg: AlertsConfig) -> list[dict]:
    """Accidents or rejects after joining above the Quality page's control limits: above
    the 95% limit a warning, above the 99.8% limit an alarm. The period is the window after
    the last team joined."""
    c = cfg.control_limit
    df = quality.before_after(con, f, c.window_days).filter("comparable")
    out = []
    for r in df.iter_rows(named=True):
        after_end = min(r["last_joined_on"] + timedelta(days=c.window_days - 1), f.end)
        period = (r["last_joined_on"], after_end)
        for kind, rule, rate in (
            ("accident", "accident_rate", "accident_frequency_rate"),
            ("defect", "defect_rate", "defect_rate"),
        ):
            if not r[f"{kind}_warning"]:
                continue
            alarm = r[f"{kind}_worse"]
            out.append(
                _alert(
                    rule,
                    r["unit_id"],
                    c.alarm_severity if alarm else c.warning_severity,
                    period,
                    {
                        "level": "99.8" if alarm else "95",
                        "observed": r[f"{kind}_observed"],
                        "expected": r[f"{kind}_expected"],
                        "limit_95": r[f"{kind}_upper_95"],
                        "limit_998": r[f"{kind}_upper_998"],
                        "rate_before": r[f"before_{rate}"],
                        "rate_after": r[f"after_{rate}"],
                        "window_days": c.window_days,
                    },
                    "quality",
                )
            )
    return out


def deaths(con: duckdb.DuckDBPyConnection, f: Filters, cfg: AlertsConfig) -> list[dict]:
    """Each accident with a death in the last recent_days days of the period."""
    c = cfg.death
    since = max(f.start, f.end - timedelta(days=c.recent_days - 1))
    df = quality.accidents(con, replace(f, start=since)).filter(pl.col("deaths") > 0)
    return [
        _alert(
            "death",
            r["unit_id"],
            c.severity,
            (r["occurred_on"], r["occurred_on"]),
            {
                "deaths": r["deaths"],
                "injured": r["injured"],
                "cause": r["cause"],
                "accident_id": r["accident_id"],
            },
            "unit",
            link_period=True,
            key=r["accident_id"],
        )
        for r in df.iter_rows(named=True)
    ]


def complete_weeks(f: Filters) -> tuple[date, date] | None:
    """The Monday-to-Sunday weeks wholly inside the period: a part week's plan fulfilment
    is not a week's."""
    first = f.start + timedelta(days=(7 - f.start.weekday()) % 7)
    last = f.end - timedelta(days=(f.end.weekday() + 1) % 7)
    return (first, last) if last > first else None


def below_plan(con: duckdb.DuckDBPyConnection, f: Filters, cfg: AlertsConfig) -> list[dict]:
    """Units whose plan fulfilment was below fulfilment_pct in each of their last `weeks`
    complete weeks; the alert covers the whole run of such weeks up to the last one."""
    c = cfg.below_plan
    weeks = complete_weeks(f)
    if weeks is None:
        return []
    periods = productivity.unit_periods(con, replace(f, start=weeks[0], end=weeks[1]), "week")
    rated = metrics.add_rates(periods.filter(pl.col("plan_value_yuan") > 0))
    last_week = weeks[1] - timedelta(days=6)
    out = []
    for (unit_id,), rows in rated.sort("period_start", descending=True).group_by(
        "unit_id", maintain_order=True
    ):
        run = []
        expected = last_week
        for r in rows.iter_rows(named=True):
            if r["period_start"] != expected or not r["plan_fulfilment_pct"] < c.fulfilment_pct:
                break
            run.append(r)
            expected -= timedelta(days=7)
        if len(run) < c.weeks:
            continue
        output = sum(r["output_value_yuan"] for r in run)
        plan = sum(r["plan_value_yuan"] for r in run)
        start = run[-1]["period_start"]
        out.append(
            _alert(
                "below_plan",
                unit_id,
                c.severity,
                (start, last_week + timedelta(days=6)),
                {
                    "weeks": len(run),
                    "fulfilment_pct": output / plan * 100,
                    "last_week_pct": run[0]["plan_fulfilment_pct"],
                    "threshold_pct": c.fulfilment_pct,
                    "min_weeks": c.weeks,
                },
                "productivity",
                link_period=True,
            )
        )
    return out


def overdue_proposals(con: duckdb.DuckDBPyConnection, f: Filters, cfg: AlertsConfig) -> list[dict]:
    """Units with proposals pending past the overdue days at the period's end."""
    c = cfg.overdue_proposals
    df = proposals.overdue(con, f, c.days)
    per_unit = (
        df.group_by("unit_id")
        .agg(
            proposals=pl.len(),
            oldest_age_days=pl.col("age_days").max(),
            oldest_on=pl.col("submitted_on").min(),
        )
        .filter(pl.col("proposals") >= c.min_proposals)
        .sort("unit_id")
    )
    return [
        _alert(
            "overdue_proposals",
            r["unit_id"],
            c.severity,
            (r["oldest_on"], f.end),
            {
                "proposals": r["proposals"],
                "oldest_age_days": r["oldest_age_days"],
                "days": c.days,
            },
            "proposals",
        )
        for r in per_unit.iter_rows(named=True)
    ]


def productivity_fall(con: duckdb.DuckDBPyConnection, f: Filters, cfg: AlertsConfig) -> list[dict]:
    """Units whose joined teams' productivity index since joining fell more than
    min_drop_points below its level before joining (productivity.index_change_ranking);
    an index resting on little data is not enough to raise it."""
    c = cfg.productivity_fall
    df = productivity.with_index_change(productivity.index_change_ranking(con, f)).filter(
        (pl.col("index_change") < -c.min_drop_points)
        & ~pl.col("productivity_index_before_joining_is_small").fill_null(False)
        & ~pl.col("productivity_index_since_joining_is_small").fill_null(False)
    )
    return [
        _alert(
            "productivity_fall",
            r["unit_id"],
            c.severity,
            (r["launched_on"] or f.start, f.end),
            {
                "index_before": r["productivity_index_before_joining"],
                "index_since": r["productivity_index_since_joining"],
                "change": r["index_change"],
                "min_drop_points": c.min_drop_points,
            },
            "productivity",
        )
        for r in df.iter_rows(named=True)
    ]


def evaluate(con: duckdb.DuckDBPyConnection, f: Filters, cfg: AlertsConfig) -> pl.DataFrame:
    """Every alert the enabled rules raise for the units in f's scope as of f.end, highest
    severity first, then newest."""
    rows: list[dict] = []
    if cfg.rushed.enabled:
        rows += rushed(con, f, cfg)
    if cfg.control_limit.enabled:
        rows += control_limits(con, f, cfg)
    if cfg.death.enabled:
        rows += deaths(con, f, cfg)
    if cfg.below_plan.enabled:
        rows += below_plan(con, f, cfg)
    if cfg.overdue_proposals.enabled:
        rows += overdue_proposals(con, f, cfg)
    if cfg.productivity_fall.enabled:
        rows += productivity_fall(con, f, cfg)
    return order(pl.DataFrame(rows, schema=SCHEMA))


def order(df: pl.DataFrame) -> pl.DataFrame:
    """Highest severity first, then the newest period, then by rule and unit."""
    return df.sort(
        pl.col("severity").replace_strict(SEVERITY_ORDER, default=9),
        pl.col("period_end"),
        pl.col("rule"),
        pl.col("alert_id"),
        descending=[False, True, False, False],
    )
