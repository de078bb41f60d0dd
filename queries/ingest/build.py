"""Build a new version of a campaign database inside DuckDB: stage, check, derive, record.

Rule: the loader's engine, below queries.ingest.load (which names the files and publishes).
A full load writes every table into a new file as it is read (Parquet whose columns have the
contract's types goes straight into its table; CSV and workbook sheets, read and decoded by
queries.ingest.readers, through a temporary table). An append starts from a copy of the
current file and stages only the new rows; they are checked against what is loaded with SQL,
inserted, and the derived tables are updated for the teams and periods they touch
(queries/sql/schema/derive_append.sql) instead of rebuilt. DuckDB runs with a memory limit
and a spill folder, so the load's memory does not grow with the rows.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from queries import contract, threads
from queries.ingest import checks, readers, validation
from queries.ingest.checks import ROW, Kind, Staged, ident
from queries.ingest.validation import ERROR, WARNING, Finding

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
MEMORY_ENV = "EMULATION_LOAD_MEMORY"
DEFAULT_MEMORY = "1GB"
TIMES_ENV = "EMULATION_LOAD_TIMES"

# progress(table, stage, rows done, rows in all): stage is "read" or "checked"
Progress = Callable[[str, str, int, int], None]


def memory_limit() -> str:
    """DuckDB's memory limit for a load: EMULATION_LOAD_MEMORY (e.g. 2GB), else 1GB; past it
    DuckDB spills to a folder beside the new version."""
    return os.environ.get(MEMORY_ENV, "").strip() or DEFAULT_MEMORY


def connect(path: Path, spill: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(
        str(path),
        config={
            "threads": threads.count(),
            "memory_limit": memory_limit(),
            "temp_directory": str(spill),
            "preserve_insertion_order": True,
        },
    )
    con.execute("set enable_progress_bar = true")
    con.execute("set enable_progress_bar_print = false")
    return con


class _Watch:
    """Polls the running query's progress and reports it as rows of a table."""

    def __init__(self, con, progress: Progress | None, table: str, stage: str, total: int):
        self.con, self.progress, self.table, self.stage, self.total = (
            con,
            progress,
            table,
            stage,
            total,
        )
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self):
        if self.progress is None:
            return self
        self.progress(self.table, self.stage, 0, self.total)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            try:
                pct = self.con.query_progress()
            except duckdb.Error:
                continue
            if pct is not None and pct > 0:
                done = min(int(self.total * pct / 100), self.total)
                self.progress(self.table, self.stage, done, self.total)

    def __exit__(self, *exc):
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            if exc[0] is None:
                self.progress(self.table, self.stage, self.total, self.total)
        return False


def create_schema(con: duckdb.DuckDBPyConnection, keys: bool = True) -> None:
    """Create the contract's tables, typed, in an empty database. keys=False leaves out the
    primary keys: the loader checks them itself, and an index over 100 million team-days
    would take gigabytes of memory to build."""
    for table in contract.TABLES:
        cols = ", ".join(f"{c.name} {c.duckdb_type}" for c in table.columns)
        key = f", primary key ({', '.join(table.key)})" if keys else ""
        con.execute(f"create table {table.name} ({cols}{key})")


