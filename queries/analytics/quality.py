"""The Quality and safety page's results: rates over time, each unit before and after joining,
funnel-plot control limits, rushed against gradual rollout, accidents by cause.

The control limits ask one question per unit: did accidents or rejects rise after joining
beyond what chance allows if nothing had changed? "Nothing changed" means one rate, the
unit's own, pooled over both windows (a coal mine is not held to a cotton mill's rate).
Accidents in the two windows are then Poisson counts at that pooled rate, so the count
expected after joining is pooled rate × the after window's worker-hours; the exact test of
two Poisson counts conditions on their total N, which leaves the after window's count
binomial: N trials, each falling after joining with the after window's share of the hours.
Rejects are tested the same way over the inspected count. The limits are that binomial's
quantiles, so a unit with few accidents needs a large swing before it is flagged.
"""

from __future__ import annotations

import math

import duckdb
import numpy as np
import polars as pl
from scipy import special

from queries.analytics import metrics, rollout
from queries.analytics.filters import Filters
from queries.store import db

# Each unit is compared over this many days before its first team joined and from the day
# its last team joined.
WINDOW_DAYS = 90
# "Rushing in all at once" (一轰而起) is the Rollout page's flag, with its default threshold.
RUSHED_THRESHOLD = rollout.RUSHED_THRESHOLD
# The funnel limits of Spiegelhalter (2005), 95% and 99.8% two-sided; only a count above
# the 99.8% limit is flagged.
Q95, Q998 = 0.975, 0.999
LIMIT_QUANTILES = {"lower_998": 1 - Q998, "lower_95": 1 - Q95, "upper_95": Q95, "upper_998": Q998}
GRAINS = ("week", "month")
GROUPINGS = ("all", "bureau", "industry", "unit")
# More lines than this on one time chart cannot be told apart.
MAX_LINES = 8
# The counts behind each measure over_time gives (events, exposure): a rate's own sums, and
# deaths against worker-hours.
COUNTS = {
    **{
        m.name: (m.numerator, m.denominator)
        for m in (metrics.DEFECT_RATE, metrics.ACCIDENT_FREQUENCY, metrics.SEVERITY_RATE)
    },
    "deaths": ("deaths", "worker_hours"),
}

# The sums of one window that rates and group totals are made from.
WINDOW_SUMS = [
    "days_in_period",
    "days_with_output",
    "index_output",
    "index_worker_hours",
    "rejected_value_yuan",
    "inspected_value_yuan",
    "inspected_value_price",
    "worker_hours",
    "injury_accidents",
    "deaths",
    "lost_days",
]
UNIT_COLUMNS = [
    "unit_id",
    "name_zh",
    "name_en",
    "bureau_zh",
    "bureau_en",
    "industry",
    "launched_on",
    "first_joined_on",
    "last_joined_on",
]


# --- control limits ------------------------------------------------------------------------


def binomial_limit(n: float | None, p: float | None, q: float) -> float | None:
    """The q-quantile of Binomial(round(n), p): the smallest count whose cdf reaches q.

    A count above the 0.999 quantile has a chance below 0.1% if nothing changed. The limit
    is not interpolated between counts (as funnel lines sometimes are): with two accidents
    in all, both falling after joining is a one-in-four chance, and must not be flagged.
    None when there is nothing to test.
    """
    if n is None or p is None or not (0 < p < 1) or round(n) < 1:
        return None
    # scipy.stats.binom.ppf's own method, on scipy.special: importing scipy.stats takes the
    # server over a second at start, scipy.special a third of that.
    trials = round(n)
    above = math.ceil(special.bdtrik(q, trials, p))
    below = max(above - 1, 0)
    return float(below if special.bdtr(below, trials, p) >= q else above)


def effective_count(value: float, value_price: float) -> float | None:
    """The inspected count behind a value-weighted defect rate (Kish's effective size).

    For one product it is the inspected quantity itself, sum(q·p)² / sum(q·p²) = q; for
    several it weighs each by its price as the defect rate does, so tonnes and bales are
    never added as if they were the same thing.
    """
    if not value_price > 0:
        return None
    return value * value / value_price


