"""The Rollout page in AppTest, on the hand-built campaign of
tests/fixtures/rollout_productivity.sql (values worked out in tests/queries/test_rollout.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pages.common.catalog import label, t
from tests.conftest import FIXTURES, build_fixture_db
from tests.pages import plotly_spec
from tests.pages.conftest import ENTRYPOINT

PAGE = "pages/rollout.py"


@pytest.fixture(scope="module")
def rp_db(tmp_path_factory):
    return build_fixture_db(
        tmp_path_factory.mktemp("rp_pages") / "rp.duckdb", FIXTURES / "rollout_productivity.sql"
    )


@pytest.fixture
def rollout_page(rp_db, monkeypatch):
    monkeypatch.setenv("EMULATION_DB", str(rp_db))

    def open_page(**params) -> AppTest:
        at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at

    return open_page


# st.dataframe gives its tables no id in AppTest: a table is found by a column of its own.
TABLE_COLUMNS = {
    ("rollout_pace_table", "en"): "Rushed in all at once",
    ("rollout_pace_table", "zh"): "一轰而起",
    ("rollout_preparing_table", "en"): "Number of workers",
    ("rollout_preparing_table", "zh"): "职工数",
}


def _table(at: AppTest, key: str, lang: str = "en"):
    column = TABLE_COLUMNS[(key, lang)]
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _chart(at: AppTest, index: int) -> dict:
    return plotly_spec.spec(at.get("plotly_chart")[index])


def test_english_under_a_bureau_filter(rollout_page):
    at = rollout_page(bureau="Bureau A", rollout_view="pace")
    assert at.title[0].value == "Rollout"
    pace = _table(at, "rollout_pace_table")
    assert pace["Factory or mine"].tolist() == ["Rush Mine"]
    row = pace.iloc[0]
    # 50% of its workers two days after the first team, 90% after seven; 4 of 5 teams in a week
    assert (row["Days to 50% of workers"], row["Days to 90% of workers"]) == (2, 7)
    assert row["Largest 7-day share %"] == pytest.approx(80.0)
    assert row["Rushed in all at once"] == "yes"
    summary = [m.value for m in at.markdown]
    assert any(s.startswith("1 of 1 launched unit rushed in all at once") for s in summary)
    at = rollout_page(bureau="Bureau A", rollout_view="preparing")
    summary = [m.value for m in at.markdown]
    preparing = _table(at, "rollout_preparing_table")
    assert preparing["Factory or mine"].tolist() == ["Preparing Plant"]
    assert preparing["Number of workers"].tolist() == [18]
    assert "3 teams" in next(s for s in summary if "not yet reached" in s)


def test_quilt_shows_each_units_weekly_share(rollout_page):
    at = rollout_page(bureau="Bureau A", rollout_view="quilt")
    heat, cells = _chart(at, 0)["data"]
    assert heat["type"] == "heatmap"
    assert heat["y"] == ["Rush Mine", "Preparing Plant"]  # launch order, preparing last
    week = heat["x"].index("1953-01-05")
    # by Sunday 01-11: ra, rb, rc, rd = 40 of 50 workers
    assert heat["z"][0][week] == pytest.approx(0.8)
    assert heat["z"][1][week] == 0.0
    # The hover and the click belong to an invisible marker on each cell, row by row, which
    # carries the unit's id: Plotly cannot select a heatmap's cell.
    assert heat["hoverinfo"] == "skip"
    assert cells["type"] == "scatter" and cells["marker"]["opacity"] == 0
    weeks = len(heat["x"])
    assert len(cells["x"]) == 2 * weeks
    first, second = week, weeks + week
    assert (cells["x"][first], cells["y"][first]) == ("1953-01-05", "Rush Mine")
    assert cells["customdata"][first] == "r1"
    assert "week of 1953-01-05" in cells["text"][first]
    assert "80% of workers covered (40 of 50)" in cells["text"][first]
    assert (cells["y"][second], cells["customdata"][second]) == ("Preparing Plant", "p1")
    assert t("click.unit.cell", "en") in [c.value for c in at.caption]


def test_chinese_whole_scope(rollout_page):
    at = rollout_page(lang="zh", rollout_view="pace")
    assert at.title[0].value == "铺开"
    pace = _table(at, "rollout_pace_table", "zh")
    # both launched on 01-05, in id order: the Gradual Mill first
    assert pace["厂矿"].tolist() == ["渐进纱厂", "急进煤矿"]
    assert pace["一轰而起"].tolist() == ["", "是"]
    assert pace["达到90%职工天数"].isna().tolist() == [True, False]
    at = rollout_page(lang="zh", rollout_view="preparing")
    preparing = _table(at, "rollout_preparing_table", "zh")
    assert preparing["厂矿"].tolist() == ["筹备电厂", "后起机械厂"]
    assert str(preparing["开展竞赛日期"].tolist()[1])[:10] == "1953-07-06"


def test_threshold_is_adjustable(rollout_page):
    at = rollout_page(rollout_view="pace")
    at.slider(key="rollout_threshold").set_value(80).run()
    # 80% is not above 80%: nobody rushed
    assert any(m.value.startswith("None of the 2 launched units") for m in at.markdown)
    assert _table(at, "rollout_pace_table")["Rushed in all at once"].tolist() == ["", ""]


def test_the_threshold_lives_in_the_link(rollout_page):
    at = rollout_page(rollout_view="pace")
    assert at.slider(key="rollout_threshold").value == 60
    assert "rollout_threshold" not in at.query_params  # the default keeps the link short
    at.slider(key="rollout_threshold").set_value(80).run()
    assert at.query_params["rollout_threshold"] == "80"
    at.slider(key="rollout_threshold").set_value(60).run()
    assert "rollout_threshold" not in at.query_params


def test_a_link_reopens_the_same_threshold(rollout_page):
    at = rollout_page(rollout_threshold="80", rollout_view="pace")
    assert at.slider(key="rollout_threshold").value == 80
    assert any(m.value.startswith("None of the 2 launched units") for m in at.markdown)
    assert _table(at, "rollout_pace_table")["Rushed in all at once"].tolist() == ["", ""]
    # a value the slider does not offer leaves it at its default
    at = rollout_page(rollout_threshold="57", rollout_view="pace")
    assert at.slider(key="rollout_threshold").value == 60


def _lines(chart: dict) -> list[dict]:
    return [d for d in chart["data"] if "lines" in d.get("mode", "")]


def test_coverage_split_by_bureau(rollout_page):
    at = rollout_page(rollout_split="bureau")
    assert at.button_group(key="rollout_measure").value == "workers"
    lines = _lines(_chart(at, 0))
    assert [d["name"] for d in lines] == ["Bureau A", "Bureau B"]
    at.button_group(key="rollout_measure").set_value("units").run()
    lines = _lines(_chart(at, 0))
    # by the end, one of Bureau A's two units (r1) and one of Bureau B's two (g1) had started
    assert [d["y"][-1] for d in lines] == pytest.approx([0.5, 0.5])
    assert at.query_params["rollout_measure"] == "units"


def test_csv_download_holds_the_table(rollout_page):
    at = rollout_page(bureau="Bureau A", rollout_view="pace")
    button = at.get("download_button")[0]
    assert button.proto.label == t("download.csv", "en")


def test_only_units_still_preparing(rollout_page):
    at = rollout_page(unit="p1", rollout_view="pace")
    assert t("rollout.no_launched", "en") in [i.value for i in at.info]
    at = rollout_page(unit="p1", rollout_view="preparing")
    assert _table(at, "rollout_preparing_table")["Factory or mine"].tolist() == ["Preparing Plant"]


def test_empty_selection_says_so(rollout_page):
    at = rollout_page(bureau="Bureau A", industry="machinery")
    assert [i.value for i in at.info] == [t("empty.no_units", "en")]
    assert len(at.dataframe) == 0
    at = rollout_page(lang="zh", bureau="Bureau A", industry="machinery")
    assert [i.value for i in at.info] == [t("empty.no_units", "zh")]


def test_a_groups_line_carries_its_key_for_a_click(rollout_page):
    at = rollout_page(rollout_split="industry", lang="zh")
    chart = _chart(at, 0)
    lines = _lines(chart)
    # each point carries its industry's code (what the sidebar filters on), then its hover
    keys = [{c[0] for c in d["customdata"]} for d in lines]
    assert all(len(k) == 1 for k in keys) and len(lines) >= 2
    assert [d["name"] for d in lines] == [label("industry", k.pop(), "zh") for k in keys]
    assert "coal" in {c[0] for d in lines for c in d["customdata"]}
    # markers, or Plotly would select nothing on a click; invisible, the chart is unchanged
    assert all(d["mode"] == "lines+markers" and d["marker"]["opacity"] == 0 for d in lines)
    assert chart["layout"]["hovermode"] == "closest"
    assert t("click.industry.point", "zh") in [c.value for c in at.caption]
    # the events' triangles carry no id: a click on one goes nowhere
    assert all("customdata" not in d for d in chart["data"] if d.get("mode") == "markers")


def test_whole_scope_lines_are_not_clickable(rollout_page):
    at = rollout_page()
    captions = [c.value for c in at.caption]
    assert not any(c.startswith("Click a point") for c in captions)
    assert _chart(at, 0)["layout"]["hovermode"] == "x unified"


def test_quilt_shows_a_window_of_units_at_a_time(rollout_page, monkeypatch):
    whole = rollout_page(rollout_view="quilt")
    assert not whole.selectbox  # four units fit in one window: no choice to make
    everyone = _chart(whole, 0)["data"][0]["y"]
    assert len(everyone) == 4
    # two rows at a time: the second window holds units 3 and 4 of the launch order
    monkeypatch.setattr("queries.analytics.rollout.QUILT_ROWS", 2)
    at = rollout_page(rollout_view="quilt")
    box = at.selectbox(key="quilt_rows")
    assert box.options == ["1–2 of 4", "3–4 of 4"]
    assert _chart(at, 0)["data"][0]["y"] == everyone[:2]
    box.set_value("2").run()
    heat, cells = _chart(at, 0)["data"]
    assert heat["y"] == everyone[2:]
    assert len(cells["customdata"]) == 2 * len(heat["x"])  # clickable cells of this window
    assert at.query_params["quilt_rows"] == "2"


def test_a_link_reopens_the_same_window(rollout_page, monkeypatch):
    monkeypatch.setattr("queries.analytics.rollout.QUILT_ROWS", 3)
    at = rollout_page(quilt_rows="3", rollout_view="quilt")
    assert at.selectbox(key="quilt_rows").value == "3"
    assert len(_chart(at, 0)["data"][0]["y"]) == 1  # the fourth unit alone


def test_the_coverage_opens_first_and_the_link_names_another_section(rollout_page):
    at = rollout_page()
    # the coverage alone: one chart, not the quilt's cell per unit and week
    assert [h.value for h in at.subheader] == [t("rollout.coverage.title", "en")]
    assert len(at.get("plotly_chart")) == 1 and "rollout_view" not in at.query_params
    at = rollout_page(rollout_view="quilt", lang="zh")
    assert [h.value for h in at.subheader] == [t("rollout.quilt.title", "zh")]
    assert _chart(at, 0)["data"][0]["type"] == "heatmap"
    assert at.query_params["rollout_view"] == "quilt"
