"""The Plan and cost page's results: the economic accounting system (经济核算制) and the
production reform (生产改革), from the optional tables unit_costs, unit_funds and unit_staff.

Every figure is a ratio of sums over unit-months (queries/sql/cost/unit_months.sql, rates in
queries/analytics/metrics.py): cost per 100 yuan of gross output value at 1952 constant
prices, cost against the production and financial plan (生产财务计划), the cost reduction
against each unit's own baseline and its savings in yuan, working-capital turnover, and the
share of management staff and the levels of management. The functions below only sum the
unit-month rows, so the cached layer fetches them once per filter.

The campaign's effect on cost per unit of output is estimated as the productivity effect is
(queries/analytics/did.py, Callaway and Sant'Anna style, errors clustered by unit), on a
unit x month panel of log cost per yuan of output, each unit's cohort its launch month; by
rollout it is estimated for the units that rushed in all at once (一轰而起) and for those
rolled out from point to area, each with the units not yet launched as comparison.
"""

from __future__ import annotations

import math
from datetime import date
from typing import NamedTuple

import duckdb
import numpy as np
import polars as pl

from queries.analytics import did, metrics, rollout
from queries.analytics.filters import Filters
from queries.store import db

# The additive columns of unit_months.sql; every rate here is computed from their sums.
SUMS = [
    "output_value_yuan",
    "plan_value_yuan",
    "costed_months",
    "cost_yuan",
    "plan_cost_yuan",
    "costed_output_value_yuan",
    "costed_plan_value_yuan",
    "planned_months",
    "cost_with_plan_yuan",
    "plan_cost_of_output_yuan",
    "plan_saving_yuan",
    "baseline_months",
    "cost_with_baseline_yuan",
    "baseline_cost_of_output_yuan",
    "cost_reduction_yuan",
    "funded_months",
    "capital_days_yuan",
    "funded_output_value_yuan",
    "verified_months",
    "working_capital_verified_yuan",
    "verified_funds_yuan",
    "staff_months",
    "production_workers",
    "management_staff",
    "staff_total",
    "management_levels",
]
ITEM_SUMS = ["cost_yuan", "plan_cost_yuan"]
SPLITS = ("all", "rollout")
GRADUAL, RUSHED = "gradual", "rushed"
# The months after the launch month over which the effect is read as settled: the sample's
# planted effect is fully ramped up from the second month after the launch month on.
SETTLED_MONTHS = (2, 11)
# The pre-trend check's months: the two before the reference month (with it, the quarter
# before launch). Months further back rest only on the few late launchers, cohorts of one
# or two units whose own variation the influence function cannot see, so a test over them
# would reject parallel trends on noise alone.
PRETREND_MONTHS = (-3, -2)
# A rollout group with fewer launched units than this is not estimated on its own.
MIN_GROUP_UNITS = 2


TABLES = ("unit_costs", "unit_funds", "unit_staff", "unit_cost_months")


def record_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of unit_costs, unit_funds and unit_staff: a campaign without them has no cost
    data, and the pages say so instead of showing zeros. A database published before the
    tables existed (EMULATION_DB of an earlier version) has none either."""
    present = set(db.run(con, "cost/tables_present")["table_name"].to_list())
    if not set(TABLES) <= present:
        return {f"{name}_rows": 0 for name in TABLES[:3]}
    return db.run(con, "cost/record_counts").row(0, named=True)


def unit_months(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Per unit in scope and month the period covers whole (or, where the data begin or
    end within a month, to the data's first or last day) with a cost, funds or staff record:
    the sums of SUMS and the rates from them."""
    return metrics.add_rates(db.run(con, "cost/unit_months", f.params()))


