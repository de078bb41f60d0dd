"""The loader's benchmark: full loads at 10M, 50M and 100M daily rows, an append, the floor.

    python -m bench.loader [--sizes 10M,50M,100M] [--no-append]

Every figure is a fresh process under /usr/bin/time -v (wall seconds, maximum resident set
size), one after another on the same machine:

- **load**: `python -m queries.load FILES --db ... --keep 1`, the loader exactly as a user
  runs it (read, cast and check every rule, derive, the stored effect, publish).
- **floor**: DuckDB alone, in the same run, on the same files and memory limit: the Parquet
  read into a table, then the key checked unique, every range and allowed value counted and
  every reference checked (bench/sql/load_floor.sql). No casting from text, no report, no
  derived tables, no publishing: what no loader built on DuckDB can beat.
- **append**: one more month (the last month of the 100M files moved 31 days on, so every
  team has 31 new days) appended to the 100M database with `--append`, against the same
  month loaded alone (the dimension tables and the month's daily rows, into a new database).

The 10M files are the sample generator's at scale 27; the 50M and 100M files are those
replicated 5 and 10 times in DuckDB (bench/sql/replicate.sql, every unit with its workshops,
teams, daily rows, accidents, proposals and events under suffixed ids) and written as
Parquet, so that every size goes through the loader. Results: bench/results/loader.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from bench import data
from queries import contract, threads
from queries.ingest import build, publish

DATA = data.DATA
RESULTS = data.REPO / "bench" / "results" / "loader.json"
FLOOR_SQL = data.REPO / "bench" / "sql" / "load_floor.sql"
COPIES = {"10M": 1, "50M": 5, "100M": 10}
APPEND_SIZE = "100M"


def _log(msg: str) -> None:
    print(f"[bench.loader] {msg}", file=sys.stderr, flush=True)


def files_for(size: str) -> Path:
    """The size's contract files (built once)."""
    base = data.ensure_files(data.SIZES["10M"])
    n = COPIES[size]
    if n == 1:
        return base
    out = DATA / f"files-{size}"
    stamp = out / ".built"
    want = data._hash(data.files_inputs(data.SIZES["10M"]), data.REPLICATE_SQL.read_bytes(), str(n))
    if stamp.exists() and stamp.read_text() == want:
        return out
    _log(f"replicating the 10M files x{n} into {out} ...")
    t0 = time.perf_counter()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    work = DATA / f"replicate-{size}.duckdb"
    work.unlink(missing_ok=True)
    con = duckdb.connect(
        str(work),
        config={
            "threads": threads.count(),
            "memory_limit": data.BUILD_MEMORY,
            "temp_directory": str(DATA / "tmp"),
        },
    )
    try:
        con.execute("create schema src")
        for t in contract.TABLES:
            if t.name == "daily_output":
                src = "read_parquet($path)"
                path = base / "daily_output.parquet"
            else:
                types = "{" + ", ".join(f"'{c.name}': '{c.duckdb_type}'" for c in t.columns) + "}"
                src = f"read_csv($path, header = true, columns = {types})"
                path = base / f"{t.name}.csv"
            con.execute(f"create table src.{t.name} as select * from {src}", {"path": str(path)})  # noqa: S608
        build.create_schema(con, keys=False)
        con.execute(
            "create temp table copies as select k, "
            "case when k = 1 then '' else '-x' || k end as sfx, "
            "case when k = 1 then '' else '（复制' || k || '）' end as zh, "
            "case when k = 1 then '' else ' (x' || k || ')' end as en "
            "from range(1, $n + 1) as r(k)",
            {"n": n},
        )
        for table, statement in data._statements(data.REPLICATE_SQL):
            if table == "daily_output":
                # one copy at a time, each in the source's order: no sort of 100M rows
                for k in range(1, n + 1):
                    con.execute(
                        "insert into daily_output select team_id || c.sfx, day, output_qty, "
                        "plan_qty, team_plan_qty, worker_hours, inspected_qty, rejected_qty "
                        "from src.daily_output, (select * from copies where k = $k) as c",
                        {"k": k},
                    )
            else:
                con.execute(statement)
        for t in contract.TABLES:
            con.execute(f"copy {t.name} to '{out / (t.name + '.parquet')}' (format parquet)")
    finally:
        con.close()
        work.unlink(missing_ok=True)
        Path(str(work) + ".wal").unlink(missing_ok=True)
    stamp.write_text(want)
    _log(f"  {size} files in {time.perf_counter() - t0:.0f} s")
    return out


def month_files(size: str) -> tuple[Path, Path]:
    """(the new month's daily rows alone, the same month with the dimension tables)."""
    src = files_for(size)
    month = DATA / f"files-{size}-month"
    alone = DATA / f"files-{size}-month-alone"
    stamp = month / ".built"
    want = (src / ".built").read_text() if (src / ".built").exists() else size
    if stamp.exists() and stamp.read_text() == want:
        return month, alone
    for d in (month, alone):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    con = duckdb.connect(config={"threads": threads.count(), "memory_limit": "1GB"})
    try:
        last = con.execute(
            "select max(day) from read_parquet($p)", {"p": str(src / "daily_output.parquet")}
        ).fetchall()[0][0]
        con.execute(
            "copy (select team_id, day + 31 as day, output_qty, plan_qty, team_plan_qty, "  # noqa: S608
            "worker_hours, inspected_qty, rejected_qty from read_parquet($p) "
            "where day >= date_trunc('month', $last::date)) "
            f"to '{month / 'daily_output.parquet'}' (format parquet)",
            {"p": str(src / "daily_output.parquet"), "last": last},
        )
    finally:
        con.close()
    for f in src.iterdir():
        if f.name != "daily_output.parquet" and not f.name.startswith("."):
            os.symlink(f, alone / f.name)
    os.symlink(month / "daily_output.parquet", alone / "daily_output.parquet")
    stamp.write_text(want)
    return month, alone


