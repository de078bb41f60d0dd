"""One factory or mine, everything about it: the unit page's results and its downloads.

Scope is one unit_id and the sidebar's period; the sidebar's other filters do not apply
(an investigator who opened a unit wants all of it). Analyses the other pages already
make (coverage, proposals, accidents by cause …) are reused there with the unit as scope.

The viewer's access scope (Filters.within) does apply: a unit outside it is asked for as a
unit that does not exist, so every result is empty and the page says "not found"; its
peers are the industry's units within the scope.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import duckdb
import polars as pl

from queries import contract, export
from queries.analytics import metrics
from queries.analytics.filters import NO_UNIT, Filters
from queries.store import db


def _visible(unit_id: str, f: Filters) -> str:
    return unit_id if f.allows(unit_id) else NO_UNIT


def _params(unit_id: str, f: Filters) -> dict:
    return {
        "unit_id": _visible(unit_id, f),
        "start": f.start,
        "end": f.end,
        "within": f.within_param(),
    }


def profile(con: duckdb.DuckDBPyConnection, unit_id: str, f: Filters) -> pl.DataFrame:
    """One row (none for an unknown id, or one outside the viewer's scope): names, bureau,
    place, launch and size."""
    return db.run(con, "unit/profile", {"unit_id": _visible(unit_id, f)})


def workshop_weeks(con: duckdb.DuckDBPyConnection, unit_id: str, f: Filters) -> pl.DataFrame:
    return metrics.add_rates(db.run(con, "unit/workshop_weeks", _params(unit_id, f)))


def teams(con: duckdb.DuckDBPyConnection, unit_id: str, f: Filters) -> pl.DataFrame:
    """Each team with its rates; team_plan_vs_factory_pct compares quantities of one output
    unit (the team's own), so it may be a ratio of quantities."""
    df = metrics.add_rates(db.run(con, "unit/teams", _params(unit_id, f)))
    return df.with_columns(
        team_plan_vs_factory_pct=pl.when(pl.col("plan_qty_with_team_plan") > 0).then(
            pl.col("team_plan_qty") / pl.col("plan_qty_with_team_plan") * 100
        ),
        team_plan_above_share=pl.when(pl.col("team_plan_days") > 0).then(
            pl.col("team_plan_above_days") / pl.col("team_plan_days")
        ),
    )


def team_days(
    con: duckdb.DuckDBPyConnection, unit_id: str, team_id: str, f: Filters
) -> pl.DataFrame:
    return db.run(con, "unit/team_daily_records", {**_params(unit_id, f), "team_id": team_id})


def quality_weeks(con: duckdb.DuckDBPyConnection, unit_id: str, f: Filters) -> pl.DataFrame:
    return metrics.add_rates(db.run(con, "unit/quality_weeks", _params(unit_id, f)))


def accidents(con: duckdb.DuckDBPyConnection, unit_id: str, f: Filters) -> pl.DataFrame:
    return db.run(con, "unit/accidents", _params(unit_id, f))


# Each standing measure: column, and whether a higher value ranks better.
STANDING = (
    ("index_change", True),
    ("plan_fulfilment_pct", True),
    ("defect_rate", False),
    ("accident_frequency_rate", False),
)


def industry_standing(con: duckdb.DuckDBPyConnection, unit_id: str, f: Filters) -> pl.DataFrame:
    """Every unit of the unit's industry with the four standing measures, each unit's rank
    (1 = best) and percentile (share of peers with a value it beats or equals), and the
    number of peers with a value.

    index_change is the productivity index of the unit's team-days after each team joined
    minus that of its team-days before, both in the period.
    """
    df = db.run(con, "unit/industry_standing", _params(unit_id, f))
    df = df.with_columns(
        joined_index=pl.when(pl.col("joined_index_worker_hours") > 0).then(
            pl.col("joined_index_output") / pl.col("joined_index_worker_hours") * 100
        ),
        before_index=pl.when(pl.col("before_index_worker_hours") > 0).then(
            pl.col("before_index_output") / pl.col("before_index_worker_hours") * 100
        ),
    ).with_columns(index_change=pl.col("joined_index") - pl.col("before_index"))
    df = metrics.add_rates(df)
    ranks = []
    for column, higher_is_better in STANDING:
        value = pl.col(column)
        ranks += [
            value.rank("min", descending=higher_is_better).alias(f"{column}_rank"),
            value.count().alias(f"{column}_peers"),
            # the share of peers this unit does at least as well as
            (
                (value.rank("max", descending=not higher_is_better) / value.count()).alias(
                    f"{column}_percentile"
                )
            ),
        ]
    return df.with_columns(ranks)


RECORD_TABLES = tuple(t.name for t in contract.TABLES)


def records(con: duckdb.DuckDBPyConnection, unit_id: str, f: Filters) -> dict[str, pl.DataFrame]:
    """Every contract table filtered to the unit (and the period where a table has dates)."""
    return {
        name: db.run(con, f"unit/records/{name}", _params(unit_id, f)) for name in RECORD_TABLES
    }


def record_counts(con: duckdb.DuckDBPyConnection, unit_id: str, f: Filters) -> dict[str, int]:
    """How many rows each table of records() holds, counted in DuckDB."""
    counted = db.counts(
        con, [f"unit/records/{name}" for name in RECORD_TABLES], _params(unit_id, f)
    )
    return {name: counted[f"unit/records/{name}"] for name in RECORD_TABLES}


def export_name(unit_id: str, start: date, end: date) -> str:
    return f"{unit_id}_{start:%Y-%m-%d}_{end:%Y-%m-%d}"


def records_zip(con: duckdb.DuckDBPyConnection, unit_id: str, f: Filters) -> bytes:
    """The unit's records as a zip of CSV files, one per table, named after the table (written
    by queries.export, as every download is)."""
    tables = records(con, unit_id, f)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, df in tables.items():
            z.writestr(f"{name}.csv", export.to_csv(df))
    return buffer.getvalue()


def records_xlsx(con: duckdb.DuckDBPyConnection, unit_id: str, f: Filters) -> bytes:
    """The unit's records as one Excel workbook, a sheet per table named after it."""
    return export.to_xlsx(records(con, unit_id, f))
