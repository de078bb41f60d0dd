"""AppTest helpers: the app on the hand-built campaign database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ENTRYPOINT = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.fixture
def app(fixture_db, monkeypatch):
    """A function that opens the app with the given query parameters."""
    monkeypatch.setenv("EMULATION_DB", str(fixture_db))

    def open_app(**params) -> AppTest:
        at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        return at

    return open_app


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def shown(markdown: str) -> str:
    """The text a browser shows of markdown whose untrusted parts were escaped (safe.md):
    CommonMark drops the backslash before an ASCII punctuation mark."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
