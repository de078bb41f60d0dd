"""Build a campaign database from contract files, or refuse to; publish it.

Rule: files to checked tables to a new database file; never imports analytics (what they
store after a load comes in as PostLoad steps, from queries.campaign). The command line is
queries.load. A source is a folder or single files: CSV (UTF-8 with or without a byte-order mark, or
GBK/GB18030), Excel workbooks (.xlsx) or Parquet, in any mix; queries.ingest.readers finds each
contract table by file or sheet name. Every table is cast to the contract's types and checked
against every rule of queries.contract (queries.ingest.validation). Any error stops the load: the
report names file, row (as a spreadsheet counts it, the header is row 1), column, value and
rule, prints the first 20 of each kind, and writes up to REPORT_MAX_PER_KIND of each kind to a
CSV beside the database (PATH's name with .report.csv); the current database is left exactly as
it was. Warnings are reported and do not block. Loads onto one database run one at a time
(publish.load_lock).

A good load is published by queries.ingest.publish: built as a new file, checked, then made current
with an atomic switch of PATH (a link to the current version); the last few versions are
kept for rollback. An append checks the new rows together with what is already loaded (no
team-day twice, references to teams and units already there) and publishes the whole
campaign as a new version the same way.

The baseline period (each team's baseline productivity, the productivity index's 100) is a
setting of the load, stored in the database's campaign_settings table: EMULATION_BASELINE
as START..END in ISO dates (e.g. 1953-01-01..1953-03-31) if set; else, for an append, the
baseline of the database appended to; else the contract's (contract.BASELINE_START and
BASELINE_END, the quarter before the 1953 campaign). See baseline_period.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl

from queries import contract, export
from queries.ingest import build, publish, readers, validation  # noqa: F401  (validation re-exported)
from queries.ingest.validation import (  # re-exported: the loader's public vocabulary
    ContractError,
    Finding,
    Violation,
)
from queries.store import db

__all__ = [
    "ContractError",
    "LoadResult",
    "Violation",
    "baseline_period",
    "create_schema",
    "derive",
    "fingerprint",
    "load",
    "read_source",
]

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
SHOWN = 20  # findings printed per kind; the report CSV has up to report_cap() of each
# The report lists at most this many findings of each kind (and says how many more there are);
# EMULATION_REPORT_MAX_PER_KIND overrides it. A refused upload of 3 million bad rows wrote 276 MB.
REPORT_MAX_PER_KIND = 1_000
REPORT_ENV = "EMULATION_REPORT_MAX_PER_KIND"
REPORT_COLUMNS = ("severity", "table", "file", "row", "column", "value", "rule")
BASELINE_ENV = "EMULATION_BASELINE"
DEFAULT_BASELINE = (
    date.fromisoformat(contract.BASELINE_START),
    date.fromisoformat(contract.BASELINE_END),
)

Sources = Path | Sequence[Path]
Progress = build.Progress


@dataclass(frozen=True)
class PostLoad:
    """A step run on the new database after the contract tables and derive.sql, before it is
    published: the loader knows nothing of analytics, so what they store is passed in.
    `version` changes whenever the step would write something else (it enters fingerprint)."""

    name: str
    run: Callable[[duckdb.DuckDBPyConnection], None]
    version: str


@dataclass
class LoadResult:
    db_path: Path
    row_counts: dict[str, int] = field(default_factory=dict)
    version: publish.Version | None = None
    warnings: list[Violation] = field(default_factory=list)
    new_rows: dict[str, int] = field(default_factory=dict)
    report: Path | None = None


def _as_list(source: Sources) -> list[Path]:
    return [Path(source)] if isinstance(source, str | Path) else [Path(s) for s in source]


def _where(sources: list[Path]) -> str:
    return ", ".join(str(s) for s in sources)


def read_source(source: Sources) -> dict[str, pl.DataFrame]:
    """Read and check every contract table in source, in a database in memory; the tables as
    Polars frames in the contract's types, or ContractError listing all problems."""
    sources = _as_list(source)
    with tempfile.TemporaryDirectory(prefix="emulation-read-") as tmp:
        con = build.connect(Path(tmp) / "read.duckdb", Path(tmp) / "spill")
        try:
            build.create_schema(con, keys=False)
            out = build.stage(con, sources, append=False)
            build.check(con, out, append=False, cap=report_cap())
            if out.errors:
                raise ContractError(out.errors, out.warnings)
            build.insert(con, out)
            return {
                t.name: con.sql(
                    f"select {', '.join(t.column_names)} from {t.name} order by rowid"  # noqa: S608
                )
                .pl()
                .cast(t.polars_schema)
                for t in contract.TABLES
            }
        finally:
            con.close()


