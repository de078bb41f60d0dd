"""One page, measured in a process of its own: `python -m bench.measure URL_PATH [--unit ID]`.

The parent (bench.run) starts one of these per page, filter and repeat, with EMULATION_DB
set to the database of the size, so that the first run really is the first of a process:
no Streamlit cache, no open DuckDB connection. The page runs the way a browser opening its
link runs it: the entrypoint dashboard.py (language switch, sidebar filters) and then the
page script, through AppTest. Printed as one JSON object on stdout:

- imports_s: seconds to import what dashboard.py and the page import, done before the
  first run (a server does it once per process);
- cold: seconds of the first run (and cpu_s, its CPU seconds); warm: seconds of each later run of the same session,
  which Streamlit's cache serves;
- cache_cold: one more run after clearing Streamlit's caches (a new connection too), as
  after a new database is published: the process is no longer new, the caches are empty;
- queries: every queries.db.run call of each run, name and milliseconds;
- bytes: the serialized size of every ForwardMsg the run sends to the browser;
- chart points: per Plotly chart, the values its traces carry (see chart_points);
- peak_rss_mb: the process's peak resident memory (VmHWM), imports included.
"""

from __future__ import annotations

import argparse
import ast
import base64
import gc
import importlib
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ENTRYPOINT = REPO / "dashboard.py"

# Plotly trace keys that are styling or labels, not data points, even when they are arrays.
_NOT_DATA = {
    "marker",
    "line",
    "hovertemplate",
    "hovertext",
    "text",
    "texttemplate",
    "textposition",
    "customdata",
    "name",
    "legendgroup",
    "ids",
    "selectedpoints",
    "colorscale",
    "width",
}


def _values(v: Any) -> int:
    """How many scalar values an array in a figure spec holds (plain list or typed array)."""
    if isinstance(v, dict) and "bdata" in v:
        itemsize = int(v.get("dtype", "f8")[1:] or 8)
        return len(base64.b64decode(v["bdata"])) // max(itemsize, 1)
    if isinstance(v, list):
        return sum(_values(x) if isinstance(x, list | dict) else 1 for x in v)
    return 0


def chart_points(figure: dict) -> int:
    """The points a figure sends: for each trace, its largest data array (x, y, z, lat, ...);
    summed over the traces. A heatmap's z counts every cell."""
    total = 0
    for trace in figure.get("data", []):
        sizes = [_values(v) for k, v in trace.items() if k not in _NOT_DATA]
        total += max(sizes, default=0)
    return total


class Recorder:
    """What the current run did: queries, messages, charts."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.queries: list[tuple[str, float]] = []
        self.bytes = 0
        self.messages = 0
        self.specs: list[str] = []

    def on_msg(self, msg: Any) -> None:
        self.bytes += msg.ByteSize()
        self.messages += 1
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            if el.WhichOneof("type") == "plotly_chart" and el.plotly_chart.spec:
                self.specs.append(el.plotly_chart.spec)

    def chart_points(self) -> list[int]:
        """Points per chart, counted after the run: parsing a spec is the harness's work,
        not the page's, and would otherwise be timed with it."""
        return [chart_points(json.loads(spec)) for spec in self.specs]


REC = Recorder()


