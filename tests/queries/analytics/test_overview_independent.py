"""Every Overview figure on the sample campaign, computed again in Polars from the raw files.

The SQL path reads the loaded database and its derived tables; this path reads the CSV and
Parquet files with Polars alone and applies the metric definitions directly. They share
nothing but the files, so a mistake in either shows as a mismatch.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from queries import campaign
from queries.analytics import overview
from queries.analytics.filters import Filters

RAW = campaign.SAMPLE_DIR

CASES = {
    "whole campaign": Filters(date(1952, 10, 1), date(1953, 12, 31)),
    "coal, spring 1953": Filters(date(1953, 3, 1), date(1953, 5, 31), industries=("coal",)),
    "two provinces, local state-owned, one quarter": Filters(
        date(1953, 7, 1),
        date(1953, 9, 30),
        provinces=("Hubei", "Hunan"),
        ownerships=("local_state",),
    ),
}


@pytest.fixture(scope="module")
def raw():
    csv = {
        name: pl.read_csv(RAW / f"{name}.csv", try_parse_dates=True)
        for name in ("units", "workshops", "teams", "output_units", "accidents", "proposals")
    }
    csv["daily_output"] = pl.read_parquet(RAW / "daily_output.parquet")
    return csv


def _scope(raw, f: Filters) -> pl.DataFrame:
    u = raw["units"]
    for column, chosen in (
        ("bureau_en", f.bureaus),
        ("industry", f.industries),
        ("province", f.provinces),
        ("ownership", f.ownerships),
        ("unit_id", f.unit_ids),
    ):
        if chosen:
            u = u.filter(pl.col(column).is_in(list(chosen)))
    return u


def _teams(raw, units: pl.DataFrame) -> pl.DataFrame:
    return (
        raw["teams"]
        .join(raw["workshops"].select("workshop_id", "unit_id"), on="workshop_id")
        .filter(pl.col("unit_id").is_in(units["unit_id"].implode()))
    )


def _div(num, den, scale=1.0):
    return num / den * scale if den else None


def expected_kpis(raw, f: Filters) -> dict:
    units = _scope(raw, f)
    teams = _teams(raw, units)
    base = (
        raw["daily_output"]
        .filter(pl.col("day").is_between(date(1952, 10, 1), date(1952, 12, 31)))
        .group_by("team_id")
        .agg(q=pl.col("output_qty").sum(), h=pl.col("worker_hours").sum())
        .with_columns(
            b=pl.when((pl.col("q") > 0) & (pl.col("h") > 0)).then(pl.col("q") / pl.col("h"))
        )
        .select("team_id", "b")
    )
    days = (
        raw["daily_output"]
        .filter(pl.col("day").is_between(f.start, f.end))
        .join(teams.select("team_id", "output_unit"), on="team_id")
        .join(raw["output_units"].select("output_unit", "constant_price_yuan"), on="output_unit")
        .join(base, on="team_id", how="left")
    )
    out = days.select(
        value=(pl.col("output_qty") * pl.col("constant_price_yuan")).sum(),
        plan=(pl.col("plan_qty") * pl.col("constant_price_yuan")).sum(),
        idx_q=(pl.col("output_qty") / pl.col("b")).filter(pl.col("b").is_not_null()).sum(),
        idx_h=pl.col("worker_hours").filter(pl.col("b").is_not_null()).sum(),
        rej=(pl.col("rejected_qty") * pl.col("constant_price_yuan")).sum(),
        insp=(pl.col("inspected_qty") * pl.col("constant_price_yuan")).sum(),
        hours=pl.col("worker_hours").sum(),
    ).row(0, named=True)
    acc = raw["accidents"].filter(
        pl.col("occurred_on").is_between(f.start, f.end)
        & pl.col("unit_id").is_in(units["unit_id"].implode())
    )
    props = raw["proposals"].filter(pl.col("unit_id").is_in(units["unit_id"].implode()))
    decided = props.filter(pl.col("decided_on").is_between(f.start, f.end))
    adopted = decided.filter(pl.col("status").is_in(["adopted", "implemented"])).height
    launched = units.filter(pl.col("launched_on") <= f.end).height
    covered = teams.filter(pl.col("joined_on") <= f.end)["members"].sum()
    return {
        "units_launched": launched,
        "units_total": units.height,
        "members_covered": covered,
        "members_total": teams["members"].sum(),
        "plan_fulfilment_pct": _div(out["value"], out["plan"], 100),
        "productivity_index": _div(out["idx_q"], out["idx_h"], 100),
        "defect_rate": _div(out["rej"], out["insp"]),
        "injury_accidents": acc.filter((pl.col("injured") + pl.col("deaths")) > 0).height,
        "accident_frequency_rate": _div(
            acc.filter((pl.col("injured") + pl.col("deaths")) > 0).height, out["hours"], 1e6
        ),
        "deaths": acc["deaths"].sum(),
        "submitted_proposals": props.filter(
            pl.col("submitted_on").is_between(f.start, f.end)
        ).height,
        "decided_proposals": decided.height,
        "adoption_rate": adopted / decided.height if decided.height else None,
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_overview_kpis_match_polars(sample_con, raw, case):
    f = CASES[case]
    got = overview.kpis(sample_con, f).filter(pl.col("period") == "current").row(0, named=True)
    want = expected_kpis(raw, f)
    assert want["units_total"] > 0 and want["injury_accidents"] > 0  # the case has data
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-9), key


@pytest.mark.parametrize("case", sorted(CASES))
def test_unit_ranking_matches_polars(sample_con, raw, case):
    f = CASES[case]
    got = overview.unit_ranking(sample_con, f)
    for unit_id in got["unit_id"].to_list()[:5]:
        want = expected_kpis(raw, Filters(f.start, f.end, unit_ids=(unit_id,)))
        row = got.filter(pl.col("unit_id") == unit_id).row(0, named=True)
        for key in (
            "plan_fulfilment_pct",
            "productivity_index",
            "defect_rate",
            "accident_frequency_rate",
        ):
            if want[key] is None:
                assert row[key] is None, (unit_id, key)
            else:
                assert row[key] == pytest.approx(want[key], rel=1e-9), (unit_id, key)


def test_coverage_matches_polars(sample_con, raw):
    f = CASES["coal, spring 1953"]
    cov = overview.coverage_by_day(sample_con, f)
    teams = _teams(raw, _scope(raw, f))
    for day in (f.start, date(1953, 4, 15), f.end):
        row = cov.filter(pl.col("day") == day).row(0, named=True)
        joined = teams.filter(pl.col("joined_on") <= day)
        assert row["members_covered"] == joined["members"].sum()
        assert row["teams_covered"] == joined.height
        assert row["workshops_covered"] == joined["workshop_id"].n_unique()
        assert row["units_covered"] == joined["unit_id"].n_unique()
        assert row["members_total"] == teams["members"].sum()


def test_sample_campaign_has_35_january_launches_in_overview(sample_con):
    k = overview.kpis(sample_con, Filters(date(1953, 1, 1), date(1953, 1, 31)))
    cur = k.filter(pl.col("period") == "current").row(0, named=True)
    assert cur["units_launched"] == 35
