"""The database the dashboard reads, and the one way to run a query against it.

The database is the one named by EMULATION_DB; without it, the sample campaign is built
once into .data/emulation.duckdb and rebuilt only when the sample files change. A name the
loader published is a link to the current version (queries.publish), switched atomically by
each load or rollback; the app resolves it on every query (pages/common/data.version).
Readers open it read-only with external access off and the configuration locked, and run
each query on a cursor of their own with its parameters bound by name.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from queries import load

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "sample_data"
SAMPLE_DB = REPO / ".data" / "emulation.duckdb"
SQL_DIR = Path(__file__).parent / "sql"
ENV_VAR = "EMULATION_DB"
SAMPLE_KEEP = 2
# The machine has two cores; DuckDB would otherwise take every core it sees.
THREADS = 2

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class DatabaseMissing(RuntimeError):
    pass


def reader_config() -> dict[str, Any]:
    return {
        "threads": THREADS,
        "enable_external_access": False,
        "lock_configuration": True,
    }


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True, config=reader_config())


def _stored_hash(path: Path) -> str | None:
    try:
        con = connect(path)
    except duckdb.Error:
        return None
    try:
        rows = con.sql("select source_hash from load_info").fetchall()
        return rows[0][0] if rows else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def ensure_sample_database(path: Path = SAMPLE_DB, source: Path = SAMPLE_DIR) -> Path:
    """Build the sample database unless an up-to-date one is already there.

    A file lock makes concurrent first starts build it once; the loader's atomic rename
    means a reader never opens a half-built file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    wanted = load.fingerprint(source)
    with open(path.parent / f".{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (path.exists() and _stored_hash(path) == wanted):
            # the previous build stays for sessions still reading it; older ones go
            load.load(source, path, keep=SAMPLE_KEEP)
    return path


def database_path() -> Path:
    """The database this process should read: EMULATION_DB, or the sample one."""
    named = os.environ.get(ENV_VAR)
    if named:
        path = Path(named)
        if not path.is_file():
            raise DatabaseMissing(
                f"{ENV_VAR}={named} does not exist. Build it with "
                f"`python -m queries.load SOURCE_DIR --db {named}`, or unset {ENV_VAR} "
                "to use the sample campaign."
            )
        return path
    return ensure_sample_database()


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
