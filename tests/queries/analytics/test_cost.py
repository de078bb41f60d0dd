"""The economic accounting figures (queries/analytics/cost.py): hand-worked on the fixture
campaign (tests/fixtures/campaign.sql + cost.sql), recomputed in Polars from the sample's raw
files, the planted effects of the sample recovered, and a campaign without cost data."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest

from queries.analytics import cost
from queries.analytics.filters import Filters
from queries.store import db
from sample_data import generate
from tests.conftest import FIXTURES, build_fixture_db

PLANTED = generate.PLANTED
WHOLE = Filters(date(1952, 12, 30), date(1953, 1, 11))  # the fixture data's own span


@pytest.fixture(scope="module")
def cost_con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cost")
    sql = folder / "campaign_cost.sql"
    sql.write_text((FIXTURES / "campaign.sql").read_text() + (FIXTURES / "cost.sql").read_text())
    con = db.connect(build_fixture_db(folder / "cost.duckdb", sql))
    yield con
    con.close()


def test_the_hand_worked_figures(cost_con):
    """Given the fixture's costs, expect the sums and rates worked out in tests/fixtures/cost.sql."""
    s = cost.summary_of(cost.unit_months(cost_con, WHOLE)).row(0, named=True)
    # u3's December (no output) does not count: 5 unit-months of 3 units
    assert (s["costed_months"], s["costed_units"]) == (5, 3)
    assert s["cost_yuan"] == 4000 + 3744 + 1000 + 1350 + 640
    assert s["costed_output_value_yuan"] == pytest.approx(22000)
    assert s["cost_per_100_yuan"] == pytest.approx(10734 / 22000 * 100)
    assert s["plan_cost_per_100_yuan"] == pytest.approx(10900 / 21600 * 100)
    plan_of_output = 4000 + 4600 * 8320 / 9000 + 1000 + 1200 + 640
    assert s["plan_cost_of_output_yuan"] == pytest.approx(plan_of_output)
    assert s["cost_against_plan_pct"] == pytest.approx(10734 / plan_of_output * 100)
    assert s["plan_saving_yuan"] == pytest.approx(plan_of_output - 10734)
    # baselines (December): u1 and u2 0.5 yuan per yuan of output, u3 none
    assert s["baseline_months"] == 4
    assert s["baseline_cost_of_output_yuan"] == pytest.approx(4000 + 4160 + 1000 + 1200)
    assert s["cost_reduction_yuan"] == pytest.approx(10360 - 10094)
    assert s["cost_reduction_pct"] == pytest.approx(266 / 10360 * 100)
    # funds: u1 December and January, u2 January (31-day months)
    assert s["funded_months"] == 3
    assert s["capital_turnover_days"] == pytest.approx((4000 + 3900 + 1000) * 31 / 18720)
    assert s["capital_against_verified_pct"] == pytest.approx(4900 / 5250 * 100)
    assert s["management_share"] == pytest.approx(13 / 83)
    assert s["mean_management_levels"] == pytest.approx(15 / 4)


def test_a_month_counts_when_the_period_covers_it(cost_con):
    """Given January alone, expect December's records left out; a period inside a month
    that the data do not end in has no month."""
    jan = cost.summary_of(cost.unit_months(cost_con, Filters(date(1953, 1, 1), date(1953, 1, 31))))
    assert jan["costed_months"].item() == 3
    assert jan["cost_yuan"].item() == 3744 + 1350 + 640
    dec = cost.unit_months(cost_con, Filters(date(1952, 12, 31), date(1952, 12, 31)))
    assert dec.is_empty()


