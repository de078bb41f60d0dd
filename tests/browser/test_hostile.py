"""Hostile data and hostile links in a real browser: every page, both languages.

The campaign (tests/hostile/campaign.py) holds markdown links and images, HTML, formulas and
very long names in every text a page shows; the links carry the same in their values and
numbers no parser should take. Nothing may become a link or an image, no request may leave
the machine, and no page may show an exception.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from bench.server import free_port, start, stop, wait_healthy
from pages.common.nav import PAGES
from tests.browser.conftest import screenshot, wait_idle
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
    db = hostile.build(tmp)
    port = free_port()
    log = tmp / "streamlit.log"
    proc = start(db, port, log)
    try:
        wait_healthy(proc, port, timeout=60)
    except RuntimeError as exc:
        stop(proc)
        raise RuntimeError(f"{exc}:\n{log.read_text()}") from None
    yield f"http://127.0.0.1:{port}"
    stop(proc)


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
