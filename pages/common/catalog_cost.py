"""Strings of the Plan and cost page, of the cost figures on the Overview and the unit page,
and of the economic accounting tables in Explore."""

STRINGS: dict[str, tuple | str] = {
    "nav.cost": ("Plan and cost", "计划与成本"),
    "nav.cost.help": (
        "The financial half of the production and financial plan: cost per 100 yuan of output "
        "against the plan and the baseline, working capital, the share of management staff "
        "after the production reform, and the campaign's effect on cost.",
        "生产财务计划的财务部分：每百元产值成本与计划及基期的比较、流动资金、生产改革后管理人员的比重，以及竞赛对成本的效果。",
    ),
    "cost.caption": (
        "The report's aim was to complete the production and financial plan and lay the "
        "foundation for the economic accounting system. Cost is set against gross output value "
        "at 1952 constant prices, so that tonnes and bales are priced before they are added; "
        "every figure is a ratio of sums over the months with cost records and output.",
        "报道提出完成生产财务计划，为经济核算制打下基础。成本与按1952年不变价格计算的总产值相比，吨与件先折成产值再相加；每个指标都是有成本记录和产量的月份之和的比。",
    ),
    "cost.none": (
        "No cost data: this campaign has no unit_costs, unit_funds or unit_staff records. Load "
        "them with the other tables (docs/data_contract.md) to see cost against the plan, working "
        "capital and management staff.",
        "没有成本数据：本次竞赛没有 unit_costs、unit_funds 或 unit_staff 记录。将这些表与其他表一起载入（见 docs/data_contract.md），即可查看成本与计划的比较、流动资金和管理人员。",
    ),
    "cost.none_in_period": (
        "No whole month of the period has cost, funds or staff records for the units in scope. "
        "Cost is kept by the month: choose a period of whole months.",
        "在所选时期内，范围内的厂矿没有一个完整月份有成本、资金或人员记录。成本按月核算：请选择由完整月份组成的时期。",
    ),
    "cost.headline.caption": (
        {
            "one": "Whole months of the period only: {n} unit-month with cost records and "
            "output, from {units}.",
            "other": "Whole months of the period only: {n} unit-months with cost records and "
            "output, from {units}.",
        },
        "只计所选时期内的完整月份：共 {n} 个有成本记录和产量的厂矿月，来自{units}。",
    ),
    "cost.kpi.cost_per_100": ("Cost per 100 yuan of output", "每百元产值成本"),
    "cost.kpi.cost_per_100.help": (
        "Yuan of cost (materials, wages, fuel and power, overhead) per 100 yuan of gross output "
        "value at 1952 constant prices: sum of cost ÷ sum of output value × 100.",
        "每百元总产值（1952年不变价格）所耗成本（原材料、工资、燃料动力、管理费用）：成本之和 ÷ 产值之和 × 100。",
    ),
    "cost.kpi.cost_per_100.caption": (
        "{cost} yuan of cost on {output} yuan of output",
        "成本 {cost} 元，产值 {output} 元",
    ),
    "cost.kpi.against_plan": ("Cost against plan", "成本计划完成"),
    "cost.kpi.against_plan.help": (
        "Actual cost over the plan's cost of the output actually made (the plan's cost per yuan "
        "of planned output times the output): below 100% the output cost less than the plan "
        "allowed.",
        "实际成本 ÷ 按实际产量计算的计划成本（计划的每元计划产值成本 × 实际产值）：低于100%即成本低于计划。",
    ),
    "cost.kpi.against_plan.caption": (
        {
            "one": "plan: {plan} per 100 yuan of planned output; {n} unit-month with a plan",
            "other": "plan: {plan} per 100 yuan of planned output; {n} unit-months with a plan",
        },
        "计划：每百元计划产值 {plan} 元；{n} 个有计划的厂矿月",
    ),
    "cost.kpi.plan_saving": ("Saved against plan, yuan", "比计划节约（元）"),
    "cost.kpi.plan_saving.help": (
        "The plan's cost of the output made minus its actual cost; negative where cost ran over "
        "the plan.",
        "按实际产量计算的计划成本减去实际成本；超支为负数。",
    ),
    "cost.kpi.plan_saving.caption": ("{pct} of the plan's cost", "占计划成本的 {pct}"),
    "cost.kpi.reduction": ("Cost reduction from baseline", "比基期成本降低率"),
    "cost.kpi.reduction.help": (
        "How much less the output cost than at each unit's own cost per yuan of output in the "
        "baseline period (the whole months of the quarter before the campaign, unless the load "
        "set another): (cost at the baseline rate − cost) ÷ cost at the baseline rate.",
        "与各厂矿基期（竞赛前一季度的完整月份，载入时可另设）每元产值成本相比降低的比例：（按基期成本率计算的成本 − 实际成本）÷ 按基期成本率计算的成本。",
    ),
    "cost.kpi.reduction.caption": (
        {
            "one": "{saving} yuan saved; {n} unit-month with a baseline",
            "other": "{saving} yuan saved; {n} unit-months with a baseline",
        },
        "节约 {saving} 元；{n} 个有基期的厂矿月",
    ),
    "cost.kpi.turnover": ("Working capital turnover, days", "流动资金周转天数"),
    "cost.kpi.turnover.help": (
        "Days of output the working capital ties up: sum of (working capital × days in the "
        "month) ÷ sum of output value. Fewer days is faster turnover.",
        "流动资金占用的产值天数：（流动资金 × 当月天数）之和 ÷ 产值之和。天数越少，周转越快。",
    ),
    "cost.kpi.turnover.caption": (
        {
            "one": "{n} unit-month with working capital",
            "other": "{n} unit-months with working capital",
        },
        "{n} 个有流动资金记录的厂矿月",
    ),
    "cost.kpi.verified": ("Capital against verified funds", "流动资金与核定资金之比"),
    "cost.kpi.verified.help": (
        "Working capital employed over the funds verified for it when assets were cleared, in "
        "the months with verified funds: above 100% more capital is tied up than was verified.",
        "在有核定资金的月份，实际占用的流动资金 ÷ 核定资金：高于100%即占用超过核定。",
    ),
    "cost.kpi.verified.caption": (
        {
            "one": "{capital} yuan on {funds} yuan verified; {n} unit-month",
            "other": "{capital} yuan on {funds} yuan verified; {n} unit-months",
        },
        "占用 {capital} 元，核定 {funds} 元；{n} 个厂矿月",
    ),
    "cost.kpi.management_share": ("Management staff share", "管理人员比重"),
    "cost.kpi.management_share.help": (
        "Management and administrative staff over all staff (production workers and management "
        "and administrative staff), person-months summed: the production reform cut bloated "
        "management.",
        "管理及行政人员占全部人员（生产工人加管理及行政人员）的比重，按人月相加：生产改革精简了臃肿的管理机构。",
    ),
    "cost.kpi.management_share.caption": (
        "{management} of {staff} person-months",
        "{staff} 人月中有 {management} 人月",
    ),
    "cost.kpi.levels": ("Levels of management", "管理层次"),
    "cost.kpi.levels.help": (
        "Levels of management from the director to the team, averaged over the unit-months with "
        "staff records.",
        "从厂长到小组的管理层次，按有人员记录的厂矿月平均。",
    ),
    "cost.kpi.levels.caption": (
        {"one": "mean of {n} unit-month", "other": "mean of {n} unit-months"},
        "{n} 个厂矿月的平均",
    ),
    # over time
    "cost.trend.title": ("Cost by month", "各月成本"),
    "cost.trend.caption": (
        "Each month's figure is the ratio of that month's sums over the units in scope; hover "
        "for the unit-months behind cost. Cost items are stacked per 100 yuan of output.",
        "每月指标为范围内厂矿当月之和的比；悬停可见成本所依据的厂矿月数。成本项目按每百元产值堆叠。",
    ),
    "cost.capital.title": ("Working capital and staff by month", "各月流动资金与人员"),
    "cost.capital.caption": (
        "Each month's figure is the ratio of that month's sums over the units in scope: the days "
        "of output the working capital ties up, and the management staff's share of all staff "
        "with the levels of management.",
        "每月指标为范围内厂矿当月之和的比：流动资金占用的产值天数，以及管理人员占全部人员的比重和管理层次。",
    ),
    "cost.series.actual": ("Actual", "实际"),
    "cost.series.plan": ("Plan", "计划"),
    "cost.view.trend": ("Cost", "成本"),
    "cost.view.capital": ("Capital and staff", "资金与人员"),
    "cost.view.effect": "prod.view.effect",
    "cost.view.units": "prod.view.rank",
    "cost.axis.per_100": ("Yuan per 100 yuan of output", "元/百元产值"),
    "cost.axis.items": ("By cost item, yuan per 100 yuan of output", "按成本项目（元/百元产值）"),
    "cost.axis.management_share": ("Share of all staff", "占全部人员比重"),
    "cost.axis.month": "grain.month",
    "cost_item.materials": ("Materials", "原材料"),
    "cost_item.wages": ("Wages", "工资"),
    "cost_item.fuel_power": ("Fuel and power", "燃料及动力"),
    "cost_item.overhead": ("Overhead", "管理费用"),
    # the campaign's effect
    "cost.effect.title": (
        "The campaign's effect on cost per unit of output",
        "竞赛对单位产值成本的效果",
    ),
    "cost.effect.caption": (
        "The same estimator as for labor productivity, by month: each unit's cost per yuan of "
        "output, from the month before it launched, against units not yet launched (Callaway–"
        "Sant'Anna style, 95% intervals clustered by unit). The pre-trend check tests months "
        "{low} and {high} before launch; earlier months rest on the few late launchers alone.",
        "与劳动生产率相同的估计方法，按月计算：各厂矿自开展竞赛前一个月起的每元产值成本，与尚未开展竞赛的厂矿相比（Callaway–Sant'Anna 方法，95%置信区间按厂矿聚类）。参加前趋势检验针对开展前第{low}和第{high}个月；更早的月份只有少数较晚开展的厂矿。",
    ),
    "cost.effect.split": "coverage.units",
    "cost.effect.split.all": ("All units together", "全部厂矿合并"),
    "cost.effect.split.rollout": (
        "From point to area against rushing in all at once",
        "由点到面与一轰而起对比",
    ),
    "cost.effect.group.all": ("All launched units", "全部已开展竞赛的厂矿"),
    "cost.effect.group.gradual": "quality.rollout.gradual",
    "cost.effect.group.rushed": "rollout.col.rushed",
    "cost.effect.settled": (
        "{group}: months {low}–{high} after launch",
        "{group}：开展后第{low}至{high}个月",
    ),
    "cost.effect.settled.help": (
        "The mean effect on cost per unit of output over these months after the launch month, "
        "as a change of cost per yuan of output: negative is cheaper.",
        "开展月份之后这些月份对单位产值成本的平均效果，以每元产值成本的变化表示：负数表示成本降低。",
    ),
    "cost.effect.settled.caption": (
        "95% interval {low} to {high}; {units}; pre-trend check {pretrend}",
        "95%置信区间 {low} 至 {high}；{units}；参加前趋势检验{pretrend}",
    ),
    "cost.effect.pretrend.pass": "prod.effect.pretrend.pass",
    "cost.effect.pretrend.fail": "prod.effect.pretrend.fail",
    "cost.effect.pretrend.none": (
        "not possible: no months before launch",
        "无法检验：没有开展前的月份",
    ),
    "cost.effect.sample": ("Units in the estimate", "参与估计的厂矿"),
    "cost.effect.sample.caption": (
        "{n} launched within the period ({rushed} rushed in all at once), {not_launched} not "
        "launched by its end; {cohorts} launch months",
        "期内开展 {n} 个（其中一轰而起 {rushed} 个），期末尚未开展 {not_launched} 个；开展月份 {cohorts} 个",
    ),
    "cost.effect.none": (
        "No effect can be estimated: it needs units launched after the period's first month, "
        "with at least {min} units not yet launched to compare with, and cost records in every "
        "month. Here {n} launched within the period and {not_launched} had not by its end.",
        "无法估计效果：需要在时期第一个月之后开展竞赛的厂矿，至少 {min} 个尚未开展的厂矿作比较，且每月都有成本记录。本时期内开展 {n} 个，期末尚未开展 {not_launched} 个。",
    ),
    "cost.effect.hover": (
        "month {e}: {effect} ({low} to {high}), {units}",
        "第{e}个月：{effect}（{low} 至 {high}），{units}",
    ),
    "cost.effect.reference": ("Reference month", "基准月"),
    "cost.effect.axis.e": ("Months since the unit's launch month", "厂矿开展竞赛后的月数"),
    "cost.effect.axis.y": ("Change in cost per unit of output", "单位产值成本的变化"),
    "cost.effect.dropped": (
        "Left out: {n} unit(s) missing a month's cost or output, {early} launched in or before "
        "the period's first month.",
        "未计入：{n} 个厂矿缺少某月成本或产量，{early} 个在时期第一个月或之前已开展竞赛。",
    ),
    # units
    "cost.rank.title": ("Units by cost", "各厂矿成本"),
    "cost.rank.by": ("Rank by", "排序依据"),
    "cost.rank.none": (
        "No unit in scope has this figure in the period.",
        "本时期内范围内没有厂矿有此指标。",
    ),
    "cost.rank.click": (
        "Click a bar or a row to open the unit's page.",
        "点击条形或表格行，打开该厂矿的详情页。",
    ),
    "cost.col.reduction_yuan": ("Saved since the baseline, yuan", "比基期节约（元）"),
    "cost.col.months": ("Unit-months with cost", "有成本的厂矿月"),
    # the Overview's headline
    "kpi.cost.title": ("Economic accounting system", "经济核算制"),
    # the unit page
    "unit.cost.title": ("Cost and staff", "成本与人员"),
    "unit.cost.none": (
        "No cost, funds or staff records for this unit in whole months of the period.",
        "本时期的完整月份内，该厂矿没有成本、资金或人员记录。",
    ),
    # Explore
    "explore.source.cost_detail": (
        "Cost, capital and staff by unit and month (joined)",
        "各厂矿各月成本、资金与人员（关联视图）",
    ),
    "explore.source.unit_costs": ("Costs (unit_costs)", "成本（unit_costs）"),
    "explore.source.unit_funds": ("Working capital (unit_funds)", "流动资金（unit_funds）"),
    "explore.source.unit_staff": ("Staff (unit_staff)", "人员（unit_staff）"),
    "explore.col.month": "grain.month",
    "explore.col.cost_item": ("Cost item", "成本项目"),
    "explore.col.cost_yuan": ("Cost, yuan", "成本（元）"),
    "explore.col.plan_cost_yuan": ("Plan cost, yuan", "计划成本（元）"),
    "explore.col.working_capital_yuan": ("Working capital, yuan", "流动资金（元）"),
    "explore.col.verified_funds_yuan": ("Verified funds, yuan", "核定资金（元）"),
    "explore.col.production_workers": ("Production workers", "生产工人"),
    "explore.col.management_staff": (
        "Management and administrative staff",
        "管理及行政人员",
    ),
    "explore.col.management_levels": "cost.kpi.levels",
    "explore.col.costed_months": "cost.col.months",
    "explore.col.costed_output_value_yuan": (
        "Output value of months with cost, yuan",
        "有成本月份的产值（元）",
    ),
    "explore.col.costed_plan_value_yuan": (
        "Plan value of months with cost, yuan",
        "有成本月份的计划产值（元）",
    ),
    "explore.col.planned_months": ("Unit-months with a plan", "有计划的厂矿月"),
    "explore.col.cost_with_plan_yuan": (
        "Cost of months with a plan, yuan",
        "有计划月份的成本（元）",
    ),
    "explore.col.plan_cost_of_output_yuan": (
        "Plan cost of the output made, yuan",
        "按实际产量计算的计划成本（元）",
    ),
    "explore.col.plan_saving_yuan": "cost.kpi.plan_saving",
    "explore.col.baseline_months": ("Unit-months with a baseline", "有基期的厂矿月"),
    "explore.col.cost_with_baseline_yuan": (
        "Cost of months with a baseline, yuan",
        "有基期月份的成本（元）",
    ),
    "explore.col.baseline_cost_of_output_yuan": (
        "Cost of the output at the baseline rate, yuan",
        "按基期成本率计算的成本（元）",
    ),
    "explore.col.cost_reduction_yuan": "cost.col.reduction_yuan",
    "explore.col.funded_months": ("Unit-months with working capital", "有流动资金的厂矿月"),
    "explore.col.capital_days_yuan": (
        "Working capital × days, yuan-days",
        "流动资金×天数（元·天）",
    ),
    "explore.col.funded_output_value_yuan": (
        "Output value of months with working capital, yuan",
        "有流动资金月份的产值（元）",
    ),
    "explore.col.verified_months": ("Unit-months with verified funds", "有核定资金的厂矿月"),
    "explore.col.working_capital_verified_yuan": (
        "Working capital of months with verified funds, yuan",
        "有核定资金月份的流动资金（元）",
    ),
    "explore.col.staff_months": ("Unit-months with staff records", "有人员记录的厂矿月"),
    "explore.col.staff_total": ("All staff", "全部人员"),
    "explore.metric.cost_per_100_yuan": "cost.kpi.cost_per_100",
    "explore.metric.plan_cost_per_100_yuan": (
        "Plan cost per 100 yuan of planned output",
        "每百元计划产值计划成本",
    ),
    "explore.metric.cost_against_plan_pct": "cost.kpi.against_plan",
    "explore.metric.plan_saving_pct": ("Saved against plan, %", "比计划节约率"),
    "explore.metric.cost_reduction_pct": "cost.kpi.reduction",
    "explore.metric.capital_turnover_days": "cost.kpi.turnover",
    "explore.metric.capital_against_verified_pct": "cost.kpi.verified",
    "explore.metric.management_share": "cost.kpi.management_share",
    "explore.metric.mean_management_levels": "cost.kpi.levels",
}
