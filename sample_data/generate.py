"""Deterministic sample-data generator for the labor emulation dashboard.

The data are SYNTHETIC. They are modeled on the Xinhua report of 1953-01-30 about the labor
emulation campaign (劳动竞赛) in 35 state-owned and local state-owned factories and mines of the
Central-South region; they are not historical records. Unit names, places and bureaus are real
or plausible; every number is made up by the model below, with known effects planted in it
(see ``PLANTED``) so that the dashboard's analyses have something true to find.

    python sample_data/generate.py [--scale N] [--out DIR]

rewrites sample_data/*.csv and sample_data/daily_output.parquet. The same seed gives
byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import time
from pathlib import Path

import numpy as np
import polars as pl

from queries import contract

OUT_DIR = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------------------------

FIRST_DAY = dt.date(1952, 10, 1)
LAST_DAY = dt.date(1953, 12, 31)
N_DAYS = (LAST_DAY - FIRST_DAY).days + 1  # 457
YEAR_1953 = dt.date(1953, 1, 1)
SPRING_FESTIVAL = dt.date(1953, 2, 14)
PROPOSAL_WINDOW = (dt.date(1952, 8, 1), dt.date(1953, 1, 30))  # up to the report's date


def _off(d: dt.date) -> int:
    """Day offset from FIRST_DAY."""
    return (d - FIRST_DAY).days


@functools.cache
def _date(off: int) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=int(off))


# --------------------------------------------------------------------------------------------
# Planted effects and documented parameters (tests read these)
# --------------------------------------------------------------------------------------------

INDUSTRIES = ("coal", "power", "iron_steel", "nonferrous", "cotton_textile", "machinery")

PLANTED: dict = {
    "seed": 1953,
    "first_day": FIRST_DAY,
    "last_day": LAST_DAY,
    "n_days": N_DAYS,
    "baseline": (dt.date(1952, 10, 1), dt.date(1952, 12, 31)),
    # Units
    "n_units": 56,
    "january_launchers": 35,
    "later_launchers": 13,
    "not_launched": 8,
    "region_launch_day": dt.date(1953, 1, 5),
    # Rollout
    "rushed_units": ("gaokeng", "shenxin-4", "heshan", "gz-machinery"),
    "rushed_min_share_within_7_days": 0.80,
    "gradual_max_share_in_any_7_days": 0.50,
    "gradual_rollout_weeks": (4, 16),
    "pilot_teams": (1, 2),
    "never_joined_share": 0.05,  # of teams of launched units, approximately
    # Productivity: output per worker-hour
    "productivity_effect": 0.12,  # +12 % once fully ramped
    "productivity_ramp_days": 56,  # linear over the first 8 weeks after joined_on
    "productivity_anticipation": 0.0,  # no effect before joined_on
    "team_multiplier_log_sd": 0.15,
    "daily_noise_log_sd": 0.05,
    "secular_rise_per_month": 0.004,
    "spring_festival": SPRING_FESTIVAL,
    "festival_halfwidth_days": 3,
    "festival_productivity_factor": 0.90,
    "festival_hours_factor": 0.70,
    "hours_per_member_day": 8.0,
    "attendance_mean": 0.94,
    "attendance_sd": 0.04,
    "base_productivity": {  # output units per worker-hour, median team
        "t_raw_coal": 0.12,
        "mwh": 0.30,
        "t_pig_iron": 0.09,
        "t_steel": 0.06,
        "t_ore": 0.15,
        "bale_yarn": 0.015,
        "hm_cloth": 0.25,
        "machine_part": 0.45,
    },
    # Plans
    "plan_1953_uplift": 0.08,  # plan_qty from 1953-01-01 = 1.08 x the 1952 plan
    "team_plan_share": 0.85,
    "team_plan_exceed_share": 0.65,
    "team_plan_exceed_range": (0.02, 0.15),
    "team_plan_rule": (
        "teams of January launchers have their team plan from 1953-01-01 (discussed in the "
        "production reform); teams of later units from their joined_on; others none"
    ),
    # Quality
    "inspected_fraction": {
        "t_raw_coal": 0.30,
        "mwh": 0.0,  # electricity is not inspected: inspected_qty = rejected_qty = 0
        "t_pig_iron": 1.0,
        "t_steel": 1.0,
        "t_ore": 0.50,
        "bale_yarn": 1.0,
        "hm_cloth": 1.0,
        "machine_part": 1.0,
    },
    "defect_rate": {  # rejected / inspected
        "coal": 0.04,
        "power": 0.0,
        "iron_steel": 0.03,
        "nonferrous": 0.02,
        "cotton_textile": 0.015,
        "machinery": 0.035,
    },
    "rushed_defect_multiplier": 2.0,  # rushed units, team-days on/after joined_on
    "gradual_defect_multiplier": 1.0,
    # Accidents
    "accident_rate_per_million_hours": {  # injury accidents (minor, serious, fatal)
        "coal": 60.0,
        "nonferrous": 45.0,
        "iron_steel": 35.0,
        "machinery": 20.0,
        "power": 15.0,
        "cotton_textile": 8.0,
    },
    "rushed_accident_multiplier": 3.0,  # rushed units, team-days on/after joined_on
    "gradual_accident_multiplier": 1.0,
    "property_damage_share": 0.05,  # extra incidents: minor, 0 injured, 0 deaths, 0 lost days
    "unit_level_accident_share": 0.10,  # team_id null
    "severity_shares": {"minor": 0.85, "serious": 0.13, "fatal": 0.02},
    "severity_shares_coal": {"minor": 0.82, "serious": 0.14, "fatal": 0.04},
    "lost_days": {
        "minor": (1, 10),  # per injured person
        "serious": (20, 90),  # per injured person
        "fatal_per_death": 6000,  # the standard charge per death; injured add 20-90 each
    },
    # Proposals
    "proposal_window": PROPOSAL_WINDOW,
    "proposal_window_units": (
        "hz-steel",
        "pingxiang",
        "jiaozuo",
        "wh-cotton-1",
        "wh-cotton-2",
        "wh-power",
        "gz-power",
        "xikuangshan",
        "shuikoushan",
        "dajishan",
        "wh-machinery",
        "xiangtan-motor",
    ),
    "proposal_window_total": 6937,  # "more than 6,900"
    "proposal_rate_per_member_day": 0.0022,  # launched units, from max(launch, 1953-01-31)
    "proposal_rate_per_member_day_idle": 0.0001,  # units not (yet) launched
    "proposal_team_share": 0.80,
    "proposal_decision_days": (3, 60),
    "proposal_adopted_share": 0.60,  # of decided
    "proposal_implemented_share": 0.60,  # of adopted
    "proposal_implementation_days": (5, 90),
    "proposal_backlog_share": 0.03,  # would have been decided, still pending
    "proposal_saving_share": 0.70,  # of adopted/implemented with an estimate
    "proposal_saving_range": (50, 20000),
    "proposal_key_problem_share": 0.08,  # of adopted/implemented
    # Economic accounting (unit_costs, unit_funds, unit_staff): drawn from a random stream
    # of their own (ACCOUNTS_STREAM), so the tables above are the same with or without them.
    # Cost per 100 yuan of gross output value (1952 constant prices), median unit, and its
    # split over the cost items.
    "cost_per_100_yuan": {
        "coal": 62.0,
        "power": 40.0,
        "iron_steel": 72.0,
        "nonferrous": 60.0,
        "cotton_textile": 82.0,
        "machinery": 68.0,
    },
    "cost_item_shares": {  # materials, wages, fuel_power, overhead
        "coal": (0.25, 0.45, 0.15, 0.15),
        "power": (0.05, 0.15, 0.65, 0.15),
        "iron_steel": (0.55, 0.15, 0.20, 0.10),
        "nonferrous": (0.35, 0.35, 0.15, 0.15),
        "cotton_textile": (0.80, 0.08, 0.04, 0.08),
        "machinery": (0.50, 0.25, 0.08, 0.17),
    },
    "unit_cost_log_sd": 0.08,  # a unit's level against its industry's
    "monthly_cost_log_sd": 0.02,  # each item, each month
    # The planted effect on cost per unit of output, by months since the unit's launch month
    # (0 before it, 1/3 in it, 2/3 the month after, full from the second month after on):
    # falling in units rolled out from point to area, rising in those that rushed in.
    "cost_effect_gradual": -0.08,
    "cost_effect_rushed": 0.10,
    "cost_effect_ramp_months": 2,
    # The plan's cost: the unit's own pre-campaign level, 3 % lower in 1953, on planned output.
    "plan_cost_reduction_1953": 0.03,
    # Working capital: days of output value it ties up, by industry; verified funds from the
    # launch month on (the funds verified in the production reform), 90 % of the 1952 Q4
    # average capital; the capital employed falls 8 % once verified.
    "capital_days": {
        "coal": 35.0,
        "power": 30.0,
        "iron_steel": 55.0,
        "nonferrous": 50.0,
        "cotton_textile": 45.0,
        "machinery": 80.0,
    },
    "capital_log_sd": 0.04,
    "verified_funds_share": 0.90,
    "capital_after_verification": -0.08,
    # Staff: production workers are the unit's team members; management and administrative
    # staff per production worker and the levels of management fall with the production
    # reform, carried out in each unit in its launch month (units not launched keep theirs).
    "management_ratio_before": 0.18,
    "management_ratio_after": 0.11,
    "management_ratio_sd": 0.01,
    "management_levels_before": 5,
    "management_levels_after": 3,
}
ACCOUNTS_STREAM = 18  # the random stream of the economic-accounting tables

# --------------------------------------------------------------------------------------------
# Dimension data
# --------------------------------------------------------------------------------------------

BUREAUS: dict[str, tuple[str, str]] = {
    "coal": ("中南煤业管理局", "Central-South Coal Industry Administration Bureau"),
    "power": ("中南电业管理局", "Central-South Electricity Administration Bureau"),
    "textile": ("中南纺织管理局", "Central-South Textile Administration Bureau"),
    "heavy": ("中南重工业管理局", "Central-South Heavy Industry Administration Bureau"),
    "nonferrous": ("中南有色金属管理局", "Central-South Nonferrous Metals Administration Bureau"),
    "henan": ("河南省工业厅", "Henan Provincial Industry Department"),
    "hubei": ("湖北省工业厅", "Hubei Provincial Industry Department"),
    "hunan": ("湖南省工业厅", "Hunan Provincial Industry Department"),
    "jiangxi": ("江西省工业厅", "Jiangxi Provincial Industry Department"),
    "guangdong": ("广东省工业厅", "Guangdong Provincial Industry Department"),
    "guangxi": ("广西省工业厅", "Guangxi Provincial Industry Department"),
}

# (unit_id, name_zh, name_en, ownership, industry, bureau, province, city, lat, lon, size,
#  launched_on). size: L, M or S (workshops and teams per workshop). launched_on: ISO or None.
S, LS = "state", "local_state"
# fmt: off
UNITS_SPEC: tuple[tuple, ...] = (
    # coal
    ("pingxiang", "萍乡煤矿", "Pingxiang Coal Mine", S, "coal", "coal", "Jiangxi", "Pingxiang", 27.62, 113.85, "L", "1953-01-05"),
    ("gaokeng", "高坑煤矿", "Gaokeng Coal Mine", S, "coal", "coal", "Jiangxi", "Pingxiang", 27.58, 113.92, "M", "1953-01-12"),
    ("jiaozuo", "焦作煤矿", "Jiaozuo Coal Mine", S, "coal", "coal", "Henan", "Jiaozuo", 35.24, 113.24, "L", "1953-01-06"),
    ("yima", "义马煤矿", "Yima Coal Mine", S, "coal", "coal", "Henan", "Yima", 34.75, 111.87, "M", "1953-01-19"),
    ("tanjiashan", "谭家山煤矿", "Tanjiashan Coal Mine", S, "coal", "coal", "Hunan", "Xiangtan", 27.95, 112.80, "M", "1953-01-15"),
    ("zixing", "资兴煤矿", "Zixing Coal Mine", S, "coal", "coal", "Hunan", "Zixing", 25.98, 113.24, "M", "1953-01-24"),
    ("xiangyong", "湘永煤矿", "Xiangyong Coal Mine", S, "coal", "coal", "Hunan", "Yongxing", 26.13, 113.11, "S", "1953-04-13"),
    ("quren", "曲仁煤矿", "Quren Coal Mine", S, "coal", "coal", "Guangdong", "Shaoguan", 24.81, 113.60, "M", "1953-01-20"),
    ("heshan", "合山煤矿", "Heshan Coal Mine", LS, "coal", "guangxi", "Guangxi", "Heshan", 23.81, 108.89, "M", "1953-03-16"),
    ("xiwan", "西湾煤矿", "Xiwan Coal Mine", LS, "coal", "guangxi", "Guangxi", "Hezhou", 24.41, 111.57, "S", None),
    ("yuanhua", "源华煤矿", "Yuanhua Coal Mine", LS, "coal", "hubei", "Hubei", "Huangshi", 30.20, 115.04, "S", "1953-01-26"),
    ("lihua", "利华煤矿", "Lihua Coal Mine", LS, "coal", "hubei", "Hubei", "Huangshi", 30.22, 115.08, "S", "1953-05-18"),
    ("fengcheng", "丰城煤矿", "Fengcheng Coal Mine", LS, "coal", "jiangxi", "Jiangxi", "Fengcheng", 28.16, 115.77, "S", "1953-06-01"),
    ("mixian", "密县煤矿", "Mixian Coal Mine", LS, "coal", "henan", "Henan", "Mixian", 34.54, 113.39, "S", None),
    # power
    ("wh-power", "武汉发电厂", "Wuhan Power Plant", S, "power", "power", "Hubei", "Wuhan", 30.60, 114.28, "M", "1953-01-07"),
    ("gz-power", "广州发电厂", "Guangzhou Power Plant", S, "power", "power", "Guangdong", "Guangzhou", 23.13, 113.26, "M", "1953-01-08"),
    ("cs-power", "长沙电厂", "Changsha Power Plant", S, "power", "power", "Hunan", "Changsha", 28.23, 112.94, "S", "1953-01-13"),
    ("zz-power", "郑州发电厂", "Zhengzhou Power Plant", S, "power", "power", "Henan", "Zhengzhou", 34.75, 113.63, "S", "1953-01-21"),
    ("nc-power", "南昌发电厂", "Nanchang Power Plant", S, "power", "power", "Jiangxi", "Nanchang", 28.68, 115.86, "S", "1953-01-22"),
    ("daye-power", "大冶电厂", "Daye Power Plant", S, "power", "power", "Hubei", "Daye", 30.10, 114.98, "S", "1953-01-14"),
    ("xt-power", "湘潭电厂", "Xiangtan Power Plant", LS, "power", "hunan", "Hunan", "Xiangtan", 27.83, 112.94, "S", "1953-02-23"),
    ("gl-power", "桂林电厂", "Guilin Power Plant", LS, "power", "guangxi", "Guangxi", "Guilin", 25.27, 110.29, "S", "1953-07-06"),
    ("ly-power", "洛阳电厂", "Luoyang Power Plant", LS, "power", "henan", "Henan", "Luoyang", 34.62, 112.45, "S", "1953-06-22"),
    ("st-power", "汕头电厂", "Shantou Power Plant", LS, "power", "guangdong", "Guangdong", "Shantou", 23.35, 116.68, "S", "1953-08-03"),
    ("nn-power", "南宁电厂", "Nanning Power Plant", LS, "power", "guangxi", "Guangxi", "Nanning", 22.82, 108.32, "S", None),
    ("kf-power", "开封电厂", "Kaifeng Power Plant", LS, "power", "henan", "Henan", "Kaifeng", 34.80, 114.31, "S", None),
    # iron and steel
    ("hz-steel", "华中钢铁公司", "Central China Iron and Steel Company", S, "iron_steel", "heavy", "Hubei", "Daye", 30.10, 114.98, "L", "1953-01-05"),
    ("zhuzhou-iron", "株洲铁厂", "Zhuzhou Ironworks", LS, "iron_steel", "hunan", "Hunan", "Zhuzhou", 27.83, 113.13, "S", "1953-04-27"),
    ("anyang-iron", "安阳铁厂", "Anyang Ironworks", LS, "iron_steel", "henan", "Henan", "Anyang", 36.10, 114.39, "S", None),
    # nonferrous
    ("xikuangshan", "锡矿山锑矿", "Xikuangshan Antimony Mine", S, "nonferrous", "nonferrous", "Hunan", "Lengshuijiang", 27.69, 111.43, "L", "1953-01-09"),
    ("shuikoushan", "水口山铅锌矿", "Shuikoushan Lead-Zinc Mine", S, "nonferrous", "nonferrous", "Hunan", "Changning", 26.42, 112.40, "L", "1953-01-10"),
    ("dajishan", "大吉山钨矿", "Dajishan Tungsten Mine", S, "nonferrous", "nonferrous", "Jiangxi", "Quannan", 24.74, 114.53, "M", "1953-01-12"),
    ("xihuashan", "西华山钨矿", "Xihuashan Tungsten Mine", S, "nonferrous", "nonferrous", "Jiangxi", "Dayu", 25.40, 114.36, "M", "1953-01-16"),
    ("pangushan", "盘古山钨矿", "Pangushan Tungsten Mine", S, "nonferrous", "nonferrous", "Jiangxi", "Yudu", 25.95, 115.41, "M", "1953-01-23"),
    ("yaogangxian", "瑶岗仙钨矿", "Yaogangxian Tungsten Mine", S, "nonferrous", "nonferrous", "Hunan", "Yizhang", 25.40, 112.95, "S", "1953-01-27"),
    ("xiangtan-mn", "湘潭锰矿", "Xiangtan Manganese Mine", S, "nonferrous", "nonferrous", "Hunan", "Xiangtan", 27.86, 112.87, "M", "1953-01-19"),
    ("dachang", "大厂锡矿", "Dachang Tin Mine", S, "nonferrous", "nonferrous", "Guangxi", "Nandan", 24.98, 107.55, "M", "1953-01-27"),
    ("shirenzhang", "石人嶂钨矿", "Shirenzhang Tungsten Mine", S, "nonferrous", "nonferrous", "Guangdong", "Shixing", 24.95, 114.07, "S", "1953-09-07"),
    ("pinggui", "平桂锡矿", "Pinggui Tin Mine", LS, "nonferrous", "guangxi", "Guangxi", "Hezhou", 24.43, 111.52, "S", None),
    # cotton textile
    ("wh-cotton-1", "国营武汉第一纱厂", "State-owned Wuhan No. 1 Cotton Mill", S, "cotton_textile", "textile", "Hubei", "Wuhan", 30.55, 114.32, "L", "1953-01-06"),
    ("wh-cotton-2", "国营武汉第二纱厂", "State-owned Wuhan No. 2 Cotton Mill", S, "cotton_textile", "textile", "Hubei", "Wuhan", 30.56, 114.29, "M", "1953-01-13"),
    ("shashi-cotton", "国营沙市纱厂", "State-owned Shashi Cotton Mill", S, "cotton_textile", "textile", "Hubei", "Shashi", 30.32, 112.25, "M", "1953-01-20"),
    ("yuhua", "裕华纱厂", "Yuhua Cotton Mill", LS, "cotton_textile", "hubei", "Hubei", "Wuhan", 30.54, 114.31, "M", "1953-01-17"),
    ("shenxin-4", "申新第四纺织厂", "Shenxin No. 4 Textile Mill", LS, "cotton_textile", "hubei", "Hubei", "Wuhan", 30.57, 114.25, "M", "1953-01-19"),
    ("hunan-cotton-1", "湖南第一纱厂", "Hunan No. 1 Cotton Mill", LS, "cotton_textile", "hunan", "Hunan", "Changsha", 28.20, 112.97, "M", "1953-01-21"),
    ("yufeng", "豫丰纱厂", "Yufeng Cotton Mill", LS, "cotton_textile", "henan", "Henan", "Zhengzhou", 34.76, 113.66, "M", "1953-01-24"),
    ("gz-textile", "广州纺织厂", "Guangzhou Textile Mill", LS, "cotton_textile", "guangdong", "Guangdong", "Guangzhou", 23.11, 113.30, "M", "1953-01-28"),
    ("jx-textile", "江西纺织厂", "Jiangxi Textile Mill", LS, "cotton_textile", "jiangxi", "Jiangxi", "Nanchang", 28.66, 115.89, "S", "1953-05-04"),
    ("foshan-cotton", "佛山纱厂", "Foshan Cotton Mill", LS, "cotton_textile", "guangdong", "Guangdong", "Foshan", 23.02, 113.12, "S", None),
    # machinery
    ("wh-machinery", "武汉机器厂", "Wuhan Machinery Works", S, "machinery", "heavy", "Hubei", "Wuhan", 30.58, 114.27, "M", "1953-01-08"),
    ("xiangtan-motor", "湘潭电机厂", "Xiangtan Electrical Machinery Works", S, "machinery", "heavy", "Hunan", "Xiangtan", 27.85, 112.91, "M", "1953-01-14"),
    ("wuchang-ship", "武昌造船厂", "Wuchang Shipyard", S, "machinery", "heavy", "Hubei", "Wuhan", 30.56, 114.30, "M", "1953-01-22"),
    ("liuzhou-mach", "柳州机械厂", "Liuzhou Machinery Plant", LS, "machinery", "guangxi", "Guangxi", "Liuzhou", 24.33, 109.41, "S", "1953-01-26"),
    ("gz-machinery", "广州机器厂", "Guangzhou Machinery Works", LS, "machinery", "guangdong", "Guangdong", "Guangzhou", 23.12, 113.25, "M", "1953-03-09"),
    ("zz-machinery", "郑州机器厂", "Zhengzhou Machinery Works", LS, "machinery", "henan", "Henan", "Zhengzhou", 34.74, 113.62, "S", "1953-10-12"),
    ("jx-machinery", "江西机械厂", "Jiangxi Machinery Works", LS, "machinery", "jiangxi", "Jiangxi", "Nanchang", 28.69, 115.84, "S", None),
)
# fmt: on

# (workshops range, teams-per-workshop range), inclusive.
SIZES = {"L": ((4, 5), (5, 7)), "M": ((3, 4), (4, 6)), "S": ((2, 3), (3, 5))}

OUTPUT_UNITS: tuple[tuple[str, str, str, float], ...] = (
    ("bale_yarn", "件棉纱", "bale of cotton yarn", 1200.0),
    ("hm_cloth", "百米棉布", "100 m of cotton cloth", 45.0),
    ("machine_part", "件机件", "machine part", 20.0),
    ("mwh", "千度电", "MWh of electricity", 70.0),
    ("t_ore", "吨矿石", "tonne of ore", 35.0),
    ("t_pig_iron", "吨生铁", "tonne of pig iron", 150.0),
    ("t_raw_coal", "吨原煤", "tonne of raw coal", 16.0),
    ("t_steel", "吨钢", "tonne of steel", 400.0),
)

# Workshops by industry, in the order they are used: (zh, en, output_unit).
WORKSHOP_TEMPLATES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "coal": (
        ("采煤一区", "Coal Face No. 1", "t_raw_coal"),
        ("采煤二区", "Coal Face No. 2", "t_raw_coal"),
        ("掘进区", "Heading District", "t_raw_coal"),
        ("采煤三区", "Coal Face No. 3", "t_raw_coal"),
        ("运输区", "Haulage District", "t_raw_coal"),
    ),
    "power": (
        ("锅炉车间", "Boiler Shop", "mwh"),
        ("汽机车间", "Turbine Shop", "mwh"),
        ("电气车间", "Electrical Shop", "mwh"),
        ("燃料车间", "Fuel Shop", "mwh"),
        ("化学车间", "Water Treatment Shop", "mwh"),
    ),
    "iron_steel": (
        ("炼铁一车间", "Ironmaking Shop No. 1", "t_pig_iron"),
        ("炼钢车间", "Steelmaking Shop", "t_steel"),
        ("轧钢车间", "Rolling Shop", "t_steel"),
        ("炼铁二车间", "Ironmaking Shop No. 2", "t_pig_iron"),
        ("铸钢车间", "Steel Casting Shop", "t_steel"),
    ),
    "nonferrous": (
        ("一号坑口", "Pit No. 1", "t_ore"),
        ("二号坑口", "Pit No. 2", "t_ore"),
        ("选矿车间", "Ore Dressing Shop", "t_ore"),
        ("三号坑口", "Pit No. 3", "t_ore"),
        ("掘进工区", "Development District", "t_ore"),
    ),
    "cotton_textile": (
        ("细纱车间", "Spinning Shop", "bale_yarn"),
        ("织布车间", "Weaving Shop", "hm_cloth"),
        ("粗纱车间", "Roving Shop", "bale_yarn"),
        ("清花车间", "Blowing Room", "bale_yarn"),
        ("整理车间", "Finishing Shop", "hm_cloth"),
    ),
    "machinery": (
        ("金工车间", "Machining Shop", "machine_part"),
        ("铸工车间", "Foundry Shop", "machine_part"),
        ("锻工车间", "Forging Shop", "machine_part"),
        ("装配车间", "Assembly Shop", "machine_part"),
        ("工具车间", "Tool Shop", "machine_part"),
    ),
}
SHIFTS = (("甲", "A"), ("乙", "B"), ("丙", "C"))

# --------------------------------------------------------------------------------------------
# Text templates
# --------------------------------------------------------------------------------------------

CAUSE_WEIGHTS: dict[str, dict[str, float]] = {
    "coal": {
        "roof_fall": 0.35, "gas": 0.10, "transport": 0.20, "machinery": 0.12,
        "electrical": 0.06, "falling_object": 0.10, "burn": 0.02, "other": 0.05,
    },
    "nonferrous": {
        "roof_fall": 0.30, "gas": 0.02, "transport": 0.18, "machinery": 0.15,
        "electrical": 0.05, "falling_object": 0.15, "burn": 0.03, "other": 0.12,
    },
    "iron_steel": {
        "burn": 0.30, "machinery": 0.20, "falling_object": 0.20, "transport": 0.15,
        "electrical": 0.05, "other": 0.10,
    },
    "power": {
        "electrical": 0.35, "burn": 0.20, "machinery": 0.20, "falling_object": 0.10,
        "transport": 0.05, "other": 0.10,
    },
    "cotton_textile": {
        "machinery": 0.55, "falling_object": 0.10, "transport": 0.10, "burn": 0.05,
        "electrical": 0.05, "other": 0.15,
    },
    "machinery": {
        "machinery": 0.40, "falling_object": 0.20, "burn": 0.15, "transport": 0.10,
        "electrical": 0.07, "other": 0.08,
    },
}  # fmt: skip

CAUSE_NAMES = {
    "roof_fall": ("冒顶", "Roof fall"),
    "gas": ("瓦斯", "Gas"),
    "machinery": ("机械", "Machinery"),
    "electrical": ("触电", "Electrical"),
    "falling_object": ("物体打击", "Falling object"),
    "burn": ("烫伤", "Burn"),
    "transport": ("运输", "Haulage"),
    "other": ("其他", "Other"),
}

BODY_PARTS = (
    ("左腿", "left leg"),
    ("右腿", "right leg"),
    ("左手", "left hand"),
    ("右手", "right hand"),
    ("头部", "head"),
    ("脚部", "foot"),
    ("左臂", "left arm"),
    ("背部", "back"),
)

MACHINE = {
    "coal": ("绞车", "winch"),
    "nonferrous": ("凿岩机", "rock drill"),
    "iron_steel": ("轧机", "rolling mill"),
    "power": ("给煤机", "coal feeder"),
    "cotton_textile": ("细纱机", "spinning frame"),
    "machinery": ("车床", "lathe"),
}
HOT = {
    "coal": ("放炮火焰", "blasting flame"),
    "nonferrous": ("放炮火焰", "blasting flame"),
    "iron_steel": ("铁水", "molten iron"),
    "power": ("蒸汽", "steam"),
    "cotton_textile": ("蒸汽", "steam"),
    "machinery": ("铁水", "molten iron"),
}
MINES = ("coal", "nonferrous")

# fmt: off
# Injury templates: {w} = who, {p} = body part, {m} = machine, {h} = hot matter.
INJURY_TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    "roof_fall": (
        ("{w_zh}在回柱时被落石砸伤{p_zh}", "{w_en} was hit on the {p_en} by falling rock while withdrawing props"),
        ("{w_zh}在工作面被冒顶压伤{p_zh}", "{w_en} was injured on the {p_en} by a roof fall at the working face"),
    ),
    "gas": (
        ("{w_zh}在巷道内因瓦斯窒息昏倒", "{w_en} was overcome by gas in the roadway"),
        ("{w_zh}放炮后过早进入工作面，瓦斯中毒", "{w_en} entered the face too soon after blasting and was poisoned by gas"),
    ),
    "machinery": (
        ("{w_zh}在操作{m_zh}时被卷伤{p_zh}", "{w_en} had the {p_en} caught in the {m_en}"),
        ("{w_zh}检修{m_zh}时未停车，{p_zh}受伤", "{w_en} injured the {p_en} repairing the {m_en} without stopping it"),
    ),
    "electrical": (
        ("{w_zh}在检修线路时触电，{p_zh}烧伤", "{w_en} received an electric shock while repairing a line and burned the {p_en}"),
    ),
    "falling_object": (
        ("{w_zh}被高处坠落的工具砸伤{p_zh}", "{w_en} was hit on the {p_en} by a tool falling from above"),
        ("{w_zh}在吊运材料时被砸伤{p_zh}", "{w_en} was hit on the {p_en} while hoisting materials"),
    ),
    "burn": (("{w_zh}被{h_zh}烫伤{p_zh}", "{w_en} was burned on the {p_en} by {h_en}"),),
    "transport": (
        ("{w_zh}在推车时被矿车挤伤{p_zh}", "{w_en} had the {p_en} crushed by a mine car while pushing it"),
        ("{w_zh}在搬运原料时被手推车撞伤{p_zh}", "{w_en} was struck on the {p_en} by a handcart while carrying materials"),
    ),
    "other": (
        ("{w_zh}在工作中滑倒，扭伤{p_zh}", "{w_en} slipped at work and sprained the {p_en}"),
        ("{w_zh}搬运重物时扭伤{p_zh}", "{w_en} strained the {p_en} lifting a heavy load"),
    ),
}
PROPERTY_TEMPLATES: dict[str, tuple[str, str]] = {
    "roof_fall": ("{x_zh}巷道局部冒顶，损坏支架若干，无人员伤亡", "Partial roof fall in {x_en} broke several props; no one was hurt"),
    "gas": ("{x_zh}瓦斯超限，停工处理，无人员伤亡", "Gas above the limit in {x_en}, work stopped; no one was hurt"),
    "machinery": ("{x_zh}{m_zh}损坏，无人员伤亡", "The {m_en} of {x_en} broke down; no one was hurt"),
    "electrical": ("{x_zh}电线短路起火，无人员伤亡", "A short circuit started a fire in {x_en}; no one was hurt"),
    "falling_object": ("{x_zh}吊运物件坠落，损坏设备，无人员伤亡", "A hoisted load fell in {x_en} and damaged equipment; no one was hurt"),
    "burn": ("{x_zh}发生漏汽，停车检修，无人员伤亡", "A steam leak in {x_en} stopped work for repairs; no one was hurt"),
    "transport": ("{x_zh}车辆掉道，损坏轨道，无人员伤亡", "A car left the track in {x_en} and damaged it; no one was hurt"),
    "other": ("{x_zh}发生设备事故，无人员伤亡", "An equipment incident in {x_en}; no one was hurt"),
}
# fmt: on

# Proposal titles by category: (zh, en, industries or None for all).
PROPOSAL_TITLES: dict[str, tuple[tuple[str, str, tuple[str, ...] | None], ...]] = {
    "tooling": (
        ("改进风镐钎头", "Improve the pneumatic pick bit", ("coal",)),
        ("改制采煤铁锹", "Redesign the coal shovel", ("coal",)),
        ("改良回柱工具", "A better prop-withdrawing tool", ("coal", "nonferrous")),
        ("改进凿岩机钎头", "Improve the rock-drill bit", ("nonferrous",)),
        ("改制装矿铁耙", "Redesign the ore-loading rake", ("nonferrous",)),
        ("改进出铁口开口工具", "Improve the taphole-opening tool", ("iron_steel",)),
        ("改制钢锭夹钳", "Redesign the ingot tongs", ("iron_steel",)),
        ("改制锅炉清灰工具", "Make a better boiler soot-cleaning tool", ("power",)),
        ("改进接头工具", "Improve the yarn-piecing tool", ("cotton_textile",)),
        ("改制梭子", "Redesign the shuttle", ("cotton_textile",)),
        ("改进车刀角度", "Improve the lathe tool angle", ("machinery",)),
        ("设计专用夹具", "Design a special jig", ("machinery",)),
    ),
    "process": (
        ("推广快速掘进法", "Spread the fast heading method", ("coal", "nonferrous")),
        ("改进放炮方法", "Improve the blasting method", ("coal", "nonferrous")),
        ("改进选矿流程", "Improve the ore-dressing flow", ("nonferrous",)),
        ("缩短炼钢时间", "Shorten the steelmaking heat", ("iron_steel",)),
        ("改进高炉操作", "Improve blast-furnace operation", ("iron_steel",)),
        ("改进锅炉燃烧方法", "Improve boiler firing", ("power",)),
        ("推广郝建秀工作法", "Spread the Hao Jianxiu working method", ("cotton_textile",)),
        ("改进清花工序", "Improve the blowing process", ("cotton_textile",)),
        ("推广高速切削法", "Spread high-speed cutting", ("machinery",)),
        ("改进铸件造型方法", "Improve the moulding method", ("machinery",)),
        ("改进工序衔接", "Better hand-over between processes", None),
    ),
    "saving_materials": (
        ("节约坑木", "Save pit props", ("coal", "nonferrous")),
        ("回收废棉", "Recover waste cotton", ("cotton_textile",)),
        ("节约用煤", "Save coal", ("power", "iron_steel")),
        ("回收废钢铁", "Recover scrap iron and steel", ("iron_steel", "machinery")),
        ("节约润滑油", "Save lubricating oil", None),
        ("修旧利废", "Repair the old and reuse waste", None),
    ),
    "quality": (
        ("降低原煤含矸率", "Reduce waste rock in raw coal", ("coal",)),
        ("减少断头", "Reduce yarn breakages", ("cotton_textile",)),
        ("提高铸件合格率", "Raise the pass rate of castings", ("machinery",)),
        ("提高钢锭质量", "Improve ingot quality", ("iron_steel",)),
        ("提高精矿品位", "Raise the concentrate grade", ("nonferrous",)),
        ("稳定电压和周波", "Keep voltage and frequency steady", ("power",)),
        ("减少废品", "Reduce rejects", None),
        ("加强原料检验", "Tighten checks of raw materials", None),
    ),
    "safety": (
        ("加强顶板管理", "Strengthen roof control", ("coal", "nonferrous")),
        ("改进瓦斯检查制度", "Improve gas inspection rules", ("coal",)),
        ("改善工作面通风", "Improve face ventilation", ("coal", "nonferrous")),
        ("加装机器防护罩", "Fit machine guards", None),
        ("建立安全交接班制度", "Set up safe shift hand-over", None),
    ),
    "equipment": (
        ("改装绞车制动器", "Refit the winch brake", ("coal", "nonferrous")),
        ("改进锅炉给水设备", "Improve boiler feed-water equipment", ("power",)),
        ("改装细纱机牵伸装置", "Refit the spinning-frame drafting", ("cotton_textile",)),
        ("改装车床提高转速", "Refit lathes for higher speed", ("machinery",)),
        ("改进热风炉", "Improve the hot-blast stove", ("iron_steel",)),
        ("修复旧设备", "Restore idle old equipment", None),
    ),
    "organization": (
        ("改进劳动组织", "Improve labor organization", None),
        ("实行计划管理到小组", "Plan management down to the team", None),
        ("改进交接班制度", "Improve shift hand-over", None),
        ("合理调配工种", "Rebalance trades within the team", None),
    ),
}
CATEGORY_WEIGHTS = {
    "tooling": 0.20,
    "process": 0.22,
    "saving_materials": 0.18,
    "quality": 0.12,
    "safety": 0.12,
    "equipment": 0.10,
    "organization": 0.06,
}

# --------------------------------------------------------------------------------------------
# Population
# --------------------------------------------------------------------------------------------


def _window_ok(offsets: list[int], limit_share: float) -> bool:
    """No 8-day span [d, d+7] holds more than limit_share of the joined teams."""
    if not offsets:
        return True
    xs = np.sort(np.asarray(offsets))
    right = np.searchsorted(xs, xs + 7, side="right")
    return int((right - np.arange(len(xs))).max()) <= limit_share * len(xs)


def _schedule(rng, launch: int, ws_teams: list[list[int]], rushed: bool) -> dict[int, int | None]:
    """Join day offsets for the teams of one launched unit (None: not joined by the end)."""
    last = N_DAYS - 1
    m = len(ws_teams)
    order = [int(i) for i in rng.permutation(m)]
    first = ws_teams[order[0]]
    n_pilot = int(rng.integers(1, 3))
    pilots = [first[int(i)] for i in rng.permutation(len(first))[:n_pilot]]
    rest = [t for ws in ws_teams for t in ws if t not in pilots]
    lag_p = 0.03 if rushed else 0.04
    laggard = {t: bool(rng.random() < lag_p) for t in rest}
    dates: dict[int, int | None] = {t: launch for t in pilots}
    if rushed:
        for t in rest:
            dates[t] = None if laggard[t] else launch + int(rng.integers(0, 7))
        return dates
    weeks = int(rng.integers(4, 17))
    for _attempt in range(200):
        slot = weeks * 7 / m
        trial: dict[int, int | None] = dict(dates)
        for pos, w in enumerate(order):
            teams_w = [t for t in ws_teams[w] if t not in pilots]
            k = len(teams_w)
            for j, i in enumerate(rng.permutation(k)):
                t = teams_w[int(i)]
                off = pos * slot + (j + rng.uniform(0.15, 0.85)) * slot / k
                d = launch + max(1, round(off))
                trial[t] = None if laggard[t] or d > last else d
        joined = [d for d in trial.values() if d is not None]
        if _window_ok(joined, PLANTED["gradual_max_share_in_any_7_days"]):
            return trial
        weeks = min(16, weeks + 1)
    raise RuntimeError("could not spread the rollout")  # pragma: no cover


def _replica(k: int, seed: int) -> dict:
    """One copy of the unit population with everything that hangs off it."""
    rng = np.random.default_rng([seed, k])
    sfx = "" if k == 1 else f"-s{k}"
    units, workshops, teams = [], [], []
    for spec in UNITS_SPEC:
        uid, zh, en, own, ind, bureau, prov, city, lat, lon, size, launch = spec
        launched = dt.date.fromisoformat(launch) if launch else None
        bzh, ben = BUREAUS[bureau]
        units.append(
            {
                "unit_id": uid + sfx,
                "name_zh": zh if k == 1 else f"{zh}（副本{k}）",
                "name_en": en if k == 1 else f"{en} (copy {k})",
                "ownership": own,
                "industry": ind,
                "bureau_zh": bzh,
                "bureau_en": ben,
                "province": prov,
                "city": city,
                "latitude": lat,
                "longitude": lon,
                "launched_on": launched,
                "_base_id": uid,
                "_rushed": uid in PLANTED["rushed_units"],
            }
        )
        (w_lo, w_hi), (t_lo, t_hi) = SIZES[size]
        n_ws = int(rng.integers(w_lo, w_hi + 1))
        ws_teams: list[list[int]] = []
        for wi in range(n_ws):
            wzh, wen, ou = WORKSHOP_TEMPLATES[ind][wi]
            wid = f"{uid}{sfx}-w{wi + 1}"
            workshops.append(
                {"workshop_id": wid, "unit_id": uid + sfx, "name_zh": wzh, "name_en": wen}
            )
            idx = []
            for ti in range(int(rng.integers(t_lo, t_hi + 1))):
                szh, sen = SHIFTS[ti % 3]
                num = ti // 3 + 1
                idx.append(len(teams))
                teams.append(
                    {
                        "team_id": f"{wid}-t{ti + 1}",
                        "workshop_id": wid,
                        "name_zh": f"{szh}班第{num}组",
                        "name_en": f"Shift {sen} Team {num}",
                        "members": int(rng.integers(6, 21)),
                        "output_unit": ou,
                        "joined_on": None,
                        "_unit": len(units) - 1,
                        "_ws_zh": wzh,
                        "_ws_en": wen,
                        "_industry": ind,
                    }
                )
            ws_teams.append(idx)
        if launched is not None:
            sched = _schedule(rng, _off(launched), ws_teams, units[-1]["_rushed"])
            for t, d in sched.items():
                teams[t]["joined_on"] = None if d is None else _date(d)
    return {"rng": rng, "units": units, "workshops": workshops, "teams": teams, "k": k}


# --------------------------------------------------------------------------------------------
# Daily output, accidents
# --------------------------------------------------------------------------------------------


def _calendar() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(productivity factor, hours factor, day offsets) per day."""
    off = np.arange(N_DAYS)
    months = off / 30.4375
    prod = 1.0 + PLANTED["secular_rise_per_month"] * months
    sf = _off(SPRING_FESTIVAL)
    hw = PLANTED["festival_halfwidth_days"]
    fest = np.abs(off - sf) <= hw
    prod = np.where(fest, prod * PLANTED["festival_productivity_factor"], prod)
    hours = np.where(fest, PLANTED["festival_hours_factor"], 1.0)
    return prod, hours, off


