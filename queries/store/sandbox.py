"""The Explore page's SQL box: a user's own SELECT, on a connection that can read nothing else.

Whatever the user types passes four locks, each enough on its own for what it guards:

1. DuckDB's own parser (`extract_statements`): exactly one statement, and of type SELECT
   (WITH ... SELECT, FROM-first, VALUES, DESCRIBE and SUMMARIZE parse as SELECT too).
   COPY, EXPORT, ATTACH, DETACH, INSTALL, LOAD, SET, RESET, PRAGMA, CALL, CREATE, INSERT,
   UPDATE, DELETE, DROP, ALTER, ... are refused before anything runs.
2. The statement's syntax tree (`json_serialize_sql`): tables only from CAMPAIGN_TABLES or
   the query's own CTEs (in scope where they are used), table functions only from
   TABLE_FUNCTIONS, and none of the functions that read settings or the environment. This
   refuses every file reader (read_csv, read_blob, glob, parquet_metadata, ...), a file
   named as a table ('x.csv'), the catalog and settings functions, secrets and extensions.
3. The connection: an in-memory DuckDB instance of its own, with the campaign database
   attached read-only and made the only catalog (nothing writable is left), extension
   autoloading and autoinstalling off, Python replacement scans off, no spilling to disk,
   external access off, and then the configuration locked. Were the first two locks to miss
   something, this one still refuses files, extensions and settings.
4. Limits. The checks are bounded: at most MAX_CHARS characters are parsed, and expressions,
   subqueries and CTEs nest at most MAX_DEPTH deep (deeper ones are refused, not left to
   overflow Python's recursion in json.loads or in the walk of the tree). A statement that
   passes them runs in a process of its own (run()), never on a connection of the server's:
   the server kills that process once TIME_LIMIT + GRACE seconds have passed or once its
   resident memory is over PROCESS_MEMORY_LIMIT, and at most MAX_RUNNING such processes run at
   once. Inside it a watchdog thread interrupts the query's cursor after TIME_LIMIT seconds
   (the graceful stop, the one that acts for most queries), DuckDB keeps to MEMORY_LIMIT, at
   most ROW_CAP rows are fetched (ROW_CAP + 1 are asked for, to know whether there are more)
   and at most RESULT_LIMIT bytes are sent back.

   Why a process: DuckDB looks at an interrupt only between the steps of a query, and keeps to
   its memory limit only for what its buffer manager allocates. One function call on one
   value (repeat('x', 900000000), list_sum(range(200000000))) or the planning of a UNION of
   thousands of SELECTs is a single step: on the server's own connection such statements ran
   9 to 96 seconds past an interrupt sent at 2, and list_sum(range(200000000)) took the
   server to 14 GB under a 1 GB memory limit. A process can be stopped at any point, and what
   it used is freed with it. A spare one is started ahead (its imports take ~0.3 s), so a
   statement waits only for its own work.

Refusals are values (Outcome), with a reason code the page words in both languages.
"""

from __future__ import annotations

import atexit
import io
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from queries import contract, threads

CAMPAIGN_TABLES: tuple[str, ...] = (*contract.BY_NAME, "team_days", "team_baselines")
# Generators that read nothing, and the sidebar-filter macro (it reads only units).
TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest", "scoped_units"})
# Scalar functions that read the server's settings, variables or environment, or write.
DENIED_FUNCTIONS = frozenset({"current_setting", "getenv", "getvariable", "write_log"})
ALIAS = "campaign"
SCHEMAS = frozenset({"", "main"})

