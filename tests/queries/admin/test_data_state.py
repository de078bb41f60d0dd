"""The Data page's queries (queries/data_state.py): on the hand-built fixture, worked by hand;
on the shipped sample, against Polars reading the raw files; and on a loader-published
database, its record of files and warnings."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl

from queries import campaign
from queries.admin import data_state
from queries.ingest import load
from queries.store import db

SAMPLE = campaign.SAMPLE_DIR
BASE = Path(__file__).resolve().parents[2] / "loader_corpus" / "base"


def test_row_counts_of_the_fixture(fixture_con):
    # given tests/fixtures/campaign.sql: 3 units, 4 workshops, 3 output units, 4 teams,
    # 4 teams x 4 days of output, 4 accidents, 4 proposals, 4 events
    got = data_state.row_counts(fixture_con)
    # expect them in the contract's order, and team_days one per daily_output row (16)
    assert got.rows() == [
        ("units", 3),
        ("workshops", 4),
        ("output_units", 3),
        ("teams", 4),
        ("daily_output", 16),
        ("accidents", 4),
        ("proposals", 4),
        ("events", 4),
        ("team_days", 16),
    ]


def test_date_ranges_of_the_fixture(fixture_con):
    d = dt.date
    got = data_state.date_ranges(fixture_con)
    assert got.rows() == [
        # output on 12-30, 12-31, 01-10, 01-11: 4 distinct days
        ("daily_output", "day", d(1952, 12, 30), d(1953, 1, 11), 4),
        # accidents on 01-10, 01-11 (twice) and 12-31: 3 distinct days
        ("accidents", "occurred_on", d(1952, 12, 31), d(1953, 1, 11), 3),
        # proposals on 01-02, 01-03, 01-10 and 12-20: 4
        ("proposals", "submitted_on", d(1952, 12, 20), d(1953, 1, 10), 4),
        # events on 08-15, 01-05, 01-11, 01-10: 4
        ("events", "held_on", d(1952, 8, 15), d(1953, 1, 11), 4),
    ]


def test_a_hand_built_database_has_load_info_but_no_record_tables(fixture_con):
    info = data_state.load_info(fixture_con)
    assert info["source_hash"] == "fixture"
    assert data_state.load_files(fixture_con) is None
    assert data_state.warning_kinds(fixture_con) is None
    assert data_state.warning_examples(fixture_con) is None


def _raw(table: str) -> pl.DataFrame:
    csv = SAMPLE / f"{table}.csv"
    if csv.exists():
        return pl.read_csv(csv, infer_schema=False)
    return pl.read_parquet(SAMPLE / f"{table}.parquet")


def test_sample_counts_and_dates_match_the_raw_files(sample_con):
    # expect every count and every range recomputed from the files themselves
    counts = dict(data_state.row_counts(sample_con).rows())
    for table in ("units", "workshops", "output_units", "teams", "accidents", "proposals"):
        assert counts[table] == _raw(table).height, table
    daily = _raw("daily_output")
    assert counts["daily_output"] == counts["team_days"] == daily.height == 371_541
    ranges = {r[0]: r[2:] for r in data_state.date_ranges(sample_con).rows()}
    for table, column in (
        ("daily_output", "day"),
        ("accidents", "occurred_on"),
        ("proposals", "submitted_on"),
        ("events", "held_on"),
    ):
        s = _raw(table)[column]
        s = s if s.dtype == pl.Date else s.str.to_date()
        assert ranges[table] == (s.min(), s.max(), s.n_unique()), table


def test_a_published_database_keeps_its_files_and_warnings(tmp_path):
    # given base/ with team t4's January output left out: one month-without-output warning
    source = tmp_path / "src"
    shutil.copytree(BASE, source)
    daily = source / "daily_output.csv"
    lines = [
        ln
        for ln in daily.read_text(encoding="utf-8").splitlines()
        if not ln.startswith("t4,1953-01")
    ]
    daily.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(source, target)
    con = db.connect(target)
    try:
        files = data_state.load_files(con)
        kinds = data_state.warning_kinds(con)
        examples = data_state.warning_examples(con)
    finally:
        con.close()
    # expect the eleven files with their rows (16 team-days less t4's two January days),
    # the three optional economic-accounting tables among them
    assert dict(zip(files["file"], files["rows"], strict=True)) == {
        "units.csv": 3,
        "workshops.csv": 4,
        "output_units.csv": 3,
        "teams.csv": 4,
        "daily_output.csv": 14,
        "accidents.csv": 2,
        "proposals.csv": 4,
        "events.csv": 3,
        "unit_costs.csv": 3,
        "unit_funds.csv": 2,
        "unit_staff.csv": 2,
    }
    assert kinds.rows() == [
        ("daily_output", "team_id", load.validation.NO_OUTPUT_MONTH, "daily_output.csv", 1)
    ]
    assert examples.select("row_number", "value").rows() == [(None, "t4 1953-01")]
    # the examples of that kind, and none of another
    (kind,) = kinds.iter_rows(named=True)
    assert data_state.examples_of(examples, kind)["value"].to_list() == ["t4 1953-01"]
    assert data_state.examples_of(examples, {**kind, "rule": "another"}).is_empty()
    # and a history of one full load, current
    history = data_state.history(target)
    assert history.select("mode", "daily_output", "warnings", "current").rows() == [
        ("full", 14, 1, True)
    ]