def _daily(rep: dict) -> tuple[pl.DataFrame, list[dict]]:
    rng = rep["rng"]
    units, teams = rep["units"], rep["teams"]
    n = len(teams)
    cal_prod, cal_hours, off = _calendar()
    members = np.array([t["members"] for t in teams], dtype=float)
    ou = [t["output_unit"] for t in teams]
    ind = [t["_industry"] for t in teams]
    join = np.array([_off(t["joined_on"]) if t["joined_on"] else 10**6 for t in teams], dtype=float)
    rushed = np.array([units[t["_unit"]]["_rushed"] for t in teams])
    base = np.array([PLANTED["base_productivity"][u] for u in ou])
    team_mult = np.exp(rng.normal(0.0, PLANTED["team_multiplier_log_sd"], n))
    prod_team = base * team_mult

    # Hours
    hpd = PLANTED["hours_per_member_day"]
    att = rng.normal(PLANTED["attendance_mean"], PLANTED["attendance_sd"], (n, N_DAYS))
    att = np.clip(att, 0.75, 1.05)
    hours = np.round(members[:, None] * hpd * att * cal_hours[None, :], 1)

    # Campaign effect: 0 before joined_on, linear ramp to +12 % over 56 days, then flat.
    since = off[None, :] - join[:, None]
    ramp = np.clip(since / PLANTED["productivity_ramp_days"], 0.0, 1.0)
    effect = 1.0 + PLANTED["productivity_effect"] * np.where(since >= 0, ramp, 0.0)
    noise = np.exp(rng.normal(0.0, PLANTED["daily_noise_log_sd"], (n, N_DAYS)))
    output = prod_team[:, None] * cal_prod[None, :] * effect * noise * hours
    is_part = np.array([u == "machine_part" for u in ou])
    output = np.where(is_part[:, None], np.round(output), np.round(output, 2))

    # Plans
    plan52 = prod_team * members * hpd * PLANTED["attendance_mean"]
    plan53 = plan52 * (1 + PLANTED["plan_1953_uplift"])
    plan52 = np.where(is_part, np.round(plan52), np.round(plan52, 2))
    plan53 = np.where(is_part, np.round(plan53), np.round(plan53, 2))
    y53 = off >= _off(YEAR_1953)
    plan = np.where(y53[None, :], plan53[:, None], plan52[:, None])

    # Team plans
    has_plan = rng.random(n) < PLANTED["team_plan_share"]
    exceeds = rng.random(n) < PLANTED["team_plan_exceed_share"]
    lo, hi = PLANTED["team_plan_exceed_range"]
    up = rng.uniform(lo, hi, n)
    below = np.where(rng.random(n) < 1 / 3, 1.0, rng.uniform(0.93, 0.995, n))
    ratio = np.where(exceeds, 1 + up, below)
    start = np.full(n, 10**6, dtype=float)
    for i, t in enumerate(teams):
        launched = units[t["_unit"]]["launched_on"]
        if launched is not None and launched.month == 1 and launched.year == 1953:
            start[i] = _off(YEAR_1953)
        elif t["joined_on"] is not None:
            start[i] = _off(t["joined_on"])
    start = np.where(has_plan, start, 10**6)
    tplan_val = np.where(is_part, np.round(plan53 * ratio), np.round(plan53 * ratio, 2))
    tplan = np.where(off[None, :] >= start[:, None], tplan_val[:, None], np.nan)

    # Quality
    frac = np.array([PLANTED["inspected_fraction"][u] for u in ou])
    inspected = np.where(is_part[:, None], output, np.round(output * frac[:, None], 2))
    after = since >= 0
    dmult = np.where(rushed[:, None] & after, PLANTED["rushed_defect_multiplier"], 1.0)
    p = np.array([PLANTED["defect_rate"][i] for i in ind])[:, None] * dmult
    cont = np.round(inspected * p * rng.gamma(4.0, 0.25, (n, N_DAYS)), 2)
    parts = rng.binomial(np.where(is_part[:, None], inspected, 0).astype(np.int64), p)
    rejected = np.minimum(np.where(is_part[:, None], parts.astype(float), cont), inspected)

    # Accidents: Poisson per team-day on worker-hours.
    rate = np.array([PLANTED["accident_rate_per_million_hours"][i] for i in ind])[:, None]
    amult = np.where(rushed[:, None] & after, PLANTED["rushed_accident_multiplier"], 1.0)
    lam = rate * amult * hours / 1e6
    pd_share = PLANTED["property_damage_share"]
    n_inj = rng.poisson(lam)
    n_pd = rng.poisson(lam * pd_share / (1 - pd_share))
    accidents = _accidents(rng, rep, n_inj, n_pd)

    team_ids = pl.Series("team_id", [t["team_id"] for t in teams])
    days = pl.date_range(FIRST_DAY, LAST_DAY, "1d", eager=True)
    frame = pl.DataFrame(
        {
            "team_id": team_ids.gather(np.repeat(np.arange(n), N_DAYS)),
            "day": days.gather(np.tile(np.arange(N_DAYS), n)),
            "output_qty": output.ravel(),
            "plan_qty": plan.ravel(),
            "team_plan_qty": tplan.ravel(),
            "worker_hours": hours.ravel(),
            "inspected_qty": inspected.ravel(),
            "rejected_qty": rejected.ravel(),
        }
    ).with_columns(pl.col("team_plan_qty").fill_nan(None))
    return frame, accidents


