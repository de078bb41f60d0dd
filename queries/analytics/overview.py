"""The Overview page's results: headline figures, coverage over time, events, rankings."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from queries.analytics import metrics
from queries.analytics.filters import Filters
from queries.store import db

# Sums that unit_performance returns and that coarser groupings add up.
PERFORMANCE_SUMS = [
    "output_value_yuan",
    "plan_value_yuan",
    "index_output",
    "index_worker_hours",
    "rejected_value_yuan",
    "inspected_value_yuan",
    "worker_hours",
    "injury_accidents",
    "deaths",
    "lost_days",
]
# On a chart of few units, each unit's own launch is worth marking; on a regional one the
# January launches would crowd out everything else.
UNIT_LAUNCHES_UP_TO = 5


def units(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return db.run(con, "campaign/units")


def data_period(con: duckdb.DuckDBPyConnection) -> tuple[date, date]:
    row = db.run(con, "campaign/data_period").row(0)
    return row[0], row[1]


def previous_is_comparable(f: Filters, first_day: date) -> bool:
    """A change is shown only against a previous period that the data cover in full."""
    return f.previous().start >= first_day


def kpis(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Two rows, period 'current' and 'previous', with the sums and their rates."""
    return metrics.add_rates(db.run(con, "overview/kpis", f.params()))


def coverage_by_day(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    return metrics.add_rates(db.run(con, "rollout/coverage_by_day", f.params()))


def coverage_events(
    con: duckdb.DuckDBPyConnection, f: Filters, units_in_scope: int
) -> pl.DataFrame:
    params = {**f.params(), "include_unit_launches": units_in_scope <= UNIT_LAUNCHES_UP_TO}
    return db.run(con, "overview/events_in_scope", params)


def unit_ranking(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Units in scope by plan fulfilment, best first; units with no output in the period last."""
    df = metrics.add_rates(db.run(con, "overview/unit_performance", f.params()))
    return df.sort(["plan_fulfilment_pct", "unit_id"], descending=[True, False], nulls_last=True)


def with_plan(ranking: pl.DataFrame) -> pl.DataFrame:
    """A ranking's rows with a plan in the period: only those have a plan fulfilment."""
    return ranking.filter(pl.col("plan_value_yuan") > 0)


def bureau_ranking(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Bureaus by plan fulfilment, each from the sums of its units."""
    per_unit = db.run(con, "overview/unit_performance", f.params())
    df = metrics.sum_by(
        per_unit.with_columns(units=pl.lit(1)),
        ["bureau_en", "bureau_zh"],
        [*PERFORMANCE_SUMS, "units"],
    )
    return df.sort(["plan_fulfilment_pct", "bureau_en"], descending=[True, False], nulls_last=True)
