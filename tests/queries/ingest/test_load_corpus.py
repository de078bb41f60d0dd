"""The loader against the committed corpus of bad files (tests/loader_corpus/).

Each case replaces some files of a tiny valid campaign (base/) and says, in case.json, what
the loader must answer: the table, column and rule, the rows as a spreadsheet counts them and
the value quoted. A refused case must leave the current database byte for byte as it was;
a case that loads (GBK, a workbook with extra sheets, Parquet) must load exactly what it holds.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from queries import campaign, contract
from queries.ingest import load, publish
from queries.ingest.load import ContractError

CORPUS = Path(__file__).resolve().parents[2] / "loader_corpus"
BASE = CORPUS / "base"
CASES = sorted(p.name for p in (CORPUS / "cases").iterdir())


def _case(case_id: str) -> dict:
    return json.loads((CORPUS / "cases" / case_id / "case.json").read_text(encoding="utf-8"))


def source_for(case_id: str, tmp: Path) -> Path:
    """base/ with the case's files laid over it and its removals left out."""
    case = _case(case_id)
    folder = tmp / case_id
    folder.mkdir(parents=True)
    for f in BASE.iterdir():
        if f.name not in case["remove"]:
            shutil.copy(f, folder / f.name)
    for f in (CORPUS / "cases" / case_id).iterdir():
        if f.name != "case.json":
            shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture(scope="module")
def current(tmp_path_factory) -> Path:
    """A database published from base/, which every refused case tries to replace."""
    db = tmp_path_factory.mktemp("corpus-db") / "campaign.duckdb"
    campaign.load(BASE, db)
    return db


def snapshot(db: Path) -> tuple:
    resolved = publish.current_file(db)
    return (
        os.readlink(db),
        resolved.read_bytes(),
        resolved.stat().st_mtime_ns,
        sorted(os.listdir(publish.history_dir(db))),
    )


def _matches(v: load.Violation, e: dict) -> bool:
    return (
        v.severity == e["severity"]
        and v.table == e["table"]
        and v.column == e["column"]
        and e["rule"] in v.rule
    )


def _check_expected(kinds: list[load.Violation], expected: list[dict]) -> None:
    messages = [v.message() for v in kinds]
    for e in expected:
        hits = [v for v in kinds if _matches(v, e)]
        assert len(hits) == 1, (e, messages)
        v = hits[0]
        assert list(v.rows) == e["rows"], (e, v.message())
        assert v.count == max(len(e["rows"]), 1), (e, v.message())
        if e["value"] is not None:
            assert v.findings[0].value == e["value"], (e, v.findings[0])


@pytest.mark.parametrize("case_id", [c for c in CASES if not _case(c)["loads"]])
def test_refused_case_names_its_problem_and_changes_nothing(case_id, current, tmp_path):
    case = _case(case_id)
    source = source_for(case_id, tmp_path)
    before = snapshot(current)
    with pytest.raises(ContractError) as caught:
        campaign.load(source, current)
    errors = caught.value.violations
    _check_expected(errors, [e for e in case["expect"] if e["severity"] == "error"])
    # and nothing else: each break brings only the errors it must
    allowed = [e for e in case["expect"] if e["severity"] == "error"] + [
        {"severity": "error", "table": t, "column": c, "rule": r} for t, c, r in case["also"]
    ]
    extra = [v.message() for v in errors if not any(_matches(v, e) for e in allowed)]
    assert extra == [], extra
    assert snapshot(current) == before
    # the whole list is in the report beside the database
    report = publish.report_path(current).read_text(encoding="utf-8-sig")
    assert case["expect"][0]["rule"] in report


@pytest.mark.parametrize("case_id", [c for c in CASES if _case(c)["loads"]])
def test_case_that_loads_says_only_its_warnings(case_id, tmp_path):
    case = _case(case_id)
    result = campaign.load(source_for(case_id, tmp_path), tmp_path / "out" / "campaign.duckdb")
    _check_expected(result.warnings, case["expect"])
    assert len(result.warnings) == len(case["expect"]), [v.message() for v in result.warnings]


