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
4. Limits: a watchdog thread interrupts the query's own cursor after TIME_LIMIT seconds, and at
   most ROW_CAP rows are fetched (ROW_CAP + 1 are asked for, to know whether there are more).

Refusals are values (Outcome), with a reason code the page words in both languages.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
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
    DuckDB allows one configuration per open database file and instance.
    """
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
    cur = con.cursor()
    try:
        try:
            statements = cur.extract_statements(text)
        except duckdb.Error as exc:
            return Outcome(REFUSED, PARSE, str(exc).strip())
        if not statements:
            return Outcome(REFUSED, EMPTY)
        if len(statements) > 1:
            kinds = ", ".join(s.type.name for s in statements)
            return Outcome(REFUSED, MULTIPLE, f"{len(statements)}: {kinds}")
        if statements[0].type != duckdb.StatementType.SELECT:
            return Outcome(REFUSED, NOT_SELECT, statements[0].type.name)
        tree = json.loads(cur.execute("select json_serialize_sql($q)", {"q": text}).fetchone()[0])
    finally:
        cur.close()
    if tree.get("error"):
        return Outcome(REFUSED, UNCHECKED, str(tree.get("error_message", "")))
    return _walk(tree.get("statements"), frozenset())


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
    except (duckdb.Error, pl.exceptions.PolarsError) as exc:
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


def run(
    con: duckdb.DuckDBPyConnection,
    text: str,
    time_limit: float = TIME_LIMIT,
    cap: int = ROW_CAP,
) -> Outcome:
    """Check text and, if it passes, run it: the one entry point of the SQL box."""
    refused = check(con, text)
    return refused or execute(con, text, time_limit, cap)
