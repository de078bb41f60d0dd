"""Tests of the sample-data generator: determinism, the report's facts, the contract, and the
planted effects, each checked on the written files by a plain computation."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
FILES = (
    "units.csv",
    "workshops.csv",
    "output_units.csv",
    "teams.csv",
    "daily_output.parquet",
    "accidents.csv",
    "proposals.csv",
    "events.csv",
)


def _load_generator():
    spec = importlib.util.spec_from_file_location("sample_data_generate", SAMPLE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
contract = gen.contract  # queries.contract, imported by the generator from the repo root
PLANTED = gen.PLANTED
D = dt.date
JAN1, BASE_END = D(1953, 1, 1), D(1952, 12, 31)
MINES = ("coal", "nonferrous")
SUITED = {
    "coal": {"t_raw_coal"},
    "power": {"mwh"},
    "iron_steel": {"t_pig_iron", "t_steel"},
    "nonferrous": {"t_ore"},
    "cotton_textile": {"bale_yarn", "hm_cloth"},
    "machinery": {"machine_part"},
}


def _read(folder: Path) -> dict[str, pl.DataFrame]:
    out = {}
    for t in contract.TABLES:
        if t.name == "daily_output":
            out[t.name] = pl.read_parquet(folder / "daily_output.parquet")
        else:
            out[t.name] = pl.read_csv(folder / f"{t.name}.csv", schema=t.polars_schema)
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, Path, dict[str, pl.DataFrame]]:
    a = tmp_path_factory.mktemp("gen_a")
    b = tmp_path_factory.mktemp("gen_b")
    tables = gen.generate()
    gen.write(tables, a)
    gen.main(["--out", str(b)])  # a second, independent run through the CLI
    return a, b, tables


@pytest.fixture(scope="module")
def t(written) -> dict[str, pl.DataFrame]:
    """The tables as the dashboard reads them back from the files."""
    return _read(written[0])


@pytest.fixture(scope="module")
def teams_x(t) -> pl.DataFrame:
    """Teams with their unit's facts."""
    return (
        t["teams"]
        .join(t["workshops"].select("workshop_id", "unit_id"), on="workshop_id")
        .join(t["units"].select("unit_id", "launched_on", "industry"), on="unit_id")
        .with_columns(rushed=pl.col("unit_id").is_in(list(PLANTED["rushed_units"])))
    )


@pytest.fixture(scope="module")
def daily_x(t, teams_x) -> pl.DataFrame:
    return t["daily_output"].join(
        teams_x.select("team_id", "unit_id", "joined_on", "rushed", "industry"), on="team_id"
    )


# ---------------------------------------------------------------------------------------------
# 1. Determinism
# ---------------------------------------------------------------------------------------------


def test_two_runs_write_byte_identical_files(written):
    # given two generations into two folders
    a, b, _ = written
    # expect the same bytes in every file
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_committed_files_equal_a_fresh_generation(written):
    # given a fresh generation and the committed sample_data folder
    a, _, _ = written
    # expect the committed files to be exactly what the generator writes now
    for name in FILES:
        assert (SAMPLE / name).read_bytes() == (a / name).read_bytes(), (
            f"{name} is stale: run python sample_data/generate.py"
        )


def test_files_round_trip_to_the_generated_frames(written, t):
    # given the frames generate() returned and the files read back with the contract schema
    _, _, tables = written
    # expect equal frames, columns in contract order
    for table in contract.TABLES:
        assert list(tables[table.name].columns) == list(table.column_names)
        assert t[table.name].equals(tables[table.name]), table.name


def test_sample_folder_is_small():
    total = sum((SAMPLE / n).stat().st_size for n in FILES)
    assert total < 15_000_000


# ---------------------------------------------------------------------------------------------
# 2. Facts from the report
# ---------------------------------------------------------------------------------------------


