"""Every page, in both languages, with and without a filter, in a real browser."""

from __future__ import annotations

import pytest

from pages.common.catalog import t
from pages.common.nav import PAGES
from tests.browser.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser

VARIANTS = {"all": "", "coal": "&industry=coal&period=1953-01-01&period=1953-06-30"}
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_renders_without_error(server, page, spec, lang, variant):
    route = "" if spec is PAGES[0] else spec.url_path  # the first page is the app's root
    page.goto(f"{server}/{route}?lang={lang}{VARIANTS[variant]}")
    wait_idle(page)
    screenshot(page, f"{spec.url_path}-{lang}-{variant}")

    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == t(spec.title_key, lang)
    # The charts drew something: every Plotly chart on the page has its SVG.
    charts = page.locator(".js-plotly-plot")
    for i in range(charts.count()):
        assert charts.nth(i).locator(".main-svg").count() > 0
    # Filters stay in the address bar, so the link reopens this view.
    if variant == "coal":
        assert "industry=coal" in page.url
        assert "period=1953-01-01" in page.url
    if lang == "zh":
        assert "lang=zh" in page.url
