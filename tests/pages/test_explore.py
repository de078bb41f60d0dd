"""The Explore page in AppTest on the hand-built campaign (figures worked out in
tests/queries/test_explore.py), in both languages, with its SQL box."""

from __future__ import annotations

import math

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from pages.common.catalog import STRINGS, label, t
from queries.store import sandbox
from tests.pages import plotly_spec
from tests.pages.conftest import ENTRYPOINT, shown

JAN = ["1953-01-10", "1953-01-11"]
COAL = "Central-South Coal Industry Administration Bureau"


@pytest.fixture
def explore(fixture_db, monkeypatch):
    """Open the Explore page with the given query parameters."""
    monkeypatch.setenv("EMULATION_DB", str(fixture_db))

    def open_page(**params) -> AppTest:
        at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page("pages/explore.py")
        at.run()
        assert not at.exception, at.exception
        return at

    return open_page


def table(at: AppTest):
    """The result: the page's last table (in SQL mode the first lists the campaign tables)."""
    return at.dataframe[-1].value


def warnings(at: AppTest) -> list[str]:
    return [shown(w.value) for w in at.warning]


# --- the builder --------------------------------------------------------------------------


def test_first_view_is_plan_fulfilment_and_productivity_by_industry(explore):
    at = explore(period=JAN)
    assert at.title[0].value == "Explore"
    got = table(at)
    assert got["Industry"].tolist() == ["Coal", "Cotton textile", "Power"]
    assert got["Rows"].tolist() == [4, 2, 2]
    # coal: ¥8,320 of ¥9,000 planned; cotton 1,280 of 1,000; power 2,400 of 2,000
    assert got["Plan fulfilment %"].round(2).tolist() == [92.44, 128.0, 120.0]
    assert got["Productivity index"].round(2).fillna(-1).tolist() == [106.67, -1, 120.0]
    assert got["Sum of Output value, yuan (1952 prices)"].tolist() == [8320.0, 1280.0, 2400.0]
    assert len(at.get("plotly_chart")) == 1
    assert "Sidebar filters applied: the period" in " ".join(c.value for c in at.caption)
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download Parquet"]


def test_units_by_industry(explore):
    # one unit of each industry in the fixture: u1 coal, u2 power, u3 cotton
    at = explore(x_src="units")
    got = table(at)
    assert got["Industry"].tolist() == ["Coal", "Cotton textile", "Power"]
    assert got["Rows"].tolist() == [1, 1, 1]


def test_two_dates_draw_one_line_per_joining_month(explore):
    at = explore(x_group=["day", "joined_on"], x_grain="month")
    got = table(at)
    # t1, t2 and t3 joined in 1953-01, t4 never (its rows group under no date, last); each
    # team has two days in 1952-12 and two in 1953-01
    assert got["Rows"].tolist() == [6, 2, 6, 2]
    assert got["Team joined on"].isna().tolist() == [False, True, False, True]
    assert len(at.get("plotly_chart")) == 1


def test_units_by_province_in_chinese(explore):
    at = explore(lang="zh", x_src="units", x_group="province")
    assert at.title[0].value == "自助查询"
    got = table(at)
    # u1 and u3 in Hubei, u2 in Hunan
    assert got["省份"].tolist() == ["湖北", "湖南"]
    assert got["行数"].tolist() == [2, 1]
    captions = " ".join(c.value for c in at.caption)
    assert "时期不适用" in captions


def test_a_grouped_sum_equals_polars_on_the_fixture(explore, fixture_con):
    at = explore(
        period=JAN, x_group="unit_id", x_measures=["sum:worker_hours", "mean:worker_hours"]
    )
    got = table(at)
    tables = {
        name: fixture_con.sql(f"select * from {name}").pl()
        for name in ("daily_output", "teams", "workshops", "units")
    }
    expect = (
        tables["daily_output"]
        .filter(pl.col("day").cast(pl.String).is_in(JAN))
        .join(tables["teams"].select("team_id", "workshop_id"), on="team_id")
        .join(tables["workshops"].select("workshop_id", "unit_id"), on="workshop_id")
        .join(tables["units"].select("unit_id", "name_en"), on="unit_id")
        .group_by("name_en")
        .agg(hours=pl.col("worker_hours").sum(), mean=pl.col("worker_hours").mean())
        .sort("name_en")
    )
    by_name = got.set_index("Factory or mine")
    assert sorted(by_name.index) == expect["name_en"].to_list()
    for name, hours, mean in expect.iter_rows():
        assert by_name.loc[name, "Sum of Worker-hours"] == pytest.approx(hours)
        assert by_name.loc[name, "Mean of Worker-hours"] == pytest.approx(mean)
    # and by hand: No. 1 Coal Mine 2 × (80 + 160) h
    assert by_name.loc["No. 1 Coal Mine", "Sum of Worker-hours"] == 480.0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_physical_sums_across_output_units_are_refused_with_a_warning(explore, lang):
    at = explore(lang=lang, period=JAN, x_group="province", x_measures="sum:output_qty")
    measure = t("explore.agg.sum", lang, column=t("explore.col.output_qty", lang))
    assert warnings(at) == [
        t("explore.mixed", lang, n=1, total=t("count.groups", lang, n=2), measures=measure),
    ]
    got = table(at)
    # Hubei mixes tonnes of coal and bales of yarn: no sum; Hunan is all MWh
    assert math.isnan(got[measure].tolist()[0])
    assert got[measure].tolist()[1] == 48.0


