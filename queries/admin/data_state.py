"""The Data page's results: the state of the current database, its history, and loading.

What the database holds (rows per table, days covered), when and from what it was loaded,
and the warnings of that load come from the database itself, so they are cached with it.
The history of loads comes from the sidecars of queries.publish. Rollback and upload are
the loader's own functions, so the page offers nothing the command line does not.

An upload is bounded, and measured against its bounds before anything is read or written
(upload_limits(); the command line has no such bounds):

- MAX_UPLOAD_BYTES, 200 MB a file (EMULATION_UPLOAD_MAX_MB, in MB; Streamlit's own upload
  limit, server.maxUploadSize, is 200 MB too);
- MAX_UPLOAD_EXPANDED_BYTES, 512 MB a file once expanded: a CSV as it is, a Parquet file's
  uncompressed data, a workbook unzipped (EMULATION_UPLOAD_MAX_EXPANDED_MB, in MB);
- MAX_UPLOAD_ROWS, 1,000,000 records a table (EMULATION_UPLOAD_MAX_ROWS): a Parquet file's
  row count from its footer, a CSV's lines, a sheet's rows in its XML. The loader holds every
  cell as text and every finding as an object: a refused 74 KB Parquet file of 3 million rows
  took the server to 5 GB.

A file over a bound is refused with a message naming it, the bound and its own figure, and
nothing is written: no report, no version.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from queries import campaign
from queries.ingest import publish, readers, validation
from queries.ingest.validation import ContractError, Violation
from queries.store import db

# Warning rows the page lists under each kind; the report CSV holds up to a cap of each.
EXAMPLES_PER_KIND = 20
MAX_UPLOAD_BYTES = 200 * 1024**2
MAX_UPLOAD_EXPANDED_BYTES = 512 * 1024**2
MAX_UPLOAD_ROWS = 1_000_000
UPLOAD_MAX_MB_ENV = "EMULATION_UPLOAD_MAX_MB"
UPLOAD_MAX_EXPANDED_MB_ENV = "EMULATION_UPLOAD_MAX_EXPANDED_MB"
UPLOAD_MAX_ROWS_ENV = "EMULATION_UPLOAD_MAX_ROWS"
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


def _number(name: str, default: int, scale: int = 1) -> int:
    raw = os.environ.get(name, "").strip().replace("_", "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name}={raw!r}: give a whole number, 1 or more")
    return int(raw) * scale


def upload_limits() -> readers.Limits:
    """The bounds of one upload: the module's constants, or the environment's settings."""
    return readers.Limits(
        file_bytes=_number(UPLOAD_MAX_MB_ENV, MAX_UPLOAD_BYTES, 1024**2),
        expanded_bytes=_number(UPLOAD_MAX_EXPANDED_MB_ENV, MAX_UPLOAD_EXPANDED_BYTES, 1024**2),
        rows=_number(UPLOAD_MAX_ROWS_ENV, MAX_UPLOAD_ROWS),
        settings={
            "file_bytes": UPLOAD_MAX_MB_ENV,
            "expanded_bytes": UPLOAD_MAX_EXPANDED_MB_ENV,
            "rows": UPLOAD_MAX_ROWS_ENV,
        },
    )


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


def load_uploaded(
    files: list[tuple[str, bytes]],
    db_path: Path,
    append: bool,
    progress: Callable[[str, str, int, int], None] | None = None,
) -> Outcome:
    """Run the loader on uploaded files, exactly as the command line would, once they are
    measured within upload_limits(); or refuse them, having written nothing. progress is
    told the rows read and checked of each table (queries.ingest.load.load)."""
    limits = upload_limits()
    names = [Path(name).name for name, _ in files]  # never a path the browser chose
    sizes = [
        readers.file_too_big(n, len(d), limits) for n, (_, d) in zip(names, files, strict=True)
    ]
    if any(sizes):
        return Outcome(False, validation.group(f for f in sizes if f is not None))
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        paths = []
        for name, (_, data) in zip(names, files, strict=True):
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(path)
        over = readers.oversized(paths, limits)
        if over:
            return Outcome(False, validation.group(over))
        label = "upload: " + ", ".join(p.name for p in paths)
        try:
            result = campaign.load(paths, db_path, append=append, label=label, progress=progress)
        except ContractError as exc:
            return Outcome(False, exc.violations, exc.warnings)
    return Outcome(
        True,
        [],
        result.warnings,
        result.version.id if result.version else None,
        result.row_counts,
    )
