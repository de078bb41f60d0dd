"""The campaign-effect estimator (queries/did.py): on a panel small enough to work by hand,
and against moderndid (a maintained implementation of Callaway and Sant'Anna) on a slice
of the sample campaign, cell by cell and event time by event time."""

from __future__ import annotations

import math
import warnings
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from queries.analytics import did, productivity
from queries.analytics.filters import Filters
from queries.store import db

# given: four teams over weeks 0..2 (log productivity); A and B join in week 1, C in week 2,
# D never.
#        week:  0  1  2
#   A (g=1)     0  2  3
#   B (g=1)     0  4  5
#   C (g=2)     0  1  4
#   D (never)   0  1  1
HAND = did.Panel(
    y=np.array([[0, 2, 3], [0, 4, 5], [0, 1, 4], [0, 1, 1]], dtype=float),
    cohort=np.array([1, 1, 2, -1]),
    wave=np.array(["w1", "w1", "w2", None], dtype=object),
)


def _cells(panel=HAND, min_comparison=1):
    cells = did.group_time_effects(panel, min_comparison=min_comparison)
    return {
        (int(g), int(t)): i for i, (g, t) in enumerate(zip(cells.g, cells.t, strict=True))
    }, cells


def test_group_time_effects_by_hand():
    index, cells = _cells()
    # expect: the base week of cohort 1 is week 0, of cohort 2 week 1 (never a cell itself)
    assert sorted(index) == [(1, 1), (1, 2), (2, 0), (2, 2)]
    att = {k: cells.att[i] for k, i in index.items()}
    # (1,1): treated A, B change 2, 4 (mean 3); not yet joined in week 1: C, D change 1, 1
    assert att[(1, 1)] == pytest.approx(3 - 1)
    # (1,2): treated change 3, 5 (mean 4); not yet joined in week 2: only D, change 1
    assert att[(1, 2)] == pytest.approx(4 - 1)
    # (2,0), a week before joining, base week 1: C 0 - 1; D (cohort 1 had joined by then) 0 - 1
    assert att[(2, 0)] == pytest.approx(0.0)
    # (2,2): C 4 - 1 = 3 against D 1 - 1 = 0
    assert att[(2, 2)] == pytest.approx(3.0)
    assert cells.n_comparison[index[(1, 1)]] == 2
    assert cells.n_comparison[index[(1, 2)]] == 1


def test_influence_functions_by_hand():
    index, cells = _cells()
    # psi_i = N/n_g (dY_i - mean_g) for treated, -N/n_c (dY_i - mean_c) for comparison teams
    # (1,1): A 4/2 (2 - 3) = -2, B 4/2 (4 - 3) = 2, C and D change like their mean: 0
    assert cells.inf[:, index[(1, 1)]] == pytest.approx([-2, 2, 0, 0])
    # se = sqrt(mean(psi^2) / N) = sqrt((4 + 4) / 4 / 4)
    frame, _ = did.event_study(cells, HAND)
    row = frame.filter(pl.col("e") == 1).row(0, named=True)
    assert row["att"] == pytest.approx(3.0)
    assert row["se"] == pytest.approx(math.sqrt(0.5))


def test_event_time_weights_and_their_influence_by_hand():
    _, cells = _cells()
    frame, inf = did.event_study(cells, HAND)
    assert frame["e"].to_list() == [-2, 0, 1]
    e0 = frame.filter(pl.col("e") == 0).row(0, named=True)
    # theta(0) = (2 teams x ATT(1,1) + 1 team x ATT(2,2)) / 3 = (2 x 2 + 3) / 3
    assert e0["att"] == pytest.approx(7 / 3)
    assert (e0["cohorts"], e0["treated_teams"]) == (2, 3)
    # Influence, with the term for estimating the weights p_g = n_g / N (p_1 = .5, p_2 = .25):
    #   w_g psi(g) + sum_g ATT(g) [(1[G=g] - p_g) / sum p - sum_h (1[G=h] - p_h) p_g / (sum p)^2]
    #   A: 2/3 (-2) + 2 (4/9) + 3 (-4/9) = -16/9;  B: 2/3 (2) - 4/9 = 8/9;
    #   C: 2 (-8/9) + 3 (8/9) = 8/9;               D: 0
    assert inf[:, 1] == pytest.approx([-16 / 9, 8 / 9, 8 / 9, 0])
    # se = sqrt((256 + 64 + 64) / 81 / 4 / 4) = sqrt(24) / 9
    assert e0["se"] == pytest.approx(math.sqrt(24) / 9)
    assert e0["ci_low"] == pytest.approx(7 / 3 - did.Z95 * math.sqrt(24) / 9)


