"""Productivity queries, worked by hand on the fixtures, checked against Polars on the raw
sample files, and the campaign's effect recovered on the sample campaign.

On tests/fixtures/campaign.sql (period 1952-12-30..1953-01-11), by team:
  t1 (u1 coal, Coal bureau): Dec 160 t in 160 h (plan 160), Jan 192 t in 160 h (plan 200);
      baseline 1 t/h; team plan 110 > 100 on both January days; joined 01-05
  t2 (u1 coal): Dec 640 t in 320 h (plan 600), Jan 640 t in 320 h (plan 700); baseline 2 t/h;
      team plan 340 (< 350) on 01-10, none on 01-11; joined 01-10
  t3 (u2 power): Dec 40 MWh in 80 h (plan 40), Jan 48 in 80 h (plan 40); baseline 0.5;
      team plan 22 > 20 on both January days; joins 01-20
  t4 (u3 cotton): Dec 0 bales in 128 h (plan 10), Jan 12.8 in 128 h (plan 10); no baseline
Prices: coal 10, power 50, yarn 100 yuan.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from queries import campaign
from queries.analytics import productivity
from queries.analytics.filters import Filters
from queries.ingest import publish
from queries.store import db
from tests.conftest import FIXTURES, build_fixture_db

PERIOD = Filters(date(1952, 12, 30), date(1953, 1, 11))
COAL = "Central-South Coal Industry Administration Bureau"
POWER = "Central-South Electricity Administration Bureau"
DEC, JAN = date(1952, 12, 1), date(1953, 1, 1)


def _cell(df: pl.DataFrame, **where) -> dict:
    for k, v in where.items():
        df = df.filter(pl.col(k) == v)
    assert df.height == 1, where
    return df.row(0, named=True)


def test_productivity_trend_by_bureau_and_month(fixture_con):
    df = productivity.productivity_trend(fixture_con, PERIOD, "month", "bureau")
    dec = _cell(df, period_start=DEC, group_key=COAL)
    # index: (160 / 1 + 640 / 2) index-hours over 160 + 320 hours
    assert dec["productivity_index"] == pytest.approx(100.0)
    # value (160 + 640) x 10 over plan (160 + 600) x 10
    assert dec["plan_fulfilment_pct"] == pytest.approx(8000 / 7600 * 100)
    jan = _cell(df, period_start=JAN, group_key=COAL)
    assert jan["productivity_index"] == pytest.approx((192 + 320) / 480 * 100)
    assert jan["plan_fulfilment_pct"] == pytest.approx(8320 / 9000 * 100)
    assert jan["group_zh"] == "中南煤业管理局"
    power = _cell(df, period_start=JAN, group_key=POWER)
    assert (power["productivity_index"], power["plan_fulfilment_pct"]) == pytest.approx((120, 120))
    # the cotton mill's team has no baseline: no index, but a plan fulfilment
    cotton = _cell(df, period_start=DEC, group_key="Central-South Textile Administration Bureau")
    assert cotton["productivity_index"] is None
    assert cotton["plan_fulfilment_pct"] == pytest.approx(0.0)
    assert df.height == 6


def test_productivity_trend_by_unit_and_industry_and_week(fixture_con):
    by_unit = productivity.productivity_trend(fixture_con, PERIOD, "week", "unit")
    # 1952-12-29 (Monday) holds Dec 30-31; 1953-01-05 holds Jan 10-11
    assert by_unit["period_start"].unique().sort().to_list() == [
        date(1952, 12, 29),
        date(1953, 1, 5),
    ]
    u1 = _cell(by_unit, period_start=date(1953, 1, 5), group_key="u1")
    assert u1["group_en"] == "No. 1 Coal Mine"
    assert u1["productivity_index"] == pytest.approx(512 / 480 * 100)
    by_industry = productivity.productivity_trend(fixture_con, PERIOD, "month", "industry")
    assert sorted(by_industry["group_key"].unique()) == ["coal", "cotton_textile", "power"]
    with pytest.raises(ValueError):
        productivity.productivity_trend(fixture_con, PERIOD, "day", "unit")


def test_team_plans_over_time(fixture_con):
    df = productivity.team_plans_trend(fixture_con, PERIOD, "month")
    dec, jan = df.row(0, named=True), df.row(1, named=True)
    # December: 8 team-days, none with a team plan -> no share (not 0)
    assert (dec["team_days"], dec["team_days_with_team_plan"]) == (8, 0)
    assert dec["team_plan_above_share"] is None
    assert dec["team_plan_set_share"] == 0.0
    # January: plans on t1 x2, t2 x1, t3 x2 = 5; above target t1 x2 and t3 x2 = 4
    assert (jan["team_days"], jan["team_days_with_team_plan"], jan["team_days_plan_above"]) == (
        8,
        5,
        4,
    )
    assert jan["team_plan_above_share"] == pytest.approx(4 / 5)
    assert jan["team_plan_set_share"] == pytest.approx(5 / 8)
    assert jan["team_plan_above_share_is_small"] is True  # 5 team-days < 30


def test_team_plans_by_unit(fixture_con):
    df = productivity.team_plans_by_unit(fixture_con, PERIOD)
    # u2: 2 of 2 above; u1: 2 of 3 (t2's 340 is below its 350); u3 set none (last)
    assert df["unit_id"].to_list() == ["u2", "u1", "u3"]
    assert df["team_plan_above_share"].to_list()[:2] == pytest.approx([1.0, 2 / 3])
    assert df["team_days"].to_list() == [4, 8, 4]
    # the units a table of team plans lists: those whose teams set any
    assert productivity.with_team_plans(df)["unit_id"].to_list() == ["u2", "u1"]


def test_quotas_average_advanced_by_hand(fixture_con):
    q = productivity.quotas(fixture_con, PERIOD, "t_coal", "average_advanced")
    dec, jan = q.row(0, named=True), q.row(1, named=True)
    # December: t1 160/160 = 1.0, t2 640/320 = 2.0 t/h. Mean 1.5; above it only t2: 2.0;
    # advanced average (1.5 + 2.0) / 2 = 1.75, met by t2 alone
    assert (
        dec["mean_productivity"],
        dec["advanced_mean"],
        dec["average_advanced"],
    ) == pytest.approx((1.5, 2.0, 1.75))
    assert (dec["quota"], dec["teams_meeting_quota"], dec["teams_with_hours"]) == (
        pytest.approx(1.75),
        1,
        2,
    )
    assert dec["previous_quota"] is None and dec["quota_change_pct"] is None
    # January: t1 192/160 = 1.2, t2 2.0. Mean 1.6, advanced 2.0, quota 1.8; last month's
    # quota 1.75 is met by t2 (2.0) but not t1 (1.2); the ratchet is 1.8 / 1.75 - 1
    assert jan["average_advanced"] == pytest.approx(1.8)
    assert jan["previous_quota"] == pytest.approx(1.75)
    assert jan["quota_change_pct"] == pytest.approx((1.8 / 1.75 - 1) * 100)
    assert (jan["teams_meeting_quota"], jan["teams_meeting_previous_quota"]) == (1, 1)
    assert (jan["quota_met_share"], jan["previous_quota_met_share"]) == pytest.approx((0.5, 0.5))


def test_quotas_other_methods_and_a_lone_team(fixture_con):
    mean = productivity.quotas(fixture_con, PERIOD, "t_coal", "mean_productivity")
    assert mean["quota"].to_list() == pytest.approx([1.5, 1.6])
    assert mean["quota_change_pct"].to_list()[1] == pytest.approx((1.6 / 1.5 - 1) * 100)
    adv = productivity.quotas(fixture_con, PERIOD, "t_coal", "advanced_mean")
    assert adv["quota"].to_list() == pytest.approx([2.0, 2.0])
    assert adv["teams_meeting_quota"].to_list() == [1, 1]  # at the quota counts as meeting it
    # one power team: nobody is above the mean, so the advanced mean is the mean itself
    lone = productivity.quotas(fixture_con, PERIOD, "mwh", "average_advanced")
    assert lone["advanced_mean"].to_list() == pytest.approx([0.5, 0.6])
    assert lone["quota_met_share"].to_list() == pytest.approx([1.0, 1.0])
    assert productivity.quotas(fixture_con, PERIOD, "no-such-unit", "mean_productivity").is_empty()
    with pytest.raises(ValueError):
        productivity.quotas(fixture_con, PERIOD, "t_coal", "median")


def test_output_units_in_scope(fixture_con):
    # most teams first (t1 and t2 make coal), then by id
    got = productivity.output_units(fixture_con, PERIOD)
    assert got.select("output_unit", "teams").rows() == [("t_coal", 2), ("bale", 1), ("mwh", 1)]


def test_index_change_ranking(fixture_con):
    df = productivity.index_change_ranking(fixture_con, PERIOD)
    assert df["unit_id"].to_list() == ["u1", "u2", "u3"]
    u1 = df.row(0, named=True)
    # before joining: t1 and t2 in December, 160 + 320 index-hours in 480 hours -> 100;
    # since: t1 and t2 in January, (192 + 320) / 480 -> 106.7
    assert u1["productivity_index_before_joining"] == pytest.approx(100.0)
    assert u1["productivity_index_since_joining"] == pytest.approx(512 / 480 * 100)
    assert u1["index_change"] == pytest.approx(512 / 480 * 100 - 100)
    # the unit's plan fulfilment over the period, all teams: 16320 / 16600
    assert u1["plan_fulfilment_pct"] == pytest.approx(16320 / 16600 * 100)
    assert u1["teams_joined"] == 2
    # t3 joins on 01-20, after the period: no days since joining, so no change
    u2 = df.row(1, named=True)
    assert u2["productivity_index_before_joining"] == pytest.approx(176 / 160 * 100)
    assert u2["index_change"] is None
    # only a unit with a change is ranked
    assert productivity.with_index_change(df)["unit_id"].to_list() == ["u1"]


# --- the campaign's effect on the second fixture ------------------------------------------------
# tests/fixtures/rollout_productivity.sql: a team's index is 100 x c(w) x (1 + effect once
# joined), c(w) = 1 + 0.02 w common to all. Joining weeks (cohorts, Monday): W1 = 01-05: ra, rb
# (+10% all week), rc (+10% from Wednesday), rd (+10% from Friday), ga (+20%); W2 = 01-12: re
# (+10%); W3 = 01-19: gb, gc (+20%); W5 = 02-02: gd, ge (+20%). Seven teams never join within
# the data (gf, pa, pb, pc, la, lb, lc). Against teams not yet joined, c(w) cancels:
#   ATT(W1, W1) = [2 ln 1.1 + ln(1 + 0.1 x 5/7) + ln(1 + 0.1 x 3/7) + ln 1.2] / 5
#   ATT(W1, later) = (4 ln 1.1 + ln 1.2) / 5; ATT(W2, .) = ln 1.1; ATT(W3, .) = ATT(W5, .) = ln 1.2
#   and 0 for every week before joining.

RP_WHOLE = Filters(date(1952, 12, 29), date(1953, 6, 28))
L11, L12 = math.log(1.1), math.log(1.2)
A_W1_W1 = (2 * L11 + math.log(1 + 0.1 * 5 / 7) + math.log(1 + 0.1 * 3 / 7) + L12) / 5
A_W1 = (4 * L11 + L12) / 5


@pytest.fixture(scope="module")
def rp_con(tmp_path_factory):
    path = build_fixture_db(
        tmp_path_factory.mktemp("rp") / "rp.duckdb", FIXTURES / "rollout_productivity.sql"
    )
    c = db.connect(path)
    yield c
    c.close()


def test_effect_sample_on_the_fixture(rp_con):
    s = productivity.effect_sample(rp_con, RP_WHOLE).row(0, named=True)
    assert s == {
        "teams": 17,
        "teams_joined": 10,
        "teams_not_joined": 7,
        "cohorts": 4,
        "weeks": 26,
        "dropped_unbalanced": 0,
        "dropped_joined_before": 0,
    }


def test_campaign_effect_by_hand(rp_con):
    ev = productivity.campaign_effect(rp_con, RP_WHOLE, False)
    att = dict(zip(ev["e"].to_list(), ev["att"].to_list(), strict=True))
    # weights: cohort sizes W1 5, W2 1, W3 2, W5 2
    assert att[0] == pytest.approx((5 * A_W1_W1 + L11 + 2 * L12 + 2 * L12) / 10)
    # e = 1: (5 A_W1 + ln 1.1 + 4 ln 1.2) / 10 = (ln 1.1 + ln 1.2) / 2
    assert att[1] == pytest.approx((L11 + L12) / 2)
    assert att[20] == pytest.approx((L11 + L12) / 2)
    # weeks before joining: W2 from W0; W3 from W0, W1; W5 from W0..W3 -> e = -5..-2, all 0
    assert [e for e in att if e < 0] == [-5, -4, -3, -2, -1]
    assert all(abs(att[e]) < 1e-12 for e in (-5, -4, -3, -2, -1))
    ref = ev.filter(pl.col("e") == -1).row(0, named=True)
    assert ref["is_reference"] and ref["se"] is None
    assert ev.filter(pl.col("e") == 0)["treated_teams"].item() == 10
    # effect_pct is the change in output per hour: e = 1 is sqrt(1.1 x 1.2) - 1
    assert ev.filter(pl.col("e") == 1)["effect_pct"].item() == pytest.approx(
        (math.sqrt(1.32) - 1) * 100
    )


def test_campaign_effect_summary_by_hand(rp_con):
    s = productivity.campaign_effect_summary(rp_con, RP_WHOLE, False).row(0, named=True)
    assert (s["wave"], s["wave_teams"], s["shown"], s["settled_weeks"]) == ("all", 10, True, 12)
    # every week 9..20 holds all four cohorts: (ln 1.1 + ln 1.2) / 2
    assert s["settled_att"] == pytest.approx((L11 + L12) / 2)
    assert s["settled_low"] < s["settled_att"] < s["settled_high"]
    # the weeks before joining are exactly 0 here (no noise): the check passes outright
    assert (s["pretrend_df"], s["pretrend_p"]) == (4, 1.0)


def test_campaign_effect_by_joining_wave(rp_con, monkeypatch):
    summary = productivity.campaign_effect_summary(rp_con, RP_WHOLE, True)
    # waves by the month a joining week starts: January W1, W2, W3 (8 teams), February W5 (2)
    assert summary.select("wave", "wave_teams").rows() == [("1953-01", 8), ("1953-02", 2)]
    assert summary["shown"].to_list() == [False, False]  # fewer than MIN_WAVE_TEAMS each
    assert productivity.campaign_effect(rp_con, RP_WHOLE, True).is_empty()
    monkeypatch.setattr(productivity, "MIN_WAVE_TEAMS", 1)
    ev = productivity.campaign_effect(rp_con, RP_WHOLE, True)
    feb = ev.filter((pl.col("wave") == "1953-02") & (pl.col("e") >= 0))
    assert feb["att"].to_list() == pytest.approx([L12] * feb.height)
    jan0 = _cell(ev, wave="1953-01", e=0)
    assert jan0["att"] == pytest.approx((5 * A_W1_W1 + L11 + 2 * L12) / 8)


def test_too_small_a_selection_has_no_effect(rp_con):
    # the Rush Mine alone: its W1 teams have only re (joining in W2) to compare with
    one = Filters(RP_WHOLE.start, RP_WHOLE.end, unit_ids=("r1",))
    assert productivity.campaign_effect(rp_con, one, False).is_empty()
    s = productivity.effect_sample(rp_con, one).row(0, named=True)
    assert (s["teams_joined"], s["teams_not_joined"]) == (5, 0)
    summary = productivity.campaign_effect_summary(rp_con, one, False).row(0, named=True)
    assert summary["shown"] is False and summary["settled_att"] is None
    # a period in which nobody joins: all are 'not yet joined', no cohort at all
    quiet = Filters(date(1953, 3, 2), date(1953, 6, 28))
    assert productivity.effect_sample(rp_con, quiet)["cohorts"].item() == 0
    assert productivity.campaign_effect(rp_con, quiet, False).is_empty()


# --- the sample campaign ----------------------------------------------------------------------

SAMPLE = Filters(date(1952, 10, 1), date(1953, 12, 31))
PLANTED = math.log(1.12)  # +12% output per worker-hour once ramped up (sample_data/generate.py)
RAMP_DAYS = 56


def _planted_path(teams: pl.DataFrame, e: int, last_week: date) -> float:
    """The mean over joined teams of the log of their planted weekly factor in event week e:
    0 before joining, a linear ramp to +12% over 56 days, flat after."""
    values = []
    for joined in teams["joined_on"].drop_nulls().to_list():
        monday = joined - timedelta(days=joined.weekday()) + timedelta(days=7 * e)
        if monday > last_week:
            continue
        factors = []
        for k in range(7):
            since = (monday + timedelta(days=k) - joined).days
            factors.append(1 + 0.12 * min(since / RAMP_DAYS, 1) if since >= 0 else 1)
        values.append(math.log(sum(factors) / 7))
    return sum(values) / len(values)


def test_sample_recovers_the_planted_effect(sample_con):
    from sample_data.generate import PLANTED as GEN

    assert (GEN["productivity_effect"], GEN["productivity_ramp_days"]) == (0.12, RAMP_DAYS)
    s = productivity.campaign_effect_summary(sample_con, SAMPLE, False).row(0, named=True)
    assert s["settled_low"] <= PLANTED <= s["settled_high"]
    assert s["settled_pct"] == pytest.approx(12.0, abs=0.5)
    # the pre-trend check passes, and no week before joining differs from 0
    assert s["pretrend_df"] == 7 and s["pretrend_p"] > 0.05
    ev = productivity.campaign_effect(sample_con, SAMPLE, False)
    pre = ev.filter(pl.col("e") < -1)
    assert pre["e"].to_list() == list(range(-8, -1))
    assert (pre["ci_low"] <= 0).all() and (pre["ci_high"] >= 0).all()


def test_sample_event_study_follows_the_planted_ramp(sample_con):
    teams = pl.read_csv(campaign.SAMPLE_DIR / "teams.csv", try_parse_dates=True)
    ev = productivity.campaign_effect(sample_con, SAMPLE, False).filter(pl.col("e") >= 0)
    assert ev["e"].to_list() == list(range(0, 21))
    for e, low, high in ev.select("e", "ci_low", "ci_high").iter_rows():
        planted = _planted_path(teams, e, date(1953, 12, 28))
        assert low <= planted <= high, (e, low, planted, high)


def test_sample_effect_by_joining_wave(sample_con):
    summary = productivity.campaign_effect_summary(sample_con, SAMPLE, True)
    shown = summary.filter(pl.col("shown"))
    # waves of at least 25 teams: January to April and June
    assert shown["wave"].to_list() == ["1953-01", "1953-02", "1953-03", "1953-04", "1953-06"]
    assert (shown["settled_low"] <= PLANTED).all() and (shown["settled_high"] >= PLANTED).all()
    assert summary.filter(~pl.col("shown"))["wave_teams"].max() < productivity.MIN_WAVE_TEAMS


# --- against Polars on the raw sample files ----------------------------------------------------


@pytest.fixture(scope="module")
def raw():
    teams = pl.read_csv(campaign.SAMPLE_DIR / "teams.csv", try_parse_dates=True)
    workshops = pl.read_csv(campaign.SAMPLE_DIR / "workshops.csv")
    units = pl.read_csv(campaign.SAMPLE_DIR / "units.csv", try_parse_dates=True)
    prices = pl.read_csv(campaign.SAMPLE_DIR / "output_units.csv")
    days = pl.read_parquet(campaign.SAMPLE_DIR / "daily_output.parquet")
    base = (
        days.filter(pl.col("day").is_between(date(1952, 10, 1), date(1952, 12, 31)))
        .group_by("team_id")
        .agg(b=pl.col("output_qty").sum() / pl.col("worker_hours").sum())
    )
    full = (
        days.join(teams, on="team_id")
        .join(workshops.select("workshop_id", "unit_id"), on="workshop_id")
        .join(units.select("unit_id", "industry", "bureau_en"), on="unit_id")
        .join(prices.select("output_unit", "constant_price_yuan"), on="output_unit")
        .join(base, on="team_id", how="left")
    )
    return full


def test_sample_trend_matches_polars(sample_con, raw):
    f = Filters(date(1953, 2, 1), date(1953, 7, 31))
    got = productivity.productivity_trend(sample_con, f, "month", "industry")
    want = (
        raw.filter(pl.col("day").is_between(f.start, f.end))
        .with_columns(month=pl.col("day").dt.truncate("1mo"))
        .group_by("month", "industry")
        .agg(
            index=(pl.col("output_qty") / pl.col("b")).sum() / pl.col("worker_hours").sum() * 100,
            plan=(pl.col("output_qty") * pl.col("constant_price_yuan")).sum()
            / (pl.col("plan_qty") * pl.col("constant_price_yuan")).sum()
            * 100,
            above=(pl.col("team_plan_qty") > pl.col("plan_qty")).sum()
            / pl.col("team_plan_qty").is_not_null().sum(),
        )
    )
    assert got.height == want.height == 6 * 6
    for row in want.iter_rows(named=True):
        cell = _cell(got, period_start=row["month"], group_key=row["industry"])
        assert cell["productivity_index"] == pytest.approx(row["index"], rel=1e-9)
        assert cell["plan_fulfilment_pct"] == pytest.approx(row["plan"], rel=1e-9)
        assert cell["team_plan_above_share"] == pytest.approx(row["above"], rel=1e-9)


def test_sample_quotas_match_polars(sample_con, raw):
    q = productivity.quotas(sample_con, SAMPLE, "t_ore", "average_advanced")
    team_months = (
        raw.filter(pl.col("output_unit") == "t_ore")
        .group_by("team_id", month=pl.col("day").dt.truncate("1mo"))
        .agg(p=pl.col("output_qty").sum() / pl.col("worker_hours").sum())
    )
    for month in (date(1952, 12, 1), date(1953, 6, 1)):
        ps = team_months.filter(pl.col("month") == month)["p"]
        mean = ps.mean()
        advanced = ps.filter(ps > mean).mean()
        quota = (mean + advanced) / 2
        row = _cell(q, month=month)
        assert (row["mean_productivity"], row["advanced_mean"], row["quota"]) == pytest.approx(
            (mean, advanced, quota), rel=1e-9
        )
        assert row["teams_meeting_quota"] == (ps >= quota).sum()
        assert row["teams_with_hours"] == ps.len() == 156


def test_sample_index_change_matches_polars(sample_con, raw):
    got = productivity.index_change_ranking(sample_con, SAMPLE)
    for unit_id in ("hz-steel", "gaokeng", "heshan"):
        u = raw.filter((pl.col("unit_id") == unit_id) & pl.col("joined_on").is_not_null())
        before = u.filter(pl.col("day") < pl.col("joined_on"))
        since = u.filter(pl.col("day") >= pl.col("joined_on"))

        def index(d: pl.DataFrame) -> float:
            return (d["output_qty"] / d["b"]).sum() / d["worker_hours"].sum() * 100

        row = _cell(got, unit_id=unit_id)
        assert row["index_change"] == pytest.approx(index(since) - index(before), rel=1e-9)
    assert got["index_change"].is_sorted(descending=True, nulls_last=True)


def test_trends_are_sums_of_the_same_unit_period_rows(sample_con):
    # The cached layer fetches unit_periods once and sums it three ways: the by-unit table
    # must not depend on the grain of the rows it sums, and the trends equal their wrappers.
    f = Filters(date(1953, 1, 1), date(1953, 6, 30), industries=("coal",))
    weeks = productivity.unit_periods(sample_con, f, "week")
    months = productivity.unit_periods(sample_con, f, "month")
    by_week = productivity.team_plans_by_unit_of(weeks)
    assert by_week["team_days_plan_above"].sum() > 0
    assert by_week.equals(productivity.team_plans_by_unit_of(months))
    assert by_week.equals(productivity.team_plans_by_unit(sample_con, f))
    assert productivity.trend_of(weeks, "unit").equals(
        productivity.productivity_trend(sample_con, f, "week", "unit")
    )
    with pytest.raises(ValueError, match="grain"):
        productivity.unit_periods(sample_con, f, "day")


# --- the first view, stored at load time ----------------------------------------------------


@pytest.mark.parametrize("by_wave", [False, True])
def test_whole_campaign_effect_is_stored_at_load_as_it_is_estimated(sample_con, by_wave):
    whole = Filters(*db.run(sample_con, "campaign/data_period").row(0))
    stored = productivity.stored_campaign_effect(sample_con, whole, by_wave)
    assert stored is not None  # the real loader built sample_con
    estimated = productivity.estimate_campaign_effect(sample_con, whole, by_wave)
    for got, expected in zip(stored, estimated, strict=True):
        assert got.height > 0
        assert_frame_equal(got, expected)  # same columns, types, order and values


def test_first_view_is_served_without_estimating(sample_con, monkeypatch):
    whole = Filters(*db.run(sample_con, "campaign/data_period").row(0))

    def no_estimate(*args):
        raise AssertionError("estimated, where the stored effect should have been read")

    monkeypatch.setattr(productivity, "estimate_campaign_effect", no_estimate)
    served = productivity.campaign_effect_all(sample_con, whole, False)
    assert served.summary["wave"].to_list() == ["all"]
    with pytest.raises(AssertionError, match="estimated"):
        productivity.campaign_effect_all(sample_con, replace(whole, industries=("coal",)), False)


def test_stored_effect_is_read_only_for_the_view_it_was_stored_for(sample_con, monkeypatch):
    first, last = db.run(sample_con, "campaign/data_period").row(0)
    assert productivity.stored_campaign_effect(sample_con, Filters(first, last), False)
    for other in (
        Filters(first, last, industries=("coal",)),
        Filters(first, last, unit_ids=("hz-steel",)),
        Filters(first + timedelta(days=1), last),
        Filters(first, last - timedelta(days=1)),
    ):
        assert productivity.stored_campaign_effect(sample_con, other, False) is None
    # a database stored by other estimator code is estimated afresh, not read
    monkeypatch.setattr(productivity, "ESTIMATOR_VERSION", "other code")
    assert productivity.stored_campaign_effect(sample_con, Filters(first, last), False) is None


def test_database_built_without_a_stored_effect_is_estimated(rp_con):
    assert productivity.stored_campaign_effect(rp_con, RP_WHOLE, False) is None
    got = productivity.campaign_effect_all(rp_con, RP_WHOLE, False)
    assert got.summary["wave_teams"].to_list() == [10]


def test_stored_tables_of_another_shape_are_estimated_afresh(sample_db, tmp_path):
    copy = tmp_path / "other.duckdb"
    copy.write_bytes(sample_db.read_bytes())
    with duckdb.connect(str(copy)) as con:
        con.execute("alter table stored_effect_sample drop column estimator_version")
    _assert_estimated_live(copy)


def test_a_load_goes_on_when_the_effect_cannot_be_stored(tmp_path, monkeypatch):
    def fails(*args):
        raise ValueError("singular matrix")

    monkeypatch.setattr(productivity, "estimate_campaign_effect", fails)
    path = tmp_path / "no-effect.duckdb"
    campaign.load(campaign.SAMPLE_DIR, path)
    monkeypatch.undo()
    _assert_estimated_live(publish.current_file(path))


def _assert_estimated_live(path) -> None:
    """The database at path has no stored first view to read; the page estimates it."""
    reader = db.connect(path)
    try:
        whole = Filters(*db.run(reader, "campaign/data_period").row(0))
        assert productivity.stored_campaign_effect(reader, whole, False) is None
        assert productivity.campaign_effect_all(reader, whole, False).summary.height == 1
    finally:
        reader.close()
