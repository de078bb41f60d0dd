"""The Proposals page's results: the funnel, months, units and categories, the report's twelve
leading units, the backlog and the searchable list of rationalization proposals.

The proposals counted are those submitted in the period, each with its status at the
period's end (so a period ending in March shows March's backlog, not December's). Only the
report's twelve units ignore the period: they belong to the report's own window.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from queries.analytics import metrics
from queries.analytics.filters import Filters
from queries.store import db

# The Xinhua report of 1953-01-30 counts the proposals of twelve units "since August last
# year": the window its figure covers, and how many units it names.
REPORT_WINDOW = (date(1952, 8, 1), date(1953, 1, 30))
REPORT_UNITS = 12
OVERDUE_DAYS = 30
AGE_BIN_DAYS = 15
ROW_LIMIT = 2_000


def funnel(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """One row: submitted, decided, adopted, implemented, rejected and pending, with the
    adoption rate (of decided), implementation rate (of adopted) and proposals per 100
    workers."""
    return metrics.add_rates(db.run(con, "proposals/funnel", f.params()))


def by_month(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    return db.run(con, "proposals/by_month", f.params())


def report_window_units(
    con: duckdb.DuckDBPyConnection, f: Filters, top: int = REPORT_UNITS
) -> pl.DataFrame:
    """The units with the most proposals in the report's window (not the period), at most
    `top` of them, most first; with the window's total over every unit in scope."""
    start, end = REPORT_WINDOW
    df = db.run(
        con,
        "proposals/window_units",
        {**f.scope_params(), "window_start": start, "window_end": end},
    )
    total, units = int(df["submitted_proposals"].sum()), df.height
    return metrics.add_rates(
        df.head(top).with_columns(
            window_total=pl.lit(total, dtype=pl.Int64), window_units=pl.lit(units, dtype=pl.Int64)
        )
    )


def by_unit(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Per unit in scope, most proposals per 100 workers first; `report_leader` marks the
    report's twelve leading units."""
    leaders = report_window_units(con, f)["unit_id"].implode()
    df = metrics.add_rates(db.run(con, "proposals/by_unit", f.params()))
    return df.with_columns(report_leader=pl.col("unit_id").is_in(leaders)).sort(
        ["proposals_per_100_workers", "unit_id"], descending=[True, False], nulls_last=True
    )


def by_category(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Per category, most proposals first."""
    df = metrics.add_rates(db.run(con, "proposals/by_category", f.params()))
    return df.sort(["submitted_proposals", "category"], descending=[True, False])


def pending(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """The backlog at the period's end, oldest first."""
    return db.run(con, "proposals/pending", f.params())


def backlog_by_age(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    overdue_days: int = OVERDUE_DAYS,
    bin_days: int = AGE_BIN_DAYS,
) -> pl.DataFrame:
    """Pending proposals per age bin of `bin_days` days, split into those older than
    `overdue_days` and the rest (a bin the threshold cuts holds some of each)."""
    return backlog_by_age_of(pending(con, f), overdue_days, bin_days)


def backlog_by_age_of(
    df: pl.DataFrame, overdue_days: int = OVERDUE_DAYS, bin_days: int = AGE_BIN_DAYS
) -> pl.DataFrame:
    """backlog_by_age from pending's rows."""
    binned = df.with_columns(
        age_from=(pl.col("age_days") // bin_days) * bin_days,
        overdue=pl.col("age_days") > overdue_days,
    )
    return (
        binned.group_by("age_from", "overdue")
        .agg(proposals=pl.len())
        .with_columns(age_to=pl.col("age_from") + bin_days - 1)
        .sort("age_from", "overdue")
        .select("age_from", "age_to", "overdue", "proposals")
    )


def overdue(
    con: duckdb.DuckDBPyConnection, f: Filters, overdue_days: int = OVERDUE_DAYS
) -> pl.DataFrame:
    """Pending proposals older than `overdue_days` days at the period's end, oldest first."""
    return overdue_of(pending(con, f), overdue_days)


def overdue_of(df: pl.DataFrame, overdue_days: int = OVERDUE_DAYS) -> pl.DataFrame:
    """overdue from pending's rows."""
    return df.filter(pl.col("age_days") > overdue_days)


def search(
    con: duckdb.DuckDBPyConnection, f: Filters, text: str = "", limit: int = ROW_LIMIT
) -> pl.DataFrame:
    """Proposals submitted in the period whose title, unit or id contains `text`, newest
    first, at most `limit` rows; matches_total counts them all."""
    params = {**f.params(), "search": text.strip(), "row_limit": limit}
    return db.run(con, "proposals/in_scope", params)