def _read(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_gbk_and_gb18030_files_load_their_chinese_names(tmp_path):
    # given units.csv in GBK and teams.csv in GB18030 (case gbk-loads)
    db = tmp_path / "out" / "campaign.duckdb"
    campaign.load(source_for("gbk-loads", tmp_path), db)
    # expect the names as base/ has them in UTF-8, and the encodings on record
    assert _read(db, "select name_zh from units order by unit_id") == [
        ("一号煤矿",),
        ("三号纱厂",),
        ("二号电厂",),
    ]
    assert _read(db, "select name_zh from teams where team_id = 't2'") == [("乙班第1组",)]
    assert _read(db, "select table_name, encoding from load_files order by table_name") == [
        ("accidents", "UTF-8"),
        ("daily_output", "UTF-8"),
        ("events", "UTF-8"),
        ("output_units", "UTF-8"),
        ("proposals", "UTF-8"),
        ("teams", "GBK/GB18030"),
        ("unit_costs", "UTF-8"),
        ("unit_funds", "UTF-8"),
        ("unit_staff", "UTF-8"),
        ("units", "GBK/GB18030"),
        ("workshops", "UTF-8"),
    ]


def test_workbook_and_parquet_load_the_same_campaign_as_the_csv(tmp_path):
    # given base/ as CSV, and the same tables from a workbook, a one-sheet book and Parquet
    reference = load.read_source(BASE)
    for case_id in ("xlsx-extra-sheets-loads", "xlsx-sheet-by-file-name-loads", "parquet-loads"):
        got = load.read_source(source_for(case_id, tmp_path))
        # expect every table equal, value for value
        for name, df in reference.items():
            assert got[name].equals(df), (case_id, name)


def test_excel_rows_are_the_sheets_own_rows(tmp_path):
    # the bad cell sits below a title and a blank row: sheet row 5, not data row 3
    with pytest.raises(ContractError) as caught:
        load.read_source(source_for("xlsx-bad-cell-below-a-title", tmp_path))
    (v,) = caught.value.violations
    assert v.message() == (
        "output_units.constant_price_yuan: must be a finite number — 1 row(s): row 5 (about 1200)"
    )
    assert v.file == "output_units.xlsx[output_units]"


# --- the corpus covers the contract, and is what make_corpus.py writes ------------------------


def _expected_rules() -> set[tuple[str, str, str]]:
    return {(e["table"], e["column"], e["rule"]) for c in CASES for e in _case(c)["expect"]}


def test_every_contract_rule_is_broken_by_some_case():
    have = _expected_rules()
    words = {contract.DATE: "a date", contract.INT: "a whole number", contract.FLOAT: "a finite"}
    words[contract.BOOL] = "true or false"
    for kind, word in words.items():
        assert any(word in r for _, _, r in have), kind
    for table in contract.TABLES:
        assert (table.name, " + ".join(table.key), "key must be unique") in have
        for col in table.columns:
            if not col.nullable:
                assert (table.name, col.name, "a value is required") in have
            if col.allowed:
                assert (table.name, col.name, "must be one of " + ", ".join(col.allowed)) in have
            if col.minimum is not None:
                op = ">" if col.exclusive_minimum else ">="
                assert (table.name, col.name, f"must be {op} {col.minimum:g}") in have
            if col.maximum is not None:
                assert (table.name, col.name, f"must be <= {col.maximum:g}") in have
        for ref in table.references:
            rule = f"must match a {ref.table}.{ref.target[0]}"
            assert (table.name, ref.columns[0], rule) in have
        for rule in table.row_rules:
            assert any(r == rule.description for t, _, r in have if t == table.name), rule.name
    for table, _, description in contract.CROSS_TABLE_RULES:
        assert (table, "team_id", description) in have


def _builder():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_committed_corpus_is_what_make_corpus_writes(tmp_path):
    make = _builder()
    make.write(make.build(), tmp_path / "cases")
    fresh = {
        p.relative_to(tmp_path / "cases") for p in (tmp_path / "cases").rglob("*") if p.is_file()
    }
    committed = {
        p.relative_to(CORPUS / "cases") for p in (CORPUS / "cases").rglob("*") if p.is_file()
    }
    assert fresh == committed
    for rel in fresh:
        if rel.suffix in (".csv", ".json"):  # workbooks and Parquet carry library versions
            assert (tmp_path / "cases" / rel).read_bytes() == (
                CORPUS / "cases" / rel
            ).read_bytes(), rel