@dataclass
class Outcome:
    """What checking a source found, and what it staged."""

    staged: dict[str, Staged] = field(default_factory=dict)
    files: list[readers.FileInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # from reading the files
    kinds: list[Kind] = field(default_factory=list)  # from the checks in SQL
    warning_kinds: list[Kind] = field(default_factory=list)

    @property
    def errors(self) -> list[validation.Violation]:
        read = validation.group(f for f in self.findings if f.severity == ERROR)
        return read + [k.violation() for k in self.kinds if k.severity == ERROR]

    @property
    def warnings(self) -> list[validation.Violation]:
        read = validation.group(f for f in self.findings if f.severity == WARNING)
        return read + [k.violation() for k in self.warning_kinds]

    def report(self) -> tuple[list[Finding], dict[tuple[str, str, str, str], int]]:
        """Every finding kept, and each kind's whole count."""
        found = list(self.findings)
        totals: dict[tuple[str, str, str, str], int] = {}
        for f in self.findings:
            key = (f.severity, f.table, f.column, f.rule)
            totals[key] = totals.get(key, 0) + 1
        for k in (*self.kinds, *self.warning_kinds):
            found += k.findings
            totals[(k.severity, k.table, k.column, k.rule)] = k.count
        return found, totals


def _where(sources: Sequence[Path]) -> str:
    return ", ".join(str(s) for s in sources)


def _column_findings(table: contract.Table, names: list[str], file: str) -> tuple[list, bool]:
    findings = []
    missing = [c for c in table.column_names if c not in names]
    for c in missing:
        rule = f"required column is missing from {file}"
        findings.append(Finding(ERROR, table.name, file, None, c, "", rule))
    for c in names:
        if c not in table.column_names:
            rule = f"column is not in the contract ({file})"
            findings.append(Finding(ERROR, table.name, file, None, c, c, rule))
    return findings, not missing


def _stage_parquet(
    con, loc: readers.Located, append: bool, progress: Progress | None, out: Outcome
) -> None:
    table = contract.BY_NAME[loc.table]
    info = readers.FileInfo(loc.table, loc.label, "parquet")
    out.files.append(info)
    params = {"path": str(loc.path)}
    try:
        rows = con.execute("select count(*) from read_parquet($path)", params).fetchall()[0][0]
        names = [
            r[0]
            for r in con.execute("describe select * from read_parquet($path)", params).fetchall()
        ]
        found, complete = _column_findings(table, names, loc.label)
        out.findings += found
        info.rows = rows
        if not complete:
            return
        types = checks._types(con, "read_parquet($path)", params)
        with _Watch(con, progress, table.name, "read", rows):
            if not append and checks.direct_ok(types, table):
                st = checks.stage_direct(con, table, loc.label, "read_parquet($path)", params)
            else:
                st = checks.stage_temp(
                    con,
                    table,
                    loc.label,
                    "read_parquet($path, file_row_number = true)",
                    params,
                    "file_row_number + 2",
                )
    except duckdb.Error as exc:
        rule = f"{loc.label} cannot be read: {readers._first_line(exc)}"
        out.findings.append(Finding(ERROR, loc.table, loc.label, None, "", "", rule))
        return
    out.staged[table.name] = st


def _stage_read(con, loc: readers.Located, progress: Progress | None, out: Outcome) -> None:
    incoming, info, problems = readers.read(loc)
    out.files.append(info)
    out.findings += problems
    if incoming is None:
        return
    table = incoming.table
    found, complete = _column_findings(table, list(incoming.raw.columns), incoming.file)
    out.findings += found
    if not complete:
        return
    frame = incoming.raw.select(table.column_names).with_columns(incoming.rows.alias(ROW))
    con.register("_read_frame", frame)
    try:
        with _Watch(con, progress, table.name, "read", frame.height):
            st = checks.stage_temp(con, table, incoming.file, "_read_frame", {}, ident(ROW))
    finally:
        con.unregister("_read_frame")
    out.staged[table.name] = st


def stage(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Path],
    append: bool,
    progress: Progress | None = None,
) -> Outcome:
    """Find and read every contract table of sources into DuckDB, cast to the contract."""
    out = Outcome()
    found = readers.locate(sources)
    out.findings += found.findings
    if any(
        f.rule.startswith("source ") and f.rule.endswith("does not exist") for f in found.findings
    ):
        return out
    if not append:
        # a table whose file was found but could not be used is reported as such, not missing
        unusable = {f.table for f in found.findings if f.severity == ERROR}
        for table in contract.TABLES:
            if table.optional:
                continue  # left out, it is loaded empty
            if table.name not in found.located and table.name not in unusable:
                t = table.name
                out.findings.append(
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
    elif not found.located and not any(f.severity == ERROR for f in found.findings):
        rule = f"no contract table in {_where(sources)}"
        out.findings.append(Finding(ERROR, "", "", None, "", "", rule))
    for table in contract.TABLES:
        loc = found.located.get(table.name)
        if loc is None:
            continue
        if loc.path.suffix.lower() == ".parquet":
            _stage_parquet(con, loc, append, progress, out)
        else:
            _stage_read(con, loc, progress, out)
        st = out.staged.get(table.name)
        if st is not None and st.rows == 0:
            needed = not append and table.name in validation.NEEDS_ROWS
            out.findings.append(
                Finding(
                    ERROR if needed else WARNING,
                    table.name,
                    st.file,
                    None,
                    "",
                    "",
                    "table has no rows: the dashboard needs at least one"
                    if needed
                    else validation.NO_ROWS,
                )
            )
    return out


def check(
    con: duckdb.DuckDBPyConnection,
    out: Outcome,
    append: bool,
    cap: int,
    progress: Progress | None = None,
) -> None:
    """Every rule of the contract on every staged table (and, for an append, against what
    is loaded)."""
    known: dict[str, list[str]] = {}
    if append:
        for t in contract.TABLES:
            known[t.name] = [f"(select rowid as {ROW}, * from {ident(t.name)})"]  # noqa: S608
    for name, st in out.staged.items():
        if st.complete:
            known.setdefault(name, []).append(st.rel)
    for table in contract.TABLES:
        st = out.staged.get(table.name)
        if st is None or not st.complete:
            continue
        with _Watch(con, progress, table.name, "checked", st.rows):
            out.kinds += checks.check(con, st, known, cap, existing=append)


def insert(con: duckdb.DuckDBPyConnection, out: Outcome) -> None:
    for table in contract.TABLES:
        st = out.staged.get(table.name)
        if st is not None:
            checks.insert_staged(con, st)


def _statement_label(sql: str) -> str:
    lines = [ln for ln in sql.splitlines() if ln.strip() and not ln.strip().startswith("--")]
    return " ".join(lines[0].split()[:6]) if lines else "statement"


def run_script(
    con: duckdb.DuckDBPyConnection, sql: str, log: Callable[[str], None] | None = None
) -> None:
    """Run a SQL file statement by statement, logging each one's time when log is given."""
    for statement in con.extract_statements(sql):
        with timed(f"  {_statement_label(statement.query)}", log):
            con.execute(statement)


def derive(
    con: duckdb.DuckDBPyConnection,
    baseline: tuple[date, date],
    log: Callable[[str], None] | None = None,
) -> None:
    """Store the campaign settings, then build the derived tables, views and macros."""
    start, end = baseline
    con.execute(
        (SQL_DIR / "schema" / "campaign_settings.sql").read_text(),
        {"baseline_start_on": start, "baseline_end_on": end},
    )
    run_script(con, (SQL_DIR / "schema" / "derive.sql").read_text(), log)
    derive_cost(con, log)
    with timed("  cluster team_days", log):
        cluster_team_days(con)


def derive_cost(con: duckdb.DuckDBPyConnection, log: Callable[[str], None] | None = None) -> None:
    """The economic accounting's unit-months, whole after a full load or an append."""
    run_script(con, (SQL_DIR / "schema" / "derive_cost.sql").read_text(), log)


# DuckDB's rows per row group: the unit of its zone maps
ROW_GROUP = 122_880


def team_days_scattered(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether team_days' units are spread over many more row groups than a table sorted by
    unit would put them in (about one per unit, plus one per row group where units meet)."""
    touched, units, groups = con.execute(
        f"""
        select coalesce(sum(n), 0), count(*), (select count(*) // {ROW_GROUP} + 1 from team_days)
        from (
            select unit_id, count(distinct rowid // {ROW_GROUP}) as n
            from team_days
            group by unit_id
        )
        """  # noqa: S608  (a constant, not input)
    ).fetchone()
    return touched > 1.5 * (units + groups)


def cluster_team_days(con: duckdb.DuckDBPyConnection) -> None:
    """Sort team_days by unit_id and day if its units came scattered (daily rows not written
    team by team): a page asking for one unit would otherwise read every row group."""
    if team_days_scattered(con):
        con.execute(
            "create or replace table team_days as select * from team_days order by unit_id, day"
        )


def derive_append(con: duckdb.DuckDBPyConnection, out: Outcome) -> None:
    """Update the derived tables for the rows an append brought: the teams and days they
    touch (and every day of a team whose baseline they change)."""
    daily = out.staged.get("daily_output")
    if daily is None:
        cols = ", ".join(f"{c.name} {c.duckdb_type}" for c in contract.DAILY_OUTPUT.columns)
        con.execute(f"create or replace temp table appended_daily ({cols})")
    else:
        cols = ", ".join(ident(c) for c in contract.DAILY_OUTPUT.column_names)
        con.execute(
            f"create or replace temp table appended_daily as select {cols} from {daily.rel}"  # noqa: S608
        )
    con.execute((SQL_DIR / "schema" / "derive_append.sql").read_text())
    derive_cost(con)


def copy_current(current: Path, path: Path) -> None:
    """The current version's file as the start of the next one (the copy is a new file: the
    current one is never opened for writing)."""
    shutil.copyfile(current, path)


def add_missing_optional(con: duckdb.DuckDBPyConnection) -> None:
    """A version built before an optional table was in the contract has none: an append onto
    it starts the table empty, as a full load without its file would."""
    present = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    for table in contract.TABLES:
        if table.optional and table.name not in present:
            cols = ", ".join(f"{c.name} {c.duckdb_type}" for c in table.columns)
            con.execute(f"create table {table.name} ({cols})")


def new_rows(out: Outcome) -> dict[str, int]:
    return {name: st.rows for name, st in out.staged.items()}


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        t.name: con.execute(f"select count(*) from {ident(t.name)}").fetchall()[0][0]  # noqa: S608
        for t in contract.TABLES
    }


def step_log() -> Callable[[str], None] | None:
    """Where the load's step times go: stderr when EMULATION_LOAD_TIMES is set, else nowhere."""
    if not os.environ.get(TIMES_ENV, "").strip():
        return None
    return lambda msg: print(f"[load] {msg}", file=sys.stderr, flush=True)


def timed(label: str, log: Callable[[str], None] | None):
    """A context manager that logs how long a step took (EMULATION_LOAD_TIMES)."""

    class _T:
        def __enter__(self):
            self.t0 = time.perf_counter()

        def __exit__(self, *exc):
            if log is not None:
                log(f"{label}: {time.perf_counter() - self.t0:.1f} s")
            return False

    return _T()


def _rows_of(out: Outcome, table: str, key: str) -> str:
    """(key, ROW) of the incoming rows of table, or an empty relation."""
    st = out.staged.get(table)
    if st is None or not st.complete:
        return f"(select null::varchar as {ident(key)}, null::bigint as {ROW} where false)"
    return f"(select {ident(key)}, {ROW} from {st.rel})"  # noqa: S608


def _warning(con, sql: str, table: str, column: str, rule: str, file: str, cap: int) -> Kind | None:
    n = con.execute(f"select count(*) from ({sql})").fetchall()[0][0]  # noqa: S608
    if not n:
        return None
    rows = con.execute(f"select * from ({sql}) limit {int(cap)}").fetchall()  # noqa: S608
    findings = [Finding(WARNING, table, file, r[0], column, r[1], rule) for r in rows]
    return Kind(WARNING, table, column, rule, n, findings)


def warnings(con: duckdb.DuckDBPyConnection, out: Outcome, cap: int) -> None:
    """Oddities of the whole (valid) campaign that a user should look at, from the derived
    tables (a team's months from team_months, a unit's days from unit_days), so that they
    cost what the teams and units do, not the daily rows."""
    files = {f.table: f.file for f in out.files}
    # table and column names from the contract, never from input
    months = f"""
        with months as (
            select unnest(generate_series(
                date_trunc('month', first_day), date_trunc('month', last_day), interval 1 month
            ))::date as month
            from data_span where first_day is not null
        )
        select null::bigint as {ROW}, t.team_id || ' ' || strftime(m.month, '%Y-%m') as v
        from teams as t cross join months as m
        anti join team_months as r on r.team_id = t.team_id and r.month = m.month
        order by t.team_id, m.month
    """  # noqa: S608
    # table and column names from the contract, never from input
    outside = f"""
        with spans as (select unit_id, min(day) as f, max(day) as l from unit_days group by unit_id)
        select n.{ROW}, a.accident_id || ' ' || strftime(a.occurred_on, '%Y-%m-%d') as v
        from accidents as a
        left join spans as s on s.unit_id = a.unit_id
        left join {_rows_of(out, "accidents", "accident_id")} as n on n.accident_id = a.accident_id
        where s.f is null or a.occurred_on < s.f or a.occurred_on > s.l
        order by n.{ROW} nulls first, a.accident_id
    """  # noqa: S608
    # table and column names from the contract, never from input
    early = f"""
        select n.{ROW}, t.team_id || ' ' || strftime(t.joined_on, '%Y-%m-%d') || ' (unit '
            || u.unit_id || ': ' || coalesce(strftime(u.launched_on, '%Y-%m-%d'), 'not launched')
            || ')' as v
        from teams as t
        inner join workshops as w on w.workshop_id = t.workshop_id
        inner join units as u on u.unit_id = w.unit_id
        left join {_rows_of(out, "teams", "team_id")} as n on n.team_id = t.team_id
        where t.joined_on is not null and (u.launched_on is null or t.joined_on < u.launched_on)
        order by n.{ROW} nulls first, t.team_id
    """  # noqa: S608
    for sql, table, column, rule in (
        (months, "daily_output", "team_id", validation.NO_OUTPUT_MONTH),
        (outside, "accidents", "occurred_on", validation.ACCIDENT_OUTSIDE_OUTPUT),
        (early, "teams", "joined_on", validation.JOINED_BEFORE_LAUNCH),
    ):
        kind = _warning(con, sql, table, column, rule, files.get(table, ""), cap)
        if kind is not None:
            out.warning_kinds.append(kind)
