"""Tests of the loader (queries/load.py): what it accepts, what it refuses and how it says so,
and that a database on disk is only ever replaced whole.

Broken sources are copies of a small valid source: the first three units of the shipped
sample, with everything that refers to them and five days of daily output, so that every
reference holds. Each case breaks one cell (or file) and names the row a spreadsheet user
would look at: the header is row 1.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest

from queries import campaign, contract
from queries.ingest import load
from queries.ingest.load import ContractError
from queries.store import db

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "sample_data"
N_UNITS = 3
LAST_DAY = dt.date(1952, 10, 5)

Tables = dict[str, pl.DataFrame]


# --- the small valid source ------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> Tables:
    """The small source as written to disk: CSV tables as text, daily_output typed."""
    raw = {
        t.name: pl.read_csv(SAMPLE / f"{t.name}.csv", infer_schema=False)
        for t in contract.TABLES
        if t.name != "daily_output"
    }
    units = raw["units"].sort("unit_id").head(N_UNITS)
    unit_ids = units["unit_id"].to_list()
    workshops = raw["workshops"].filter(pl.col("unit_id").is_in(unit_ids))
    teams = raw["teams"].filter(pl.col("workshop_id").is_in(workshops["workshop_id"].to_list()))
    team_ids = teams["team_id"].to_list()
    daily = pl.read_parquet(SAMPLE / "daily_output.parquet").filter(
        pl.col("team_id").is_in(team_ids), pl.col("day") <= LAST_DAY
    )
    return {
        "units": units,
        "workshops": workshops,
        "output_units": raw["output_units"],
        "teams": teams,
        "daily_output": daily,
        "accidents": raw["accidents"].filter(pl.col("unit_id").is_in(unit_ids)),
        "proposals": raw["proposals"].filter(pl.col("unit_id").is_in(unit_ids)),
        "events": raw["events"].filter(
            pl.col("unit_id").is_null() | pl.col("unit_id").is_in(unit_ids)
        ),
    }


def write_source(folder: Path, tables: Tables) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        if name == "daily_output":
            df.write_parquet(folder / "daily_output.parquet")
        else:
            df.write_csv(folder / f"{name}.csv")
    return folder


@pytest.fixture
def good(tmp_path, small) -> Path:
    return write_source(tmp_path / "good", small)


def set_cell(df: pl.DataFrame, column: str, index: int, value) -> pl.DataFrame:
    """df with one cell replaced; index is 0-based over data rows (spreadsheet row index + 2)."""
    dtype = df.schema[column] if value is not None else None
    new = pl.when(pl.int_range(pl.len()) == index).then(pl.lit(value, dtype=dtype))
    return df.with_columns(new.otherwise(pl.col(column)).alias(column))


def first_index(df: pl.DataFrame, predicate: pl.Expr) -> int:
    hits = df.with_row_index("_i").filter(predicate)["_i"]
    assert len(hits), "the small source lacks a row this case needs"
    return int(hits[0])


def refusal(source: Path) -> list[load.Violation]:
    with pytest.raises(ContractError) as caught:
        load.read_source(source)
    assert str(caught.value) == "\n".join(v.message() for v in caught.value.violations)
    return caught.value.violations


# --- (a) the shipped sample loads whole ------------------------------------------------------


def _file_rows(table: str) -> int:
    csv = SAMPLE / f"{table}.csv"
    if csv.exists():
        return pl.scan_csv(csv, infer_schema=False).select(pl.len()).collect().item()
    return pl.scan_parquet(SAMPLE / f"{table}.parquet").select(pl.len()).collect().item()


def test_sample_folder_loads_with_every_row_of_every_file(sample_db):
    # given the shipped sample, loaded by the real loader (conftest), opened as the app opens
    # it (DuckDB refuses a second configuration on a file that other tests hold open)
    con = db.connect(sample_db)
    try:
        # expect each table to hold exactly as many rows as its file
        for table in contract.TABLES:
            loaded = con.execute(f"select count(*) from {table.name}").fetchone()[0]
            assert loaded == _file_rows(table.name), table.name
        # and load_info to name the sample folder and the hash of its files
        source, source_hash = con.execute("select source, source_hash from load_info").fetchone()
    finally:
        con.close()
    assert Path(source) == SAMPLE
    assert source_hash == campaign.fingerprint(SAMPLE)


def test_load_reports_the_row_counts_it_wrote(tmp_path, good, small):
    result = campaign.load(good, tmp_path / "small.duckdb")
    # the optional tables the small source leaves out are written, empty
    left_out = {t.name: 0 for t in contract.TABLES if t.optional and t.name not in small}
    assert result.row_counts == {**left_out, **{name: df.height for name, df in small.items()}}


# --- (b) broken copies of the small source are refused, naming table, column, rule, rows ------


@dataclass(frozen=True)
class Case:
    """break_(tables, folder) returns the expected rows (1-based, header = 1) of the violation."""

    id: str
    table: str
    column: str
    rule: str
    break_: Callable[[Tables, Path], tuple[int, ...]]
    value: str | None = None  # the offending value the message should quote


def _drop_column(t, folder):
    t["units"] = t["units"].drop("city")
    return ()


def _unknown_column(t, folder):
    t["teams"] = t["teams"].with_columns(foreman=pl.lit("Wang"))
    return ()


def _bad_date(t, folder):
    t["units"] = set_cell(t["units"], "launched_on", 1, "13/01/1953")
    return (3,)


def _not_a_whole_number(t, folder):
    t["accidents"] = set_cell(t["accidents"], "injured", 4, "two")
    return (6,)


def _not_a_number(t, folder):
    t["output_units"] = set_cell(t["output_units"], "constant_price_yuan", 2, "1,200.0")
    return (4,)


def _private(t, folder):
    t["units"] = set_cell(t["units"], "ownership", 2, "private")
    return (4,)


def _negative_output(t, folder):
    t["daily_output"] = set_cell(t["daily_output"], "output_qty", 10, -1.0)
    return (12,)


def _no_members(t, folder):
    t["teams"] = set_cell(t["teams"], "members", 5, "0")
    return (7,)


def _duplicate_key(t, folder):
    d = t["daily_output"]
    t["daily_output"] = pl.concat([d, d.slice(7, 1)])
    return (9, d.height + 2)


def _rejected_over_inspected(t, folder):
    d = t["daily_output"]
    i = 20
    t["daily_output"] = set_cell(d, "rejected_qty", i, d["inspected_qty"][i] + 1)
    return (i + 2,)


def _decided_before_submitted(t, folder):
    p = t["proposals"]
    i = first_index(p, pl.col("status") == "rejected")
    day = dt.date.fromisoformat(p["submitted_on"][i]) - dt.timedelta(days=1)
    t["proposals"] = set_cell(p, "decided_on", i, day.isoformat())
    return (i + 2,)


def _pending_but_decided(t, folder):
    p = t["proposals"]
    i = first_index(p, pl.col("status") == "pending")
    t["proposals"] = set_cell(p, "decided_on", i, p["submitted_on"][i])
    return (i + 2,)


def _implemented_without_date(t, folder):
    p = t["proposals"]
    i = first_index(p, pl.col("status") == "implemented")
    t["proposals"] = set_cell(p, "implemented_on", i, None)
    return (i + 2,)


def _missing_team(t, folder):
    t["daily_output"] = set_cell(t["daily_output"], "team_id", 3, "no-such-team")
    return (5,)


def _team_of_another_unit(t, folder):
    a, teams, ws = t["accidents"], t["teams"], t["workshops"]
    i = first_index(a, pl.col("team_id").is_not_null())
    other_unit = ws.filter(pl.col("unit_id") != a["unit_id"][i])["workshop_id"][0]
    other_team = teams.filter(pl.col("workshop_id") == other_unit)["team_id"][0]
    t["accidents"] = set_cell(a, "team_id", i, other_team)
    return (i + 2,)


def _missing_file(t, folder):
    del t["events"]
    return ()


def _row_after_a_line_break(t, folder):
    # a quoted line break inside a cell is one spreadsheet row, not two
    a = set_cell(t["accidents"], "description_en", 0, "Two lines:\nstill row 2")
    t["accidents"] = set_cell(a, "severity", 3, "deadly")
    return (5,)


CASES = [
    Case(
        "missing-column", "units", "city", "required column is missing from units.csv", _drop_column
    ),
    Case("unknown-column", "teams", "foreman", "column is not in the contract", _unknown_column),
    Case(
        "bad-date", "units", "launched_on", "must be a date (YYYY-MM-DD)", _bad_date, "13/01/1953"
    ),
    Case(
        "not-an-int", "accidents", "injured", "must be a whole number", _not_a_whole_number, "two"
    ),
    Case(
        "not-a-number",
        "output_units",
        "constant_price_yuan",
        "must be a finite number",
        _not_a_number,
        "1,200.0",
    ),
    Case(
        "not-allowed",
        "units",
        "ownership",
        "must be one of state, local_state",
        _private,
        "private",
    ),
    Case("negative", "daily_output", "output_qty", "must be >= 0", _negative_output, "-1.0"),
    Case("exclusive-minimum", "teams", "members", "must be > 0", _no_members, "0"),
    Case("duplicate-key", "daily_output", "team_id + day", "key must be unique", _duplicate_key),
    Case(
        "rejected-over-inspected",
        "daily_output",
        "rejected_qty",
        "rejected_qty must not exceed inspected_qty",
        _rejected_over_inspected,
    ),
    Case(
        "decided-before-submitted",
        "proposals",
        "decided_on",
        "decided_on must not be before submitted_on",
        _decided_before_submitted,
    ),
    Case(
        "pending-but-decided",
        "proposals",
        "status",
        "decided_on must be empty exactly when status is pending",
        _pending_but_decided,
        "pending",
    ),
    Case(
        "implemented-without-date",
        "proposals",
        "status",
        "implemented_on must be set exactly when status is implemented",
        _implemented_without_date,
        "implemented",
    ),
    Case(
        "missing-team",
        "daily_output",
        "team_id",
        "must match a teams.team_id",
        _missing_team,
        "no-such-team",
    ),
    Case(
        "team-of-another-unit",
        "accidents",
        "team_id",
        "team_id must be a team of the accident's unit_id",
        _team_of_another_unit,
    ),
    Case("missing-file", "events", "", "no events.csv or events.parquet in", _missing_file),
    Case(
        "row-after-line-break",
        "accidents",
        "severity",
        "must be one of minor, serious, fatal",
        _row_after_a_line_break,
        "deadly",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_source_is_refused_naming_table_column_rule_and_rows(tmp_path, small, case):
    # given a copy of the small valid source with one thing broken
    tables = dict(small)
    rows = case.break_(tables, tmp_path)
    source = write_source(tmp_path / "broken", tables)
    # expect a refusal with a violation of exactly that table, column and rule
    violations = refusal(source)
    matching = [
        v
        for v in violations
        if v.table == case.table and v.column == case.column and case.rule in v.rule
    ]
    assert len(matching) == 1, [v.message() for v in violations]
    v = matching[0]
    # at the spreadsheet rows of the broken cells (header = row 1)
    assert v.rows == rows
    assert v.count == max(len(rows), 1)
    message = v.message()
    where = f"{case.table}.{case.column}" if case.column else case.table
    assert message.startswith(f"{where}: ")
    assert case.rule in message
    for r in rows:
        assert f"row {r}" in message
    if case.value is not None:
        assert f"row {rows[0]} ({case.value})" in message


def test_every_problem_is_reported_at_once(tmp_path, small):
    # given two tables broken in two different ways
    tables = dict(small)
    _private(tables, tmp_path)
    _no_members(tables, tmp_path)
    # expect both in one refusal, so the user fixes them in one round
    found = {(v.table, v.column) for v in refusal(write_source(tmp_path / "s", tables))}
    assert {("units", "ownership"), ("teams", "members")} <= found


def test_missing_source_folder_is_refused(tmp_path):
    violations = refusal(tmp_path / "nowhere")
    assert [v.rule for v in violations] == ["source folder does not exist"]


# --- (f) parquet files ------------------------------------------------------------------------


def test_parquet_day_as_text_with_a_bad_date_is_refused_naming_daily_output_day(tmp_path, small):
    # given daily_output.parquet whose day column is text, one of them not a date
    tables = dict(small)
    daily = small["daily_output"].with_columns(pl.col("day").cast(pl.String))
    tables["daily_output"] = set_cell(daily, "day", 6, "1952-13-01")
    source = write_source(tmp_path / "s", tables)
    # expect daily_output.day to be named, at row 8, with the bad text
    (v,) = [v for v in refusal(source) if v.column == "day" and "date" in v.rule]
    assert v.table == "daily_output"
    assert v.message().startswith("daily_output.day: must be a date (YYYY-MM-DD)")
    assert v.rows == (8,) and v.values == ("1952-13-01",)


def test_parquet_day_as_valid_text_loads_as_dates(tmp_path, small):
    tables = dict(small)
    tables["daily_output"] = small["daily_output"].with_columns(pl.col("day").cast(pl.String))
    loaded = load.read_source(write_source(tmp_path / "s", tables))
    assert loaded["daily_output"]["day"].dtype == pl.Date
    assert loaded["daily_output"]["day"].to_list() == small["daily_output"]["day"].to_list()


def _teams_parquet(tmp_path: Path, small: Tables, members: float) -> Path:
    tables = dict(small)
    teams = small["teams"].with_columns(pl.col("members").cast(pl.Float64))
    tables["teams"] = set_cell(teams, "members", 4, members)
    source = write_source(tmp_path / "s", {k: v for k, v in tables.items() if k != "teams"})
    tables["teams"].write_parquet(source / "teams.parquet")
    return source


def test_parquet_float_members_that_are_whole_load_as_integers(tmp_path, small):
    loaded = load.read_source(_teams_parquet(tmp_path, small, 12.0))
    assert loaded["teams"]["members"].dtype == pl.Int64
    assert loaded["teams"]["members"][4] == 12


def test_parquet_float_members_with_a_fraction_are_refused(tmp_path, small):
    violations = refusal(_teams_parquet(tmp_path, small, 12.5))
    (v,) = [v for v in violations if v.rule == "must be a whole number"]
    assert (v.table, v.column, v.rows, v.values) == ("teams", "members", (6,), ("12.5",))


NAN_REASON = (
    "loader bug: NaN passes every minimum check (NaN <= 0 and NaN < 0 are false in "
    "check_table), so a NaN or 'NaN' cell in a number column with a minimum loads and "
    "turns every sum over it into NaN"
)


@pytest.mark.parametrize(
    ("table", "column", "index"),
    [("daily_output", "output_qty", 3), ("output_units", "constant_price_yuan", 1)],
)
def test_nan_in_a_number_column_is_refused(tmp_path, small, table, column, index):
    # given NaN in a number column: in daily_output.parquet, or the text NaN in a CSV
    tables = dict(small)
    value = float("nan") if table == "daily_output" else "NaN"
    tables[table] = set_cell(small[table], column, index, value)
    source = write_source(tmp_path / "s", tables)
    # expect a refusal naming that cell (NaN is not >= 0, nor > 0)
    with pytest.raises(ContractError) as caught:
        load.read_source(source)
    hits = [v for v in caught.value.violations if (v.table, v.column) == (table, column)]
    assert hits and hits[0].rows == (index + 2,)


# --- tolerated spreadsheet habits -------------------------------------------------------------


def test_bom_crlf_and_padded_cells_are_accepted(tmp_path, small):
    # given units.csv as Excel writes "CSV UTF-8": a byte-order mark and CRLF line ends,
    # and a team whose member count is padded with spaces
    tables = dict(small)
    tables["teams"] = set_cell(small["teams"], "members", 0, " 12 ")
    source = write_source(tmp_path / "s", tables)
    units = source / "units.csv"
    units.write_bytes(b"\xef\xbb\xbf" + units.read_bytes().replace(b"\n", b"\r\n"))
    # expect the same units, and the padded count read as 12
    loaded = load.read_source(source)
    assert loaded["units"]["unit_id"].to_list() == small["units"]["unit_id"].to_list()
    assert loaded["units"]["launched_on"].null_count() == small["units"]["launched_on"].null_count()
    assert loaded["teams"]["members"][0] == 12


# --- (c) the command line ---------------------------------------------------------------------


def _cli(source: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "queries.load", str(source), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_refuses_a_bad_source_with_status_1_and_the_violation_on_stderr(tmp_path, small):
    tables = dict(small)
    _private(tables, tmp_path)
    source = write_source(tmp_path / "bad", tables)
    result = _cli(source, tmp_path / "out.duckdb")
    assert result.returncode == 1
    assert result.stderr.startswith("Refused")
    assert "units.ownership: must be one of state, local_state — 1 row(s): row 4 (private)" in (
        result.stderr
    )
    assert result.stdout == ""
    assert not (tmp_path / "out.duckdb").exists()


def test_cli_loads_a_good_source_with_status_0(tmp_path, good, small):
    db = tmp_path / "out.duckdb"
    result = _cli(good, db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Loaded")
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from teams").fetchone()[0] == small["teams"].height
    finally:
        con.close()


# --- (d) nothing is written on refusal; (e) a good load replaces the file whole ---------------


def _broken(tmp_path: Path, small: Tables) -> Path:
    tables = dict(small)
    _no_members(tables, tmp_path)
    return write_source(tmp_path / "broken", tables)


def test_refusal_leaves_an_existing_database_byte_for_byte(tmp_path, good, small):
    # given a database built from the good source
    out = tmp_path / "db"
    db = out / "campaign.duckdb"
    campaign.load(good, db)
    before = (db.read_bytes(), db.stat().st_mtime_ns, db.stat().st_ino, os.readlink(db))
    listing = sorted(os.listdir(out))
    versions = sorted(os.listdir(out / "campaign.duckdb.history"))
    # when a broken source is loaded over it
    with pytest.raises(ContractError):
        campaign.load(_broken(tmp_path, small), db)
    # expect the same file, untouched, and nothing left beside it but the refusal's report
    assert (db.read_bytes(), db.stat().st_mtime_ns, db.stat().st_ino, os.readlink(db)) == before
    assert sorted(os.listdir(out / "campaign.duckdb.history")) == versions
    assert (
        sorted(os.listdir(out))
        == listing
        == ["campaign.duckdb", "campaign.duckdb.history", "campaign.report.csv"]
    )
    assert "teams,teams.csv,7,members,0,must be > 0" in (out / "campaign.report.csv").read_text()


def test_refused_first_load_leaves_no_file(tmp_path, small):
    out = tmp_path / "db"
    out.mkdir()
    with pytest.raises(ContractError):
        campaign.load(_broken(tmp_path, small), out / "campaign.duckdb")
    # only the report of the refusal: no database, no history
    assert os.listdir(out) == ["campaign.report.csv"]


def test_good_load_replaces_an_existing_database_whole(tmp_path, good, small):
    # given a database built from the good source
    out = tmp_path / "db"
    db = out / "campaign.duckdb"
    campaign.load(good, db)
    old_inode = db.stat().st_ino
    # when another good source, with one event fewer, is loaded over it
    tables = dict(small)
    tables["events"] = small["events"].head(small["events"].height - 1)
    second = write_source(tmp_path / "second", tables)
    campaign.load(second, db)
    # expect a new file (renamed into place, not rewritten in place) holding the new source
    assert db.stat().st_ino != old_inode
    assert sorted(os.listdir(out)) == [
        "campaign.duckdb",
        "campaign.duckdb.history",
        "campaign.report.csv",
    ]
    # the first load is kept beside it, for a rollback
    kept = sorted(p for p in os.listdir(out / "campaign.duckdb.history") if p.endswith(".duckdb"))
    assert len(kept) == 2 and os.readlink(db).endswith(kept[1])
    con = duckdb.connect(str(db), read_only=True)
    try:
        source, source_hash = con.execute("select source, source_hash from load_info").fetchone()
        events = con.execute("select count(*) from events").fetchone()[0]
    finally:
        con.close()
    assert Path(source) == second
    assert source_hash == campaign.fingerprint(second) != campaign.fingerprint(good)
    assert events == small["events"].height - 1


def test_an_unreadable_required_cell_is_reported_once(tmp_path, small):
    # given a team whose members is 12.5 (not a whole number, and members is required)
    tables = dict(small)
    tables["teams"] = set_cell(small["teams"], "members", 0, "12.5")
    # expect one problem for that cell: the type, not also "a value is required"
    problems = refusal(write_source(tmp_path / "src", tables))
    on_members = [v for v in problems if (v.table, v.column) == ("teams", "members")]
    assert [v.rule for v in on_members] == ["must be a whole number"]
    assert on_members[0].rows == (2,)


def test_the_command_line_refuses_a_malformed_baseline_with_its_message(tmp_path):
    target = tmp_path / "b.duckdb"
    env = {**os.environ, "EMULATION_BASELINE": "1952-12-31..1952-10-01"}
    done = subprocess.run(
        [sys.executable, "-m", "queries.load", str(SAMPLE), "--db", str(target)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 1
    assert "Refused: EMULATION_BASELINE must be START..END" in done.stderr
    assert "Traceback" not in done.stderr and not target.exists()