def _pick(rng, weights: dict[str, float]) -> str:
    keys = list(weights)
    w = np.array([weights[k] for k in keys])
    return keys[int(rng.choice(len(keys), p=w / w.sum()))]


def _accidents(rng, rep: dict, n_inj: np.ndarray, n_pd: np.ndarray) -> list[dict]:
    units, teams = rep["units"], rep["teams"]
    out: list[dict] = []
    events = [
        (d, t, False) for t, d in zip(*np.nonzero(n_inj), strict=True) for _ in range(n_inj[t, d])
    ]
    events += [
        (d, t, True) for t, d in zip(*np.nonzero(n_pd), strict=True) for _ in range(n_pd[t, d])
    ]
    events.sort()
    for d, t, prop_only in events:
        team = teams[int(t)]
        unit = units[team["_unit"]]
        ind = team["_industry"]
        unit_level = rng.random() < PLANTED["unit_level_accident_share"]
        cause = _pick(rng, CAUSE_WEIGHTS[ind])
        if unit_level:
            place_zh, place_en = team["_ws_zh"], team["_ws_en"]
        else:
            place_zh = team["_ws_zh"] + team["name_zh"]
            place_en = f"{team['_ws_en']} {team['name_en']}"
        m_zh, m_en = MACHINE[ind]
        h_zh, h_en = HOT[ind]
        if prop_only:
            severity, injured, deaths, lost = "minor", 0, 0, 0
            zh, en = PROPERTY_TEMPLATES[cause]
            fill = {"x_zh": place_zh, "x_en": place_en, "m_zh": m_zh, "m_en": m_en}
            desc_zh, desc_en = zh.format(**fill), en.format(**fill)
        else:
            shares = PLANTED["severity_shares_coal" if ind == "coal" else "severity_shares"]
            severity = _pick(rng, shares)
            lo_d = PLANTED["lost_days"]
            if severity == "fatal":
                deaths = int(rng.choice([1, 2, 3], p=[0.90, 0.07, 0.03]))
                injured = int(rng.choice([0, 1, 2, 3], p=[0.60, 0.25, 0.10, 0.05]))
                lost = deaths * lo_d["fatal_per_death"] + int(
                    rng.integers(lo_d["serious"][0], lo_d["serious"][1] + 1, injured).sum()
                )
                czh, cen = CAUSE_NAMES[cause]
                desc_zh = f"{place_zh}发生{czh}事故，死亡{deaths}人"
                desc_en = f"{cen} accident in {place_en}: {deaths} killed"
                if injured:
                    desc_zh += f"，受伤{injured}人"
                    desc_en += f", {injured} injured"
            else:
                deaths = 0
                injured = int(rng.choice([1, 2, 3], p=[0.85, 0.10, 0.05]))
                a, b = lo_d[severity]
                lost = int(rng.integers(a, b + 1, injured).sum())
                templates = INJURY_TEMPLATES[cause]
                if cause == "transport":
                    templates = templates[:1] if ind in MINES else templates[1:]
                zh, en = templates[int(rng.integers(len(templates)))]
                parts = [b for b in BODY_PARTS if cause != "other" or b[1] != "head"]
                p_zh, p_en = parts[int(rng.integers(len(parts)))]
                fill = {
                    "w_zh": f"{place_zh}工人",
                    "w_en": f"A worker of {place_en}",
                    "p_zh": p_zh,
                    "p_en": p_en,
                    "m_zh": m_zh,
                    "m_en": m_en,
                    "h_zh": h_zh,
                    "h_en": h_en,
                }
                desc_zh, desc_en = zh.format(**fill), en.format(**fill)
                if injured > 1:
                    desc_zh += f"（共{injured}人受伤）"
                    desc_en += f" ({injured} injured)"
        out.append(
            {
                "occurred_on": _date(int(d)),
                "unit_id": unit["unit_id"],
                "team_id": None if unit_level else team["team_id"],
                "severity": severity,
                "injured": injured,
                "deaths": deaths,
                "lost_days": lost,
                "cause": cause,
                "description_zh": desc_zh,
                "description_en": desc_en,
            }
        )
    return out


