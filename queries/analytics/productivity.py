"""The Productivity page's results: productivity index and plan fulfilment over time, team
plans against factory-set targets, advanced average quotas, the campaign's effect on
productivity, and units ranked by their change since joining.
"""

from __future__ import annotations

import hashlib
import math
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import polars as pl

from queries.analytics import did, metrics
from queries.analytics.filters import Filters
from queries.store import db

GRAINS = ("week", "month")
GROUPINGS = ("bureau", "industry", "unit")
OUTPUT_SUMS = [
    "output_value_yuan",
    "plan_value_yuan",
    "index_output",
    "index_worker_hours",
    "worker_hours",
    "team_days",
    "team_days_with_team_plan",
    "team_days_plan_above",
]
# Ways of setting a quota from the month's team productivities (平均先进定额 is the last).
QUOTA_METHODS = ("mean_productivity", "advanced_mean", "average_advanced")
# A quota set from fewer teams than this in every month says little about an advanced level.
MIN_QUOTA_TEAMS = 3
# Joining waves with fewer teams than this are not estimated on their own (they stay in
# the pooled estimate): their intervals would be too wide to read.
MIN_WAVE_TEAMS = 25


def _check(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}")


def unit_periods(con: duckdb.DuckDBPyConnection, f: Filters, grain: str) -> pl.DataFrame:
    """Per unit in scope and week or month: the sums every trend on the page is made from
    (queries/sql/productivity/unit_period_output.sql). The functions below only sum these rows, so the
    cached layer fetches them once per filter and grain."""
    _check(grain, GRAINS, "grain")
    return db.run(con, "productivity/unit_period_output", {**f.params(), "grain": grain})


# --- over time ------------------------------------------------------------------------------


def productivity_trend(
    con: duckdb.DuckDBPyConnection, f: Filters, grain: str, by: str
) -> pl.DataFrame:
    """Per week or month (period_start) and bureau, industry or unit (group_key, group_en,
    group_zh): the sums and productivity_index and plan_fulfilment_pct from them."""
    return trend_of(unit_periods(con, f, grain), by)


def trend_of(periods: pl.DataFrame, by: str) -> pl.DataFrame:
    """productivity_trend from unit_periods rows."""
    _check(by, GROUPINGS, "by")
    keys = {
        "bureau": ("bureau_en", "bureau_en", "bureau_zh"),
        "industry": ("industry", "industry", "industry"),
        "unit": ("unit_id", "name_en", "name_zh"),
    }[by]
    df = periods.with_columns(
        group_key=pl.col(keys[0]), group_en=pl.col(keys[1]), group_zh=pl.col(keys[2])
    )
    out = metrics.sum_by(df, ["period_start", "group_key", "group_en", "group_zh"], OUTPUT_SUMS)
    return out.sort(["period_start", "group_key"])


TEAM_PLAN_SUMS = ["team_days", "team_days_with_team_plan", "team_days_plan_above"]


def team_plans_trend(con: duckdb.DuckDBPyConnection, f: Filters, grain: str) -> pl.DataFrame:
    """Per week or month: team-days, those with a team plan and those whose team plan
    exceeds the factory-set target, with team_plan_above_share and team_plan_set_share."""
    return team_plans_of(unit_periods(con, f, grain))


def team_plans_of(periods: pl.DataFrame) -> pl.DataFrame:
    """team_plans_trend from unit_periods rows."""
    return metrics.sum_by(periods, ["period_start"], TEAM_PLAN_SUMS).sort("period_start")


