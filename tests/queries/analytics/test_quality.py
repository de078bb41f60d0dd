"""Quality and safety queries, worked by hand, and the control limits checked by hand.

Two fixtures: the shared campaign (tests/fixtures/campaign.sql, figures as in
test_overview.py) and the same campaign with tests/fixtures/quality.sql added, whose units
u4 (rushed) and u5 (gradual) sit in their own 'Fixture Bureau':

  u4, coal at 10 yuan/t, teams t5 and t6 joined 1953-01-05 and -06:
    before (1952-12-30): 200 t in 200 h, 20 t rejected of 2000 t inspected, 2 accidents
    after  (1953-01-10): 240 t in 200 h, 60 t rejected of 2000 t inspected, 20 accidents
  u5, machine parts at 20 yuan, teams t7 and t8 joined 1953-01-05 and 1953-02-20:
    before (1952-12-30): 100 parts in 200 h, 2 rejected of 100, no accident
    after  (1953-03-01): 115 parts in 200 h, 2 rejected of 100, 2 injury accidents and
                         one that hurt nobody
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from queries.analytics import quality
from queries.analytics.filters import Filters
from queries.store import db
from tests.conftest import FIXTURES, build_fixture_db

FIXTURE_BUREAU = "Fixture Bureau"
WHOLE = Filters(date(1952, 12, 1), date(1953, 12, 31))
OURS = Filters(WHOLE.start, WHOLE.end, bureaus=(FIXTURE_BUREAU,))


def build_quality_db(folder: Path) -> Path:
    """campaign.sql with quality.sql added, built the way the loader builds a database."""
    sql = folder / "campaign_quality.sql"
    sql.write_text((FIXTURES / "campaign.sql").read_text() + (FIXTURES / "quality.sql").read_text())
    return build_fixture_db(folder / "quality.duckdb", sql)


@pytest.fixture(scope="module")
def qcon(tmp_path_factory):
    con = db.connect(build_quality_db(tmp_path_factory.mktemp("quality")))
    yield con
    con.close()


def _row(df: pl.DataFrame, unit_id: str) -> dict:
    return df.filter(pl.col("unit_id") == unit_id).row(0, named=True)


# --- the limits, by hand --------------------------------------------------------------------


def _binomial_quantile(n: int, p: float, q: float) -> int:
    """The smallest k with P(X <= k) >= q, summing the binomial's terms with math.comb."""
    cdf = 0.0
    for k in range(n + 1):
        cdf += math.comb(n, k) * p**k * (1 - p) ** (n - k)
        if cdf >= q - 1e-12:
            return k
    return n


def test_binomial_limit_hand_worked():
    # given 16 events, each after joining with chance 1/2
    # P(X >= 15) = (C(16,15) + C(16,16)) / 2^16 = 17 / 65536 = 0.00026
    # P(X >= 14) = (120 + 17) / 65536 = 0.00209, so cdf(13) = 0.99791 < 0.999 <= cdf(14)
    # expect the 99.8% limit (0.999 quantile) to be 14
    assert quality.binomial_limit(16, 0.5, 0.999) == 14
    # 22 events: P(X >= 19) = (1540 + 231 + 22 + 1) / 2^22 = 0.00043 and
    # P(X >= 18) = (7315 + 1794) / 2^22 = 0.00217, so the 0.999 quantile is 18; and
    # P(X >= 17) = 0.00845, P(X >= 16) = 0.02624, so the 0.975 quantile is 16
    assert quality.binomial_limit(22, 0.5, 0.999) == 18
    assert quality.binomial_limit(22, 0.5, 0.975) == 16
    # two events in all can never be flagged: the limit is both of them
    assert quality.binomial_limit(2, 0.5, 0.999) == 2


@pytest.mark.parametrize(
    ("n", "p"), [(1, 0.3), (5, 0.5), (9, 0.42), (40, 0.5), (80, 0.5), (150, 0.61), (300, 0.05)]
)
@pytest.mark.parametrize("q", [0.001, 0.025, 0.975, 0.999])
def test_binomial_limit_matches_a_direct_sum(n, p, q):
    assert quality.binomial_limit(n, p, q) == _binomial_quantile(n, p, q)


def test_nothing_to_test_gives_no_limit():
    assert quality.binomial_limit(0, 0.5, 0.999) is None
    assert quality.binomial_limit(10, 0.0, 0.999) is None
    assert quality.binomial_limit(None, 0.5, 0.999) is None
    # no exposure in one window: nothing to compare
    assert quality.change_test(3, 0, 100, 0)[1:] == (None, None, None)