def test_grouping_by_output_unit_gives_every_physical_sum(explore):
    at = explore(period=JAN, x_src="daily_output", x_group="output_unit")
    assert warnings(at) == []
    got = table(at)
    assert got["Sum of Output (physical)"].tolist() == [12.8, 48.0, 832.0]


def test_filters_from_the_link(explore):
    at = explore(
        period=JAN,
        x_filters=["industry", "worker_hours"],
        x_in_industry=["coal", "power"],
        x_range_worker_hours=["50", "200"],
    )
    assert at.multiselect(key="x_in_industry").value == ["coal", "power"]
    assert at.slider(key="x_range_worker_hours").value == (50.0, 160.0)
    got = table(at)
    # coal and power, but t3's 40-hour days fall out: t1 (80 h) and t2 (160 h), two days each
    assert got["Industry"].tolist() == ["Coal"]
    assert got["Rows"].tolist() == [4]


def test_a_text_column_with_many_values_gets_a_contains_filter(explore, monkeypatch):
    from queries.analytics import explore as queries_explore

    monkeypatch.setattr(queries_explore, "OPTION_CAP", 2)
    at = explore(period=JAN, x_filters="team_en", x_has_team_en="team 2", x_group="team_en")
    assert at.text_input(key="x_has_team_en").value == "team 2"
    assert table(at)["Team name (English)"].tolist() == ["Team 2"]


def test_choices_go_into_the_link(explore):
    at = explore(period=JAN)
    at.multiselect(key="x_group").set_value(["province", "industry"]).run()
    assert at.query_params["x_group"] == ["province", "industry"]
    got = table(at)
    assert got[["Province", "Industry"]].values.tolist() == [
        ["Hubei", "Coal"],
        ["Hubei", "Cotton textile"],
        ["Hunan", "Power"],
    ]
    # taking every measure away is kept as such, not replaced by the first view's
    at.multiselect(key="x_measures").set_value([]).run()
    assert at.query_params["x_measures"] == ""
    assert list(table(at).columns) == ["Province", "Industry", "Rows"]
    # back to the default: the link is short again
    at.multiselect(key="x_group").set_value(["industry"]).run()
    assert "x_group" not in at.query_params


def test_a_new_table_starts_from_its_own_first_view(explore):
    at = explore(period=JAN, x_filters="industry", x_in_industry="coal", x_group="province")
    at.selectbox(key="x_src").set_value("accidents").run()
    for key in ("x_group", "x_filters", "x_in_industry", "x_measures"):
        assert key not in at.query_params
    got = table(at)
    causes = ["electrical", "gas", "roof_fall"]
    assert got["Cause"].tolist() == [label("cause", c, "en") for c in causes]
    assert got["Rows"].tolist() == [1, 1, 1]


def test_dates_are_charted_by_month(explore):
    at = explore(x_src="accidents", x_group="occurred_on", x_measures="sum:lost_days")
    got = table(at)
    assert got["Rows"].tolist() == [1, 3]
    assert got["Sum of Days lost"].tolist() == [30, 6003]
    assert at.button_group(key="x_grain").value == "month"


def test_empty_scope_and_empty_result_say_so(explore):
    at = explore(bureau=COAL, industry="power")
    assert [i.value for i in at.info] == [t("empty.no_units", "en")]
    at = explore(
        lang="zh", period=JAN, x_filters="worker_hours", x_range_worker_hours=["100", "150"]
    )
    assert [i.value for i in at.info] == [t("explore.empty", "zh")]
    assert not at.get("plotly_chart")


# --- the SQL box --------------------------------------------------------------------------


