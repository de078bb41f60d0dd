"""The benchmark: `make bench`, or `python -m bench.run [--sizes 1M,10M,50M] [--repeats N]`.

For each size (bench.data builds and reuses the databases) and each page of
pages/common/nav.py PAGES, run the page in fresh processes (bench.measure) with the default
filters and with one unit (?unit=ID): cold, warm, each query, peak memory, bytes sent,
points per chart. Then the pandas baseline (bench.baseline), the time from `streamlit run`
to the first chart in Chromium (bench.server), and write the results to
bench/results/bench.json and docs/performance.md (bench.report).

    python -m bench.run --quick            # the sample campaign, once: checks the harness
    python -m bench.run --parts loader     # the loader at 10M, 50M, 100M and an append (bench.loader)
    python -m bench.run --report-only      # rewrite docs/performance.md from the last results
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import data, report

RESULTS = data.REPO / "bench" / "results"
BENCH_JSON = RESULTS / "bench.json"
PARTS = ("pages", "floors", "baseline", "browser", "loader")
# the loader's benchmark loads 10M, 50M and 100M (about 15 minutes): asked for by name
DEFAULT_PARTS = ("pages", "floors", "baseline", "browser")
DEFAULT_UNIT = "hz-steel"  # Central China Iron and Steel: in every size (copy 1 keeps its id)


def _log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def pages() -> list[Any]:
    """The pages as nav.PAGES lists them now (the list grows as pages are added)."""
    from pages.common.nav import PAGES

    return list(PAGES)


def run_page(db_path: Path, url_path: str, unit: str | None, warm: int, timeout: float) -> dict:
    """One fresh process: the page's first run and `warm` runs after it."""
    cmd = [sys.executable, "-m", "bench.measure", url_path, "--warm", str(warm)]
    if unit:
        cmd += ["--unit", unit]
    proc = subprocess.run(
        cmd,
        cwd=data.REPO,
        env={**data.env(), "EMULATION_DB": str(db_path)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or "").strip().splitlines()[-5:]
        return {
            "page": url_path,
            "unit": unit,
            "failed": "\n".join(tail) or f"rc {proc.returncode}",
        }
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def _runs(r: dict) -> list[dict]:
    return [r["cold"], *r["warm"], *([r["cache_cold"]] if r.get("cache_cold") else [])]


def summarize(runs: list[dict]) -> dict[str, Any]:
    """Processes of one page and variant, to medians; errors and failures kept."""
    ok = [r for r in runs if "failed" not in r]
    out: dict[str, Any] = {
        "processes": len(runs),
        "failed": [r["failed"] for r in runs if "failed" in r],
        "errors": sorted({e for r in ok for run in _runs(r) for e in run["errors"]}),
    }
    if not ok:
        return out
    colds = [r["cold"]["seconds"] for r in ok]
    out["cold_s"] = _median(colds)
    out["cold_all_s"] = colds
    out["warm_s"] = _median([w["seconds"] for r in ok for w in r["warm"]])
    out["cold_cpu_s"] = _median([r["cold"].get("cpu_s", 0) for r in ok])
    recold = [r["cache_cold"] for r in ok if r.get("cache_cold")]
    out["cache_cold_s"] = _median([r["seconds"] for r in recold])
    out["cache_cold_query_ms"] = _median([sum(q["ms"] for q in r["queries"]) for r in recold])
    out["warm_cpu_s"] = _median([w.get("cpu_s", 0) for r in ok for w in r["warm"]])
    out["imports_s"] = _median([r["imports_s"] for r in ok])
    out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in ok)
    out["bytes_cold"] = int(_median([r["cold"]["bytes"] for r in ok]))
    out["bytes_warm"] = int(_median([w["bytes"] for r in ok for w in r["warm"]]) or 0)
    points = [p for r in ok for run in _runs(r) for p in run["chart_points"]]
    out["charts"] = len(ok[0]["cold"]["chart_points"])
    out["max_chart_points"] = max(points, default=0)
    # each query of the first run: its median over the processes
    by_name: dict[str, list[float]] = {}
    for r in ok:
        seen: dict[str, float] = {}
        for q in r["cold"]["queries"]:
            seen[q["name"]] = seen.get(q["name"], 0.0) + q["ms"]
        for name, ms in seen.items():
            by_name.setdefault(name, []).append(ms)
    cold_q = sorted(((n, _median(v)) for n, v in by_name.items()), key=lambda x: -x[1])
    out["cold_queries"] = [{"name": n, "ms": round(ms, 1)} for n, ms in cold_q]
    out["cold_query_ms"] = round(sum(ms for _, ms in cold_q), 1)
    out["warm_queries"] = sorted({q["name"] for r in ok for w in r["warm"] for q in w["queries"]})
    return out


