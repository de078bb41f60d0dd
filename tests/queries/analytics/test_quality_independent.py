"""The Quality and safety figures on the sample campaign, computed again in Polars from the
raw files, and the planted tradeoff of rushed units found.

The SQL path reads the loaded database and its derived tables; this path reads the CSV and
Parquet files with Polars alone and applies the definitions directly (windows, baselines,
prices, the 7-day burst), so a mistake in either shows as a mismatch.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from queries import campaign
from queries.analytics import quality, rollout
from queries.analytics.filters import Filters
from sample_data.generate import PLANTED

RAW = campaign.SAMPLE_DIR
WHOLE = Filters(date(1952, 10, 1), date(1953, 12, 31))
COAL_SPRING = Filters(date(1953, 1, 1), date(1953, 6, 30), industries=("coal",))
RUSHED = sorted(PLANTED["rushed_units"])


@pytest.fixture(scope="module")
def raw():
    csv = {
        name: pl.read_csv(RAW / f"{name}.csv", try_parse_dates=True)
        for name in ("units", "workshops", "teams", "output_units", "accidents")
    }
    csv["daily_output"] = pl.read_parquet(RAW / "daily_output.parquet")
    return csv


def _units(raw, f: Filters) -> pl.DataFrame:
    u = raw["units"]
    for column, chosen in (("industry", f.industries), ("unit_id", f.unit_ids)):
        if chosen:
            u = u.filter(pl.col(column).is_in(list(chosen)))
    return u


def _teams(raw) -> pl.DataFrame:
    return raw["teams"].join(raw["workshops"].select("workshop_id", "unit_id"), on="workshop_id")


def _days(raw) -> pl.DataFrame:
    """Team-days with unit, price and the team's baseline output per hour."""
    d = raw["daily_output"]
    base = (
        d.filter(pl.col("day").is_between(date(1952, 10, 1), date(1952, 12, 31)))
        .group_by("team_id")
        .agg(q=pl.col("output_qty").sum(), h=pl.col("worker_hours").sum())
        .select(
            "team_id",
            b=pl.when((pl.col("q") > 0) & (pl.col("h") > 0)).then(pl.col("q") / pl.col("h")),
        )
    )
    teams = _teams(raw).select("team_id", "unit_id", "output_unit")
    prices = raw["output_units"].select("output_unit", "constant_price_yuan")
    return d.join(teams, on="team_id").join(prices, on="output_unit").join(base, on="team_id")


@pytest.fixture(scope="module")
def days(raw):
    return _days(raw)


def _windows(raw, f: Filters, n: int) -> list[tuple[str, str, date, date]]:
    joined = _teams(raw).filter(
        pl.col("joined_on").is_not_null()
        & pl.col("unit_id").is_in(_units(raw, f)["unit_id"].implode())
    )
    out = []
    for r in (
        joined.group_by("unit_id")
        .agg(first=pl.col("joined_on").min(), last=pl.col("joined_on").max())
        .iter_rows(named=True)
    ):
        out.append(
            (
                r["unit_id"],
                "before",
                max(r["first"] - timedelta(n), f.start),
                min(r["first"] - timedelta(1), f.end),
            )
        )
        out.append(
            (
                r["unit_id"],
                "after",
                max(r["last"], f.start),
                min(r["last"] + timedelta(n - 1), f.end),
            )
        )
    return out


def _window_sums(raw, days, unit_id, start, end) -> dict:
    d = days.filter((pl.col("unit_id") == unit_id) & pl.col("day").is_between(start, end))
    s = d.select(
        idx_q=(pl.col("output_qty") / pl.col("b")).filter(pl.col("b").is_not_null()).sum(),
        idx_h=pl.col("worker_hours").filter(pl.col("b").is_not_null()).sum(),
        rej=(pl.col("rejected_qty") * pl.col("constant_price_yuan")).sum(),
        insp=(pl.col("inspected_qty") * pl.col("constant_price_yuan")).sum(),
        hours=pl.col("worker_hours").sum(),
    ).row(0, named=True)
    acc = raw["accidents"].filter(
        (pl.col("unit_id") == unit_id)
        & pl.col("occurred_on").is_between(start, end)
        & ((pl.col("injured") + pl.col("deaths")) > 0)
    )
    return {**s, "accidents": acc.height}