def test_sql_box_runs_a_select(explore):
    at = explore(
        x_mode="sql", x_sql="select industry, count(*) as n from units group by 1 order by 1"
    )
    got = table(at)
    assert got.values.tolist() == [["coal", 1], ["cotton_textile", 1], ["power", 1]]
    tables = at.dataframe[0].value
    assert tables["Table"].unique().tolist() == list(sandbox.CAMPAIGN_TABLES)
    assert warnings(at) == []


def test_sql_from_the_form_goes_into_the_link(explore):
    at = explore(x_mode="sql")
    assert [i.value for i in at.info] == [t("explore.sql.prompt", "en")]
    at.text_area(key="x_sql").input("select count(*) as n from teams")
    next(b for b in at.button if b.label == "Run").click().run()
    assert at.query_params["x_sql"] == "select count(*) as n from teams"
    assert table(at)["n"].tolist() == [4]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "key", "detail"),
    [
        ("drop table units", "explore.sql.refused.not_select", "DROP"),
        ("copy units to '/tmp/explore_page.csv'", "explore.sql.refused.not_select", "COPY"),
        ("attach ':memory:' as x", "explore.sql.refused.not_select", "ATTACH"),
        ("install httpfs", "explore.sql.refused.not_select", "LOAD"),
        ("set threads = 1", "explore.sql.refused.not_select", "SET"),
        ("select 1; drop table units", "explore.sql.refused.multiple", "2: SELECT, DROP"),
        ("select * from read_csv('/etc/passwd')", "explore.sql.refused.table_function", "read_csv"),
        ("select * from '/etc/passwd'", "explore.sql.refused.table", "/etc/passwd"),
        ("select getenv('HOME')", "explore.sql.refused.function", "getenv"),
        (
            "select * from duckdb_settings()",
            "explore.sql.refused.table_function",
            "duckdb_settings",
        ),
        ("select no_such from units", "explore.sql.error", None),
    ],
)
def test_sql_box_refuses_with_a_plain_message(explore, lang, text, key, detail):
    at = explore(lang=lang, x_mode="sql", x_sql=text)
    got = warnings(at)
    if detail is None:
        assert len(got) == 1 and got[0].startswith(t(key, lang, detail="").strip()[:10])
        assert "no_such" in got[0]
    else:
        assert got == [t(key, lang, detail=detail)]
    assert len(at.dataframe) == 1  # the list of campaign tables, and no result


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sql_box_caps_rows_and_says_so(explore, lang):
    at = explore(lang=lang, x_mode="sql", x_sql="select * from range(100000000)")
    assert warnings(at) == [t("explore.sql.capped", lang, cap="10,000")]
    assert len(table(at)) == 10_000


def test_sql_box_says_when_nothing_came_back(explore):
    at = explore(lang="zh", x_mode="sql", x_sql="select * from units where false")
    assert [i.value for i in at.info] == [t("explore.sql.no_rows", "zh")]


def test_every_outcome_has_a_message_in_both_languages():
    reasons = (
        sandbox.EMPTY,
        sandbox.MULTIPLE,
        sandbox.NOT_SELECT,
        sandbox.PARSE,
        sandbox.TABLE,
        sandbox.TABLE_FUNCTION,
        sandbox.FUNCTION,
        sandbox.UNCHECKED,
    )
    keys = [f"explore.sql.refused.{r}" for r in reasons]
    keys += ["explore.sql.timeout", "explore.sql.error", "explore.sql.capped"]
    for key in keys:
        en, zh = STRINGS[key]
        assert en and zh and en != zh


def _chart_spec(at: AppTest) -> dict:
    return plotly_spec.spec(at.get("plotly_chart")[0])


@pytest.mark.parametrize(
    ("group", "kind", "ids"),
    [
        ("unit_id", "unit", {"u1", "u2", "u3"}),
        ("industry", "industry", {"coal", "cotton_textile", "power"}),
    ],
)
def test_bars_of_units_or_industries_carry_their_ids_for_a_click(explore, group, kind, ids):
    at = explore(period=JAN, x_group=group)
    bar = _chart_spec(at)["data"][0]
    assert {c[0] for c in bar["customdata"]} == ids
    assert bar["hovertemplate"] == "%{y}: %{customdata[1]}<extra></extra>"
    assert t(f"click.{kind}.bar", "en") in [c.value for c in at.caption]
    assert at.get("plotly_chart")[0].proto.selection_mode  # clicks are listened to


def test_bars_of_other_groups_are_not_clickable(explore):
    at = explore(period=JAN, x_group="province")
    bar = _chart_spec(at)["data"][0]
    assert not isinstance(bar["customdata"][0], list)
    assert not at.get("plotly_chart")[0].proto.selection_mode
