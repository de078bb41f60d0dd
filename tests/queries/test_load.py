"""The loader's command line (queries.load): the progress bar goes to stderr on a terminal
only, so that stdout and a caller reading stderr get the report alone."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from queries import campaign
from queries.load import ProgressBar

ROOT = Path(__file__).resolve().parents[2]


def _command(db: Path) -> list[str]:
    return [sys.executable, "-m", "queries.load", str(campaign.SAMPLE_DIR), "--db", str(db)]


def test_given_no_terminal_expect_a_line_per_table_and_stage_and_its_end():
    out = io.StringIO()
    bar = ProgressBar(out)
    for done in (0, 50, 100):
        bar("teams", "read", done, 100)
    bar("teams", "checked", 100, 100)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].split() == ["teams", "read", "[" + "-" * 30 + "]", "0", "/", "100", "rows"]
    assert lines[1].split() == ["teams", "read", "[" + "#" * 30 + "]", "100", "/", "100", "rows"]
    assert lines[2].split()[:2] == ["teams", "checked"]


def test_given_stderr_a_terminal_expect_the_bar_there_and_stdout_the_report_alone(tmp_path):
    main, other = pty.openpty()
    proc = subprocess.Popen(
        _command(tmp_path / "out.duckdb"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=other,
        text=True,
    )
    os.close(other)
    seen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closes when the process ends
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    stdout, _ = proc.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(main)
    terminal = seen.decode("utf-8", "replace")
    assert proc.returncode == 0, terminal
    assert "\r  daily_output  read    [" in terminal
    assert "daily_output  checked [" + "#" * 30 + "]" in terminal
    assert stdout.startswith("Loaded")
    assert "[#" not in stdout


def test_given_stderr_captured_expect_no_bar_on_it(tmp_path):
    done = subprocess.run(
        _command(tmp_path / "out.duckdb"), cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "[#" not in done.stderr and "[-" not in done.stderr
    assert done.stdout.startswith("Loaded")
