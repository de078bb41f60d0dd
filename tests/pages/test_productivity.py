"""The Productivity page in AppTest, on the hand-built campaign of
tests/fixtures/rollout_productivity.sql (effects worked out in
tests/queries/test_productivity.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pages.common.catalog import t
from tests.conftest import FIXTURES, build_fixture_db
from tests.pages import plotly_spec
from tests.pages.conftest import ENTRYPOINT, metrics

PAGE = "pages/productivity.py"


@pytest.fixture(scope="module")
def rp_db(tmp_path_factory):
    return build_fixture_db(
        tmp_path_factory.mktemp("rp_pages") / "rp.duckdb", FIXTURES / "rollout_productivity.sql"
    )


@pytest.fixture
def productivity_page(rp_db, monkeypatch):
    monkeypatch.setenv("EMULATION_DB", str(rp_db))

    def open_page(**params) -> AppTest:
        at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at

    return open_page


def _table(at: AppTest, column: str):
    """st.dataframe gives its tables no id in AppTest: a table is found by a column of it."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_english_whole_campaign(productivity_page):
    at = productivity_page(prod_view="effect")
    assert at.title[0].value == "Labor productivity"
    got = metrics(at)
    # weeks 9..20: (ln 1.1 + ln 1.2) / 2 on the log scale, sqrt(1.1 x 1.2) - 1 = +14.9%
    assert got["Effect 9–20 weeks after joining"] == "+14.9%"
    assert got["Pre-trend check"] == "passed (p = 1.00)"
    assert got["Teams compared"] == "10 joined"
    captions = [c.value for c in at.caption]
    assert any("in 4 joining weeks, against 7 not joined" in c for c in captions)
    # team plans: the Rush Mine's 10% above target, the Gradual Mill's equal to it
    at = productivity_page(prod_view="plans")
    plans = _table(at, "Above target %")
    assert dict(zip(plans["Factory or mine"], plans["Above target %"], strict=True)) == {
        "Rush Mine": pytest.approx(100.0),
        "Gradual Mill": pytest.approx(0.0),
    }


def test_quota_table_for_the_default_product(productivity_page):
    at = productivity_page(prod_view="quotas")
    # the product with most teams is yarn: six teams of the Gradual Mill
    assert at.button_group(key="prod_output_unit").value == "bale"
    quotas = _table(at, "Quota set")
    jan = quotas[quotas["Month"] == "1953-01"].iloc[0]
    assert jan["Number of teams"] == 6
    # January's weekly calendar factors 1, 1.02, 1.04, 1.06, 1.08 over 4, 7, 7, 7, 6 days
    # sum to 32.32; ga (+20% from 01-05) makes 4 + 28.32 x 1.2, gb and gc (from 01-19)
    # 18.42 + 13.9 x 1.2, gd, ge, gf 32.32; each / 31 days x 0.02 bales an hour.
    ga, gbc, rest = (
        (4 + 28.32 * 1.2) / 31 * 0.02,
        (18.42 + 13.9 * 1.2) / 31 * 0.02,
        32.32 / 31 * 0.02,
    )
    mean = (ga + 2 * gbc + 3 * rest) / 6
    advanced = (ga + 2 * gbc) / 3  # the three above the mean
    assert jan["Mean"] == pytest.approx(mean)
    assert jan["Advanced mean"] == pytest.approx(advanced)
    assert jan["Quota set"] == pytest.approx((mean + advanced) / 2)
    # only ga reaches the advanced average: gb and gc fall just short of it
    assert jan["Meeting the quota %"] == pytest.approx(100 / 6)
    at.button_group(key="prod_quota").set_value("mean_productivity").run()
    quotas = _table(at, "Quota set")
    jan = quotas[quotas["Month"] == "1953-01"].iloc[0]
    assert jan["Quota set"] == pytest.approx(mean)
    assert jan["Meeting the quota %"] == pytest.approx(50.0)


