"""Real clicks: a unit's bar or row opens its page; a bureau's bar narrows the dashboard."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser


def _click_first_bar(page, key: str) -> str:
    """Click the first bar of a horizontal bar chart; return the label beside it."""
    chart = page.locator(f".st-key-{key} .js-plotly-plot")
    chart.wait_for()
    bar = chart.locator("g.trace.bars g.point path").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    ticks = chart.locator("g.ytick text")
    nearest = min(
        (abs(ticks.nth(i).bounding_box()["y"] + ticks.nth(i).bounding_box()["height"] / 2 - y), i)
        for i in range(ticks.count())
    )[1]
    beside = ticks.nth(nearest).text_content()
    # Plotly's drag layer lies over the bars and turns a click there into a selection
    page.mouse.move(x, y)
    page.wait_for_timeout(200)
    page.mouse.click(x, y)
    return beside


def _wait_for_path(page, path: str) -> None:
    # st.switch_page changes the address with history.pushState: no load event follows
    page.wait_for_function(f"() => location.pathname.endsWith('{path}')", timeout=30_000)


def test_clicking_a_unit_bar_opens_the_unit_page(server, page):
    page.goto(f"{server}/?ranking=units&period=1953-01-01&period=1953-03-31")
    wait_idle(page)
    first_unit = _click_first_bar(page, "ranking_chart")
    _wait_for_path(page, "/unit")
    wait_idle(page)
    screenshot(page, "click-unit-bar")
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == first_unit
    assert "unit=" in page.url and "period=1953-01-01" in page.url


def test_clicking_a_bureau_bar_filters_to_that_bureau(server, page):
    page.goto(f"{server}/?lang=zh")
    wait_idle(page)
    _click_first_bar(page, "ranking_chart")
    page.wait_for_url("**bureau=**", timeout=30_000)
    wait_idle(page)
    assert page.locator(".st-key-ranking_chart g.point").count() == 1
    assert "lang=zh" in page.url


def test_clicking_a_unit_row_opens_the_unit_page(server, page):
    page.goto(f"{server}/?ranking=units")
    wait_idle(page)
    grid = page.locator(".st-key-ranking_table [data-testid='stDataFrameResizable']")
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = grid.bounding_box()
    # glide-data-grid draws on a canvas: the first data row sits below a 35 px header
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)
    page.wait_for_timeout(1000)
    screenshot(page, "click-unit-row")
    _wait_for_path(page, "/unit")
    wait_idle(page)
    assert page.locator("[data-testid='stMain'] h1").first.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0


def test_clicking_a_unit_on_the_productivity_ranking_opens_it(server, page):
    page.goto(f"{server}/productivity?lang=zh&industry=coal")
    wait_idle(page)
    beside = _click_first_bar(page, "prod_rank_chart")
    _wait_for_path(page, "/unit")
    wait_idle(page)
    screenshot(page, "click-productivity-bar")
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == beside
    assert "industry=coal" in page.url and "lang=zh" in page.url
