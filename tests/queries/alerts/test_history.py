"""Alert history: carried over by each load, opened, kept, cleared and reopened."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from queries import campaign
from queries.alerts import history, rules
from tests.queries.alerts.conftest import export_tables

T1, T2, T3 = datetime(2026, 1, 1), datetime(2026, 1, 8), datetime(2026, 1, 15)


def _raised(*ids: str) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "alert_id": i,
                "rule": i.split(":")[0],
                "unit_id": i.split(":")[1],
                "severity": "low",
                "period_start": date(1953, 1, 1),
                "period_end": date(1953, 1, 31),
                "figures": "{}",
                "view": "unit",
                "link": "",
            }
            for i in ids
        ],
        schema=rules.SCHEMA,
    )


def _state(h: pl.DataFrame) -> list[tuple]:
    return sorted(h.select("alert_id", "opened_at", "updated_at", "cleared_at").rows())


def test_open_keep_clear_reopen():
    h1 = history.merge(None, _raised("rushed:a", "death:b"), T1)
    assert _state(h1) == [("death:b", T1, T1, None), ("rushed:a", T1, T1, None)]
    h2 = history.merge(h1, _raised("rushed:a"), T2)
    # rushed:a stays open since T1; death:b is cleared at T2 and kept
    assert _state(h2) == [("death:b", T1, T1, T2), ("rushed:a", T1, T2, None)]
    h3 = history.merge(h2, _raised("rushed:a", "death:b"), T3)
    # death:b raised again: a new episode beside the cleared one
    assert _state(h3) == [
        ("death:b", T1, T1, T2),
        ("death:b", T3, T3, None),
        ("rushed:a", T1, T3, None),
    ]


def test_loads_carry_the_history_over(tmp_path, planted_db, fixed_db):
    """Three loads onto one database through the real loader: planted, fixed, planted."""
    planted = export_tables(planted_db, tmp_path / "planted")
    fixed = export_tables(fixed_db, tmp_path / "fixed")
    target = tmp_path / "campaign.duckdb"
    campaign.load(planted, target)
    first, runs = history.read_file(target)
    assert runs["open_alerts"].to_list() == [6]
    assert first["cleared_at"].null_count() == 6
    opened = dict(zip(first["alert_id"], first["opened_at"], strict=True))

    campaign.load(fixed, target)
    second, runs = history.read_file(target)
    assert runs["open_alerts"].to_list() == [6, 0]
    cleared_at = runs["evaluated_at"][1]
    assert second.height == 6
    assert second["cleared_at"].to_list() == [cleared_at] * 6
    assert dict(zip(second["alert_id"], second["opened_at"], strict=True)) == opened

    campaign.load(planted, target)
    third, runs = history.read_file(target)
    assert runs["open_alerts"].to_list() == [6, 0, 6]
    assert third.height == 12
    assert third.filter(pl.col("cleared_at").is_null())["opened_at"].unique().to_list() == [
        runs["evaluated_at"][2]
    ]


def test_a_rollback_brings_back_that_loads_alerts(tmp_path, planted_db, fixed_db):
    from queries.ingest import publish

    target = tmp_path / "campaign.duckdb"
    campaign.load(export_tables(planted_db, tmp_path / "p"), target)
    campaign.load(export_tables(fixed_db, tmp_path / "f"), target)
    assert history.read_file(target)[0]["cleared_at"].null_count() == 0
    publish.rollback(target)
    assert history.read_file(target)[0]["cleared_at"].null_count() == 6
