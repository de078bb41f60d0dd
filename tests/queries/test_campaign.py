"""queries.campaign: the loader as the app runs it, with its post-load steps passed in."""

from pathlib import Path

import duckdb

from queries import campaign
from queries.ingest import load as ingest

BASE = Path(__file__).resolve().parents[1] / "loader_corpus" / "base"


def _tables(path: Path) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    finally:
        con.close()


def test_the_app_loader_stores_the_first_view_effect_and_the_bare_loader_does_not(tmp_path):
    campaign.load(BASE, tmp_path / "app.duckdb")
    ingest.load(BASE, tmp_path / "bare.duckdb")
    stored = {"stored_effect_sample", "stored_effect_event_study", "stored_effect_summary"}
    assert stored <= _tables(tmp_path / "app.duckdb")
    assert not stored & _tables(tmp_path / "bare.duckdb")


def test_a_step_runs_on_the_new_database_before_it_is_published(tmp_path):
    seen = []

    def step(con):
        seen.append(con.execute("select count(*) from units").fetchone()[0])
        con.execute("create table step_mark as select 1 as x")

    result = ingest.load(BASE, tmp_path / "c.duckdb", steps=[ingest.PostLoad("mark", step, "v1")])
    assert seen and seen[0] == result.row_counts["units"]
    assert "step_mark" in _tables(tmp_path / "c.duckdb")


def test_a_step_version_enters_the_fingerprint():
    a = ingest.fingerprint(BASE, [ingest.PostLoad("s", lambda con: None, "v1")])
    b = ingest.fingerprint(BASE, [ingest.PostLoad("s", lambda con: None, "v2")])
    assert a != b != ingest.fingerprint(BASE)
    assert campaign.fingerprint(BASE) == ingest.fingerprint(
        BASE, campaign.steps(campaign.SAMPLE_DB)
    )
