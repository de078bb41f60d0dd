"""The read store: the one way to open a campaign database and run a named query on it.

Rule: imports only the contract. Which database the app reads (EMULATION_DB, or the sample
campaign) is decided in queries.campaign; a name the loader published is a link to the
current version (queries.ingest.publish), resolved on every query (pages/common/cache.py).
Readers open it read-only with external access off and the configuration locked, and run
each query on a cursor of their own with its parameters bound by name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from queries import threads

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def reader_config() -> dict[str, Any]:
    return {
        "threads": threads.count(),
        "enable_external_access": False,
        "lock_configuration": True,
    }


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True, config=reader_config())


@cache
def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text()


def run(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> pl.DataFrame:
    """Run queries/sql/<name>.sql with named parameters; only those the file uses are bound."""
    return _run_text(con, name, sql_text(name), params)


def counts(
    con: duckdb.DuckDBPyConnection, names: Sequence[str], params: dict[str, Any] | None = None
) -> dict[str, int]:
    """How many rows each queries/sql/<name>.sql returns, counted in one query: a round trip
    per file cost a few ms each, more than the counting."""
    # the files' own texts and their positions, never a value: values stay bound parameters
    text = "\nunion all\n".join(
        f"select {i} as position, count(*) as row_count from (\n{sql_text(name)}\n) as r{i}"  # noqa: S608
        for i, name in enumerate(names)
    )
    rows = _run_text(con, ", ".join(names), text, params)
    by_position = dict(zip(rows["position"].to_list(), rows["row_count"].to_list(), strict=True))
    return {name: int(by_position[i]) for i, name in enumerate(names)}


def _run_text(
    con: duckdb.DuckDBPyConnection, name: str, text: str, params: dict[str, Any] | None
) -> pl.DataFrame:
    used = set(_PARAM.findall(text))
    bound = {k: v for k, v in (params or {}).items() if k in used}
    missing = used - bound.keys()
    if missing:
        raise KeyError(f"{name}.sql needs parameters {sorted(missing)}")
    cur = con.cursor()
    try:
        return cur.sql(text, params=bound).pl()
    finally:
        cur.close()
