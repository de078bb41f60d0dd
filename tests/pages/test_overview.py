"""The Overview page in AppTest, on the hand-built campaign (values worked out in
tests/queries/test_overview.py)."""

from __future__ import annotations

from pages.common.catalog import t
from tests.pages.conftest import metrics, shown

PERIOD = ["1953-01-10", "1953-01-11"]
COAL = "Central-South Coal Industry Administration Bureau"


def test_english_headline_figures(app):
    at = app(period=PERIOD)
    assert at.title[0].value == "Overview"
    assert metrics(at) == {
        "Factories and mines launched": "1 of 3",
        "Workers covered": "69.8%",
        "Plan fulfilment": "100.0%",
        "Productivity index": "108.6",
        # the fixture is tiny: rates resting on few events or little exposure carry a star
        "Defect rate": "8.85% *",
        "Accident frequency": "2,907.0 *",
        "Deaths": "1",
        "Proposals submitted": "1",
        "Adoption rate": "50.0% *",
    }
    captions = [c.value for c in at.caption]
    assert "30 of 43 workers" in captions
    assert "2 injury accidents in 688 worker-hours" in captions
    assert "¥460 rejected of ¥5,200 inspected (1952 prices)" in captions
    assert "1 adopted of 2 decided" in captions
    assert "* few events or little exposure: read with the counts below" in captions
    assert "2 still preparing" in captions
    # The previous two days have no output: the page says so and shows no change.
    assert any("hold no output records" in c for c in captions)
    assert all(m.delta in (None, "") for m in at.metric)


def test_chinese_labels_and_values(app):
    at = app(lang="zh", period=PERIOD)
    assert at.title[0].value == "总览"
    got = metrics(at)
    assert got["已开展竞赛的厂矿"] == "1 / 3"
    assert got["计划完成率"] == "100.0%"
    assert got["事故频率"] == "2,907.0 *"
    assert at.sidebar.multiselect(key="industry").options == ["煤炭", "棉纺织", "电力"]


def test_bureau_filter_from_the_url(app):
    at = app(period=PERIOD, bureau=COAL)
    got = metrics(at)
    assert got["Factories and mines launched"] == "1 of 1"
    assert got["Plan fulfilment"] == "92.4%"
    assert got["Productivity index"] == "106.7"
    assert got["Accident frequency"] == "4,166.7 *"
    assert at.sidebar.multiselect(key="bureau").value == [COAL]


def test_changing_a_filter_updates_figures_and_the_url(app):
    at = app(period=PERIOD)
    at.sidebar.multiselect(key="bureau").set_value([COAL]).run()
    assert metrics(at)["Plan fulfilment"] == "92.4%"
    assert at.query_params["bureau"] == COAL  # AppTest collapses one value to a str
    # switching language keeps the filter
    at.button_group(key="lang").set_value("zh").run()
    assert metrics(at)["计划完成率"] == "92.4%"
    assert at.sidebar.multiselect(key="bureau").value == [COAL]
    assert at.query_params["lang"] == "zh"
    # clearing filters brings back the whole scope
    at.sidebar.button(key="reset_filters").click().run()
    assert metrics(at)["已开展竞赛的厂矿"] == "1 / 3"
    assert "bureau" not in at.query_params


def test_empty_selection_says_so(app):
    at = app(bureau=COAL, industry="power")
    assert [i.value for i in at.info] == [t("empty.no_units", "en")]
    assert len(at.metric) == 0


def test_invalid_url_values_are_ignored_and_said_so(app):
    at = app(industry=["coal", "no-such-industry"], period=["not-a-date", "1953-01-11"])
    assert at.sidebar.multiselect(key="industry").value == ["coal"]
    warning = shown(at.sidebar.warning[0].value)
    assert "industry=no-such-industry" in warning and "period=not-a-date" in warning
    assert metrics(at)["Factories and mines launched"] == "1 of 1"


def test_ranking_by_units(app):
    at = app(period=PERIOD, ranking="units")
    table = at.dataframe[0].value
    assert table.iloc[:, 0].tolist() == [
        "No. 3 Cotton Mill",
        "No. 2 Power Plant",
        "No. 1 Coal Mine",
    ]
    assert table["Plan fulfilment %"].round(1).tolist() == [128.0, 120.0, 92.4]
    # the power plant's output is never inspected: no defect rate, and few data flagged
    assert table["Defect rate %"].isna().tolist() == [False, True, False]


def test_ranking_by_bureaus_in_chinese(app):
    at = app(lang="zh", period=PERIOD)
    table = at.dataframe[0].value
    assert table["管理局"].tolist()[0] == "中南纺织管理局"
    assert table["厂矿数"].tolist() == [1, 1, 1]


def test_a_period_outside_the_data_falls_back_to_all_of_it(app):
    at = app(period=["1954-01-01", "1954-02-01"])
    assert "period=1954-01-01, 1954-02-01" in shown(at.sidebar.warning[0].value)
    assert metrics(at)["Factories and mines launched"] == "1 of 3"  # u2 launches after the data end


def test_lists_narrow_each_other(app):
    at = app(bureau=COAL)
    assert at.sidebar.multiselect(key="industry").options == ["Coal"]
    assert at.sidebar.multiselect(key="unit").options == ["No. 1 Coal Mine"]
    # a chosen value stays offered even when another filter excludes it
    at = app(bureau=COAL, industry="power")
    assert at.sidebar.multiselect(key="industry").options == ["Coal", "Power"]


def test_no_change_is_not_shown_as_a_rise(app):
    # 1952-12-31 against 1952-12-30: same output and hours, no launch in between
    at = app(period=["1952-12-31", "1952-12-31"])
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["Factories and mines launched"] == "±0"
    assert deltas["Plan fulfilment"] == "±0.0 pp"
