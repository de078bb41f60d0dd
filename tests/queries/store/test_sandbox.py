"""The SQL box's locks, on the hand-built campaign: every hostile statement is refused (or runs
harmlessly) with the reason the page words for the user, and what the checks refuse the
connection refuses again on its own."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from queries import campaign
from queries.store import sandbox
from queries.store.sandbox import (
    EMPTY,
    ERROR,
    FUNCTION,
    MULTIPLE,
    NOT_SELECT,
    OK,
    PARSE,
    REFUSED,
    TABLE,
    TABLE_FUNCTION,
    TIMEOUT,
)

SAMPLE_CSV = str(campaign.SAMPLE_DIR / "units.csv")
SAMPLE_PARQUET = str(campaign.SAMPLE_DIR / "daily_output.parquet")
READERS = (
    "read_csv",
    "read_csv_auto",
    "read_parquet",
    "read_json",
    "read_json_auto",
    "read_text",
    "read_blob",
    "glob",
    "parquet_metadata",
    "parquet_schema",
    "sniff_csv",
)


@pytest.fixture(scope="module")
def box(fixture_db):
    con = sandbox.open_sandbox(fixture_db)
    yield con
    con.close()


def _refused(box, text: str) -> sandbox.Outcome:
    out = sandbox.run(box, text, time_limit=2)
    assert out.status == REFUSED, (text, out)
    assert out.frame is None
    return out


# --- file reads --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/etc/passwd", SAMPLE_CSV, SAMPLE_PARQUET])
@pytest.mark.parametrize("reader", READERS)
def test_every_reader_function_is_refused(box, reader, path):
    out = _refused(box, f"select * from {reader}('{path}')")
    assert (out.reason, out.detail) == (TABLE_FUNCTION, reader)


@pytest.mark.parametrize("reader", READERS)
def test_readers_hidden_in_subqueries_lateral_joins_and_lambdas_are_found(box, reader):
    for text in (
        f"select (select count(*) from {reader}('/etc/passwd')) as n",
        f"select u.unit_id from units u, lateral (select * from {reader}('/etc/passwd')) r",
        f"select list_transform([1], x -> (select 1 from {reader}('/etc/passwd'))) as l",
        f"with a as (select * from {reader}('/etc/passwd')) select * from a",
    ):
        out = _refused(box, text)
        assert (out.reason, out.detail) == (TABLE_FUNCTION, reader), text


@pytest.mark.parametrize("path", ["/etc/passwd", SAMPLE_CSV, SAMPLE_PARQUET])
def test_a_file_named_as_a_table_is_refused(box, path):
    out = _refused(box, f"select * from '{path}'")
    assert (out.reason, out.detail) == (TABLE, path.lower())


# --- statements that are not one SELECT --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("copy units to '/tmp/explore_copy.csv'", "COPY"),
        ("copy (select * from units) to '/tmp/explore_copy.csv' (format csv)", "COPY"),
        ("copy units from '/etc/passwd'", "COPY"),
        ("export database '/tmp/explore_export'", "EXPORT"),
        ("attach ':memory:' as scratch", "ATTACH"),
        ("attach '/tmp/explore_attached.duckdb' as scratch", "ATTACH"),
        ("detach campaign", "DETACH"),
        ("use memory", "SET"),
        ("install httpfs", "LOAD"),
        ("load httpfs", "LOAD"),
        ("set threads = 1", "SET"),
        ("set enable_external_access = true", "SET"),
        ("set lock_configuration = false", "SET"),
        ("reset threads", "SET"),
        ("set variable x = 1", "SET"),
        ("pragma version", "PRAGMA"),
        ("pragma enable_profiling", "PRAGMA"),
        ("call pragma_version()", "CALL"),
        ("checkpoint", "CALL"),
        ("create table scratch as select 1", "CREATE"),
        ("create temp table scratch (i int)", "CREATE"),
        ("create macro m() as 1", "CREATE"),
        ("insert into units select * from units", "INSERT"),
        ("update units set city = 'x'", "UPDATE"),
        ("delete from units", "DELETE"),
        ("drop table units", "DROP"),
        ("alter table units rename to u", "ALTER"),
        ("begin transaction", "TRANSACTION"),
        ("vacuum", "VACUUM"),
        ("prepare p as select 1", "PREPARE"),
        ("explain select 1", "EXPLAIN"),
        ("pivot units on industry using count(*)", "MULTI"),
    ],
)
def test_statements_other_than_select_are_refused(box, text, kind):
    out = _refused(box, text)
    assert (out.reason, out.detail) == (NOT_SELECT, kind)


def test_copy_and_export_leave_no_file():
    # The statements above were refused before running; nothing reached the disk.
    for path in ("/tmp/explore_copy.csv", "/tmp/explore_export", "/tmp/explore_attached.duckdb"):
        assert not Path(path).exists()


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("select 1; drop table units", "2: SELECT, DROP"),
        ("select 1; select 2", "2: SELECT, SELECT"),
        ("set threads = 1; select 1", "2: SET, SELECT"),
        ("select * from units; copy units to '/tmp/x.csv'; select 1", "3: SELECT, COPY, SELECT"),
    ],
)
def test_more_than_one_statement_is_refused(box, text, detail):
    out = _refused(box, text)
    assert (out.reason, out.detail) == (MULTIPLE, detail)


@pytest.mark.parametrize("text", ["", "   ", "-- only a comment", ";"])
def test_nothing_to_run(box, text):
    assert _refused(box, text).reason == EMPTY


def test_a_syntax_error_is_named(box):
    out = _refused(box, "select 1 where")
    assert out.reason == PARSE
    assert 'syntax error at or near "where"' in out.detail


# --- settings, environment, catalog, secrets, extensions ---------------------------------


@pytest.mark.parametrize(
    ("text", "reason", "detail"),
    [
        ("select getenv('HOME')", FUNCTION, "getenv"),
        ("select current_setting('threads')", FUNCTION, "current_setting"),
        ("select current_setting('home_directory') as h from units", FUNCTION, "current_setting"),
        ("select getvariable('x')", FUNCTION, "getvariable"),
        ("select write_log('x')", FUNCTION, "write_log"),
        ("select * from duckdb_settings()", TABLE_FUNCTION, "duckdb_settings"),
        ("select * from duckdb_secrets()", TABLE_FUNCTION, "duckdb_secrets"),
        ("select * from which_secret('s3://bucket/x', 's3')", TABLE_FUNCTION, "which_secret"),
        ("select * from duckdb_extensions()", TABLE_FUNCTION, "duckdb_extensions"),
        ("select * from duckdb_databases()", TABLE_FUNCTION, "duckdb_databases"),
        ("select * from duckdb_tables()", TABLE_FUNCTION, "duckdb_tables"),
        ("select * from pragma_version()", TABLE_FUNCTION, "pragma_version"),
        ("select * from query('select 1')", TABLE_FUNCTION, "query"),
        ("select * from query_table('units')", TABLE_FUNCTION, "query_table"),
        ("select * from checkpoint()", TABLE_FUNCTION, "checkpoint"),
        ("select * from duckdb_tables", TABLE, "duckdb_tables"),
        ("select * from information_schema.tables", TABLE, "information_schema.tables"),
        ("select * from sqlite_master", TABLE, "sqlite_master"),
        ("select * from load_info", TABLE, "load_info"),
        ("select * from memory.main.units", TABLE, "memory.main.units"),
        ("select * from system.main.duckdb_settings", TABLE, "system.main.duckdb_settings"),
        ("show tables", TABLE, "tables"),
        ("show databases", TABLE, "databases"),
        # a CTE's name is no pass outside the query it belongs to, nor before its definition
        (
            "select * from (with sqlite_master as (select 1) select 1) s, sqlite_master",
            TABLE,
            "sqlite_master",
        ),
        (
            "with a as (select * from sqlite_master), sqlite_master as (select 1) select * from a",
            TABLE,
            "sqlite_master",
        ),
    ],
)
def test_settings_environment_and_catalog_are_refused(box, text, reason, detail):
    out = _refused(box, text)
    assert (out.reason, out.detail) == (reason, detail)


# --- limits ------------------------------------------------------------------------------


def test_a_query_that_runs_forever_is_interrupted_within_the_limit(box):
    text = "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r"
    started = time.monotonic()
    out = sandbox.run(box, text, time_limit=1.0)
    elapsed = time.monotonic() - started
    assert out.status == TIMEOUT
    assert out.detail == "1"
    assert elapsed < 3.0, elapsed
    # the connection is usable afterwards
    assert sandbox.run(box, "select count(*) as n from units").frame["n"].to_list() == [3]


def test_a_long_cross_join_is_interrupted_too(box):
    text = "select count(*) from range(1000000) a, range(1000000) b where a.range + b.range = -1"
    out = sandbox.run(box, text, time_limit=1.0)
    assert out.status == TIMEOUT


def test_millions_of_rows_are_capped(box):
    out = sandbox.run(box, "select * from range(100000000)")
    assert out.status == OK
    assert out.capped
    assert out.frame.height == sandbox.ROW_CAP == 10_000
    assert out.frame["range"].to_list()[:3] == [0, 1, 2]


def test_exactly_the_cap_is_not_marked_capped(box):
    out = sandbox.run(box, "select * from range(10)", cap=10)
    assert (out.status, out.capped, out.frame.height) == (OK, False, 10)
    out = sandbox.run(box, "select * from range(11)", cap=10)
    assert (out.status, out.capped, out.frame.height) == (OK, True, 10)


# --- what the box is for -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("select count(*) as n from units", [3]),
        ("SELECT COUNT(*) AS n FROM UNITS", [3]),
        ("select count(*) as n from campaign.main.units", [3]),
        ("select count(*) as n from main.units;", [3]),
        ("with t as (select * from teams) select sum(members) as n from t", [43]),
        ("from team_days select count(*) as n", [16]),
        ("select count(*) as n from team_baselines where baseline_productivity is null", [1]),
        ("select count(*) as n from scoped_units([], ['coal'], [], [], [])", [1]),
        ("select count(*) as n from range(5)", [5]),
        ("select sum(x) as n from unnest([1, 2, 3]) t(x)", [6]),
        (
            "with recursive r(n) as (select 1 union all select n + 1 from r where n < 4) "
            "select sum(n) as n from r",
            [10],
        ),
        ("select * from (values (7)) t(n)", [7]),
        (
            "select n from (select industry, count(*) as n from units group by industry) "
            "order by industry",
            [1, 1, 1],
        ),
    ],
)
def test_select_statements_on_campaign_tables_run(box, text, expect):
    out = sandbox.run(box, text)
    assert out.status == OK, out
    assert out.frame["n"].to_list() == expect


def test_describe_and_summarize_of_a_campaign_table_run(box):
    assert sandbox.run(box, "describe units").frame.height == 12
    assert sandbox.run(box, "summarize teams").frame.height == 7


def test_a_runtime_error_is_reported_not_raised(box):
    out = sandbox.run(box, "select no_such_column from units")
    assert out.status == ERROR
    assert "no_such_column" in out.detail


# --- the connection on its own -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("select * from read_csv('/etc/passwd')", "file system operations are disabled"),
        (f"select * from read_text('{SAMPLE_CSV}')", "file system operations are disabled"),
        (f"select * from read_parquet('{SAMPLE_PARQUET}')", "file system operations are disabled"),
        ("select * from glob('/etc/*')", "file system operations are disabled"),
        ("copy units to '/tmp/explore_copy.csv'", "file system operations are disabled"),
        ("export database '/tmp/explore_export'", "file system operations are disabled"),
        ("attach '/tmp/explore_attached.duckdb' as x", "file system operations are disabled"),
        ("install httpfs", "file system operations are disabled"),
        ("load httpfs", "Loading external extensions is disabled"),
        ("select * from duckdb_extensions()", "file system operations are disabled"),
        ("select * from duckdb_secrets()", "file system operations are disabled"),
        ("set threads = 1", "the configuration has been locked"),
        ("set enable_external_access = true", "the configuration has been locked"),
        ("set autoload_known_extensions = true", "the configuration has been locked"),
        ("create table x (i int)", "attached in read-only mode"),
        ("insert into units select * from units", "attached in read-only mode"),
        ("delete from units", "attached in read-only mode"),
    ],
)
def test_the_connection_alone_refuses_what_the_checks_refuse(box, text, message):
    out = sandbox.execute(box, text, time_limit=2)
    assert out.status == ERROR, out
    assert message in out.detail


def test_the_connection_settings(box):
    got = dict(
        box.execute(
            "select name, value from duckdb_settings() where name in ("
            "'enable_external_access', 'lock_configuration', 'autoload_known_extensions', "
            "'autoinstall_known_extensions', 'allow_community_extensions', "
            "'python_enable_replacements', 'threads', 'temp_directory')"
        ).fetchall()
    )
    assert got == {
        "enable_external_access": "false",
        "lock_configuration": "true",
        "autoload_known_extensions": "false",
        "autoinstall_known_extensions": "false",
        "allow_community_extensions": "false",
        "python_enable_replacements": "false",
        "threads": "2",
        "temp_directory": "",
    }
    # the campaign is the only catalog a query can name, and it is read-only
    catalogs = box.execute(
        "select database_name, readonly from duckdb_databases() where not internal"
    ).fetchall()
    assert catalogs == [("campaign", True)]


def test_nothing_changed(box, fixture_con):
    # after every statement above, the campaign is as it was
    for table, rows in (("units", 3), ("teams", 4), ("daily_output", 16), ("accidents", 4)):
        assert fixture_con.sql(f"select count(*) from {table}").fetchall() == [(rows,)]
        assert sandbox.run(box, f"select count(*) as n from {table}").frame["n"][0] == rows


# --- hostile sizes: depth, length, time and memory ---------------------------------------

DEEP = [
    "select " + "(" * 3000 + "1" + ")" * 3000,
    "select 1" + "+1" * 3000,
    "select 1" + "+1" * 990,  # under DuckDB's own default depth: json.loads ran out of stack
    "select " + "case when true then " * 900 + "1" + " end" * 900,
    "select " + "[" * 3000 + "1" + "]" * 3000,
    "select " + "(select " * 3000 + "1" + ")" * 3000,
    "select * from " + "(select * from " * 2000 + "units" + ") t" * 2000,
]


@pytest.mark.parametrize("text", DEEP, ids=lambda t: t[:24])
def test_statements_nested_thousands_deep_are_refused_not_raised(box, text):
    out = _refused(box, text)
    assert (out.reason, out.detail) == (sandbox.TOO_DEEP, "250")


def test_the_checks_never_raise_a_recursion_error_however_deep_the_caller(box):
    # The pages call check from deep in Streamlit's stack; what is left of Python's recursion
    # limit decides when json.loads or the walk gives up: that too is a refusal.
    def nested(depth: int):
        return nested(depth - 1) if depth else sandbox.check(box, "select 1" + "+1" * 240)

    for depth in (0, 300, 600, 800):
        out = nested(depth)
        assert out is None or (out.status, out.reason) == (REFUSED, sandbox.TOO_DEEP), depth


def test_a_chain_of_ctes_deeper_than_the_limit_is_refused(box):
    ctes = ", ".join(f"c{i} as (select * from {f'c{i - 1}' if i else 'units'})" for i in range(300))
    out = sandbox.run(box, f"with {ctes} select count(*) from c299", time_limit=5)
    assert (out.status, out.reason) == (REFUSED, sandbox.TOO_DEEP)


def test_a_statement_longer_than_the_limit_is_refused_before_parsing(box):
    text = "select " + ", ".join(["1"] * 30_000)
    assert len(text) > sandbox.MAX_CHARS
    out = _refused(box, text)
    assert (out.reason, out.detail) == (sandbox.TOO_LONG, "50000")


def test_nesting_within_the_limit_runs(box):
    out = sandbox.run(box, "select 1" + "+1" * 200 + " as n")
    assert out.status == OK, out
    assert out.frame["n"].to_list() == [201]


# DuckDB looks at an interrupt only between the steps of a query; this is one step of ~9 s.
UNINTERRUPTIBLE = "select len(list_distinct(range(2000000))) as n"
CROSS_JOIN = "select count(*) from " + ", ".join(f"daily_output t{i}" for i in range(8))


def _served_meanwhile(box, fixture_con, text: str, time_limit: float):
    """Run text in the box on another thread; meanwhile ask the pages' connection, again and
    again, how many units there are and how long it took to answer."""
    import threading

    outcome: list[sandbox.Outcome] = []
    worker = threading.Thread(target=lambda: outcome.append(sandbox.run(box, text, time_limit)))
    answers = []
    worker.start()
    try:
        while worker.is_alive():
            started = time.monotonic()
            cur = fixture_con.cursor()
            n = cur.execute("select count(*) from units").fetchone()[0]
            cur.close()
            answers.append((n, time.monotonic() - started))
            time.sleep(0.1)
    finally:
        worker.join()
    return outcome[0], answers


@pytest.mark.parametrize("text", [CROSS_JOIN, UNINTERRUPTIBLE], ids=["cross_join", "one_step"])
def test_a_statement_stops_within_the_limit_and_the_app_is_served_meanwhile(box, fixture_con, text):
    started = time.monotonic()
    out, answers = _served_meanwhile(box, fixture_con, text, time_limit=1.0)
    elapsed = time.monotonic() - started
    assert out.status == TIMEOUT, out
    assert out.detail == "1"
    assert elapsed < 1.0 + sandbox.GRACE + 3.0, elapsed  # generous: the machine is shared
    assert answers, "the pages' connection was not asked"
    assert all(n == 3 for n, _ in answers)
    assert max(s for _, s in answers) < 2.0, answers


def test_a_statement_over_its_memory_is_stopped_and_the_server_keeps_its_own(box, monkeypatch):
    import resource

    monkeypatch.setattr(sandbox, "PROCESS_MEMORY_LIMIT", 300 * 1024**2)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = sandbox.run(box, "select length(repeat('x', 600000000)) as n", time_limit=30)
    assert (out.status, out.reason, out.detail) == (REFUSED, sandbox.MEMORY, "300 MB")
    assert out.seconds < 30
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
    assert grown < 100 * 1024**2, grown
    # the box goes on serving
    assert sandbox.run(box, "select count(*) as n from units").frame["n"].to_list() == [3]


def test_a_result_larger_than_the_limit_is_not_sent_back(box, monkeypatch):
    out = sandbox.execute(box, "select repeat('x', 1000) as s from range(5000)")
    assert sandbox._decode(sandbox._encode(out)).frame.equals(out.frame)
    monkeypatch.setattr(sandbox, "RESULT_LIMIT", 1024**2)
    refused = sandbox._decode(sandbox._encode(out))
    assert (refused.status, refused.reason, refused.detail, refused.frame) == (
        REFUSED,
        sandbox.MEMORY,
        "1 MB",
        None,
    )
    # in the statement's own process, RESULT_LIMIT as set there: 64 MB < 10,000 rows of 10 kB
    out = sandbox.run(box, "select repeat('x', 10000) as s from range(10000)")
    assert (out.status, out.reason, out.detail) == (REFUSED, sandbox.MEMORY, "64 MB"), out


def test_statements_beyond_the_running_limit_wait_then_are_refused_as_busy(box, monkeypatch):
    import threading

    monkeypatch.setattr(sandbox, "MAX_RUNNING", 1)
    monkeypatch.setattr(sandbox, "_slots", threading.BoundedSemaphore(1))
    first: list[sandbox.Outcome] = []
    hog = threading.Thread(target=lambda: first.append(sandbox.run(box, UNINTERRUPTIBLE, 2.0)))
    hog.start()
    time.sleep(0.3)
    out = sandbox.run(box, "select 1 as n", time_limit=0.5)
    hog.join()
    assert (out.status, out.reason, out.detail) == (REFUSED, sandbox.BUSY, "1")
    assert first[0].status == TIMEOUT


def test_every_new_reason_has_a_message_in_both_languages():
    from pages.common.catalog import STRINGS

    for reason in (sandbox.TOO_DEEP, sandbox.TOO_LONG, sandbox.MEMORY, sandbox.BUSY):
        en, zh = STRINGS[f"explore.sql.refused.{reason}"]
        assert "{detail}" in en and "{detail}" in zh and en != zh
