"""Filters: the previous period and the Polars scope."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from queries.analytics.filters import Filters, in_scope


def test_previous_period_has_equal_length_and_ends_the_day_before():
    f = Filters(date(1953, 3, 1), date(1953, 3, 31))
    prev = f.previous()
    assert (prev.start, prev.end, prev.days) == (date(1953, 1, 29), date(1953, 2, 28), 31)


def test_period_must_not_end_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        Filters(date(1953, 3, 2), date(1953, 3, 1))


def test_in_scope_intersects_attributes():
    units = pl.DataFrame(
        {
            "unit_id": ["a", "b", "c"],
            "bureau_en": ["x", "x", "y"],
            "industry": ["coal", "power", "coal"],
            "province": ["Hubei"] * 3,
            "ownership": ["state"] * 3,
        }
    )
    f = Filters(date(1953, 1, 1), date(1953, 1, 2), bureaus=("x",), industries=("coal",))
    assert in_scope(units, f)["unit_id"].to_list() == ["a"]
    assert in_scope(units, Filters(date(1953, 1, 1), date(1953, 1, 2)))["unit_id"].len() == 3
