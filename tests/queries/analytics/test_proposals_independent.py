"""The Proposals figures on the sample campaign, computed again in Polars from the raw files,
and the report's twelve leading units found: exactly twelve, 6,937 proposals."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from queries import campaign
from queries.analytics import proposals
from queries.analytics.filters import Filters
from sample_data.generate import PLANTED

RAW = campaign.SAMPLE_DIR
CASES = {
    "whole campaign": Filters(date(1952, 10, 1), date(1953, 12, 31)),
    "coal, spring 1953": Filters(date(1953, 3, 1), date(1953, 5, 31), industries=("coal",)),
    "Hubei, to the end of June": Filters(date(1953, 1, 1), date(1953, 6, 30), provinces=("Hubei",)),
}


@pytest.fixture(scope="module")
def raw():
    out = {
        name: pl.read_csv(RAW / f"{name}.csv", try_parse_dates=True)
        for name in ("units", "workshops", "teams")
    }
    out["proposals"] = pl.read_csv(
        RAW / "proposals.csv",
        try_parse_dates=True,
        schema_overrides={"decided_on": pl.Date, "implemented_on": pl.Date},
    )
    return out


def _scope(raw, f: Filters) -> pl.Series:
    u = raw["units"]
    for column, chosen in (("industry", f.industries), ("province", f.provinces)):
        if chosen:
            u = u.filter(pl.col(column).is_in(list(chosen)))
    return u["unit_id"]


def _cohort(raw, f: Filters) -> pl.DataFrame:
    return raw["proposals"].filter(
        pl.col("unit_id").is_in(_scope(raw, f).implode())
        & pl.col("submitted_on").is_between(f.start, f.end)
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_funnel_matches_polars(sample_con, raw, case):
    f = CASES[case]
    c = _cohort(raw, f)
    decided = c.filter(pl.col("decided_on") <= f.end)
    adopted = decided.filter(pl.col("status").is_in(["adopted", "implemented"]))
    got = proposals.funnel(sample_con, f).row(0, named=True)
    assert got["submitted_proposals"] == c.height > 100
    assert got["decided_proposals"] == decided.height
    assert got["adopted_proposals"] == adopted.height
    assert got["implemented_proposals"] == c.filter(pl.col("implemented_on") <= f.end).height
    assert got["rejected_proposals"] == decided.filter(pl.col("status") == "rejected").height
    assert got["pending_proposals"] == c.height - decided.height
    assert got["adoption_rate"] == pytest.approx(adopted.height / decided.height)


def test_the_report_window_holds_twelve_units_and_6937_proposals(sample_con, raw):
    got = proposals.report_window_units(sample_con, CASES["whole campaign"])
    assert got.height == 12
    assert got["window_total"][0] == 6937 == got["submitted_proposals"].sum()
    assert got["window_units"][0] == 12
    assert sorted(got["unit_id"]) == sorted(PLANTED["proposal_window_units"])
    # recounted from the file
    start, end = proposals.REPORT_WINDOW
    window = raw["proposals"].filter(pl.col("submitted_on").is_between(start, end))
    per_unit = dict(window.group_by("unit_id").len().rows())
    assert dict(got.select("unit_id", "submitted_proposals").rows()) == per_unit
    # and they are the ones marked in the table by unit
    by_unit = proposals.by_unit(sample_con, CASES["whole campaign"])
    assert sorted(by_unit.filter("report_leader")["unit_id"]) == sorted(per_unit)


@pytest.mark.parametrize("case", sorted(CASES))
def test_by_unit_matches_polars(sample_con, raw, case):
    f = CASES[case]
    got = proposals.by_unit(sample_con, f)
    members = dict(
        raw["teams"]
        .join(raw["workshops"], on="workshop_id")
        .group_by("unit_id")
        .agg(pl.col("members").sum())
        .rows()
    )
    cohort = _cohort(raw, f)
    for row in got.head(6).iter_rows(named=True):
        c = cohort.filter(pl.col("unit_id") == row["unit_id"])
        decided = c.filter(pl.col("decided_on") <= f.end)
        adopted = decided.filter(pl.col("status").is_in(["adopted", "implemented"]))
        assert row["members_total"] == members[row["unit_id"]]
        assert row["submitted_proposals"] == c.height
        assert row["proposals_per_100_workers"] == pytest.approx(
            c.height / members[row["unit_id"]] * 100
        )
        assert row["key_problems_solved"] == adopted["solves_key_problem"].sum()
        assert row["est_saving_yuan"] == pytest.approx(adopted["est_saving_yuan"].sum())
        days = (decided["decided_on"] - decided["submitted_on"]).dt.total_days()
        assert row["median_days_to_decision"] == (days.median() if days.len() else None)


def test_by_category_adds_up_to_the_funnel(sample_con):
    f = CASES["whole campaign"]
    cats = proposals.by_category(sample_con, f)
    k = proposals.funnel(sample_con, f).row(0, named=True)
    for col in ("submitted_proposals", "decided_proposals", "adopted_proposals"):
        assert cats[col].sum() == k[col]
    assert cats.height == 7


def test_by_month_matches_polars(sample_con, raw):
    f = CASES["coal, spring 1953"]
    got = proposals.by_month(sample_con, f)
    scope = raw["proposals"].filter(pl.col("unit_id").is_in(_scope(raw, f).implode()))
    for row in got.iter_rows(named=True):
        month = row["month"]
        sub = scope.filter(
            pl.col("submitted_on").is_between(f.start, f.end)
            & (pl.col("submitted_on").dt.truncate("1mo") == month)
        )
        dec = scope.filter(
            pl.col("decided_on").is_between(f.start, f.end)
            & (pl.col("decided_on").dt.truncate("1mo") == month)
        )
        assert (row["submitted_proposals"], row["decided_proposals"]) == (sub.height, dec.height)
    assert got["month"].to_list() == [date(1953, 3, 1), date(1953, 4, 1), date(1953, 5, 1)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_backlog_matches_polars(sample_con, raw, case):
    f = CASES[case]
    waiting = raw["proposals"].filter(
        pl.col("unit_id").is_in(_scope(raw, f).implode())
        & (pl.col("submitted_on") <= f.end)
        & (pl.col("decided_on").is_null() | (pl.col("decided_on") > f.end))
    )
    age = (pl.lit(f.end) - pl.col("submitted_on")).dt.total_days()
    bins = proposals.backlog_by_age(sample_con, f, 30)
    assert bins["proposals"].sum() == waiting.height > 0
    overdue = proposals.overdue(sample_con, f, 30)
    assert overdue.height == waiting.filter(age > 30).height
    assert bins.filter("overdue")["proposals"].sum() == overdue.height
