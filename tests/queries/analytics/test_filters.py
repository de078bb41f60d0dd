"""Filters: the previous period and the Polars scope."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from queries.analytics.filters import NO_UNIT, Filters, in_scope


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


# --- the viewer's scope (Filters.within, set by the cached layer from queries/access) -------


def test_within_intersects_the_chosen_units_and_an_empty_intersection_keeps_none():
    f = Filters(date(1953, 1, 1), date(1953, 1, 2), within=("a", "b"))
    assert f.scope_params()["unit_ids"] == ["a", "b"]
    assert Filters(f.start, f.end, unit_ids=("b", "c"), within=("a", "b")).scoped_unit_ids() == [
        "b"
    ]
    # "c" alone is outside: the macro must keep no unit, and [] would mean every unit
    assert Filters(f.start, f.end, unit_ids=("c",), within=("a", "b")).scoped_unit_ids() == [
        NO_UNIT
    ]
    assert Filters(f.start, f.end, within=()).scoped_unit_ids() == [NO_UNIT]
    assert Filters(f.start, f.end).scope_params()["unit_ids"] == []
    assert f.allows("a") and not f.allows("c") and Filters(f.start, f.end).allows("c")


def test_in_scope_keeps_only_the_viewers_units():
    units = pl.DataFrame({"unit_id": ["a", "b", "c"], "bureau_en": ["x", "x", "y"]})
    units = units.with_columns(industry=pl.lit("coal"), province=pl.lit("Hubei"))
    units = units.with_columns(ownership=pl.lit("state"))
    f = Filters(date(1953, 1, 1), date(1953, 1, 1), bureaus=("x",), within=("b", "c"))
    assert in_scope(units, f)["unit_id"].to_list() == ["b"]
