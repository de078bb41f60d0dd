"""The Rollout page's results: how far and how fast the emulation spread "from point to
area" (由点到面), unit by unit, and which units rushed in all at once (一轰而起).

Every result is as of the end of the chosen period: a join after it is not yet known, a
join before it counts however early it was.
"""

from __future__ import annotations

import duckdb
import polars as pl

from queries.analytics import metrics
from queries.analytics.filters import Filters
from queries.store import db

SPLITS = ("all", "bureau", "industry")
# The report warns against "rushing in all at once": a unit most of whose teams joined
# within one week. The share of teams above which a unit counts as rushed, by default.
RUSHED_THRESHOLD = 0.60
RUSH_WINDOW_DAYS = 7


def coverage_over_time(con: duckdb.DuckDBPyConnection, f: Filters, split: str) -> pl.DataFrame:
    """Coverage day by day, for the whole scope (split 'all') or per bureau or industry:
    covered and total workers, teams, workshops and units, with the shares."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    return metrics.add_rates(
        db.run(con, "rollout/coverage_by_group", {**f.params(), "split": split})
    )


# Units a quilt shows at once: rows stay tall enough to read and click, and the chart's
# cells stay a few thousand (60 units x 66 weeks) whatever the campaign's size.
QUILT_ROWS = 60


def coverage_quilt(
    con: duckdb.DuckDBPyConnection, f: Filters, first_row: int = 0, row_count: int = QUILT_ROWS
) -> pl.DataFrame:
    """One row per unit in scope and week of the period: workers of the unit's teams joined
    by the week's end over all its workers (coverage_share). Units in launch order (unit_row,
    0-based), only those from first_row, row_count of them."""
    if first_row < 0 or row_count < 1:
        raise ValueError(f"first_row must be >= 0 and row_count >= 1, not {first_row}, {row_count}")
    params = {**f.params(), "first_row": first_row, "row_count": row_count}
    return metrics.add_rates(db.run(con, "rollout/coverage_quilt", params))


def rushed_units(con: duckdb.DuckDBPyConnection, f: Filters, threshold: float) -> pl.DataFrame:
    """Every unit launched by the end of the period, flagged `rushed` when the most of its
    teams that joined within any 7 consecutive days is more than `threshold` of all its teams.

    The one definition of the flag; the Quality page reuses it. The denominator is all the
    unit's teams, joined or not, so that a unit whose first two teams of twenty joined on
    the same day has made a start (10%), not a rush (100% of those joined).
    Columns: unit_id, names, bureau, industry, launched_on, teams_total,
    max_teams_joined_in_7_days, max_7day_join_share, rushed.
    """
    df = metrics.add_rates(db.run(con, "rollout/unit_join_windows", f.params()))
    return df.with_columns(
        rushed=pl.col("max_7day_join_share").fill_null(0.0) > threshold,
    )


def pace(con: duckdb.DuckDBPyConnection, f: Filters, threshold: float) -> pl.DataFrame:
    """One row per unit launched by the end of the period: launched_on, first team joined,
    days from the first team to 50% and to 90% of workers covered (null if not reached),
    the largest share of teams joining within any 7 days and the rushed flag."""
    df = metrics.add_rates(db.run(con, "rollout/unit_pace", f.params()))
    flags = rushed_units(con, f, threshold).select(
        "unit_id", "max_teams_joined_in_7_days", "max_7day_join_share", "rushed"
    )
    return df.join(flags, on="unit_id", how="left").sort(["launched_on", "unit_id"])


def units_preparing(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Units in scope not launched by the end of the period, largest first, with their size
    (workshops, teams, workers) and a later launch date where there is one."""
    return db.run(con, "rollout/units_preparing", f.params())
