"""The benchmark's databases at about 1, 10, 50 and 100 million daily_output rows, built once.

Every size goes through the real loader (`python -m queries.load`), exactly as a user's files
would. Sizes up to 10M are the sample generator's output at a scale factor (copies of the
unit population, ids ending in -s2, -s3, ...). 50M and 100M are the 10M files replicated 5
and 10 times in DuckDB (bench/sql/replicate.sql: every unit with its workshops, teams, daily
rows, accidents, proposals and events under suffixed ids) and written as Parquet by
bench/loader.py, then loaded.

Each build leaves a stamp (bench/.data/<name>.json) with the hash of its inputs: the
generator and contract for the files, derive.sql, the campaign-effect estimator's version
(and bench/sql/replicate.sql) for the database. A size is rebuilt only when a stamp is missing or its inputs changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from queries import contract, threads
from queries.analytics import productivity
from queries.ingest import publish

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / ".data"
GENERATOR = REPO / "sample_data" / "generate.py"
DERIVE = REPO / "queries" / "sql" / "schema" / "derive.sql"
DERIVE_COST = REPO / "queries" / "sql" / "schema" / "derive_cost.sql"
REPLICATE_SQL = REPO / "bench" / "sql" / "replicate.sql"
# The build may spill; it must not take the memory the other processes on the box need.
BUILD_MEMORY = os.environ.get("BENCH_BUILD_MEMORY", "6GB")


@dataclass(frozen=True)
class Size:
    name: str
    scale: int = 0  # generator scale factor; 0 for a replicated size
    base: str = ""  # the size a replicated one is built from
    copies: int = 1

    @property
    def db(self) -> Path:
        return DATA / f"{self.name}.duckdb"

    @property
    def source(self) -> Path | None:
        """The generated files (the pandas baseline reads them); None for a replicated size."""
        return DATA / f"files-scale{self.scale}" if self.scale else None


SIZES: dict[str, Size] = {
    "sample": Size("sample", scale=1),
    "1M": Size("1M", scale=3),
    "10M": Size("10M", scale=27),
    "50M": Size("50M", base="10M", copies=5),
    "100M": Size("100M", base="10M", copies=10),
}


def env() -> dict[str, str]:
    """Child processes find the project; their thread counts come from queries.threads."""
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


def _hash(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()[:16]


def files_inputs(size: Size) -> str:
    return _hash(
        GENERATOR.read_bytes(), Path(contract.__file__).read_bytes(), f"scale={size.scale}"
    )


def db_inputs(size: Size) -> str:
    if size.base:
        base = SIZES[size.base]
        return _hash(
            db_inputs(base),
            DERIVE.read_bytes(),
            REPLICATE_SQL.read_bytes(),
            str(size.copies),
            productivity.ESTIMATOR_VERSION,
        )
    return _hash(
        files_inputs(size),
        DERIVE.read_bytes(),
        DERIVE_COST.read_bytes(),
        productivity.ESTIMATOR_VERSION,
    )


def _stamp_path(name: str) -> Path:
    return DATA / f"{name}.json"


def read_stamp(name: str) -> dict:
    try:
        return json.loads(_stamp_path(name).read_text())
    except (OSError, ValueError):
        return {}


def _write_stamp(name: str, stamp: dict) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    publish.write_atomic(_stamp_path(name), json.dumps(stamp, indent=2))


def _log(msg: str) -> None:
    print(f"[bench.data] {msg}", file=sys.stderr, flush=True)


def ensure_files(size: Size) -> Path:
    """The generator's files at the size's scale, generated unless already there."""
    assert size.source is not None
    key = f"files-scale{size.scale}"
    want = files_inputs(size)
    if read_stamp(key).get("inputs") == want and (size.source / "daily_output.parquet").exists():
        return size.source
    _log(f"generating scale {size.scale} into {size.source} ...")
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, str(GENERATOR), "--scale", str(size.scale), "--out", str(size.source)],
        check=True,
        env=env(),
        cwd=REPO,
    )
    _write_stamp(key, {"inputs": want, "seconds": round(time.perf_counter() - t0, 1)})
    return size.source


def daily_rows(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True, config={"threads": threads.count()})
    try:
        return con.execute("select count(*) from daily_output").fetchone()[0]
    finally:
        con.close()


def ensure(name: str) -> Path:
    """The size's database (a published link), built only if missing or out of date."""
    size = SIZES[name]
    want = db_inputs(size)
    stamp = read_stamp(name)
    if stamp.get("inputs") == want and size.db.exists():
        return size.db
    if size.base:
        from bench import loader  # the replicated files; bench.loader imports this module

        source = loader.files_for(name)
    else:
        source = ensure_files(size)
    _log(f"loading {source} into {size.db} with the loader ...")
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "queries.load",
            str(source),
            "--db",
            str(size.db),
            "--keep",
            "1",
            "--quiet",
        ],
        check=True,
        env=env(),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    seconds = round(time.perf_counter() - t0, 1)
    rows = daily_rows(size.db)
    _write_stamp(
        name,
        {
            "inputs": want,
            "daily_output_rows": rows,
            "build_seconds": seconds,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    )
    _log(f"{name}: {rows:,} daily_output rows, built in {seconds} s")
    return size.db


def _statements(path: Path) -> list[tuple[str, str]]:
    """(table, statement) for each `insert into <table>` of a SQL file."""
    body = "\n".join(
        line for line in path.read_text().splitlines() if not line.lstrip().startswith("--")
    )
    out = []
    for stmt in (s.strip() for s in body.split(";")):
        if stmt:
            out.append((stmt.split()[2], stmt))
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m bench.data", description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", default=["1M", "10M", "50M"], choices=sorted(SIZES))
    args = ap.parse_args(argv)
    for name in args.sizes:
        print(f"{name}: {ensure(name)} ({read_stamp(name).get('daily_output_rows', 0):,} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