# --------------------------------------------------------------------------------------------
# Proposals, events
# --------------------------------------------------------------------------------------------


def _proposals(rep: dict) -> list[dict]:
    rng = rep["rng"]
    units, teams = rep["units"], rep["teams"]
    unit_teams: list[list[int]] = [[] for _ in units]
    for i, t in enumerate(teams):
        unit_teams[t["_unit"]].append(i)
    unit_members = [sum(teams[i]["members"] for i in ts) for ts in unit_teams]
    by_base = {u["_base_id"]: j for j, u in enumerate(units)}

    raw: list[tuple[int, int]] = []  # (unit index, submitted day offset; may be < 0)
    # The report window: exactly these units, exactly this many proposals.
    w0, w1 = PROPOSAL_WINDOW
    lo, hi = _off(w0), _off(w1)
    span = np.arange(lo, hi + 1)
    weight = (span - lo + 20.0) * np.where(span >= _off(dt.date(1952, 12, 1)), 1.5, 1.0)
    weight = weight / weight.sum()
    win_units = [by_base[u] for u in PLANTED["proposal_window_units"]]
    shares = np.array([unit_members[j] for j in win_units], dtype=float)
    counts = rng.multinomial(PLANTED["proposal_window_total"], shares / shares.sum())
    for j, c in zip(win_units, counts, strict=True):
        raw += [(j, int(d)) for d in rng.choice(span, size=int(c), p=weight)]
    # After the window: launched units at the full rate from launch, others a few.
    start = _off(w1) + 1
    for j, u in enumerate(units):
        launch = _off(u["launched_on"]) if u["launched_on"] else N_DAYS
        active_from = max(start, launch)
        segs = (
            (start, active_from, PLANTED["proposal_rate_per_member_day_idle"]),
            (active_from, N_DAYS, PLANTED["proposal_rate_per_member_day"]),
        )
        for a, b, r in segs:
            if b > a:
                c = int(rng.poisson(r * unit_members[j] * (b - a)))
                raw += [(j, int(d)) for d in rng.integers(a, b, c)]
    raw.sort(key=lambda x: (x[1], x[0]))

    last = N_DAYS - 1
    n = len(raw)
    cats = list(CATEGORY_WEIGHTS)
    cw = np.array([CATEGORY_WEIGHTS[c] for c in cats])
    # All per-proposal draws at once (fast), then one pass to assemble the rows.
    named = rng.random(n) < PLANTED["proposal_team_share"]
    team_u = rng.random(n)
    cat_i = rng.choice(len(cats), size=n, p=cw / cw.sum())
    title_u = rng.random(n)
    a, b = PLANTED["proposal_decision_days"]
    decide_lag = rng.integers(a, b + 1, n)
    backlog = rng.random(n) < PLANTED["proposal_backlog_share"]
    adopted = rng.random(n) < PLANTED["proposal_adopted_share"]
    implement = rng.random(n) < PLANTED["proposal_implemented_share"]
    a, b = PLANTED["proposal_implementation_days"]
    impl_lag = rng.integers(a, b + 1, n)
    has_saving = rng.random(n) < PLANTED["proposal_saving_share"]
    s_lo, s_hi = PLANTED["proposal_saving_range"]
    saving = np.clip(np.round(rng.lognormal(np.log(600.0), 1.2, n)), s_lo, s_hi)
    key = rng.random(n) < PLANTED["proposal_key_problem_share"]
    # members-weighted team choice: cumulative member counts per unit
    cum = [np.cumsum([teams[i]["members"] for i in ts]) for ts in unit_teams]
    titles = {
        (cat, u["industry"]): [
            t for t in PROPOSAL_TITLES[cat] if t[2] is None or u["industry"] in t[2]
        ]
        for cat in cats
        for u in units
    }
    out = []
    for x, (j, d) in enumerate(raw):
        u = units[j]
        team_id = None
        if named[x]:
            pick = int(np.searchsorted(cum[j], team_u[x] * cum[j][-1], side="right"))
            team_id = teams[unit_teams[j][pick]]["team_id"]
        cat = cats[int(cat_i[x])]
        options = titles[cat, u["industry"]]
        tzh, ten, _ = options[int(title_u[x] * len(options))]
        decided = d + int(decide_lag[x])
        impl = decided + int(impl_lag[x])
        decided_on = implemented_on = est = None
        if decided > last or backlog[x]:
            status = "pending"
        else:
            decided_on = _date(decided)
            if not adopted[x]:
                status = "rejected"
            else:
                status = "implemented" if implement[x] and impl <= last else "adopted"
                if status == "implemented":
                    implemented_on = _date(impl)
                est = float(saving[x]) if has_saving[x] else None
        out.append(
            {
                "unit_id": u["unit_id"],
                "team_id": team_id,
                "submitted_on": _date(d),
                "category": cat,
                "title_zh": tzh,
                "title_en": ten,
                "status": status,
                "decided_on": decided_on,
                "implemented_on": implemented_on,
                "est_saving_yuan": est,
                "solves_key_problem": bool(key[x] and status in ("adopted", "implemented")),
            }
        )
    return out


