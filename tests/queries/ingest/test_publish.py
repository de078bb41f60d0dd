"""Publishing (queries/publish.py through the loader): versions kept, rollback, appends, and a
current database that no crash can damage.

Sources are the tiny campaign of tests/loader_corpus/base (3 units, 4 teams, 16 team-days)
and variants of it written here.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from queries import campaign
from queries.ingest import publish
from queries.ingest.load import ContractError
from queries.store import db
from tests.conftest import build_fixture_db

ROOT = Path(__file__).resolve().parents[3]
BASE = ROOT / "tests" / "loader_corpus" / "base"
DAILY_HEADER = (
    "team_id,day,output_qty,plan_qty,team_plan_qty,worker_hours,inspected_qty,rejected_qty"
)


def copy_base(folder: Path, events_kept: int | None = None) -> Path:
    """base/, optionally with only its first events_kept events (so loads can be told apart)."""
    shutil.copytree(BASE, folder)
    if events_kept is not None:
        lines = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
        (folder / "events.csv").write_text("\n".join(lines[: 1 + events_kept]) + "\n", "utf-8")
    return folder


def scalar(db_path: Path, sql: str):
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def events(db_path: Path) -> int:
    return scalar(db_path, "select count(*) from events")


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "queries.load", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


# --- versions and rollback ---------------------------------------------------------------------


def test_each_load_is_a_new_version_and_only_the_last_few_are_kept(tmp_path):
    # given seven loads with 1, 2, 3, 1, 2, 3, 1 events and keep=3
    target = tmp_path / "db" / "campaign.duckdb"
    for i in range(7):
        campaign.load(copy_base(tmp_path / f"s{i}", events_kept=1 + i % 3), target, keep=3)
    # expect three versions, the newest current, and the link pointing at it
    versions = publish.history(target)
    assert [v.seq for v in versions] == [7, 6, 5]
    assert [v.current for v in versions] == [True, False, False]
    assert publish.current_file(target) == versions[0].path
    assert events(target) == 1  # 7th load: 1 + 6 % 3
    assert [v.meta["row_counts"]["events"] for v in versions] == [1, 3, 2]


def test_keep_defaults_to_five_or_the_environment(monkeypatch):
    monkeypatch.delenv(publish.KEEP_ENV, raising=False)
    assert publish.keep_default() == 5
    monkeypatch.setenv(publish.KEEP_ENV, "2")
    assert publish.keep_default() == 2


def test_rollback_switches_back_in_one_command_and_history_lists_it(tmp_path):
    # given a load with 3 events, then one with 2
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "a"), target)
    campaign.load(copy_base(tmp_path / "b", events_kept=2), target)
    assert events(target) == 2
    # when the command line rolls back
    result = cli("--rollback", "--db", str(target))
    # expect the first load current again, and said so
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Rolled back {target} to 0001-")
    assert events(target) == 3
    listing = cli("--history", "--db", str(target)).stdout.splitlines()
    assert [line[:7] for line in listing] == ["  0002-", "* 0001-"]
    # and a rollback to a named version goes forward again
    assert cli("--rollback", "0002", "--db", str(target)).returncode == 0
    assert events(target) == 2


def test_rollback_without_an_older_version_is_refused(tmp_path):
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "a"), target)
    result = cli("--rollback", "--db", str(target))
    assert result.returncode == 1
    assert "no version older than the current one" in result.stderr
    with pytest.raises(publish.PublishError, match="no version 0042"):
        publish.rollback(target, "0042")


def test_a_plain_database_file_becomes_the_first_version(tmp_path):
    # given a database written before versions existed (a plain file, here the fixture)
    target = tmp_path / "campaign.duckdb"
    build_fixture_db(target)
    fixture_units = scalar(target, "select count(*) from units")
    # when a load publishes over it
    campaign.load(copy_base(tmp_path / "a"), target)
    assert scalar(target, "select count(*) from units") == 3
    # expect the plain file kept as version 1, so that a rollback restores it
    assert [v.meta["mode"] for v in publish.history(target)] == ["full", "adopted"]
    publish.rollback(target)
    assert scalar(target, "select count(*) from units") == fixture_units


def test_a_reader_of_the_old_version_keeps_reading_after_a_switch_and_prune(tmp_path):
    # given a dashboard connection open on the current version
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "a"), target)
    reader = db.connect(target)
    try:
        # when a new load is published and the old version pruned (keep=1)
        campaign.load(copy_base(tmp_path / "b", events_kept=1), target, keep=1)
        assert len(publish.history(target)) == 1
        # expect the open connection to answer from the version it opened
        assert reader.execute("select count(*) from events").fetchone()[0] == 3
    finally:
        reader.close()
    assert events(target) == 1


def test_a_refused_load_writes_its_report_and_nothing_else(tmp_path):
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "a"), target)
    bad = copy_base(tmp_path / "b")
    text = (bad / "teams.csv").read_text(encoding="utf-8").replace(",12,", ",0,")
    (bad / "teams.csv").write_text(text, encoding="utf-8")
    result = cli(str(bad), "--db", str(target))
    assert result.returncode == 1
    assert "teams.members: must be > 0 — 1 row(s): row 3 (0)" in result.stderr
    assert "      teams.csv row 3, members: '0'" in result.stderr
    assert f"Full report: {publish.report_path(target)}" in result.stderr
    assert len(publish.history(target)) == 1
    rows = publish.report_path(target).read_text(encoding="utf-8-sig").splitlines()
    assert rows == [
        "severity,table,file,row,column,value,rule",
        "error,teams,teams.csv,3,members,0,must be > 0",
    ]


# --- a kill at any moment leaves the current database as it was --------------------------------


def _paused_load(source: Path, target: Path, stage: str) -> subprocess.Popen:
    env = {**os.environ, publish.PAUSE_ENV: stage}
    return subprocess.Popen(
        [sys.executable, "-m", "queries.load", str(source), "--db", str(target)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("stage", publish.STAGES)
def test_sigkill_at_each_stage_leaves_a_whole_current_database(tmp_path, stage):
    # given a current database with 3 events
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "old"), target)
    old_link = os.readlink(target)
    old_bytes = publish.current_file(target).read_bytes()
    # when a load of a 1-event source is killed (SIGKILL) while stopped at the stage
    proc = _paused_load(copy_base(tmp_path / "new", events_kept=1), target, stage)
    try:
        line = proc.stdout.readline()
        assert line.strip() == f"paused at {stage}", proc.stderr.read()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    # expect the current database to open, whole: the old one until the switch
    if stage == "switched":
        assert events(target) == 1
    else:
        assert os.readlink(target) == old_link
        assert publish.current_file(target).read_bytes() == old_bytes
        assert events(target) == 3
    # and the next load to clean up after the dead one and succeed
    campaign.load(copy_base(tmp_path / "next", events_kept=2), target)
    leftovers = [p for p in os.listdir(publish.history_dir(target)) if p.endswith(".tmp")]
    assert leftovers == []
    assert events(target) == 2


def test_sigkill_at_random_moments_of_a_full_sample_load(tmp_path):
    # given a current database of the tiny campaign
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "old"), target)
    # when loads of the whole sample (371,541 team-days) are killed at several moments
    outcomes = set()
    for delay in (0.4, 0.8, 1.2, 1.6, 2.0, 2.4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "queries.load", str(campaign.SAMPLE_DIR), "--db", str(target)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        # expect, each time, a database that opens and is either the old or a whole new one
        units = scalar(target, "select count(*) from units")
        days = scalar(target, "select count(*) from team_days")
        assert (units, days) in {(3, 16), (56, 371_541)}
        outcomes.add(units)
    assert 3 in outcomes  # at least one kill landed before the switch


# --- appends ------------------------------------------------------------------------------------


def _month(folder: Path, days: list[str], teams=("t1", "t2", "t3", "t4")) -> Path:
    folder.mkdir(parents=True)
    rows = [DAILY_HEADER]
    for d in days:
        rows += [f"{t},{d},10.0,10.0,,8.0,1.0,0.0" for t in teams]
    (folder / "daily_output.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_append_adds_a_month_of_daily_output_as_a_new_version(tmp_path):
    # given the tiny campaign (16 team-days, 1952-12-30..1953-01-02)
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "a"), target)
    # when two more days for the four teams are appended
    result = campaign.load(
        _month(tmp_path / "feb", ["1953-02-01", "1953-02-02"]), target, append=True
    )
    # expect 16 + 8 team-days, derived team_days rebuilt, the rest unchanged
    assert result.new_rows == {"daily_output": 8}
    assert result.row_counts["daily_output"] == 24
    assert scalar(target, "select count(*) from team_days") == 24
    assert scalar(target, "select max(day) from daily_output").isoformat() == "1953-02-02"
    assert events(target) == 3
    # every team has output in December, January and February: no month without, no warning
    assert result.warnings == []
    # and both loads' files on record, the version marked as an append
    # (base/ has 11 files: the 8 tables and the 3 optional economic-accounting tables)
    assert scalar(target, "select count(*) from load_files") == 12
    assert publish.history(target)[0].meta["mode"] == "append"
    assert publish.history(target)[0].meta["base"] == publish.history(target)[1].id


def test_append_refuses_team_days_already_loaded(tmp_path):
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "a"), target)
    before = os.readlink(target)
    # given a "new month" that repeats 1953-01-02
    month = _month(tmp_path / "m", ["1953-01-02", "1953-01-03"])
    with pytest.raises(ContractError) as caught:
        campaign.load(month, target, append=True)
    (v,) = caught.value.violations
    assert v.message() == (
        "daily_output.team_id + day: key is already loaded in the current database — 4 row(s): "
        "row 2 (t1, 1953-01-02), row 3 (t2, 1953-01-02), row 4 (t3, 1953-01-02), "
        "row 5 (t4, 1953-01-02)"
    )
    assert os.readlink(target) == before


def test_append_resolves_references_against_what_is_loaded_and_what_comes_with_it(tmp_path):
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "a"), target)
    # a team nobody knows is refused ...
    with pytest.raises(ContractError) as caught:
        campaign.load(_month(tmp_path / "m1", ["1953-01-03"], teams=("t9",)), target, append=True)
    assert [v.message() for v in caught.value.violations] == [
        "daily_output.team_id: must match a teams.team_id — 1 row(s): row 2 (t9)"
    ]
    # ... unless it comes in the same append, in a workshop already loaded
    source = _month(tmp_path / "m2", ["1953-01-03"], teams=("t1", "t9"))
    (source / "teams.csv").write_text(
        "team_id,workshop_id,name_zh,name_en,members,output_unit,joined_on\n"
        "t9,w4,织布第1组,Weaving Team 1,7,bale_yarn,\n",
        encoding="utf-8",
    )
    result = campaign.load(source, target, append=True)
    assert result.new_rows == {"teams": 1, "daily_output": 2}
    assert scalar(target, "select count(*) from team_days where team_id = 't9'") == 1


def test_append_needs_a_current_database(tmp_path):
    with pytest.raises(ContractError, match="no current database to append to"):
        campaign.load(_month(tmp_path / "m", ["1953-01-03"]), tmp_path / "none.duckdb", append=True)


def test_append_on_the_command_line(tmp_path):
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "a"), target)
    result = cli(str(_month(tmp_path / "m", ["1953-01-03"])), "--db", str(target), "--append")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Appended")
    assert "daily_output 20" in result.stdout


# --- loads at once onto one database ------------------------------------------------------------


def _refused_source(folder: Path) -> Path:
    bad = copy_base(folder)
    text = (bad / "teams.csv").read_text(encoding="utf-8").replace(",12,", ",0,")
    (bad / "teams.csv").write_text(text, encoding="utf-8")
    return bad


def _snapshot(target: Path) -> tuple:
    hist = publish.history_dir(target)
    return (
        os.readlink(target),
        publish.current_file(target).read_bytes(),
        sorted(os.listdir(hist)),
        sorted(os.listdir(target.parent)),
    )


def test_refused_loads_run_at_once_each_end_with_their_message(tmp_path):
    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "a"), target)
    bad = _refused_source(tmp_path / "b")
    before = _snapshot(target)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "queries.load", str(bad), "--db", str(target)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(16)
    ]
    results = [(p.wait(timeout=600), *p.communicate()) for p in procs]
    for code, _, err in results:
        assert "Traceback" not in err, err
        assert code == 1, err
        assert err.startswith(f"Refused: {bad} breaks the data contract; {target} was not changed.")
        assert "teams.members: must be > 0 — 1 row(s): row 3 (0)" in err
    # the current database is byte for byte the one before; no temporary file is left
    assert _snapshot(target) == before
    rows = publish.report_path(target).read_text(encoding="utf-8-sig").splitlines()
    assert rows == [
        "severity,table,file,row,column,value,rule",
        "error,teams,teams.csv,3,members,0,must be > 0",
    ]


def test_refused_loads_on_threads_of_one_process_too(tmp_path):
    import threading

    target = tmp_path / "db" / "campaign.duckdb"
    campaign.load(copy_base(tmp_path / "a"), target)
    bad = _refused_source(tmp_path / "b")
    before = _snapshot(target)
    outcomes: list[BaseException | None] = []

    def refused_load() -> None:
        try:
            campaign.load(bad, target)
        except BaseException as exc:
            outcomes.append(exc)
        else:
            outcomes.append(None)

    threads = [threading.Thread(target=refused_load) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 12
    for exc in outcomes:
        assert isinstance(exc, ContractError), repr(exc)
        assert "teams.members: must be > 0" in str(exc)
    assert _snapshot(target) == before


def test_write_atomic_never_shares_a_temporary_file(tmp_path):
    import threading

    path = tmp_path / "report.csv"
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            for _ in range(20):
                publish.write_atomic(path, f"{i}\n" * 1000)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    lines = set(path.read_text().splitlines())
    assert len(lines) == 1  # one writer's text, whole
    assert os.listdir(tmp_path) == ["report.csv"]
