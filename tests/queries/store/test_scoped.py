"""The SQL box's copy of the database for a scoped user: given the sample campaign and a
bureau's units, expect every table to hold exactly the rows of those units (counted
independently on the whole database) and nothing typed into the box to reach the others."""

from __future__ import annotations

import duckdb
import pytest

from queries.store import db, sandbox, scoped

BUREAU = "Central-South Coal Industry Administration Bureau"


@pytest.fixture(scope="module")
def kept(sample_db):
    con = db.connect(sample_db)
    ids = [
        r[0]
        for r in con.execute(
            "select unit_id from units where bureau_en = $b", {"b": BUREAU}
        ).fetchall()
    ]
    con.close()
    return ids


@pytest.fixture(scope="module")
def copy(sample_db, kept, tmp_path_factory):
    scoped.FOLDER = tmp_path_factory.mktemp("scoped")
    return scoped.database(sample_db, kept, sandbox.CAMPAIGN_TABLES)


def test_every_table_holds_exactly_the_units_rows(sample_db, kept, copy):
    whole = db.connect(sample_db)
    part = duckdb.connect(str(copy), read_only=True)
    ids = {"ids": kept}
    expected = {
        "units": "select count(*) from units where list_contains($ids, unit_id)",
        "daily_output": "select count(*) from daily_output d join teams t using (team_id) "
        "join workshops w using (workshop_id) where list_contains($ids, w.unit_id)",
        "team_days": "select count(*) from team_days where list_contains($ids, unit_id)",
        "accidents": "select count(*) from accidents where list_contains($ids, unit_id)",
        "proposals": "select count(*) from proposals where list_contains($ids, unit_id)",
        "unit_costs": "select count(*) from unit_costs where list_contains($ids, unit_id)",
        "output_units": "select count(*) from output_units where len($ids) > 0",
    }
    for table, sql in expected.items():
        want = whole.execute(sql, ids).fetchone()[0]
        got = part.execute(f"select count(*) from {table}").fetchone()[0]
        assert got == want > 0, table
    outside = part.execute(
        "select count(*) from team_days where not list_contains($ids, unit_id)", ids
    ).fetchone()[0]
    assert outside == 0
    # the sidebar macro is there and reads only the kept units
    macro_units = part.execute("select count(*) from scoped_units([], [], [], [], [])").fetchone()[
        0
    ]
    assert macro_units == len(kept)
    whole.close()
    part.close()


def test_the_copy_is_reused_for_the_same_version_and_scope(sample_db, kept, copy):
    assert scoped.database(sample_db, list(reversed(kept)), sandbox.CAMPAIGN_TABLES) == copy
    assert scoped.path_for(sample_db, kept[:1]) != copy


@pytest.mark.parametrize(
    "text",
    [
        "select * from campaign.main.units where bureau_en <> 'x'",
        "attach '{whole}' as w (read_only)",
        "select * from read_parquet('{whole}')",
        "select * from '{whole}'",
        "select * from duckdb_databases()",
    ],
)
def test_the_box_on_the_copy_reaches_no_other_unit(sample_db, kept, copy, text):
    con = sandbox.open_sandbox(copy)
    try:
        outcome = sandbox.run(con, text.format(whole=sample_db))
        if outcome.status == sandbox.OK:
            # the catalog-qualified name reads the copy: only the kept units
            assert set(outcome.frame["unit_id"].to_list()) <= set(kept)
        else:
            assert outcome.status in (sandbox.REFUSED, sandbox.ERROR)
        counted = sandbox.run(con, "select count(distinct unit_id) as n from team_days")
        assert counted.frame["n"].item() == len(kept)
    finally:
        con.close()