def test_effective_count_of_one_and_of_two_products():
    # one product: sum(q·p)² / sum(q·p²) = (100·10)² / (100·10²) = 100, the quantity itself
    assert quality.effective_count(1000, 10_000) == pytest.approx(100)
    # 100 t of coal at 10 yuan and 50 parts at 20 yuan: value 2000, value × price
    # 100·10·10 + 50·20·20 = 30000 -> 2000² / 30000 = 133.3 (between 100 and 150 pieces)
    assert quality.effective_count(2000, 30_000) == pytest.approx(4_000_000 / 30_000)
    assert quality.effective_count(0, 0) is None


def test_change_test_hand_worked():
    # given 2 accidents in 200 h before and 20 in 200 h after
    pooled, expected, up95, up998 = quality.change_test(2, 20, 200, 200)
    # expect the pooled rate 22 / 400, expected 22 × 200/400 = 11, limits as above
    assert pooled == pytest.approx(22 / 400)
    assert expected == pytest.approx(11)
    assert (up95, up998) == (16, 18)


# --- before and after joining -----------------------------------------------------------------


def test_before_after_rushed_unit(qcon):
    u4 = _row(quality.before_after(qcon, OURS), "u4")
    # windows: 90 days before 01-05, clipped to the period from 12-01; 90 days from 01-06
    assert (u4["before_start_on"], u4["before_end_on"]) == (date(1952, 12, 1), date(1953, 1, 4))
    assert (u4["after_start_on"], u4["after_end_on"]) == (date(1953, 1, 6), date(1953, 4, 5))
    assert (u4["before_days_in_period"], u4["after_days_in_period"]) == (35, 90)
    # index: 200 t / 1 t/h baseline = 200 baseline-hours in 200 h -> 100; after 240 -> 120
    assert u4["before_productivity_index"] == pytest.approx(100)
    assert u4["after_productivity_index"] == pytest.approx(120)
    assert u4["productivity_index_change"] == pytest.approx(20)
    # rejects: 20 of 2000 t (1%) -> 60 of 2000 t (3%), +2 percentage points
    assert u4["defect_rate_change"] == pytest.approx(0.02)
    # accidents: 2 and 20 in 200 h each: 10,000 and 100,000 per 1M h
    assert u4["accident_frequency_rate_change"] == pytest.approx(90_000)
    # control limits: accidents 22 in all, half the hours after -> 11 expected, limit 18
    assert (u4["accident_expected"], u4["accident_observed"]) == (11, 20)
    assert u4["accident_upper_998"] == 18
    assert u4["accident_worse"] is True
    # rejects counted in tonnes: 20 + 60 = 80, half the inspected tonnes after -> 40
    # expected, 60 observed; the limit is Binomial(80, 1/2)'s 0.999 quantile
    assert u4["defect_count_after"] == pytest.approx(2000)
    assert (u4["defect_expected"], u4["defect_observed"]) == pytest.approx((40, 60))
    assert u4["defect_upper_998"] == _binomial_quantile(80, 0.5, 0.999) == 54
    # the limit as a rate after joining: 54 of the 2000 tonnes inspected
    assert u4["defect_rate_limit_998"] == pytest.approx(54 / 2000)
    assert u4["defect_worse"] is True
    assert u4["flagged"] is True


def test_before_after_gradual_small_unit_is_not_flagged_for_noise(qcon):
    u5 = _row(quality.before_after(qcon, OURS), "u5")
    # after window from the last join (02-20), not the first
    assert u5["after_start_on"] == date(1953, 2, 20)
    # index: 100 parts / 0.5 parts/h = 200 baseline-hours in 200 h -> 100; after
    # (60 + 55) / 0.5 = 230 in 200 h -> 115
    assert u5["productivity_index_change"] == pytest.approx(15)
    assert u5["defect_rate_change"] == pytest.approx(0)  # 2 of 100 parts both times
    # 0 -> 2 injury accidents (the third hurt nobody): a rate rising from nothing, but 2
    # events in all, both after, is a one-in-four chance, so no flag and no warning
    assert (u5["before_injury_accidents"], u5["after_injury_accidents"]) == (0, 2)
    assert u5["accident_frequency_rate_change"] == pytest.approx(2 / 200 * 1e6)
    assert u5["accident_upper_998"] == 2
    assert u5["accident_worse"] is False and u5["accident_warning"] is False
    assert u5["defect_worse"] is False
    assert u5["productivity_rose"] is True
    assert u5["flagged"] is False