_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
_WALL = re.compile(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)")


def _wall(text: str) -> float:
    parts = [float(p) for p in _WALL.search(text).group(1).split(":")]  # type: ignore[union-attr]
    s = 0.0
    for p in parts:
        s = s * 60 + p
    return s


def timed(cmd: list[str], label: str) -> dict:
    """One fresh process under /usr/bin/time -v: wall seconds and peak memory."""
    _log(f"{label}: {' '.join(cmd[2:])}")
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-v", *cmd],
        cwd=data.REPO,
        env=data.env(),
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - t0
    rss = _RSS.search(proc.stderr)
    out = {
        "label": label,
        "seconds": round(seconds, 2),
        "wall_s": round(_wall(proc.stderr), 2) if _WALL.search(proc.stderr) else None,
        "peak_mb": round(int(rss.group(1)) / 1024) if rss else None,
        "rc": proc.returncode,
        "load_average": os.getloadavg(),
    }
    if proc.returncode != 0:
        out["error"] = "\n".join(proc.stderr.strip().splitlines()[-25:])
    _log(f"  {out['seconds']} s, {out['peak_mb']} MB, rc {proc.returncode}")
    return out


def _load(files: Path, db: Path, append: bool = False) -> list[str]:
    cmd = [sys.executable, "-m", "queries.load", str(files), "--db", str(db), "--keep", "1"]
    return [*cmd, "--append"] if append else cmd


def _clear(db: Path) -> None:
    db.unlink(missing_ok=True)
    shutil.rmtree(publish.history_dir(db), ignore_errors=True)


def daily_rows(db: Path) -> int:
    return data.daily_rows(db)


def floor(files: Path) -> None:
    """DuckDB alone: read the Parquet into a table and check it (the run's floor)."""
    tmp = DATA / "floor.duckdb"
    tmp.unlink(missing_ok=True)
    spill = DATA / "floor.spill"
    con = duckdb.connect(
        str(tmp),
        config={
            "threads": threads.count(),
            "memory_limit": build.memory_limit(),
            "temp_directory": str(spill),
        },
    )
    try:
        build.create_schema(con, keys=False)
        for t in contract.TABLES:
            f = files / f"{t.name}.parquet"
            if not f.exists():
                f = files / f"{t.name}.csv"
                types = "{" + ", ".join(f"'{c.name}': '{c.duckdb_type}'" for c in t.columns) + "}"
                src = f"read_csv($p, header = true, columns = {types})"
            else:
                src = "read_parquet($p)"
            con.execute(f"insert into {t.name} select * from {src}", {"p": str(f)})  # noqa: S608
        found = con.execute(FLOOR_SQL.read_text()).fetchall()
        print(json.dumps({"problems": found[0][0]}))
    finally:
        con.close()
        tmp.unlink(missing_ok=True)
        shutil.rmtree(spill, ignore_errors=True)


def run(sizes: list[str], append: bool) -> dict:
    results: dict = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
            "threads": threads.count(),
            "memory_limit": build.memory_limit(),
        },
        "sizes": {},
    }
    for size in sizes:
        files = files_for(size)
        db = DATA / f"load-{size}.duckdb"
        _clear(db)
        row: dict = {
            "files": str(files.relative_to(data.REPO)),
            "memory_limit": build.memory_limit(),
        }
        row["floor"] = timed(
            [sys.executable, "-m", "bench.loader", "--floor", str(files)], f"{size} floor"
        )
        row["load"] = timed(_load(files, db), f"{size} load")
        if row["load"]["rc"] == 0:
            row["daily_output_rows"] = daily_rows(db)
        if append and size == APPEND_SIZE and row["load"]["rc"] == 0:
            month, alone = month_files(size)
            alone_db = DATA / f"load-{size}-month-alone.duckdb"
            _clear(alone_db)
            row["month_alone"] = timed(_load(alone, alone_db), f"{size} month alone")
            row["append"] = timed(_load(month, db, append=True), f"{size} append month")
            if row["append"]["rc"] == 0:
                row["daily_output_rows_after_append"] = daily_rows(db)
            con = duckdb.connect(config={"threads": 1})
            row["month_rows"] = con.execute(
                "select count(*) from read_parquet($p)", {"p": str(month / "daily_output.parquet")}
            ).fetchall()[0][0]
            con.close()
            _clear(alone_db)
        results["sizes"][size] = row
        # each size's database is the next size's disk: only the last one is kept
        if size != sizes[-1]:
            _clear(db)
    results["ended_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.loader", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10M,50M,100M")
    ap.add_argument("--no-append", action="store_true")
    ap.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--files-only", action="store_true", help="build the files and stop")
    args = ap.parse_args(argv)
    if args.floor:
        floor(args.floor)
        return 0
    sizes = [s for s in args.sizes.split(",") if s]
    if args.files_only:
        for s in sizes:
            print(files_for(s))
        if APPEND_SIZE in sizes:
            print(month_files(APPEND_SIZE))
        return 0
    results = run(sizes, not args.no_append)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    old.setdefault("sizes", {}).update(results["sizes"])
    results["sizes"] = old["sizes"]
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    print(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
