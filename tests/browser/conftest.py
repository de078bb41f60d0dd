"""A real dashboard server on loopback and a headless Chromium driving it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

# The benchmark and the load test start the same server and browser: one definition of each.
from bench.server import CHROMIUM, CHROMIUM_ARGS, IDLE, free_port, start, stop, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


@contextlib.contextmanager
def serving(
    db: Path, log: Path, port: int | None = None, host: str = "127.0.0.1", **options
) -> Iterator[str]:
    """A dashboard server on db until the block ends; yields its address on host. A port is
    given when the server's configuration names its own address (a login's redirect);
    options go to bench.server.start."""
    port = port or free_port()
    proc = start(db, port, log, **options)
    try:
        wait_healthy(proc, port, timeout=60)
    except RuntimeError as exc:
        stop(proc)
        raise RuntimeError(f"{exc}:\n{log.read_text()}") from None
    try:
        yield f"http://{host}:{port}"
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def server(sample_db, tmp_path_factory):
    with serving(sample_db, tmp_path_factory.mktemp("server") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make browser`"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US")
    pg = context.new_page()
    yield pg
    context.close()


def wait_idle(page, timeout_ms: int = 90_000) -> None:
    """Wait until the app has rendered, its script has finished and nothing is stale.

    A run can be followed at once by another (the URL is synced, a first run of the process
    restarts through the entrypoint), so idle must hold twice, a moment apart.
    """
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout_ms)
    for _ in range(2):
        page.wait_for_selector(IDLE, timeout=timeout_ms)
        page.wait_for_function(
            "() => document.querySelectorAll('[data-stale=\"true\"]').length === 0",
            timeout=timeout_ms,
        )
        page.wait_for_timeout(400)


def screenshot(page, name: str) -> Path:
    """The whole page: Streamlit scrolls an inner container, so grow the viewport to fit it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight), 800)"
    )
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 6000)})
    wait_idle(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path
