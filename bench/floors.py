"""The floors a page's figures approach: plain DuckDB scans of the size's database, on a
connection of the dashboard's own settings (read-only, 2 threads), each run twice (first,
then again with DuckDB's buffers warm). `python -m bench.floors --db PATH` prints JSON.

A page cannot be faster than the scans its figures need; these say what one scan costs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from queries.store import db

FLOORS = {
    "scan: sum of two columns of daily_output": (
        "select sum(output_qty), sum(worker_hours) from daily_output"
    ),
    "monthly trend over team_days": (
        "select date_trunc('month', day) as month, sum(output_value_yuan), "
        "sum(plan_value_yuan) from team_days group by 1"
    ),
    "weekly by unit, daily_output joined to teams, workshops, prices": (
        "select w.unit_id, date_trunc('week', d.day) as week, "
        "sum(d.output_qty * o.constant_price_yuan), sum(d.worker_hours) "
        "from daily_output as d "
        "inner join teams as t on t.team_id = d.team_id "
        "inner join workshops as w on w.workshop_id = t.workshop_id "
        "inner join output_units as o on o.output_unit = t.output_unit "
        "group by 1, 2"
    ),
    "weekly by unit over unit_days (pre-aggregated at load)": (
        "select unit_id, date_trunc('week', day) as week, sum(index_output), "
        "sum(index_worker_hours) from unit_days group by 1, 2"
    ),
    "by team over team_weeks (pre-aggregated at load)": (
        "select team_id, sum(index_output), sum(index_worker_hours) from team_weeks group by 1"
    ),
    "by unit over team_months (pre-aggregated at load)": (
        "select unit_id, sum(index_output), sum(index_worker_hours) from team_months group by 1"
    ),
}


def run(db_path: Path) -> dict[str, dict[str, float]]:
    con = db.connect(db_path)
    out = {}
    try:
        present = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        for name, sql in FLOORS.items():
            if any(
                t in sql and t not in present for t in ("unit_days", "team_weeks", "team_months")
            ):
                continue
            times = []
            for _ in range(2):
                t0 = time.perf_counter()
                con.execute(sql).fetchall()
                times.append(time.perf_counter() - t0)
            out[name] = {"first_s": times[0], "again_s": times[1]}
    finally:
        con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.floors")
    ap.add_argument("--db", type=Path, required=True)
    args = ap.parse_args(argv)
    print(json.dumps(run(args.db)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
