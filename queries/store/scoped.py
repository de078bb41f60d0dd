"""A campaign database holding only some units: what the SQL box of a scoped user reads.

The SQL box runs what a user types, so a filter it applies could be typed around; instead
a user whose access is limited to some units (queries.access) reads a database that holds
nothing else. It is built once per published version and scope, beside nothing the pages
read (a folder of its own under the system's temporary directory), written under a
temporary name and renamed into place, so a half-built copy is never opened. The SQL box
then opens it as it opens the whole campaign (queries.store.sandbox: read-only, locked).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

import duckdb

from queries import threads

# Each table the SQL box may read, with the rows of it a scope keeps. `kept` names the
# scope's units (a table built first), never a value typed by anyone.
ROW_FILTERS: dict[str, str] = {
    "units": "unit_id in (select unit_id from kept)",
    "workshops": "unit_id in (select unit_id from kept)",
    # the output units are the campaign's vocabulary (names and prices), not a unit's data
    "output_units": "true",
    "teams": "workshop_id in (select workshop_id from src.workshops "
    "where unit_id in (select unit_id from kept))",
    "daily_output": "team_id in (select team_id from src.teams where workshop_id in "
    "(select workshop_id from src.workshops where unit_id in (select unit_id from kept)))",
    "accidents": "unit_id in (select unit_id from kept)",
    "proposals": "unit_id in (select unit_id from kept)",
    # a bureau's or the campaign's own events (no unit) are kept for a bureau the scope
    # reaches, or for everyone when they name no bureau either
    "events": "unit_id in (select unit_id from kept) or (unit_id is null and (bureau_en is "
    "null or bureau_en in (select bureau_en from src.units where unit_id in "
    "(select unit_id from kept))))",
    "unit_costs": "unit_id in (select unit_id from kept)",
    "unit_funds": "unit_id in (select unit_id from kept)",
    "unit_staff": "unit_id in (select unit_id from kept)",
    "team_days": "unit_id in (select unit_id from kept)",
    "team_baselines": "team_id in (select team_id from src.teams where workshop_id in "
    "(select workshop_id from src.workshops where unit_id in (select unit_id from kept)))",
}
_MACRO = re.compile(r"create or replace macro scoped_units\(.*?;", re.S)
FOLDER = Path(tempfile.gettempdir()) / "emulation-scoped"
_lock = threading.Lock()


def path_for(source: Path, unit_ids: Sequence[str]) -> Path:
    """Where the copy of source keeping unit_ids lives: named after the source file (its
    resolved path and modification time) and the scope."""
    resolved = Path(os.path.realpath(source))
    key = "\n".join([str(resolved), str(resolved.stat().st_mtime_ns), *sorted(unit_ids)])
    return FOLDER / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.duckdb"


def database(source: Path, unit_ids: Sequence[str], tables: Sequence[str]) -> Path:
    """The copy of source holding only the rows of unit_ids in tables (built if need be)."""
    target = path_for(source, unit_ids)
    with _lock:
        if target.exists():
            return target
        FOLDER.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.partial")
        partial.unlink(missing_ok=True)
        try:
            _build(Path(os.path.realpath(source)), partial, unit_ids, tables)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
            Path(f"{partial}.wal").unlink(missing_ok=True)
    return target


def _build(source: Path, target: Path, unit_ids: Sequence[str], tables: Sequence[str]) -> None:
    con = duckdb.connect(str(target), config={"threads": threads.count()})
    try:
        con.execute(f"attach {_literal(str(source))} as src (read_only)")
        con.execute(
            "create temp table kept as select unnest($ids::varchar[]) as unit_id",
            {"ids": list(unit_ids)},
        )
        present = {
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where database_name = 'src'"
            ).fetchall()
        } | {
            r[0]
            for r in con.execute(
                "select view_name from duckdb_views() where database_name = 'src'"
            ).fetchall()
        }
        for table in tables:
            if table not in present:
                continue  # an optional table this campaign does not have
            where = ROW_FILTERS[table]  # a KeyError for a table nobody said how to scope
            # names from the contract and the filters above, never from input
            sql = f"create table main.{table} as select * from src.main.{table} where {where}"  # noqa: S608
            con.execute(sql)
        macro = _macro()
        if macro:
            con.execute(macro)
        con.execute("detach src")
        con.execute("checkpoint")
    finally:
        con.close()


def _macro() -> str | None:
    """The sidebar-filter macro (scoped_units) as derive.sql writes it, for the copy: the SQL
    box offers it on the whole campaign too."""
    derive = (Path(__file__).resolve().parent.parent / "sql/schema/derive.sql").read_text()
    found = _MACRO.search(derive)
    return found.group(0) if found else None


def _literal(text: str) -> str:
    # ATTACH takes no bound parameter; the path is the server's own file, quoted anyway
    return "'" + text.replace("'", "''") + "'"
