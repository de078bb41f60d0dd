"""The same figures two ways, in one process on the same data: the project's DuckDB path and
pandas the way a typical Streamlit dashboard computes them (read the files, merge, group in
memory). `python -m bench.baseline --files DIR --db PATH` prints one JSON object.

Figures, for the whole data period and every unit (the default filters):
- the Overview's headline: plan fulfilment (sum output x price / sum plan x price x 100),
  productivity index (sum(output / the team's 1952-10-01..12-31 productivity) / sum of
  those teams' hours x 100), defect rate weighed by price, accident frequency per 1e6 hours;
  DuckDB side: queries.overview.kpis;
- the productivity index per unit and week; DuckDB side: queries.productivity
  .productivity_trend(week, unit), the Productivity page's own query.

Both sides must agree to a relative 1e-9; the times are reported side by side.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from queries.analytics import overview, productivity
from queries.analytics.filters import Filters
from queries.store import db

BASELINE = (pd.Timestamp("1952-10-01"), pd.Timestamp("1952-12-31"))
REL = 1e-9
HEADLINE = ("plan_fulfilment_pct", "productivity_index", "defect_rate", "accident_frequency_rate")


def _timed(fn, *args) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


# --- pandas, as a dashboard written with it would do it -----------------------------------


def pandas_read(files: Path) -> dict[str, pd.DataFrame]:
    daily = pd.read_parquet(files / "daily_output.parquet")
    daily["day"] = pd.to_datetime(daily["day"])
    accidents = pd.read_csv(files / "accidents.csv", parse_dates=["occurred_on"])
    return {
        "daily": daily,
        "teams": pd.read_csv(files / "teams.csv"),
        "workshops": pd.read_csv(files / "workshops.csv"),
        "units": pd.read_csv(files / "units.csv"),
        "output_units": pd.read_csv(files / "output_units.csv"),
        "accidents": accidents,
    }


def pandas_team_days(t: dict[str, pd.DataFrame], start, end) -> pd.DataFrame:
    """Daily rows of the period with unit, price and the team's baseline productivity."""
    d = (
        t["daily"]
        .merge(t["teams"][["team_id", "workshop_id", "output_unit"]], on="team_id")
        .merge(t["workshops"][["workshop_id", "unit_id"]], on="workshop_id")
        .merge(t["output_units"][["output_unit", "constant_price_yuan"]], on="output_unit")
    )
    base = d[(d["day"] >= BASELINE[0]) & (d["day"] <= BASELINE[1])]
    base = base.groupby("team_id")[["output_qty", "worker_hours"]].sum()
    ok = (base["worker_hours"] > 0) & (base["output_qty"] > 0)
    base["baseline"] = np.where(ok, base["output_qty"] / base["worker_hours"], np.nan)
    d = d.merge(base[["baseline"]], left_on="team_id", right_index=True, how="left")
    d = d[(d["day"] >= pd.Timestamp(start)) & (d["day"] <= pd.Timestamp(end))].copy()
    has = d["baseline"].notna()
    d["index_output"] = (d["output_qty"] / d["baseline"]).where(has, 0.0)
    d["index_worker_hours"] = d["worker_hours"].where(has, 0.0)
    return d


def pandas_headline(t: dict[str, pd.DataFrame], start, end) -> dict[str, float]:
    d = pandas_team_days(t, start, end)
    price = d["constant_price_yuan"]
    acc = t["accidents"]
    acc = acc[
        (acc["occurred_on"] >= pd.Timestamp(start))
        & (acc["occurred_on"] <= pd.Timestamp(end))
        & ((acc["injured"] + acc["deaths"]) > 0)
        & acc["unit_id"].isin(t["units"]["unit_id"])
    ]
    return {
        "plan_fulfilment_pct": (d["output_qty"] * price).sum()
        / (d["plan_qty"] * price).sum()
        * 100,
        "productivity_index": d["index_output"].sum() / d["index_worker_hours"].sum() * 100,
        "defect_rate": (d["rejected_qty"] * price).sum() / (d["inspected_qty"] * price).sum(),
        "accident_frequency_rate": len(acc) / d["worker_hours"].sum() * 1_000_000,
    }


