"""pages/common/cache.py: the pages' one way into queries/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pages.common import cache

PAGES = Path(__file__).resolve().parents[3] / "pages"


def _imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append(node.module)
    return out


# Every page script, every pages/common module but the cached layer, and the entry point.
OUTSIDE = [
    *sorted(PAGES.glob("*.py")),
    *sorted(p for p in PAGES.glob("common/*.py") if p.name != "cache.py"),
    PAGES.parent / "dashboard.py",
]


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: str(p.relative_to(PAGES.parent)))
def test_only_the_cached_layer_imports_queries(path):
    # the layer rule an import-linter contract can state: pages.* reach queries only
    # through pages.common.cache
    reaching = [m for m in _imports(path) if m == "queries" or m.startswith("queries.")]
    assert reaching == []


def test_settings_are_read_from_queries_at_each_use(monkeypatch):
    from queries.analytics import proposals, rollout

    assert cache.settings.quilt_rows == rollout.QUILT_ROWS
    monkeypatch.setattr(rollout, "QUILT_ROWS", 2)
    monkeypatch.setattr(proposals, "OVERDUE_DAYS", 45)
    assert (cache.settings.quilt_rows, cache.settings.overdue_days) == (2, 45)
    assert cache.settings.rushed_threshold == rollout.RUSHED_THRESHOLD