def instrument() -> None:
    """Time every query and count every message a run sends."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    from queries.store import db

    real_run_text = db._run_text

    def timed_run_text(con, name, text, params):
        t0 = time.perf_counter()
        try:
            return real_run_text(con, name, text, params)
        finally:
            REC.queries.append((name, (time.perf_counter() - t0) * 1000))

    # every query file goes through this one function (db.run, db.counts), which they look
    # up in the module at each call, so they all see this one
    db._run_text = timed_run_text

    # The Explore page builds its SQL and runs it through a helper of its own; time that too
    # (looked up by name, and skipped if it is ever renamed).
    from queries.analytics import explore

    real_execute = getattr(explore, "_execute", None)
    if real_execute is not None:

        def timed_execute(con, text, params):
            t0 = time.perf_counter()
            try:
                return real_execute(con, text, params)
            finally:
                REC.queries.append(("explore (built SQL)", (time.perf_counter() - t0) * 1000))

        explore._execute = timed_execute

    real_script_run = LocalScriptRunner.run

    def counting_run(self, *args, **kwargs):
        queue = self.forward_msg_queue
        enqueue = queue.enqueue

        def counted(msg):
            REC.on_msg(msg)
            return enqueue(msg)

        queue.enqueue = counted
        return real_script_run(self, *args, **kwargs)

    LocalScriptRunner.run = counting_run


def _rss_mb() -> float:
    """The process's peak resident memory. Read from VmHWM where there is one: getrusage's
    maxrss of a process started by fork and exec keeps the parent's resident size at the
    fork, so every page of a size reported the benchmark parent's 6 GB (after its 50M floor
    scans) instead of its own few hundred MB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of every thread of the process: on a shared machine, a figure that waiting
    for a core does not inflate (DuckDB's two threads can make it exceed the wall time)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _errors(at) -> list[str]:
    out = [str(e.value) for e in at.exception]
    out += [str(e.value) for e in at.error]
    return out


def preimport(*scripts: Path) -> float:
    """Import what the scripts import; return the seconds it took.

    A server pays for these imports once, in the first session of the process; the page's
    cold run is measured without them (they are reported apart) so that it shows the
    cost of an empty cache, which every newly published database brings back.
    """
    t0 = time.perf_counter()
    for script in scripts:
        for node in ast.walk(ast.parse(script.read_text())):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    importlib.import_module(alias.name)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                module = importlib.import_module(node.module)
                for alias in node.names:
                    if not hasattr(module, alias.name):
                        importlib.import_module(f"{node.module}.{alias.name}")
    return time.perf_counter() - t0


def measure(url_path: str, unit: str | None, warm_runs: int) -> dict[str, Any]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    from pages.common.nav import PAGES

    spec = next(p for p in PAGES if p.url_path == url_path)
    imports_s = preimport(ENTRYPOINT, REPO / spec.path)
    # AppTest's own first-run setup (component registry, protobuf classes) is not the
    # page's: a server does it at start. A script that touches no cache pays for it here.
    warm_up = AppTest.from_string("import streamlit as st\nst.write('warm-up')").run()
    rss_imports = _rss_mb()
    at = AppTest.from_file(str(ENTRYPOINT), default_timeout=900)
    # A server scans installed packages for components once, when its runtime starts;
    # AppTest scans again on each new instance's first run (0.1 to 0.15 s here, reading
    # every package's metadata), which would be charged to the page's cold run.
    at._bidi_component_manager = warm_up._bidi_component_manager
    if unit:
        at.query_params["unit"] = unit
    # Switching before the first run makes that run the page's own, as a browser opening
    # the page's link starts it; it works because every page's url_path is its file's stem.
    at.switch_page(spec.path)

    def one_run() -> dict[str, Any]:
        REC.reset()
        c0 = _cpu_s()
        t0 = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - t0
        cpu = _cpu_s() - c0
        return {
            "seconds": seconds,
            "cpu_s": round(cpu, 4),
            "queries": [{"name": n, "ms": round(ms, 2)} for n, ms in REC.queries],
            "bytes": REC.bytes,
            "messages": REC.messages,
            "chart_points": REC.chart_points(),
            "errors": _errors(at),
            "rss_mb": round(_rss_mb(), 1),
        }

    runs = [one_run()]
    finished = getattr(at, "_finished_page_script_hash", None)
    wanted = calc_hash(spec.url_path)
    if finished is not None and finished != wanted:
        runs[0]["errors"].append(f"ran page {finished}, not {spec.url_path} ({wanted})")
    runs += [one_run() for _ in range(warm_runs)]
    # What a newly published database brings: every cache misses and the connection is new,
    # but the process has run pages before (imports, Plotly's validators, ... are loaded).
    st.cache_data.clear()
    st.cache_resource.clear()
    gc.collect()
    recold = one_run()
    return {
        "page": url_path,
        "unit": unit,
        "cold": runs[0],
        "warm": runs[1:],
        "cache_cold": recold,
        "imports_s": round(imports_s, 3),
        "rss_after_imports_mb": round(rss_imports, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.measure")
    ap.add_argument("page", help="url_path of a page in pages/common/nav.py PAGES")
    ap.add_argument("--unit", default=None, help="open the page with ?unit=ID")
    ap.add_argument("--warm", type=int, default=3, help="runs after the first")
    args = ap.parse_args(argv)
    if not os.environ.get("EMULATION_DB"):
        print("set EMULATION_DB to the database to measure", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)
    instrument()
    result = measure(args.page, args.unit, args.warm)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
