"""team_days' physical order: left as daily_output's when units come clustered, sorted by
unit and day when they come scattered (queries.ingest.build.cluster_team_days)."""

from __future__ import annotations

import duckdb

from queries.ingest import build

ROWS = 3 * build.ROW_GROUP  # three row groups


def _team_days(order: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    # 30 units; each row a (unit, day), written either unit by unit or day by day
    con.execute(
        f"""
        create table team_days as
        select 'u' || lpad((i % 30)::varchar, 2, '0') as unit_id,
            date '1953-01-01' + (i // 30)::int as day, i
        from range({ROWS}) as r(i)
        order by {order}
        """
    )
    return con


def test_given_units_written_one_after_another_expect_the_order_left_alone():
    con = _team_days("unit_id, i desc")
    before = con.execute("select i from team_days order by rowid limit 5").fetchall()
    assert not build.team_days_scattered(con)
    build.cluster_team_days(con)
    assert con.execute("select i from team_days order by rowid limit 5").fetchall() == before


def test_given_units_interleaved_expect_team_days_sorted_by_unit_and_day():
    con = _team_days("i")
    assert build.team_days_scattered(con)
    build.cluster_team_days(con)
    rows = con.execute("select unit_id, day from team_days order by rowid").fetchall()
    assert rows == sorted(rows)
    assert con.execute("select count(*) from team_days").fetchone()[0] == ROWS
    assert not build.team_days_scattered(con)
