"""The derived layer's flags and relations (queries/sql/schema/derive.sql) against the raw
rules they stand for, and the baseline period as a load setting (campaign_settings).

On tests/fixtures/derived.sql:
  units      u1: workshops w1 (teams t1, 10 workers, and t2, 7) and w2 (no team);
             u2: w3 (t3, 4 workers); u3: no workshop at all
  teams      inserted t3, t1, t2 (so rowid order is not team_id order)
  accidents  a1 injured 0 deaths 0 (damage only), a2 1 / 0, a3 0 / 1, a4 2 / 1
  proposals  p1 pending, p2 adopted, p3 implemented, p4 rejected
  output     1952 Q4: t1 1 t/h, t2 no day, t3 worked but made nothing (no baseline);
             1953 Q1: t1 3 t/h, t2 2 t/h, t3 1 t/h
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from queries import campaign, contract
from queries.ingest import load
from queries.store import db
from tests.conftest import FIXTURES, build_fixture_db

BASE = Path(__file__).resolve().parents[2] / "loader_corpus" / "base"
Q4_1952 = (date(1952, 10, 1), date(1952, 12, 31))
Q1_1953 = (date(1953, 1, 1), date(1953, 3, 31))


def _build(path: Path) -> duckdb.DuckDBPyConnection:
    return db.connect(build_fixture_db(path, FIXTURES / "derived.sql"))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    c = _build(tmp_path_factory.mktemp("derived") / "derived.duckdb")
    yield c
    c.close()


def frame(con, sql: str) -> pl.DataFrame:
    cur = con.cursor()
    try:
        return cur.sql(sql).pl()
    finally:
        cur.close()


def baselines(con) -> dict[str, float | None]:
    rows = frame(con, "select team_id, baseline_productivity from team_baselines")
    return dict(rows.iter_rows())


# --- flags ------------------------------------------------------------------------------------


def test_is_injury_accident_is_injured_plus_deaths_above_zero(con):
    # given accidents that hurt nobody, only injured, only killed (injured 0) and both
    raw = frame(con, "select accident_id, injured, deaths from accidents")
    # when the derived flag is read
    flagged = frame(con, "select accident_id, is_injury_accident from accidents_flagged")
    # expect one flagged row per accident, true exactly where injured + deaths > 0
    got = dict(flagged.iter_rows())
    assert got == {"a1": False, "a2": True, "a3": True, "a4": True}
    assert got == {a: i + d > 0 for a, i, d in raw.iter_rows()}


def test_accidents_flagged_holds_every_accident_column_as_loaded(con):
    # given the accidents table; when read through the flagged view
    raw = frame(con, "select * from accidents order by accident_id")
    flagged = frame(con, "select * from accidents_flagged order by accident_id")
    # expect the same rows and columns, with the flag added last
    assert flagged.columns == [*raw.columns, "is_injury_accident"]
    assert flagged.drop("is_injury_accident").equals(raw)


def test_is_adopted_is_status_adopted_or_implemented(con):
    # given a proposal of each status, pending and rejected among them
    raw = frame(con, "select proposal_id, status from proposals")
    # when the derived flag is read
    flagged = frame(con, "select proposal_id, is_adopted from proposals_flagged")
    # expect adopted and implemented only
    got = dict(flagged.iter_rows())
    assert got == {"p1": False, "p2": True, "p3": True, "p4": False}
    assert got == {p: s in ("adopted", "implemented") for p, s in raw.iter_rows()}
    assert set(raw["status"]) == set(contract.PROPOSAL_STATUSES)


def test_proposals_flagged_holds_every_proposal_column_as_loaded(con):
    raw = frame(con, "select * from proposals order by proposal_id")
    flagged = frame(con, "select * from proposals_flagged order by proposal_id")
    assert flagged.columns == [*raw.columns, "is_adopted"]
    assert flagged.drop("is_adopted").equals(raw)


# --- relations --------------------------------------------------------------------------------


def test_team_units_keeps_every_team_once_with_its_workshops_unit(con):
    # given three teams in two workshops of two units (a workshop in another unit than its
    # team's is impossible by contract: a team has one workshop, a workshop one unit)
    raw = frame(
        con,
        "select t.rowid as team_key, t.team_id, t.workshop_id, w.unit_id, t.members, "
        "t.joined_on from teams as t, workshops as w where w.workshop_id = t.workshop_id",
    )
    # when the derived relation is read
    placed = frame(con, "select * from team_units")
    # expect exactly one row per team, each in its own workshop's unit, keyed by rowid
    assert placed.height == frame(con, "select * from teams").height == 3
    assert placed["team_id"].n_unique() == 3
    cols = ["team_key", "team_id", "workshop_id", "unit_id", "members", "joined_on"]
    assert placed.select(cols).sort("team_id").equals(raw.sort("team_id"))
    assert dict(placed.select("team_id", "team_key").iter_rows()) == {"t3": 0, "t1": 1, "t2": 2}
    assert dict(placed.select("team_id", "unit_id").iter_rows()) == {
        "t1": "u1",
        "t2": "u1",
        "t3": "u2",
    }


def test_unit_sizes_sum_each_units_teams_once(con):
    # given a unit with a workshop without teams (u1) and a unit without workshops (u3)
    teams = frame(con, "select * from teams")
    workshops = frame(con, "select * from workshops")
    units = frame(con, "select unit_id from units")
    # when the sizes are read
    sizes = frame(con, "select * from unit_sizes order by unit_id")
    # expect every unit, its teams' members summed, zeros where it has none
    assert sizes.rows() == [
        ("u1", 2, 1, 2, 17),
        ("u2", 1, 1, 1, 4),
        ("u3", 0, 0, 0, 0),
    ]
    placed = teams.join(workshops.select("workshop_id", "unit_id"), on="workshop_id")
    expected = (
        units.join(
            workshops.group_by("unit_id").agg(pl.len().alias("workshops_total")),
            on="unit_id",
            how="left",
        )
        .join(
            placed.group_by("unit_id").agg(
                pl.col("workshop_id").n_unique().alias("workshops_with_teams"),
                pl.len().alias("teams_total"),
                pl.col("members").sum().alias("members_total"),
            ),
            on="unit_id",
            how="left",
        )
        .fill_null(0)
        .sort("unit_id")
    )
    assert sizes.rows() == expected.rows()


# --- the baseline period ----------------------------------------------------------------------


def test_the_default_baseline_is_the_quarter_before_the_campaign(con, monkeypatch):
    # given no setting (the fixture is built without EMULATION_BASELINE)
    monkeypatch.delenv(load.BASELINE_ENV, raising=False)
    # expect the contract's quarter stored, and the baselines measured over it
    stored = frame(con, "select * from campaign_settings").rows()
    assert stored == [Q4_1952]
    assert stored[0] == (
        date.fromisoformat(contract.BASELINE_START),
        date.fromisoformat(contract.BASELINE_END),
    )
    assert load.baseline_period() == Q4_1952
    # t1 made 1 t/h; t3 worked but made nothing (null); t2 has no day in the quarter
    assert baselines(con) == {"t1": 1.0, "t3": None}


def test_setting_the_baseline_moves_every_teams_baseline(tmp_path, monkeypatch):
    # given a campaign whose baseline is set to 1953 Q1
    monkeypatch.setenv(load.BASELINE_ENV, "1953-01-01..1953-03-31")
    # when its database is built
    con = _build(tmp_path / "q1.duckdb")
    try:
        # expect the setting stored and the baselines measured over 1953 Q1 instead
        assert frame(con, "select * from campaign_settings").rows() == [Q1_1953]
        assert baselines(con) == {"t1": 3.0, "t2": 2.0, "t3": 1.0}
        # and the index follows: t1's 30 t on 1953-01-15 are 10 baseline-hours (not 30)
        index = frame(
            con,
            "select index_output from team_days where team_id = 't1' and day = '1953-01-15'",
        )
        assert index.item() == 10.0
    finally:
        con.close()


def test_the_baseline_can_be_passed_to_derive(tmp_path):
    # given a database with the contract tables; when derived with a baseline of its own
    path = tmp_path / "passed.duckdb"
    con = duckdb.connect(str(path))
    try:
        load.create_schema(con)
        con.execute((FIXTURES / "derived.sql").read_text())
        load.derive(con, (date(1953, 1, 1), date(1953, 1, 31)))
        # expect only January's days to count: t3 had none then
        assert con.execute("select * from campaign_settings").fetchall() == [
            (date(1953, 1, 1), date(1953, 1, 31))
        ]
        got = con.execute("select team_id, baseline_productivity from team_baselines")
        assert dict(got.fetchall()) == {"t1": 3.0, "t2": 2.0}
    finally:
        con.close()


@pytest.mark.parametrize(
    "value",
    ["1953-01-01", "1953-03-31..1953-01-01", "1953-01-01..", "Q1 1953", "1953-01-01..1953-13-01"],
)
def test_a_baseline_setting_that_is_not_two_dates_in_order_is_refused(value, monkeypatch):
    # given a malformed setting; when it is read; expect a message naming it and the form
    monkeypatch.setenv(load.BASELINE_ENV, value)
    with pytest.raises(ValueError, match=r"EMULATION_BASELINE must be START\.\.END"):
        load.baseline_period()


def test_a_load_stores_its_baseline_and_an_append_keeps_it(tmp_path, monkeypatch):
    # given the tiny campaign (1952-12-30..1953-01-02) loaded with a baseline of its own
    source = shutil.copytree(BASE, tmp_path / "base")
    target = tmp_path / "db" / "campaign.duckdb"
    monkeypatch.delenv(load.BASELINE_ENV, raising=False)
    default_hash = campaign.fingerprint(source)
    monkeypatch.setenv(load.BASELINE_ENV, "1953-01-01..1953-01-02")
    campaign.load(source, target)
    # expect it stored, and the database's fingerprint to say so (the sample rebuilds)
    assert load.stored_baseline(target) == (date(1953, 1, 1), date(1953, 1, 2))
    stored = db.connect(target)
    try:
        stored_hash = stored.execute("select source_hash from load_info").fetchone()[0]
    finally:
        stored.close()
    assert stored_hash == campaign.fingerprint(source) != default_hash
    # when a day is appended without the setting
    monkeypatch.delenv(load.BASELINE_ENV)
    more = tmp_path / "more"
    more.mkdir()
    (more / "daily_output.csv").write_text(
        "team_id,day,output_qty,plan_qty,team_plan_qty,worker_hours,inspected_qty,rejected_qty\n"
        "t1,1953-01-03,10.0,10.0,,8.0,1.0,0.0\n",
        encoding="utf-8",
    )
    campaign.load(more, target, append=True)
    # expect the campaign's baseline kept, not the default
    assert load.stored_baseline(target) == (date(1953, 1, 1), date(1953, 1, 2))
    # and a full load without the setting is the default again
    campaign.load(source, target)
    assert load.stored_baseline(target) == Q4_1952
