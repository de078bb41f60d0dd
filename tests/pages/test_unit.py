"""The unit page in AppTest on the hand-built campaign (values in tests/queries/test_unit.py)."""

from __future__ import annotations

from pages.common.catalog import t
from tests.pages.conftest import metrics, shown

UNIT_PAGE = "pages/unit.py"


def open_unit(app, tab: str | None = None, **params):
    """The unit page, with the tab (its catalog key, e.g. "nav.quality") opened."""
    at = app(**params)
    if tab:
        at.session_state["unit_tab"] = t(tab, params.get("lang", "en"))
    at.switch_page(UNIT_PAGE).run()
    assert not at.exception, at.exception
    return at


def test_unit_from_the_url(app):
    at = open_unit(app, unit="u1", period=["1953-01-10", "1953-01-11"])
    assert shown(at.title[0].value) == "No. 1 Coal Mine"
    got = metrics(at)
    assert got["Workers"] == "30"
    assert got["Teams joined"] == "2 of 2"
    assert got["Plan fulfilment"] == "92.4%"  # 8320 / 9000
    assert got["Defect rate"] == "3.57%"  # 140 / 3920
    captions = [c.value for c in at.caption]
    assert "#1 of 1 · better than or equal to 100% of peers" in captions
    assert "**Central-South Coal Industry Administration Bureau**" in [
        shown(m.value) for m in at.markdown
    ]
    assert at.selectbox(key="unit_pick").value == "u1"


def test_unit_in_chinese(app):
    at = open_unit(app, unit="u1", lang="zh")
    assert shown(at.title[0].value) == "一号煤矿"
    assert metrics(at)["已参加小组"] == "2 / 2"
    assert at.tabs[0].label == "铺开"


def test_a_unit_still_preparing(app):
    at = open_unit(app, unit="u3")
    assert shown(at.title[0].value) == "No. 3 Cotton Mill"
    assert "**still preparing**" in [m.value for m in at.markdown]
    assert t("unit.timeline.none", "en") in [i.value for i in at.info]
    assert "1 team (8 workers) has not joined." in [c.value for c in at.caption]


def test_no_unit_chosen_says_how_to_choose(app):
    at = open_unit(app)
    assert [i.value for i in at.info] == [t("unit.none", "en")]


def test_choosing_a_unit_sets_the_filter_and_the_link(app):
    at = open_unit(app)
    at.selectbox(key="unit_pick").set_value("u2").run()
    assert shown(at.title[0].value) == "No. 2 Power Plant"
    assert at.sidebar.multiselect(key="unit").value == ["u2"]
    assert at.query_params["unit"] == "u2"


def test_every_accident_with_its_description(app):
    at = open_unit(app, unit="u1", lang="zh", tab="nav.quality")
    # a table without selection is not a widget, so it is found by its columns
    table = next(d.value for d in at.dataframe if "经过" in d.value.columns)
    assert table["经过"].tolist() == ["机械伤害", "落石砸伤", "瓦斯爆炸"]
    assert table["严重程度"].tolist() == ["重伤", "轻伤", "死亡"]


def test_team_table(app):
    at = open_unit(app, unit="u1", period=["1953-01-10", "1953-01-11"], tab="nav.productivity")
    table = at.dataframe(key="unit_teams").value
    assert table["Team"].tolist() == ["Team 1", "Team 2"]
    assert table["Productivity index"].round(1).tolist() == [120.0, 100.0]


def test_rushed_flag_and_proposals(app):
    at = open_unit(app, unit="u1")
    # both teams of u1 joined within 6 days: 2 of 2, above the 60% threshold
    assert at.warning[0].value.startswith(
        "Rushed in all at once (一轰而起): 2 of its 2 teams (100%)"
    )
    at.session_state["unit_tab"] = t("nav.proposals", "en")
    at.run()
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Adoption rate 50.0% (1 of 2 decided)") for c in captions)
    table = next(d.value for d in at.dataframe if "Estimated saving, yuan/year" in d.value.columns)
    assert sorted(table["Title"].tolist()) == ["Better prop withdrawal", "Improve the pick"]
    assert sorted(table["Status"].tolist()) == ["Implemented", "Rejected"]


def test_a_unit_not_yet_launched_has_no_rollout_flag(app):
    at = open_unit(app, unit="u3", lang="zh")
    assert not at.warning
    assert not any(c.value.startswith("由点到面") for c in at.caption)
    assert [i.value for i in at.info][:1] == [t("unit.timeline.none", "zh")]


def test_only_the_open_tab_runs(app):
    at = open_unit(app, unit="u1")
    assert at.session_state["unit_tab"] == t("nav.rollout", "en")
    keys = {d.key for d in at.dataframe}
    assert "unit_teams" not in keys  # the productivity tab's table: not computed yet
    assert not any("Estimated saving, yuan/year" in d.value.columns for d in at.dataframe)
    at.session_state["unit_tab"] = t("nav.productivity", "en")
    at.run()
    assert "unit_teams" in {d.key for d in at.dataframe}
    assert shown(at.title[0].value) == "No. 1 Coal Mine"  # the header is there on every tab


def test_the_open_tab_stays_open_when_the_language_changes(app):
    at = open_unit(app, unit="u1", tab="nav.quality")
    at.button_group(key="lang").set_value("zh").run()
    assert not at.exception
    assert at.session_state["unit_tab"] == t("nav.quality", "zh")
    # the quality tab's accidents table, in Chinese
    assert any("经过" in d.value.columns for d in at.dataframe)