def test_before_after_campaign_fixture(fixture_con):
    df = quality.before_after(fixture_con, Filters(date(1952, 12, 1), date(1953, 1, 31)))
    # u3 never had a team join: no windows
    assert df["unit_id"].to_list() == ["u1", "u2"]
    u1, u2 = _row(df, "u1"), _row(df, "u2")
    # u1: before 12-30/31: index (160 + 320) / 480; after 01-10/11: (192 + 320) / 480
    assert u1["productivity_index_change"] == pytest.approx(512 / 480 * 100 - 100)
    # defects: 60 yuan of 3600 before, 140 of 3920 after
    assert u1["before_defect_rate"] == pytest.approx(60 / 3600)
    assert u1["after_defect_rate"] == pytest.approx(140 / 3920)
    # a4 (12-31) before; a1 and a2 after: 3 in all, 1.5 expected, limit 3
    assert (u1["before_injury_accidents"], u1["after_injury_accidents"]) == (1, 2)
    assert u1["accident_upper_998"] == 3 and u1["flagged"] is False
    # u2's only team joined 01-20: its after window (01-20..01-31) has no output
    assert u2["after_days_with_output"] == 0 and u2["comparable"] is False
    assert u2["productivity_index_change"] is None and u2["flagged"] is False
    # so only u1 is placed on the charts: its rejects and accidents are expected to be some
    for kind in ("defect", "accident"):
        assert quality.tradeoff_points(df, kind)["unit_id"].to_list() == ["u1"]
        assert quality.funnel_points(df, kind)["unit_id"].to_list() == ["u1"]


def test_windows_follow_the_period(qcon):
    # a period starting after u4's before-window has nothing to compare u4 with
    late = Filters(date(1953, 1, 6), date(1953, 12, 31), bureaus=(FIXTURE_BUREAU,))
    u4 = _row(quality.before_after(qcon, late), "u4")
    assert u4["before_days_in_period"] == 0 and u4["comparable"] is False


def test_flagged_units(qcon):
    got = quality.flagged_units(qcon, OURS)
    assert got["unit_id"].to_list() == ["u4"]
    # the larger of the two rises: accidents 20 / 11 against rejects 60 / 40
    assert got["worst_ratio"][0] == pytest.approx(20 / 11)


def test_funnel_lines(qcon):
    lines = quality.funnel_lines(qcon, OURS)
    acc = lines.filter(pl.col("metric") == "accident")
    # drawn at whole totals N with expected N / 2: at N = 22 the 99.8% limit is 18
    at_11 = acc.filter(pl.col("expected") == 11)
    got = dict(zip(at_11["limit"], at_11["ratio"], strict=True))
    assert got["upper_998"] == pytest.approx(18 / 11)
    assert got["upper_95"] == pytest.approx(16 / 11)
    assert set(lines["limit"]) == {"lower_998", "lower_95", "upper_95", "upper_998"}
    # both metrics, and the lines reach past the largest expected count
    assert set(lines["metric"]) == {"accident", "defect"}
    assert lines.filter(pl.col("metric") == "defect")["expected"].max() >= 40


# --- rushed against gradual -----------------------------------------------------------------


def test_rushed_vs_gradual(qcon):
    df = quality.rushed_vs_gradual(qcon, OURS, 0.6)
    assert df.select("rollout", "phase", "units").rows() == [
        ("rushed", "before", 1),
        ("rushed", "after", 1),
        ("gradual", "before", 1),
        ("gradual", "after", 1),
    ]
    got = {(r["rollout"], r["phase"]): r for r in df.iter_rows(named=True)}
    # u4 (both teams within 2 days): 200 of 20,000 yuan -> 600 of 20,000
    assert got["rushed", "before"]["defect_rate"] == pytest.approx(0.01)
    assert got["rushed", "after"]["defect_rate"] == pytest.approx(0.03)
    assert got["rushed", "after"]["accident_frequency_rate"] == pytest.approx(20 / 200 * 1e6)
    # u5 (one team of two within any 7 days, 50%): 40 of 2,000 yuan both times
    assert got["gradual", "after"]["defect_rate"] == pytest.approx(0.02)
    assert got["gradual", "before"]["accident_frequency_rate"] == 0
    # at a 50% threshold u5 is not rushed either (the share must exceed it); below, it is
    assert quality.rushed_vs_gradual(qcon, OURS, 0.5)["units"].to_list() == [1, 1, 1, 1]
    low = quality.rushed_vs_gradual(qcon, OURS, 0.4)
    assert low.select("rollout", "units").unique().rows() == [("rushed", 2)]


# --- over time, accidents -----------------------------------------------------------------


def test_over_time_whole_scope_by_month(fixture_con):
    df = quality.over_time(fixture_con, Filters(date(1952, 12, 1), date(1953, 1, 31)), "month")
    dec, jan = df.row(0, named=True), df.row(1, named=True)
    assert (dec["period_start"], jan["period_start"]) == (date(1952, 12, 1), date(1953, 1, 1))
    # December: t1 40 + t2 20 yuan rejected of 1600 + 2000 inspected; a4 in 688 h
    assert dec["defect_rate"] == pytest.approx(60 / 3600)
    assert dec["accident_frequency_rate"] == pytest.approx(1 / 688 * 1e6)
    assert dec["severity_rate"] == pytest.approx(30 / 688 * 1e6)
    # January as on the Overview: 460 of 5200, a1 and a2, one death, 6003 days lost
    assert jan["defect_rate"] == pytest.approx(460 / 5200)
    assert (jan["injury_accidents"], jan["deaths"], jan["lost_days"]) == (2, 1, 6003)
    assert df["groups_in_scope"].unique().to_list() == [1]