def test_units_launch_status(t):
    u = t["units"]
    launched = u["launched_on"]
    january = u.filter(launched.is_between(D(1953, 1, 1), D(1953, 1, 31)))
    later = u.filter(launched.is_between(D(1953, 2, 1), D(1953, 10, 31)))
    assert u.height == 56
    assert january.height == 35
    assert later.height == 13
    assert launched.null_count() == 8
    assert u.filter(launched.is_not_null()).height == january.height + later.height
    assert set(u["province"]) == {"Henan", "Hubei", "Hunan", "Jiangxi", "Guangdong", "Guangxi"}
    assert set(u["ownership"]) == {"state", "local_state"}
    assert set(u["industry"]) == set(SUITED)


def test_bureaus_and_named_units(t):
    u = t["units"]
    bureaus = set(zip(u["bureau_zh"], u["bureau_en"], strict=True))
    assert ("中南煤业管理局", "Central-South Coal Industry Administration Bureau") in bureaus
    assert ("中南电业管理局", "Central-South Electricity Administration Bureau") in bureaus
    assert ("中南纺织管理局", "Central-South Textile Administration Bureau") in bureaus
    assert ("湖北省工业厅", "Hubei Provincial Industry Department") in bureaus
    # every bureau name maps to one English name
    assert u.group_by("bureau_zh").agg(pl.col("bureau_en").n_unique())["bureau_en"].max() == 1

    def one(uid):
        rows = u.filter(pl.col("unit_id") == uid).to_dicts()
        assert len(rows) == 1, uid
        return rows[0]

    hz = one("hz-steel")
    assert (hz["name_zh"], hz["name_en"]) == (
        "华中钢铁公司",
        "Central China Iron and Steel Company",
    )
    assert (hz["city"], hz["province"], hz["industry"], hz["ownership"]) == (
        "Daye",
        "Hubei",
        "iron_steel",
        "state",
    )
    px = one("pingxiang")
    assert (px["name_zh"], px["name_en"]) == ("萍乡煤矿", "Pingxiang Coal Mine")
    assert (px["city"], px["province"], px["industry"], px["ownership"]) == (
        "Pingxiang",
        "Jiangxi",
        "coal",
        "state",
    )
    mill = one("wh-cotton-1")
    assert (mill["name_zh"], mill["name_en"]) == (
        "国营武汉第一纱厂",
        "State-owned Wuhan No. 1 Cotton Mill",
    )
    assert (mill["city"], mill["province"], mill["industry"]) == (
        "Wuhan",
        "Hubei",
        "cotton_textile",
    )
    for row in (hz, px, mill):
        assert row["launched_on"].year == 1953 and row["launched_on"].month == 1
    # coordinates inside the Central-South region
    assert u["latitude"].min() > 18 and u["latitude"].max() < 37
    assert u["longitude"].min() > 104 and u["longitude"].max() < 118


def test_workshops_teams_and_members(t, teams_x):
    ws_per_unit = t["workshops"].group_by("unit_id").len()["len"]
    teams_per_ws = t["teams"].group_by("workshop_id").len()["len"]
    assert ws_per_unit.min() >= 2 and ws_per_unit.max() <= 5
    assert t["workshops"]["unit_id"].n_unique() == t["units"].height  # every unit has workshops
    assert teams_per_ws.min() >= 3 and teams_per_ws.max() <= 7
    assert t["teams"]["workshop_id"].n_unique() == t["workshops"].height
    assert t["teams"]["members"].min() >= 6 and t["teams"]["members"].max() <= 20
    for row in teams_x.select("industry", "output_unit").unique().iter_rows():
        assert row[1] in SUITED[row[0]], row
    # bilingual team names: 甲班第3组 / Shift A Team 3
    assert t["teams"]["name_zh"].str.contains(r"^[甲乙丙]班第\d组$").all()
    assert t["teams"]["name_en"].str.contains(r"^Shift [ABC] Team \d$").all()


