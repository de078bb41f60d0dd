"""The pre-aggregated tables of derive.sql (unit_days, team_weeks, team_weeks_in) against
the same sums computed in Polars from team_days row by row.

Pages read the pre-aggregates for speed; these tests hold them to the rows they summarize,
including periods that cut a week short at either end, fit inside one week, or are a day.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

SUMS = (
    "team_days",
    "output_value_yuan",
    "plan_value_yuan",
    "index_output",
    "index_worker_hours",
    "worker_hours",
    "joined_index_output",
    "joined_index_worker_hours",
)

PERIODS = {
    "whole weeks (Monday to Sunday)": (date(1953, 1, 5), date(1953, 3, 29)),
    "cut short at both ends": (date(1952, 10, 1), date(1953, 12, 31)),
    "starts on a Sunday, ends on a Monday": (date(1953, 2, 1), date(1953, 2, 16)),
    "inside one week": (date(1953, 4, 7), date(1953, 4, 10)),
    "one day": (date(1953, 6, 3), date(1953, 6, 3)),
}


def _frame(con, sql: str, params: dict | None = None) -> pl.DataFrame:
    cur = con.cursor()  # a cursor per query, as queries.db.run does
    try:
        return cur.sql(sql, params=params or {}).pl()
    finally:
        cur.close()


@pytest.fixture(scope="module")
def team_days(sample_con) -> pl.DataFrame:
    return _frame(sample_con, "select * from team_days")


def _expected_team_weeks(team_days: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    rows = team_days.filter(pl.col("day").is_between(start, end))
    return (
        rows.with_columns(week=pl.col("day").dt.truncate("1w"))
        .group_by("team_id", "week")
        .agg(
            pl.len().alias("team_days"),
            *(pl.col(c).sum() for c in SUMS[1:6]),
            pl.col("index_output").filter("is_joined").sum().alias("joined_index_output"),
            pl.col("index_worker_hours")
            .filter("is_joined")
            .sum()
            .alias("joined_index_worker_hours"),
        )
        .sort("team_id", "week")
    )


@pytest.mark.parametrize("period", PERIODS.values(), ids=PERIODS.keys())
def test_team_weeks_in_equals_team_days_summed_by_week(sample_con, team_days, period):
    start, end = period
    got = _frame(
        sample_con,
        "select team_id, week, " + ", ".join(SUMS) + " from team_weeks_in($start, $end)",
        {"start": start, "end": end},
    ).sort("team_id", "week")
    expected = _expected_team_weeks(team_days, start, end)
    assert got.height == expected.height > 0
    assert_frame_equal(got, expected, check_dtypes=False, rel_tol=1e-9, abs_tol=1e-6)


def test_team_weeks_in_reads_whole_weeks_from_team_weeks(sample_con):
    # A period of whole weeks needs no team_days row: its team-weeks are team_weeks' own.
    start, end = PERIODS["whole weeks (Monday to Sunday)"]
    params = {"start": start, "end": end}
    from_macro = _frame(
        sample_con,
        "select count(*) as n, sum(index_output) from team_weeks_in($start, $end)",
        params,
    )
    from_table = _frame(
        sample_con,
        "select count(*) as n, sum(index_output) from team_weeks "
        "where week >= $start and week + 6 <= $end",
        params,
    )
    assert from_macro["n"][0] > 0
    assert from_macro.rows() == from_table.rows()


def test_unit_days_equals_team_days_summed_by_unit_and_day(sample_con, team_days):
    prices = _frame(sample_con, "select output_unit, constant_price_yuan from output_units")
    expected = (
        team_days.join(prices, on="output_unit")
        .group_by("unit_id", "day")
        .agg(
            pl.len().alias("team_days"),
            pl.col("output_value_yuan").sum(),
            pl.col("inspected_value_yuan").sum(),
            (pl.col("inspected_value_yuan") * pl.col("constant_price_yuan"))
            .sum()
            .alias("inspected_value_price"),
            pl.col("team_plan_qty").count().alias("team_days_with_team_plan"),
            (pl.col("team_plan_qty") > pl.col("plan_qty")).sum().alias("team_days_plan_above"),
        )
        .sort("unit_id", "day")
    )
    got = _frame(
        sample_con,
        "select unit_id, day, team_days, output_value_yuan, inspected_value_yuan, "
        "inspected_value_price, team_days_with_team_plan, team_days_plan_above from unit_days",
    )
    assert got["team_days_plan_above"].sum() > 0  # the sample has teams above the factory plan
    assert_frame_equal(got, expected, check_dtypes=False, rel_tol=1e-9)
