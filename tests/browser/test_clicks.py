"""Real clicks: a unit's bar, row, point or cell opens its page; a bureau's bar or an
industry's line narrows the dashboard."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from pages.common.catalog import t
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


def _opened_unit(page) -> str:
    """Wait for the unit page a click opened; return its heading (the unit's name)."""
    _wait_for_path(page, "/unit")
    wait_idle(page)
    return page.locator("[data-testid='stMain'] h1").first.inner_text()


def test_clicking_a_unit_bar_opens_the_unit_page(server, page):
    page.goto(f"{server}/?ranking=units&period=1953-01-01&period=1953-03-31")
    wait_idle(page)
    first_unit = _click_first_bar(page, "ranking_chart")
    title = _opened_unit(page)
    screenshot(page, "click-unit-bar")
    assert title == first_unit
    assert "unit=" in page.url and "period=1953-01-01" in page.url


def test_clicking_a_bureau_bar_filters_to_that_bureau(server, page):
    page.goto(f"{server}/?lang=zh")
    wait_idle(page)
    _click_first_bar(page, "ranking_chart")
    page.wait_for_url("**bureau=**", timeout=30_000)
    wait_idle(page)
    assert page.locator(".st-key-ranking_chart g.point").count() == 1
    assert "lang=zh" in page.url


def _click_first_row(page, key: str) -> None:
    """Select the first data row of a st.dataframe by clicking it."""
    grid = page.locator(f".st-key-{key} [data-testid='stDataFrameResizable']")
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = grid.bounding_box()
    # glide-data-grid draws on a canvas: the first data row sits below a 35 px header
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)


def test_clicking_a_unit_row_opens_the_unit_page(server, page):
    page.goto(f"{server}/?ranking=units")
    wait_idle(page)
    _click_first_row(page, "ranking_table")
    page.wait_for_timeout(1000)
    screenshot(page, "click-unit-row")
    assert _opened_unit(page)
    assert page.locator("[data-testid='stException']").count() == 0


def test_clicking_a_unit_on_the_productivity_ranking_opens_it(server, page):
    page.goto(f"{server}/productivity?lang=zh&industry=coal&prod_view=rank")
    wait_idle(page)
    beside = _click_first_bar(page, "prod_rank_chart")
    title = _opened_unit(page)
    screenshot(page, "click-productivity-bar")
    assert title == beside
    assert "industry=coal" in page.url and "lang=zh" in page.url


# --- lines and the quilt --------------------------------------------------------------------

# The point of a line (one with ids) farthest from any other line's points, inside the plot
# area, in page coordinates, with its trace's name and id: a click there cannot hit another
# line. Plotly keeps each point's calcdata (with its index i) on its SVG element.
PICK_POINT = """(key) => {
  const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  const area = gd.querySelector('rect.nsewdrag').getBoundingClientRect();
  const points = [];
  gd.querySelectorAll('g.scatterlayer g.trace').forEach((g) => {
    const trace = g.__data__[0].trace;
    if (!trace.customdata) return;
    g.querySelectorAll('path.point').forEach((el) => {
      const r = el.getBoundingClientRect();
      const x = r.x + r.width / 2, y = r.y + r.height / 2;
      if (x < area.left + 8 || x > area.right - 8 || y < area.top + 8 || y > area.bottom - 8) {
        return;
      }
      const i = el.__data__.i;
      const id = [].concat(trace.customdata[i])[0];
      // a line is a trace, or a group of points of one trace drawing many (lines_as_one)
      const name = Array.isArray(trace.text) ? trace.text[i] : trace.name;
      points.push({x, y, line: `${trace.index}/${id}`, name, id});
    });
  });
  let best = null, bestGap = -1;
  for (const p of points) {
    let gap = 1e9;
    for (const q of points) {
      if (q.line !== p.line) gap = Math.min(gap, Math.hypot(p.x - q.x, p.y - q.y));
    }
    if (gap > bestGap) { best = p; bestGap = gap; }
  }
  return best;
}"""

# The names of the lines with ids a chart draws now.
LINE_NAMES = """(key) => document.querySelector(`.st-key-${key} .js-plotly-plot`)
  ._fullData.filter((d) => d.customdata).map((d) => d.name)"""


def _click_line_point(page, key: str) -> dict:
    """Click the most isolated point of a line chart; return its line's name and id."""
    chart = page.locator(f".st-key-{key} .js-plotly-plot")
    chart.wait_for()
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    point = page.evaluate(PICK_POINT, key)
    assert point, f"no point with an id on {key}"
    page.mouse.move(point["x"], point["y"])
    page.wait_for_timeout(300)
    # the hover names the line a click would open (one line at a time)
    assert point["name"] in chart.locator("g.hoverlayer").text_content()
    page.mouse.click(point["x"], point["y"])
    return point