def test_chinese_labels_and_values(productivity_page):
    at = productivity_page(lang="zh", prod_view="effect")
    assert at.title[0].value == "劳动生产率"
    got = metrics(at)
    assert got["参加后第9至20周的效果"] == "+14.9%"
    assert got["参加前趋势检验"] == "通过（p = 1.00）"
    names = {
        trace.get("name")
        for view in ("trend", "plans", "quotas", "effect", "rank")
        for chart in productivity_page(lang="zh", prod_view=view).get("plotly_chart")
        for trace in plotly_spec.spec(chart)["data"]
    }
    assert {"小组计划突破厂定指标", "平均先进数", "全部小组", "甲管理局"} <= names


def test_trend_by_unit_per_week(productivity_page):
    at = productivity_page(prod_grain="week", prod_by="unit", bureau="Bureau B")
    specs = [plotly_spec.spec(c) for c in at.get("plotly_chart")]
    index_chart = specs[0]
    names = [d["name"] for d in index_chart["data"] if d.get("type") == "scatter"]
    assert names == ["Gradual Mill", "Late Works"]
    late = next(d for d in index_chart["data"] if d.get("name") == "Late Works")
    # never joined in the data: its index is the calendar alone, 100 x (1 + 0.02 w)
    assert late["y"][:3] == pytest.approx([100.0, 102.0, 104.0])
    # A click on a point of the line opens the unit: each point carries its id, and a week's
    # line gets invisible markers, as Plotly selects nothing on a line alone.
    for chart in specs[:2]:
        late = next(d for d in chart["data"] if d.get("name") == "Late Works")
        assert set(late["customdata"]) == {"p2"}
        assert late["mode"] == "lines+markers" and late["marker"]["opacity"] == 0
        assert chart["layout"]["hovermode"] == "closest"
    assert t("click.unit.point", "en") in [c.value for c in at.caption]


def test_trend_by_bureau_narrows_on_a_click(productivity_page):
    at = productivity_page(lang="zh")
    index_chart = plotly_spec.spec(at.get("plotly_chart")[0])
    lines = {d["name"]: set(d["customdata"]) for d in index_chart["data"] if "customdata" in d}
    # the bureau's English name is what the sidebar filters on, whatever the language
    assert lines == {"甲管理局": {"Bureau A"}, "乙管理局": {"Bureau B"}}
    monthly = next(d for d in index_chart["data"] if d.get("name") == "甲管理局")
    assert monthly["mode"] == "lines+markers" and "opacity" not in monthly.get("marker", {})
    assert t("click.bureau.point", "zh") in [c.value for c in at.caption]


def test_a_single_unit_is_too_small_for_the_effect(productivity_page):
    at = productivity_page(unit="r1", prod_view="effect")
    infos = [i.value for i in at.info]
    cohorts = t("count.joining_weeks", "en", n=2)
    want = t("prod.effect.none", "en", min=5, n=5, cohorts=cohorts, not_joined=0)
    assert want in infos
    assert "Effect 9–20 weeks after joining" not in metrics(at)


def test_waves_too_small_to_split_say_so(productivity_page):
    at = productivity_page(prod_effect="wave", prod_view="effect")
    infos = [i.value for i in at.info]
    assert any("1953-01 (8), 1953-02 (2)" in i for i in infos)


def test_empty_selection_says_so(productivity_page):
    at = productivity_page(bureau="Bureau A", industry="machinery")
    assert [i.value for i in at.info] == [t("empty.no_units", "en")]
    assert len(at.get("plotly_chart")) == 0
    at = productivity_page(lang="zh", bureau="Bureau A", industry="machinery")
    assert [i.value for i in at.info] == [t("empty.no_units", "zh")]


def test_only_the_open_section_is_built_and_the_link_names_it(productivity_page):
    at = productivity_page()
    # the trend opens first: its two charts (index and plan), not the other sections' five
    assert [s.value for s in at.subheader] == [t("prod.trend.title", "en")]
    assert "prod_view" not in at.query_params
    at = productivity_page(prod_view="rank")
    assert [s.value for s in at.subheader] == [t("prod.rank.title", "en")]
    assert at.query_params["prod_view"] == "rank"
    # a language switch keeps the open section
    at.button_group(key="lang").set_value("zh").run()
    assert [s.value for s in at.subheader] == [t("prod.rank.title", "zh")]
    # a code the page does not know opens the first section
    at = productivity_page(prod_view="nonsense")
    assert [s.value for s in at.subheader] == [t("prod.trend.title", "en")]
