"""Rollout queries on the hand-built campaign of tests/fixtures/rollout_productivity.sql,
worked by hand, and on the sample campaign against its planted rushed units and an
independent Polars computation from the raw files.

The fixture, by unit (members in brackets):
  r1 Rush Mine (Bureau A, launched 01-05): ra(10) 01-05, rb(10) 01-05, rc(10) 01-07,
     rd(10) 01-09, re(10) 01-12
  g1 Gradual Mill (Bureau B, launched 01-05): ga(8) 01-05; gb(12), gc(10) 01-19;
     gd(10), ge(10) 02-02; gf(10) never.  Workshops gw1 = ga..gc, gw2 = gd..gf
  p1 Preparing Plant (Bureau A, no launch): pa, pb, pc (6 each), never
  p2 Late Works (Bureau B, launches 1953-07-06, after the data): la, lb, lc (5 each)
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from queries import campaign
from queries.analytics import rollout
from queries.analytics.filters import Filters
from queries.store import db
from tests.conftest import FIXTURES, build_fixture_db

WHOLE = Filters(date(1952, 12, 29), date(1953, 6, 28))
BUREAU_A = "Bureau A"


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = build_fixture_db(
        tmp_path_factory.mktemp("rollout") / "rp.duckdb", FIXTURES / "rollout_productivity.sql"
    )
    c = db.connect(path)
    yield c
    c.close()


def _by_unit(df: pl.DataFrame) -> dict[str, dict]:
    return {r["unit_id"]: r for r in df.iter_rows(named=True)}


def test_rushed_units_flags_the_unit_that_joined_at_once(con):
    r = _by_unit(rollout.rushed_units(con, WHOLE, 0.60))
    # only launched units: p1 has no launch, p2 launches after the period
    assert set(r) == {"r1", "g1"}
    # r1: ra, rb, rc, rd join within 01-05..01-11 -> 4 of its 5 teams
    assert (r["r1"]["max_teams_joined_in_7_days"], r["r1"]["teams_total"]) == (4, 5)
    assert r["r1"]["max_7day_join_share"] == pytest.approx(0.8)
    assert r["r1"]["rushed"] is True
    # g1: at most 2 of 6 (gb, gc on 01-19; gd, ge on 02-02); gf, never joined, still counts
    assert r["g1"]["max_7day_join_share"] == pytest.approx(2 / 6)
    assert r["g1"]["rushed"] is False
    # strictly above the threshold: at 80% r1 is not rushed, just below it is
    assert not _by_unit(rollout.rushed_units(con, WHOLE, 0.80))["r1"]["rushed"]
    assert _by_unit(rollout.rushed_units(con, WHOLE, 0.79))["r1"]["rushed"]


def test_pace_by_hand(con):
    p = _by_unit(rollout.pace(con, WHOLE, 0.60))
    r1, g1 = p["r1"], p["g1"]
    assert r1["first_joined_on"] == date(1953, 1, 5)
    # r1 of 50 workers: 20 on 01-05, 30 (60% >= 50%) on 01-07, 40 on 01-09, 50 (>= 90%) on 01-12
    assert (r1["days_to_50"], r1["days_to_90"]) == (2, 7)
    assert (r1["teams_joined"], r1["members_covered"], r1["members_total"]) == (5, 50, 50)
    assert r1["coverage_share"] == pytest.approx(1.0)
    # g1 of 60 workers: 8 on 01-05, 30 (50%) on 01-19, 50 (83%, short of 90%) on 02-02
    assert (g1["days_to_50"], g1["days_to_90"]) == (14, None)
    assert (g1["teams_joined"], g1["teams_total"], g1["workshops_total"]) == (5, 6, 2)
    assert g1["coverage_share"] == pytest.approx(50 / 60)
    assert (r1["rushed"], g1["rushed"]) == (True, False)


def test_pace_is_as_of_the_end_of_the_period(con):
    early = Filters(date(1952, 12, 29), date(1953, 1, 8))
    p = _by_unit(rollout.pace(con, early, 0.60))
    r1 = p["r1"]
    # by 01-08 ra, rb, rc had joined (30 of 50 workers); rd joins the day after
    assert (r1["teams_joined"], r1["members_covered"]) == (3, 30)
    assert (r1["days_to_50"], r1["days_to_90"]) == (2, None)
    # 3 of 5 teams in 7 days is 60%: not above the 60% threshold
    assert r1["max_7day_join_share"] == pytest.approx(0.6)
    assert r1["rushed"] is False
    assert p["g1"]["teams_joined"] == 1


def test_units_preparing(con):
    prep = rollout.units_preparing(con, WHOLE)
    # largest first: p1 with 18 workers, p2 with 15 (its launch falls after the period)
    assert prep["unit_id"].to_list() == ["p1", "p2"]
    assert prep.select("workshops_total", "teams_total", "members_total").rows() == [
        (1, 3, 18),
        (1, 3, 15),
    ]
    assert prep["launched_on"].to_list() == [None, date(1953, 7, 6)]
    assert rollout.units_preparing(
        con, Filters(WHOLE.start, WHOLE.end, industries=("coal",))
    ).is_empty()


def test_coverage_quilt_by_hand(con):
    quilt = rollout.coverage_quilt(con, WHOLE)
    # 4 units x 26 weeks, units in launch order (r1 and g1 both on 01-05, by id), p1 last
    assert quilt.height == 4 * 26
    assert quilt["unit_id"].unique(maintain_order=True).to_list() == ["g1", "r1", "p2", "p1"]
    cell = {(r["unit_id"], r["week"]): r for r in quilt.iter_rows(named=True)}
    # week of 01-05 ends 01-11: r1 has ra, rb, rc, rd = 40 of 50
    assert cell[("r1", date(1953, 1, 5))]["coverage_share"] == pytest.approx(0.8)
    assert cell[("r1", date(1953, 1, 12))]["coverage_share"] == pytest.approx(1.0)
    assert cell[("g1", date(1953, 1, 12))]["members_covered"] == 8
    assert cell[("g1", date(1953, 1, 19))]["coverage_share"] == pytest.approx(0.5)
    assert cell[("p1", date(1953, 6, 22))]["coverage_share"] == 0.0
    assert cell[("r1", date(1952, 12, 29))]["members_covered"] == 0


def test_coverage_quilt_shows_a_window_of_units_in_launch_order(con):
    # units 1 and 2 of the launch order (0-based): r1 and p2, with unit_row saying where
    window = rollout.coverage_quilt(con, WHOLE, first_row=1, row_count=2)
    assert window.select("unit_id", "unit_row").unique(maintain_order=True).rows() == [
        ("r1", 1),
        ("p2", 2),
    ]
    assert window.height == 2 * 26
    whole = rollout.coverage_quilt(con, WHOLE)
    assert window.equals(whole.filter(pl.col("unit_row").is_between(1, 2)))
    assert rollout.coverage_quilt(con, WHOLE, first_row=4).is_empty()  # past the last unit
    with pytest.raises(ValueError, match="row_count"):
        rollout.coverage_quilt(con, WHOLE, row_count=0)


def test_quilt_last_week_stops_at_the_end_of_the_period(con):
    # the period ends on Thursday 01-08: that week counts joins up to 01-08 only
    quilt = rollout.coverage_quilt(con, Filters(date(1953, 1, 5), date(1953, 1, 8)))
    r1 = quilt.filter(pl.col("unit_id") == "r1").row(0, named=True)
    assert (r1["week"], r1["members_covered"]) == (date(1953, 1, 5), 30)


def test_coverage_over_time_by_bureau(con):
    cov = rollout.coverage_over_time(con, WHOLE, "bureau")
    a = cov.filter((pl.col("group_key") == BUREAU_A) & (pl.col("day") == date(1953, 1, 12)))
    row = a.row(0, named=True)
    # Bureau A: r1 (50 workers, all joined by 01-12) and p1 (18, never)
    assert (row["members_covered"], row["members_total"]) == (50, 68)
    assert (row["units_covered"], row["units_total"]) == (1, 2)
    assert (row["workshops_covered"], row["workshops_total"]) == (1, 2)
    assert row["group_zh"] == "甲管理局"
    assert cov["group_key"].unique().sort().to_list() == ["Bureau A", "Bureau B"]
    assert cov.height == 2 * WHOLE.days


def test_coverage_over_time_whole_scope_and_by_industry(con):
    whole = rollout.coverage_over_time(con, WHOLE, "all")
    assert whole["group_key"].unique().to_list() == ["all"]
    last = whole.row(-1, named=True)
    # 50 + 50 of 50 + 60 + 18 + 15 workers; teams 10 of 17; workshops rw1, gw1, gw2 of 5
    assert (last["members_covered"], last["members_total"]) == (100, 143)
    assert (last["teams_covered"], last["teams_total"]) == (10, 17)
    assert (last["workshops_covered"], last["workshops_total"]) == (3, 5)
    by_industry = rollout.coverage_over_time(con, WHOLE, "industry")
    assert sorted(by_industry["group_key"].unique()) == [
        "coal",
        "cotton_textile",
        "machinery",
        "power",
    ]
    with pytest.raises(ValueError):
        rollout.coverage_over_time(con, WHOLE, "province")


def test_empty_scope_is_empty_not_an_error(con):
    none = Filters(WHOLE.start, WHOLE.end, bureaus=(BUREAU_A,), industries=("machinery",))
    assert rollout.pace(con, none, 0.6).is_empty()
    assert rollout.rushed_units(con, none, 0.6).is_empty()
    assert rollout.coverage_quilt(con, none).is_empty()
    assert rollout.coverage_over_time(con, none, "all").is_empty()
    assert rollout.units_preparing(con, none).is_empty()


# --- the sample campaign ----------------------------------------------------------------------

SAMPLE = Filters(date(1952, 10, 1), date(1953, 12, 31))
PLANTED_RUSHED = {"gaokeng", "shenxin-4", "heshan", "gz-machinery"}


def test_sample_has_exactly_the_four_planted_rushed_units(sample_con):
    flags = rollout.rushed_units(sample_con, SAMPLE, rollout.RUSHED_THRESHOLD)
    assert set(flags.filter(pl.col("rushed"))["unit_id"]) == PLANTED_RUSHED
    assert flags.height == 48  # 35 January and 13 later launchers


@pytest.fixture(scope="module")
def raw_teams():
    teams = pl.read_csv(campaign.SAMPLE_DIR / "teams.csv", try_parse_dates=True)
    workshops = pl.read_csv(campaign.SAMPLE_DIR / "workshops.csv")
    return teams.join(workshops.select("workshop_id", "unit_id"), on="workshop_id")


def _polars_pace(teams: pl.DataFrame, unit_id: str, end: date) -> dict:
    """The pace of one unit straight from teams.csv, by brute force over days."""
    unit = teams.filter(pl.col("unit_id") == unit_id)
    joined = unit.filter(pl.col("joined_on") <= end)
    first = joined["joined_on"].min()
    total = unit["members"].sum()
    marks = {}
    for share in (0.5, 0.9):
        day, reached = first, None
        while day is not None and day <= end:
            if joined.filter(pl.col("joined_on") <= day)["members"].sum() >= share * total:
                reached = (day - first).days
                break
            day += timedelta(days=1)
        marks[share] = reached
    windows = [
        joined.filter(pl.col("joined_on").is_between(d, d + timedelta(days=6))).height
        for d in joined["joined_on"].to_list()
    ]
    return {
        "first_joined_on": first,
        "days_to_50": marks[0.5],
        "days_to_90": marks[0.9],
        "max_7day_join_share": max(windows, default=0) / unit.height,
    }


# 03-20: heshan (launched 03-16) is still spreading; 12-31: every rollout is over
@pytest.mark.parametrize("end", [date(1953, 3, 20), date(1953, 12, 31)])
def test_sample_pace_matches_polars(sample_con, raw_teams, end):
    f = Filters(SAMPLE.start, end)
    pace = rollout.pace(sample_con, f, 0.6)
    for unit_id in ["hz-steel", "gaokeng", "heshan", "wh-cotton-1", "pingxiang"]:
        got = pace.filter(pl.col("unit_id") == unit_id).row(0, named=True)
        want = _polars_pace(raw_teams, unit_id, end)
        for key, value in want.items():
            assert got[key] == pytest.approx(value), (unit_id, key)