def fingerprint(
    source: Sources, steps: Sequence[PostLoad] = (), baseline: tuple[date, date] | None = None
) -> str:
    """A hash of the source files, of derive.sql and the campaign settings (baseline, by
    default baseline_period()) and of each post-load step's version, so a database knows
    what it was built from, and the sample database is rebuilt when a new version derives
    other tables, another baseline is set or a step would store something else."""
    h = hashlib.sha256()
    h.update((SQL_DIR / "schema" / "derive.sql").read_bytes())
    h.update((SQL_DIR / "schema" / "derive_cost.sql").read_bytes())
    h.update((SQL_DIR / "schema" / "campaign_settings.sql").read_bytes())
    h.update("..".join(d.isoformat() for d in baseline or baseline_period()).encode())
    for step in steps:
        h.update(step.version.encode())
    found = readers.locate(_as_list(source))
    for table in contract.TABLES:
        loc = found.located.get(table.name)
        if loc is not None:
            h.update(loc.path.name.encode())
            with open(loc.path, "rb") as f:
                # in blocks: a source of 100 million rows is gigabytes
                while block := f.read(1 << 24):
                    h.update(block)
    return h.hexdigest()


def create_schema(con: duckdb.DuckDBPyConnection, keys: bool = True) -> None:
    """Create the contract's tables, typed (and keyed, unless keys=False), in an empty
    database."""
    build.create_schema(con, keys)


def baseline_period(current: tuple[date, date] | None = None) -> tuple[date, date]:
    """The baseline period a load stores: EMULATION_BASELINE (START..END, ISO dates) if set,
    else current (an append keeps the baseline of the database it extends), else the
    contract's. Raises ValueError for a setting that is not two dates in order."""
    raw = os.environ.get(BASELINE_ENV, "").strip()
    if not raw:
        return current or DEFAULT_BASELINE
    start, sep, end = raw.partition("..")
    try:
        period = date.fromisoformat(start.strip()), date.fromisoformat(end.strip())
    except ValueError:
        period = None
    if not sep or period is None or period[0] > period[1]:
        raise ValueError(
            f"{BASELINE_ENV} must be START..END, two ISO dates with START first "
            f"(e.g. {contract.BASELINE_START}..{contract.BASELINE_END}), not {raw!r}"
        )
    return period


def stored_baseline(db_path: Path) -> tuple[date, date] | None:
    """The baseline period stored in the database at db_path; None if it has none (a
    database built before the setting existed, or no database)."""
    if not db_path.exists():
        return None
    con = db.connect(db_path)
    try:
        present = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        if "campaign_settings" not in present:
            return None
        row = con.execute("select baseline_start_on, baseline_end_on from campaign_settings")
        return row.fetchone()
    finally:
        con.close()


def derive(con: duckdb.DuckDBPyConnection, baseline: tuple[date, date] | None = None) -> None:
    """Store the campaign settings (queries/sql/schema/campaign_settings.sql: the baseline
    period, by default baseline_period()), then build the derived tables, views and macros
    (queries/sql/schema/derive.sql)."""
    build.derive(con, baseline or baseline_period())


# The load's own record inside each database: which files, and the warnings it raised.
_RECORD_SCHEMA = """
create table load_files (
    loaded_at timestamp, mode varchar, table_name varchar, file varchar, format varchar,
    encoding varchar, rows bigint
);
create table load_findings (
    severity varchar, table_name varchar, file varchar, "row" bigint, column_name varchar,
    value varchar, rule varchar
);
"""


def _findings_frame(findings: list[Finding]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "severity": [f.severity for f in findings],
            "table_name": [f.table for f in findings],
            "file": [f.file for f in findings],
            "row": [f.row for f in findings],
            "column_name": [f.column for f in findings],
            "value": [f.value for f in findings],
            "rule": [f.rule for f in findings],
        },
        schema={
            "severity": pl.String,
            "table_name": pl.String,
            "file": pl.String,
            "row": pl.Int64,
            "column_name": pl.String,
            "value": pl.String,
            "rule": pl.String,
        },
    )