def test_output_units(t):
    o = {r["output_unit"]: r["constant_price_yuan"] for r in t["output_units"].to_dicts()}
    assert o == {
        "bale_yarn": 1200.0,
        "hm_cloth": 45.0,
        "machine_part": 20.0,
        "mwh": 70.0,
        "t_ore": 35.0,
        "t_pig_iron": 150.0,
        "t_raw_coal": 16.0,
        "t_steel": 400.0,
    }
    row = t["output_units"].filter(pl.col("output_unit") == "t_raw_coal").to_dicts()[0]
    assert (row["name_zh"], row["name_en"]) == ("吨原煤", "tonne of raw coal")


def test_events(t):
    e = t["events"]

    def find(**kw):
        cond = pl.lit(True)
        for k, v in kw.items():
            cond = cond & (pl.col(k).is_null() if v is None else pl.col(k) == v)
        return e.filter(cond)

    conf = find(title_zh="中共中央中南局工矿工作会议", unit_id=None, bureau_en=None)
    assert conf.height == 1
    assert conf["kind"][0] == "conference"
    assert (conf["held_on"][0].year, conf["held_on"][0].month) == (1952, 8)
    region_launch = find(kind="launch", unit_id=None)
    assert region_launch.height == 1
    assert region_launch["held_on"][0].month == 1 and region_launch["held_on"][0].year == 1953
    for bureau in (
        "Central-South Coal Industry Administration Bureau",
        "Central-South Electricity Administration Bureau",
    ):
        ex = find(kind="experience_exchange", bureau_en=bureau, unit_id=None)
        assert ex.height == 1, bureau
        assert (ex["held_on"][0].year, ex["held_on"][0].month) == (1953, 2)
        assert "先进经验交流大会" in ex["title_zh"][0]
    li = find(kind="investigation", unit_id="wh-cotton-1")
    assert li.height == 1
    assert "李尔重" in li["title_zh"][0] and "Li Erzhong" in li["title_en"][0]
    assert (li["held_on"][0].year, li["held_on"][0].month) == (1953, 1)
    # one launch event per launched unit, on its launched_on
    launches = e.filter(pl.col("kind") == "launch", pl.col("unit_id").is_not_null())
    expected = t["units"].filter(pl.col("launched_on").is_not_null())
    got = launches.select("unit_id", pl.col("held_on").alias("launched_on")).sort("unit_id")
    assert got.equals(expected.select("unit_id", "launched_on").sort("unit_id"))


def test_daily_output_covers_every_team_every_day(t):
    d = t["daily_output"]
    assert d.height == t["teams"].height * 457
    per_team = d.group_by("team_id").agg(
        n=pl.len(), first=pl.col("day").min(), last=pl.col("day").max()
    )
    assert per_team.height == t["teams"].height
    assert (per_team["n"] == 457).all()
    assert (per_team["first"] == D(1952, 10, 1)).all()
    assert (per_team["last"] == D(1953, 12, 31)).all()
    baseline = d.filter(pl.col("day") <= BASE_END)
    assert baseline.height == t["teams"].height * 92
    assert baseline["worker_hours"].min() > 0