TIME_LIMIT = 5.0
ROW_CAP = 10_000
MEMORY_LIMIT = "1GB"
# Past the time limit, how long the statement's process may take to stop before it is killed.
GRACE = 1.0
# The statement's process is killed when its resident memory passes this (DuckDB's own
# MEMORY_LIMIT, plus Python, Polars and the result it sends back); it is read every POLL s.
PROCESS_MEMORY_LIMIT = 2 * 1024**3
POLL = 0.02
# What a statement may send back (Arrow IPC); ROW_CAP rows of the widest table are ~2 MB.
RESULT_LIMIT = 64 * 1024**2
# Statements running at once, each in its process; another waits for a free one up to the
# time limit, then is refused as BUSY.
MAX_RUNNING = 4
# How deep expressions, subqueries and CTEs may nest (DuckDB's max_expression_depth; its own
# default is 1000, which the checks' recursion in Python would not survive).
MAX_DEPTH = 250
# Longer statements are refused before they are parsed: checking one costs the server up to
# about half a second of Python at this length (a SELECT of 25,000 columns).
MAX_CHARS = 50_000

OK, REFUSED, TIMEOUT, ERROR = "ok", "refused", "timeout", "error"
# Why a statement was refused (the page has a message for each).
EMPTY, MULTIPLE, NOT_SELECT, PARSE, TABLE, TABLE_FUNCTION, FUNCTION, UNCHECKED = (
    "empty",
    "multiple",
    "not_select",
    "parse",
    "table",
    "table_function",
    "function",
    "unchecked",
)
# ... longer than MAX_CHARS; nested deeper than MAX_DEPTH; stopped for using more than its
# memory (or sending back more than RESULT_LIMIT); no free process within the time limit.
TOO_LONG, TOO_DEEP, MEMORY, BUSY = "too_long", "too_deep", "memory", "busy"
_DEPTH_MESSAGE = "max expression depth"


@dataclass(frozen=True)
class Outcome:
    status: str
    reason: str = ""
    detail: str = ""
    frame: pl.DataFrame | None = None
    capped: bool = False
    seconds: float = 0.0


