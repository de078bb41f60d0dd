"""The alert rules on the hand-built fixture (tests/fixtures/alerts.sql): each fires exactly
where it was planted, with the figures worked out by hand, and clears when put right; on
the sample campaign the rushed units and their accident rise raise alerts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from queries.alerts import config, history, rules
from queries.analytics import quality, rollout
from queries.analytics.filters import Filters
from queries.store import db
from tests.queries.alerts.conftest import build, fixes

WHOLE = Filters(date(1952, 12, 1), date(1953, 3, 29))
PLANTED = {
    "rushed:a1": "medium",
    "accident_rate:a1": "high",
    "death:a2:ad01": "high",
    "below_plan:a3": "medium",
    "productivity_fall:a4": "medium",
    "overdue_proposals:a5": "low",
}
CFG = config.AlertsConfig()


def _by_id(df: pl.DataFrame) -> dict[str, dict]:
    return {r["alert_id"]: r | {"figures": json.loads(r["figures"])} for r in df.to_dicts()}


def test_every_rule_fires_where_planted_and_nowhere_else(planted_con):
    got = rules.evaluate(planted_con, WHOLE, CFG)
    assert dict(zip(got["alert_id"], got["severity"], strict=True)) == PLANTED
    # highest severity first, then the newest period (the accident window ends 03-29)
    assert got["alert_id"].to_list()[:2] == ["accident_rate:a1", "death:a2:ad01"]
    assert got["alert_id"].to_list()[-1] == "overdue_proposals:a5"


def test_figures_periods_and_links_hand_worked(planted_con):
    a = _by_id(rules.evaluate(planted_con, WHOLE, CFG))
    rushed = a["rushed:a1"]
    # all four teams joined between 02-02 and 02-04
    assert rushed["figures"] == {
        "share": 1.0,
        "teams_in_7_days": 4,
        "teams_total": 4,
        "threshold": 0.6,
    }
    assert (rushed["view"], rushed["link"]) == ("rollout", "unit=a1")
    acc = a["accident_rate:a1"]
    # before: 63 days (12-01..02-01, the 90-day window clipped to the data) x 320 hours with
    # 2 accidents; after: 54 days (02-04..03-29) x 320 hours with 20
    assert acc["figures"]["observed"] == 20
    assert acc["figures"]["expected"] == pytest.approx(22 * 54 / (63 + 54), abs=1e-5)
    assert acc["figures"]["rate_before"] == pytest.approx(2 / (63 * 320) * 1e6, abs=1e-5)
    assert acc["figures"]["rate_after"] == pytest.approx(20 / (54 * 320) * 1e6, abs=1e-5)
    assert acc["figures"]["level"] == "99.8"
    assert (acc["period_start"], acc["period_end"]) == (date(1953, 2, 4), date(1953, 3, 29))
    assert acc["view"] == "quality"
    death = a["death:a2:ad01"]
    assert death["figures"]["deaths"] == 1
    assert death["link"] == "unit=a2&period=1953-03-20&period=1953-03-20"
    plan = a["below_plan:a3"]
    # the last three weeks at 80 made against 96 planned a day
    assert plan["figures"]["weeks"] == 3
    assert plan["figures"]["fulfilment_pct"] == pytest.approx(100 / 1.2, abs=1e-4)
    assert (plan["period_start"], plan["period_end"]) == (date(1953, 3, 9), date(1953, 3, 29))
    assert plan["link"] == "unit=a3&period=1953-03-09&period=1953-03-29"
    fall = a["productivity_fall:a4"]
    assert fall["figures"]["index_before"] == pytest.approx(100)
    assert fall["figures"]["index_since"] == pytest.approx(90)
    assert fall["figures"]["change"] == pytest.approx(-10)
    late = a["overdue_proposals:a5"]
    assert late["figures"] == {"days": 30, "oldest_age_days": 78, "proposals": 1}
    assert (late["period_start"], late["view"]) == (date(1953, 1, 10), "proposals")


@pytest.mark.parametrize("alert_id", sorted(PLANTED))
def test_each_alert_clears_when_its_condition_is_fixed(tmp_path, alert_id):
    path = build(tmp_path, "one_fixed", fixes()[alert_id])
    con = db.connect(path)
    try:
        got = set(rules.evaluate(con, WHOLE, CFG)["alert_id"])
    finally:
        con.close()
    assert got == set(PLANTED) - {alert_id}


def test_nothing_fires_when_everything_is_fixed(fixed_db):
    con = db.connect(fixed_db)
    try:
        assert rules.evaluate(con, WHOLE, CFG).is_empty()
    finally:
        con.close()


def test_a_scope_keeps_its_units_alerts(planted_con):
    got = rules.evaluate(planted_con, replace(WHOLE, bureaus=("Bureau A",)), CFG)
    assert set(got["alert_id"]) == {"rushed:a1", "accident_rate:a1", "below_plan:a3"}


def test_thresholds_come_from_the_configuration(planted_con):
    cfg = config.parse(
        {
            "rushed": {"threshold": 1.0},
            "below_plan": {"weeks": 4},
            "death": {"enabled": False},
            "overdue_proposals": {"days": 80},
            "productivity_fall": {"min_drop_points": 10.0},
        },
        "test",
    )
    # a share of 100% is not more than 100%; three weeks are not four; 78 days are not 80;
    # a fall of exactly 10 points is not more than 10
    assert set(rules.evaluate(planted_con, WHOLE, cfg)["alert_id"]) == {"accident_rate:a1"}


def test_a_death_older_than_recent_days_raises_nothing(planted_con):
    cfg = config.parse({"death": {"recent_days": 9}}, "test")  # 03-21..03-29
    assert "death:a2:ad01" not in set(rules.evaluate(planted_con, WHOLE, cfg)["alert_id"])


def test_complete_weeks():
    assert rules.complete_weeks(WHOLE) == (date(1952, 12, 1), date(1953, 3, 29))
    assert rules.complete_weeks(Filters(date(1953, 1, 7), date(1953, 1, 31))) == (
        date(1953, 1, 12),
        date(1953, 1, 25),
    )
    assert rules.complete_weeks(Filters(date(1953, 1, 6), date(1953, 1, 10))) is None


def test_sample_rushed_units_and_their_accident_rise_raise_alerts(sample_con):
    """The loader stored the alerts; the rushed ones are exactly the Rollout page's rushed
    units, and the rushed units' accident rise above the Quality page's limits is raised."""
    episodes, runs = history.read(sample_con)
    assert runs.height == 1 and runs["open_alerts"][0] == episodes.height
    open_ = episodes.filter(pl.col("cleared_at").is_null())
    f = history.whole_period(sample_con)
    flagged = rollout.rushed_units(sample_con, f, rollout.RUSHED_THRESHOLD).filter("rushed")
    rushed = set(flagged["unit_id"])
    assert rushed == {"gaokeng", "gz-machinery", "heshan", "shenxin-4"}
    by_rule = open_.group_by("rule").agg(pl.col("unit_id"))
    units = dict(zip(by_rule["rule"], by_rule["unit_id"].to_list(), strict=True))
    assert set(units["rushed"]) == rushed
    compared = quality.before_after(sample_con, f)
    over_95 = set(compared.filter("accident_warning")["unit_id"])
    assert set(units["accident_rate"]) == over_95 == {"gaokeng", "heshan"}
    assert over_95 <= rushed
    severity = dict(zip(open_["alert_id"], open_["severity"], strict=True))
    assert severity["accident_rate:gaokeng"] == "high"  # above the 99.8% limit
    assert severity["accident_rate:heshan"] == "medium"  # above the 95% limit only
    assert set(units["defect_rate"]) == set(compared.filter("defect_warning")["unit_id"])
