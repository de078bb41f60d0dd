"""Metric definitions: every rate on screen, as a ratio of two additive sums.

Queries return sums (never averages of ratios); add_rates turns them into rates here, in one
place, so that a rate over bureaus is computed from the bureaus' sums, not from their rates.
A rate whose denominator is zero is null, not zero and not infinity.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from queries import contract


@dataclass(frozen=True)
class Metric:
    name: str
    numerator: str
    denominator: str
    scale: float
    definition: str
    # Below this many events (numerator) or units of exposure (denominator) the rate is
    # shown only beside its counts and marked as resting on little data.
    small_numerator: int = 0
    small_denominator: float = 0


PLAN_FULFILMENT = Metric(
    "plan_fulfilment_pct",
    "output_value_yuan",
    "plan_value_yuan",
    100,
    "sum(output_qty × constant_price_yuan) / sum(plan_qty × constant_price_yuan) × 100",
)
PRODUCTIVITY_INDEX = Metric(
    "productivity_index",
    "index_output",
    "index_worker_hours",
    100,
    "sum(output_qty / team baseline productivity) / sum(worker_hours) × 100, over teams "
    f"with a baseline ({contract.BASELINE_START}..{contract.BASELINE_END}); 100 = the team's "
    "own pre-campaign level",
)
# Within one output unit this is sum(rejected_qty) / sum(inspected_qty) exactly (the price
# cancels); across output units it weighs tonnes and bales by their 1952 prices instead of
# adding them.
DEFECT_RATE = Metric(
    "defect_rate",
    "rejected_value_yuan",
    "inspected_value_yuan",
    1,
    "sum(rejected_qty × constant_price_yuan) / sum(inspected_qty × constant_price_yuan); "
    "within one output unit, sum(rejected_qty) / sum(inspected_qty)",
    small_denominator=10_000,
)
ACCIDENT_FREQUENCY = Metric(
    "accident_frequency_rate",
    "injury_accidents",
    "worker_hours",
    1_000_000,
    "accidents with injured + deaths > 0, per 1,000,000 worker-hours",
    small_numerator=5,
)
SEVERITY_RATE = Metric(
    "severity_rate",
    "lost_days",
    "worker_hours",
    1_000_000,
    "lost_days per 1,000,000 worker-hours",
    small_numerator=5,
)
COVERAGE = Metric(
    "coverage_share",
    "members_covered",
    "members_total",
    1,
    "members of teams with joined_on <= the date / all members in scope",
)
TEAM_COVERAGE = Metric(
    "team_coverage_share", "teams_covered", "teams_total", 1, "teams joined / all teams"
)
WORKSHOP_COVERAGE = Metric(
    "workshop_coverage_share",
    "workshops_covered",
    "workshops_total",
    1,
    "workshops with a team joined / all workshops",
)
UNIT_COVERAGE = Metric(
    "unit_coverage_share", "units_covered", "units_total", 1, "units with a team joined / all units"
)
UNITS_LAUNCHED = Metric(
    "units_launched_share", "units_launched", "units_total", 1, "units launched / all units"
)
ADOPTION_RATE = Metric(
    "adoption_rate",
    "adopted_proposals",
    "decided_proposals",
    1,
    "(adopted + implemented) / decided",
    small_denominator=20,
)
IMPLEMENTATION_RATE = Metric(
    "implementation_rate",
    "implemented_proposals",
    "adopted_proposals",
    1,
    "implemented / (adopted + implemented)",
    small_denominator=20,
)
PROPOSALS_PER_100 = Metric(
    "proposals_per_100_workers",
    "submitted_proposals",
    "members_total",
    100,
    "proposals submitted per 100 workers in scope",
)
# Physical productivity is only meaningful within one output unit; callers group by it.
PRODUCTIVITY = Metric(
    "productivity", "output_qty", "worker_hours", 1, "sum(output_qty) / sum(worker_hours)"
)

METRICS: tuple[Metric, ...] = (
    PLAN_FULFILMENT,
    PRODUCTIVITY_INDEX,
    DEFECT_RATE,
    ACCIDENT_FREQUENCY,
    SEVERITY_RATE,
    COVERAGE,
    TEAM_COVERAGE,
    WORKSHOP_COVERAGE,
    UNIT_COVERAGE,
    UNITS_LAUNCHED,
    ADOPTION_RATE,
    IMPLEMENTATION_RATE,
    PROPOSALS_PER_100,
    PRODUCTIVITY,
)
BY_NAME = {m.name: m for m in METRICS}


def rate(m: Metric) -> pl.Expr:
    den = pl.col(m.denominator).cast(pl.Float64)
    return (
        pl.when(den > 0).then(pl.col(m.numerator).cast(pl.Float64) / den * m.scale).otherwise(None)
    ).alias(m.name)


def is_small(m: Metric) -> pl.Expr:
    """True where the rate rests on too few events or too little exposure to compare."""
    small = pl.lit(False)
    if m.small_numerator:
        small = small | (pl.col(m.numerator) < m.small_numerator)
    if m.small_denominator:
        small = small | (pl.col(m.denominator) < m.small_denominator)
    return small.alias(f"{m.name}_is_small")


def any_small(*rates: str) -> pl.Expr:
    """True where any of these rates (columns as add_rates names them, with any prefix, such
    as before_defect_rate) rests on too few events or too little exposure, by its _is_small
    flag. A rate without a flag value (nothing to rate) does not make the row small."""
    return pl.any_horizontal([pl.col(f"{r}_is_small").fill_null(False) for r in rates]).alias(
        "is_small"
    )


def is_share(name: str) -> bool:
    """True for a metric that is a share of its denominator (0.042, read as 4.2%): one of
    scale 1 other than those of NOT_SHARES (output per hour, days, levels)."""
    m = BY_NAME.get(name)
    return bool(m) and m.scale == 1 and m.name not in NOT_SHARES


def add_rates(df: pl.DataFrame) -> pl.DataFrame:
    """Add every metric whose numerator and denominator columns are present.

    Physical productivity is added only when the frame carries output_unit, so that
    quantities of different kinds are never divided by a shared pool of hours.
    """
    present = set(df.columns)
    exprs = []
    for m in METRICS:
        if m is PRODUCTIVITY and "output_unit" not in present:
            continue
        if m.numerator in present and m.denominator in present:
            exprs.append(rate(m))
            if m.small_numerator or m.small_denominator:
                exprs.append(is_small(m))
    return df.with_columns(exprs) if exprs else df


def sum_by(df: pl.DataFrame, by: list[str], sums: list[str]) -> pl.DataFrame:
    """Re-aggregate sums to a coarser grain, then recompute the rates from them."""
    return add_rates(df.group_by(by, maintain_order=True).agg(pl.col(sums).sum()))


# --- Rollout and Productivity pages ------------------------------------------------------
MAX_7DAY_JOIN_SHARE = Metric(
    "max_7day_join_share",
    "max_teams_joined_in_7_days",
    "teams_total",
    1,
    "the most teams of a unit that joined within any 7 consecutive days / all its teams; "
    "above the chosen threshold (default 60%) the unit is flagged as rushed (一轰而起)",
)
TEAM_PLAN_ABOVE = Metric(
    "team_plan_above_share",
    "team_days_plan_above",
    "team_days_with_team_plan",
    1,
    "team-days on which the team's own plan exceeds the factory-set target "
    "(team_plan_qty > plan_qty) / team-days with a team plan",
    small_denominator=30,
)
TEAM_PLAN_SET = Metric(
    "team_plan_set_share",
    "team_days_with_team_plan",
    "team_days",
    1,
    "team-days with a team plan / all team-days",
)
INDEX_BEFORE_JOINING = Metric(
    "productivity_index_before_joining",
    "index_output_before",
    "index_worker_hours_before",
    100,
    "the productivity index over the days before each team joined (teams that joined)",
    small_denominator=1_000,
)
INDEX_SINCE_JOINING = Metric(
    "productivity_index_since_joining",
    "index_output_since",
    "index_worker_hours_since",
    100,
    "the productivity index over the days from each team's joining on (teams that joined)",
    small_denominator=1_000,
)
# A quota is a level set for every team alike, so these count teams, not hours.
QUOTA_MET = Metric(
    "quota_met_share",
    "teams_meeting_quota",
    "teams_with_hours",
    1,
    "teams whose month's output per worker-hour reaches the month's quota / teams that "
    "worked that month (one output unit)",
)
PREVIOUS_QUOTA_MET = Metric(
    "previous_quota_met_share",
    "teams_meeting_previous_quota",
    "teams_with_hours",
    1,
    "teams whose month's output per worker-hour reaches the quota set from the month "
    "before / teams that worked that month (one output unit)",
)

METRICS = (
    *METRICS,
    MAX_7DAY_JOIN_SHARE,
    TEAM_PLAN_ABOVE,
    TEAM_PLAN_SET,
    INDEX_BEFORE_JOINING,
    INDEX_SINCE_JOINING,
    QUOTA_MET,
    PREVIOUS_QUOTA_MET,
)
BY_NAME = {m.name: m for m in METRICS}

# --- the economic accounting system (经济核算制): cost, working capital, staff -------------
# Cost is always set against gross output value at 1952 constant prices, the one measure
# that adds a unit's tonnes and bales (priced first); each sum is over the unit-months that
# have both (queries/sql/cost/unit_months.sql counts them).
COST_PER_100_YUAN = Metric(
    "cost_per_100_yuan",
    "cost_yuan",
    "costed_output_value_yuan",
    100,
    "sum(cost_yuan) / sum(gross output value at 1952 constant prices) × 100, over the "
    "unit-months with cost records and output: yuan of cost per 100 yuan of output",
)
PLAN_COST_PER_100_YUAN = Metric(
    "plan_cost_per_100_yuan",
    "plan_cost_yuan",
    "costed_plan_value_yuan",
    100,
    "sum(plan_cost_yuan) / sum(planned output value at 1952 constant prices) × 100: the "
    "plan's cost per 100 yuan of planned output",
)
COST_AGAINST_PLAN = Metric(
    "cost_against_plan_pct",
    "cost_with_plan_yuan",
    "plan_cost_of_output_yuan",
    100,
    "sum(cost_yuan) / sum(the plan's cost of the output made: plan_cost_yuan × output value "
    "÷ planned output value) × 100; below 100 the output cost less than the plan allowed",
)
PLAN_SAVING = Metric(
    "plan_saving_pct",
    "plan_saving_yuan",
    "plan_cost_of_output_yuan",
    100,
    "(the plan's cost of the output made − its cost) / the plan's cost of the output made × 100",
)
COST_REDUCTION = Metric(
    "cost_reduction_pct",
    "cost_reduction_yuan",
    "baseline_cost_of_output_yuan",
    100,
    "(the output's cost at each unit's own baseline cost per yuan of output − its cost) / "
    f"the former × 100; baseline: the whole months of {contract.BASELINE_START}.."
    f"{contract.BASELINE_END} unless the load set another",
)
CAPITAL_TURNOVER_DAYS = Metric(
    "capital_turnover_days",
    "capital_days_yuan",
    "funded_output_value_yuan",
    1,
    "sum(working_capital_yuan × days in the month) / sum(gross output value): days of "
    "output the working capital ties up (流动资金周转天数), fewer is faster",
)
CAPITAL_AGAINST_VERIFIED = Metric(
    "capital_against_verified_pct",
    "working_capital_verified_yuan",
    "verified_funds_yuan",
    100,
    "sum(working_capital_yuan) / sum(verified_funds_yuan) × 100, over the unit-months with "
    "verified funds",
)
MANAGEMENT_SHARE = Metric(
    "management_share",
    "management_staff",
    "staff_total",
    1,
    "management and administrative staff / (production workers + management and "
    "administrative staff), person-months summed",
)
MANAGEMENT_LEVELS = Metric(
    "mean_management_levels",
    "management_levels",
    "staff_months",
    1,
    "levels of management, averaged over the unit-months with staff records",
)

METRICS = (
    *METRICS,
    COST_PER_100_YUAN,
    PLAN_COST_PER_100_YUAN,
    COST_AGAINST_PLAN,
    PLAN_SAVING,
    COST_REDUCTION,
    CAPITAL_TURNOVER_DAYS,
    CAPITAL_AGAINST_VERIFIED,
    MANAGEMENT_SHARE,
    MANAGEMENT_LEVELS,
)
BY_NAME = {m.name: m for m in METRICS}
# Rates of scale 1 that are not shares of their denominator: read as they are.
NOT_SHARES = (PRODUCTIVITY.name, CAPITAL_TURNOVER_DAYS.name, MANAGEMENT_LEVELS.name)
