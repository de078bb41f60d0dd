"""The Data page's results: the state of the current database, its history, and loading.

What the database holds (rows per table, days covered), when and from what it was loaded,
and the warnings of that load come from the database itself, so they are cached with it.
The history of loads comes from the sidecars of queries.publish. Rollback and upload are
the loader's own functions, so the page offers nothing the command line does not.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from queries import campaign
from queries.ingest import publish, readers, validation
from queries.ingest.validation import ContractError, Violation
from queries.store import db

# Warning rows the page lists under each kind; the report CSV holds them all.
EXAMPLES_PER_KIND = 20
# Off unless set to 1: who may switch versions or load files from the browser is the
# deployer's choice, not the viewer's.
ROLLBACK_ENV = "EMULATION_ALLOW_ROLLBACK"
UPLOAD_ENV = "EMULATION_ALLOW_UPLOAD"
# Warning rules the app shows in the reader's language (others are shown as the loader says).
RULE_KEYS = {
    validation.NO_OUTPUT_MONTH: "no_output_month",
    validation.ACCIDENT_OUTSIDE_OUTPUT: "accident_outside_output",
    validation.JOINED_BEFORE_LAUNCH: "joined_before_launch",
    validation.NO_ROWS: "no_rows",
    readers.SHEET_IGNORED: "sheet_ignored",
}


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def rollback_allowed() -> bool:
    return _flag(ROLLBACK_ENV)


def upload_allowed() -> bool:
    return _flag(UPLOAD_ENV)


def row_counts(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """table_name, row_count: the eight contract tables and team_days."""
    return db.run(con, "admin/row_counts")


def date_ranges(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """table_name, column_name, first_day, last_day, days: what each dated table covers."""
    return db.run(con, "admin/date_ranges")


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return table in set(db.run(con, "admin/record_tables")["table_name"].to_list())


def load_info(con: duckdb.DuckDBPyConnection) -> dict | None:
    """loaded_at, source, source_hash of the load that built this database."""
    df = db.run(con, "admin/load_info")
    return df.row(0, named=True) if df.height else None


def load_files(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """The files read by each load behind this database; None when it keeps no such record."""
    return db.run(con, "admin/load_files") if _has(con, "load_files") else None


def warning_kinds(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """The last load's warnings by kind, counted; None when the database keeps no record."""
    return db.run(con, "admin/warning_kinds") if _has(con, "load_findings") else None


def warning_examples(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    if not _has(con, "load_findings"):
        return None
    return db.run(con, "admin/warning_examples", {"per_kind": EXAMPLES_PER_KIND})


def examples_of(examples: pl.DataFrame, kind: dict) -> pl.DataFrame:
    """warning_examples' rows of one kind (a row of warning_kinds)."""
    return examples.filter(
        (pl.col("table_name") == kind["table_name"])
        & (pl.col("column_name") == kind["column_name"])
        & (pl.col("rule") == kind["rule"])
    )


def history(db_path: Path) -> pl.DataFrame:
    """Every kept version, newest first: id, loaded_at, mode, source, rows, warnings, current."""
    rows = []
    for v in publish.history(db_path):
        m = v.meta
        counts = m.get("row_counts") or {}
        rows.append(
            {
                "id": v.id,
                "loaded_at": m.get("loaded_at"),
                "mode": m.get("mode"),
                "source": m.get("source"),
                "daily_output": counts.get("daily_output"),
                "warnings": m.get("warnings"),
                "current": v.current,
            }
        )
    schema = {
        "id": pl.String,
        "loaded_at": pl.String,
        "mode": pl.String,
        "source": pl.String,
        "daily_output": pl.Int64,
        "warnings": pl.Int64,
        "current": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema)


def rollback(db_path: Path, to: str) -> publish.Version:
    return publish.rollback(db_path, to)


@dataclass
class Outcome:
    """What an upload did: published (with its version) or refused, and the report."""

    published: bool
    errors: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    version: str | None = None
    row_counts: dict[str, int] = field(default_factory=dict)


def examples(v: Violation, n: int = EXAMPLES_PER_KIND) -> pl.DataFrame:
    """The first n findings of one kind, as the report CSV lists them."""
    shown = v.findings[:n]
    return pl.DataFrame(
        {
            "file": [f.file for f in shown],
            "row": [f.row for f in shown],
            "column": [f.column for f in shown],
            "value": [f.value for f in shown],
        },
        schema={"file": pl.String, "row": pl.Int64, "column": pl.String, "value": pl.String},
    )


def load_uploaded(files: list[tuple[str, bytes]], db_path: Path, append: bool) -> Outcome:
    """Run the loader on uploaded files, exactly as the command line would."""
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        paths = []
        for name, data in files:
            path = Path(tmp) / Path(name).name  # never a path the browser chose
            path.write_bytes(data)
            paths.append(path)
        label = "upload: " + ", ".join(p.name for p in paths)
        try:
            result = campaign.load(paths, db_path, append=append, label=label)
        except ContractError as exc:
            return Outcome(False, exc.violations, exc.warnings)
    return Outcome(
        True,
        [],
        result.warnings,
        result.version.id if result.version else None,
        result.row_counts,
    )
