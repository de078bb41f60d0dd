"""queries.threads: the thread count every connection and Polars use."""

import os

import pytest

from queries import threads


def test_default_is_the_cores_this_process_may_use(monkeypatch):
    monkeypatch.delenv(threads.ENV_VAR, raising=False)
    assert threads.count() == len(os.sched_getaffinity(0))


def test_the_environment_sets_it(monkeypatch):
    monkeypatch.setenv(threads.ENV_VAR, "3")
    assert threads.count() == 3


@pytest.mark.parametrize("raw", ["0", "-1", "two", "1.5"])
def test_a_count_that_is_not_a_whole_positive_number_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv(threads.ENV_VAR, raw)
    with pytest.raises(ValueError, match=f"{threads.ENV_VAR}='{raw}'"):
        threads.count()


def test_reader_connections_take_the_count(monkeypatch, tmp_path):
    import duckdb

    from queries.store import db

    path = tmp_path / "x.duckdb"
    duckdb.connect(str(path)).close()
    monkeypatch.setenv(threads.ENV_VAR, "1")
    con = db.connect(path)
    try:
        assert con.execute("select current_setting('threads')").fetchone()[0] == 1
    finally:
        con.close()
