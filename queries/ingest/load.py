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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl

from queries import contract, export, threads
from queries.ingest import publish, readers, validation
from queries.ingest.validation import (  # re-exported: the loader's public vocabulary
    ERROR,
    ROW,
    WARNING,
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


@dataclass(frozen=True)
class PostLoad:
    """A step run on the new database after the contract tables and derive.sql, before it is
    published: the loader knows nothing of analytics, so what they store is passed in.
    `version` changes whenever the step would write something else (it enters fingerprint)."""

    name: str
    run: Callable[[duckdb.DuckDBPyConnection], None]
    version: str


@dataclass
class Checked:
    """A source checked against the contract (and, for an append, the current database)."""

    tables: dict[str, pl.DataFrame]  # the whole campaign to publish, in contract columns
    errors: list[Violation]
    warnings: list[Violation]
    files: list[readers.FileInfo] = field(default_factory=list)
    new_rows: dict[str, int] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return [f for v in (*self.errors, *self.warnings) for f in v.findings]


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


def check_source(source: Sources, existing: dict[str, pl.DataFrame] | None = None) -> Checked:
    """Read and check every table in source; with existing, as rows to add to it."""
    sources = _as_list(source)
    found = readers.locate(sources)
    findings = list(found.findings)
    if any(f.rule.startswith("source ") and f.rule.endswith("does not exist") for f in findings):
        return Checked({}, validation.group(findings), [])
    if existing is None:
        # a table whose file was found but could not be used is reported as such, not missing
        unusable = {f.table for f in findings if f.severity == ERROR}
        for table in contract.TABLES:
            if table.optional:
                continue  # left out, it is loaded empty
            if table.name not in found.located and table.name not in unusable:
                t = table.name
                findings.append(
                    Finding(
                        ERROR,
                        t,
                        "",
                        None,
                        "",
                        "",
                        f"no {t}.csv or {t}.parquet in {_where(sources)}, nor a {t}.xlsx "
                        f"or a workbook sheet named {t}",
                    )
                )
    elif not found.located and not any(f.severity == ERROR for f in findings):
        findings.append(
            Finding(ERROR, "", "", None, "", "", f"no contract table in {_where(sources)}")
        )
    typed: dict[str, validation.Typed] = {}
    files: list[readers.FileInfo] = []
    for table in contract.TABLES:
        loc = found.located.get(table.name)
        if loc is None:
            continue
        incoming, info, problems = readers.read(loc)
        files.append(info)
        findings += problems
        if incoming is None:
            continue
        t, problems = validation.cast(incoming)
        findings += problems
        typed[table.name] = t
        if t.complete and t.frame.is_empty():
            needed = existing is None and table.name in validation.NEEDS_ROWS
            findings.append(
                Finding(
                    ERROR if needed else WARNING,
                    table.name,
                    t.file,
                    None,
                    "",
                    "",
                    "table has no rows: the dashboard needs at least one"
                    if needed
                    else validation.NO_ROWS,
                )
            )
    known: dict[str, list[pl.DataFrame]] = {n: [df] for n, df in (existing or {}).items()}
    for name, t in typed.items():
        if t.complete:
            known.setdefault(name, []).append(t.frame.drop(ROW))
    for name, t in typed.items():
        if not t.complete:
            continue
        findings += validation.check(t, known)
        if existing is not None and name in existing:
            findings += validation.already_loaded(t, existing[name])
    errors = [f for f in findings if f.severity == ERROR]
    tables: dict[str, pl.DataFrame] = {}
    if not errors:
        combined = {}
        for table in contract.TABLES:
            parts = []
            if existing is not None and table.name in existing:
                old = existing[table.name].select(table.column_names)
                parts.append(old.with_columns(pl.lit(None, pl.Int64).alias(ROW)))
            if table.name in typed:
                parts.append(typed[table.name].frame.select(*table.column_names, ROW))
            combined[table.name] = (
                pl.concat(parts, how="diagonal") if parts else validation.empty(table)
            )
        labels = {name: t.file for name, t in typed.items()}
        findings += validation.warnings(combined, labels)
        tables = {
            name: df.select(contract.BY_NAME[name].column_names) for name, df in combined.items()
        }
    return Checked(
        tables,
        validation.group(f for f in findings if f.severity == ERROR),
        validation.group(f for f in findings if f.severity == WARNING),
        files,
        {name: t.frame.height for name, t in typed.items()},
    )


def read_source(source: Sources) -> dict[str, pl.DataFrame]:
    """Read and check every contract table in source; raise ContractError listing all problems."""
    checked = check_source(source)
    if checked.errors:
        raise ContractError(checked.errors, checked.warnings)
    return checked.tables


def fingerprint(
    source: Sources, steps: Sequence[PostLoad] = (), baseline: tuple[date, date] | None = None
) -> str:
    """A hash of the source files, of derive.sql and the campaign settings (baseline, by
    default baseline_period()) and of each post-load step's version, so a database knows
    what it was built from, and the sample database is rebuilt when a new version derives
    other tables, another baseline is set or a step would store something else."""
    h = hashlib.sha256()
    h.update((SQL_DIR / "schema" / "derive.sql").read_bytes())
    h.update((SQL_DIR / "schema" / "campaign_settings.sql").read_bytes())
    h.update("..".join(d.isoformat() for d in baseline or baseline_period()).encode())
    for step in steps:
        h.update(step.version.encode())
    found = readers.locate(_as_list(source))
    for table in contract.TABLES:
        loc = found.located.get(table.name)
        if loc is not None:
            h.update(loc.path.name.encode())
            h.update(loc.path.read_bytes())
    return h.hexdigest()


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the contract's tables, typed and keyed, in an empty database."""
    for table in contract.TABLES:
        cols = ", ".join(f"{c.name} {c.duckdb_type}" for c in table.columns)
        key = ", ".join(table.key)
        con.execute(f"create table {table.name} ({cols}, primary key ({key}))")


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
    start, end = baseline or baseline_period()
    con.execute(
        (SQL_DIR / "schema" / "campaign_settings.sql").read_text(),
        {"baseline_start_on": start, "baseline_end_on": end},
    )
    con.execute((SQL_DIR / "schema" / "derive.sql").read_text())


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


def _build(
    path: Path,
    tables: dict[str, pl.DataFrame],
    info: dict,
    files: pl.DataFrame,
    findings: list[Finding],
    steps: Sequence[PostLoad],
    baseline: tuple[date, date] | None = None,
) -> dict[str, int]:
    """Write a complete database to path; return the row count of every table written."""
    con = duckdb.connect(str(path), config={"threads": threads.count()})
    try:
        create_schema(con)
        for table in contract.TABLES:
            con.register("incoming", tables[table.name].select(table.column_names))
            # table names come from the contract, never from input
            con.execute(f"insert into {table.name} select * from incoming")  # noqa: S608
            con.unregister("incoming")
        derive(con, baseline)
        for step in steps:
            step.run(con)
        con.execute(
            "create table load_info as select $loaded_at::timestamp as loaded_at, "
            "$source as source, $source_hash as source_hash",
            info,
        )
        con.execute(_RECORD_SCHEMA)
        con.register("incoming", files)
        con.execute("insert into load_files select * from incoming")
        con.unregister("incoming")
        con.register("incoming", _findings_frame(findings))
        con.execute("insert into load_findings select * from incoming")
        con.unregister("incoming")
        con.execute("checkpoint")
    finally:
        con.close()
    counts = {name: df.height for name, df in tables.items()}
    counts["load_files"] = files.height
    counts["load_findings"] = len(findings)
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
        present = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        tables = {
            t.name: con.sql(f"select {', '.join(t.column_names)} from {t.name}").pl()  # noqa: S608
            if t.name in present or not t.optional
            # a database built before an optional table was in the contract has none
            else validation.empty(t).drop(ROW)
            for t in contract.TABLES
        }
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


def write_report(path: Path, findings: list[Finding], per_kind: int | None = None) -> Path:
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
    for (severity, table, column, rule), (n, file) in seen.items():
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
) -> LoadResult:
    """Check source and publish it as the current database at db_path, or raise ContractError.

    The report (errors and warnings) is written beside db_path either way; on an error
    nothing else is written.
    """
    sources = _as_list(source)
    db_path = Path(db_path)
    with publish.load_lock(db_path):
        existing, old_files = read_current(db_path) if append else (None, None)
        baseline = baseline_period(stored_baseline(db_path) if append else None)
        checked = check_source(sources, existing)
        report = write_report(publish.report_path(db_path), checked.findings)
        if checked.errors:
            raise ContractError(checked.errors, checked.warnings)
        loaded_at = datetime.now(UTC).replace(tzinfo=None)
        mode = "append" if append else "full"
        files = _files_frame(checked.files, loaded_at, mode)
        if old_files is not None:
            files = pl.concat([old_files.cast(files.schema), files])
        shown_source = label or _where(sources)
        info = {
            "loaded_at": loaded_at,
            "source": shown_source,
            "source_hash": fingerprint(sources, steps, baseline),
        }
        warnings = [f for v in checked.warnings for f in v.findings]
        meta = {
            "loaded_at": loaded_at.isoformat(timespec="seconds") + "Z",
            "source": shown_source,
            "mode": mode,
            "source_hash": info["source_hash"],
            "files": [f.file for f in checked.files],
            "new_rows": checked.new_rows,
            "warnings": len(warnings),
        }
        version = publish.publish(
            db_path,
            lambda path: _build(path, checked.tables, info, files, warnings, steps, baseline),
            meta,
            keep,
        )
        return LoadResult(
            db_path,
            {name: df.height for name, df in checked.tables.items()},
            version,
            checked.warnings,
            checked.new_rows,
            report,
        )