def change_test(before: float, after: float, before_exposure: float, after_exposure: float):
    """Expected count after joining at the pooled rate, and the 95% and 99.8% upper limits.

    before/after are event counts, the exposures worker-hours or inspected counts. Returns
    (pooled rate, expected, upper 95%, upper 99.8%); the limits are None when there were no
    events at all or one window has no exposure, since then there is nothing to compare.
    """
    exposure = before_exposure + after_exposure
    if not (before_exposure > 0 and after_exposure > 0):
        return (after + before) / exposure if exposure > 0 else None, None, None, None
    total = before + after
    share = after_exposure / exposure
    return (
        total / exposure,
        total * share,
        binomial_limit(total, share, Q95),
        binomial_limit(total, share, Q998),
    )


# --- before and after joining ----------------------------------------------------------------


def windows(con: duckdb.DuckDBPyConnection, f: Filters, days: int = WINDOW_DAYS) -> pl.DataFrame:
    """Per unit with a team joined, one row per window (before, after) and its sums. The
    four views below are computed from these rows, so one query serves them all."""
    if days < 1:
        raise ValueError(f"window of {days} days")
    return db.run(con, "quality/before_after", {**f.params(), "window_days": days})


def _wide(long: pl.DataFrame) -> pl.DataFrame:
    """One row per unit, each window's sums and rates prefixed before_ / after_."""
    rated = metrics.add_rates(long)
    per_phase = [c for c in rated.columns if c not in UNIT_COLUMNS and c != "phase"]
    out = rated.filter(pl.col("phase") == "before").select(
        *UNIT_COLUMNS, *[pl.col(c).alias(f"before_{c}") for c in per_phase]
    )
    after = rated.filter(pl.col("phase") == "after").select(
        "unit_id", *[pl.col(c).alias(f"after_{c}") for c in per_phase]
    )
    return out.join(after, on="unit_id", how="left", maintain_order="left")


def _limits(row: dict) -> dict:
    """Pooled rates, expected and observed counts after joining, and the limits."""
    b, a = "before_", "after_"
    pooled, expected, up95, up998 = change_test(
        row[b + "injury_accidents"],
        row[a + "injury_accidents"],
        row[b + "worker_hours"],
        row[a + "worker_hours"],
    )
    out = {
        "accident_pooled_rate": None if pooled is None else pooled * 1e6,
        "accident_expected": expected,
        "accident_observed": float(row[a + "injury_accidents"]),
        "accident_upper_95": up95,
        "accident_upper_998": up998,
    }
    # Rejects in effective counted pieces: value rejected ÷ value inspected × count inspected.
    n_before = effective_count(row[b + "inspected_value_yuan"], row[b + "inspected_value_price"])
    n_after = effective_count(row[a + "inspected_value_yuan"], row[a + "inspected_value_price"])
    if n_before is None or n_after is None:
        pooled = expected = observed = up95 = up998 = None
    else:
        k_before = row[b + "rejected_value_yuan"] / row[b + "inspected_value_yuan"] * n_before
        observed = row[a + "rejected_value_yuan"] / row[a + "inspected_value_yuan"] * n_after
        pooled, expected, up95, up998 = change_test(k_before, observed, n_before, n_after)
    return out | {
        "defect_pooled_rate": pooled,
        "defect_count_before": n_before,
        "defect_count_after": n_after,
        "defect_expected": expected,
        "defect_observed": observed,
        "defect_upper_95": up95,
        "defect_upper_998": up998,
    }


LIMIT_SCHEMA = {
    "accident_pooled_rate": pl.Float64,
    "accident_expected": pl.Float64,
    "accident_observed": pl.Float64,
    "accident_upper_95": pl.Float64,
    "accident_upper_998": pl.Float64,
    "defect_pooled_rate": pl.Float64,
    "defect_count_before": pl.Float64,
    "defect_count_after": pl.Float64,
    "defect_expected": pl.Float64,
    "defect_observed": pl.Float64,
    "defect_upper_95": pl.Float64,
    "defect_upper_998": pl.Float64,
}


def before_after(
    con: duckdb.DuckDBPyConnection, f: Filters, days: int = WINDOW_DAYS
) -> pl.DataFrame:
    return before_after_of(windows(con, f, days))