def test_cells_without_enough_comparison_teams_are_left_out():
    # With the default minimum of 5 comparison teams, this panel has no cell at all.
    cells = did.group_time_effects(HAND)
    assert cells.att.size == 0
    frame, _ = did.event_study(cells, HAND)
    assert frame.is_empty()
    assert did.estimate(HAND, by_wave=False) == {}
    # At 2, only the cells with C and D to compare with remain
    index, _ = _cells(min_comparison=2)
    assert sorted(index) == [(1, 1)]


def test_estimate_by_wave_uses_only_that_waves_cohorts():
    cells = did.group_time_effects(HAND, min_comparison=1)
    frame, _ = did.event_study(cells, HAND, cohorts=np.array([2]))
    assert frame["e"].to_list() == [-2, 0]
    assert frame.filter(pl.col("e") == 0)["att"].item() == pytest.approx(3.0)


def test_chi2_survival_matches_known_quantiles():
    # 95% critical values of chi-squared with 1, 2, 7 and 10 degrees of freedom
    assert did.chi2_sf(3.841459, 1) == pytest.approx(0.05, abs=1e-6)
    assert did.chi2_sf(5.991465, 2) == pytest.approx(0.05, abs=1e-6)
    assert did.chi2_sf(14.06714, 7) == pytest.approx(0.05, abs=1e-6)
    assert did.chi2_sf(18.30704, 10) == pytest.approx(0.05, abs=1e-6)
    assert did.chi2_sf(0.0, 3) == 1.0


def test_pretrend_test_by_hand():
    frame = pl.DataFrame({"e": [-3, -2, 0], "att": [0.1, -0.2, 1.0]})
    # two independent pre-period estimates with se 0.1: inf columns with mean(psi^2)/N = 0.01
    n = 4
    inf = np.zeros((n, 3))
    inf[:, 0] = [0.4, -0.4, 0.4, -0.4]  # mean square 0.16, / 4 = 0.04 -> se 0.2
    inf[:, 1] = [0.4, 0.4, -0.4, -0.4]  # orthogonal to the first, same se
    stat, k, p = did.pretrend_test(frame, inf)
    # W = (0.1 / 0.2)^2 + (0.2 / 0.2)^2 = 1.25 with 2 degrees of freedom: p = exp(-1.25 / 2)
    assert (stat, k) == (pytest.approx(1.25), 2)
    assert p == pytest.approx(math.exp(-0.625))
    # p = 0.54: no sign of a pre-joining difference, the check passes; it fails below 5%
    assert did.pretrend_passes(p)
    assert did.pretrend_passes(0.05) and not did.pretrend_passes(0.049)


