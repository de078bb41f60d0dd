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


def build_panel(
    teams: pl.DataFrame, team_weeks: pl.DataFrame, first_week, n_weeks: int
) -> tuple[Panel, dict[str, int]]:
    """Turn team and team-week rows into the estimator's panel.

    teams has team_id, join_week (Monday of the joining week or null) and wave, one row per
    team; team_weeks has team_id, week (a Monday) and y (the outcome, null or non-finite
    where it cannot be computed). Teams missing a week or joined in or before the first week
    (no base week) are dropped, as `did` does; teams with no week at all are not counted.
    Returns the panel (teams in team_id order) and counts of what was kept and dropped.
    """
    counts = {"teams": 0, "dropped_unbalanced": 0, "dropped_joined_before": 0}
    if team_weeks.is_empty() or teams.is_empty() or n_weeks < 2:
        empty = Panel(np.zeros((0, max(n_weeks, 0))), np.zeros(0, int), np.zeros(0, object))
        return empty, counts
    teams = teams.sort("team_id").with_row_index("row")
    rows = team_weeks.join(teams.select("team_id", "row"), on="team_id", how="inner")
    first = np.datetime64(first_week, "D")
    col = (rows["week"].to_numpy().astype("datetime64[D]") - first).astype(np.int64) // 7
    row = rows["row"].to_numpy().astype(np.int64)
    inside = (col >= 0) & (col < n_weeks)
    # NaN marks a week without a usable outcome, so a team is complete when all are finite
    y = np.full((teams.height, n_weeks), np.nan)
    y[row[inside], col[inside]] = rows["y"].fill_null(np.nan).to_numpy()[inside]
    present = np.zeros(teams.height, bool)
    present[row] = True
    complete = np.isfinite(y).all(axis=1)
    counts["dropped_unbalanced"] = int((present & ~complete).sum())
    join = teams["join_week"].to_numpy().astype("datetime64[D]")
    has_join = ~np.isnat(join)
    g = np.where(has_join, (join - first).astype(np.int64) // 7, -1)
    early = complete & has_join & (g <= 0)
    counts["dropped_joined_before"] = int(early.sum())
    keep = complete & ~early
    counts["teams"] = int(keep.sum())
    g = g[keep]
    # A team joined after the panel's last week has not yet joined in any week of it.
    g[g >= n_weeks] = -1
    wave = np.array(
        [w if gi >= 0 else None for w, gi in zip(teams["wave"].to_numpy()[keep], g, strict=True)],
        dtype=object,
    )
    return Panel(y=y[keep], cohort=g, wave=wave), counts


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


EVENT_SCHEMA = {
    "e": pl.Int64,
    "att": pl.Float64,
    "se": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "cohorts": pl.Int64,
    "treated_teams": pl.Int64,
    "min_comparison_teams": pl.Int64,
}


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
    frame = pl.DataFrame(out, schema=EVENT_SCHEMA)
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


# The pre-trend check passes when the joint test's p-value is at least this: at 5% a
# pre-joining difference this large would be unusual if there were none.
PRETREND_ALPHA = 0.05


def pretrend_passes(p: float) -> bool:
    """Whether pretrend_test's p-value leaves the parallel-trends assumption standing."""
    return p >= PRETREND_ALPHA


def _comparison_counts(panel: Panel, g: int, ts: np.ndarray) -> np.ndarray:
    """For cohort g, the comparison teams of each week t: teams not joined by max(t, g - 1)
    and not of cohort g, counted from cohort sizes alone (no outcome needed)."""
    n_weeks = panel.y.shape[1]
    joined = panel.cohort[panel.cohort >= 0]
    sizes = np.bincount(joined, minlength=n_weeks + 1)
    # later[k]: teams whose cohort is after week k, never-joined teams included
    later = int((panel.cohort < 0).sum()) + (sizes[::-1].cumsum()[::-1] - sizes)
    last = np.maximum(ts, g - 1)
    return later[last] - np.where(g > last, sizes[g], 0)


def _cohort_weeks(panel: Panel, g: int) -> tuple[np.ndarray, np.ndarray]:
    """The weeks of cohort g's estimable cells and their comparison counts."""
    n_weeks = panel.y.shape[1]
    base = g - 1
    ts = np.array([t for t in range(max(0, g + E_MIN), min(n_weeks, g + E_MAX + 1)) if t != base])
    if ts.size == 0:
        return ts, ts
    n_c = _comparison_counts(panel, g, ts)
    ok = n_c >= MIN_COMPARISON_TEAMS
    return ts[ok], n_c[ok]


def estimate(panel: Panel, by_wave: bool, min_wave_teams: int = 1) -> dict[str, tuple]:
    """Event-study frames and influence matrices, pooled ('all') or per joining wave; a
    selection with no estimable cell has none.

    Waves with fewer than min_wave_teams joined teams are left out of the split (they stay
    in the pooled estimate).

    The same numbers as event_study(group_time_effects(panel), panel, cohorts) (a test holds
    them equal), computed one cohort at a time: each cell's influence column is added into
    its event time's as soon as it is computed, so memory is teams x event times rather than
    teams x cells (a ministry's 20,000 teams and 1,200 cells would need 200 MB and seconds).
    """
    n = panel.y.shape[0]
    cohorts = np.unique(panel.cohort[panel.cohort > 0])
    plan = {int(g): _cohort_weeks(panel, int(g)) for g in cohorts}
    plan = {g: p for g, p in plan.items() if p[0].size}
    joined = panel.cohort >= 0
    if not by_wave:
        groups = {ALL: set(plan)}
    else:
        groups = {}
        for wave in sorted({w for w in panel.wave[joined]}):
            members = joined & (panel.wave == wave)
            if members.sum() < min_wave_teams:
                continue
            groups[wave] = {int(g) for g in np.unique(panel.cohort[members])} & set(plan)
    groups = {k: v for k, v in groups.items() if v}
    if not groups:
        return {}
    pg = {g: float((panel.cohort == g).mean()) for g in plan}

    # Per group: its event times, and per event time the total cohort share of its cells.
    layout = {}
    for label, members in groups.items():
        share: dict[int, float] = {}
        for g in members:
            for t in plan[g][0]:
                share[int(t) - g] = share.get(int(t) - g, 0.0) + pg[g]
        es = sorted(share)
        layout[label] = (es, {e: i for i, e in enumerate(es)}, share)
    inf_acc = {k: np.zeros((n, len(v[0]))) for k, v in layout.items()}
    att_acc = {k: np.zeros(len(v[0])) for k, v in layout.items()}
    # per group and event time: cells, treated teams, fewest comparison teams, and each
    # kept cohort's ATT (for the weights' own influence term)
    meta = {k: [[0, 0, np.iinfo(np.int64).max, {}] for _ in v[0]] for k, v in layout.items()}
    # Teams in cohort order, never-joined last: a cohort's teams are then one block and every
    # comparison group (not joined by some week) is a suffix, so each cohort's arithmetic
    # runs on views of the rows from its block on instead of on every team.
    g_of = np.where(panel.cohort >= 0, panel.cohort, np.iinfo(np.int64).max)
    order = np.argsort(g_of, kind="stable")
    ys, gs = panel.y[order], g_of[order]

    for g, (ts, n_c) in plan.items():
        labels = [k for k, members in groups.items() if g in members]
        if not labels:
            continue
        base = g - 1
        start, end = int(np.searchsorted(gs, g, "left")), int(np.searchsorted(gs, g, "right"))
        n_g = end - start
        dy = ys[start:, ts] - ys[start:, [base]]
        # comparison teams of week t: cohort after max(t, base), from the end of g's block
        first = np.maximum(np.searchsorted(gs, np.maximum(ts, base), "right"), end) - start
        assert np.array_equal(dy.shape[0] - first, n_c)
        comparison = np.arange(dy.shape[0])[:, None] >= first[None, :]
        m_g = dy[:n_g].mean(axis=0)
        m_c = np.where(comparison, dy, 0.0).sum(axis=0) / n_c
        att = m_g - m_c
        inf = np.where(comparison, (dy - m_c) * (-n / n_c), 0.0)
        inf[:n_g] = (dy[:n_g] - m_g) * (n / n_g)
        e_of = ts - g
        for label in labels:
            _, index, share = layout[label]
            cols = np.array([index[int(e)] for e in e_of])
            w = np.array([pg[g] / share[int(e)] for e in e_of])
            inf_acc[label][start:, cols] += inf * w
            att_acc[label][cols] += att * w
            for j, col in enumerate(cols):
                m = meta[label][col]
                m[0] += 1
                m[1] += n_g
                m[2] = min(m[2], int(n_c[j]))
                m[3][g] = float(att[j])

    out = {}
    for label, (es, _, share) in layout.items():
        inf = np.empty_like(inf_acc[label])
        inf[order] = inf_acc[label]
        theta, rows = att_acc[label], []
        for col, e in enumerate(es):
            cells, treated_teams, fewest, att_by_g = meta[label][col]
            # the influence of estimating the cohort weights (see _weighted)
            total, s = share[e], sum(pg[g] * a for g, a in att_by_g.items())
            lookup = np.zeros(panel.y.shape[1] + 1)
            kept = np.zeros(panel.y.shape[1] + 1, bool)
            for g, a in att_by_g.items():
                lookup[g], kept[g] = a, True
            own = np.where(joined, lookup[panel.cohort], 0.0)
            is_kept = np.where(joined, kept[panel.cohort], False)
            inf[:, col] += (own - s) / total - (is_kept - total) * s / total**2
            se = math.sqrt(float(np.mean(inf[:, col] ** 2)) / n)
            rows.append(
                {
                    "e": int(e),
                    "att": float(theta[col]),
                    "se": se,
                    "ci_low": float(theta[col]) - Z95 * se,
                    "ci_high": float(theta[col]) + Z95 * se,
                    "cohorts": cells,
                    "treated_teams": treated_teams,
                    "min_comparison_teams": fewest,
                }
            )
        out[label] = (pl.DataFrame(rows, schema=EVENT_SCHEMA), inf)
    return out
