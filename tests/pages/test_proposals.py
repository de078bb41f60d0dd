"""The Proposals page in AppTest, on the hand-built campaign (values worked out in
tests/queries/test_proposals.py). The sidebar period defaults to the data's range,
1952-12-30..1953-01-11, which holds p1, p2 and p3 but not p4 (submitted 1952-12-20)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pages.common.catalog import t
from tests.pages.conftest import metrics

PAGE = "pages/proposals.py"
COAL = "Central-South Coal Industry Administration Bureau"


@pytest.fixture
def page(app):
    def open_page(**params) -> AppTest:
        at = app(**params)
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at

    return open_page


def _table(at: AppTest, *columns: str):
    """The one table with these columns (AppTest does not expose a dataframe's key)."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, columns
    return found[0]


def test_english_funnel_with_counts_for_small_rates(page):
    at = page()
    assert at.title[0].value == "Rationalization proposals"
    got = metrics(at)
    assert {k: got[k] for k in ("Submitted", "Decided", "Adopted (incl. implemented)")} == {
        "Submitted": "3",
        "Decided": "2",
        "Adopted (incl. implemented)": "1",
    }
    assert got["Implemented"] == "1"
    assert (got["Rejected"], got["Pending"]) == ("1", "1")
    # 1 adopted of 2 decided is too few for a percentage: the counts are the value
    assert got["Adoption rate"] == "1 / 2"
    assert got["Implementation rate"] == "1 / 1"
    assert got["Proposals per 100 workers"] == "7.0"  # 3 of 43 workers
    captions = [c.value for c in at.caption]
    assert "1 adopted of 2 decided" in captions
    assert any(c.startswith("Adoption rate rests on only 2 proposals") for c in captions)


def test_report_window_ignores_the_period(page):
    at = page(p_view="leaders")
    got = metrics(at)
    # p4 was submitted before the period, but inside the report's window
    assert got["Proposals in the window"] == "4"
    assert got["Units with proposals in it"] == "2"


def test_units_categories_and_backlog(page):
    at = page(p_view="leaders")
    units = _table(at, "Report's twelve")
    assert units["Factory or mine"].tolist() == [
        "No. 2 Power Plant",  # 1 of 5 workers: 20 per 100
        "No. 1 Coal Mine",  # 2 of 30
        "No. 3 Cotton Mill",
    ]
    assert units["Report's twelve"].tolist() == ["★", "★", ""]
    assert units["Median days to decision"].tolist()[1] == 8  # p1 and p2: 8 days each
    cats = _table(at, "Category", "Per 100 workers")
    assert sorted(cats["Category"]) == ["Process", "Safety", "Tools"]
    at = page(p_view="backlog")
    # at 1953-01-11 only p3 waits, one day old
    assert "1 pending at 1953-01-11, 0 of them waiting more than 30 days." in [
        m.value for m in at.markdown
    ]


def test_search(page):
    at = page(p_view="search")
    assert _table(at, "Title").shape[0] == 3
    at.text_input(key="p_search").input("pick").run()
    found = _table(at, "Title")
    assert found["Title"].tolist() == ["Improve the pick"]
    assert found["Status at period end"].tolist() == ["Implemented"]


def test_the_search_lives_in_the_link(page):
    at = page(p_view="search")
    assert "p_search" not in at.query_params
    at.text_input(key="p_search").input("pick").run()
    assert at.query_params["p_search"] == "pick"
    at.text_input(key="p_search").input("").run()
    assert "p_search" not in at.query_params


def test_a_link_reopens_the_same_search(page):
    at = page(p_search="pick", p_view="search")
    assert at.text_input(key="p_search").value == "pick"
    found = _table(at, "Title")
    assert found["Title"].tolist() == ["Improve the pick"]


def test_chinese(page):
    at = page(lang="zh")
    assert at.title[0].value == "合理化建议"
    got = metrics(at)
    assert got["提出"] == "3" and got["采用率"] == "1 / 2"
    at = page(lang="zh", p_view="search")
    found = _table(at, "标题")
    assert set(found["标题"]) == {"改进风镐", "改进回柱", "加装护栏"}
    assert set(found["时期末状态"]) == {"实施", "未采用", "待审"}
    at = page(lang="zh", p_view="leaders")
    cats = _table(at, "类别", "每百名职工")
    assert sorted(cats["类别"]) == ["安全", "工具改进", "工艺改进"]


def test_overdue_threshold(page):
    # at 1953-01-11 p3 (01-10) has waited one day; with the period to 01-10, p2 waits 7
    at = page(period=["1952-12-30", "1953-01-10"], p_overdue="15", p_view="backlog")
    assert "2 pending at 1953-01-10, 0 of them waiting more than 15 days." in [
        m.value for m in at.markdown
    ]


def test_no_proposals_in_the_period(page):
    at = page(period=["1952-12-30", "1952-12-31"])
    assert t("proposals.none", "en") in [i.value for i in at.info]
    # the report's window still has its four
    at = page(period=["1952-12-30", "1952-12-31"], p_view="leaders")
    assert metrics(at)["Proposals in the window"] == "4"


def test_empty_selection_says_so(page):
    at = page(bureau=COAL, industry="power")
    assert [i.value for i in at.info] == [t("empty.no_units", "en")]
    assert len(at.metric) == 0


def test_the_funnel_stands_above_the_sections_and_the_link_names_the_open_one(page):
    at = page()
    # the funnel's counts and chart, then the first section alone
    assert [h.value for h in at.subheader] == [
        t("proposals.funnel.title", "en"),
        t("proposals.month.title", "en"),
    ]
    assert len(at.get("plotly_chart")) == 2 and "p_view" not in at.query_params
    at = page(p_view="backlog", lang="zh")
    assert [h.value for h in at.subheader] == [
        t("proposals.funnel.title", "zh"),
        t("proposals.backlog.title", "zh"),
    ]
    assert at.query_params["p_view"] == "backlog"