def pandas_weekly(t: dict[str, pd.DataFrame], start, end) -> pd.DataFrame:
    d = pandas_team_days(t, start, end)
    d["week"] = d["day"] - pd.to_timedelta(d["day"].dt.day_of_week, unit="D")  # Monday
    g = d.groupby(["unit_id", "week"], as_index=False)[["index_output", "index_worker_hours"]]
    w = g.sum()
    den = w["index_worker_hours"]
    w["productivity_index"] = (w["index_output"] / den * 100).where(den > 0)
    return w


# --- the project's DuckDB path ----------------------------------------------------------


def duckdb_headline(con, f: Filters) -> dict[str, float]:
    row = overview.kpis(con, f).filter(period="current").row(0, named=True)
    return {k: row[k] for k in HEADLINE}


def duckdb_weekly(con, f: Filters):
    return productivity.productivity_trend(con, f, "week", "unit")


# --- comparison -------------------------------------------------------------------------


def _close(a, b) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-12)


def compare_weekly(pd_w: pd.DataFrame, duck) -> tuple[int, list[str]]:
    theirs = {
        (r["group_key"], r["period_start"]): r["productivity_index"]
        for r in duck.select("group_key", "period_start", "productivity_index").iter_rows(
            named=True
        )
    }
    ours = {
        (u, w.date()): (None if pd.isna(v) else float(v))
        for u, w, v in zip(pd_w["unit_id"], pd_w["week"], pd_w["productivity_index"], strict=True)
    }
    bad = []
    if ours.keys() != theirs.keys():
        bad.append(f"rows differ: pandas {len(ours)}, duckdb {len(theirs)}")
    for key in ours.keys() & theirs.keys():
        if not _close(ours[key], theirs[key]):
            bad.append(f"{key}: pandas {ours[key]!r}, duckdb {theirs[key]!r}")
    return len(ours), bad[:10]


def run(files: Path, db_path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"files": str(files), "db": str(db_path)}
    con = db.connect(db_path)
    try:
        first, last = overview.data_period(con)
        f = Filters(first, last)
        # The DuckDB side first, on a connection that has read nothing yet ("cold"), then
        # again ("warm": DuckDB's buffers, no result cache anywhere).
        duck_head, out["duckdb_headline_cold_s"] = _timed(duckdb_headline, con, f)
        _, out["duckdb_headline_warm_s"] = _timed(duckdb_headline, con, f)
        duck_week, out["duckdb_weekly_cold_s"] = _timed(duckdb_weekly, con, f)
        _, out["duckdb_weekly_warm_s"] = _timed(duckdb_weekly, con, f)
    finally:
        con.close()
    tables, out["pandas_read_s"] = _timed(pandas_read, files)
    out["daily_rows"] = len(tables["daily"])
    pd_head, out["pandas_headline_s"] = _timed(pandas_headline, tables, first, last)
    pd_week, out["pandas_weekly_s"] = _timed(pandas_weekly, tables, first, last)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    out["headline"] = {k: {"pandas": float(pd_head[k]), "duckdb": duck_head[k]} for k in HEADLINE}
    head_bad = [k for k in HEADLINE if not _close(float(pd_head[k]), duck_head[k])]
    out["weekly_rows"], week_bad = compare_weekly(pd_week, duck_week)
    out["mismatches"] = [f"headline {k}" for k in head_bad] + week_bad
    out["agree"] = not out["mismatches"]
    out["period"] = [str(first), str(last)]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.baseline")
    ap.add_argument("--files", type=Path, required=True, help="the generator's files")
    ap.add_argument("--db", type=Path, required=True, help="the same data, loaded")
    args = ap.parse_args(argv)
    print(json.dumps(run(args.files, args.db), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