def before_after_of(long: pl.DataFrame) -> pl.DataFrame:
    """Per unit with a team joined: its two windows, the changes, the limits and the flag.

    A change needs output in both windows (comparable). A unit is flagged when its
    productivity index rose while accidents or rejects after joining lie above the 99.8%
    limit; above the 95% limit is a warning only.
    """
    wide = _wide(long)
    limits = pl.DataFrame([_limits(r) for r in wide.iter_rows(named=True)], schema=LIMIT_SCHEMA)
    out = pl.concat([wide, limits], how="horizontal")
    comparable = (pl.col("before_days_with_output") > 0) & (pl.col("after_days_with_output") > 0)
    out = out.with_columns(comparable=comparable).with_columns(
        *[
            pl.when("comparable")
            .then(pl.col(f"after_{m}") - pl.col(f"before_{m}"))
            .alias(f"{m}_change")
            for m in ("productivity_index", "defect_rate", "accident_frequency_rate")
        ],
        *[
            pl.when(pl.col(f"{m}_expected") > 0)
            .then(pl.col(f"{m}_{x}") / pl.col(f"{m}_expected"))
            .alias(f"{m}_{y}")
            for m in ("accident", "defect")
            for x, y in (
                ("observed", "ratio"),
                ("upper_95", "limit_ratio_95"),
                ("upper_998", "limit_ratio_998"),
            )
        ],
        # the 99.8% limit on rejects after joining, as a defect rate
        defect_rate_limit_998=pl.col("defect_upper_998") / pl.col("defect_count_after"),
    )

    def beyond(m: str, level: str) -> pl.Expr:
        return (
            pl.col("comparable") & (pl.col(f"{m}_observed") > pl.col(f"{m}_upper_{level}"))
        ).fill_null(False)

    rose = (pl.col("comparable") & (pl.col("productivity_index_change") > 0)).fill_null(False)
    return out.with_columns(
        productivity_rose=rose,
        accident_worse=beyond("accident", "998"),
        defect_worse=beyond("defect", "998"),
        accident_warning=beyond("accident", "95"),
        defect_warning=beyond("defect", "95"),
    ).with_columns(flagged=rose & (pl.col("accident_worse") | pl.col("defect_worse")))


def flagged_units(
    con: duckdb.DuckDBPyConnection, f: Filters, days: int = WINDOW_DAYS
) -> pl.DataFrame:
    return flagged_of(before_after(con, f, days))


def flagged_of(compared: pl.DataFrame) -> pl.DataFrame:
    """The units whose productivity rose while quality or safety worsened beyond the limits,
    the largest rise in accidents or rejects (observed ÷ expected) first."""
    df = compared.filter("flagged")
    worst = pl.max_horizontal(
        pl.when("accident_worse").then(pl.col("accident_ratio")).otherwise(0.0),
        pl.when("defect_worse").then(pl.col("defect_ratio")).otherwise(0.0),
    )
    return df.with_columns(worst_ratio=worst).sort(
        ["worst_ratio", "unit_id"], descending=[True, False]
    )


def tradeoff_points(compared: pl.DataFrame, kind: str) -> pl.DataFrame:
    """The units a tradeoff chart of `kind` (defect, accident) can place: comparable ones,
    and for defects only those with a change (output inspected in both windows)."""
    df = compared.filter("comparable")
    return df.filter(pl.col("defect_rate_change").is_not_null()) if kind == "defect" else df


def funnel_points(compared: pl.DataFrame, kind: str) -> pl.DataFrame:
    """The units a funnel of `kind` (defect, accident) can place: comparable ones expected
    to have some, since the funnel's x axis is the expected count (on a log scale)."""
    return compared.filter("comparable").filter(pl.col(f"{kind}_expected") > 0)


def funnel_lines(
    con: duckdb.DuckDBPyConnection, f: Filters, days: int = WINDOW_DAYS
) -> pl.DataFrame:
    return funnel_lines_of(before_after(con, f, days))


