"""An append updates the derived tables for what its rows touch (queries/sql/schema/
derive_append.sql): the result must equal a full load of the same campaign, table by table,
whether the new rows are a month after the data or days inside the baseline period (which
re-indexes every day of their teams)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from queries import campaign

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data"
DERIVED = {
    "team_baselines": ("team_id",),
    "team_days": ("team_id", "day"),
    "unit_days": ("unit_id", "day"),
    "team_weeks": ("team_id", "week"),
    "team_months": ("team_id", "month"),
    "unit_sizes": ("unit_id",),
    "data_span": ("first_day",),
    # cost against the output value of unit_days: an append of output changes its months
    "unit_cost_months": ("unit_id", "month"),
}


def _split(tmp: Path, held_back: pl.Expr) -> tuple[Path, Path, Path]:
    """The sample campaign whole, without the held-back daily rows, and those rows alone."""
    whole, base, extra = tmp / "whole", tmp / "base", tmp / "extra"
    for d in (whole, base, extra):
        d.mkdir()
    for f in SAMPLE.glob("*.csv"):
        shutil.copy(f, whole / f.name)
        shutil.copy(f, base / f.name)
    daily = pl.read_parquet(SAMPLE / "daily_output.parquet")
    daily.write_parquet(whole / "daily_output.parquet")
    daily.filter(~held_back).write_parquet(base / "daily_output.parquet")
    daily.filter(held_back).write_parquet(extra / "daily_output.parquet")
    return whole, base, extra


def _table(db: Path, name: str, key: tuple[str, ...]) -> pl.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        frame = con.sql(f"select * from {name}").pl()
        return frame.sort(key) if key else frame
    finally:
        con.close()


@pytest.mark.parametrize(
    "held_back",
    [
        pl.col("day") >= pl.date(1953, 12, 1),
        (pl.col("day") < pl.date(1952, 10, 8)) & pl.col("team_id").str.starts_with("hz-steel"),
    ],
    ids=["last-month", "baseline-days"],
)
def test_append_derives_what_a_full_load_does(tmp_path, held_back):
    # given the sample campaign split into a full load and an append of some daily rows
    whole, base, extra = _split(tmp_path, held_back)
    full_db, appended_db = tmp_path / "full" / "c.duckdb", tmp_path / "app" / "c.duckdb"
    campaign.load(whole, full_db)
    campaign.load(base, appended_db)
    result = campaign.load(extra, appended_db, append=True)
    assert result.new_rows["daily_output"] > 0
    # expect every derived table equal to the full load's, value for value (sums of floats
    # to 1e-12: they are added in another order)
    for name, key in DERIVED.items():
        want, got = _table(full_db, name, key), _table(appended_db, name, key)
        assert got.height == want.height, name
        assert_frame_equal(got, want, rel_tol=1e-12, abs_tol=1e-9)
    # and the stored effect estimated over the whole campaign, as a full load stores it
    for name in ("stored_effect_summary",):
        want = _table(full_db, name, ("row_position", "is_by_wave"))
        got = _table(appended_db, name, ("row_position", "is_by_wave"))
        assert_frame_equal(got, want, rel_tol=1e-9, abs_tol=1e-9)


def test_an_append_onto_a_version_older_than_the_optional_tables(tmp_path):
    # given a database published before the economic accounting tables were in the contract
    _, base, extra = _split(tmp_path, pl.col("day") >= pl.date(1953, 12, 1))
    db = tmp_path / "old" / "c.duckdb"
    campaign.load(base, db)
    con = duckdb.connect(str(db))
    try:
        for name in ("unit_cost_months", "unit_costs", "unit_funds", "unit_staff"):
            con.execute(f"drop table {name}")  # the test's own names
    finally:
        con.close()
    # expect an append of daily rows to load, the optional tables starting empty
    result = campaign.load(extra, db, append=True)
    assert result.new_rows["daily_output"] > 0
    for name in ("unit_costs", "unit_funds", "unit_staff", "unit_cost_months"):
        assert _table(db, name, ()).height == 0, name
