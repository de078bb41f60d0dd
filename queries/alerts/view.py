"""The Alerts page's results: the alerts of a scope and period, and the evaluations."""

from __future__ import annotations

import duckdb
import polars as pl

from queries.alerts import config, history
from queries.analytics import filters, overview
from queries.analytics.filters import Filters

STATUSES = ("open", "cleared", "all")
UNIT_COLUMNS = ("unit_id", "name_zh", "name_en", "bureau_zh", "bureau_en")


def alerts(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    status: str = "open",
    severities: tuple[str, ...] = (),
    rules: tuple[str, ...] = (),
) -> pl.DataFrame:
    """Alerts of the units in f's scope whose period meets f's, newest first (by the end of
    their period, then severity): open ones, cleared ones or all, of the given severities
    and rules (all when none are given). `is_open` says which are open, `is_stored` whether
    they come from the history a load stored (else the rules were evaluated now)."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    stored = history.read(con)
    episodes = stored[0] if stored else history.live(con, f, config.load())
    units = filters.in_scope(overview.units(con), f).select(UNIT_COLUMNS)
    df = episodes.join(units, on="unit_id", how="inner").with_columns(
        is_open=pl.col("cleared_at").is_null(), is_stored=pl.lit(stored is not None)
    )
    df = df.filter((pl.col("period_start") <= f.end) & (pl.col("period_end") >= f.start))
    if status != "all":
        df = df.filter(pl.col("is_open") == (status == "open"))
    if severities:
        df = df.filter(pl.col("severity").is_in(list(severities)))
    if rules:
        df = df.filter(pl.col("rule").is_in(list(rules)))
    return df.sort(
        pl.col("period_end"),
        pl.col("severity").replace_strict({"high": 0, "medium": 1, "low": 2}, default=9),
        pl.col("rule"),
        pl.col("alert_id"),
        descending=[True, False, False, False],
    )


def runs(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The evaluations stored with the database, newest first (none for a database that
    stores no alerts)."""
    stored = history.read(con)
    if stored is None:
        return pl.DataFrame(schema=history.RUN_SCHEMA)
    return stored[1].sort("evaluated_at", descending=True)
