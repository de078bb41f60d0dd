"""The Quality and safety page in AppTest, on the campaign with tests/fixtures/quality.sql
added (values worked out in tests/queries/test_quality.py). The sidebar period defaults to
the data's range, 1952-12-30..1953-03-01, which both units' windows fit into."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pages.common.catalog import t
from tests.pages import plotly_spec
from tests.pages.conftest import ENTRYPOINT
from tests.queries.analytics.test_quality import FIXTURE_BUREAU, build_quality_db

PAGE = "pages/quality.py"
COAL = "Central-South Coal Industry Administration Bureau"


@pytest.fixture(scope="module")
def quality_db(tmp_path_factory):
    return build_quality_db(tmp_path_factory.mktemp("quality_pages"))


@pytest.fixture
def page(quality_db, monkeypatch):
    monkeypatch.setenv("EMULATION_DB", str(quality_db))

    def open_page(**params) -> AppTest:
        at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at

    return open_page


def _table(at: AppTest, column: str):
    """The table that has this column (AppTest does not expose a dataframe's key)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, column
    return found[0]


def _markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_flagged_unit_with_its_reason_in_english(page):
    at = page(bureau=FIXTURE_BUREAU, q_view="limits")
    assert at.title[0].value == "Quality and safety"
    flagged = [m for m in _markdown(at) if m.startswith("**No. 4 Coal Mine**")]
    assert flagged == [
        "**No. 4 Coal Mine** — productivity index 100.0 → 120.0; 20 injury accidents after "
        "joining where 11.0 were expected at the unit's pooled rate (99.8% limit 18); defect "
        "rate 1.00% → 3.00%, above the 99.8% limit of 2.70% (¥600 rejected of ¥20,000 "
        "inspected after joining)"
    ]
    # the small gradual unit rose from 0 to 2 accidents: too few to flag
    assert not any(m.startswith("**No. 5 Machinery Works**") for m in _markdown(at))


def test_before_after_table(page):
    at = page(bureau=FIXTURE_BUREAU, q_view="joining")
    table = _table(at, "Index change")
    assert table["Factory or mine"].tolist() == ["No. 4 Coal Mine", "No. 5 Machinery Works"]
    assert table["Index change"].round(6).tolist() == [20.0, 15.0]
    assert table["Defect change, pp"].round(6).tolist() == [2.0, 0.0]
    assert table["Injury accidents after joining"].tolist() == [20, 2]
    assert table["Above the limit"].tolist() == ["rejects (99.8%); accidents (99.8%)", ""]
    # the period (from 12-30) cuts u4's before window to 12-30..01-04
    assert table["Days before"].tolist() == [6, 6]


def test_rushed_against_gradual(page):
    at = page(bureau=FIXTURE_BUREAU, q_view="rushed")
    table = _table(at, "Rollout pattern")
    assert table["Rollout pattern"].tolist() == [
        "Rushed in all at once",
        "Rushed in all at once",
        "From point to area",
        "From point to area",
    ]
    assert table["Defect rate %"].round(6).tolist() == [1.0, 3.0, 2.0, 2.0]
    assert table["Injury accidents"].tolist() == [2, 20, 0, 2]
    # at 50% no unit is rushed: u5's one team in two is not more than half
    at.button_group(key="q_rush").set_value("50").run()
    assert _table(at, "Rollout pattern")["Number of factories and mines"].tolist() == [1, 1, 1, 1]
    at.button_group(key="q_rush").set_value("90").run()
    assert t("quality.rushed.none", "en") not in [i.value for i in at.info]
    assert at.query_params["q_rush"] == "90"


def test_chinese(page):
    at = page(lang="zh", bureau=FIXTURE_BUREAU)
    assert at.title[0].value == "质量与安全"
    at = page(lang="zh", bureau=FIXTURE_BUREAU, q_view="limits")
    flagged = [m for m in _markdown(at) if m.startswith("**四号煤矿**")]
    assert len(flagged) == 1
    assert (
        "参赛后伤亡事故 20 起，按该厂矿合并事故率预计 11.0 起（99.8% 控制限 18 起）" in flagged[0]
    )
    assert "废品率 1.00% → 3.00%" in flagged[0]
    at = page(lang="zh", bureau=FIXTURE_BUREAU, q_view="accidents")
    causes = _table(at, "经过")
    assert set(causes["原因"]) == {"冒顶", "运输", "机械", "物体打击", "触电"}
    assert "未伤人" in set(causes["严重程度"])


def test_accidents_table_and_counts(page):
    at = page(bureau=FIXTURE_BUREAU, q_view="accidents")
    captions = [c.value for c in at.caption]
    # u4's 22 minor ones (2 days each) and u5's three (4 + 40 days, one hurt nobody)
    assert "25 accidents: 24 injured, 0 killed, 88 working days lost." in captions
    table = _table(at, "What happened")
    assert table["Date"].iloc[0].isoformat()[:10] == "1953-03-01"  # newest first
    assert table.shape[0] == 25


def test_open_a_flagged_unit_sets_the_filter(page):
    at = page(bureau=FIXTURE_BUREAU, q_view="limits")
    at.button(key="open_u4").click().run()
    assert at.session_state["unit"] == ["u4"]


def test_time_chart_choices_live_in_the_url(page):
    at = page(bureau=FIXTURE_BUREAU, q_metric="accident_frequency_rate", q_by="unit")
    assert at.button_group(key="q_metric").value == "accident_frequency_rate"
    assert at.button_group(key="q_by").value == "unit"
    assert not at.exception


def _time_chart(at: AppTest) -> dict:
    return plotly_spec.spec(at.get("plotly_chart")[0])


def test_a_units_line_carries_its_id_for_a_click(page):
    at = page(bureau=FIXTURE_BUREAU, q_by="unit")
    chart = _time_chart(at)
    lines = [d for d in chart["data"] if "lines" in d.get("mode", "")]
    # each point: the unit's id (a click opens it), then the counts its hover shows
    assert sorted({c[0] for d in lines for c in d["customdata"]}) == ["u4", "u5"]
    assert all(len({c[0] for c in d["customdata"]}) == 1 for d in lines)
    assert all("accidents" in c[1] or "rejected" in c[1] for d in lines for c in d["customdata"])
    assert chart["layout"]["hovermode"] == "closest"
    assert t("click.unit.point", "en") in [c.value for c in at.caption]


def test_whole_scope_line_is_not_clickable(page):
    at = page(bureau=FIXTURE_BUREAU, lang="zh")
    assert _time_chart(at)["layout"]["hovermode"] == "x unified"
    captions = [c.value for c in at.caption]
    assert t("click.unit.point", "zh") not in captions
    # the before-and-after table's rows open their units
    at = page(bureau=FIXTURE_BUREAU, lang="zh", q_view="joining")
    captions = [c.value for c in at.caption]
    assert t("click.unit.row", "zh") in captions


def test_no_comparison_possible_says_so(page):
    # from 1953-01-06 on, nothing of either unit's before window is left
    at = page(bureau=FIXTURE_BUREAU, period=["1953-01-06", "1953-03-01"], q_view="joining")
    assert t("quality.ba.none", "en") in [i.value for i in at.info]
    assert not [m for m in _markdown(at) if m.startswith("**No. 4")]


def test_empty_selection_says_so(page):
    at = page(bureau=COAL, industry="power")
    assert [i.value for i in at.info] == [t("empty.no_units", "en")]
    assert len(at.dataframe) == 0


def test_many_flagged_units_are_listed_in_a_table_whose_rows_open_them(page, monkeypatch):
    # A ministry can have a hundred flagged units: past tables.CARDS_LIMIT they are rows of
    # one table (with the same reason) instead of a card each.
    monkeypatch.setattr("pages.common.tables.CARDS_LIMIT", 0)
    at = page(bureau=FIXTURE_BUREAU, q_view="limits")
    assert not [b for b in at.button if (b.key or "").startswith("open_")]
    flagged = next(d.value for d in at.dataframe if "Why it is flagged" in d.value.columns)
    assert flagged["Factory or mine"].tolist() == ["No. 4 Coal Mine"]
    assert "injury accidents" in flagged["Why it is flagged"][0]


def test_the_window_chosen_in_one_section_holds_in_the_others(page):
    at = page(bureau=FIXTURE_BUREAU, q_view="joining", q_days="60")
    assert [h.value for h in at.subheader] == [
        t("quality.ba.title", "en"),
        t("quality.tradeoff.title", "en"),
    ]
    assert at.button_group(key="q_days").value == "60"
    # the window is one choice of the page: the control limits take it from the same key
    at = page(bureau=FIXTURE_BUREAU, q_view="limits", q_days="60")
    assert at.button_group(key="q_days").value == "60"
    assert t("quality.funnel.title", "en") in [h.value for h in at.subheader]
    assert at.query_params["q_view"] == "limits" and at.query_params["q_days"] == "60"