def bench_size(
    name: str,
    db_path: Path,
    repeats: int,
    warm: int,
    unit: str,
    only: set[str],
    timeout: float,
    save=lambda size: None,
) -> dict[str, Any]:
    result: dict[str, Any] = {"db": str(db_path), "daily_rows": data.daily_rows(db_path)}
    result["stamp"] = data.read_stamp(name)
    result["pages"] = {}
    for spec in pages():
        if only and spec.url_path not in only:
            continue
        page: dict[str, Any] = {"path": spec.path}
        for variant, unit_id in (("all", None), ("unit", unit)):
            runs = []
            for i in range(repeats):
                r = run_page(db_path, spec.url_path, unit_id, warm, timeout)
                runs.append(r)
                cold = r.get("cold", {}).get("seconds")
                shown = f"cold {cold:.3f} s" if cold is not None else f"FAILED {r.get('failed')}"
                _log(f"{name} {spec.url_path} {variant} #{i + 1}: {shown}")
            page[variant] = summarize(runs)
        result["pages"][spec.url_path] = page
        save(result)  # a long run stopped half-way keeps the pages it measured
    return result


def run_baseline(name: str, db_path: Path, timeout: float) -> dict[str, Any] | None:
    size = data.SIZES.get(name)
    if size is None or size.source is None:
        return None
    files = data.ensure_files(size)
    _log(f"{name}: pandas baseline and DuckDB on the same data ...")
    return _json_from("bench.baseline", ["--files", str(files), "--db", str(db_path)], timeout)


def run_floors(db_path: Path, timeout: float) -> dict[str, Any]:
    return _json_from("bench.floors", ["--db", str(db_path)], timeout)


def _json_from(module: str, args: list[str], timeout: float) -> dict[str, Any]:
    """What `python -m module args` prints as JSON on its last line, in a process of its own
    (its memory and imports are not the parent's); the end of its stderr if it fails."""
    proc = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=data.REPO,
        env=data.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        return {"failed": "\n".join(proc.stderr.strip().splitlines()[-5:])}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_browser(db_path: Path, repeats: int) -> dict[str, Any]:
    from bench import server

    runs = []
    for _ in range(repeats):
        try:
            runs.append(server.first_chart(db_path))
        except Exception as exc:  # reported, not fatal: the other numbers still stand
            runs.append({"failed": f"{type(exc).__name__}: {exc}"})
    ok = [r for r in runs if "failed" not in r]
    floor = []
    for _ in range(repeats):
        try:
            floor.append(server.first_chart(db_path, script="bench/one_chart.py"))
        except Exception as exc:  # reported, not fatal, as above
            floor.append({"failed": f"{type(exc).__name__}: {exc}"})
    floor_ok = [r for r in floor if "failed" not in r]
    return {
        "runs": runs,
        "healthy_s": _median([r["healthy_s"] for r in ok]),
        "first_chart_s": _median([r["first_chart_s"] for r in ok]),
        "errors": sum(r.get("errors", 0) for r in ok),
        "failed": [r["failed"] for r in runs + floor if "failed" in r],
        "one_chart_runs": floor,
        "one_chart_s": _median([r["first_chart_s"] for r in floor_ok]),
    }