@pytest.mark.parametrize(("f", "n"), [(WHOLE, 90), (COAL_SPRING, 90), (WHOLE, 30)])
def test_before_after_matches_polars(sample_con, raw, days, f, n):
    got = quality.before_after(sample_con, f, n)
    windows = _windows(raw, f, n)
    assert got.height == len(windows) // 2 > 0
    for unit_id, phase, start, end in windows:
        row = got.filter(pl.col("unit_id") == unit_id).row(0, named=True)
        assert (row[f"{phase}_start_on"], row[f"{phase}_end_on"]) == (start, end)
        want = _window_sums(raw, days, unit_id, start, end)
        assert row[f"{phase}_worker_hours"] == pytest.approx(want["hours"], rel=1e-9)
        assert row[f"{phase}_injury_accidents"] == want["accidents"], (unit_id, phase)
        if want["idx_h"]:
            index = want["idx_q"] / want["idx_h"] * 100
            assert row[f"{phase}_productivity_index"] == pytest.approx(index, rel=1e-9)
        if want["insp"]:
            rate = want["rej"] / want["insp"]
            assert row[f"{phase}_defect_rate"] == pytest.approx(rate, rel=1e-9), unit_id
        else:
            assert row[f"{phase}_defect_rate"] is None  # power is never inspected


def _rushed_in_polars(raw, threshold: float) -> list[str]:
    teams = _teams(raw)
    out = []
    for (unit_id,), g in teams.group_by("unit_id"):
        joined = sorted(g["joined_on"].drop_nulls().to_list())
        most = max(
            (sum(1 for x in joined if d <= x <= d + timedelta(6)) for d in joined), default=0
        )
        if most / g.height > threshold:
            out.append(unit_id)
    return sorted(out)


def test_rushed_flag_is_the_planted_one(sample_con, raw):
    assert _rushed_in_polars(raw, 0.6) == RUSHED
    got = rollout.rushed_units(sample_con, WHOLE, 0.6).filter("rushed")["unit_id"].to_list()
    assert sorted(got) == RUSHED


def test_planted_tradeoff_rushed_units_worsen_after_joining(sample_con):
    df = quality.rushed_vs_gradual(sample_con, WHOLE, 0.6)
    g = {(r["rollout"], r["phase"]): r for r in df.iter_rows(named=True)}
    rushed_before, rushed_after = g["rushed", "before"], g["rushed", "after"]
    gradual_before, gradual_after = g["gradual", "before"], g["gradual", "after"]
    assert rushed_after["units"] == len(RUSHED)
    # planted: defects × 2 and accidents × 3 after joining in rushed units, × 1 in gradual
    assert rushed_after["defect_rate"] > 1.6 * rushed_before["defect_rate"]
    assert rushed_after["accident_frequency_rate"] > 2.0 * rushed_before["accident_frequency_rate"]
    assert gradual_after["defect_rate"] == pytest.approx(gradual_before["defect_rate"], rel=0.1)
    assert (
        gradual_after["accident_frequency_rate"] < 1.2 * gradual_before["accident_frequency_rate"]
    )
    # and side by side, after joining the rushed units are worse on both counts
    assert rushed_after["defect_rate"] > 1.5 * gradual_after["defect_rate"]
    assert rushed_after["accident_frequency_rate"] > 2.0 * gradual_after["accident_frequency_rate"]
    # while both raised their productivity (the campaign's +12% applies to all)
    assert rushed_after["productivity_index"] > rushed_before["productivity_index"] + 5
    assert gradual_after["productivity_index"] > gradual_before["productivity_index"] + 5