# fmt: off
REGION_EVENTS: tuple[tuple[str, str | None, str | None, str, str, str], ...] = (
    # (held_on, base unit_id, bureau key, kind, title_zh, title_en)
    ("1952-08-11", None, None, "conference", "中共中央中南局工矿工作会议",
     "Industrial and mining work conference of the Central-South Bureau of the CPC Central Committee"),
    ("1953-01-05", None, None, "launch", "中南区国营和地方国营厂矿开展劳动竞赛",
     "State-owned and local state-owned factories and mines of the Central-South region launch the labor emulation campaign"),
    ("1953-01-20", "wh-cotton-1", None, "investigation", "中共武汉市委第一副书记李尔重深入国营武汉第一纱厂调查研究",
     "Li Erzhong, First Deputy Secretary of the CPC Wuhan Municipal Committee, investigates at the State-owned Wuhan No. 1 Cotton Mill"),
    ("1953-02-21", None, "coal", "experience_exchange", "中南煤业管理局先进经验交流大会",
     "Central-South Coal Industry Administration Bureau advanced-experience exchange conference"),
    ("1953-02-26", None, "power", "experience_exchange", "中南电业管理局先进经验交流大会",
     "Central-South Electricity Administration Bureau advanced-experience exchange conference"),
    ("1953-02-10", "gaokeng", None, "investigation", "中南煤业管理局工作组到高坑煤矿检查事故增多问题",
     "A Coal Industry Administration Bureau work team investigates the rise in accidents at Gaokeng Coal Mine"),
    ("1953-04-20", None, "textile", "experience_exchange", "中南纺织管理局先进经验交流大会",
     "Central-South Textile Administration Bureau advanced-experience exchange conference"),
    ("1953-12-20", None, None, "conference", "中南区厂矿劳动竞赛总结大会",
     "Central-South region conference reviewing the labor emulation campaign in factories and mines"),
)
# fmt: on