def test_build_panel_drops_teams_without_a_base_week_or_a_full_record():
    first = date(1953, 1, 5)
    weeks = [first + timedelta(days=7 * i) for i in range(3)]
    rows, teams = [], []
    for team, join, ys in (
        ("late", first + timedelta(days=70), [1.0, 1.0, 1.0]),  # joins after the panel
        ("a", first + timedelta(days=7), [1.0, 2.0, 3.0]),
        ("early", first, [1.0, 1.0, 1.0]),  # joined in the first week: no week before
        ("gap", None, [1.0, None, 1.0]),  # a week with a row but no outcome
        ("missing", None, [1.0, 1.0]),  # a week without a row
        ("zero", None, [1.0, float("-inf"), 1.0]),  # log of a week's zero index
        ("idle", None, []),  # no week at all in the period: not counted
    ):
        teams.append({"team_id": team, "join_week": join, "wave": "x"})
        for w, y in zip(weeks, ys, strict=False):
            rows.append({"team_id": team, "week": w, "y": y})
    panel, counts = did.build_panel(pl.DataFrame(teams), pl.DataFrame(rows), first, 3)
    assert counts == {"teams": 2, "dropped_unbalanced": 3, "dropped_joined_before": 1}
    assert panel.cohort.tolist() == [1, -1]  # a, then late as not yet joined (team_id order)
    assert panel.wave.tolist() == ["x", None]
    assert panel.y.tolist() == [[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]


# --- against moderndid ---------------------------------------------------------------------

# Coal over the first half of 1953 and the weeks before: long enough for every event time,
# short enough that moderndid (which estimates every cohort-week pair) takes seconds.
SLICE = Filters(date(1952, 11, 3), date(1953, 7, 5), industries=("coal",))


@pytest.fixture(scope="module")
def coal_panel(sample_db):
    # A connection of this module's own, closed when done: tests that run later open the
    # sample database with another configuration, which DuckDB refuses while one is open.
    con = db.connect(sample_db)
    try:
        panel, counts = productivity.effect_panel(con, SLICE)
    finally:
        con.close()
    assert counts["teams"] > 150 and (panel.cohort < 0).sum() >= 5  # a real slice
    return panel


@pytest.fixture(scope="module")
def moderndid_result(coal_panel):
    moderndid = pytest.importorskip("moderndid")
    n, n_weeks = coal_panel.y.shape
    long = pl.DataFrame(
        {
            "id": np.repeat(np.arange(1, n + 1), n_weeks),
            "period": np.tile(np.arange(1, n_weeks + 1), n),
            # moderndid codes periods from 1 and never-treated as 0
            "first_period": np.repeat(
                np.where(coal_panel.cohort >= 0, coal_panel.cohort + 1, 0), n_weeks
            ),
            "y": coal_panel.y.ravel(),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mp = moderndid.att_gt(
            long,
            yname="y",
            tname="period",
            idname="id",
            gname="first_period",
            control_group="notyettreated",
            base_period="universal",
            est_method="reg",
            boot=False,
            cband=False,
        )
        dyn = moderndid.aggte(mp, type="dynamic", min_e=did.E_MIN, max_e=did.E_MAX)
    return mp, dyn


def test_group_time_cells_match_moderndid(coal_panel, moderndid_result):
    mp, _ = moderndid_result
    cells = did.group_time_effects(coal_panel, min_comparison=1)
    ours = {
        (int(g) + 1, int(t) + 1): (a, math.sqrt(np.mean(cells.inf[:, i] ** 2) / cells.inf.shape[0]))
        for i, (g, t, a) in enumerate(zip(cells.g, cells.t, cells.att, strict=True))
    }
    theirs = {
        (int(g), int(t)): (a, s)
        for g, t, a, s in zip(mp.groups, mp.times, mp.att_gt, mp.se_gt, strict=True)
        # moderndid also reports the base week (e = -1) as a cell of 0
        if did.E_MIN <= t - g <= did.E_MAX and t - g != -1
    }
    assert len(ours) > 300
    assert ours.keys() == theirs.keys()
    for key, (att, se) in ours.items():
        assert att == pytest.approx(theirs[key][0], abs=1e-10), key
        assert se == pytest.approx(theirs[key][1], rel=1e-6), key


def test_event_study_matches_moderndid(coal_panel, moderndid_result):
    _, dyn = moderndid_result
    cells = did.group_time_effects(coal_panel, min_comparison=1)
    frame, _ = did.event_study(cells, coal_panel)
    theirs = {
        int(e): (a, s)
        for e, a, s in zip(dyn.event_times, dyn.att_by_event, dyn.se_by_event, strict=True)
        if e != -1  # moderndid reports the reference week as 0 with no error
    }
    assert frame["e"].to_list() == sorted(theirs)
    for e, att, se in frame.select("e", "att", "se").iter_rows():
        assert att == pytest.approx(theirs[e][0], abs=1e-10), e
        assert se == pytest.approx(theirs[e][1], rel=1e-6), e


@pytest.mark.parametrize("by_wave", [False, True], ids=["pooled", "by wave"])
def test_estimate_equals_the_cell_by_cell_event_study(coal_panel, by_wave):
    # estimate() accumulates influence functions cohort by cohort; the reference keeps a
    # column per cell. Both must give the same frames and influence matrices.
    got = did.estimate(coal_panel, by_wave)
    cells = did.group_time_effects(coal_panel)
    joined = coal_panel.cohort >= 0
    if by_wave:
        waves = sorted({w for w in coal_panel.wave[joined]})
        expected = {
            w: did.event_study(
                cells, coal_panel, np.unique(coal_panel.cohort[joined & (coal_panel.wave == w)])
            )
            for w in waves
        }
    else:
        expected = {did.ALL: did.event_study(cells, coal_panel)}
    expected = {k: v for k, v in expected.items() if v[0].height}
    assert len(expected) >= (3 if by_wave else 1)
    assert got.keys() == expected.keys()
    for wave, (frame, inf) in expected.items():
        g_frame, g_inf = got[wave]
        assert g_frame.select("e", "cohorts", "treated_teams", "min_comparison_teams").equals(
            frame.select("e", "cohorts", "treated_teams", "min_comparison_teams")
        ), wave
        np.testing.assert_allclose(g_frame["att"], frame["att"], rtol=0, atol=1e-12)
        np.testing.assert_allclose(g_frame["se"], frame["se"], rtol=1e-10)
        np.testing.assert_allclose(g_inf, inf, rtol=0, atol=1e-9)
