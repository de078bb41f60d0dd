"""A dashboard server on loopback, headless Chromium, and what both cost.

Used by the benchmark (time from `streamlit run` to the Overview's first chart) and by the
load test (many sessions against one server).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench.data import REPO, env

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FIRST_CHART = ".js-plotly-plot .main-svg"
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(
    db_path: Path,
    port: int,
    log: Path | None = None,
    script: str = "dashboard.py",
    extra_env: dict[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
) -> subprocess.Popen:
    """`streamlit run dashboard.py` (or another script of the repo) on 127.0.0.1:port reading
    db_path, with extra_env on top of the environment and extra_args after Streamlit's own
    (a secrets file, a policy); not yet healthy."""
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra_args,
    ]
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        cmd,
        cwd=REPO,
        env={**env(), "EMULATION_DB": str(db_path), **(extra_env or {})},
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def wait_healthy(proc: subprocess.Popen, port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"streamlit was not healthy on port {port} after {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process now (VmRSS), or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system, all threads) a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def is_loopback(url: str) -> bool:
    if url.startswith(("data:", "blob:")):
        return True
    return urlsplit(url).hostname in ("127.0.0.1", "localhost")


def loopback_only(route) -> None:
    """Playwright route handler: nothing leaves the machine."""
    if is_loopback(route.request.url):
        route.continue_()
    else:
        route.abort()


def first_chart(
    db_path: Path, timeout: float = 120, script: str = "dashboard.py"
) -> dict[str, float]:
    """Seconds from `streamlit run` to a healthy server and to the Overview's first chart
    drawn in Chromium (already open, as a user's browser would be); with `script`, to that
    script's first chart (bench/one_chart.py: the floor)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            context.route("**/*", loopback_only)
            page = context.new_page()
            port = free_port()
            t0 = time.perf_counter()
            proc = start(db_path, port, script=script)
            try:
                wait_healthy(proc, port, timeout)
                healthy = time.perf_counter() - t0
                page.goto(f"http://127.0.0.1:{port}/", wait_until="commit")
                page.wait_for_selector(FIRST_CHART, timeout=timeout * 1000)
                chart = time.perf_counter() - t0
                errors = page.locator(ERRORS).count()
                rss = rss_mb(proc.pid)
            finally:
                stop(proc)
        finally:
            browser.close()
    return {"healthy_s": healthy, "first_chart_s": chart, "errors": errors, "server_rss_mb": rss}


if __name__ == "__main__":
    print(first_chart(Path(os.environ.get("EMULATION_DB", REPO / ".data" / "emulation.duckdb"))))
