"""The Alerts page in a real browser: its list in both languages, a row opening its unit,
and an alert's link opening the view that shows it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from queries.alerts import view
from queries.analytics.filters import Filters
from queries.store import db
from tests.browser.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser


def _first_alert(sample_db, **filters) -> dict:
    con = db.connect(sample_db)
    try:
        first, last = con.sql("select min(day), max(day) from daily_output").fetchall()[0]
        return view.alerts(con, Filters(first, last), **filters).row(0, named=True)
    finally:
        con.close()


def _grid(page, key: str):
    grid = page.locator(f".st-key-{key} [data-testid='stDataFrameResizable']")
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    return grid.bounding_box()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_alerts_page_lists_what_the_rules_found(server, page, lang):
    page.goto(f"{server}/alerts" + ("?lang=zh" if lang == "zh" else ""))
    wait_idle(page)
    heading = page.locator("[data-testid='stMain'] h1").first.inner_text()
    assert heading == ("警报" if lang == "zh" else "Alerts")
    assert page.locator(".st-key-alerts_table [data-testid='stDataFrameResizable']").count() == 1
    metrics = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    # the open alerts, and as many by severity
    assert int(metrics[0]) == sum(int(m) for m in metrics[1:]) > 0
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, f"alerts-{lang}")


def test_clicking_an_alerts_row_opens_its_unit(server, page, sample_db):
    expected = _first_alert(sample_db)
    page.goto(f"{server}/alerts")
    wait_idle(page)
    box = _grid(page, "alerts_table")
    # glide-data-grid draws on a canvas: the first data row sits below a 35 px header
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)
    page.wait_for_function("() => location.pathname.endsWith('/unit')", timeout=30_000)
    wait_idle(page)
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == expected["name_en"]
    assert parse_qs(urlparse(page.url).query)["unit"] == [expected["unit_id"]]


def test_an_alerts_link_opens_the_view_that_shows_it(server, page, sample_db):
    expected = _first_alert(sample_db, severities=("high",), rules=("accident_rate",))
    assert expected["unit_id"] == "gaokeng"
    page.goto(f"{server}/alerts?alert_rule=accident_rate&alert_severity=high&lang=zh")
    wait_idle(page)
    box = _grid(page, "alerts_table")
    # the link is the fourth column, after the selection boxes and three of fixed widths
    # (80, 200 and 180 px; pages/alerts.py): click inside its first cell
    x = box["x"] + 33 + 80 + 200 + 180 + 30
    y = box["y"] + 35 + 17
    # the grid shows a cell's link as one only under the pointer
    page.mouse.move(x, y)
    page.wait_for_timeout(500)
    with page.context.expect_page(timeout=30_000) as opened:
        page.mouse.click(x, y)
    view_page = opened.value
    view_page.wait_for_load_state()
    wait_idle(view_page)
    url = urlparse(view_page.url)
    assert url.path.endswith("/quality")
    assert parse_qs(url.query)["unit"] == ["gaokeng"]
    assert parse_qs(url.query)["lang"] == ["zh"]
    assert view_page.locator("[data-testid='stMain'] h1").first.inner_text() == "质量与安全"
    screenshot(view_page, "alerts-click-through-quality-zh")