def test_rushed_vs_gradual_sums_match_polars(sample_con, raw, days):
    df = quality.rushed_vs_gradual(sample_con, WHOLE, 0.6)
    want: dict[tuple[str, str], dict] = {}
    for unit_id, phase, start, end in _windows(raw, WHOLE, 90):
        key = ("rushed" if unit_id in RUSHED else "gradual", phase)
        s = _window_sums(raw, days, unit_id, start, end)
        acc = want.setdefault(key, {"rej": 0.0, "insp": 0.0, "hours": 0.0, "accidents": 0})
        for k in acc:
            acc[k] += s[k]
    for r in df.iter_rows(named=True):
        w = want[r["rollout"], r["phase"]]
        assert r["defect_rate"] == pytest.approx(w["rej"] / w["insp"], rel=1e-9)
        assert r["injury_accidents"] == w["accidents"]
        assert r["accident_frequency_rate"] == pytest.approx(w["accidents"] / w["hours"] * 1e6)


def test_flagged_units_are_the_rushed_ones(sample_con):
    flagged = quality.flagged_units(sample_con, WHOLE)
    assert sorted(flagged["unit_id"]) == RUSHED
    # every one of them raised its productivity index and worsened beyond the 99.8% limit
    assert flagged["productivity_rose"].all()
    assert (flagged["accident_worse"] | flagged["defect_worse"]).all()


def test_over_time_matches_polars(sample_con, raw, days):
    got = quality.over_time(sample_con, COAL_SPRING, "month")
    coal = _units(raw, COAL_SPRING)["unit_id"].implode()
    d = days.filter(
        pl.col("unit_id").is_in(coal) & pl.col("day").is_between(COAL_SPRING.start, COAL_SPRING.end)
    )
    acc = raw["accidents"].filter(
        pl.col("unit_id").is_in(coal)
        & pl.col("occurred_on").is_between(COAL_SPRING.start, COAL_SPRING.end)
    )
    assert got.height == 6
    for row in got.iter_rows(named=True):
        month = d.filter(pl.col("day").dt.truncate("1mo") == row["period_start"])
        rej = (month["rejected_qty"] * month["constant_price_yuan"]).sum()
        insp = (month["inspected_qty"] * month["constant_price_yuan"]).sum()
        assert row["defect_rate"] == pytest.approx(rej / insp, rel=1e-9)
        a = acc.filter(pl.col("occurred_on").dt.truncate("1mo") == row["period_start"])
        assert (
            row["injury_accidents"] == a.filter((pl.col("injured") + pl.col("deaths")) > 0).height
        )
        assert row["deaths"] == a["deaths"].sum()
        assert row["severity_rate"] == pytest.approx(
            a["lost_days"].sum() / month["worker_hours"].sum() * 1e6, rel=1e-9
        )


def test_accidents_match_polars(sample_con, raw):
    got = quality.accidents_by_cause(sample_con, COAL_SPRING)
    coal = _units(raw, COAL_SPRING)["unit_id"].implode()
    acc = raw["accidents"].filter(
        pl.col("unit_id").is_in(coal)
        & pl.col("occurred_on").is_between(COAL_SPRING.start, COAL_SPRING.end)
    )
    assert got["accidents"].sum() == acc.height > 0
    assert got["deaths"].sum() == acc["deaths"].sum()
    hurt_nobody = acc.filter((pl.col("injured") + pl.col("deaths")) == 0).height
    assert got.filter(pl.col("harm") == "no_injury")["accidents"].sum() == hurt_nobody
    assert set(got["cause"]) <= {
        "roof_fall", "gas", "machinery", "electrical", "falling_object", "burn", "transport", "other"
    }  # fmt: skip
    assert quality.accidents(sample_con, COAL_SPRING).height == acc.height
