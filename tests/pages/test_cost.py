"""The Plan and cost page in AppTest: the hand-built campaign with its cost tables
(tests/fixtures/cost.sql, values worked out in tests/queries/analytics/test_cost.py), in both
languages, its URL state, and a campaign without cost data."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pages.common.catalog import t
from tests.conftest import FIXTURES, build_fixture_db
from tests.pages import plotly_spec
from tests.pages.conftest import ENTRYPOINT, metrics

PAGE = "pages/cost.py"


@pytest.fixture(scope="module")
def cost_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cost_pages")
    sql = folder / "campaign_cost.sql"
    sql.write_text((FIXTURES / "campaign.sql").read_text() + (FIXTURES / "cost.sql").read_text())
    return build_fixture_db(folder / "cost.duckdb", sql)


def _open(db, monkeypatch, page=PAGE, **params) -> AppTest:
    monkeypatch.setenv("EMULATION_DB", str(db))
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_figures_are_the_hand_worked_ones(cost_db, monkeypatch, lang):
    at = _open(cost_db, monkeypatch, lang=lang)
    shown = metrics(at)
    assert shown[t("cost.kpi.cost_per_100", lang)] == "48.79"  # 10,734 / 22,000
    assert shown[t("cost.kpi.against_plan", lang)] == "96.8%"
    assert shown[t("cost.kpi.plan_saving", lang)] == "358"
    assert shown[t("cost.kpi.reduction", lang)] == "+2.6%"  # 266 / 10,360
    assert shown[t("cost.kpi.turnover", lang)] == "14.7"
    assert shown[t("cost.kpi.verified", lang)] == "93.3%"
    assert shown[t("cost.kpi.management_share", lang)] == "15.7%"  # 13 / 83
    assert shown[t("cost.kpi.levels", lang)] == "3.8"
    items = next(
        plotly_spec.spec(c)
        for c in at.get("plotly_chart")
        if plotly_spec.spec(c)["layout"].get("barmode") == "stack"
    )
    # the cost items in their own order, each month's stack the month's cost per 100 yuan
    names = ["materials", "wages", "fuel_power", "overhead"]
    assert [d["name"] for d in items["data"]] == [t(f"cost_item.{n}", lang) for n in names]
    january = sum(d["y"][-1] for d in items["data"])
    assert january == pytest.approx(5734 / 12000 * 100)
    captions = " ".join(c.value for c in at.caption)
    assert t("cost.kpi.reduction.caption", lang, saving="266", n=4) in captions
    # each section is drawn only when opened: two charts at a time
    assert [tab.label for tab in at.tabs] == [
        t(f"cost.view.{v}", lang) for v in ("trend", "capital", "effect", "units")
    ]
    assert len(at.get("plotly_chart")) == 2  # cost against plan and by item
    at = _open(cost_db, monkeypatch, lang=lang, cost_view="capital")
    turnover, staff = [plotly_spec.spec(c) for c in at.get("plotly_chart")]
    assert [d["name"] for d in turnover["data"]] == [t("cost.kpi.turnover", lang)]
    assert [d["name"] for d in staff["data"]] == [
        t("cost.kpi.management_share", lang),
        t("cost.kpi.levels", lang),
    ]
    assert at.query_params["cost_view"] == "capital"
    at = _open(cost_db, monkeypatch, lang=lang, cost_view="effect")
    # u3 is left out (no output in December): nothing to compare the launches with
    infos = " ".join(i.value for i in at.info)
    assert t("cost.effect.none", lang, min=5, n=2, not_launched=0) in infos
    assert at.query_params["cost_view"] == "effect"


def test_the_ranking_choice_is_in_the_link(cost_db, monkeypatch):
    at = _open(cost_db, monkeypatch, cost_view="units", cost_rank="cost_reduction_pct")
    assert at.button_group(key="cost_rank").value == "cost_reduction_pct"
    at = _open(cost_db, monkeypatch, cost_view="effect", cost_rank="cost_reduction_pct")
    at.button_group(key="cost_effect").set_value("rollout").run()
    assert at.query_params["cost_effect"] == "rollout"
    at = _open(cost_db, monkeypatch, cost_view="units", cost_rank="cost_reduction_pct")
    at.button_group(key="cost_rank").set_value("cost_against_plan_pct").run()
    assert "cost_rank" not in at.query_params  # the default stays out of the link
    at = _open(cost_db, monkeypatch, cost_view="units", cost_rank="no_such_measure")
    assert at.button_group(key="cost_rank").value == "cost_against_plan_pct"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_campaign_without_cost_data_says_so(fixture_db, monkeypatch, lang):
    at = _open(fixture_db, monkeypatch, lang=lang)
    assert [i.value for i in at.info] == [t("cost.none", lang)]
    assert metrics(at) == {}


@pytest.fixture(scope="module")
def db_before_cost(tmp_path_factory):
    """A database an earlier version published: no economic accounting tables at all."""
    import duckdb

    path = build_fixture_db(
        tmp_path_factory.mktemp("before_cost") / "old.duckdb", FIXTURES / "campaign.sql"
    )
    con = duckdb.connect(str(path))
    try:
        for table in ("unit_cost_months", "unit_costs", "unit_funds", "unit_staff"):
            con.execute(f"drop table if exists {table}")  # names of our own, not input
    finally:
        con.close()
    return path


@pytest.mark.parametrize(
    "page", ["pages/cost.py", "pages/overview.py", "pages/explore.py", "pages/unit.py"]
)
def test_a_database_older_than_the_cost_tables_has_no_cost_data(db_before_cost, monkeypatch, page):
    at = _open(db_before_cost, monkeypatch, page=page, unit="u1")
    assert t("cost.kpi.cost_per_100", "en") not in metrics(at)
    if page == "pages/cost.py":
        assert [i.value for i in at.info] == [t("cost.none", "en")]
    if page == "pages/explore.py":
        sources = at.selectbox(key="x_src").options
        assert t("explore.source.units", "en") in sources
        assert not any(
            t(f"explore.source.{s}", "en") in sources for s in ("unit_costs", "cost_detail")
        )


def test_the_overview_shows_cost_where_there_are_data(cost_db, monkeypatch):
    at = _open(cost_db, monkeypatch, page="pages/overview.py")
    assert metrics(at)[t("cost.kpi.cost_per_100", "en")] == "48.79"


def test_the_overview_shows_no_cost_without_data(fixture_db, monkeypatch):
    at = _open(fixture_db, monkeypatch, page="pages/overview.py")
    assert t("cost.kpi.cost_per_100", "en") not in metrics(at)


def test_the_unit_page_has_the_units_cost(cost_db, monkeypatch):
    monkeypatch.setenv("EMULATION_DB", str(cost_db))
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.query_params["unit"] = "u2"
    at.switch_page("pages/unit.py")
    at.session_state["unit_tab"] = t("nav.cost", "en")
    at.run()
    assert not at.exception, at.exception
    shown = metrics(at)
    assert shown[t("cost.kpi.cost_per_100", "en")] == "53.41"  # 2,350 / 4,400
    assert shown[t("cost.kpi.management_share", "en")] == "23.1%"  # 3 / 13
    (chart,) = [plotly_spec.spec(c) for c in at.get("plotly_chart")]
    actual, plan = chart["data"]
    assert actual["name"] == t("cost.series.actual", "en")
    # December 1,000 / 2,000, January 1,350 / 2,400; the plan 1,000 / 2,000 both months
    assert actual["y"] == pytest.approx([50.0, 56.25])
    assert plan["y"] == pytest.approx([50.0, 50.0])


def test_a_unit_month_with_cost_but_no_output_shows_no_rate(cost_db, monkeypatch):
    """Given u3's December (cost recorded, no output), expect dashes, not a rate or '—%'."""
    monkeypatch.setenv("EMULATION_DB", str(cost_db))
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.query_params["unit"] = "u3"
    at.query_params["period"] = ["1952-12-30", "1952-12-31"]
    at.switch_page("pages/unit.py")
    at.session_state["unit_tab"] = t("nav.cost", "en")
    at.run()
    assert not at.exception, at.exception
    shown = metrics(at)
    assert shown[t("cost.kpi.cost_per_100", "en")] == "—"
    assert shown[t("cost.kpi.against_plan", "en")] == "—"


def test_the_units_are_ranked_by_cost_against_plan(cost_db, monkeypatch):
    """Given the fixture, expect u1 (4,000 + 3,744 against the plan's 4,000 + 4,252.4 for
    the output made), u3 (640 / 640) and u2 (1,000 + 1,350 against 1,000 + 1,200) in that
    order, lowest first; u3 has no cost reduction (no baseline month with output)."""
    at = _open(cost_db, monkeypatch, cost_view="units")
    table = next(d.value for d in at.dataframe if t("cost.kpi.against_plan", "en") in d.value)
    assert table[t("col.unit", "en")].tolist() == [
        "No. 1 Coal Mine",
        "No. 3 Cotton Mill",
        "No. 2 Power Plant",
    ]
    against = table[t("cost.kpi.against_plan", "en")].tolist()
    assert against == pytest.approx(
        [7744 / (4000 + 4600 * 8320 / 9000) * 100, 100, 2350 / (1000 + 1200) * 100]
    )
    reduction = table[t("cost.kpi.reduction", "en")].tolist()
    assert reduction[1] != reduction[1]  # NaN: u3 has no baseline month with output
    assert [b.proto.label for b in at.get("download_button")] == [t("download.csv", "en")]