def test_over_time_by_industry_and_top_units(fixture_con):
    f = Filters(date(1952, 12, 1), date(1953, 1, 31))
    coal = quality.over_time(fixture_con, f, "month", "industry").filter(
        pl.col("group_id") == "coal"
    )
    assert coal["defect_rate"].to_list() == pytest.approx([60 / 3600, 140 / 3920])
    assert coal["worker_hours"].to_list() == [480, 480]
    # one line kept of three: the unit with the most hours (u1, 960)
    top = quality.over_time(fixture_con, f, "week", "unit", top=1)
    assert top["group_id"].unique().to_list() == ["u1"]
    assert top["groups_in_scope"][0] == 3
    assert top["group_en"][0] == "No. 1 Coal Mine"
    with pytest.raises(ValueError):
        quality.over_time(fixture_con, f, "day")


def test_accidents_by_cause_and_list(fixture_con):
    f = Filters(date(1953, 1, 10), date(1953, 1, 11))
    causes = quality.accidents_by_cause(fixture_con, f)
    assert causes.select("cause", "harm", "accidents", "deaths", "lost_days").rows() == [
        ("electrical", "no_injury", 1, 0, 0),  # a3 hurt nobody
        ("gas", "fatal", 1, 1, 6000),
        ("roof_fall", "minor", 1, 0, 3),
    ]
    listed = quality.accidents(fixture_con, f)
    assert listed["accident_id"].to_list() == ["a2", "a3", "a1"]  # newest first
    # each accident's harm, by the rule accidents_by_cause counts with
    assert listed["harm"].to_list() == ["fatal", "no_injury", "minor"]
    # the chart's order: fewest first, ties by code from the end of the alphabet
    assert quality.cause_order(causes) == ["roof_fall", "gas", "electrical"]
    assert listed.filter(pl.col("accident_id") == "a2")["team_en"][0] is None
    assert listed.filter(pl.col("accident_id") == "a1")["description_zh"][0] == "落石砸伤"


def test_empty_scope(fixture_con):
    f = Filters(date(1952, 12, 1), date(1953, 1, 31), industries=("no-such",))
    assert quality.before_after(fixture_con, f).is_empty()
    assert quality.flagged_units(fixture_con, f).is_empty()
    assert quality.over_time(fixture_con, f).is_empty()
    assert quality.accidents_by_cause(fixture_con, f).is_empty()
    assert quality.rushed_vs_gradual(fixture_con, f).is_empty()
    assert quality.funnel_lines(fixture_con, f).is_empty()


def test_the_counts_behind_each_measure_over_time():
    # a rate's own numerator and denominator; deaths are counted against worker-hours
    assert quality.counts_of("defect_rate") == ("rejected_value_yuan", "inspected_value_yuan")
    assert quality.counts_of("accident_frequency_rate") == ("injury_accidents", "worker_hours")
    assert quality.counts_of("severity_rate") == ("lost_days", "worker_hours")
    assert quality.counts_of("deaths") == ("deaths", "worker_hours")


def test_an_accident_that_hurt_nobody_is_no_injury_whatever_its_severity():
    given = pl.DataFrame(
        {
            "severity": ["minor", "serious", "fatal", None],
            # derive.sql's flag (injured + deaths > 0, tested in tests/queries/sql)
            "is_injury_accident": [False, True, True, True],
        }
    )
    assert given.select(quality.harm().alias("harm"))["harm"].to_list() == [
        "no_injury",
        "serious",
        "fatal",
        None,
    ]


def test_the_charts_place_comparable_units_with_something_to_show():
    compared = pl.DataFrame(
        {
            "unit_id": ["a", "b", "c"],
            "comparable": [True, True, False],
            "defect_rate_change": [0.01, None, 0.02],  # b's output was never inspected
            "defect_expected": [2.0, None, 1.0],
            "accident_expected": [0.0, 3.0, 1.0],  # a had no accidents in either window
        }
    )
    assert quality.tradeoff_points(compared, "defect")["unit_id"].to_list() == ["a"]
    assert quality.tradeoff_points(compared, "accident")["unit_id"].to_list() == ["a", "b"]
    assert quality.funnel_points(compared, "defect")["unit_id"].to_list() == ["a"]
    assert quality.funnel_points(compared, "accident")["unit_id"].to_list() == ["b"]
