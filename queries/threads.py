"""How many threads DuckDB and Polars may use: EMULATION_THREADS, or the cores this process
may run on. Read by every connection the project opens, and by Polars at import."""

from __future__ import annotations

import os

ENV_VAR = "EMULATION_THREADS"


def count() -> int:
    raw = os.environ.get(ENV_VAR, "").strip()
    if raw:
        if raw.isdigit() and int(raw) >= 1:
            return int(raw)
        raise ValueError(f"{ENV_VAR}={raw!r}: give a whole number of threads, 1 or more")
    # the cores this process may use, not the host's: a container or taskset may allow fewer
    return len(os.sched_getaffinity(0)) or 1
