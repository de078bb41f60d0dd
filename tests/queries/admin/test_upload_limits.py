"""Bounded loads: an upload over a limit is refused, before anything is read, with a message
naming the file, the limit and its own figure, and nothing is written; the report lists at
most so many findings of a kind, everywhere; hostile cells in it are written as text."""

from __future__ import annotations

import csv
import io
import os
import resource
import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from queries import campaign
from queries.admin import data_state
from queries.ingest import load, publish, readers
from queries.ingest.validation import ERROR, ContractError, Finding

ROOT = Path(__file__).resolve().parents[3]
BASE = ROOT / "tests" / "loader_corpus" / "base"
DAILY = BASE / "daily_output.csv"
HEADER = DAILY.read_text(encoding="utf-8").splitlines()[0]
COLUMNS = HEADER.split(",")


@pytest.fixture
def current(tmp_path) -> Path:
    """A published database of the base campaign, and what its folder holds."""
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(BASE, target)
    return target


def _state(db_path: Path) -> tuple:
    folder = db_path.parent
    listing = sorted(os.listdir(folder))
    history = sorted(os.listdir(publish.history_dir(db_path)))
    report = publish.report_path(db_path).read_bytes()
    return listing, history, os.readlink(db_path), db_path.read_bytes(), report


def _daily(n: int) -> pl.DataFrame:
    """n copies of one good team-day (n - 1 of them duplicates: the loader would find them)."""
    return pl.DataFrame(
        {
            "team_id": ["t1"] * n,
            "day": ["1953-01-03"] * n,
            "output_qty": [1.0] * n,
            "plan_qty": [1.0] * n,
            "team_plan_qty": pl.Series([None] * n, dtype=pl.Float64),
            "worker_hours": [1.0] * n,
            "inspected_qty": [1.0] * n,
            "rejected_qty": [0.0] * n,
        }
    )


