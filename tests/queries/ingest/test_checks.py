"""The contract's rules as SQL (queries/ingest/checks.py): the row rules translated from their
Polars expressions break on exactly the rows Polars says, nulls included; a kind with more
rows than the report lists is counted whole and cut at the cap."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from queries import contract
from queries.ingest import checks, load
from queries.ingest.load import ContractError

BASE = Path(__file__).resolve().parents[2] / "loader_corpus" / "base"


@pytest.mark.parametrize("table", [t for t in contract.TABLES if t.row_rules], ids=lambda t: t.name)
def test_row_rules_break_in_sql_where_they_break_in_polars(table):
    # given every combination of null, low and high values in the rules' columns
    values = {
        # a day past the first: the monthly tables' records fall on the first of the month
        contract.DATE: [None, dt.date(1953, 1, 1), dt.date(1953, 2, 1), dt.date(1953, 2, 15)],
        contract.FLOAT: [None, 1.0, 2.0],
        contract.INT: [None, 1, 2],
        contract.TEXT: [None, "pending", "adopted", "implemented"],
    }
    cols = sorted({c for r in table.row_rules for c in r.columns})
    frame = pl.DataFrame({"k": [0]})
    for c in cols:
        col = table.column(c)
        options = values[col.type]
        dtype = contract.POLARS_TYPES[col.type]
        frame = frame.join(pl.DataFrame({c: pl.Series(options, dtype=dtype)}), how="cross")
    con = duckdb.connect()
    con.register("frame", frame)
    for rule in table.row_rules:
        # expect the SQL to pick the rows the Polars expression picks
        want = frame.with_row_index("i").filter(rule.broken.fill_null(False))["i"].to_list()
        sql = checks.rule_sql(rule.broken, table.column_names)
        got = [
            r[0]
            for r in con.execute(
                f"select i from (select row_number() over () - 1 as i, * from frame) where {sql} "
                "order by i"
            ).fetchall()
        ]
        assert got == want, rule.name


def test_an_expression_outside_the_subset_is_not_translated():
    with pytest.raises(checks.Untranslatable):
        checks.rule_sql(pl.col("a").str.len_chars() > 3, ["a"])


def test_a_kind_past_the_cap_is_counted_whole(tmp_path, monkeypatch):
    # given 2,500 events whose kind is not allowed, and a report that lists 1,000 of a kind
    source = tmp_path / "s"
    shutil.copytree(BASE, source)
    with open(source / "events.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(contract.EVENTS.column_names)
        for i in range(2500):
            w.writerow([f"e{i}", "1953-01-05", "", "", "parade", "标题", "title"])
    monkeypatch.setenv(load.REPORT_ENV, "1000")
    db = tmp_path / "db" / "c.duckdb"
    with pytest.raises(ContractError) as caught:
        load.load(source, db)
    (v,) = [v for v in caught.value.violations if v.column == "kind"]
    # expect the whole count, the first rows in order, and at most the cap kept
    assert v.count == 2500
    assert v.rows == (2, 3, 4, 5, 6)
    assert len(v.findings) == 1000
    report = load.publish.report_path(db).read_text(encoding="utf-8-sig")
    assert "… and 1500 more of this kind" in report
    assert not db.exists()