def open_sandbox(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection that reads the campaign database at path and nothing else.

    Its own instance (not the pages' connection): the settings below differ from theirs, and
    DuckDB allows one configuration per open database file and instance. run() runs nothing
    on it: it names the database for the statement's own process, which opens another such
    connection.
    """
    con = _connect(path)
    _warm()  # the first statement's process, started now
    return con


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(
        ":memory:",
        config={
            "threads": threads.count(),
            "memory_limit": MEMORY_LIMIT,
            "temp_directory": "",
            "autoload_known_extensions": False,
            "autoinstall_known_extensions": False,
            "allow_community_extensions": False,
            "allow_unsigned_extensions": False,
            "python_enable_replacements": False,
            "max_expression_depth": MAX_DEPTH,
        },
    )
    try:
        con.execute(f"attach {_literal(str(path))} as {ALIAS} (read_only)")
        con.execute(f"use {ALIAS}")
        # The in-memory catalog is writable; with it gone every cursor opens on the campaign.
        con.execute("detach memory")
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --- checking ----------------------------------------------------------------------------


def _name(node: dict, key: str) -> str:
    return str(node.get(key) or "").strip('"').lower()


def _walk(node: Any, visible: frozenset[str]) -> Outcome | None:
    """The first thing in the syntax tree that reads outside the campaign tables, if any."""
    if isinstance(node, list):
        for item in node:
            found = _walk(item, visible)
            if found:
                return found
        return None
    if not isinstance(node, dict):
        return None

    ctes = (node.get("cte_map") or {}).get("map") or []
    if ctes:
        # A CTE sees the ones defined before it and itself (recursive), the body sees all.
        names = [_name(c, "key") for c in ctes]
        for i, cte in enumerate(ctes):
            found = _walk(cte.get("value"), visible | frozenset(names[: i + 1]))
            if found:
                return found
        visible = visible | frozenset(names)

    kind = node.get("type")
    if kind == "BASE_TABLE":
        table = _name(node, "table_name")
        where = (_name(node, "catalog_name"), _name(node, "schema_name"))
        in_campaign = where[0] in {"", ALIAS} and where[1] in SCHEMAS
        is_cte = where == ("", "") and table in visible
        if not (is_cte or (in_campaign and table in CAMPAIGN_TABLES)):
            shown = ".".join(p for p in (*where, table) if p)
            return Outcome(REFUSED, TABLE, shown)
    elif kind == "TABLE_FUNCTION":
        fn = _name(node.get("function") or {}, "function_name")
        if fn not in TABLE_FUNCTIONS:
            return Outcome(REFUSED, TABLE_FUNCTION, fn)
    elif kind == "SHOW_REF" and not node.get("query"):
        # SHOW TABLES, SHOW DATABASES, ...: the catalog, not the campaign's data.
        return Outcome(REFUSED, TABLE, _name(node, "table_name"))
    if node.get("class") == "FUNCTION" and _name(node, "function_name") in DENIED_FUNCTIONS:
        return Outcome(REFUSED, FUNCTION, _name(node, "function_name"))

    for key, value in node.items():
        if key != "cte_map" and isinstance(value, dict | list):
            found = _walk(value, visible)
            if found:
                return found
    return None


def check(con: duckdb.DuckDBPyConnection, text: str) -> Outcome | None:
    """Why text may not run (an Outcome), or None when it is one SELECT on campaign tables."""
    if len(text) > MAX_CHARS:
        return Outcome(REFUSED, TOO_LONG, str(MAX_CHARS))
    cur = con.cursor()
    try:
        try:
            statements = cur.extract_statements(text)
        except duckdb.Error as exc:
            if _too_deep(exc):
                return Outcome(REFUSED, TOO_DEEP, str(MAX_DEPTH))
            return Outcome(REFUSED, PARSE, str(exc).strip())
        if not statements:
            return Outcome(REFUSED, EMPTY)
        if len(statements) > 1:
            kinds = ", ".join(s.type.name for s in statements)
            return Outcome(REFUSED, MULTIPLE, f"{len(statements)}: {kinds}")
        if statements[0].type != duckdb.StatementType.SELECT:
            return Outcome(REFUSED, NOT_SELECT, statements[0].type.name)
        try:
            serialized = cur.execute("select json_serialize_sql($q)", {"q": text}).fetchone()[0]
        except duckdb.Error as exc:
            if _too_deep(exc):
                return Outcome(REFUSED, TOO_DEEP, str(MAX_DEPTH))
            return Outcome(REFUSED, UNCHECKED, str(exc).strip())
    finally:
        cur.close()
    try:
        tree = json.loads(serialized)
        if tree.get("error"):
            return Outcome(REFUSED, UNCHECKED, str(tree.get("error_message", "")))
        return _walk(tree.get("statements"), frozenset())
    except RecursionError:
        # a tree too deep for Python's json or for _walk, whatever nests in it
        return Outcome(REFUSED, TOO_DEEP, str(MAX_DEPTH))


def _too_deep(exc: BaseException) -> bool:
    return _DEPTH_MESSAGE in str(exc).lower()


# --- running -----------------------------------------------------------------------------


def execute(
    con: duckdb.DuckDBPyConnection,
    text: str,
    time_limit: float = TIME_LIMIT,
    cap: int = ROW_CAP,
) -> Outcome:
    """Run text on a cursor of the sandbox under the time limit and row cap, unchecked.

    Only run() should call this (after check); tests call it to show that the connection
    alone refuses what the checks refuse.
    """
    started = time.monotonic()
    cur = con.cursor()
    done = threading.Event()
    watchdog = threading.Thread(target=_interrupt_after, args=(cur, time_limit, done), daemon=True)
    watchdog.start()
    try:
        relation = cur.sql(text)
        # A relation, so the cap is a LIMIT DuckDB plans with, not text glued to the query.
        frame = pl.DataFrame() if relation is None else relation.limit(cap + 1).pl()
    except duckdb.InterruptException:
        return Outcome(TIMEOUT, detail=f"{time_limit:g}", seconds=time.monotonic() - started)
    except (duckdb.OutOfMemoryException, MemoryError):
        return Outcome(REFUSED, MEMORY, MEMORY_LIMIT, seconds=time.monotonic() - started)
    except (duckdb.Error, pl.exceptions.PolarsError) as exc:
        if _too_deep(exc):
            return Outcome(REFUSED, TOO_DEEP, str(MAX_DEPTH), seconds=time.monotonic() - started)
        return Outcome(ERROR, detail=str(exc).strip(), seconds=time.monotonic() - started)
    finally:
        done.set()
        watchdog.join()
        cur.close()
    seconds = time.monotonic() - started
    return Outcome(OK, frame=frame.head(cap), capped=frame.height > cap, seconds=seconds)


def _interrupt_after(cur: duckdb.DuckDBPyConnection, seconds: float, done: threading.Event) -> None:
    """Interrupt the cursor once the time is up, and again until its query has stopped: an
    interrupt that lands between two steps of the query would otherwise be lost."""
    if done.wait(seconds):
        return
    while True:
        cur.interrupt()
        if done.wait(0.2):
            return


def run_here(
    con: duckdb.DuckDBPyConnection,
    text: str,
    time_limit: float = TIME_LIMIT,
    cap: int = ROW_CAP,
) -> Outcome:
    """Check text and, if it passes, run it, in this process: what a statement's process does."""
    refused = check(con, text)
    return refused or execute(con, text, time_limit, cap)


def run(
    con: duckdb.DuckDBPyConnection,
    text: str,
    time_limit: float = TIME_LIMIT,
    cap: int = ROW_CAP,
) -> Outcome:
    """Check text and, if it passes, run it: the one entry point of the SQL box.

    con is a sandbox (open_sandbox). The checks run here (they are bounded: MAX_CHARS,
    MAX_DEPTH); a statement that passes them runs in a process of its own on the same database
    file (see the module's docstring), so that no connection of the server's, this one
    included, ever runs it. Returns within time_limit + GRACE seconds, whatever it does.
    """
    started = time.monotonic()
    refused = check(con, text)
    if refused:
        return refused
    if not _slots.acquire(timeout=time_limit):
        return Outcome(REFUSED, BUSY, str(MAX_RUNNING), seconds=time.monotonic() - started)
    try:
        return _in_own_process(_database_of(con), text, time_limit, cap, started)
    finally:
        _slots.release()


_slots = threading.BoundedSemaphore(MAX_RUNNING)
_REPO = Path(__file__).resolve().parents[2]
_spare: subprocess.Popen | None = None
_spare_lock = threading.Lock()


def _database_of(con: duckdb.DuckDBPyConnection) -> str:
    cur = con.cursor()
    try:
        row = cur.execute(
            "select path from duckdb_databases() where database_name = $name", {"name": ALIAS}
        ).fetchone()
    finally:
        cur.close()
    if row is None or not row[0]:
        raise ValueError("not a sandbox connection: no campaign database is attached")
    return os.path.abspath(row[0])


def _start_worker() -> subprocess.Popen:
    """A process that imports this module and waits for one statement on its standard input.
    Started from this file's checkout (cwd), so it runs the same code as the server."""
    return subprocess.Popen(
        [sys.executable, "-m", __name__],
        cwd=_REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _warm() -> None:
    """Keep one worker started ahead, so a statement does not wait for Python's imports."""
    global _spare
    with _spare_lock:
        if _spare is None or _spare.poll() is not None:
            _spare = _start_worker()


def _worker() -> subprocess.Popen:
    global _spare
    with _spare_lock:
        proc, _spare = _spare, None
    if proc is None or proc.poll() is not None:
        proc = _start_worker()
    _warm()
    return proc


@atexit.register
def _stop_spare() -> None:
    with _spare_lock:
        proc = _spare
    if proc is not None and proc.poll() is None:
        proc.kill()
        proc.wait()


def _resident(pid: int) -> int:
    """Resident memory of a process in bytes (0 where /proc cannot say)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _in_own_process(path: str, text: str, time_limit: float, cap: int, started: float) -> Outcome:
    def stopped(status: str, reason: str = "", detail: str = "") -> Outcome:
        return Outcome(status, reason, detail, seconds=time.monotonic() - started)

    # what waiting for a free process took comes off the statement's own time
    left = max(time_limit - (time.monotonic() - started), 0.01)
    request = json.dumps({"path": path, "text": text, "time_limit": left, "cap": cap})
    deadline = started + time_limit + GRACE
    proc = _worker()
    pending: bytes | None = request.encode("utf-8")
    try:
        while True:
            try:
                out, err = proc.communicate(pending, timeout=POLL)
                break
            except subprocess.TimeoutExpired:
                pending = None  # sent; communicate() goes on reading
            if _resident(proc.pid) > PROCESS_MEMORY_LIMIT:
                return stopped(REFUSED, MEMORY, _size(PROCESS_MEMORY_LIMIT))
            if time.monotonic() > deadline:
                return stopped(TIMEOUT, detail=f"{time_limit:g}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    try:
        outcome = _decode(out)
    except (ValueError, OSError, pl.exceptions.PolarsError):
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return stopped(
            ERROR,
            detail=f"the query's process ended without an answer ({proc.returncode}): {tail[0]}",
        )
    if outcome.status == TIMEOUT:  # its own interrupt, after what was left of time_limit
        outcome = replace(outcome, detail=f"{time_limit:g}")
    return replace(outcome, seconds=time.monotonic() - started)


# --- the statement's process -------------------------------------------------------------
# Standard input: one JSON request. Standard output: one JSON line (the Outcome without its
# frame), then the frame as Arrow IPC, if any.


def _encode(outcome: Outcome) -> bytes:
    head = {
        "status": outcome.status,
        "reason": outcome.reason,
        "detail": outcome.detail,
        "capped": outcome.capped,
        "frame": outcome.frame is not None,
    }
    body = b""
    if outcome.frame is not None:
        buffer = io.BytesIO()
        outcome.frame.write_ipc(buffer)
        body = buffer.getvalue()
        if len(body) > RESULT_LIMIT:
            return _encode(Outcome(REFUSED, MEMORY, _size(RESULT_LIMIT)))
    return json.dumps(head).encode("utf-8") + b"\n" + body


def _decode(data: bytes) -> Outcome:
    line, _, body = data.partition(b"\n")
    head = json.loads(line)
    frame = pl.read_ipc(io.BytesIO(body)) if head["frame"] else None
    return Outcome(head["status"], head["reason"], head["detail"], frame, head["capped"])


def _size(n: int) -> str:
    return f"{n / 1024**3:g} GB" if n >= 1024**3 else f"{n / 1024**2:g} MB"


def _serve() -> None:
    """Read one statement, check and run it on a sandbox of its own, write the outcome."""
    # DuckDB and Polars set themselves up on first use: do it before the statement comes.
    warm = duckdb.connect(":memory:")
    _encode(Outcome(OK, frame=warm.sql("select json_serialize_sql('select 1') as j").pl()))
    warm.close()
    request = json.loads(sys.stdin.buffer.read() or b"null")
    if request is None:  # the server closed the pipe of a spare it no longer needs
        return
    try:
        con = _connect(Path(request["path"]))
        try:
            outcome = run_here(con, request["text"], request["time_limit"], request["cap"])
        finally:
            con.close()
    except Exception as exc:  # whatever it is goes back as an error, not as a dead process
        outcome = Outcome(ERROR, detail=str(exc).strip() or type(exc).__name__)
    sys.stdout.buffer.write(_encode(outcome))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _serve()
    # no interpreter teardown (DuckDB, Polars and their threads): the answer has been sent
    os._exit(0)
