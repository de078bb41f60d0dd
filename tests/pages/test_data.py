"""The Data page in AppTest, on databases published by the loader from the tiny campaign of
tests/loader_corpus/base (3 units, 4 teams, 16 team-days from 1952-12-30 to 1953-01-02), and
the dashboard switching databases under open sessions."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from queries import campaign
from queries.ingest import load, publish
from tests.pages.conftest import ENTRYPOINT, metrics, shown

CORPUS = Path(__file__).resolve().parents[1] / "loader_corpus"
BASE = CORPUS / "base"
PAGE = "pages/data.py"


def source(tmp: Path, name: str, events_kept: int | None = None, case: str | None = None) -> Path:
    folder = tmp / name
    shutil.copytree(BASE, folder)
    if case:
        for f in (CORPUS / "cases" / case).iterdir():
            if f.name != "case.json":
                shutil.copy(f, folder / f.name)
    if events_kept is not None:
        lines = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
        (folder / "events.csv").write_text("\n".join(lines[: 1 + events_kept]) + "\n", "utf-8")
    return folder


@pytest.fixture
def published(tmp_path) -> Path:
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(source(tmp_path, "base"), target)
    return target


@pytest.fixture
def open_page(monkeypatch):
    def open_(db_path: Path, page: str = PAGE, **params) -> AppTest:
        monkeypatch.setenv("EMULATION_DB", str(db_path))
        at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != "pages/overview.py":
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return open_


def table(at: AppTest, i: int) -> dict:
    df = at.dataframe[i].value
    return dict(zip(df.iloc[:, 0], df.iloc[:, 1], strict=True))


def test_english_state_of_the_published_database(published, open_page):
    at = open_page(published)
    assert at.title[0].value == "Data"
    (version,) = publish.history(published)
    loaded = load.read_current(published)[1]["loaded_at"][0]
    assert metrics(at) == {
        "Loaded (UTC)": f"{loaded:%Y-%m-%d %H:%M}",
        "Version": "0001",
        "Daily output covers": "4 days",
    }
    captions = [c.value for c in at.caption]
    assert version.id in captions
    assert "1952-12-30 – 1953-01-02" in captions
    assert f"Loaded from: `{published.parents[1] / 'base'}`" in [m.value for m in at.markdown]
    # rows per table, team_days derived one per team-day
    assert table(at, 0) == {
        "units": 3,
        "workshops": 4,
        "output_units": 3,
        "teams": 4,
        "daily_output": 16,
        "accidents": 2,
        "proposals": 4,
        "events": 3,
        "team_days": 16,
    }
    ranges = at.dataframe[1].value
    assert ranges["Table"].tolist() == ["daily_output", "accidents", "proposals", "events"]
    assert ranges["Days"].tolist() == [4, 2, 3, 2]
    assert [f"{d:%Y-%m-%d}" for d in ranges["First day"]] == [
        "1952-12-30",
        "1952-12-31",
        "1952-12-30",
        "1953-01-01",
    ]
    files = at.dataframe[2].value
    assert sorted(files["File"]) == sorted(f.name for f in BASE.iterdir())
    assert set(files["Encoding"]) == {"UTF-8"} and set(files["Mode"]) == {"full"}
    assert [s.value for s in at.success] == ["The last load raised no warnings."]
    history = at.dataframe[3].value
    assert history["Version"].tolist() == [version.id]
    assert history["Current"].tolist() == ["●"]
    # rollback and upload are off unless configured
    assert any(c.startswith("Rollback from the browser is off") for c in captions)
    assert len(at.selectbox) == 0 and len(at.file_uploader) == 0


def test_chinese_labels_and_warnings_of_the_last_load(tmp_path, open_page):
    # given a load whose team t4 has no output in January 1953 (a warning, not an error)
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(source(tmp_path, "gap", case="warning-month-without-output"), target)
    at = open_page(target, lang="zh")
    assert at.title[0].value == "数据"
    got = metrics(at)
    assert got["日产量覆盖期间"] == "4 天"
    assert "1952-12-30 至 1953-01-02" in [c.value for c in at.caption]
    assert table(at, 0)["daily_output"] == 14
    (expander,) = at.expander
    assert expander.label == "小组在数据期间内有整月没有日产量记录 — daily_output.team_id：1 条"
    rows = at.dataframe[3].value
    assert rows["值"].tolist() == ["t4 1953-01"] and rows["文件"].tolist() == ["daily_output.csv"]
    # the same in English
    at.button_group(key="lang").set_value("en").run()
    assert at.expander[0].label == (
        "team has no daily output for a whole month within the period of the data — "
        "daily_output.team_id: 1"
    )


def test_the_sidebar_filters_change_nothing_here(published, open_page):
    at = open_page(published, industry="coal")
    assert table(at, 0)["units"] == 3
    assert metrics(at)["Daily output covers"] == "4 days"


def test_a_hand_built_database_without_records_says_so(fixture_db, open_page):
    at = open_page(fixture_db)
    infos = [i.value for i in at.info]
    assert "This database keeps no record of the files it was loaded from." in infos
    assert "This database keeps no record of its load's warnings." in infos
    assert "No history: this database was not published by the loader." in infos
    assert "not versioned" in [c.value for c in at.caption]
    assert table(at, 0)["units"] == 3


def test_rollback_button_when_enabled(tmp_path, open_page, monkeypatch):
    # given two loads, with 3 and then 1 events, and rollback enabled
    monkeypatch.setenv("EMULATION_ALLOW_ROLLBACK", "1")
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(source(tmp_path, "a"), target)
    campaign.load(source(tmp_path, "b", events_kept=1), target)
    first, second = reversed(publish.history(target))
    at = open_page(target)
    assert table(at, 0)["events"] == 1
    assert at.selectbox(key="rollback_to").options == [first.id]
    # when the first version is made current
    at.button(key="rollback").click().run()
    assert not at.exception
    # expect the page to say so and show the first version's data
    assert f"Version {first.id} is now current." in [s.value for s in at.success]
    assert table(at, 0)["events"] == 3
    assert metrics(at)["Version"] == "0001"
    assert at.selectbox(key="rollback_to").options == [second.id]


def test_upload_when_enabled_runs_the_loader_and_shows_its_report(
    published, open_page, monkeypatch
):
    monkeypatch.setenv("EMULATION_ALLOW_UPLOAD", "1")
    at = open_page(published)
    # a new day for two teams, one of them unknown: refused, with the row named
    header = (BASE / "daily_output.csv").read_text(encoding="utf-8").splitlines()[0]
    bad = f"{header}\nt1,1953-01-03,1,1,,1,1,0\nt9,1953-01-03,1,1,,1,1,0\n".encode()
    at.file_uploader(key="upload_files").set_value(("daily_output.csv", bad, "text/csv"))
    at.radio(key="upload_mode").set_value("append")
    at.button(key="upload_go").click().run()
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [
        "Refused: 1 problem of 1 kind. Nothing was changed.",
        "daily_output.team_id: must match a teams.team_id — 1 row(s): row 3 (t9)",
    ]
    assert len(publish.history(published)) == 1
    # the same day for a known team only: appended and published
    good = f"{header}\nt1,1953-01-03,1,1,,1,1,0\n".encode()
    at.file_uploader(key="upload_files").set_value(("daily_output.csv", good, "text/csv"))
    at.button(key="upload_go").click().run()
    assert not at.exception
    newest = publish.history(published)[0]
    assert f"Loaded: version {newest.id} is now current (17 rows of daily output)." in [
        s.value for s in at.success
    ]
    at.run()
    assert table(at, 0)["daily_output"] == 17


# --- a database switched under open sessions ----------------------------------------------------


def test_switching_the_database_under_open_sessions_raises_nothing(tmp_path, open_page):
    # given three versions: 3 events, 1 event, and one with only two days of output
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(source(tmp_path, "a"), target)
    campaign.load(source(tmp_path, "b", events_kept=1), target)
    short = source(tmp_path, "c")
    lines = (short / "daily_output.csv").read_text(encoding="utf-8").splitlines()
    (short / "daily_output.csv").write_text("\n".join(lines[:9]) + "\n", encoding="utf-8")
    campaign.load(short, target)
    sessions = [open_page(target, "pages/overview.py"), open_page(target)]
    # when another thread keeps switching versions and publishing new ones (pruning old ones)
    stop = threading.Event()
    errors: list[BaseException] = []

    def flip() -> None:
        i = 0
        while not stop.is_set():
            try:
                if i % 7 == 6:
                    campaign.load(source(tmp_path, f"x{i}", events_kept=2), target, keep=4)
                else:
                    kept = publish.history(target)
                    publish.rollback(target, kept[i % len(kept)].id)
            except BaseException as exc:  # the test fails on any error of the flipper too
                errors.append(exc)
                return
            i += 1

    flipper = threading.Thread(target=flip)
    flipper.start()
    try:
        for _ in range(8):
            for at in sessions:
                at.run()
                # expect every run of every open session to render without an exception
                assert not at.exception, at.exception
    finally:
        stop.set()
        flipper.join(timeout=60)
    assert errors == []
    # and, once the switching stops, the open page to follow each new load and rollback
    campaign.load(source(tmp_path, "one", events_kept=1), target)
    sessions[1].run()
    assert table(sessions[1], 0)["events"] == 1
    campaign.load(source(tmp_path, "three"), target)
    sessions[1].run()
    assert table(sessions[1], 0)["events"] == 3
    publish.rollback(target)
    sessions[1].run()
    assert table(sessions[1], 0)["events"] == 1


def test_a_session_whose_period_the_new_database_does_not_cover_keeps_working(tmp_path, open_page):
    # given a session on a database of four days, with the period 1952-12-30..1953-01-02
    target = tmp_path / "db" / "campaign.duckdb"
    short = source(tmp_path, "short")
    lines = (short / "daily_output.csv").read_text(encoding="utf-8").splitlines()
    (short / "daily_output.csv").write_text("\n".join(lines[:9]) + "\n", encoding="utf-8")
    campaign.load(short, target)
    campaign.load(source(tmp_path, "long"), target)
    at = open_page(target, "pages/overview.py", period=["1952-12-30", "1953-01-02"])
    # when the database is switched to one that ends on 1952-12-31
    publish.rollback(target)
    at.run()
    # expect no error, and the period cut to the days the new database covers
    assert not at.exception, at.exception
    assert [f"{d:%Y-%m-%d}" for d in at.sidebar.date_input(key="period").value] == [
        "1952-12-30",
        "1952-12-31",
    ]
