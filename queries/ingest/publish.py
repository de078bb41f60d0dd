"""Publish a database atomically, keep the last few, and switch back to any of them.

The database a user names (``--db campaign.duckdb``) is a symbolic link to one version in
``campaign.duckdb.history/``; each version is a complete DuckDB file with a JSON sidecar
saying when and from what it was loaded. A load

1. builds a new file under a temporary name in the history folder,
2. checkpoints and closes it, opens it read-only and checks its row counts,
3. gives it its final name (rename) after writing its sidecar,
4. switches the link with one atomic rename of a new link over the old one,
5. removes versions beyond the last ``keep`` (never the current one).

A crash or SIGKILL before step 4 leaves the link, and so the current database, untouched;
the leftovers are removed by the next load. Readers that resolved the link earlier keep
reading their version (a file still open survives its removal), so open dashboard sessions
never see a half-written file. One load at a time: load_lock on the database's folder for a
whole load, and a lock file in the history folder for the steps above and for a rollback.
Rollback is step 4 alone, to an older version.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

KEEP_ENV = "EMULATION_KEEP"
DEFAULT_KEEP = 5
PAUSE_ENV = "EMULATION_PAUSE_AT"  # tests: stop at a stage so a kill lands there
STAGES = ("built", "verified", "placed", "switched")
_VERSION = re.compile(r"^(\d{4,})-(\d{8}T\d{6}Z)\.duckdb$")


class PublishError(RuntimeError):
    pass


@dataclass(frozen=True)
class Version:
    id: str
    path: Path
    meta: dict[str, Any]
    current: bool

    @property
    def seq(self) -> int:
        return int(self.id.split("-", 1)[0])


def history_dir(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.name}.history"


def report_path(db_path: Path) -> Path:
    """Where the last load's full report goes: beside the database."""
    return db_path.with_name(f"{db_path.stem}.report.csv")


def keep_default() -> int:
    raw = os.environ.get(KEEP_ENV, "")
    return max(int(raw), 1) if raw.strip().isdigit() else DEFAULT_KEEP


