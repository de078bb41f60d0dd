"""The campaign's effect on productivity: group-time effects in the style of Callaway and
Sant'Anna (2021), aggregated by weeks since joining.

Input is a balanced team x week panel of an outcome (the log of the team's weekly
productivity index) and each team's cohort (the week it joined). For every cohort g and week t

    ATT(g, t) = mean over teams of cohort g of (Y_t - Y_{g-1})
              - mean over comparison teams of (Y_t - Y_{g-1})

with a universal base week g-1 (the week before the cohort joined) and, as the comparison,
the teams not yet joined in week t (and not in cohort g): teams whose cohort is later than
max(t, g-1), and teams that never joined. No covariates, so the doubly robust, regression and
weighting estimators of the paper all reduce to this difference of mean changes.

ATT(g, t) are averaged by event time e = t - g with weights proportional to cohort size,
and inference uses their influence functions (one value per team, so errors are clustered by
team), including the term for the estimated cohort weights, as in the paper and in the
`did` and `moderndid` packages (tests/queries/test_did.py checks against the latter). The
week before joining (e = -1) is the reference and is 0 by construction.

This module is pure NumPy/Polars on an already aggregated panel: it knows nothing of the
database (queries/productivity.py aggregates team-weeks in DuckDB and calls it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl

E_MIN, E_MAX = -8, 20
# The weeks over which the planted effect is fully ramped up whatever the weekday a team
# joined on: week 9 after the joining week starts at least 57 days after the join.
SETTLED = (9, 20)
Z95 = 1.959963984540054
# Fewer comparison teams than this and a group-time cell is left out: a mean change of
# one or two teams is not a counterfactual.
MIN_COMPARISON_TEAMS = 5
ALL = "all"
# Below this, an estimate or a standard error on the log scale is floating-point rounding.
EXACT = 1e-9


@dataclass(frozen=True)
class Panel:
    """A balanced panel ready for the estimator.

    y: teams x weeks outcome; cohort: each team's joining week as a column index of y, or
    -1 for teams not joined within the panel (never treated here); wave: each team's wave
    label (None for teams not joined within the panel).
    """

    y: np.ndarray
    cohort: np.ndarray
    wave: np.ndarray


@dataclass(frozen=True)
class Cells:
    """Estimated group-time cells: one column of `inf` per cell, one row per team."""

    g: np.ndarray
    t: np.ndarray
    att: np.ndarray
    n_treated: np.ndarray
    n_comparison: np.ndarray
    inf: np.ndarray


def build_panel(team_weeks: pl.DataFrame, first_week, n_weeks: int) -> tuple[Panel, dict[str, int]]:
    """Turn team-week rows into the estimator's panel.

    team_weeks has team_id, week (a Monday), join_week (Monday of the joining week or null),
    wave and y (the outcome, null or non-finite where it cannot be computed). Teams missing a
    week or joined in or before the first week (no base week) are dropped, as `did` does.
    Returns the panel and counts of what was kept and dropped.
    """
    counts = {"teams": 0, "dropped_unbalanced": 0, "dropped_joined_before": 0}
    if team_weeks.is_empty() or n_weeks < 2:
        empty = Panel(np.zeros((0, max(n_weeks, 0))), np.zeros(0, int), np.zeros(0, object))
        return empty, counts
    tw = team_weeks.with_columns(
        col=((pl.col("week") - pl.lit(first_week)).dt.total_days() // 7).cast(pl.Int64),
        g=((pl.col("join_week") - pl.lit(first_week)).dt.total_days() // 7).cast(pl.Int64),
    )
    ok = tw.filter(pl.col("y").is_not_null() & pl.col("y").is_finite())
    complete = ok.group_by("team_id").agg(pl.len().alias("n")).filter(pl.col("n") == n_weeks)
    teams = tw.group_by("team_id").agg(pl.col("g").first(), pl.col("wave").first())
    all_teams = teams.height
    teams = teams.filter(pl.col("team_id").is_in(complete["team_id"].implode())).sort("team_id")
    counts["dropped_unbalanced"] = all_teams - teams.height
    before = teams.filter(pl.col("g").is_not_null() & (pl.col("g") <= 0))
    counts["dropped_joined_before"] = before.height
    teams = teams.filter(pl.col("g").is_null() | (pl.col("g") > 0))
    counts["teams"] = teams.height
    # A team joined after the panel's last week has not yet joined in any week of it.
    g = teams["g"].fill_null(-1).to_numpy().copy()
    g[g >= n_weeks] = -1
    wave = np.array(
        [w if gi >= 0 else None for w, gi in zip(teams["wave"].to_list(), g, strict=True)],
        dtype=object,
    )
    y = (
        ok.filter(pl.col("team_id").is_in(teams["team_id"].implode()))
        .sort("team_id", "col")["y"]
        .to_numpy()
        .reshape(teams.height, n_weeks)
    )
    return Panel(y=y, cohort=g, wave=wave), counts


def group_time_effects(
    panel: Panel,
    e_min: int = E_MIN,
    e_max: int = E_MAX,
    min_comparison: int = MIN_COMPARISON_TEAMS,
) -> Cells:
    """ATT(g, t) with its influence function, for every cohort and week with e_min <= t - g <=
    e_max, except the base week g - 1 and cells with too few comparison teams.

    Vectorised over the weeks of one cohort: a column per week t, a row per team.
    """
    n, n_weeks = panel.y.shape
    g_of = np.where(panel.cohort >= 0, panel.cohort, np.iinfo(np.int64).max)
    parts: list[tuple[np.ndarray, ...]] = []
    for g in np.unique(panel.cohort[panel.cohort > 0]):
        base = g - 1
        ts = np.array(
            [t for t in range(max(0, g + e_min), min(n_weeks, g + e_max + 1)) if t != base]
        )
        if ts.size == 0:
            continue
        treated = g_of == g
        n_g = int(treated.sum())
        # comparison[i, j]: team i has not joined by week ts[j] (nor by the base week)
        comparison = (g_of[:, None] > np.maximum(ts, base)[None, :]) & ~treated[:, None]
        n_c = comparison.sum(axis=0)
        ok = n_c >= min_comparison
        if not ok.any():
            continue
        ts, comparison, n_c = ts[ok], comparison[:, ok], n_c[ok]
        dy = panel.y[:, ts] - panel.y[:, [base]]
        m_g = dy[treated].mean(axis=0)
        m_c = (dy * comparison).sum(axis=0) / n_c
        inf = treated[:, None] * (n / n_g) * (dy - m_g) - comparison * (n / n_c) * (dy - m_c)
        parts.append((np.full(ts.size, g), ts, m_g - m_c, np.full(ts.size, n_g), n_c, inf))
    if not parts:
        z = np.zeros(0, int)
        return Cells(z, z, np.zeros(0), z, z, np.zeros((n, 0)))
    return Cells(
        g=np.concatenate([p[0] for p in parts]),
        t=np.concatenate([p[1] for p in parts]),
        att=np.concatenate([p[2] for p in parts]),
        n_treated=np.concatenate([p[3] for p in parts]),
        n_comparison=np.concatenate([p[4] for p in parts]),
        inf=np.hstack([p[5] for p in parts]),
    )


def _weighted(cells: Cells, keep: np.ndarray, cohort: np.ndarray) -> tuple[float, np.ndarray]:
    """Cohort-size-weighted mean of the kept cells and its influence function, including the
    term for estimating the weights (Callaway and Sant'Anna, eq. for the aggregated IF)."""
    n = cells.inf.shape[0]
    gs = cells.g[keep]
    pg = np.array([(cohort == g).mean() for g in gs])
    w = pg / pg.sum()
    att = cells.att[keep]
    inf = cells.inf[:, keep] @ w
    member = np.column_stack([(cohort == g).astype(float) - p for g, p in zip(gs, pg, strict=True)])
    wif = member / pg.sum() - np.outer(member.sum(axis=1), pg / pg.sum() ** 2)
    inf = inf + wif @ att
    assert inf.shape == (n,)
    return float(att @ w), inf


def event_study(
    cells: Cells, panel: Panel, cohorts: np.ndarray | None = None
) -> tuple[pl.DataFrame, np.ndarray]:
    """theta(e) for every event time with at least one cell, over the given cohorts (all by
    default). Returns the estimates and the teams x event-times influence matrix."""
    n = panel.y.shape[0]
    use = np.ones(cells.g.shape, bool) if cohorts is None else np.isin(cells.g, cohorts)
    e_all = cells.t - cells.g
    out, infs = [], []
    for e in np.unique(e_all[use]):
        keep = use & (e_all == e)
        theta, inf = _weighted(cells, keep, panel.cohort)
        se = math.sqrt(float(np.mean(inf**2)) / n)
        out.append(
            {
                "e": int(e),
                "att": theta,
                "se": se,
                "ci_low": theta - Z95 * se,
                "ci_high": theta + Z95 * se,
                "cohorts": int(keep.sum()),
                "treated_teams": int(cells.n_treated[keep].sum()),
                "min_comparison_teams": int(cells.n_comparison[keep].min()),
            }
        )
        infs.append(inf)
    schema = {
        "e": pl.Int64,
        "att": pl.Float64,
        "se": pl.Float64,
        "ci_low": pl.Float64,
        "ci_high": pl.Float64,
        "cohorts": pl.Int64,
        "treated_teams": pl.Int64,
        "min_comparison_teams": pl.Int64,
    }
    frame = pl.DataFrame(out, schema=schema)
    return frame, (np.column_stack(infs) if infs else np.zeros((n, 0)))


def chi2_sf(x: float, k: int) -> float:
    """P(X > x) for X ~ chi-squared with k degrees of freedom (closed form for whole k)."""
    if x <= 0:
        return 1.0
    if k % 2 == 0:
        term, total = 1.0, 1.0
        for j in range(1, k // 2):
            term *= (x / 2) / j
            total += term
        return math.exp(-x / 2) * total
    s = math.sqrt(x)
    p = math.erfc(s / math.sqrt(2))
    term = math.sqrt(2 / math.pi) * math.exp(-x / 2) * s
    for j in range(1, (k - 1) // 2 + 1):
        p += term
        term *= x / (2 * j + 1)
    return min(1.0, p)


def linear_combination(
    frame: pl.DataFrame, inf: np.ndarray, weights: dict[int, float]
) -> tuple[float, float]:
    """A linear combination of theta(e) (by event time) and its standard error."""
    es = frame["e"].to_list()
    w = np.array([weights.get(e, 0.0) for e in es])
    n = inf.shape[0]
    return float(frame["att"].to_numpy() @ w), math.sqrt(float(np.mean((inf @ w) ** 2)) / n)


def pretrend_test(
    frame: pl.DataFrame, inf: np.ndarray, e_low: int = E_MIN, e_high: int = -2
) -> tuple[float, int, float]:
    """Wald test that theta(e) = 0 for every pre-joining week e_low..e_high jointly.

    Returns (statistic, degrees of freedom, p-value); (nan, 0, nan) without pre-periods.
    """
    pick = [(i, e) for i, e in enumerate(frame["e"].to_list()) if e_low <= e <= e_high]
    if not pick:
        return math.nan, 0, math.nan
    idx = [i for i, _ in pick]
    theta = frame["att"].to_numpy()[idx]
    n = inf.shape[0]
    v = inf[:, idx].T @ inf[:, idx] / n**2
    # An absolute tolerance: a standard error below 1e-9 on a log scale is rounding, and a
    # relative one would read rounding noise as information.
    k = int(np.linalg.matrix_rank(v, tol=EXACT**2))
    if k == 0:
        # No variation at all before joining (only in constructed data): the estimates are
        # exact, so they either are all 0 (the check passes) or are not (it fails).
        exact_zero = bool(np.all(np.abs(theta) < EXACT))
        return 0.0 if exact_zero else math.inf, len(idx), 1.0 if exact_zero else 0.0
    stat = float(theta @ np.linalg.pinv(v) @ theta)
    return stat, k, chi2_sf(stat, k)


def estimate(panel: Panel, by_wave: bool, min_wave_teams: int = 1) -> dict[str, tuple]:
    """Event-study frames and influence matrices, pooled ('all') or per joining wave; a
    selection with no estimable cell has none.

    Waves with fewer than min_wave_teams joined teams are left out of the split (they stay
    in the pooled estimate).
    """
    cells = group_time_effects(panel)
    if not by_wave:
        frame, inf = event_study(cells, panel)
        return {ALL: (frame, inf)} if frame.height else {}
    out = {}
    joined = panel.cohort >= 0
    for wave in sorted({w for w in panel.wave[joined]}):
        members = joined & (panel.wave == wave)
        if members.sum() < min_wave_teams:
            continue
        frame, inf = event_study(cells, panel, np.unique(panel.cohort[members]))
        if frame.height:
            out[wave] = (frame, inf)
    return out