def unit_month_items(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Per unit in scope, whole month of the period and cost item, the months that count
    for cost: cost_yuan and plan_cost_yuan."""
    return db.run(con, "cost/unit_month_items", f.params())


def _summed(df: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    counted = df.with_columns(units=pl.col("unit_id"))
    if not by:
        out = counted.select(
            *[pl.col(c).sum() for c in SUMS],
            units=pl.col("unit_id").n_unique(),
            costed_units=pl.col("unit_id").filter(pl.col("costed_months") > 0).n_unique(),
        )
    else:
        out = counted.group_by(by, maintain_order=True).agg(
            *[pl.col(c).sum() for c in SUMS],
            units=pl.col("unit_id").n_unique(),
            costed_units=pl.col("unit_id").filter(pl.col("costed_months") > 0).n_unique(),
        )
    return metrics.add_rates(out)


def summary_of(months: pl.DataFrame) -> pl.DataFrame:
    """One row: the sums over every unit-month, the units behind them and the rates."""
    return _summed(months, [])


def trend_of(months: pl.DataFrame) -> pl.DataFrame:
    """Per month: the sums over the units in scope and the rates."""
    return _summed(months, ["month"]).sort("month")


def by_unit_of(months: pl.DataFrame) -> pl.DataFrame:
    """Per unit: the sums over its months and the rates, lowest cost per 100 yuan of
    output first; units without a costed month last."""
    keys = ["unit_id", "name_zh", "name_en", "bureau_zh", "bureau_en", "industry"]
    return _summed(months, keys).sort(
        ["cost_per_100_yuan", "unit_id"], descending=[False, False], nulls_last=True
    )


def items_of(items: pl.DataFrame, months: pl.DataFrame) -> pl.DataFrame:
    """Per month and cost item: its cost and the plan's, and each per 100 yuan of the
    month's output (the output of the unit-months that count for cost)."""
    output = months.group_by("month").agg(
        pl.col("costed_output_value_yuan").sum(), pl.col("costed_plan_value_yuan").sum()
    )
    per_item = items.group_by("month", "cost_item").agg(pl.col(ITEM_SUMS).sum())
    return (
        per_item.join(output, on="month", how="left")
        .with_columns(
            item_cost_per_100_yuan=pl.when(pl.col("costed_output_value_yuan") > 0).then(
                pl.col("cost_yuan") / pl.col("costed_output_value_yuan") * 100
            ),
            item_plan_cost_per_100_yuan=pl.when(pl.col("costed_plan_value_yuan") > 0).then(
                pl.col("plan_cost_yuan") / pl.col("costed_plan_value_yuan") * 100
            ),
        )
        .sort("month", "cost_item")
    )


def kpis(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Two rows, period 'current' and 'previous' (the period of equal length before), each
    the summary of its unit-months: the Overview's headline figures of cost and staff."""
    rows = [
        summary_of(unit_months(con, g)).with_columns(period=pl.lit(name))
        for name, g in (("current", f), ("previous", f.previous()))
    ]
    return pl.concat(rows, how="diagonal_relaxed").select("period", pl.exclude("period"))


# --- the campaign's effect on cost per unit of output ----------------------------------------


def _months_of(rows: pl.DataFrame) -> list[date]:
    """Every month from the first to the last of the unit-month rows (the panel's columns)."""
    if rows.is_empty():
        return []
    first, last = rows["month"].min(), rows["month"].max()
    return pl.date_range(first, last, "1mo", eager=True).to_list()


def _index(m: date, first: date) -> int:
    return (m.year - first.year) * 12 + m.month - first.month


def effect_panel(
    con: duckdb.DuckDBPyConnection, f: Filters
) -> tuple[did.Panel, dict[str, int], list[date]]:
    """The balanced unit x month panel of log cost per yuan of output, each unit's cohort
    the month it launched and its wave 'rushed' or 'gradual' (queries.analytics.rollout's
    flag). Units missing a month's cost or output are left out (dropped_unbalanced), and so
    are units launched in or before the first month (no month before it to compare with)."""
    counts = {"units": 0, "dropped_unbalanced": 0, "dropped_joined_before": 0}
    rows = unit_months(con, f)
    months = _months_of(rows)
    if len(months) < 2 or rows.is_empty():
        empty = did.Panel(np.zeros((0, len(months))), np.zeros(0, int), np.zeros(0, object))
        return empty, counts, months
    flags = rollout.rushed_units(con, f, rollout.RUSHED_THRESHOLD).select("unit_id", "rushed")
    units = (
        rows.select("unit_id", "launched_on")
        .unique("unit_id")
        .join(flags, on="unit_id", how="left")
        .sort("unit_id")
        .with_row_index("row")
    )
    first = months[0]
    y = np.full((units.height, len(months)), np.nan)
    costed = rows.filter(pl.col("costed_months") > 0).join(
        units.select("unit_id", "row"), on="unit_id"
    )
    col = np.array([_index(m, first) for m in costed["month"].to_list()], dtype=np.int64)
    ok = (col >= 0) & (col < len(months))
    rate = (costed["cost_yuan"] / costed["costed_output_value_yuan"]).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        y[costed["row"].to_numpy()[ok], col[ok]] = np.log(rate[ok])
    complete = np.isfinite(y).all(axis=1)
    counts["dropped_unbalanced"] = int((~complete).sum())
    launched = units["launched_on"].to_list()
    g = np.array(
        [-1 if d is None else _index(date(d.year, d.month, 1), first) for d in launched],
        dtype=np.int64,
    )
    has_launch = np.array([d is not None for d in launched], dtype=bool)
    early = complete & has_launch & (g <= 0)
    counts["dropped_joined_before"] = int(early.sum())
    keep = complete & ~early
    counts["units"] = int(keep.sum())
    g = g[keep]
    g[g >= len(months)] = -1
    rushed = units["rushed"].fill_null(False).to_numpy()[keep]
    wave = np.array(
        [(RUSHED if r else GRADUAL) if gi >= 0 else None for r, gi in zip(rushed, g, strict=True)],
        dtype=object,
    )
    return did.Panel(y=y[keep], cohort=g, wave=wave), counts, months


def _subset(panel: did.Panel, wave: str) -> did.Panel:
    """The units of one rollout group and those not launched within the panel."""
    keep = (panel.cohort < 0) | (panel.wave == wave)
    return did.Panel(panel.y[keep], panel.cohort[keep], panel.wave[keep])


class CostEffect(NamedTuple):
    """What the estimate rests on, the event study by month since launch, the summary."""

    sample: pl.DataFrame
    effect: pl.DataFrame
    summary: pl.DataFrame


def campaign_effect(con: duckdb.DuckDBPyConnection, f: Filters, split: str) -> CostEffect:
    """The effect on cost per unit of output, pooled (split 'all') or by rollout ('rushed'
    and 'gradual'): per group and month since the launch month e, the effect on the log of
    cost per yuan of output with its standard error and 95% interval, and as a percentage
    change (effect_pct); e = -1, the month before launch, is the reference (0). The summary
    gives per group its launched units, the settled effect (the mean of months
    SETTLED_MONTHS after launch) with its interval, and the pre-trend check."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    panel, counts, months = effect_panel(con, f)
    if split == "all":
        groups = {did.ALL: panel}
    else:
        groups = {w: _subset(panel, w) for w in (GRADUAL, RUSHED)}
    estimates: dict[str, tuple] = {}
    launched: dict[str, int] = {}
    for label, sub in groups.items():
        launched[label] = int((sub.cohort > 0).sum())
        if launched[label] < MIN_GROUP_UNITS:
            continue
        got = did.estimate(sub, by_wave=False)
        if did.ALL in got:
            estimates[label] = got[did.ALL]
    sample = pl.DataFrame(
        {
            "units": [counts["units"]],
            "units_launched": [int((panel.cohort > 0).sum())],
            "units_not_launched": [int((panel.cohort < 0).sum())],
            "units_rushed": [int(((panel.cohort > 0) & (panel.wave == RUSHED)).sum())],
            "cohorts": [len(np.unique(panel.cohort[panel.cohort > 0]))],
            "months": [len(months)],
            "dropped_unbalanced": [counts["dropped_unbalanced"]],
            "dropped_joined_before": [counts["dropped_joined_before"]],
        }
    )
    return CostEffect(sample, _effect(estimates), _summary(estimates, launched))


def _effect(estimates: dict[str, tuple]) -> pl.DataFrame:
    schema = {"group": pl.String, **did.EVENT_SCHEMA, "is_reference": pl.Boolean}
    frames = []
    for group, (frame, _) in estimates.items():
        ref = pl.DataFrame(
            {"e": [-1], "att": [0.0], "cohorts": [0], "treated_teams": [0]},
            schema_overrides={"e": pl.Int64, "cohorts": pl.Int64, "treated_teams": pl.Int64},
        )
        frames.append(
            pl.concat([frame, ref], how="diagonal")
            .with_columns(group=pl.lit(group), is_reference=pl.col("e") == -1)
            .sort("e")
        )
    out = pl.concat(frames, how="diagonal").select(list(schema)) if frames else None
    if out is None:
        out = pl.DataFrame(schema=schema)
    # did counts the panel's rows as teams; here they are units
    out = out.rename(
        {"treated_teams": "treated_units", "min_comparison_teams": "min_comparison_units"}
    )
    return out.with_columns(
        effect_pct=(pl.col("att").exp() - 1) * 100,
        ci_low_pct=(pl.col("ci_low").exp() - 1) * 100,
        ci_high_pct=(pl.col("ci_high").exp() - 1) * 100,
    )


def _summary(estimates: dict[str, tuple], launched: dict[str, int]) -> pl.DataFrame:
    rows = []
    for group, n in launched.items():
        row: dict = {"group": group, "group_units": n, "shown": group in estimates}
        if group in estimates:
            frame, inf = estimates[group]
            lo, hi = SETTLED_MONTHS
            settled = [e for e in frame["e"].to_list() if lo <= e <= hi]
            if settled:
                att, se = did.linear_combination(frame, inf, {e: 1 / len(settled) for e in settled})
            else:
                att, se = math.nan, math.nan
            stat, k, p = did.pretrend_test(frame, inf, *PRETREND_MONTHS)
            row |= {
                "settled_months": len(settled),
                "settled_att": att,
                "settled_se": se,
                "pretrend_stat": stat,
                "pretrend_df": k,
                "pretrend_p": p,
            }
        rows.append(row)
    schema = {
        "group": pl.String,
        "group_units": pl.Int64,
        "shown": pl.Boolean,
        "settled_months": pl.Int64,
        "settled_att": pl.Float64,
        "settled_se": pl.Float64,
        "pretrend_stat": pl.Float64,
        "pretrend_df": pl.Int64,
        "pretrend_p": pl.Float64,
    }
    out = pl.DataFrame(rows, schema=schema).with_columns(pl.col(pl.Float64).fill_nan(None))
    low = pl.col("settled_att") - did.Z95 * pl.col("settled_se")
    high = pl.col("settled_att") + did.Z95 * pl.col("settled_se")
    return out.with_columns(
        settled_low=low,
        settled_high=high,
        settled_pct=(pl.col("settled_att").exp() - 1) * 100,
        settled_low_pct=(low.exp() - 1) * 100,
        settled_high_pct=(high.exp() - 1) * 100,
    )
