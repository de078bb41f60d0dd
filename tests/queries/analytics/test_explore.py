"""Explore's builder on the hand-built campaign (tests/fixtures/campaign.sql), worked by hand;
its whitelists against hostile names and values; and its figures on the sample campaign
against Polars on the raw files.

In the period 1953-01-10..11 the fixture's team-days are (output, plan, hours, inspected,
rejected; price per unit):
  t1 (u1 coal, t_coal ¥10, baseline 1 t/h)   96, 100,  80,  96, 4     on both days
  t2 (u1 coal, t_coal ¥10, baseline 2 t/h)  320, 350, 160, 100, 3     on both days
  t3 (u2 power, mwh ¥50, baseline 0.5/h)     24,  20,  40,   0, 0     on both days
  t4 (u3 cotton, bale ¥100, no baseline)    6.4,   5,  64, 6.4, 1.6   on both days
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from queries import campaign, contract
from queries.analytics import explore
from queries.analytics.explore import Filter, Invalid, Spec
from queries.analytics.filters import Filters

JAN = Filters(date(1953, 1, 10), date(1953, 1, 11))
ALL = Filters(date(1952, 1, 1), date(1953, 12, 31))
COAL_BUREAU = "Central-South Coal Industry Administration Bureau"
TEXTILE_BUREAU = "Central-South Textile Administration Bureau"


def rows(result: explore.Result, *columns: str) -> list[tuple]:
    return [tuple(r) for r in result.frame.select(columns).iter_rows()]


# --- whitelists ---------------------------------------------------------------------------


def test_every_contract_table_is_a_source_with_its_contract_columns(fixture_con):
    for table in contract.TABLES:
        cols = explore.columns(fixture_con, table.name)
        extra = ("output_unit",) if table.name == "daily_output" else ()
        assert tuple(cols) == (*table.column_names, *extra)
        for c in table.columns:
            kind = "bool" if c.type == contract.BOOL else c.type
            assert cols[c.name] == kind, (table.name, c.name)


def test_the_joined_view_carries_team_workshop_and_unit_attributes(fixture_con):
    cols = explore.columns(fixture_con, "output_detail")
    for name in ("team_en", "members", "joined_on", "workshop_en", "unit_en", "bureau_en"):
        assert name in cols
    for name in ("industry", "province", "ownership", "output_unit", "output_value_yuan"):
        assert name in cols
    assert cols["day"] == "date"
    assert cols["is_joined"] == "bool"


def test_measures_offered_where_their_columns_exist(fixture_con):
    detail = explore.measure_codes(explore.columns(fixture_con, "output_detail"))
    metrics = [c for c in detail if c.startswith("metric:")]
    assert metrics == [
        "metric:plan_fulfilment_pct",
        "metric:productivity_index",
        "metric:defect_rate",
        "metric:productivity",
    ]
    accidents = explore.measure_codes(explore.columns(fixture_con, "accidents"))
    assert not [c for c in accidents if c.startswith("metric:")]
    assert "sum:lost_days" in accidents
    # text and date columns are not summed; floats are not grouped by
    assert "sum:severity" not in accidents
    assert "sum:occurred_on" not in accidents
    assert "worker_hours" not in explore.group_columns(
        explore.columns(fixture_con, "output_detail")
    )


# --- counts and sums worked by hand -------------------------------------------------------


def test_units_by_province(fixture_con):
    # u1 and u3 are in Hubei, u2 in Hunan; units have no date, so the period is not applied
    got = explore.aggregate(fixture_con, JAN, Spec("units", group_by=("province",)))
    assert rows(got, "province", "rows") == [("Hubei", 2), ("Hunan", 1)]


def test_units_by_industry_under_a_sidebar_filter(fixture_con):
    f = Filters(JAN.start, JAN.end, provinces=("Hubei",))
    got = explore.aggregate(fixture_con, f, Spec("units", group_by=("industry",)))
    assert rows(got, "industry", "rows") == [("coal", 1), ("cotton_textile", 1)]


def test_teams_and_members_by_unit(fixture_con):
    # u1: t1 (10) + t2 (20); u2: t3 (5); u3: t4 (8) — teams reach their unit through w1..w4
    spec = Spec("teams", group_by=("output_unit",), measures=("sum:members", "max:members"))
    got = explore.aggregate(fixture_con, JAN, spec)
    assert rows(got, "output_unit", "rows", "sum_members", "max_members") == [
        ("bale", 1, 8, 8),
        ("mwh", 1, 5, 5),
        ("t_coal", 2, 30, 20),
    ]


def test_output_by_industry_with_rates_as_ratios_of_sums(fixture_con):
    spec = Spec(
        "output_detail",
        group_by=("industry",),
        measures=(
            "sum:worker_hours",
            "mean:worker_hours",
            "metric:plan_fulfilment_pct",
            "metric:productivity_index",
            "metric:defect_rate",
        ),
    )
    got = explore.aggregate(fixture_con, JAN, spec)
    frame = got.frame
    assert frame["industry"].to_list() == ["coal", "cotton_textile", "power"]
    assert frame["rows"].to_list() == [4, 2, 2]
    # coal: 2 × (80 + 160) = 480 h over 4 team-days; cotton 2 × 64; power 2 × 40
    assert frame["sum_worker_hours"].to_list() == [480.0, 128.0, 80.0]
    assert frame["mean_worker_hours"].to_list() == [120.0, 64.0, 40.0]
    # coal: output 2 × (96 + 320) × ¥10 = 8,320 of plan 2 × (100 + 350) × ¥10 = 9,000
    assert frame["output_value_yuan"].to_list() == [8320.0, 1280.0, 2400.0]
    assert frame["plan_value_yuan"].to_list() == [9000.0, 1000.0, 2000.0]
    assert frame["plan_fulfilment_pct"].to_list() == pytest.approx([8320 / 90, 128.0, 120.0])
    # coal: (2 × 96/1 + 2 × 320/2) / 480 h = 512 / 480; power 2 × 24/0.5 / 80 h; cotton has
    # no baseline, so no index at all (not 0)
    assert frame["productivity_index"].to_list() == pytest.approx([512 / 4.8, None, 120.0])
    # coal: 2 × (4 + 3) × ¥10 rejected of 2 × (96 + 100) × ¥10; power inspects nothing
    assert frame["defect_rate"].to_list() == pytest.approx([140 / 3920, 0.25, None])
    # every defect rate here rests on less than ¥10,000 inspected
    assert frame["defect_rate_is_small"].to_list() == [True, True, True]
    assert (got.capped, got.mixed_groups, got.refused) == (False, 0, ())


def test_grouping_by_two_columns(fixture_con):
    spec = Spec("output_detail", group_by=("unit_id", "team_id"), measures=("sum:output_qty",))
    got = explore.aggregate(fixture_con, JAN, spec)
    assert rows(got, "unit_id", "team_id", "rows", "sum_output_qty") == [
        ("u1", "t1", 2, 192.0),
        ("u1", "t2", 2, 640.0),
        ("u2", "t3", 2, 48.0),
        ("u3", "t4", 2, 12.8),
    ]
    assert got.mixed_groups == 0


def test_dates_grouped_by_month_and_week(fixture_con):
    # a4 on Wed 1952-12-31; a1 on Sat 1953-01-10, a2 and a3 on Sun 01-11 (week of Mon 01-05)
    by_month = explore.aggregate(
        fixture_con,
        ALL,
        Spec("accidents", group_by=("occurred_on",), measures=("sum:lost_days",), grain="month"),
    )
    assert rows(by_month, "occurred_on", "rows", "sum_lost_days") == [
        (date(1952, 12, 1), 1, 30),
        (date(1953, 1, 1), 3, 6003),
    ]
    by_week = explore.aggregate(
        fixture_con, ALL, Spec("accidents", group_by=("occurred_on",), grain="week")
    )
    assert rows(by_week, "occurred_on", "rows") == [
        (date(1952, 12, 29), 1),
        (date(1953, 1, 5), 3),
    ]


# --- physical quantities are never added across output units -----------------------------


def test_physical_sums_are_refused_in_groups_that_mix_output_units(fixture_con):
    # Hubei holds u1 (tonnes of coal) and u3 (bales of yarn); Hunan only u2 (MWh)
    spec = Spec(
        "output_detail",
        group_by=("province",),
        measures=("sum:output_qty", "mean:rejected_qty", "metric:productivity", "sum:worker_hours"),
    )
    got = explore.aggregate(fixture_con, JAN, spec)
    assert rows(got, "province", "output_units", "output_unit") == [
        ("Hubei", 2, None),
        ("Hunan", 1, "mwh"),
    ]
    assert got.frame["sum_output_qty"].to_list() == [None, 48.0]
    assert got.frame["mean_rejected_qty"].to_list() == [None, 0.0]
    # MWh per worker-hour: 48 / 80; in Hubei there is no such thing
    assert got.frame["productivity"].to_list() == [None, pytest.approx(0.6)]
    # hours are hours everywhere: never refused
    assert got.frame["sum_worker_hours"].to_list() == [608.0, 80.0]
    assert got.mixed_groups == 1
    assert got.refused == ("sum_output_qty", "mean_rejected_qty", "output_qty", "productivity")


def test_physical_sums_over_everything_are_refused(fixture_con):
    got = explore.aggregate(fixture_con, JAN, Spec("daily_output", measures=("sum:output_qty",)))
    assert rows(got, "rows", "sum_output_qty", "output_units") == [(8, None, 3)]
    assert got.mixed_groups == 1


def test_physical_sums_within_one_output_unit_are_given(fixture_con):
    by_unit = explore.aggregate(
        fixture_con,
        JAN,
        Spec("daily_output", group_by=("output_unit",), measures=("sum:output_qty",)),
    )
    # 2 × (96 + 320) t; 2 × 24 MWh; 2 × 6.4 bales
    assert rows(by_unit, "output_unit", "sum_output_qty") == [
        ("bale", 12.8),
        ("mwh", 48.0),
        ("t_coal", 832.0),
    ]
    assert by_unit.mixed_groups == 0
    assert "output_units" not in by_unit.frame.columns
    filtered = explore.aggregate(
        fixture_con,
        JAN,
        Spec(
            "daily_output",
            filters=(Filter("output_unit", "in", ("t_coal",)),),
            measures=("sum:output_qty", "sum:plan_qty"),
        ),
    )
    assert rows(filtered, "sum_output_qty", "sum_plan_qty", "output_unit") == [
        (832.0, 900.0, "t_coal")
    ]
    assert filtered.mixed_groups == 0


# --- filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flt", "expect_rows"),
    [
        (Filter("worker_hours", "between", (100.0, 200.0)), 2),  # t2's 160 h
        (Filter("worker_hours", "between", (None, 64)), 4),  # t3 and t4
        (Filter("industry", "in", ("coal", "power")), 6),
        (Filter("unit_en", "contains", ("MILL",)), 2),  # No. 3 Cotton Mill, any case
        (Filter("day", "between", (date(1953, 1, 11), date(1953, 1, 11))), 4),
        (Filter("is_joined", "in", (True,)), 4),  # t1 and t2; t3 joins 01-20, t4 never
        (Filter("is_joined", "in", (False,)), 4),
        (Filter("team_plan_qty", "between", (100, None)), 3),  # 110, 110, 340; nulls fall out
        (Filter("industry", "in", ()), 8),  # nothing chosen: no restriction
        (Filter("unit_en", "contains", ("",)), 8),
    ],
)
def test_filters(fixture_con, flt, expect_rows):
    got = explore.aggregate(fixture_con, JAN, Spec("output_detail", filters=(flt,)))
    assert got.frame["rows"].to_list() == [expect_rows]


def test_filters_combine_with_the_sidebar_and_the_period(fixture_con):
    # in 1953-01-10..11: a1 and a2 at u1, a3 at u2 (a4 is on 1952-12-31)
    got = explore.aggregate(fixture_con, JAN, Spec("accidents", group_by=("unit_id",)))
    assert rows(got, "unit_id", "rows") == [("u1", 2), ("u2", 1)]
    coal = Filters(JAN.start, JAN.end, bureaus=(COAL_BUREAU,))
    got = explore.aggregate(
        fixture_con,
        coal,
        Spec(
            "accidents", filters=(Filter("severity", "in", ("fatal",)),), measures=("sum:deaths",)
        ),
    )
    assert rows(got, "rows", "sum_deaths") == [(1, 1)]


def test_events_follow_the_scope_as_on_the_overview(fixture_con):
    # textile bureau in scope: the region-wide e1 and the textile bureau's e4, not u1's e2
    # nor the coal bureau's e3
    f = Filters(ALL.start, ALL.end, bureaus=(TEXTILE_BUREAU,))
    got = explore.aggregate(fixture_con, f, Spec("events", group_by=("event_id",)))
    assert got.frame["event_id"].to_list() == ["e1", "e4"]


def test_output_units_are_not_scoped(fixture_con):
    f = Filters(JAN.start, JAN.end, industries=("coal",))
    got = explore.aggregate(fixture_con, f, Spec("output_units"))
    assert got.frame["rows"].to_list() == [3]


def test_an_empty_selection_returns_no_groups(fixture_con):
    f = Filters(JAN.start, JAN.end, bureaus=(COAL_BUREAU,), industries=("power",))
    got = explore.aggregate(fixture_con, f, Spec("output_detail", group_by=("industry",)))
    assert got.frame.is_empty()
    ungrouped = explore.aggregate(fixture_con, f, Spec("output_detail", measures=("sum:plan_qty",)))
    assert rows(ungrouped, "rows") == [(0,)]


def test_more_groups_than_the_cap_are_cut_and_said_so(fixture_con):
    spec = Spec("output_detail", group_by=("team_id", "day"))
    whole = explore.aggregate(fixture_con, ALL, spec)
    assert whole.frame.height == 16
    assert not whole.capped
    cut = explore.aggregate(fixture_con, ALL, spec, cap=5)
    assert cut.capped
    assert cut.frame.height == 5
    assert cut.frame.rows() == whole.frame.head(5).rows()
    assert not explore.aggregate(fixture_con, ALL, spec, cap=16).capped


# --- filter options -----------------------------------------------------------------------


def test_profile_of_a_text_column_lists_its_values_in_scope(fixture_con):
    coal = Filters(JAN.start, JAN.end, bureaus=(COAL_BUREAU,))
    prof = explore.column_profile(fixture_con, coal, "output_detail", "team_en")
    assert (prof.kind, prof.distinct, prof.values) == ("text", 2, ("Team 1", "Team 2"))


def test_profile_beyond_the_cap_offers_no_list(fixture_con):
    prof = explore.column_profile(fixture_con, JAN, "output_detail", "team_en", cap=3)
    assert (prof.distinct, prof.values) == (4, None)


def test_profile_of_numbers_and_dates_gives_the_range_in_the_period(fixture_con):
    hours = explore.column_profile(fixture_con, JAN, "output_detail", "worker_hours")
    assert (hours.kind, hours.low, hours.high, hours.values) == ("float", 40.0, 160.0, None)
    days = explore.column_profile(fixture_con, ALL, "accidents", "occurred_on")
    assert (days.low, days.high) == (date(1952, 12, 31), date(1953, 1, 11))
    joined = explore.column_profile(fixture_con, JAN, "output_detail", "is_joined")
    assert joined.values == (False, True)


def test_catalog_lists_the_campaign_tables_in_order(fixture_con):
    cat = explore.catalog(fixture_con, ("teams", "units"))
    assert cat["table_name"].unique(maintain_order=True).to_list() == ["teams", "units"]
    assert cat.filter(pl.col("table_name") == "units")["column_name"].to_list() == list(
        contract.UNITS.column_names
    )


# --- hostile names and values -------------------------------------------------------------

HOSTILE_NAMES = [
    'unit_id"; drop table units; --',
    "unit_id) from units; select getenv('HOME') --",
    "1=1",
    "*",
    "read_csv('/etc/passwd')",
    "Units",
    "industry ",
    "",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_column_names_are_refused_everywhere(fixture_con, name):
    for spec in (
        Spec("output_detail", group_by=(name,)),
        Spec("output_detail", measures=(f"sum:{name}",)),
        Spec("output_detail", measures=(f"metric:{name}",)),
        Spec("output_detail", filters=(Filter(name, "in", ("x",)),)),
        Spec("output_detail", filters=(Filter(name, "between", (1, 2)),)),
        Spec("output_detail", filters=(Filter(name, "contains", ("x",)),)),
    ):
        with pytest.raises(Invalid):
            explore.aggregate(fixture_con, JAN, spec)
    with pytest.raises(Invalid):
        explore.column_profile(fixture_con, JAN, "output_detail", name)


@pytest.mark.parametrize(
    "spec",
    [
        Spec("units; drop table units"),
        Spec("information_schema.tables"),
        Spec("load_info"),
        Spec("output_detail", measures=("getenv:HOME",)),
        Spec("output_detail", measures=("sum:industry",)),  # text is not summed
        Spec("output_detail", measures=("metric:accident_frequency_rate",)),  # no such columns
        Spec("output_detail", measures=("sum(1); drop table units; --:worker_hours",)),
        Spec("output_detail", group_by=("industry", "province", "ownership")),  # > 2
        Spec("output_detail", group_by=("industry", "industry")),
        Spec("output_detail", group_by=("worker_hours",)),  # floats are not grouped by
        Spec("output_detail", grain="month'); drop table units; --"),
        Spec("output_detail", filters=(Filter("industry", "like", ("coal",)),)),
        Spec("output_detail", filters=(Filter("industry", "between", ("a", "z")),)),
        Spec("output_detail", filters=(Filter("worker_hours", "between", ("1", "2")),)),
        Spec("output_detail", filters=(Filter("worker_hours", "between", (True, 2)),)),
        Spec("output_detail", filters=(Filter("worker_hours", "between", (1,)),)),
        Spec("output_detail", filters=(Filter("day", "between", ("1953-01-01", None)),)),
        Spec("output_detail", filters=(Filter("industry", "in", (1, 2)),)),
        Spec("output_detail", filters=(Filter("is_joined", "in", ("true",)),)),
        Spec("output_detail", filters=(Filter("worker_hours", "contains", ("1",)),)),
    ],
)
def test_hostile_or_malformed_requests_are_refused(fixture_con, spec):
    with pytest.raises(Invalid):
        explore.aggregate(fixture_con, JAN, spec)


HOSTILE_VALUES = [
    "'; drop table units; --",
    "coal' or '1'='1",
    "coal\"; select * from read_csv('/etc/passwd'); --",
    "%",
    "x' || getenv('HOME') || '",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_values_are_bound_never_run(fixture_con, value):
    cols = explore.columns(fixture_con, "output_detail")
    for flt in (Filter("industry", "in", (value,)), Filter("unit_en", "contains", (value,))):
        spec = Spec("output_detail", filters=(flt,))
        text, params, _ = explore.build(cols, spec, JAN)
        assert value not in text
        assert params["f0"] in ([value], value)
        assert explore.aggregate(fixture_con, JAN, spec).frame["rows"].to_list() == [0]
    # the tables are untouched
    assert fixture_con.sql("select count(*) from units").fetchall() == [(3,)]


def test_the_sql_carries_only_whitelisted_identifiers(fixture_con):
    cols = explore.columns(fixture_con, "output_detail")
    spec = Spec(
        "output_detail",
        filters=(Filter("industry", "in", ("coal",)), Filter("worker_hours", "between", (1, 2))),
        group_by=("day",),
        measures=("sum:worker_hours", "metric:defect_rate"),
        grain="week",
    )
    text, params, _ = explore.build(cols, spec, JAN)
    assert '"industry"' in text
    assert "date_trunc($grain" in text
    assert params["grain"] == "week"
    assert params["f0"] == ["coal"]
    assert (params["f1_lo"], params["f1_hi"]) == (1, 2)


# --- against Polars on the raw sample files -----------------------------------------------


@pytest.fixture(scope="module")
def raw():
    frames = {
        name: pl.read_csv(campaign.SAMPLE_DIR / f"{name}.csv", try_parse_dates=True)
        for name in ("units", "workshops", "teams", "output_units", "accidents", "proposals")
    }
    frames["daily_output"] = pl.read_parquet(campaign.SAMPLE_DIR / "daily_output.parquet")
    return frames


SPRING = Filters(date(1953, 3, 1), date(1953, 5, 31), provinces=("Hubei", "Hunan"))


def test_output_by_bureau_and_month_matches_polars(sample_con, raw):
    spec = Spec(
        "output_detail",
        filters=(Filter("ownership", "in", ("state",)),),
        group_by=("bureau_en", "day"),
        measures=("sum:worker_hours", "metric:plan_fulfilment_pct"),
        grain="month",
    )
    got = explore.aggregate(sample_con, SPRING, spec).frame.sort("bureau_en", "day")
    units = raw["units"].filter(
        pl.col("province").is_in(["Hubei", "Hunan"]) & (pl.col("ownership") == "state")
    )
    expect = (
        raw["daily_output"]
        .filter(pl.col("day").is_between(SPRING.start, SPRING.end))
        .join(raw["teams"].select("team_id", "workshop_id", "output_unit"), on="team_id")
        .join(raw["workshops"].select("workshop_id", "unit_id"), on="workshop_id")
        .join(units.select("unit_id", "bureau_en"), on="unit_id")
        .join(raw["output_units"].select("output_unit", "constant_price_yuan"), on="output_unit")
        .group_by("bureau_en", pl.col("day").dt.truncate("1mo"))
        .agg(
            rows=pl.len(),
            sum_worker_hours=pl.col("worker_hours").sum(),
            value=(pl.col("output_qty") * pl.col("constant_price_yuan")).sum(),
            plan=(pl.col("plan_qty") * pl.col("constant_price_yuan")).sum(),
        )
        .with_columns(plan_fulfilment_pct=pl.col("value") / pl.col("plan") * 100)
        .sort("bureau_en", "day")
    )
    assert got.height == expect.height > 3
    assert got["bureau_en"].to_list() == expect["bureau_en"].to_list()
    assert got["day"].to_list() == expect["day"].to_list()
    assert got["rows"].to_list() == expect["rows"].to_list()
    assert got["sum_worker_hours"].to_list() == pytest.approx(expect["sum_worker_hours"].to_list())
    assert got["plan_fulfilment_pct"].to_list() == pytest.approx(
        expect["plan_fulfilment_pct"].to_list()
    )


def test_physical_output_by_industry_matches_polars_where_one_output_unit(sample_con, raw):
    spec = Spec("output_detail", group_by=("industry",), measures=("sum:output_qty",))
    got = explore.aggregate(sample_con, SPRING, spec).frame
    units = raw["units"].filter(pl.col("province").is_in(["Hubei", "Hunan"]))
    expect = (
        raw["daily_output"]
        .filter(pl.col("day").is_between(SPRING.start, SPRING.end))
        .join(raw["teams"].select("team_id", "workshop_id", "output_unit"), on="team_id")
        .join(raw["workshops"].select("workshop_id", "unit_id"), on="workshop_id")
        .join(units.select("unit_id", "industry"), on="unit_id")
        .group_by("industry")
        .agg(
            kinds=pl.col("output_unit").n_unique(),
            qty=pl.col("output_qty").sum(),
        )
        .sort("industry")
    )
    assert got["industry"].to_list() == expect["industry"].to_list()
    assert got["output_units"].to_list() == expect["kinds"].to_list()
    # a sum is given exactly where the industry has one output unit, and equals Polars's
    for qty, kinds, want in zip(got["sum_output_qty"], expect["kinds"], expect["qty"], strict=True):
        assert qty is None if kinds > 1 else qty == pytest.approx(want)
    assert (expect["kinds"] > 1).any() and (expect["kinds"] == 1).any()


def test_proposals_and_accidents_match_polars(sample_con, raw):
    f = Filters(date(1953, 1, 1), date(1953, 6, 30), industries=("coal", "iron_steel"))
    units = raw["units"].filter(pl.col("industry").is_in(["coal", "iron_steel"]))["unit_id"]
    props = explore.aggregate(
        sample_con,
        f,
        Spec(
            "proposals",
            filters=(Filter("solves_key_problem", "in", (True,)),),
            group_by=("status",),
            measures=("sum:est_saving_yuan",),
        ),
    ).frame
    expect = (
        raw["proposals"]
        .filter(
            pl.col("submitted_on").is_between(f.start, f.end)
            & pl.col("unit_id").is_in(units.implode())
            & pl.col("solves_key_problem")
        )
        .group_by("status")
        .agg(rows=pl.len(), saving=pl.col("est_saving_yuan").sum())
        .sort("status")
    )
    assert props["status"].to_list() == expect["status"].to_list()
    assert props["rows"].to_list() == expect["rows"].to_list()
    assert props["sum_est_saving_yuan"].to_list() == pytest.approx(expect["saving"].to_list())

    acc = explore.aggregate(
        sample_con,
        f,
        Spec(
            "accidents",
            filters=(Filter("lost_days", "between", (1, 100)),),
            group_by=("severity",),
            measures=("sum:injured", "mean:lost_days"),
        ),
    ).frame
    expect = (
        raw["accidents"]
        .filter(
            pl.col("occurred_on").is_between(f.start, f.end)
            & pl.col("unit_id").is_in(units.implode())
            & pl.col("lost_days").is_between(1, 100)
        )
        .group_by("severity")
        .agg(rows=pl.len(), injured=pl.col("injured").sum(), lost=pl.col("lost_days").mean())
        .sort("severity")
    )
    assert acc["severity"].to_list() == expect["severity"].to_list()
    assert acc["rows"].to_list() == expect["rows"].to_list()
    assert acc["sum_injured"].to_list() == expect["injured"].to_list()
    assert acc["mean_lost_days"].to_list() == pytest.approx(expect["lost"].to_list())


# --- the unit-day rollup -------------------------------------------------------------------

ROLLUP_SPECS = {
    "the page's first view": Spec(
        "output_detail",
        group_by=("industry",),
        measures=("metric:plan_fulfilment_pct", "metric:productivity_index"),
    ),
    "by bureau and month, a filter, a sum": Spec(
        "output_detail",
        filters=(Filter("industry", "in", ("coal", "steel")),),
        group_by=("bureau_en", "day"),
        measures=("sum:worker_hours", "metric:defect_rate"),
        grain="month",
    ),
    "everything, rows only": Spec("output_detail"),
}


@pytest.mark.parametrize("spec", ROLLUP_SPECS.values(), ids=ROLLUP_SPECS.keys())
def test_the_unit_day_rollup_answers_as_the_team_day_rows_do(sample_con, spec, monkeypatch):
    f = Filters(date(1952, 11, 5), date(1953, 11, 26))
    cols = explore.columns(sample_con, spec.source)
    text, _, _ = explore.build(cols, spec, f)
    assert "from unit_days" in text
    got = explore.aggregate(sample_con, f, spec).frame
    monkeypatch.setattr(explore, "uses_rollup", lambda spec, measures: False)
    text, _, _ = explore.build(cols, spec, f)
    assert "from unit_days" not in text
    expected = explore.aggregate(sample_con, f, spec).frame
    assert got.height == expected.height > 0
    assert got[explore.ROWS].sum() == expected[explore.ROWS].sum() > 0
    assert_frame_equal(got, expected, check_dtypes=False, rel_tol=1e-9)


@pytest.mark.parametrize(
    "spec",
    [
        Spec("output_detail", group_by=("team_id",)),
        Spec("output_detail", group_by=("industry",), measures=("mean:worker_hours",)),
        Spec("output_detail", group_by=("output_unit",), measures=("sum:output_qty",)),
        Spec("output_detail", filters=(Filter("is_joined", "in", (True,)),)),
        Spec("output_detail", filters=(Filter("worker_hours", "between", (100.0, None)),)),
        Spec("daily_output", group_by=("team_id",), measures=("sum:worker_hours",)),
    ],
    ids=[
        "a team column",
        "a mean",
        "a physical quantity",
        "a team-day filter",
        "a filter on a summed column",
        "another source",
    ],
)
def test_questions_the_rollup_cannot_answer_read_the_rows(sample_con, spec):
    cols = explore.columns(sample_con, spec.source)
    text, _, _ = explore.build(cols, spec, Filters(date(1953, 1, 1), date(1953, 1, 31)))
    assert "from unit_days" not in text
