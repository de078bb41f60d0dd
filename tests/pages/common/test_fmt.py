"""pages/common/fmt.py: values shown in tables."""

from __future__ import annotations

from datetime import date

import polars as pl

from pages.common import fmt


def test_each_maps_every_value_and_keeps_a_missing_one_missing():
    frame = pl.DataFrame({"kind": ["coal", None, "steel", "coal"], "n": [1, 2, 3, 4]})
    calls = []

    def name(kind: str) -> str:
        calls.append(kind)
        return kind.upper()

    got = frame.select(fmt.each(frame, "kind", name).alias("shown"), "n")
    assert got["shown"].to_list() == ["COAL", None, "STEEL", "COAL"]
    assert sorted(calls) == ["coal", "steel"]  # once per distinct value, never with None
    assert got["n"].to_list() == [1, 2, 3, 4]


def test_each_takes_values_of_any_type_and_an_empty_frame():
    days = pl.DataFrame({"day": [date(1953, 1, 5), date(1953, 1, 6)], "n": [1, 2]})
    shown = days.select(fmt.each(days, "day", lambda d: f"{d:%m-%d}"))["day"]
    assert shown.to_list() == ["01-05", "01-06"] and shown.dtype == pl.String
    ints = pl.DataFrame({"rank": [2, 1]})
    assert ints.select(fmt.each(ints, "rank", lambda r: f"#{r}"))["rank"].to_list() == ["#2", "#1"]
    empty = pl.DataFrame({"kind": []}, schema={"kind": pl.String})
    assert empty.select(fmt.each(empty, "kind", str.upper)).height == 0


def test_mark_writes_its_text_where_the_flag_holds():
    frame = pl.DataFrame({"rushed": [True, False, None]})
    assert frame.select(fmt.mark("rushed", "yes"))["literal"].to_list() == ["yes", "", ""]
    assert frame.select(fmt.mark(~pl.col("rushed"), "no"))["literal"].to_list() == ["", "no", ""]


def test_a_row_resting_on_little_data_gets_a_star():
    frame = pl.DataFrame(
        {
            "defect_rate_is_small": [True, False, None, False],
            "accident_frequency_rate_is_small": [False, False, True, None],
        }
    )
    got = frame.select(fmt.small_mark("defect_rate", "accident_frequency_rate").alias("few"))
    assert got["few"].to_list() == ["*", "", "*", ""]