def test_trend_units_and_items_are_sums_of_the_same_rows(cost_con):
    months = cost.unit_months(cost_con, WHOLE)
    trend = cost.trend_of(months)
    assert trend["month"].to_list() == [date(1952, 12, 1), date(1953, 1, 1)]
    assert trend["cost_per_100_yuan"].to_list() == pytest.approx(
        [5000 / 10000 * 100, 5734 / 12000 * 100]
    )
    by_unit = cost.by_unit_of(months)
    assert by_unit.filter(pl.col("unit_id") == "u3")["cost_reduction_pct"].item() is None
    assert by_unit["cost_yuan"].sum() == trend["cost_yuan"].sum()
    items = cost.items_of(cost.unit_month_items(cost_con, WHOLE), months)
    jan = items.filter(pl.col("month") == date(1953, 1, 1))
    assert dict(zip(jan["cost_item"], jan["cost_yuan"], strict=True)) == {
        "fuel_power": 1350,
        "materials": 1800,
        "overhead": 640,
        "wages": 1944,
    }
    assert jan["item_cost_per_100_yuan"].sum() == pytest.approx(5734 / 12000 * 100)


def test_the_unit_filter_reaches_every_figure(cost_con):
    u2 = Filters(WHOLE.start, WHOLE.end, unit_ids=("u2",))
    s = cost.summary_of(cost.unit_months(cost_con, u2)).row(0, named=True)
    assert s["cost_per_100_yuan"] == pytest.approx(2350 / 4400 * 100)
    assert s["management_share"] == pytest.approx(3 / 13)


def test_the_overview_compares_with_the_period_before(cost_con):
    k = cost.kpis(cost_con, Filters(date(1953, 1, 1), date(1953, 1, 31)))
    assert k["period"].to_list() == ["current", "previous"]
    assert k["costed_months"].to_list() == [3, 2]


def test_a_campaign_without_cost_data(fixture_con):
    """Given the plain fixture (no cost tables in its source), expect zero rows and no figure."""
    assert cost.record_counts(fixture_con) == {
        "unit_costs_rows": 0,
        "unit_funds_rows": 0,
        "unit_staff_rows": 0,
    }
    months = cost.unit_months(fixture_con, WHOLE)
    assert months.is_empty()
    s = cost.summary_of(months).row(0, named=True)
    assert s["costed_months"] == 0 and s["cost_per_100_yuan"] is None
    assert cost.campaign_effect(fixture_con, WHOLE, "all").effect.is_empty()


# --- the sample campaign: an independent recomputation and the planted effects -------------

SAMPLE_PERIOD = Filters(PLANTED["first_day"], PLANTED["last_day"])


def _raw(name: str) -> pl.DataFrame:
    from queries import contract

    folder = generate.OUT_DIR
    if name == "daily_output":
        return pl.read_parquet(folder / "daily_output.parquet")
    return pl.read_csv(folder / f"{name}.csv", schema=contract.BY_NAME[name].polars_schema)


def test_the_sample_figures_against_polars_from_the_raw_files(sample_con):
    """Every headline figure recomputed from the raw files, without the SQL."""
    team_unit = (
        _raw("teams")
        .join(_raw("workshops").select("workshop_id", "unit_id"), on="workshop_id")
        .join(_raw("output_units").select("output_unit", "constant_price_yuan"), on="output_unit")
    )
    values = (
        _raw("daily_output")
        .join(team_unit, on="team_id")
        .group_by("unit_id", month=pl.col("day").dt.truncate("1mo"))
        .agg(
            value=(pl.col("output_qty") * pl.col("constant_price_yuan")).sum(),
            plan_value=(pl.col("plan_qty") * pl.col("constant_price_yuan")).sum(),
        )
    )
    costs = (
        _raw("unit_costs")
        .group_by("unit_id", "month")
        .agg(pl.col("cost_yuan").sum(), pl.col("plan_cost_yuan").sum())
        .join(values, on=["unit_id", "month"])
        .filter(pl.col("value") > 0)
    )
    base = (
        costs.filter(pl.col("month") < date(1953, 1, 1))
        .group_by("unit_id")
        .agg(rate=pl.col("cost_yuan").sum() / pl.col("value").sum())
    )
    with_base = costs.join(base, on="unit_id")
    staff = _raw("unit_staff")
    funds = _raw("unit_funds").join(values, on=["unit_id", "month"])
    days = funds["month"].dt.month_end().dt.day()
    expect = {
        "cost_per_100_yuan": costs["cost_yuan"].sum() / costs["value"].sum() * 100,
        "cost_against_plan_pct": costs["cost_yuan"].sum()
        / (costs["plan_cost_yuan"] * costs["value"] / costs["plan_value"]).sum()
        * 100,
        "cost_reduction_pct": (
            1 - with_base["cost_yuan"].sum() / (with_base["rate"] * with_base["value"]).sum()
        )
        * 100,
        "capital_turnover_days": (funds["working_capital_yuan"] * days).sum()
        / funds["value"].sum(),
        "management_share": staff["management_staff"].sum()
        / (staff["management_staff"].sum() + staff["production_workers"].sum()),
        "mean_management_levels": staff["management_levels"].mean(),
    }
    got = cost.summary_of(cost.unit_months(sample_con, SAMPLE_PERIOD)).row(0, named=True)
    for name, value in expect.items():
        assert got[name] == pytest.approx(value, rel=1e-9), name