def _click_quilt_cell(page, row: int) -> str:
    """Click inside a cell of the quilt's `row`-th row from the top, off the cell's centre;
    return the name of that row's unit."""
    chart = page.locator(".st-key-rollout_quilt_chart .js-plotly-plot")
    chart.wait_for()
    names = chart.evaluate("(gd) => gd._fullData[0].y")
    area = chart.locator("rect.nsewdrag").first
    area.evaluate("(el) => el.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    box = area.bounding_box()
    # a third of a row below the row's middle, and 63% along it: not on a cell's centre
    x = box["x"] + box["width"] * 0.63
    y = box["y"] + (row + 0.5 + 0.33) * box["height"] / len(names)
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    # the hover is the cell's own: its unit and its week
    assert chart.locator("g.hoverlayer").text_content().startswith(names[row])
    page.mouse.click(x, y)
    return names[row]


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


@pytest.mark.parametrize(("lang", "row"), [("en", 2), ("zh", 9)])
def test_clicking_a_quilt_cell_opens_that_rows_unit(server, page, lang, row):
    page.goto(
        f"{server}/rollout?lang={lang}&period=1953-01-01&period=1953-04-30&rollout_view=quilt"
    )
    wait_idle(page)
    name = _click_quilt_cell(page, row)
    title = _opened_unit(page)
    screenshot(page, f"click-quilt-cell-{lang}")
    assert title == name
    query = _query(page)
    assert len(query["unit"]) == 1 and query["period"] == ["1953-01-01", "1953-04-30"]
    assert query.get("lang", ["en"]) == [lang]


def test_clicking_a_units_productivity_line_opens_it(server, page):
    page.goto(f"{server}/productivity?lang=zh&industry=coal&prod_by=unit")
    wait_idle(page)
    point = _click_line_point(page, "prod_index_chart")
    title = _opened_unit(page)
    screenshot(page, "click-productivity-line")
    assert title == point["name"]
    assert _query(page)["unit"] == [point["id"]]
    assert "industry=coal" in page.url and "lang=zh" in page.url


def test_clicking_a_units_quality_line_opens_it(server, page):
    page.goto(f"{server}/quality?q_by=unit&q_metric=accident_frequency_rate")
    wait_idle(page)
    point = _click_line_point(page, "quality_time_chart")
    title = _opened_unit(page)
    assert title == point["name"]
    assert _query(page)["unit"] == [point["id"]]


def test_clicking_a_bureaus_coverage_line_filters_to_it(server, page):
    page.goto(f"{server}/rollout?lang=zh&rollout_split=bureau")
    wait_idle(page)
    point = _click_line_point(page, "rollout_coverage_chart")
    page.wait_for_url("**bureau=**", timeout=30_000)
    wait_idle(page)
    screenshot(page, "click-bureau-line")
    assert _query(page)["bureau"] == [point["id"]]
    assert urlparse(page.url).path.endswith("/rollout") and "lang=zh" in page.url
    # the chart now draws that bureau's line alone
    assert page.evaluate(LINE_NAMES, "rollout_coverage_chart") == [point["name"]]


def test_clicking_an_industrys_productivity_line_filters_to_it(server, page):
    page.goto(f"{server}/productivity?prod_by=industry&prod_grain=week")
    wait_idle(page)
    point = _click_line_point(page, "prod_plan_chart")
    page.wait_for_url("**industry=**", timeout=30_000)
    wait_idle(page)
    assert _query(page)["industry"] == [point["id"]]
    assert urlparse(page.url).path.endswith("/productivity")
    assert page.evaluate(LINE_NAMES, "prod_plan_chart") == [point["name"]]


def test_clicking_an_accident_row_opens_that_accidents_unit(server, page, sample_db):
    from datetime import date

    from queries.analytics import quality
    from queries.analytics.filters import Filters
    from queries.store import db

    con = db.connect(sample_db)
    try:
        coal = Filters(date(1952, 10, 1), date(1953, 12, 31), industries=("coal",))
        first = quality.accidents(con, coal).row(0, named=True)
    finally:
        con.close()
    page.goto(f"{server}/quality?lang=zh&industry=coal&q_view=accidents")
    wait_idle(page)
    _click_first_row(page, "quality_accidents_table")
    title = _opened_unit(page)
    screenshot(page, "click-accident-row")
    assert parse_qs(urlparse(page.url).query)["unit"] == [first["unit_id"]]
    assert title == first["unit_zh"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opening_a_unit_tab_runs_only_then(server, page, lang):
    page.goto(f"{server}/unit?unit=hz-steel&lang={lang}")
    wait_idle(page)
    quality = t("unit.quality.title", lang)
    assert page.get_by_text(quality).count() == 0  # not computed while its tab is closed
    page.get_by_role("tab", name=t("nav.quality", lang)).click()
    wait_idle(page)
    page.get_by_text(quality).first.wait_for(timeout=30_000)
    assert page.locator(".st-key-unit_quality .js-plotly-plot .main-svg").count() > 0
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, f"unit-quality-tab-{lang}")