def test_plans(daily_x, teams_x):
    # given each team's factory plan in 1952 and 1953
    plans = daily_x.group_by("team_id").agg(
        p52=pl.col("plan_qty").filter(pl.col("day") < JAN1).unique(),
        p53=pl.col("plan_qty").filter(pl.col("day") >= JAN1).unique(),
        tp52=pl.col("team_plan_qty").filter(pl.col("day") < JAN1).drop_nulls().len(),
    )
    # expect one plan per team and year, the 1953 one about 8 % higher
    assert (plans["p52"].list.len() == 1).all() and (plans["p53"].list.len() == 1).all()
    p52, p53 = plans["p52"].list.first(), plans["p53"].list.first()
    # (machine-part plans are whole parts, the others are rounded to 0.01)
    assert (p53 - p52 * (1 + PLANTED["plan_1953_uplift"])).abs().max() <= 1.05
    assert 1.079 < p53.sum() / p52.sum() < 1.081
    # and about the expected 1952 output (actual / plan over the baseline quarter)
    base = daily_x.filter(pl.col("day") <= BASE_END)
    assert 0.97 < base["output_qty"].sum() / base["plan_qty"].sum() < 1.03
    # no team plan before 1953
    assert plans["tp52"].max() == 0
    # on the last day: ~85 % of teams that could have one have a team plan, ~65 % of those above
    last = daily_x.filter(pl.col("day") == D(1953, 12, 31)).join(
        teams_x.select("team_id", "launched_on"), on="team_id"
    )
    eligible = last.filter(
        (pl.col("launched_on").dt.month() == 1) | pl.col("joined_on").is_not_null()
    )
    has = eligible["team_plan_qty"].is_not_null()
    assert 0.80 < has.mean() < 0.90
    with_plan = eligible.filter(has)
    above = with_plan["team_plan_qty"] > with_plan["plan_qty"]
    assert 0.58 < above.mean() < 0.72
    over = (with_plan["team_plan_qty"] / with_plan["plan_qty"]).filter(above)
    assert over.min() > 1.015 and over.max() < 1.155
    # teams of units that launched after January have a team plan only from joined_on
    late = daily_x.join(teams_x.select("team_id", "launched_on"), on="team_id").filter(
        pl.col("launched_on").dt.month() != 1,
        pl.col("team_plan_qty").is_not_null(),
    )
    assert late.filter(
        pl.col("joined_on").is_null() | (pl.col("day") < pl.col("joined_on"))
    ).is_empty()


def test_quality_columns(daily_x):
    power = daily_x.filter(pl.col("industry") == "power")
    assert power["inspected_qty"].max() == 0 and power["rejected_qty"].max() == 0
    coal = daily_x.filter(pl.col("industry") == "coal")
    assert 0.29 < coal["inspected_qty"].sum() / coal["output_qty"].sum() < 0.31
    steel = daily_x.filter(pl.col("industry") == "iron_steel")
    assert (steel["inspected_qty"] == steel["output_qty"]).all()
    # base defect rates between 1 % and 4 % (gradual units, inspected output)
    gradual = daily_x.filter(~pl.col("rushed"), pl.col("industry") != "power")
    rates = gradual.group_by("industry").agg(
        r=pl.col("rejected_qty").sum() / pl.col("inspected_qty").sum()
    )
    assert rates["r"].min() > 0.01 and rates["r"].max() < 0.045


def test_rollout_from_point_to_area(t, teams_x):
    # given each launched unit's teams and their join days
    launched = teams_x.filter(pl.col("launched_on").is_not_null())
    idle = teams_x.filter(pl.col("launched_on").is_null())
    # expect no team of an unlaunched unit joined, and nobody joined before 1953
    assert idle["joined_on"].null_count() == idle.height
    assert launched["joined_on"].min() >= JAN1
    per_unit = launched.group_by("unit_id").agg(
        n=pl.len(),
        first=pl.col("joined_on").min(),
        launched_on=pl.col("launched_on").first(),
        in7=((pl.col("joined_on") - pl.col("launched_on")).dt.total_days() <= 6).sum(),
        joined=pl.col("joined_on").drop_nulls().sort(),
    )
    assert (per_unit["first"] == per_unit["launched_on"]).all()
    # exactly the 4 planted units rushed in: >= 80 % of teams within 7 days of launch
    rushed = per_unit.filter(pl.col("in7") >= 0.8 * pl.col("n"))
    assert sorted(rushed["unit_id"]) == sorted(PLANTED["rushed_units"])
    assert rushed.filter(pl.col("launched_on").dt.month() == 1).height >= 2
    # no gradual unit has more than half its joined teams join in any 8-day span
    for row in per_unit.filter(~pl.col("unit_id").is_in(rushed["unit_id"].to_list())).iter_rows(
        named=True
    ):
        days = row["joined"]
        most = max(sum(1 for x in days if d0 <= x <= d0 + dt.timedelta(days=7)) for d0 in days)
        assert most <= 0.5 * len(days), row["unit_id"]
        pilots = sum(1 for x in days if x == row["launched_on"])
        assert 1 <= pilots <= 2, row["unit_id"]
    # about 5 % of the teams of launched units never joined
    never = launched["joined_on"].null_count() / launched.height
    assert 0.02 < never < 0.10