def _events(reps: list[dict]) -> list[dict]:
    out = []
    for held, base, bureau, kind, zh, en in REGION_EVENTS:
        for rep in reps if base else reps[:1]:
            sfx = "" if rep["k"] == 1 else f"-s{rep['k']}"
            out.append(
                {
                    "held_on": dt.date.fromisoformat(held),
                    "unit_id": base + sfx if base else None,
                    "bureau_en": BUREAUS[bureau][1] if bureau else None,
                    "kind": kind,
                    "title_zh": zh,
                    "title_en": en,
                }
            )
    for rep in reps:
        for u in rep["units"]:
            if u["launched_on"] is not None:
                out.append(
                    {
                        "held_on": u["launched_on"],
                        "unit_id": u["unit_id"],
                        "bureau_en": None,
                        "kind": "launch",
                        "title_zh": f"{u['name_zh']}开展劳动竞赛",
                        "title_en": f"{u['name_en']} launches the labor emulation campaign",
                    }
                )
    out.sort(key=lambda e: (e["held_on"], e["unit_id"] or "", e["kind"]))
    return out


# --------------------------------------------------------------------------------------------
# Economic accounting: costs, working capital, staff
# --------------------------------------------------------------------------------------------


def _unit_months(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Gross output value and planned output value (1952 constant prices) per unit and
    month, from the generated daily output: what costs are drawn on."""
    price = tables["output_units"].select("output_unit", "constant_price_yuan")
    team_unit = (
        tables["teams"]
        .join(tables["workshops"].select("workshop_id", "unit_id"), on="workshop_id")
        .join(price, on="output_unit")
        .select("team_id", "unit_id", "constant_price_yuan")
    )
    return (
        tables["daily_output"]
        .join(team_unit, on="team_id")
        .group_by("unit_id", month=pl.col("day").dt.truncate("1mo"))
        .agg(
            output_value=(pl.col("output_qty") * pl.col("constant_price_yuan")).sum(),
            plan_value=(pl.col("plan_qty") * pl.col("constant_price_yuan")).sum(),
        )
        .sort("unit_id", "month")
    )


def _accounts(reps: list[dict], tables: dict[str, pl.DataFrame], seed: int) -> dict:
    """unit_costs, unit_funds and unit_staff for every unit and month of the data, with the
    planted effects of PLANTED (cost per unit of output after launch, the reform's staff)."""
    rng = np.random.default_rng([seed, ACCOUNTS_STREAM])
    values = _unit_months(tables)
    months = values["month"].unique().sort().to_list()
    by_key = {(u, m): (v, pv) for u, m, v, pv in values.iter_rows()}
    members = (
        tables["teams"]
        .join(tables["workshops"].select("workshop_id", "unit_id"), on="workshop_id")
        .group_by("unit_id")
        .agg(pl.col("members").sum())
    )
    workers = dict(members.iter_rows())
    units = sorted((u for rep in reps for u in rep["units"]), key=lambda u: u["unit_id"])
    costs, funds, staff = [], [], []
    for u in units:
        uid, ind = u["unit_id"], u["industry"]
        launched = u["launched_on"]
        launch_m = None if launched is None else dt.date(launched.year, launched.month, 1)
        effect = PLANTED["cost_effect_rushed" if u["_rushed"] else "cost_effect_gradual"]
        level = (
            PLANTED["cost_per_100_yuan"][ind]
            / 100
            * np.exp(rng.normal(0.0, PLANTED["unit_cost_log_sd"]))
        )
        shares = PLANTED["cost_item_shares"][ind]
        days = PLANTED["capital_days"][ind]
        base_capital = []
        quota = None
        for m in months:
            value, plan_value = by_key.get((uid, m), (0.0, 0.0))
            since = (
                None
                if launch_m is None
                else (m.year - launch_m.year) * 12 + m.month - launch_m.month
            )
            ramp = (
                0.0
                if since is None or since < 0
                else min(1.0, (since + 1) / (PLANTED["cost_effect_ramp_months"] + 1))
            )
            rate = level * (1 + effect * ramp)
            plan_rate = level * (
                1 - (PLANTED["plan_cost_reduction_1953"] if m.year >= 1953 else 0.0)
            )
            noise = np.exp(
                rng.normal(0.0, PLANTED["monthly_cost_log_sd"], len(contract.COST_ITEMS))
            )
            for item, share, e in zip(contract.COST_ITEMS, shares, noise, strict=True):
                costs.append(
                    {
                        "unit_id": uid,
                        "month": m,
                        "cost_item": item,
                        "cost_yuan": float(round(value * rate * share * e)),
                        "plan_cost_yuan": float(round(plan_value * plan_rate * share)),
                    }
                )
            month_days = ((m.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - m).days
            verified = launch_m is not None and m >= launch_m
            capital = value * days / month_days * np.exp(rng.normal(0.0, PLANTED["capital_log_sd"]))
            if verified:
                capital *= 1 + PLANTED["capital_after_verification"]
            elif m < YEAR_1953:
                base_capital.append(capital)
            if verified and quota is None:
                quota = round(
                    PLANTED["verified_funds_share"] * float(np.mean(base_capital or [capital]))
                )
            funds.append(
                {
                    "unit_id": uid,
                    "month": m,
                    "working_capital_yuan": float(round(capital)),
                    "verified_funds_yuan": float(quota) if verified else None,
                }
            )
            reformed = verified
            ratio = PLANTED["management_ratio_after" if reformed else "management_ratio_before"]
            ratio += rng.normal(0.0, PLANTED["management_ratio_sd"])
            n_workers = int(workers.get(uid, 0))
            staff.append(
                {
                    "unit_id": uid,
                    "month": m,
                    "production_workers": n_workers,
                    "management_staff": max(1, round(n_workers * ratio)),
                    "management_levels": PLANTED[
                        "management_levels_after" if reformed else "management_levels_before"
                    ],
                }
            )
    return {"unit_costs": costs, "unit_funds": funds, "unit_staff": staff}


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


def _frame(name: str, rows: list[dict]) -> pl.DataFrame:
    table = contract.BY_NAME[name]
    schema = table.polars_schema
    df = pl.DataFrame(
        {c: [r[c] for r in rows] for c in schema},
        schema=schema,
    )
    return df.sort(list(table.key))


def _with_ids(name: str, rows: list[dict], prefix: str, width: int) -> pl.DataFrame:
    for i, r in enumerate(rows, start=1):
        r[contract.BY_NAME[name].key[0]] = f"{prefix}-{i:0{width}d}"
    return _frame(name, rows)


def generate(scale: int = 1, seed: int = 1953) -> dict[str, pl.DataFrame]:
    """All contract tables, one frame each, columns and dtypes as the contract says."""
    if scale < 1:
        raise ValueError("scale must be >= 1")
    reps = [_replica(k, seed) for k in range(1, scale + 1)]
    daily, accidents, proposals = [], [], []
    for rep in reps:
        frame, acc = _daily(rep)
        daily.append(frame)
        accidents += acc
        proposals += _proposals(rep)
    accidents.sort(key=lambda a: (a["occurred_on"], a["unit_id"], a["team_id"] or ""))
    proposals.sort(key=lambda p: (p["submitted_on"], p["unit_id"]))
    width = max(5, len(str(len(proposals))))
    ou_rows = [
        {"output_unit": o, "name_zh": zh, "name_en": en, "constant_price_yuan": price}
        for o, zh, en, price in OUTPUT_UNITS
    ]
    schema = contract.DAILY_OUTPUT.polars_schema
    tables = {
        "units": _frame("units", [u for rep in reps for u in rep["units"]]),
        "workshops": _frame("workshops", [w for rep in reps for w in rep["workshops"]]),
        "output_units": _frame("output_units", ou_rows),
        "teams": _frame("teams", [t for rep in reps for t in rep["teams"]]),
        "daily_output": pl.concat(daily)
        .select([pl.col(c).cast(t) for c, t in schema.items()])
        .sort(["team_id", "day"]),
        "accidents": _with_ids("accidents", accidents, "acc", max(5, len(str(len(accidents))))),
        "proposals": _with_ids("proposals", proposals, "prop", width),
        "events": _with_ids("events", _events(reps), "ev", 4),
    }
    for name, rows in _accounts(reps, tables, seed).items():
        tables[name] = _frame(name, rows)
    return {t.name: tables[t.name] for t in contract.TABLES}


def write(tables: dict[str, pl.DataFrame], out_dir: Path) -> None:
    """CSV for every table but daily_output, which goes to Parquet."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        if name == "daily_output":
            df.write_parquet(out_dir / "daily_output.parquet", compression="zstd", statistics=True)
        else:
            df.write_csv(out_dir / f"{name}.csv")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=1, help="copies of the unit population")
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    ap.add_argument("--seed", type=int, default=PLANTED["seed"])
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    tables = generate(scale=args.scale, seed=args.seed)
    write(tables, args.out)
    sizes = ", ".join(f"{n} {df.height:,}" for n, df in tables.items())
    print(f"wrote {args.out} in {time.perf_counter() - t0:.1f} s: {sizes}")


if __name__ == "__main__":
    main()