def test_the_sample_cost_effect_recovers_the_planted_effects(sample_con):
    """Planted: cost per unit of output -8% in gradual units and +10% in rushed ones, fully
    from the second month after the launch month. The gradual group (44 units) recovers it
    within its interval; the rushed group rests on 4 units in 2 launch months, whose base
    month's noise the interval understates, so it is held to its sign and 2.5 points."""
    summary = cost.campaign_effect(sample_con, SAMPLE_PERIOD, "rollout").summary
    by_group = {r["group"]: r for r in summary.iter_rows(named=True)}
    gradual, rushed = by_group["gradual"], by_group["rushed"]
    planted_gradual = PLANTED["cost_effect_gradual"] * 100
    assert gradual["settled_low_pct"] <= planted_gradual <= gradual["settled_high_pct"]
    assert rushed["settled_low_pct"] > 0
    assert abs(rushed["settled_pct"] - PLANTED["cost_effect_rushed"] * 100) < 2.5
    assert gradual["group_units"] == 44 and rushed["group_units"] == 4
    for row in (gradual, rushed):
        assert row["pretrend_df"] == 2 and row["pretrend_p"] >= 0.05
    pooled = cost.campaign_effect(sample_con, SAMPLE_PERIOD, "all").summary.row(0, named=True)
    assert pooled["settled_high_pct"] < 0  # most units rolled out from point to area


def test_the_sample_management_staff_fall_after_the_reform(sample_con):
    """Planted: 18 management staff per 100 production workers and 5 levels before a unit's
    launch month, 11 and 3 from it on."""
    months = cost.unit_months(sample_con, SAMPLE_PERIOD).with_columns(
        after=pl.col("month") >= pl.col("launched_on").dt.truncate("1mo")
    )
    split = cost._summed(months.filter(pl.col("launched_on").is_not_null()), ["after"])
    before = split.filter(~pl.col("after")).row(0, named=True)
    after = split.filter(pl.col("after")).row(0, named=True)
    ratio = lambda r: r["management_staff"] / r["production_workers"]  # noqa: E731
    assert ratio(before) == pytest.approx(PLANTED["management_ratio_before"], abs=0.005)
    assert ratio(after) == pytest.approx(PLANTED["management_ratio_after"], abs=0.005)
    assert before["mean_management_levels"] == PLANTED["management_levels_before"]
    assert after["mean_management_levels"] == PLANTED["management_levels_after"]
    assert not math.isnan(after["management_share"])


def test_the_units_records_carry_its_cost_tables(cost_con):
    """The unit page's download (queries/export.py writers) holds the months of the period."""
    import io
    import zipfile

    from queries.analytics import unit

    tables = unit.records(cost_con, "u1", WHOLE)
    # months that begin in the period: January only (December begins before 1952-12-30)
    assert tables["unit_costs"]["cost_yuan"].to_list() == [1800, 1944]
    assert tables["unit_staff"].height == 1
    with zipfile.ZipFile(io.BytesIO(unit.records_zip(cost_con, "u1", WHOLE))) as z:
        assert z.read("unit_costs.csv").decode().count("\n") == 3