def _parquet(df: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    df.write_parquet(buffer, compression="zstd")
    return buffer.getvalue()


def _refused(outcome: data_state.Outcome) -> list[str]:
    assert not outcome.published
    return [v.rule for v in outcome.errors]


def test_a_tiny_parquet_file_of_three_million_rows_is_refused_from_its_footer(current):
    data = _parquet(_daily(3_000_000))
    assert len(data) < 200_000  # a few dozen KB: the size alone says nothing
    before = _state(current)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcome = data_state.load_uploaded([("daily_output.parquet", data)], current, append=True)
    assert _refused(outcome) == [
        "daily_output.parquet: the table holds 3,000,000 records, more than the 1,000,000 "
        "allowed (set by EMULATION_UPLOAD_MAX_ROWS); nothing was read"
    ]
    v = outcome.errors[0]
    assert (v.table, v.file) == ("daily_output", "daily_output.parquet")
    # nothing was read (the frame above is this process's; the loader's would be GBs)...
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 300 * 1024
    # ... and nothing written: no report, no version
    assert _state(current) == before


def test_the_row_limit_is_a_setting(current, monkeypatch):
    monkeypatch.setenv(data_state.UPLOAD_MAX_ROWS_ENV, "10")
    ok = _parquet(_daily(10).head(1))
    outcome = data_state.load_uploaded([("daily_output.parquet", ok)], current, append=True)
    assert outcome.published, outcome.errors
    outcome = data_state.load_uploaded(
        [("daily_output.parquet", _parquet(_daily(11)))], current, append=True
    )
    assert _refused(outcome) == [
        "daily_output.parquet: the table holds 11 records, more than the 10 allowed "
        "(set by EMULATION_UPLOAD_MAX_ROWS); nothing was read"
    ]


@pytest.mark.parametrize("end", ["\n", "\r\n", ""], ids=["lf", "crlf", "no_last_newline"])
def test_a_csv_is_measured_by_its_lines(current, monkeypatch, end):
    monkeypatch.setenv(data_state.UPLOAD_MAX_ROWS_ENV, "3")
    rows = [f"t{i},1953-01-0{i + 2},1,1,,1,1,0" for i in range(1, 5)]
    four = (end or "\n").join([HEADER, *rows]) + end
    outcome = data_state.load_uploaded([("daily_output.csv", four.encode())], current, True)
    assert _refused(outcome) == [
        "daily_output.csv: the table holds 4 records, more than the 3 allowed "
        "(set by EMULATION_UPLOAD_MAX_ROWS); nothing was read"
    ]
    three = (end or "\n").join([HEADER, *rows[:3]]) + end
    outcome = data_state.load_uploaded([("daily_output.csv", three.encode())], current, True)
    assert outcome.published, outcome.errors


def _workbook(rows: int, dimension: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as wb:
        ws = wb.add_worksheet("daily_output")
        ws.write_row(0, 0, COLUMNS)
        for r in range(1, rows + 1):
            ws.write_row(r, 0, ["t1", f"1953-01-{2 + r:02d}", 1, 1, None, 1, 1, 0])
        wb.add_worksheet("notes").write(0, 0, "not a table")
    data = buffer.getvalue()
    if dimension is None:
        return data
    # the same workbook, declaring a smaller sheet than it holds
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = body.index(b"<dimension ")
                body = body[:start] + dimension.encode() + body[body.index(b"/>", start) + 2 :]
            dst.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize(
    "dimension", [None, '<dimension ref="A1:H2"/>', ""], ids=["as_written", "forged", "none"]
)
def test_a_workbook_sheet_is_measured_by_its_rows_whatever_it_declares(
    current, monkeypatch, dimension
):
    monkeypatch.setenv(data_state.UPLOAD_MAX_ROWS_ENV, "5")
    data = _workbook(6, dimension)
    outcome = data_state.load_uploaded([("campaign.xlsx", data)], current, append=True)
    assert _refused(outcome) == [
        "campaign.xlsx[daily_output]: the table holds 6 records, more than the 5 allowed "
        "(set by EMULATION_UPLOAD_MAX_ROWS); nothing was read"
    ]
    assert outcome.errors[0].table == "daily_output"
    outcome = data_state.load_uploaded([("campaign.xlsx", _workbook(5))], current, True)
    assert outcome.published, outcome.errors


def test_a_file_over_the_size_limit_is_refused_before_it_is_written(current, monkeypatch):
    monkeypatch.setenv(data_state.UPLOAD_MAX_MB_ENV, "1")
    big = (HEADER + "\n" + "t1,1953-01-03,1,1,,1,1,0\n" * 60_000).encode()
    assert len(big) > 1024**2
    before = _state(current)
    outcome = data_state.load_uploaded([("daily_output.csv", big)], current, append=True)
    assert _refused(outcome) == [
        "daily_output.csv: the file is 1.4 MB, more than the 1.0 MB allowed "
        "(set by EMULATION_UPLOAD_MAX_MB); nothing was read"
    ]
    assert _state(current) == before


def test_a_workbook_that_expands_past_the_limit_is_refused_before_it_is_opened(
    current, monkeypatch
):
    monkeypatch.setenv(data_state.UPLOAD_MAX_EXPANDED_MB_ENV, "2")
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as wb:
        ws = wb.add_worksheet("daily_output")
        ws.write_row(0, 0, COLUMNS)
        ws.write_row(1, 0, ["t1", "1953-01-03", 1, 1, None, 1, 1, 0])
        ws.write(2, 0, "x" * 32_000)  # text compresses: a little file, a lot of XML
        for r in range(3, 200):
            ws.write(r, 0, f"{'x' * 31_000}{r}")
    data = buffer.getvalue()
    assert len(data) < 1024**2
    outcome = data_state.load_uploaded([("campaign.xlsx", data)], current, append=True)
    (rule,) = _refused(outcome)
    assert rule.startswith("campaign.xlsx: its contents take ")
    assert rule.endswith(
        " MB once expanded, more than the 2.0 MB allowed "
        "(set by EMULATION_UPLOAD_MAX_EXPANDED_MB); nothing was read"
    )


def test_a_damaged_workbook_is_refused_as_such(current):
    outcome = data_state.load_uploaded([("campaign.xlsx", b"PK\x03\x04 not a zip")], current, True)
    (rule,) = _refused(outcome)
    assert rule.startswith("campaign.xlsx cannot be read as an Excel workbook: ")


def test_limits_must_be_whole_numbers(monkeypatch):
    monkeypatch.setenv(data_state.UPLOAD_MAX_ROWS_ENV, "lots")
    with pytest.raises(ValueError, match="EMULATION_UPLOAD_MAX_ROWS='lots'"):
        data_state.upload_limits()
    monkeypatch.setenv(data_state.UPLOAD_MAX_ROWS_ENV, "2_000_000")
    assert data_state.upload_limits().rows == 2_000_000
    monkeypatch.delenv(data_state.UPLOAD_MAX_ROWS_ENV)
    limits = data_state.upload_limits()
    assert (limits.file_bytes, limits.expanded_bytes, limits.rows) == (
        200 * 1024**2,
        512 * 1024**2,
        1_000_000,
    )


def test_the_command_line_loader_has_no_row_limit(tmp_path):
    # what an upload with a limit of 3 rows a table refuses, the command line's loader (which
    # passes no limits) reads and checks
    assert readers.oversized([BASE], readers.Limits()) == []
    assert "daily_output.csv" in {f.file for f in readers.oversized([BASE], readers.Limits(rows=3))}
    campaign.load(BASE, tmp_path / "campaign.duckdb")


# --- the report: capped, everywhere, and safe to open ----------------------------------------


def _finding(row: int, rule: str = "must be > 0", value: str = "0") -> Finding:
    return Finding(ERROR, "teams", "teams.csv", row, "members", value, rule)


def _report(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_the_report_lists_at_most_so_many_of_a_kind_and_says_how_many_more(tmp_path):
    findings = [_finding(r) for r in range(2, 2502)] + [_finding(9, "must be a whole number")]
    path = load.write_report(tmp_path / "x.report.csv", findings, per_kind=1000)
    rows = _report(path)
    assert rows[0] == list(load.REPORT_COLUMNS)
    assert len(rows) == 1 + 1000 + 1 + 1
    assert rows[1] == ["error", "teams", "teams.csv", "2", "members", "0", "must be > 0"]
    assert rows[1000] == ["error", "teams", "teams.csv", "1001", "members", "0", "must be > 0"]
    assert rows[1001][6] == "must be a whole number"
    assert rows[-1] == [
        "error",
        "teams",
        "teams.csv",
        "",
        "members",
        "… and 1500 more of this kind, not listed (at most 1000 of each kind are)",
        "must be > 0",
    ]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs, as before


def test_the_report_cap_is_a_setting_and_holds_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.setenv(load.REPORT_ENV, "5")
    assert load.report_cap() == 5
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in BASE.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    daily = pl.read_csv(DAILY, infer_schema=False)
    daily.with_columns(pl.lit("-1").alias("worker_hours")).write_csv(bad / "daily_output.csv")
    target = tmp_path / "db" / "campaign.duckdb"
    with pytest.raises(ContractError) as refused:
        campaign.load(bad, target)
    negative = next(v for v in refused.value.violations if v.column == "worker_hours")
    assert negative.count == daily.height == 16
    rows = [r for r in _report(publish.report_path(target)) if r[4] == "worker_hours"]
    assert len(rows) == 5 + 1
    assert rows[-1][3:] == [
        "",
        "worker_hours",
        "… and 11 more of this kind, not listed (at most 5 of each kind are)",
        negative.rule,
    ]


def test_hostile_values_in_the_report_are_written_as_text(tmp_path):
    findings = [
        _finding(2, value='=HYPERLINK("http://evil.example")'),
        _finding(3, value="@SUM(A1)"),
        _finding(4, value="-2"),
    ]
    rows = _report(load.write_report(tmp_path / "r.csv", findings))
    assert [r[5] for r in rows[1:]] == ['\'=HYPERLINK("http://evil.example")', "'@SUM(A1)", "-2"]
