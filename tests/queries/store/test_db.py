"""The reader connection: read-only, no file access, parameters bound by name."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from queries import campaign
from queries.store import db

# the unit filters of every scoped query: none set
PARAMS = {"bureaus": [], "industries": [], "provinces": [], "ownerships": [], "unit_ids": []}


def test_reader_cannot_write(fixture_con):
    with pytest.raises(duckdb.Error, match="read-only"):
        fixture_con.cursor().execute("delete from units")


def test_reader_cannot_read_files(fixture_con):
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        fixture_con.cursor().execute("select * from read_csv('/etc/passwd')")


def test_reader_configuration_is_locked(fixture_con):
    with pytest.raises(duckdb.Error, match="locked"):
        fixture_con.cursor().execute("set enable_external_access = true")


def test_run_binds_only_the_parameters_a_file_uses(fixture_con):
    got = db.run(fixture_con, "campaign/units", {"unused": "x'; drop table units; --"})
    assert got.height == 3


def test_run_refuses_missing_parameters(fixture_con):
    with pytest.raises(KeyError, match="start"):
        db.run(fixture_con, "rollout/coverage_by_day", {})


def test_counts_are_the_rows_each_file_returns_in_one_query(fixture_con):
    params = {"start": date(1953, 1, 10), "end": date(1953, 1, 11), "unit_id": "u1"}
    # one file with no rows in the period: a count of 0 is a row of the union, not a gap
    names = [
        "rollout/coverage_by_day",
        "campaign/units",
        "unit/records/proposals",
        "unit/records/daily_output",
    ]
    expected = {name: db.run(fixture_con, name, {**PARAMS, **params}).height for name in names}
    assert expected["unit/records/proposals"] == 0 and expected["unit/records/daily_output"] == 4
    assert db.counts(fixture_con, names, {**PARAMS, **params}) == expected


def test_counts_refuse_missing_parameters(fixture_con):
    with pytest.raises(KeyError, match="unit_id"):
        db.counts(
            fixture_con, ["campaign/units", "unit/records/teams"], {"start": date(1953, 1, 1)}
        )


def test_missing_named_database_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv(campaign.ENV_VAR, str(tmp_path / "nope.duckdb"))
    with pytest.raises(campaign.DatabaseMissing, match=re.escape("python -m queries.load")):
        campaign.database_path()


def test_sample_database_is_built_once_and_rebuilt_when_files_change(tmp_path):
    # the loader corpus's small valid campaign: the same loader path, a fraction of the rows
    base = Path(__file__).resolve().parents[2] / "loader_corpus" / "base"
    source = tmp_path / "src"
    source.mkdir()
    for f in base.iterdir():
        if f.suffix in {".csv", ".parquet"}:
            (source / f.name).write_bytes(f.read_bytes())
    target = tmp_path / "built.duckdb"
    campaign.ensure_sample_database(target, source)
    # every build is a new file moved into place, so the inode tells builds apart
    first = target.stat().st_ino
    campaign.ensure_sample_database(target, source)
    assert target.stat().st_ino == first  # up to date: not rebuilt
    events = source / "events.csv"
    before = events.read_text()
    events.write_text(before.replace("The region launches", "The region starts", 1))
    assert events.read_text() != before
    campaign.ensure_sample_database(target, source)
    assert target.stat().st_ino != first
