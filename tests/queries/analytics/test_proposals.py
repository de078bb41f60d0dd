"""Proposals queries on the hand-built campaign (tests/fixtures/campaign.sql), worked by hand.

The four proposals:
  p1 u1 t1  submitted 1953-01-02  tooling   implemented: decided 01-10, implemented 01-11,
                                            saving 500, solves a key problem
  p2 u1 -   submitted 1953-01-03  process   rejected 01-11
  p3 u2 t3  submitted 1953-01-10  safety    pending
  p4 u1 t2  submitted 1952-12-20  quality   adopted 1952-12-31, saving 200
Workers: u1 30 (t1 10 + t2 20), u2 5, u3 8; 43 in all.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from queries.analytics import proposals
from queries.analytics.filters import Filters

WINTER = Filters(date(1952, 12, 1), date(1953, 1, 31))
# ends on p1's decision day, before p2's decision and p1's implementation
TO_JAN_10 = Filters(date(1952, 12, 1), date(1953, 1, 10))


def test_funnel_whole_winter(fixture_con):
    k = proposals.funnel(fixture_con, WINTER).row(0, named=True)
    assert k["submitted_proposals"] == 4
    # decided p1, p2, p4; adopted p1 (implemented) and p4; rejected p2; pending p3
    assert (k["decided_proposals"], k["adopted_proposals"], k["implemented_proposals"]) == (3, 2, 1)
    assert (k["rejected_proposals"], k["pending_proposals"]) == (1, 1)
    assert k["adoption_rate"] == pytest.approx(2 / 3)
    assert k["implementation_rate"] == pytest.approx(1 / 2)
    assert k["adoption_rate_is_small"] is True  # 3 decided < 20
    assert k["proposals_per_100_workers"] == pytest.approx(4 / 43 * 100)


def test_funnel_status_at_the_period_end(fixture_con):
    k = proposals.funnel(fixture_con, TO_JAN_10).row(0, named=True)
    # by 01-10, p2 is not yet decided (01-11) and p1 not yet implemented (01-11)
    assert k["submitted_proposals"] == 4
    assert (k["decided_proposals"], k["adopted_proposals"], k["implemented_proposals"]) == (2, 2, 0)
    assert (k["rejected_proposals"], k["pending_proposals"]) == (0, 2)


def test_funnel_only_counts_proposals_submitted_in_the_period(fixture_con):
    # the fixture's own data period: p4 (12-20) was submitted before it
    k = proposals.funnel(fixture_con, Filters(date(1952, 12, 30), date(1953, 1, 11))).row(
        0, named=True
    )
    assert (k["submitted_proposals"], k["decided_proposals"], k["adopted_proposals"]) == (3, 2, 1)


def test_by_month(fixture_con):
    got = proposals.by_month(fixture_con, WINTER).rows()
    # December: p4 submitted and decided; January: p1, p2, p3 submitted, p1 and p2 decided
    assert got == [(date(1952, 12, 1), 1, 1), (date(1953, 1, 1), 3, 2)]


def test_by_unit(fixture_con):
    df = proposals.by_unit(fixture_con, WINTER)
    # per 100 workers: u1 3/30 = 10, u2 1/5 = 20, u3 0 -> u2 first
    assert df["unit_id"].to_list() == ["u2", "u1", "u3"]
    u1 = df.filter(pl.col("unit_id") == "u1").row(0, named=True)
    assert u1["proposals_per_100_workers"] == pytest.approx(10)
    assert (u1["decided_proposals"], u1["adopted_proposals"]) == (3, 2)
    # days to decision: p1 8, p2 8, p4 11 -> median 8
    assert u1["median_days_to_decision"] == 8
    assert u1["key_problems_solved"] == 1
    assert u1["est_saving_yuan"] == 700  # p1 500 + p4 200 (p2 was rejected)
    u2 = df.filter(pl.col("unit_id") == "u2").row(0, named=True)
    assert u2["median_days_to_decision"] is None and u2["adoption_rate"] is None
    # u1 and u2 submitted in the report's window (1952-08-01..1953-01-30); u3 did not
    assert dict(zip(df["unit_id"], df["report_leader"], strict=True)) == {
        "u1": True,
        "u2": True,
        "u3": False,
    }


def test_by_category(fixture_con):
    df = proposals.by_category(fixture_con, WINTER)
    assert df["category"].to_list() == ["process", "quality", "safety", "tooling"]
    assert df["members_total"].unique().to_list() == [43]
    tooling = df.filter(pl.col("category") == "tooling").row(0, named=True)
    assert tooling["proposals_per_100_workers"] == pytest.approx(1 / 43 * 100)
    assert (tooling["adoption_rate"], tooling["est_saving_yuan"]) == (1.0, 500)


def test_report_window_units_ignore_the_period(fixture_con):
    # a period that holds none of the proposals: the window still counts all four
    late = Filters(date(1953, 3, 1), date(1953, 3, 31))
    df = proposals.report_window_units(fixture_con, late)
    assert df.select("unit_id", "submitted_proposals").rows() == [("u1", 3), ("u2", 1)]
    assert (df["window_total"][0], df["window_units"][0]) == (4, 2)
    top1 = proposals.report_window_units(fixture_con, late, top=1)
    assert top1["unit_id"].to_list() == ["u1"]
    assert (top1["window_total"][0], top1["window_units"][0]) == (4, 2)
    # the sidebar's other filters still apply
    power = Filters(late.start, late.end, industries=("power",))
    assert proposals.report_window_units(fixture_con, power)["unit_id"].to_list() == ["u2"]


def test_backlog_at_the_period_end(fixture_con):
    # at 01-31 only p3 waits, submitted 01-10: 21 days
    pending = proposals.pending(fixture_con, WINTER)
    assert pending.select("proposal_id", "age_days").rows() == [("p3", 21)]
    assert proposals.overdue(fixture_con, WINTER).is_empty()  # 21 <= 30
    assert proposals.overdue(fixture_con, WINTER, 20)["proposal_id"].to_list() == ["p3"]
    bins = proposals.backlog_by_age(fixture_con, WINTER)
    assert bins.rows() == [(15, 29, False, 1)]
    # at 01-10, p2 (submitted 01-03, decided 01-11) is still waiting: 7 days; p3 0 days
    early = proposals.pending(fixture_con, TO_JAN_10)
    assert early.select("proposal_id", "age_days").rows() == [("p2", 7), ("p3", 0)]
    bins = proposals.backlog_by_age(fixture_con, TO_JAN_10, overdue_days=5, bin_days=5)
    assert bins.rows() == [(0, 4, False, 1), (5, 9, True, 1)]


def test_search(fixture_con):
    def ids(text: str, f: Filters = WINTER) -> list[str]:
        return proposals.search(fixture_con, f, text)["proposal_id"].to_list()

    assert ids("") == ["p3", "p2", "p1", "p4"]  # newest first
    assert ids("PICK") == ["p1"]  # either case
    assert ids("改进") == ["p2", "p1"]  # Chinese titles
    assert ids("coal mine") == ["p2", "p1", "p4"]  # the unit's name
    assert ids("p3") == ["p3"]  # the number, exactly
    assert ids("100%") == []  # wildcards are plain text
    capped = proposals.search(fixture_con, WINTER, "", limit=2)
    assert capped.height == 2 and capped["matches_total"][0] == 4
    # status at the period's end: p1 adopted by 01-10, implemented only on 01-11
    status = dict(
        proposals.search(fixture_con, TO_JAN_10, "").select("proposal_id", "status_at_end").rows()
    )
    assert status == {"p1": "adopted", "p2": "pending", "p3": "pending", "p4": "adopted"}


def test_empty_scope(fixture_con):
    f = Filters(WINTER.start, WINTER.end, bureaus=("no-such",))
    k = proposals.funnel(fixture_con, f).row(0, named=True)
    assert k["submitted_proposals"] == 0 and k["adoption_rate"] is None
    assert proposals.by_unit(fixture_con, f).is_empty()
    assert proposals.report_window_units(fixture_con, f).is_empty()
    assert proposals.backlog_by_age(fixture_con, f).is_empty()
    assert proposals.search(fixture_con, f, "").is_empty()
