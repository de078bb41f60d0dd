"""The Plan and cost page in a real browser: a ranked unit's bar opens its page, the CSV
holds the ranking, the cost figures on the Overview and the unit page, and a campaign
without cost data."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest

from bench.server import free_port, start, stop, wait_healthy
from pages.common.catalog import t
from queries import campaign
from tests.browser.conftest import screenshot, wait_idle
from tests.browser.test_clicks import _click_first_bar, _opened_unit

pytestmark = pytest.mark.browser

ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
COST_FILES = ("unit_costs.csv", "unit_funds.csv", "unit_staff.csv")


def _metric(page, label: str) -> str:
    card = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return card.locator("[data-testid='stMetricValue']").inner_text()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_draws_its_figures(server, page, lang):
    page.goto(f"{server}/cost?lang={lang}")
    wait_idle(page)
    screenshot(page, f"cost-{lang}")
    assert page.locator(ERRORS).count() == 0
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == t("nav.cost", lang)
    for key in ("trend", "items"):
        chart = page.locator(f".st-key-cost_{key}_chart .js-plotly-plot")
        assert chart.locator("g.point, g.trace").count() > 0, key
    assert page.locator("[data-testid='stMain'] .js-plotly-plot").count() == 2
    # the other sections draw when their tab is opened, and the link names the open one
    for view, keys in (
        ("capital", ("turnover", "staff")),
        ("effect", ("effect",)),
        ("units", ("rank",)),
    ):
        page.get_by_role("tab", name=t(f"cost.view.{view}", lang)).click()
        wait_idle(page)
        for key in keys:
            chart = page.locator(f".st-key-cost_{key}_chart .js-plotly-plot")
            chart.wait_for(timeout=30_000)
            assert chart.locator("path.point, g.point").count() > 0, key
        assert f"cost_view={view}" in page.url
        screenshot(page, f"cost-{view}-{lang}")
    # the headline card, found by its label in the page's language, holds a figure
    assert _metric(page, t("cost.kpi.cost_per_100", lang)) != "—"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_clicking_a_ranked_unit_opens_its_page(server, page, lang):
    page.goto(f"{server}/cost?lang={lang}&cost_view=units&cost_rank=cost_reduction_pct")
    wait_idle(page)
    beside = _click_first_bar(page, "cost_rank_chart")
    title = _opened_unit(page)
    page.get_by_role("tab", name=t("nav.cost", lang)).click()
    wait_idle(page)
    page.get_by_text(t("unit.cost.title", lang)).first.wait_for(timeout=30_000)
    screenshot(page, f"unit-cost-tab-{lang}")
    assert title == beside
    query = parse_qs(urlparse(page.url).query)
    assert query.get("lang", ["en"]) == [lang] and len(query["unit"]) == 1
    assert _metric(page, t("cost.kpi.cost_per_100", lang)) != "—"
    assert page.locator(ERRORS).count() == 0


def test_the_csv_holds_the_ranking(server, page):
    page.goto(f"{server}/cost?cost_view=units&cost_rank=cost_per_100_yuan")
    wait_idle(page)
    with page.expect_download() as info:
        page.locator(".st-key-cost_units_csv button").click()
    csv = pl.read_csv(info.value.path())
    ranked = csv["cost_per_100_yuan"].to_list()
    assert ranked == sorted(ranked) and csv.height > 40
    # each row's rate is its sums' ratio, as the page shows it
    rate = csv["cost_yuan"] / csv["costed_output_value_yuan"] * 100
    assert (rate - csv["cost_per_100_yuan"]).abs().max() < 1e-9
    first = _metric(page, t("cost.kpi.cost_per_100", "en"))
    whole = csv["cost_yuan"].sum() / csv["costed_output_value_yuan"].sum() * 100
    assert first == f"{whole:,.2f}"


def test_the_overview_headline_has_the_cost(server, page):
    page.goto(f"{server}/")
    wait_idle(page)
    page.get_by_text(t("kpi.cost.title", "en")).first.scroll_into_view_if_needed()
    screenshot(page, "overview-cost-en")
    assert _metric(page, t("cost.kpi.cost_per_100", "en")) != "—"


@pytest.fixture(scope="module")
def no_cost_server(tmp_path_factory):
    """The sample campaign without its economic accounting tables, on a server of its own."""
    folder = tmp_path_factory.mktemp("no_cost")
    source = folder / "source"
    source.mkdir()
    for path in campaign.SAMPLE_DIR.iterdir():
        if path.suffix in (".csv", ".parquet") and path.name not in COST_FILES:
            shutil.copy(path, source / path.name)
    db = folder / "no_cost.duckdb"
    campaign.load(source, db)
    port = free_port()
    proc = start(db, port, folder / "streamlit.log")
    try:
        wait_healthy(proc, port, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_campaign_without_cost_data_says_so(no_cost_server, page, lang):
    page.goto(f"{no_cost_server}/cost?lang={lang}")
    wait_idle(page)
    screenshot(page, f"cost-none-{lang}")
    assert page.locator(ERRORS).count() == 0
    alert = page.locator("[data-testid='stAlertContentInfo']")
    assert alert.count() == 1 and alert.first.inner_text() == t("cost.none", lang)
    assert page.locator(".js-plotly-plot").count() == 0
    page.goto(f"{no_cost_server}/?lang={lang}")
    wait_idle(page)
    assert page.get_by_text(t("kpi.cost.title", lang)).count() == 0
