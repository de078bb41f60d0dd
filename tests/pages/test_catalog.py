"""The catalog: both languages for every key, and every key a page asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from pages.common import catalog

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "dashboard.py", *sorted((ROOT / "pages").rglob("*.py"))]


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(catalog.STRINGS))
def test_both_languages_with_the_same_placeholders(key):
    en, zh = catalog.STRINGS[key]
    assert en.strip() and zh.strip()
    assert _fields(en) == _fields(zh)


def test_every_literal_key_used_in_the_pages_exists():
    used = set()
    for path in SOURCES:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.]+)["']""", path.read_text()))
    assert used, "no catalog keys found: the pattern is broken"
    missing = sorted(k for k in used if k not in catalog.STRINGS)
    assert missing == []


def test_category_codes_of_the_contract_are_translated():
    from queries import contract

    for kind, codes in (
        ("ownership", contract.OWNERSHIPS),
        ("severity", contract.SEVERITIES),
        ("status", contract.PROPOSAL_STATUSES),
        ("event", contract.EVENT_KINDS),
    ):
        for code in codes:
            assert f"{kind}.{code}" in catalog.STRINGS


def test_sample_industries_and_provinces_are_translated():
    import polars as pl

    units = pl.read_csv(ROOT / "sample_data" / "units.csv")
    for code in units["industry"].unique():
        assert catalog.label("industry", code, "zh") != code
    for code in units["province"].unique():
        assert catalog.label("province", code, "zh") != code


def test_unknown_code_is_shown_as_is():
    assert catalog.label("industry", "glassworks", "zh") == "glassworks"
