"""The campaign database the app reads, and the loader as the app runs it.

Rule: the one module that joins ingest and analytics. The loader (queries.ingest.load) knows
nothing of analytics; the steps it runs after the contract tables (the stored first-view
campaign effect, then the alerts) are named here and passed in. The database is the one named by
EMULATION_DB; without it, the sample campaign is built once into .data/emulation.duckdb and
rebuilt only when the sample files, derive.sql or a post-load step change.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Sequence
from pathlib import Path

import duckdb

from queries.alerts import config as alerts_config
from queries.alerts import history as alerts_history
from queries.analytics import productivity
from queries.ingest import load as ingest
from queries.store import db

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "sample_data"
SAMPLE_DB = REPO / ".data" / "emulation.duckdb"
ENV_VAR = "EMULATION_DB"
SAMPLE_KEEP = 2

POST_LOAD: tuple[ingest.PostLoad, ...] = (
    ingest.PostLoad(
        "stored campaign effect",
        productivity.store_whole_campaign_effect,
        productivity.ESTIMATOR_VERSION,
    ),
)


def alerts_step(db_path: Path) -> ingest.PostLoad:
    """The alert rules, run on the new database with the history of the one at db_path (the
    version being replaced) carried into it (queries.alerts.history)."""
    cfg = alerts_config.load()

    def run(con: duckdb.DuckDBPyConnection) -> None:
        alerts_history.evaluate_and_store(con, alerts_history.read_file(db_path), cfg)

    return ingest.PostLoad("alerts", run, alerts_history.version(cfg))


def steps(db_path: Path) -> tuple[ingest.PostLoad, ...]:
    """The post-load steps of a load onto db_path: POST_LOAD, then the alerts."""
    return (*POST_LOAD, alerts_step(db_path))


class DatabaseMissing(RuntimeError):
    pass


def load(
    source: ingest.Sources,
    db_path: Path,
    *,
    append: bool = False,
    keep: int | None = None,
    label: str | None = None,
    progress: ingest.Progress | None = None,
) -> ingest.LoadResult:
    """queries.ingest.load.load with the app's post-load steps."""
    return ingest.load(
        source,
        db_path,
        append=append,
        keep=keep,
        label=label,
        steps=steps(Path(db_path)),
        progress=progress,
    )


def fingerprint(source: ingest.Sources, with_steps: Sequence[ingest.PostLoad] | None = None) -> str:
    return ingest.fingerprint(source, steps(SAMPLE_DB) if with_steps is None else with_steps)


def _stored_hash(path: Path) -> str | None:
    try:
        con = db.connect(path)
    except duckdb.Error:
        return None
    try:
        rows = con.sql("select source_hash from load_info").fetchall()
        return rows[0][0] if rows else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def ensure_sample_database(path: Path = SAMPLE_DB, source: Path = SAMPLE_DIR) -> Path:
    """Build the sample database unless an up-to-date one is already there.

    A file lock makes concurrent first starts build it once; the loader's atomic rename
    means a reader never opens a half-built file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    wanted = fingerprint(source)
    with open(path.parent / f".{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (path.exists() and _stored_hash(path) == wanted):
            # the previous build stays for sessions still reading it; older ones go
            load(source, path, keep=SAMPLE_KEEP)
    return path


def database_path() -> Path:
    """The database this process should read: EMULATION_DB, or the sample one."""
    named = os.environ.get(ENV_VAR)
    if named:
        path = Path(named)
        if not path.is_file():
            raise DatabaseMissing(
                f"{ENV_VAR}={named} does not exist. Build it with "
                f"`python -m queries.load SOURCE_DIR --db {named}`, or unset {ENV_VAR} "
                "to use the sample campaign."
            )
        return path
    return ensure_sample_database()
