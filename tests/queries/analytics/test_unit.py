"""Unit page queries on the hand-built campaign (tests/fixtures/campaign.sql).

Unit u1 (No. 1 Coal Mine): workshops w1 (team t1, 10 members, joined 1953-01-05) and w2
(team t2, 20 members, joined 1953-01-10); coal at 10 yuan/t. Period 1953-01-10..11 unless
stated: t1 192 t of 200 planned in 160 h (baseline 1 t/h), t2 640 t of 700 in 320 h
(baseline 2 t/h); rejected 8 / 192 t and 6 / 200 t.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
import pytest

from queries.analytics import unit
from queries.analytics.filters import Filters

PERIOD = Filters(date(1953, 1, 10), date(1953, 1, 11))
ALL = Filters(date(1952, 12, 30), date(1953, 1, 11))


def test_profile(fixture_con):
    p = unit.profile(fixture_con, "u1", PERIOD).row(0, named=True)
    assert (p["name_en"], p["workers"], p["teams"], p["workshops"]) == ("No. 1 Coal Mine", 30, 2, 2)
    assert (p["teams_joined"], p["workers_joined"]) == (2, 30)
    assert (p["first_joined_on"], p["last_joined_on"]) == (date(1953, 1, 5), date(1953, 1, 10))
    preparing = unit.profile(fixture_con, "u3", PERIOD).row(0, named=True)
    assert (preparing["launched_on"], preparing["teams_joined"], preparing["workers_joined"]) == (
        None,
        0,
        0,
    )
    assert unit.profile(fixture_con, "nope", PERIOD).is_empty()


def test_teams(fixture_con):
    teams = unit.teams(fixture_con, "u1", PERIOD)
    t1, t2 = teams.row(0, named=True), teams.row(1, named=True)
    assert (t1["team_id"], t2["team_id"]) == ("t1", "t2")
    assert t1["productivity_index"] == pytest.approx(192 / 160 * 100)
    assert t2["productivity_index"] == pytest.approx(100.0)
    assert t1["plan_fulfilment_pct"] == pytest.approx(1920 / 2000 * 100)
    assert t1["defect_rate"] == pytest.approx(8 / 192)
    # t1's own plan (110 a day) against the factory's 100; t2 set one on one day of two
    assert t1["team_plan_vs_factory_pct"] == pytest.approx(110.0)
    assert t1["team_plan_above_share"] == pytest.approx(1.0)
    assert (t2["team_plan_days"], t2["team_plan_above_days"]) == (1, 0)
    assert t2["team_plan_vs_factory_pct"] == pytest.approx(340 / 350 * 100)


def test_team_days(fixture_con):
    days = unit.team_days(fixture_con, "u1", "t2", ALL)
    assert days["day"].to_list() == [
        date(1952, 12, 30),
        date(1952, 12, 31),
        date(1953, 1, 10),
        date(1953, 1, 11),
    ]
    assert days["is_joined"].to_list() == [False, False, True, True]
    # a team of another unit is not shown under this one
    assert unit.team_days(fixture_con, "u1", "t3", ALL).is_empty()


def test_workshop_weeks(fixture_con):
    weeks = unit.workshop_weeks(fixture_con, "u1", ALL)
    w1 = weeks.filter(weeks["workshop_id"] == "w1")
    # 1952-12-30/31 fall in the week of Monday 1952-12-29; 1953-01-10 (Sat) and 01-11 (Sun)
    # in the week of 1953-01-05
    assert w1["week_on"].to_list() == [date(1952, 12, 29), date(1953, 1, 5)]
    assert w1["plan_fulfilment_pct"].to_list() == pytest.approx([100.0, 96.0])
    assert w1["productivity_index"].to_list() == pytest.approx([100.0, 120.0])


def test_quality_weeks_and_accidents(fixture_con):
    weeks = unit.quality_weeks(fixture_con, "u1", ALL)
    jan = weeks.filter(weeks["week_on"] == date(1953, 1, 5)).row(0, named=True)
    assert jan["defect_rate"] == pytest.approx(140 / 3920)
    assert (jan["injury_accidents"], jan["deaths"]) == (2, 1)
    dec = weeks.filter(weeks["week_on"] == date(1952, 12, 29)).row(0, named=True)
    assert dec["injury_accidents"] == 1  # a4, serious, 1952-12-31
    acc = unit.accidents(fixture_con, "u1", ALL)
    assert acc["accident_id"].to_list() == ["a4", "a1", "a2"]
    assert acc["team_name_en"].to_list() == ["Team 2", "Team 1", None]


def test_industry_standing_ranks_within_the_industry(fixture_con):
    standing = unit.industry_standing(fixture_con, "u1", ALL)
    assert standing["unit_id"].to_list() == ["u1"]  # the only coal unit
    row = standing.row(0, named=True)
    # joined team-days: t1 on 01-10/11 (192 index-h / 160 h), t2 on 01-10/11 (320 / 320);
    # before: t1 and t2 on 12-30/31 (160 / 160 and 320 / 320)
    assert row["index_change"] == pytest.approx(512 / 480 * 100 - 100)
    assert (row["index_change_rank"], row["index_change_peers"]) == (1, 1)
    assert row["index_change_percentile"] == pytest.approx(1.0)


def test_industry_standing_rank_and_percentile_directions(sample_con):
    standing = unit.industry_standing(
        sample_con, "pingxiang", Filters(date(1953, 1, 1), date(1953, 12, 31))
    )
    assert standing.height == 14  # the sample's coal units
    best_defect = standing.sort("defect_rate").row(0, named=True)
    assert best_defect["defect_rate_rank"] == 1 and best_defect["defect_rate_percentile"] == 1.0
    worst_afr = standing.sort("accident_frequency_rate", descending=True).row(0, named=True)
    assert worst_afr["accident_frequency_rate_rank"] == 14
    assert worst_afr["accident_frequency_rate_percentile"] == pytest.approx(1 / 14)
    assert worst_afr["unit_id"] in {"gaokeng", "heshan"}  # the planted rushed coal mines


def test_records_and_downloads(fixture_con):
    tables = unit.records(fixture_con, "u1", PERIOD)
    counts = {k: v.height for k, v in tables.items()}
    assert counts == {
        "units": 1,
        "workshops": 2,
        "output_units": 1,
        "teams": 2,
        "daily_output": 4,
        "accidents": 2,
        "proposals": 0,  # p1, p2 were submitted before the period
        "events": 1,  # e3, the coal bureau's exchange; e2 (launch) is before the period
        # the optional economic-accounting tables, empty in a campaign without them
        "unit_costs": 0,
        "unit_funds": 0,
        "unit_staff": 0,
    }
    assert unit.record_counts(fixture_con, "u1", PERIOD) == counts  # counted in DuckDB
    with zipfile.ZipFile(io.BytesIO(unit.records_zip(fixture_con, "u1", PERIOD))) as z:
        assert sorted(z.namelist()) == sorted(f"{k}.csv" for k in tables)
        assert z.read("daily_output.csv").decode().count("\n") == 5  # header + 4 rows
    book = openpyxl.load_workbook(io.BytesIO(unit.records_xlsx(fixture_con, "u1", PERIOD)))
    assert book.sheetnames == list(tables)
    assert book["teams"].max_row == 3
    assert unit.export_name("u1", PERIOD.start, PERIOD.end) == "u1_1953-01-10_1953-01-11"
