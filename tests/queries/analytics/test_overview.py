"""Overview queries on the hand-built campaign (tests/fixtures/campaign.sql), worked by hand.

Period 1953-01-10..1953-01-11 unless stated. By team, over those two days:
  t1 (u1, coal 10 yuan/t):  output 192 t, plan 200 t, 160 h, baseline 1 t/h -> 192 index-h
  t2 (u1, coal):            output 640 t, plan 700 t, 320 h, baseline 2 t/h -> 320 index-h
  t3 (u2, power 50 yuan):   output 48 MWh, plan 40, 80 h, baseline 0.5/h -> 96 index-h
  t4 (u3, yarn 100 yuan):   output 12.8 bales, plan 10, 128 h, no baseline (made nothing)
Rejected / inspected: t1 8 / 192 t, t2 6 / 200 t, t3 not inspected, t4 3.2 / 12.8 bales.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from queries.analytics import overview
from queries.analytics.filters import Filters

PERIOD = Filters(date(1953, 1, 10), date(1953, 1, 11))
COAL = "Central-South Coal Industry Administration Bureau"


def _current(con, f):
    rows = overview.kpis(con, f)
    return rows.filter(rows["period"] == "current").row(0, named=True)


def test_kpis_whole_scope(fixture_con):
    k = _current(fixture_con, PERIOD)
    assert (k["units_launched"], k["units_total"]) == (1, 3)  # u2 launches on 01-20
    assert (k["members_covered"], k["members_total"]) == (30, 43)
    # value: 1920 + 6400 + 2400 + 1280 = 12000; plan: 2000 + 7000 + 2000 + 1000 = 12000
    assert k["plan_fulfilment_pct"] == pytest.approx(100.0)
    # (192 + 320 + 96) / (160 + 320 + 80): t4 has no baseline, so neither its output nor hours
    assert k["productivity_index"] == pytest.approx(608 / 560 * 100)
    # weighed in yuan: rejected 80 + 60 + 320 of inspected 1920 + 2000 + 1280 (t3 uninspected)
    assert (k["rejected_value_yuan"], k["inspected_value_yuan"]) == pytest.approx((460, 5200))
    assert k["defect_rate"] == pytest.approx(460 / 5200)
    # a1 (injured) and a2 (death) count; a3 injured nobody; a4 is before the period
    assert k["injury_accidents"] == 2
    assert k["worker_hours"] == pytest.approx(688)
    assert k["accident_frequency_rate"] == pytest.approx(2 / 688 * 1e6)
    assert (k["deaths"], k["lost_days"]) == (1, 6003)
    assert k["submitted_proposals"] == 1  # p3
    assert (k["decided_proposals"], k["adopted_proposals"], k["implemented_proposals"]) == (2, 1, 1)
    assert k["adoption_rate"] == pytest.approx(0.5)
    assert k["adoption_rate_is_small"] is True


def test_previous_period_has_equal_length_and_no_output(fixture_con):
    rows = overview.kpis(fixture_con, PERIOD)
    prev = rows.filter(rows["period"] == "previous").row(0, named=True)
    assert (prev["start_on"], prev["end_on"]) == (date(1953, 1, 8), date(1953, 1, 9))
    assert prev["days_with_output"] == 0
    assert prev["plan_fulfilment_pct"] is None  # zero denominator -> no rate, not 0
    assert prev["members_covered"] == 10  # t1 had joined on 01-05


def test_kpis_one_bureau(fixture_con):
    k = _current(fixture_con, Filters(PERIOD.start, PERIOD.end, bureaus=(COAL,)))
    assert (k["units_launched"], k["units_total"]) == (1, 1)
    assert k["plan_fulfilment_pct"] == pytest.approx(8320 / 9000 * 100)
    assert k["productivity_index"] == pytest.approx(512 / 480 * 100)
    assert k["defect_rate"] == pytest.approx(14 / 392)
    assert k["accident_frequency_rate"] == pytest.approx(2 / 480 * 1e6)


def test_kpis_empty_scope_is_zero_not_error(fixture_con):
    k = _current(fixture_con, Filters(PERIOD.start, PERIOD.end, industries=("no-such",)))
    assert k["units_total"] == 0
    assert k["plan_fulfilment_pct"] is None
    assert k["coverage_share"] is None


def test_coverage_by_day_counts_joins_before_and_during_the_period(fixture_con):
    cov = overview.coverage_by_day(fixture_con, Filters(date(1953, 1, 4), date(1953, 1, 20)))
    by_day = {r["day"]: r for r in cov.iter_rows(named=True)}
    assert len(by_day) == 17
    jan4, jan5, jan20 = (
        by_day[date(1953, 1, 4)],
        by_day[date(1953, 1, 5)],
        by_day[date(1953, 1, 20)],
    )
    assert (jan4["members_covered"], jan4["teams_covered"], jan4["units_covered"]) == (0, 0, 0)
    assert (jan5["members_covered"], jan5["teams_covered"], jan5["workshops_covered"]) == (10, 1, 1)
    assert (jan20["members_covered"], jan20["teams_covered"], jan20["units_covered"]) == (35, 3, 2)
    assert jan20["coverage_share"] == pytest.approx(35 / 43)
    assert jan20["unit_coverage_share"] == pytest.approx(2 / 3)
    # a period that starts after the joins still starts from them
    late = overview.coverage_by_day(fixture_con, Filters(date(1953, 1, 21), date(1953, 1, 21)))
    assert late.row(0, named=True)["members_covered"] == 35


def test_events_in_scope(fixture_con):
    ids = overview.coverage_events(fixture_con, PERIOD, 10)["event_id"].to_list()
    assert ids == ["e4", "e3"]  # bureau-wide events of bureaus in scope, by date
    power_only = Filters(PERIOD.start, PERIOD.end, industries=("power",))
    assert overview.coverage_events(fixture_con, power_only, 1).is_empty()
    whole = Filters(date(1952, 8, 1), date(1953, 1, 31))
    assert overview.coverage_events(fixture_con, whole, 3)["event_id"].to_list() == [
        "e1",
        "e2",
        "e4",
        "e3",
    ]
    # with many units in scope, unit launches are left off the chart
    assert "e2" not in overview.coverage_events(fixture_con, whole, 40)["event_id"].to_list()


def test_unit_ranking_orders_by_plan_fulfilment(fixture_con):
    ranked = overview.unit_ranking(fixture_con, PERIOD)
    assert ranked["unit_id"].to_list() == ["u3", "u2", "u1"]
    assert ranked["plan_fulfilment_pct"].to_list() == pytest.approx([128.0, 120.0, 8320 / 90])
    u2 = ranked.row(1, named=True)
    assert u2["defect_rate"] is None  # power output is never inspected
    assert u2["accident_frequency_rate"] == 0.0  # a3 injured nobody
    # every unit had a plan in the period: all three are ranked
    assert overview.with_plan(ranked)["unit_id"].to_list() == ["u3", "u2", "u1"]
    planless = ranked.with_columns(plan_value_yuan=ranked["plan_value_yuan"] * pl.Series([1, 0, 1]))
    assert overview.with_plan(planless)["unit_id"].to_list() == ["u3", "u1"]


def test_bureau_ranking_sums_units_before_dividing(fixture_con):
    ranked = overview.bureau_ranking(fixture_con, Filters(date(1952, 12, 30), date(1953, 1, 11)))
    coal = ranked.filter(ranked["bureau_en"] == COAL).row(0, named=True)
    # u1 over four days: (1600 + 1920) + (6400 + 6400) over (1600 + 2000) + (6000 + 7000)
    assert coal["plan_fulfilment_pct"] == pytest.approx(16320 / 16600 * 100)
    assert coal["units"] == 1
    assert ranked["bureau_en"].to_list()[0] == "Central-South Electricity Administration Bureau"