def test_accidents(t, teams_x):
    a = t["accidents"].join(t["units"].select("unit_id", "industry"), on="unit_id")
    n = a.height
    assert 1000 < n < 2500
    injury = a.filter((pl.col("injured") > 0) | (pl.col("deaths") > 0))
    prop_only = a.filter((pl.col("injured") == 0) & (pl.col("deaths") == 0))
    # property-damage-only incidents: minor, nobody hurt, no lost days, ~5 %
    assert (prop_only["severity"] == "minor").all() and prop_only["lost_days"].max() == 0
    assert 0.03 < prop_only.height / n < 0.08
    shares = injury["severity"].value_counts(normalize=True)
    share = dict(zip(shares["severity"], shares["proportion"], strict=True))
    assert 0.80 < share["minor"] < 0.90
    assert 0.09 < share["serious"] < 0.18
    assert 0.01 < share["fatal"] < 0.05
    fatal = a.filter(pl.col("severity") == "fatal")
    assert fatal["deaths"].min() >= 1
    assert (fatal["lost_days"] >= 6000 * fatal["deaths"]).all()
    hurt = a.filter(pl.col("severity") != "fatal", pl.col("injured") > 0)
    assert hurt["deaths"].max() == 0
    minor = hurt.filter(pl.col("severity") == "minor")
    serious = hurt.filter(pl.col("severity") == "serious")
    assert (minor["lost_days"] >= minor["injured"]).all()
    assert (minor["lost_days"] <= 10 * minor["injured"]).all()
    assert (serious["injured"] >= 1).all()
    assert (serious["lost_days"] >= 20 * serious["injured"]).all()
    assert (serious["lost_days"] <= 90 * serious["injured"]).all()
    assert 2 <= hurt["injured"].max() <= 3
    # fatal accidents are more frequent among coal accidents
    coal_fatal = (injury.filter(pl.col("industry") == "coal")["severity"] == "fatal").mean()
    other_fatal = (injury.filter(pl.col("industry") != "coal")["severity"] == "fatal").mean()
    assert coal_fatal > other_fatal
    # ~10 % are unit-level
    assert 0.07 < a["team_id"].null_count() / n < 0.13
    # causes by industry: roof falls and gas only in mines
    assert set(a["cause"]) == {
        "roof_fall",
        "gas",
        "machinery",
        "electrical",
        "falling_object",
        "burn",
        "transport",
        "other",
    }
    assert a.filter(pl.col("cause").is_in(["roof_fall", "gas"]))["industry"].is_in(MINES).all()
    # bilingual descriptions
    assert a["description_zh"].str.contains("[\u4e00-\u9fff]").all()
    assert a["description_en"].str.contains("^[ -~]+$").all()
    assert a["occurred_on"].min() >= D(1952, 10, 1) and a["occurred_on"].max() <= D(1953, 12, 31)


def test_proposals_in_the_report_window(t):
    p = t["proposals"]
    window = p.filter(pl.col("submitted_on").is_between(D(1952, 8, 1), D(1953, 1, 30)))
    units = set(window["unit_id"])
    # exactly 12 units, Central China Iron and Steel and Pingxiang among them
    assert len(units) == 12
    assert {"hz-steel", "pingxiang"} <= units
    assert units == set(PLANTED["proposal_window_units"])
    # more than 6,900, fewer than 7,000
    assert 6900 < window.height < 7000
    assert window.height == PLANTED["proposal_window_total"]
    # all twelve are January launchers
    jan = t["units"].filter(
        pl.col("launched_on").dt.month() == 1, pl.col("launched_on").dt.year() == 1953
    )
    assert units <= set(jan["unit_id"])
    # nothing earlier than the window
    assert p["submitted_on"].min() == D(1952, 8, 1)
    # many solved key problems after adoption
    assert window["solves_key_problem"].sum() > 100


