"""The alerts fixture (tests/fixtures/alerts.sql), as planted and with fixes applied."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from queries import contract
from queries.store import db
from tests.conftest import FIXTURES, build_fixture_db

PLANTED = (FIXTURES / "alerts.sql").read_text()


def fixes() -> dict[str, str]:
    """alerts_fixed.sql's statement groups, by the alert each one clears."""
    text = (FIXTURES / "alerts_fixed.sql").read_text()
    parts = re.split(r"^-- fix: (\S+).*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def build(folder: Path, name: str, *fix_sql: str) -> Path:
    sql = folder / f"{name}.sql"
    sql.write_text(PLANTED + "\n".join(fix_sql))
    return build_fixture_db(folder / f"{name}.duckdb", sql)


def export_tables(path: Path, folder: Path) -> Path:
    """The contract tables of a database as Parquet files: a source the loader takes."""
    folder.mkdir(parents=True, exist_ok=True)
    con = db.connect(path)
    try:
        for t in contract.TABLES:
            cols = ", ".join(t.column_names)
            con.sql(f"select {cols} from {t.name}").pl().write_parquet(folder / f"{t.name}.parquet")
    finally:
        con.close()
    return folder


@pytest.fixture(scope="session")
def planted_db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("alerts"), "planted")


@pytest.fixture(scope="session")
def fixed_db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("alerts_fixed"), "fixed", *fixes().values())


@pytest.fixture
def planted_con(planted_db):
    con = db.connect(planted_db)
    yield con
    con.close()