def funnel_lines_of(compared: pl.DataFrame) -> pl.DataFrame:
    """The funnel's limit lines, observed ÷ expected against the expected count.

    A unit's limits depend on its expected count and on the after window's share of its
    exposure; the lines are drawn for equal exposure in both windows (share ½, which the
    equal-length windows give when nothing else differs). Each unit's own limit is in
    before_after's *_limit_ratio_* columns.
    """
    df = compared.filter("comparable")
    rows: list[dict] = []
    for metric in ("accident", "defect"):
        expected = df[f"{metric}_expected"].drop_nulls()
        if expected.is_empty() or not expected.max() > 0:
            continue
        # Counts are whole, so the lines are drawn at whole totals N (expected N / 2); for
        # small N they step.
        top = max(float(expected.max()) * 1.15, 2.0)
        for total in np.unique(np.round(np.geomspace(1, 2 * top, 150))):
            e = total / 2
            for name, q in LIMIT_QUANTILES.items():
                count = binomial_limit(total, 0.5, q)
                rows.append({"metric": metric, "expected": e, "limit": name, "ratio": count / e})
    schema = {"metric": pl.String, "expected": pl.Float64, "limit": pl.String, "ratio": pl.Float64}
    return pl.DataFrame(rows, schema=schema)


# --- rushed against gradual ------------------------------------------------------------------


def rushed_vs_gradual(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    threshold: float = RUSHED_THRESHOLD,
    days: int = WINDOW_DAYS,
) -> pl.DataFrame:
    """Rushed and gradual units' sums and rates before and after joining, one row per
    rollout and window, each from the sums of its units (never an average of their rates).

    The rushed flag is the Rollout page's (queries.rollout.rushed_units), so both pages
    call the same units rushed for the same threshold.
    """
    return rushed_vs_gradual_of(windows(con, f, days), rollout.rushed_units(con, f, threshold))


def rushed_vs_gradual_of(long: pl.DataFrame, rushed: pl.DataFrame) -> pl.DataFrame:
    """rushed_vs_gradual from the windows' rows and rollout.rushed_units' flags."""
    flags = rushed.select(
        "unit_id",
        rollout=pl.when("rushed").then(pl.lit("rushed")).otherwise(pl.lit("gradual")),
    )
    long = long.join(flags, on="unit_id").with_columns(units=pl.lit(1, dtype=pl.Int64))
    out = metrics.sum_by(long, ["rollout", "phase"], [*WINDOW_SUMS, "units"])
    return out.sort(
        pl.col("rollout").replace_strict({"rushed": 0, "gradual": 1}),
        pl.col("phase").replace_strict({"before": 0, "after": 1}),
    )


# --- over time, by cause ---------------------------------------------------------------------


def over_time(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    grain: str = "month",
    by: str = "all",
    top: int = MAX_LINES,
) -> pl.DataFrame:
    """Quality and safety per week or month, per group; with more groups than `top`, the
    `top` with the most worker-hours in the period (groups_in_scope says how many there were)."""
    if grain not in GRAINS or by not in GROUPINGS:
        raise ValueError(f"grain {grain!r}, by {by!r}")
    df = metrics.add_rates(
        db.run(con, "quality/by_period", {**f.params(), "grain": grain, "by": by})
    )
    hours = (
        df.group_by("group_id")
        .agg(pl.col("worker_hours").sum())
        .sort(["worker_hours", "group_id"], descending=[True, False])
    )
    keep = hours["group_id"].head(top)
    return df.filter(pl.col("group_id").is_in(keep.implode())).with_columns(
        groups_in_scope=pl.lit(hours.height, dtype=pl.Int64)
    )


def counts_of(measure: str) -> tuple[str, str]:
    """The columns of over_time's counts behind `measure`: (events, exposure)."""
    return COUNTS[measure]


def harm() -> pl.Expr:
    """How bad an accident was: its recorded severity, or no_injury when it hurt nobody
    (not is_injury_accident, derived once in derive.sql), as accidents_by_cause counts them."""
    return (
        pl.when(pl.col("is_injury_accident"))
        .then(pl.col("severity"))
        .otherwise(pl.lit("no_injury"))
    )


def accidents_by_cause(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    return db.run(con, "quality/accidents_by_cause", f.params())


def cause_order(by_cause: pl.DataFrame) -> list[str]:
    """accidents_by_cause's causes, fewest accidents first (ties by code, descending): the
    order of a horizontal bar chart that puts the most frequent cause on top."""
    return (
        by_cause.group_by("cause")
        .agg(pl.col("accidents").sum())
        .sort(["accidents", "cause"], descending=[False, True])["cause"]
        .to_list()
    )


def accidents(con: duckdb.DuckDBPyConnection, f: Filters) -> pl.DataFrame:
    """Every accident in scope and period, newest first, with its harm()."""
    return db.run(con, "quality/accidents_in_scope", f.params()).with_columns(harm=harm())
