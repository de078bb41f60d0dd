"""Alert history: each alert from the evaluation that raised it to the one that cleared it.

A load replaces the published database whole (queries.ingest.publish), so the history lives
in it and is carried over by the load: the alerts step reads the history of the database
being replaced, evaluates the rules on the new one and writes the merged history into it
before it is published. An alert still raised keeps the time it was opened and takes the
new figures; one no longer raised is cleared (kept, with the time); one raised again after
clearing opens a new episode. A rollback brings back the history as that load left it.

Tables: `alerts` (one row per episode: the rule's columns, opened_at, updated_at,
cleared_at, null while open) and `alert_runs` (one row per evaluation: when, the data's
last day, the configuration file, how many alerts were open).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl

from queries.alerts import config, rules
from queries.analytics import overview
from queries.analytics.filters import Filters
from queries.store import db

TABLE = "alerts"
RUNS = "alert_runs"
SCHEMA = {
    **rules.SCHEMA,
    "opened_at": pl.Datetime("us"),
    "updated_at": pl.Datetime("us"),
    "cleared_at": pl.Datetime("us"),
}
RUN_SCHEMA = {
    "evaluated_at": pl.Datetime("us"),
    "data_end": pl.Date,
    "config_source": pl.String,
    "open_alerts": pl.Int64,
}
_SOURCES = (
    Path(__file__),
    Path(rules.__file__),
    Path(config.__file__),
)


def version(cfg: config.AlertsConfig) -> str:
    """The alerts step's version: the rules' code and the configuration they run with."""
    h = hashlib.sha256()
    for p in _SOURCES:
        h.update(p.read_bytes())
    h.update(cfg.fingerprint().encode())
    return h.hexdigest()


def merge(previous: pl.DataFrame | None, current: pl.DataFrame, at: datetime) -> pl.DataFrame:
    """The history after an evaluation at `at` that raised `current` (rules.evaluate's rows)
    on top of `previous` (a history, or None)."""
    prev = pl.DataFrame(schema=SCHEMA) if previous is None else previous.cast(SCHEMA)
    open_prev = prev.filter(pl.col("cleared_at").is_null())
    closed = prev.filter(pl.col("cleared_at").is_not_null())
    opened = open_prev.select("alert_id", "opened_at")
    still = current.join(opened, on="alert_id", how="left").with_columns(
        opened_at=pl.col("opened_at").fill_null(pl.lit(at, dtype=pl.Datetime("us"))),
        updated_at=pl.lit(at, dtype=pl.Datetime("us")),
        cleared_at=pl.lit(None, dtype=pl.Datetime("us")),
    )
    gone = open_prev.join(current.select("alert_id"), on="alert_id", how="anti").with_columns(
        cleared_at=pl.lit(at, dtype=pl.Datetime("us"))
    )
    return pl.concat([still.select(list(SCHEMA)), gone, closed]).cast(SCHEMA)


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}


def read(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """The stored history and runs of a database, or None if it has none (a database built
    before alerts, or from SQL in a test)."""
    present = _tables(con)
    if TABLE not in present or RUNS not in present:
        return None
    cur = con.cursor()
    try:
        # the table names are the constants above, never input
        episodes = cur.sql(f"select * from {TABLE}").pl()  # noqa: S608
        runs = cur.sql(f"select * from {RUNS} order by evaluated_at").pl()  # noqa: S608
    finally:
        cur.close()
    return episodes.cast(SCHEMA), runs.cast(RUN_SCHEMA)


def read_file(path: Path) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """read() of the database at path, or None when there is none yet."""
    if not Path(path).exists():
        return None
    try:
        con = db.connect(Path(path))
    except duckdb.Error:
        return None
    try:
        return read(con)
    finally:
        con.close()


def whole_period(con: duckdb.DuckDBPyConnection) -> Filters | None:
    first, last = overview.data_period(con)
    return None if first is None else Filters(first, last)


def evaluate_and_store(
    con: duckdb.DuckDBPyConnection,
    previous: tuple[pl.DataFrame, pl.DataFrame] | None,
    cfg: config.AlertsConfig,
    at: datetime | None = None,
) -> pl.DataFrame:
    """Evaluate the rules over the whole campaign on the loader's connection to a new
    database and write the merged history (and this run) into it; returns the history."""
    at = at or datetime.now(UTC).replace(tzinfo=None)
    f = whole_period(con)
    current = rules.evaluate(con, f, cfg) if f else pl.DataFrame(schema=rules.SCHEMA)
    episodes, runs = previous or (None, pl.DataFrame(schema=RUN_SCHEMA))
    history = merge(episodes, current, at)
    run = pl.DataFrame(
        [
            {
                "evaluated_at": at,
                "data_end": f.end if f else None,
                "config_source": cfg.source,
                "open_alerts": current.height,
            }
        ],
        schema=RUN_SCHEMA,
    )
    runs = pl.concat([runs.cast(RUN_SCHEMA), run])
    for table, frame in ((TABLE, history), (RUNS, runs)):
        con.register("incoming", frame)
        # the table names are the constants above, never input
        con.execute(f"create or replace table {table} as select * from incoming")  # noqa: S608
        con.unregister("incoming")
    return history


def live(con: duckdb.DuckDBPyConnection, f: Filters, cfg: config.AlertsConfig) -> pl.DataFrame:
    """The rules evaluated now for f's scope over the whole data, as a history of one
    evaluation: for a database that stores none."""
    whole = whole_period(con)
    if whole is None:
        return pl.DataFrame(schema=SCHEMA)
    scoped = replace(f, start=whole.start, end=whole.end)
    return merge(None, rules.evaluate(con, scoped, cfg), datetime.now(UTC).replace(tzinfo=None))


def data_end(con: duckdb.DuckDBPyConnection) -> date | None:
    f = whole_period(con)
    return f.end if f else None