def test_proposals_after_the_window(t):
    p = t["proposals"]
    after = p.filter(pl.col("submitted_on") >= D(1953, 1, 31))
    assert 6000 <= after.height <= 10000
    assert p["submitted_on"].max() <= D(1953, 12, 31)
    per_unit = after.group_by("unit_id").len()
    launched = t["units"].filter(pl.col("launched_on").is_not_null())["unit_id"]
    counts = dict(zip(per_unit["unit_id"], per_unit["len"], strict=True))
    assert all(counts.get(u, 0) > 0 for u in launched)
    idle = t["units"].filter(pl.col("launched_on").is_null())["unit_id"]
    assert all(counts.get(u, 0) <= 15 for u in idle)


def test_proposal_statuses(t):
    p = t["proposals"]
    last = D(1953, 12, 31)
    decided = p.filter(pl.col("status") != "pending")
    lag = (decided["decided_on"] - decided["submitted_on"]).dt.total_days()
    assert lag.min() >= 3 and lag.max() <= 60
    assert decided["decided_on"].max() <= last
    accepted = decided.filter(pl.col("status").is_in(["adopted", "implemented"]))
    assert 0.55 < accepted.height / decided.height < 0.65
    impl = p.filter(pl.col("status") == "implemented")
    ilag = (impl["implemented_on"] - impl["decided_on"]).dt.total_days()
    assert ilag.min() >= 5 and ilag.max() <= 90
    assert impl["implemented_on"].max() <= last
    assert 0.45 < impl.height / accepted.height < 0.65
    # backlog: a few old proposals still pending
    old_pending = p.filter(pl.col("status") == "pending", pl.col("submitted_on") < D(1953, 10, 1))
    old = p.filter(pl.col("submitted_on") < D(1953, 10, 1))
    assert 0.015 < old_pending.height / old.height < 0.05
    # savings and key problems only for adopted/implemented
    others = p.filter(~pl.col("status").is_in(["adopted", "implemented"]))
    assert others["est_saving_yuan"].null_count() == others.height
    assert others["solves_key_problem"].sum() == 0
    est = accepted["est_saving_yuan"]
    assert 0.65 < est.is_not_null().mean() < 0.75
    assert est.min() >= 50 and est.max() <= 20000 and est.median() < est.mean()
    assert 0.06 < accepted["solves_key_problem"].mean() < 0.10
    # ~80 % name a team; all categories occur
    assert 0.77 < p["team_id"].is_not_null().mean() < 0.83
    assert set(p["category"]) == {
        "tooling",
        "process",
        "saving_materials",
        "quality",
        "safety",
        "equipment",
        "organization",
    }
    titles = p.select("category", "title_zh", "title_en").unique()
    assert titles.group_by("title_zh").agg(pl.col("title_en").n_unique())["title_en"].max() == 1


# ---------------------------------------------------------------------------------------------
# 3. The contract
# ---------------------------------------------------------------------------------------------


def test_contract_types_and_column_order(written, t):
    _, _, tables = written
    for table in contract.TABLES:
        assert tables[table.name].schema == pl.Schema(table.polars_schema), table.name
        # the Parquet file carries the contract types by itself
    daily = pl.read_parquet(written[0] / "daily_output.parquet")
    assert daily.schema == pl.Schema(contract.DAILY_OUTPUT.polars_schema)
    for table in contract.TABLES:
        if table.name != "daily_output":
            header = (written[0] / f"{table.name}.csv").read_text("utf-8").split("\n", 1)[0]
            assert header.split(",") == list(table.column_names), table.name


def test_contract_column_rules(t):
    for table in contract.TABLES:
        df = t[table.name]
        for c in table.columns:
            s = df[c.name]
            if not c.nullable:
                assert s.null_count() == 0, (table.name, c.name)
            v = s.drop_nulls()
            if c.allowed:
                assert set(v) <= set(c.allowed), (table.name, c.name)
            if c.minimum is not None and len(v):
                if c.exclusive_minimum:
                    assert v.min() > c.minimum, (table.name, c.name)
                else:
                    assert v.min() >= c.minimum, (table.name, c.name)
            if c.maximum is not None and len(v):
                assert v.max() <= c.maximum, (table.name, c.name)