def team_plans_by_unit(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """The same per unit over the whole period, highest share above target first."""
    return team_plans_by_unit_of(unit_periods(con, f, "month"))


def team_plans_by_unit_of(periods: pl.DataFrame) -> pl.DataFrame:
    """team_plans_by_unit from unit_periods rows (of any grain: they are summed whole)."""
    out = metrics.sum_by(
        periods, ["unit_id", "name_zh", "name_en", "bureau_en", "bureau_zh"], TEAM_PLAN_SUMS
    )
    return out.sort(["team_plan_above_share", "unit_id"], descending=[True, False], nulls_last=True)


# --- advanced average quotas ----------------------------------------------------------------


def with_team_plans(by_unit: pl.DataFrame) -> pl.DataFrame:
    """team_plans_by_unit's units whose teams set plans of their own."""
    return by_unit.filter(pl.col("team_days_with_team_plan") > 0)


def output_units(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Output units of the teams in scope with output in the period, most teams first."""
    return db.run(con, "productivity/output_units_in_scope", f.params())


def quotas(
    con: duckdb.DuckDBPyConnection, f: Filters, output_unit: str, method: str
) -> pl.DataFrame:
    """Per month, for the teams measuring output in one output unit.

    A team's productivity is its month's output / its month's worker-hours (teams that
    worked). Then, unweighted across teams, since a quota is one level set for every team:
    mean_productivity (the mean of the teams), advanced_mean (the mean of the teams above
    that mean; the mean itself when none is above) and average_advanced ((mean + advanced
    mean) / 2, the advanced average quota 平均先进定额). `quota` is the one `method` names;
    teams_meeting_quota counts teams at or above it. previous_quota is the quota set from
    the month before (null after a gap), quota_change_pct its ratchet, and
    teams_meeting_previous_quota the teams that month reaching it.
    """
    _check(method, QUOTA_METHODS, "method")
    params = {**f.params(), "output_unit": output_unit}
    teams = metrics.add_rates(db.run(con, "productivity/team_month_output", params)).filter(
        pl.col("worker_hours") > 0
    )
    means = teams.group_by("month").agg(
        teams_with_hours=pl.len(), mean_productivity=pl.col("productivity").mean()
    )
    advanced = (
        teams.join(means, on="month")
        .filter(pl.col("productivity") > pl.col("mean_productivity"))
        .group_by("month")
        .agg(advanced_mean=pl.col("productivity").mean())
    )
    months = (
        means.join(advanced, on="month", how="left")
        .with_columns(pl.col("advanced_mean").fill_null(pl.col("mean_productivity")))
        .with_columns(average_advanced=(pl.col("mean_productivity") + pl.col("advanced_mean")) / 2)
        .with_columns(quota=pl.col(method))
        .sort("month")
    )
    follows = pl.col("month").shift(1) == pl.col("month").dt.offset_by("-1mo")
    months = months.with_columns(
        previous_quota=pl.when(follows).then(pl.col("quota").shift(1)),
    ).with_columns(quota_change_pct=(pl.col("quota") / pl.col("previous_quota") - 1) * 100)
    meeting = (
        teams.join(months.select("month", "quota", "previous_quota"), on="month")
        .group_by("month")
        .agg(
            teams_meeting_quota=(pl.col("productivity") >= pl.col("quota")).sum(),
            teams_meeting_previous_quota=pl.when(pl.col("previous_quota").is_not_null().any()).then(
                (pl.col("productivity") >= pl.col("previous_quota")).sum()
            ),
        )
    )
    out = months.join(meeting, on="month", how="left").sort("month")
    return metrics.add_rates(out.with_columns(output_unit=pl.lit(output_unit)))


# --- rankings -------------------------------------------------------------------------------


def index_change_ranking(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Units by the change of their joined teams' productivity index from before joining to
    since joining (index points), largest rise first, with the period's plan fulfilment.
    Units without days on both sides in the period have no change and come last."""
    df = metrics.add_rates(db.run(con, "productivity/unit_index_change", f.params()))
    df = df.with_columns(
        index_change=pl.col("productivity_index_since_joining")
        - pl.col("productivity_index_before_joining")
    )
    return df.sort(["index_change", "unit_id"], descending=[True, False], nulls_last=True)


def with_index_change(ranking: pl.DataFrame) -> pl.DataFrame:
    """index_change_ranking's units that have a change to rank."""
    return ranking.filter(pl.col("index_change").is_not_null())


# --- the campaign's effect ------------------------------------------------------------------


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def effect_panel(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[did.Panel, dict[str, int]]:
    """The balanced team x week panel of log productivity index, built from team-weeks
    summed in DuckDB and each team's joining week."""
    params = f.params()
    teams = db.run(con, "productivity/effect_teams", params).select(
        pl.col("team_key").alias("team_id"), "join_week", "wave"
    )
    weeks = metrics.add_rates(db.run(con, "productivity/team_week_index", params)).select(
        pl.col("team_key").alias("team_id"), "week", y=(pl.col("productivity_index") / 100).log()
    )
    first = _monday(f.start)
    n_weeks = (_monday(f.end) - first).days // 7 + 1
    panel, counts = did.build_panel(teams, weeks, first, n_weeks)
    return panel, {**counts, "weeks": n_weeks}


def _waves(panel: did.Panel) -> pl.DataFrame:
    joined = panel.wave[panel.cohort >= 0]
    if joined.size == 0:
        return pl.DataFrame(schema={"wave": pl.String, "wave_teams": pl.Int64})
    waves, counts = np.unique(joined.astype(str), return_counts=True)
    return pl.DataFrame({"wave": waves.tolist(), "wave_teams": counts.tolist()})


class CampaignEffect(NamedTuple):
    """The three results of one estimation: what it rests on, the event study, the summary."""

    sample: pl.DataFrame
    effect: pl.DataFrame
    summary: pl.DataFrame


def campaign_effect_all(
    con: duckdb.DuckDBPyConnection, f: Filters, by_wave: bool
) -> CampaignEffect:
    """effect_sample, campaign_effect and campaign_effect_summary from one panel and one
    estimation: the page shows all three, and the panel is the costly part. The whole
    period with every unit, the page's first view, is read as stored at load time."""
    return stored_campaign_effect(con, f, by_wave) or estimate_campaign_effect(con, f, by_wave)


def estimate_campaign_effect(
    con: duckdb.DuckDBPyConnection, f: Filters, by_wave: bool
) -> CampaignEffect:
    """campaign_effect_all, always estimated from the team-weeks."""
    panel, counts = effect_panel(con, f)
    estimates = did.estimate(panel, by_wave, MIN_WAVE_TEAMS)
    return CampaignEffect(
        _sample(panel, counts), _effect(estimates), _summary(panel, estimates, by_wave)
    )


# --- the first view, estimated once per database --------------------------------------------
# Estimating the effect for every unit over the whole period (the page's first view) takes
# about 0.7 s at 10 million daily rows, which every first visit after a start or a publish
# would pay. The loader stores it, pooled and by wave, with the estimator's version: a hash
# of the code and SQL it comes from, so that a database built by other code is estimated
# afresh rather than read. Any other period or scope is estimated when asked.
STORED_EFFECT_TABLES = (
    "stored_effect_sample",
    "stored_effect_event_study",
    "stored_effect_summary",
)
_ESTIMATOR_SOURCES = (
    Path(__file__),
    Path(did.__file__),
    Path(metrics.__file__),
    db.SQL_DIR / "productivity/effect_teams.sql",
    db.SQL_DIR / "productivity/team_week_index.sql",
)
ESTIMATOR_VERSION = hashlib.sha256(b"".join(p.read_bytes() for p in _ESTIMATOR_SOURCES)).hexdigest()


def store_whole_campaign_effect(con: duckdb.DuckDBPyConnection) -> None:
    """Estimate the whole period's effect for every unit, pooled and by wave, and store it in
    STORED_EFFECT_TABLES (on the loader's connection, before the database is published)."""
    first, last = db.run(con, "campaign/data_period").row(0)
    if first is None:
        return
    f = Filters(first, last)
    for by_wave in (False, True):
        try:
            estimated = estimate_campaign_effect(con, f, by_wave)
        except (ArithmeticError, ValueError, np.linalg.LinAlgError):
            # What is stored only saves the page time: a campaign the estimator cannot handle
            # must not stop its load. The page then estimates live and says what went wrong.
            return
        for table, frame in zip(STORED_EFFECT_TABLES, estimated, strict=True):
            con.register(
                "incoming",
                frame.with_row_index("row_position").with_columns(
                    start_on=pl.lit(first),
                    end_on=pl.lit(last),
                    is_by_wave=pl.lit(by_wave),
                    estimator_version=pl.lit(ESTIMATOR_VERSION),
                ),
            )
            # table names are the constants above, never input
            if by_wave:
                con.execute(f"insert into {table} by name select * from incoming")  # noqa: S608
            else:
                # or replace: an append recomputes the effect in a copy of the database
                con.execute(f"create or replace table {table} as select * from incoming")  # noqa: S608
            con.unregister("incoming")


def stored_campaign_effect(
    con: duckdb.DuckDBPyConnection, f: Filters, by_wave: bool
) -> CampaignEffect | None:
    """campaign_effect_all as stored at load time, or None when it was not stored for f."""
    if any(f.scope_params().values()):
        return None
    params = {
        "start": f.start,
        "end": f.end,
        "is_by_wave": by_wave,
        "estimator_version": ESTIMATOR_VERSION,
    }
    try:
        sample = db.run(con, "productivity/stored_effect_sample", params)
    except (duckdb.CatalogException, duckdb.BinderException):
        # a database built without the stored effect (tests build some from SQL), or by a
        # version whose stored tables had other columns
        return None
    if sample.is_empty():
        return None
    return CampaignEffect(
        sample,
        db.run(con, "productivity/stored_effect_event_study", params),
        db.run(con, "productivity/stored_effect_summary", params),
    )


def effect_sample(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """One row describing what the estimate rests on: teams in the panel, those that joined
    within it (with a week before joining in the period), those not joined by its end, the
    weekly cohorts, and the teams left out (a week without output, or joined too early)."""
    return _sample(*effect_panel(con, f))


def _sample(panel: did.Panel, counts: dict[str, int]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "teams": [counts["teams"]],
            "teams_joined": [int((panel.cohort > 0).sum())],
            "teams_not_joined": [int((panel.cohort < 0).sum())],
            "cohorts": [len(np.unique(panel.cohort[panel.cohort > 0]))],
            "weeks": [counts["weeks"]],
            "dropped_unbalanced": [counts["dropped_unbalanced"]],
            "dropped_joined_before": [counts["dropped_joined_before"]],
        }
    )


def campaign_effect(con: duckdb.DuckDBPyConnection, f: Filters, by_wave: bool) -> pl.DataFrame:
    """The event study: per wave ('all' when pooled, else the month 'YYYY-MM' in which the
    joining week starts) and week since joining e (-8..20), the effect on log productivity
    (att) with its standard error and 95% interval, and the same as a percentage change
    (effect_pct = exp(att) - 1). e = -1 is the reference week (is_reference, 0)."""
    panel, _ = effect_panel(con, f)
    return _effect(did.estimate(panel, by_wave, MIN_WAVE_TEAMS))


def _effect(estimates: dict[str, tuple]) -> pl.DataFrame:
    frames = []
    for wave, (frame, _) in estimates.items():
        ref = pl.DataFrame(
            {"e": [-1], "att": [0.0], "cohorts": [0], "treated_teams": [0]},
            schema_overrides={"e": pl.Int64, "cohorts": pl.Int64, "treated_teams": pl.Int64},
        )
        frames.append(
            pl.concat([frame, ref], how="diagonal")
            .with_columns(wave=pl.lit(wave), is_reference=pl.col("e") == -1)
            .sort("e")
        )
    schema = {"wave": pl.String, **did.EVENT_SCHEMA, "is_reference": pl.Boolean}
    if not frames:
        out = pl.DataFrame(schema=schema)
    else:
        out = pl.concat(frames, how="diagonal").select(list(schema))
    return out.with_columns(
        effect_pct=(pl.col("att").exp() - 1) * 100,
        ci_low_pct=(pl.col("ci_low").exp() - 1) * 100,
        ci_high_pct=(pl.col("ci_high").exp() - 1) * 100,
    )


def campaign_effect_summary(
    con: duckdb.DuckDBPyConnection, f: Filters, by_wave: bool
) -> pl.DataFrame:
    """Per wave: its joined teams, whether it is estimated (`shown`; small waves are not),
    the settled effect (the mean of the weekly effects 9 to 20 weeks after joining, when
    the planted ramp is complete whatever the joining weekday) with its 95% interval, and the
    pre-trend check: a joint Wald test that the effects 2 to 8 weeks before joining are all 0.
    """
    panel, _ = effect_panel(con, f)
    return _summary(panel, did.estimate(panel, by_wave, MIN_WAVE_TEAMS), by_wave)


def _summary(panel: did.Panel, estimates: dict[str, tuple], by_wave: bool) -> pl.DataFrame:
    waves = _waves(panel)
    if not by_wave:
        waves = pl.DataFrame({"wave": [did.ALL], "wave_teams": [int((panel.cohort > 0).sum())]})
    rows = []
    for wave, teams in waves.iter_rows():
        row: dict = {"wave": wave, "wave_teams": teams, "shown": wave in estimates}
        if wave in estimates:
            frame, inf = estimates[wave]
            settled = [e for e in frame["e"].to_list() if did.SETTLED[0] <= e <= did.SETTLED[1]]
            if settled:
                att, se = did.linear_combination(frame, inf, {e: 1 / len(settled) for e in settled})
            else:
                att, se = math.nan, math.nan
            stat, k, p = did.pretrend_test(frame, inf)
            row |= {
                "settled_weeks": len(settled),
                "settled_att": att,
                "settled_se": se,
                "pretrend_stat": stat,
                "pretrend_df": k,
                "pretrend_p": p,
            }
        rows.append(row)
    schema = {
        "wave": pl.String,
        "wave_teams": pl.Int64,
        "shown": pl.Boolean,
        "settled_weeks": pl.Int64,
        "settled_att": pl.Float64,
        "settled_se": pl.Float64,
        "pretrend_stat": pl.Float64,
        "pretrend_df": pl.Int64,
        "pretrend_p": pl.Float64,
    }
    out = pl.DataFrame(rows, schema=schema).with_columns(
        pl.col(pl.Float64).fill_nan(None),
    )
    low = pl.col("settled_att") - did.Z95 * pl.col("settled_se")
    high = pl.col("settled_att") + did.Z95 * pl.col("settled_se")
    return out.with_columns(
        settled_low=low,
        settled_high=high,
        settled_pct=(pl.col("settled_att").exp() - 1) * 100,
        settled_low_pct=(low.exp() - 1) * 100,
        settled_high_pct=(high.exp() - 1) * 100,
    )
