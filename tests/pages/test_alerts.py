"""The Alerts page in AppTest: on the alerts fixture loaded twice by the real loader (all six
planted alerts, then the death put right, so five open and one cleared), and on a database
that stores no alerts (the rules evaluated live)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pages.common.catalog import t
from queries import campaign
from tests.pages.conftest import ENTRYPOINT, metrics
from tests.queries.alerts.conftest import build, export_tables, fixes

PAGE = "pages/alerts.py"


@pytest.fixture(scope="module")
def alerts_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("alerts_page")
    planted = export_tables(build(folder, "planted"), folder / "planted")
    one_fixed = export_tables(build(folder, "one", fixes()["death:a2:ad01"]), folder / "one")
    target = folder / "campaign.duckdb"
    campaign.load(planted, target)
    campaign.load(one_fixed, target)
    return target


@pytest.fixture
def page(monkeypatch):
    def open_page(db: Path, **params) -> AppTest:
        monkeypatch.setenv("EMULATION_DB", str(db))
        at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at

    return open_page


def _list(at: AppTest):
    found = [d.value for d in at.dataframe if "what" in d.value.columns]
    assert len(found) == 1
    return found[0]


def test_open_alerts_newest_first_with_their_views(page, alerts_db):
    at = page(alerts_db)
    assert at.title[0].value == "Alerts"
    got = metrics(at)
    assert got["Open alerts"] == "5"
    assert (got["High"], got["Medium"], got["Low"]) == ("1", "3", "1")
    table = _list(at)
    # newest period end first (four end on the data's last day), then highest severity
    assert table["unit"].to_list() == [
        "Rush Mine",
        "Lagging Works",
        "Falling Plant",
        "Slow Factory",
        "Rush Mine",
    ]
    assert table["severity"].to_list() == ["High", "Medium", "Medium", "Low", "Medium"]
    assert table["page"].to_list()[-1] == "Rollout"
    assert table["rule"].to_list()[0] == "Accidents above the control limit"
    assert table["view"].to_list()[0] == "./quality?unit=a1"
    assert "20 injury accidents after joining where 10.2 were expected" in table["what"][0]
    assert set(table["unit"]) == {"Rush Mine", "Lagging Works", "Falling Plant", "Slow Factory"}
    assert table["cleared"].isna().sum() == 5


def test_cleared_alerts_keep_their_history(page, alerts_db):
    at = page(alerts_db, alert_status="cleared")
    table = _list(at)
    assert table["unit"].to_list() == ["Steady Mill"]
    assert table["rule"].to_list() == ["Death"]
    assert table["what"].to_list() == ["1 worker killed: Machinery"]
    assert table["view"].to_list() == ["./unit?unit=a2&period=1953-03-20&period=1953-03-20"]
    assert table["cleared"].isna().sum() == 0


def test_filters_by_severity_rule_and_scope(page, alerts_db):
    at = page(alerts_db, alert_severity="medium")
    assert set(_list(at)["rule"]) == {
        "Rushed in all at once",
        "Below plan week after week",
        "Productivity fell after joining",
    }
    at = page(alerts_db, alert_rule="rushed")
    assert _list(at)["unit"].to_list() == ["Rush Mine"]
    at = page(alerts_db, bureau="Bureau B")
    assert set(_list(at)["unit"]) == {"Falling Plant", "Slow Factory"}


def test_chinese(page, alerts_db):
    at = page(alerts_db, lang="zh")
    assert at.title[0].value == "警报"
    table = _list(at)
    assert table["rule"].to_list()[0] == "事故超过控制限"
    assert table["view"].to_list()[0] == "./quality?unit=a1&lang=zh"
    assert table["unit"].to_list()[0] == "急进煤矿"
    assert "参加竞赛后发生伤人事故20次" in table["what"][0]


def test_nothing_matches(page, alerts_db):
    at = page(alerts_db, alert_status="cleared", alert_rule="rushed")
    assert [i.value for i in at.info] == [t("alerts.none", "en")]


def test_a_database_without_stored_alerts_evaluates_them_live(page, fixture_db):
    at = page(fixture_db)
    assert t("alerts.live", "en") in [c.value for c in at.caption]
    table = _list(at)
    # campaign.sql's fatal gas explosion at No. 1 Coal Mine, 0 days before the data end
    assert "No. 1 Coal Mine" in table["unit"].to_list()
    assert "Death" in table["rule"].to_list()
