"""The pre-aggregated tables of derive.sql (unit_days, team_weeks, team_months and their
period macros) against the same sums computed in Polars from team_days row by row.

Pages read the pre-aggregates for speed; these tests hold them to the rows they summarize,
including periods that cut a week or month short at either end, fit inside one, are a day,
or start before the data (whose first week and month are then whole).
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
    "whole months": (date(1953, 1, 1), date(1953, 4, 30)),
    "the data's own span": (date(1952, 10, 1), date(1953, 12, 31)),
    "cut short at both ends": (date(1952, 11, 5), date(1953, 11, 26)),
    "from before the data to mid-month": (date(1952, 9, 1), date(1953, 1, 14)),
    "from mid-month to after the data": (date(1953, 11, 18), date(1954, 2, 1)),
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


def _expected_team_periods(
    team_days: pl.DataFrame, start: date, end: date, every: str, column: str
) -> pl.DataFrame:
    rows = team_days.filter(pl.col("day").is_between(start, end))
    return (
        rows.with_columns(pl.col("day").dt.truncate(every).alias(column))
        .group_by("team_id", column)
        .agg(
            pl.len().alias("team_days"),
            *(pl.col(c).sum() for c in SUMS[1:6]),
            pl.col("index_output").filter("is_joined").sum().alias("joined_index_output"),
            pl.col("index_worker_hours")
            .filter("is_joined")
            .sum()
            .alias("joined_index_worker_hours"),
        )
        .sort("team_id", column)
    )


MACROS = {"team_weeks_in": ("1w", "week"), "team_months_in": ("1mo", "month")}


@pytest.mark.parametrize("macro", MACROS)
@pytest.mark.parametrize("period", PERIODS.values(), ids=PERIODS.keys())
def test_team_periods_in_equal_team_days_summed_by_period(sample_con, team_days, period, macro):
    start, end = period
    every, column = MACROS[macro]
    got = _frame(
        sample_con,
        f"select team_id, {column}, " + ", ".join(SUMS) + f" from {macro}($start, $end)",
        {"start": start, "end": end},
    ).sort("team_id", column)
    expected = _expected_team_periods(team_days, start, end, every, column)
    assert got.height == expected.height > 0
    assert_frame_equal(got, expected, check_dtypes=False, rel_tol=1e-9, abs_tol=1e-6)


def test_team_months_carry_output_quantities(sample_con, team_days):
    start, end = PERIODS["cut short at both ends"]
    got = _frame(
        sample_con,
        "select team_id, month, output_qty from team_months_in($start, $end)",
        {"start": start, "end": end},
    ).sort("team_id", "month")
    expected = (
        team_days.filter(pl.col("day").is_between(start, end))
        .group_by("team_id", month=pl.col("day").dt.truncate("1mo"))
        .agg(pl.col("output_qty").sum())
        .sort("team_id", "month")
    )
    assert_frame_equal(got, expected, check_dtypes=False, rel_tol=1e-9)


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