def machine() -> dict[str, Any]:
    import duckdb
    import pandas
    import plotly
    import polars
    import pyarrow
    import streamlit

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return {
        "cpu": cpu or platform.processor(),
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "os": platform.platform(),
        "versions": {
            "python": platform.python_version(),
            "streamlit": streamlit.__version__,
            "duckdb": duckdb.__version__,
            "polars": polars.__version__,
            "pandas": pandas.__version__,
            "plotly": plotly.__version__,
            "pyarrow": pyarrow.__version__,
        },
    }


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--sizes",
        default="1M,10M,50M",
        help=f"comma-separated, of {', '.join(data.SIZES)}; or NAME=PATH for a database of yours",
    )
    ap.add_argument("--repeats", type=int, default=3, help="fresh processes per page and filter")
    ap.add_argument("--warm", type=int, default=3, help="warm runs in each process")
    ap.add_argument("--quick", action="store_true", help="the sample campaign, one repeat")
    ap.add_argument("--pages", default="", help="comma-separated url paths (default: every page)")
    ap.add_argument("--unit", default=DEFAULT_UNIT, help="the unit of the one-unit runs")
    ap.add_argument("--baseline-sizes", default="sample,1M,10M", help="sizes with a pandas run")
    ap.add_argument(
        "--loader-sizes", default="10M,50M,100M", help="sizes the loader part loads (bench.loader)"
    )
    ap.add_argument(
        "--parts",
        default=",".join(DEFAULT_PARTS),
        help="what to measure, of " + ", ".join(PARTS) + " (with --merge, the rest is kept; "
        "default: all but loader)",
    )
    ap.add_argument("--no-baseline", action="store_true", help="same as leaving it out of --parts")
    ap.add_argument("--no-browser", action="store_true", help="same as leaving it out of --parts")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per process")
    ap.add_argument("--results", type=Path, default=None, help=f"default {BENCH_JSON}")
    ap.add_argument("--doc", type=Path, default=None, help=f"default {report.DOC}")
    ap.add_argument("--report-only", action="store_true", help="rewrite the doc, run nothing")
    ap.add_argument(
        "--merge",
        action="store_true",
        help="keep the other sizes of the last results and replace only the sizes run now",
    )
    args = ap.parse_args(argv)

    if args.quick:
        args.sizes, args.repeats, args.warm = "sample", 1, 1
        # a check of the harness must not replace the published results
        args.results = args.results or data.DATA / "quick.json"
        args.doc = args.doc or data.DATA / "performance-quick.md"
    args.results = args.results or BENCH_JSON
    args.doc = args.doc or report.DOC
    if args.report_only:
        report.write(json.loads(args.results.read_text()), args.doc)
        return 0

    only = {p for p in args.pages.split(",") if p}
    parts = {p for p in args.parts.split(",") if p} - {
        *(["baseline"] if args.no_baseline else []),
        *(["browser"] if args.no_browser else []),
    }
    unknown = parts - set(PARTS)
    if unknown:
        ap.error(f"unknown parts {sorted(unknown)}; choose from {', '.join(PARTS)}")
    command = " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])])
    if "loader" in parts:
        from bench import loader

        _log("the loader: full loads, the floor, an append ...")
        loader.main(["--sizes", args.loader_sizes])
        parts.discard("loader")
        if not parts:
            report.write(json.loads(args.results.read_text()), args.doc)
            return 0
    t_start = time.perf_counter()
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "machine": machine(),
        "load_average_start": load_average(),
        "repeats": args.repeats,
        "warm_runs": args.warm,
        "unit": args.unit,
        "pages_listed": [p.url_path for p in pages()],
        "sizes": {},
    }
    if args.merge and args.results.exists():
        results["sizes"] = json.loads(args.results.read_text()).get("sizes", {})
    baseline_sizes = set(args.baseline_sizes.split(","))
    for item in [s for s in args.sizes.split(",") if s]:
        name, _, custom = item.partition("=")
        db_path = Path(custom) if custom else data.ensure(name)
        _log(f"{name}: {db_path}")
        t_size = time.perf_counter()
        kept = results["sizes"].get(name, {}) if args.merge else {}
        size: dict[str, Any] = dict(kept)
        runs = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": command,
            "load_average_start": load_average(),
        }

        def save(partial: dict, name: str = name, size: dict = size, runs: dict = runs) -> None:
            results["sizes"][name] = {**size, **partial, **runs, "partial": True}
            args.results.parent.mkdir(parents=True, exist_ok=True)
            args.results.write_text(json.dumps(results, indent=1, default=str))

        if "pages" in parts:
            size.update(
                bench_size(
                    name, db_path, args.repeats, args.warm, args.unit, only, args.timeout, save
                )
            )
            size.pop("partial", None)
            size.update(runs)
        size["daily_rows"] = data.daily_rows(db_path)
        if "floors" in parts:
            _log(f"{name}: DuckDB floors ...")
            size["floors"] = run_floors(db_path, args.timeout)
        if "baseline" in parts and name in baseline_sizes:
            size["baseline"] = run_baseline(name, db_path, args.timeout)
        if "browser" in parts:
            _log(f"{name}: streamlit run -> first chart in Chromium ...")
            size["browser"] = run_browser(db_path, max(1, min(args.repeats, 3)))
        if "pages" in parts:
            size["load_average_end"] = load_average()
            size["seconds"] = round(time.perf_counter() - t_size, 1)
        results["sizes"][name] = size
        results["load_average_end"] = load_average()
        results["seconds"] = round(time.perf_counter() - t_start, 1)
        # written after every size, so that a long run interrupted keeps what it measured
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=1, default=str))
        report.write(results, args.doc)
    _log(f"done in {time.perf_counter() - t_start:.0f} s: {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