def _record(
    con: duckdb.DuckDBPyConnection,
    info: dict,
    files: pl.DataFrame,
    findings: list[Finding],
    append: bool,
) -> None:
    """The load's own record: load_info, the files read (an append adds its own to those
    before) and the warnings the load raised."""
    con.execute(
        "create or replace table load_info as select $loaded_at::timestamp as loaded_at, "
        "$source as source, $source_hash as source_hash",
        info,
    )
    present = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    if not append or "load_files" not in present:
        con.execute("drop table if exists load_files; drop table if exists load_findings")
        con.execute(_RECORD_SCHEMA)
    else:
        con.execute("delete from load_findings")
    con.register("incoming", files)
    con.execute("insert into load_files select * from incoming")
    con.unregister("incoming")
    con.register("incoming", _findings_frame(findings))
    con.execute("insert into load_findings select * from incoming")
    con.unregister("incoming")


def _build(
    path: Path,
    sources: list[Path],
    *,
    append: bool,
    current: Path | None,
    baseline: tuple[date, date],
    rebuild: bool,
    steps: Sequence[PostLoad],
    info: dict,
    report: Path,
    meta: dict,
    held: dict,
    progress: build.Progress | None,
) -> dict[str, int]:
    """Write a complete version to path (for an append, from a copy of current), checking the
    source inside it; raise ContractError, after writing the report, if it breaks the
    contract. Returns the row count of every table written; fills meta and the LoadResult's
    figures (held["outcome"])."""
    spill = path.with_name(path.name + ".spill")
    if append and current is not None:
        build.copy_current(current, path)
    con = build.connect(path, spill)
    log = build.step_log()
    try:
        if not append:
            build.create_schema(con, keys=False)
        else:
            build.add_missing_optional(con)
        with build.timed("stage", log):
            out = build.stage(con, sources, append, progress)
        cap = report_cap()
        with build.timed("check", log):
            build.check(con, out, append, cap, progress)
        if out.errors:
            write_report(report, *out.report())
            raise ContractError(out.errors, out.warnings)
        with build.timed("insert", log):
            build.insert(con, out)
        with build.timed("derive", log):
            if append and not rebuild:
                build.derive_append(con, out)
            else:
                build.derive(con, baseline, log)
        with build.timed("warnings", log):
            build.warnings(con, out, cap)
        for step in steps:
            with build.timed(f"step {step.name}", log):
                step.run(con)
        files = _files_frame(out.files, info["loaded_at"], "append" if append else "full")
        warned = [f for v in out.warnings for f in v.findings]
        _record(con, info, files, warned, append)
        with build.timed("checkpoint", log):
            con.execute("checkpoint")
        counts = build.row_counts(con)
        counts["load_files"] = con.execute("select count(*) from load_files").fetchone()[0]
        counts["load_findings"] = con.execute("select count(*) from load_findings").fetchone()[0]
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
    write_report(report, *out.report())
    meta["files"] = [f.file for f in out.files]
    meta["new_rows"] = build.new_rows(out)
    meta["warnings"] = sum(v.count for v in out.warnings)
    held["outcome"] = out
    return counts


def read_current(db_path: Path) -> tuple[dict[str, pl.DataFrame], pl.DataFrame | None]:
    """The contract tables of the current database, and its record of loaded files."""
    if not db_path.exists():
        raise ContractError(
            [
                Violation(
                    str(db_path),
                    "",
                    "there is no current database to append to: load the whole campaign first",
                    1,
                )
            ]
        )
    # the dashboard's own configuration: DuckDB refuses a second one on a file already open

    con = db.connect(db_path)
    try:
        tables = {
            t.name: con.sql(f"select {', '.join(t.column_names)} from {t.name}").pl()  # noqa: S608
            for t in contract.TABLES
        }
        present = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        files = con.sql("select * from load_files").pl() if "load_files" in present else None
    finally:
        con.close()
    for t in contract.TABLES:
        tables[t.name] = tables[t.name].cast(t.polars_schema)
    return tables, files


def _files_frame(files: list[readers.FileInfo], loaded_at: datetime, mode: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "loaded_at": [loaded_at] * len(files),
            "mode": [mode] * len(files),
            "table_name": [f.table for f in files],
            "file": [f.file for f in files],
            "format": [f.format for f in files],
            "encoding": [f.encoding for f in files],
            "rows": [f.rows for f in files],
        },
        schema={
            "loaded_at": pl.Datetime("us"),
            "mode": pl.String,
            "table_name": pl.String,
            "file": pl.String,
            "format": pl.String,
            "encoding": pl.String,
            "rows": pl.Int64,
        },
    )


