"""Hostile data and hostile links in a real browser: every page, both languages.

The campaign (tests/hostile/campaign.py) holds markdown links and images, HTML, formulas and
very long names in every text a page shows; the links carry the same in their values and
numbers no parser should take. Nothing may become a link or an image, no request may leave
the machine, and no page may show an exception.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from pages.common.nav import PAGES
from tests.browser.conftest import screenshot, serving, wait_idle
from tests.hostile import campaign as hostile

pytestmark = pytest.mark.browser

EXCEPTIONS = "[data-testid='stException']"
LOCAL = {"127.0.0.1", "localhost", ""}
# Every element attribute that makes the browser fetch or link: none may name the evil host.
LINKED = """(host) => [...document.querySelectorAll('*')].flatMap(e =>
    ['href', 'src', 'xlink:href', 'srcset', 'action', 'poster', 'data']
      .map(a => e.getAttribute(a)).filter(v => v && v.includes(host))
      .map(v => e.tagName + ' ' + v))"""

HOSTILE_LINKS = {
    "unit-link": "unit=" + quote(hostile.LINK),
    "unit-image": "unit=" + quote(hostile.IMAGE) + "&bureau=" + quote(hostile.HTML_IMAGE),
    "period": "period=" + quote(hostile.IMAGE) + "&period=1e400",
}


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    with serving(hostile.build(tmp), tmp / "streamlit.log") as url:
        yield url


@pytest.fixture
def watched(page):
    """The page, with every request it makes recorded."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.requests = requests
    return page


def _check(page, name: str) -> None:
    wait_idle(page)
    screenshot(page, f"hostile-{name}")
    assert page.locator(EXCEPTIONS).count() == 0, page.locator(EXCEPTIONS).first.inner_text()
    linked = page.evaluate(LINKED, hostile.EVIL)
    assert linked == [], linked
    away = [
        u
        for u in page.requests
        if urlsplit(u).hostname not in LOCAL and not u.startswith(("data:", "blob:"))
    ]
    assert away == [], away


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_hostile_campaign_is_shown_as_text(hostile_server, watched, spec, lang):
    route = "" if spec is PAGES[0] else spec.url_path
    extra = "&unit=" + "anyang-iron" if spec.url_path == "unit" else ""
    watched.goto(f"{hostile_server}/{route}?lang={lang}{extra}")
    _check(watched, f"{spec.url_path}-{lang}")


@pytest.mark.parametrize("link", sorted(HOSTILE_LINKS))
@pytest.mark.parametrize("spec", PAGES[:2], ids=[p.url_path for p in PAGES[:2]])
def test_hostile_links_are_ignored_as_text(hostile_server, watched, spec, link):
    route = "" if spec is PAGES[0] else spec.url_path
    watched.goto(f"{hostile_server}/{route}?{HOSTILE_LINKS[link]}")
    _check(watched, f"link-{spec.url_path}-{link}")


@pytest.mark.parametrize("value", ["inf", "1e400", "nan", "-inf"])
def test_explore_range_values_that_are_not_finite_are_ignored(hostile_server, watched, value):
    watched.goto(
        f"{hostile_server}/explore?x_src=daily_output&x_filters=output_qty"
        f"&x_range_output_qty={value}&x_range_output_qty=5"
    )
    _check(watched, f"explore-range-{value}")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_cells_hold_no_formula(data: bytes) -> list[str]:
    """Every cell a spreadsheet would read as a formula (numbers, such as -2, are numbers)."""
    import csv
    import io

    text = data.decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert cells, "an empty export"
    return [c for c in cells if c.startswith(FORMULA_START) and not _is_number(c)]


def _download(page, button_name: str) -> bytes:
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name=button_name).click()
    return info.value.path().read_bytes()


def test_exports_of_the_hostile_campaign_open_with_no_formula(hostile_server, watched, tmp_path):
    import io
    import zipfile

    import openpyxl

    from pages.common.catalog import t

    watched.goto(f"{hostile_server}/rollout?rollout_view=pace")
    wait_idle(watched)
    assert _csv_cells_hold_no_formula(_download(watched, t("download.csv", "en"))) == []

    # the unit whose teams and workshops carry the formulas and markup
    watched.goto(f"{hostile_server}/unit?unit=anyang-iron")
    wait_idle(watched)
    watched.get_by_role("tab", name=t("tab.download", "en")).click()
    wait_idle(watched)
    book = openpyxl.load_workbook(io.BytesIO(_download(watched, t("unit.download.xlsx", "en"))))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert hostile.FORMULA in texts or "'" + hostile.FORMULA in texts  # shown, as text
    with zipfile.ZipFile(io.BytesIO(_download(watched, t("unit.download.zip", "en")))) as z:
        for name in z.namelist():
            assert _csv_cells_hold_no_formula(z.read(name)) == [], name
    _check(watched, "unit-download")


def test_a_runaway_sql_statement_stops_at_its_limit_while_another_session_is_served(
    hostile_server, browser
):
    from urllib.parse import quote as q

    from pages.common.catalog import t

    heavy = "select count(*) from daily_output a, daily_output b, daily_output c"
    one, other = browser.new_context(), browser.new_context()
    try:
        a, b = one.new_page(), other.new_page()
        a.goto(f"{hostile_server}/explore?x_mode=sql&x_sql={q(heavy)}")
        a.wait_for_selector("[data-testid='stMain'] h1", timeout=90_000)
        # while the statement runs, a second session opens a page and gets it whole
        b.goto(f"{hostile_server}/quality")
        wait_idle(b)
        assert b.locator(EXCEPTIONS).count() == 0
        assert b.locator(".js-plotly-plot").count() > 0
        # and the statement ends with the timeout message, not a result or an error box
        timeout_text = t("explore.sql.timeout", "en", detail="X").split("X")[0].strip()
        a.get_by_text(timeout_text).first.wait_for(timeout=60_000)
        assert a.locator(EXCEPTIONS).count() == 0
    finally:
        one.close()
        other.close()