def test_contract_keys_sorted_and_unique(t):
    for table in contract.TABLES:
        df = t[table.name]
        key = list(table.key)
        assert df.select(key).is_duplicated().sum() == 0, table.name
        assert df.equals(df.sort(key)), table.name


def test_contract_references(t):
    for table in contract.TABLES:
        for ref in table.references:
            child = t[table.name].select(ref.columns).drop_nulls()
            parent = t[ref.table].select(
                [pl.col(a).alias(b) for a, b in zip(ref.target, ref.columns, strict=True)]
            )
            missing = child.join(parent, on=list(ref.columns), how="anti")
            assert missing.is_empty(), (table.name, ref)


def test_contract_row_rules(t):
    for table in contract.TABLES:
        for rule in table.row_rules:
            broken = t[table.name].select(rule.broken.fill_null(False).alias("b"))["b"]
            assert broken.sum() == 0, (table.name, rule.name)


def test_contract_team_of_unit(t):
    team_unit = (
        t["teams"]
        .join(t["workshops"], on="workshop_id")
        .select("team_id", pl.col("unit_id").alias("team_unit"))
    )
    for name in ("accidents", "proposals"):
        df = (
            t[name]
            .filter(pl.col("team_id").is_not_null())
            .join(team_unit, on="team_id", how="left")
        )
        assert (df["unit_id"] == df["team_unit"]).all(), name


# ---------------------------------------------------------------------------------------------
# 4. Planted effects, seen in the raw data
# ---------------------------------------------------------------------------------------------


def test_joining_raises_productivity_by_the_planted_amount(daily_x):
    # given each team-day's productivity relative to the team's baseline quarter
    d = daily_x.with_columns(
        prod=pl.col("output_qty") / pl.col("worker_hours"),
        since=(pl.col("day") - pl.col("joined_on")).dt.total_days(),
    )
    base = (
        d.filter(pl.col("day") <= BASE_END)
        .group_by("team_id")
        .agg(b=pl.col("output_qty").sum() / pl.col("worker_hours").sum())
    )
    d = d.join(base, on="team_id").with_columns(r=pl.col("prod") / pl.col("b"))
    # and, for each day, the mean of the teams not (yet) in the campaign
    control = (
        d.filter(pl.col("since").is_null() | (pl.col("since") < 0))
        .group_by("day")
        .agg(c=pl.col("r").mean())
    )
    d = d.join(control, on="day").with_columns(rel=pl.col("r") / pl.col("c"))

    def mean_rel(lo, hi):
        return d.filter(pl.col("since").is_between(lo, hi))["rel"].mean()

    # expect no anticipation, a ramp, and the full effect from 8 weeks on
    effect = PLANTED["productivity_effect"]
    assert abs(mean_rel(-28, -1) - 1.0) < 0.01
    assert abs(mean_rel(0, 6) - 1.0) < 0.02
    assert abs(mean_rel(28, 34) - (1 + effect / 2)) < 0.015
    full = d.filter(pl.col("since") >= PLANTED["productivity_ramp_days"])["rel"].mean()
    assert abs(full - (1 + effect)) < 0.01


def test_rushed_units_double_their_defect_rate_gradual_units_do_not(daily_x):
    # given defect rates before and after each joined team's join day
    d = daily_x.filter(pl.col("joined_on").is_not_null(), pl.col("inspected_qty") > 0)
    rates = (
        d.with_columns(after=pl.col("day") >= pl.col("joined_on"))
        .group_by("rushed", "after")
        .agg(r=pl.col("rejected_qty").sum() / pl.col("inspected_qty").sum())
    )
    r = {(row["rushed"], row["after"]): row["r"] for row in rates.to_dicts()}
    rushed_ratio = r[True, True] / r[True, False]
    gradual_ratio = r[False, True] / r[False, False]
    # expect about x2.0 for rushed units and about x1.0 for gradual ones
    assert 1.7 < rushed_ratio < 2.3
    assert 0.93 < gradual_ratio < 1.07
    assert rushed_ratio > 1.6 * gradual_ratio


