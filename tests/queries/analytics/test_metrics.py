"""Metric definitions: rates are ratios of sums, zero denominators give no rate."""

from __future__ import annotations

import polars as pl
import pytest

from queries.analytics import metrics


def test_sum_by_divides_sums_not_averages_rates():
    given = pl.DataFrame(
        {
            "bureau": ["a", "a"],
            "rejected_value_yuan": [1.0, 1.0],
            "inspected_value_yuan": [1.0, 9.0],
        }
    )
    got = metrics.sum_by(given, ["bureau"], ["rejected_value_yuan", "inspected_value_yuan"])
    assert got["defect_rate"].to_list() == [pytest.approx(0.2)]  # not (1.0 + 0.111) / 2


def test_zero_denominator_gives_null():
    got = metrics.add_rates(pl.DataFrame({"output_value_yuan": [5.0], "plan_value_yuan": [0.0]}))
    assert got["plan_fulfilment_pct"].to_list() == [None]


def test_scales():
    got = metrics.add_rates(
        pl.DataFrame(
            {
                "injury_accidents": [3],
                "worker_hours": [1_500_000.0],
                "index_output": [110.0],
                "index_worker_hours": [100.0],
            }
        )
    )
    assert got["accident_frequency_rate"].item() == pytest.approx(2.0)
    assert got["productivity_index"].item() == pytest.approx(110.0)
    assert got["accident_frequency_rate_is_small"].item() is True  # 3 < 5 accidents


def test_physical_productivity_needs_an_output_unit():
    sums = pl.DataFrame({"output_qty": [10.0], "worker_hours": [5.0]})
    assert "productivity" not in metrics.add_rates(sums).columns
    got = metrics.add_rates(sums.with_columns(output_unit=pl.lit("t")))
    assert got["productivity"].item() == pytest.approx(2.0)


def test_every_metric_names_distinct_columns():
    names = [m.name for m in metrics.METRICS]
    assert len(names) == len(set(names))
    for m in metrics.METRICS:
        assert m.numerator != m.denominator


def test_a_row_is_small_when_any_of_its_rates_is():
    flags = pl.DataFrame(
        {
            "before_defect_rate_is_small": [True, False, None, None],
            "after_defect_rate_is_small": [False, False, True, None],
        }
    )
    got = flags.select(metrics.any_small("before_defect_rate", "after_defect_rate"))
    # a missing flag (no exposure, nothing to rate) does not make a row small
    assert got["is_small"].to_list() == [True, False, True, False]


def test_shares_are_the_rates_of_scale_one_but_physical_productivity():
    assert metrics.is_share("defect_rate") and metrics.is_share("adoption_rate")
    assert not metrics.is_share("plan_fulfilment_pct")  # per cent already
    assert not metrics.is_share("accident_frequency_rate")  # per million hours
    assert not metrics.is_share("productivity")  # output per hour
    assert not metrics.is_share("rows")  # not a metric