def report_cap() -> int:
    """Findings of one kind the report lists: EMULATION_REPORT_MAX_PER_KIND, else
    REPORT_MAX_PER_KIND."""
    raw = os.environ.get(REPORT_ENV, "").strip()
    return max(int(raw), 1) if raw.isdigit() else REPORT_MAX_PER_KIND


def write_report(
    path: Path,
    findings: list[Finding],
    totals: dict[tuple[str, str, str, str], int] | None = None,
    per_kind: int | None = None,
) -> Path:
    """Every finding of a load, one per row, for a spreadsheet: at most per_kind (report_cap())
    of each kind (severity, table, column, rule), then for each kind cut short one more line
    with its rule, saying how many more there are. Cells that a spreadsheet could take for a
    formula are written as text (queries.export.safe_text)."""
    cap = report_cap() if per_kind is None else max(per_kind, 1)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(REPORT_COLUMNS)
    seen: dict[tuple[str, str, str, str], list] = {}
    for f in findings:
        kind = (f.severity, f.table, f.column, f.rule)
        counted = seen.setdefault(kind, [0, f.file])
        counted[0] += 1
        if counted[0] <= cap:
            row = "" if f.row is None else f.row
            w.writerow(_safe([f.severity, f.table, f.file, row, f.column, f.value, f.rule]))
    for kind, (n, file) in seen.items():
        severity, table, column, rule = kind
        # the checks keep the first findings of a kind and count the rest
        n = max(n, (totals or {}).get(kind, 0))
        if n > cap:
            more = f"… and {n - cap} more of this kind, not listed (at most {cap} of each kind are)"
            w.writerow(_safe([severity, table, file, "", column, more, rule]))
    path.parent.mkdir(parents=True, exist_ok=True)
    # a BOM so that Excel opens the Chinese in it as UTF-8
    publish.write_atomic(path, "\ufeff" + buf.getvalue())
    return path


def _safe(cells: list) -> list:
    return [export.safe_text(c) if isinstance(c, str) else c for c in cells]


def load(
    source: Sources,
    db_path: Path,
    *,
    append: bool = False,
    keep: int | None = None,
    label: str | None = None,
    steps: Sequence[PostLoad] = (),
    progress: build.Progress | None = None,
) -> LoadResult:
    """Check source and publish it as the current database at db_path, or raise ContractError.

    The report (errors and warnings) is written beside db_path either way; on an error
    nothing else is written. progress(table, stage, rows done, rows in all) is told how far
    reading and checking each table has got.
    """
    sources = _as_list(source)
    db_path = Path(db_path)
    with publish.load_lock(db_path):
        if append and not db_path.exists():
            raise ContractError(
                [
                    Violation(
                        str(db_path),
                        "",
                        "there is no current database to append to: load the whole campaign first",
                        1,
                    )
                ]
            )
        stored = stored_baseline(db_path) if append else None
        baseline = baseline_period(stored)
        loaded_at = datetime.now(UTC).replace(tzinfo=None)
        mode = "append" if append else "full"
        shown_source = label or _where(sources)
        info = {
            "loaded_at": loaded_at,
            "source": shown_source,
            "source_hash": fingerprint(sources, steps, baseline),
        }
        meta: dict = {
            "loaded_at": loaded_at.isoformat(timespec="seconds") + "Z",
            "source": shown_source,
            "mode": mode,
            "source_hash": info["source_hash"],
        }
        current = publish.current_file(db_path) if append else None
        held: dict = {}
        version = publish.publish(
            db_path,
            lambda path: _build(
                path,
                sources,
                append=append,
                current=current,
                baseline=baseline,
                rebuild=stored != baseline,
                steps=steps,
                info=info,
                report=publish.report_path(db_path),
                meta=meta,
                held=held,
                progress=progress,
            ),
            meta,
            keep,
        )
        out = held["outcome"]
        return LoadResult(
            db_path,
            {k: v for k, v in version.meta["row_counts"].items() if k in contract.BY_NAME},
            version,
            out.warnings,
            build.new_rows(out),
            publish.report_path(db_path),
        )