def test_rushed_units_triple_their_accident_rate_gradual_units_do_not(t, daily_x):
    # given injury accidents of named teams and worker-hours, before and after joining
    d = daily_x.filter(pl.col("joined_on").is_not_null()).with_columns(
        after=pl.col("day") >= pl.col("joined_on")
    )
    hours = d.group_by("rushed", "after").agg(h=pl.col("worker_hours").sum())
    acc = (
        t["accidents"]
        .filter(pl.col("team_id").is_not_null(), (pl.col("injured") + pl.col("deaths")) > 0)
        .join(
            d.select("team_id", "day", "rushed", "after"),
            left_on=["team_id", "occurred_on"],
            right_on=["team_id", "day"],
        )
        .group_by("rushed", "after")
        .len()
        .join(hours, on=["rushed", "after"])
        .with_columns(rate=pl.col("len") / pl.col("h") * 1e6)
    )
    r = {(row["rushed"], row["after"]): row["rate"] for row in acc.to_dicts()}
    rushed_ratio = r[True, True] / r[True, False]
    gradual_ratio = r[False, True] / r[False, False]
    # expect about x3 for rushed units (few accidents before: wide bounds), ~x1 for gradual
    assert 2.0 < rushed_ratio < 4.5
    assert 0.75 < gradual_ratio < 1.25
    assert rushed_ratio > 2 * gradual_ratio


def test_spring_festival_dip(t):
    by_day = (
        t["daily_output"]
        .group_by("day")
        .agg(
            h=pl.col("worker_hours").sum(), q=(pl.col("output_qty") / pl.col("worker_hours")).mean()
        )
    )
    fest = by_day.filter(pl.col("day").is_between(D(1953, 2, 11), D(1953, 2, 17)))
    near = by_day.filter(
        pl.col("day").is_between(D(1953, 2, 1), D(1953, 2, 7))
        | pl.col("day").is_between(D(1953, 2, 21), D(1953, 2, 27))
    )
    assert fest["h"].mean() < 0.8 * near["h"].mean()
    assert fest["q"].mean() < 0.95 * near["q"].mean()


# ---------------------------------------------------------------------------------------------
# Scale
# ---------------------------------------------------------------------------------------------


def test_scale_replicates_the_unit_population():
    # given the population generated twice over
    tables = gen.generate(scale=2)
    u = tables["units"]
    # expect every unit twice, the copies with the -s2 suffix, and the same per-unit facts
    assert u.height == 2 * 56
    copies = u.filter(pl.col("unit_id").str.ends_with("-s2"))
    assert copies.height == 56
    originals = u.filter(~pl.col("unit_id").str.ends_with("-s2"))
    facts = ["unit_id", "launched_on", "industry"]
    stripped = copies.with_columns(pl.col("unit_id").str.strip_suffix("-s2"))
    assert stripped.select(facts).sort("unit_id").equals(originals.select(facts).sort("unit_id"))
    assert u.filter(pl.col("launched_on").dt.month() == 1).height == 70
    for table in contract.TABLES:
        assert tables[table.name].select(list(table.key)).is_duplicated().sum() == 0
    p = tables["proposals"]
    window = p.filter(pl.col("submitted_on") <= D(1953, 1, 30))
    assert window.height == 2 * PLANTED["proposal_window_total"]
    assert window["unit_id"].n_unique() == 24


def test_planted_parameters_are_documented():
    readme = (SAMPLE / "README.md").read_text("utf-8")
    assert "NOT historical" in readme
    for needle in ("+12%", "8 weeks", "× 2.0", "× 3.0", "6,937", "6000"):
        assert needle in readme, needle
    assert PLANTED["productivity_effect"] == 0.12
    assert PLANTED["rushed_defect_multiplier"] == 2.0
    assert PLANTED["rushed_accident_multiplier"] == 3.0
    assert len(PLANTED["rushed_units"]) == 4
    assert len(PLANTED["proposal_window_units"]) == 12