def current_file(db_path: Path) -> Path:
    """The file the database name resolves to now."""
    return Path(os.path.realpath(db_path))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def write_atomic(path: Path, text: str) -> None:
    """Write text to path whole or not at all: through a temporary file of its own in the same
    folder (a name no other writer uses, so that two loads never share one), then renamed."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with open(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # as an ordinary file would be; mkstemp makes it 0600
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def load_lock(db_path: Path) -> Iterator[None]:
    """One load at a time onto a database, from start (reading) to end (report, publish): an
    exclusive lock (fcntl.flock) on the folder that holds it, held until the block ends, so
    that loads onto one database run one after the other and each ends with its own outcome.
    A lock on the folder itself leaves no file beside the database; loads onto other
    databases in the same folder wait too. Released by the kernel if the process dies."""
    folder = db_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(db_path: Path) -> Iterator[Path]:
    """The history folder, held by this process alone until the block ends."""
    hist = history_dir(db_path)
    hist.mkdir(parents=True, exist_ok=True)
    with open(hist / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield hist


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def history(db_path: Path) -> list[Version]:
    """Every kept version, newest first, the current one marked."""
    hist = history_dir(db_path)
    if not hist.is_dir():
        return []
    now = current_file(db_path) if db_path.is_symlink() else None
    out = []
    for path in hist.iterdir():
        m = _VERSION.match(path.name)
        if not m:
            continue
        try:
            meta = json.loads(_sidecar(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        out.append(Version(path.name.removesuffix(".duckdb"), path, meta, path == now))
    return sorted(out, key=lambda v: v.seq, reverse=True)


def _next_id(hist: Path) -> str:
    seqs = [int(m.group(1)) for p in hist.iterdir() if (m := re.match(r"^(\d{4,})-", p.name))]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{max(seqs, default=0) + 1:04d}-{stamp}"


def _clean_leftovers(hist: Path) -> None:
    """Files of loads that died half-way (we hold the lock, so none is in progress)."""
    for p in hist.iterdir():
        if p.name.endswith(".tmp.spill") and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.name.endswith((".tmp", ".tmp.wal")) or (
            p.suffix == ".json" and not p.with_suffix(".duckdb").exists()
        ):
            p.unlink(missing_ok=True)


def _adopt_plain_file(db_path: Path, hist: Path) -> None:
    """A database written before versions existed becomes the first version, so it can be
    rolled back to; a hard link keeps the name valid throughout."""
    if db_path.is_symlink() or not db_path.is_file():
        return
    vid = _next_id(hist)
    target = hist / f"{vid}.duckdb"
    os.link(db_path, target)
    meta = {"id": vid, "mode": "adopted", "source": str(db_path), "loaded_at": None}
    write_atomic(_sidecar(target), json.dumps(meta, indent=2))
    switch(db_path, target)


def switch(db_path: Path, target: Path) -> None:
    """Point db_path at target with one atomic rename."""
    rel = os.path.relpath(target, db_path.parent)
    tmp = db_path.with_name(f".{db_path.name}.link.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(rel, tmp)
    os.replace(tmp, db_path)
    _fsync_dir(db_path.parent)


def _pause(stage: str) -> None:
    if os.environ.get(PAUSE_ENV) == stage:
        import time

        print(f"paused at {stage}", flush=True)
        time.sleep(600)


def verify(path: Path, expected: dict[str, int]) -> None:
    """Open the new file read-only and check that every table holds what was written."""
    con = duckdb.connect(str(path), read_only=True, config={"threads": 2})
    try:
        for table, rows in expected.items():
            # table names come from the contract, never from input
            got = con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608
            if got != rows:
                raise PublishError(f"{path.name}: {table} holds {got} rows, {rows} were written")
    finally:
        con.close()


def prune(db_path: Path, keep: int) -> list[Path]:
    """Remove versions beyond the newest keep, never the current one."""
    removed = []
    for v in history(db_path)[keep:]:
        if v.current:
            continue
        for p in (v.path, _sidecar(v.path), v.path.with_name(v.path.name + ".wal")):
            p.unlink(missing_ok=True)
        removed.append(v.path)
    return removed


def publish(
    db_path: Path,
    build: Callable[[Path], dict[str, int]],
    meta: dict[str, Any],
    keep: int | None = None,
) -> Version:
    """Build a new version with build(path) -> row counts, check it, and make it current."""
    keep = keep_default() if keep is None else max(keep, 1)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    first = not history_dir(db_path).exists()
    with locked(db_path) as hist:
        _clean_leftovers(hist)
        _adopt_plain_file(db_path, hist)
        base = current_file(db_path).name.removesuffix(".duckdb") if db_path.exists() else None
        vid = _next_id(hist)
        final = hist / f"{vid}.duckdb"
        tmp = hist / f"{vid}.duckdb.tmp"
        try:
            expected = build(tmp)
            _pause("built")
            verify(tmp, expected)
            _fsync_file(tmp)
            _pause("verified")
            meta = {**meta, "id": vid, "base": base, "row_counts": expected}
            write_atomic(_sidecar(final), json.dumps(meta, indent=2, default=str))
            os.replace(tmp, final)
            _fsync_dir(hist)
        except BaseException:
            for p in (tmp, tmp.with_name(tmp.name + ".wal"), _sidecar(final)):
                p.unlink(missing_ok=True)
            if first and {p.name for p in hist.iterdir()} <= {".lock"}:
                # a refused first load leaves no history behind (the build checks the source)
                (hist / ".lock").unlink(missing_ok=True)
                hist.rmdir()
            raise
        _pause("placed")
        switch(db_path, final)
        _pause("switched")
        prune(db_path, keep)
    return Version(vid, final, meta, True)


def rollback(db_path: Path, to: str | None = None) -> Version:
    """Make an older version current: the one before the current, or the one named."""
    with locked(db_path):
        versions = history(db_path)
        if not versions:
            raise PublishError(f"{db_path} has no history to roll back to")
        if to is not None:
            chosen = [v for v in versions if v.id == to or v.id.startswith(f"{to}-")]
            if not chosen:
                known = ", ".join(v.id for v in versions)
                raise PublishError(f"no version {to} of {db_path}; kept: {known}")
            target = chosen[0]
        else:
            ids = [v.id for v in versions]
            now = next((i for i, v in enumerate(versions) if v.current), None)
            if now is None or now + 1 >= len(versions):
                raise PublishError(
                    f"{db_path} has no version older than the current one (kept: {', '.join(ids)})"
                )
            target = versions[now + 1]
        switch(db_path, target.path)
    return Version(target.id, target.path, target.meta, True)
