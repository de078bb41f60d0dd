"""Shared fixtures: the hand-built campaign database, the sample database, cache hygiene."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

# Every chart the pages draw is value-checked by Plotly in the tests (pages/common/charts.py).
os.environ.setdefault("EMULATION_VALIDATE_FIGURES", "1")


from queries import campaign
from queries.ingest import load
from queries.store import db

FIXTURES = Path(__file__).parent / "fixtures"


def build_fixture_db(path: Path, sql_file: Path = FIXTURES / "campaign.sql") -> Path:
    """A database from fixture SQL, built the way the loader builds one."""
    con = duckdb.connect(str(path))
    try:
        load.create_schema(con)
        con.execute(sql_file.read_text())
        load.derive(con)
        con.execute(
            "create table load_info as select now()::timestamp as loaded_at, "
            "$source as source, 'fixture' as source_hash",
            {"source": str(sql_file)},
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    return build_fixture_db(tmp_path_factory.mktemp("fixture") / "campaign.duckdb")


@pytest.fixture(scope="session")
def fixture_con(fixture_db):
    con = db.connect(fixture_db)
    yield con
    con.close()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The shipped sample campaign, loaded by the real loader into a fresh file."""
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    campaign.load(campaign.SAMPLE_DIR, path)
    return path


@pytest.fixture(scope="session")
def sample_con(sample_db):
    con = db.connect(sample_db)
    yield con
    con.close()


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """Every test starts with empty Streamlit caches, so no test reads another's results."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
