"""Strings of the Productivity page, in English and Chinese (merged into pages.common.catalog)."""

STRINGS: dict[str, tuple | str] = {
    "nav.productivity": ("Labor productivity", "劳动生产率"),
    "nav.productivity.help": (
        "Whether the emulation raised labor productivity: the productivity index and plan "
        "fulfilment over time, team plans against factory-set targets, advanced average "
        "quotas, the campaign's effect against teams not yet joined, and units ranked.",
        "竞赛是否提高了劳动生产率：劳动生产率指数和计划完成率的变化、小组计划与厂定指标、平均先进定额、与尚未参加小组相比的竞赛效果，以及厂矿排名。",
    ),
    "prod.caption": (
        "Labor productivity is output per worker-hour. Across products it is compared as an "
        "index: each team's own level of 1952-10-01 to 1952-12-31 = 100, weighted by hours.",
        "劳动生产率即每工时产量。不同产品之间用指数比较：以各小组1952年10月1日至12月31日的水平为100，按工时加权。",
    ),
    # the page's sections (tabs)
    "prod.view.trend": ("Over time", "随时间变化"),
    "prod.view.plans": ("Team plans", "小组计划"),
    "prod.view.quotas": ("Quotas", "定额"),
    "prod.view.effect": ("Campaign effect", "竞赛效果"),
    "prod.view.rank": ("Units ranked", "厂矿排名"),
    # over time
    "prod.trend.title": (
        "Productivity index and plan fulfilment over time",
        "劳动生产率指数和计划完成率的变化",
    ),
    "prod.trend.caption": (
        "Each point is the ratio of the period's sums for the group. Plan fulfilment weighs "
        "products by their 1952 constant prices. The first and last periods may be partial.",
        "每个点是该组在该期间的合计之比。计划完成率按1952年不变价格折算不同产品。首末两期可能不完整。",
    ),
    "prod.axis.period": ("Period starting", "期间起始日"),
    "prod.axis.index": (
        "Productivity index (1952 Q4 = 100)",
        "劳动生产率指数（1952年第四季度=100）",
    ),
    "prod.many_units": (
        "{groups} lines, drawn alike: hover over a line to see whose it is, or narrow the "
        "filters to a dozen factories and mines or fewer to tell them apart by colour.",
        "共 {groups} 条线，画法相同：将鼠标移到线上可查看所属厂矿；将筛选范围缩小到十二个厂矿以内，"
        "即可按颜色区分。",
    ),
    # team plans
    "prod.plans.title": ("Team plans against factory-set targets", "小组计划与厂定指标"),
    "prod.plans.caption": (
        "Share above target = team-days on which the team's own plan exceeded the factory-set "
        "target (team_plan_qty > plan_qty) ÷ team-days with a team plan. Share with a plan = "
        "team-days with a team plan ÷ all team-days. Both are ratios of counts of team-days.",
        "突破比例 = 小组计划高于厂定指标的组日数 ÷ 订有小组计划的组日数；订计划比例 = 订有小组计划的组日数 ÷ 全部组日数。二者均为组日数之比。",
    ),
    "prod.plans.above": ("Team plan exceeding the factory-set target", "小组计划突破厂定指标"),
    "prod.plans.set": ("Team-days with a team plan", "订有小组计划的组日"),
    "prod.plans.axis": ("Share of team-days", "组日比例"),
    "prod.plans.none": (
        "No team in this selection set its own plan in the chosen period.",
        "所选范围内在该时期没有小组订立自己的计划。",
    ),
    "prod.col.team_days": ("Team-days", "组日数"),
    "prod.col.with_plan": ("With a team plan", "订有小组计划"),
    "prod.col.above": ("Exceeding the factory-set target", "突破厂定指标"),
    "prod.col.above_share": ("Above target %", "突破比例 %"),
    "prod.col.set_share": ("With a plan %", "订计划比例 %"),
    # quotas
    "prod.quota.title": ("Advanced average quotas", "平均先进定额"),
    "prod.quota.caption": (
        "For one product and each month: a team's productivity is its month's output ÷ its "
        "month's worker-hours. The mean is the plain (unweighted) mean over the teams, since a "
        "quota is one level set for every team; the advanced mean is the mean of the teams "
        "above that mean; the advanced average is (mean + advanced mean) ÷ 2. A team meets the "
        "quota when its productivity is at or above it. Set from one month, a quota would apply "
        "to the next: the chart on the right shows both.",
        "就一种产品逐月计算：小组的劳动生产率 = 该月产量 ÷ 该月工时。平均数是各小组的简单（不加权）平均，因为定额对每个小组都是同一水平；先进平均数是高于该平均数的小组的平均；平均先进数 =（平均数 + 先进平均数）÷ 2。小组劳动生产率达到或超过定额即为完成定额。按某月水平制定的定额用于下一个月：右图同时显示两者。",
    ),
    "prod.quota.output_unit": ("Product", "产品"),
    "prod.quota.method": ("Quota", "定额"),
    "prod.quota.mean_productivity": ("Mean", "平均数"),
    "prod.quota.advanced_mean": ("Advanced mean", "先进平均数"),
    "prod.quota.average_advanced": ("Advanced average", "平均先进数"),
    "prod.quota.axis": ("Output per worker-hour, {unit}", "每工时产量（{unit}）"),
    "prod.quota.met": ("Teams meeting this month's quota", "完成本月定额的小组"),
    "prod.quota.met_previous": (
        "Teams meeting the quota set from last month",
        "完成按上月制定的定额的小组",
    ),
    "prod.quota.met_axis": ("Share of teams", "小组比例"),
    "prod.quota.none": (
        "No team in this selection worked in the chosen period.",
        "所选范围内在该时期没有小组有工时记录。",
    ),
    "prod.quota.few": (
        "Quotas need several teams making the same product; this selection has at most {teams} "
        "in a month. Widen the filters.",
        "制定定额需要生产同一产品的若干小组；所选范围每月最多只有 {teams} 个。请放宽筛选。",
    ),
    "prod.col.quota": ("Quota set", "所定定额"),
    "prod.col.change": ("Change vs last month %", "比上月变化 %"),
    "prod.col.met": ("Meeting the quota %", "完成定额 %"),
    "prod.col.met_previous": ("Meeting last month's %", "完成上月定额 %"),
    # the campaign's effect
    "prod.effect.title": ("The campaign's effect on productivity", "竞赛对劳动生产率的效果"),
    "prod.effect.caption": (
        "Each team's weekly productivity index (log) before and after the week it joined, "
        "compared with teams not yet joined in the same calendar weeks: group-time effects in "
        "the style of Callaway and Sant'Anna, one per joining week and calendar week, averaged "
        "by weeks since joining with weights by the number of teams that joined. The week "
        "before joining is the reference (0). Bands and bars are 95% confidence intervals from "
        "influence functions clustered by team. Before joining the effects should be about 0: "
        "if they are not, teams that joined early were on a different path, and the effect "
        "after joining is not the campaign's alone.",
        "比较各小组参加竞赛那一周前后的每周劳动生产率指数（取对数）与同一日历周尚未参加竞赛的小组：按Callaway和Sant'Anna的方法，对每个参加周和日历周估计效果，再按参加后的周数、以参加小组数为权数平均。参加前一周为基准（0）。带状区域和误差线为按小组聚类的影响函数得出的95%置信区间。参加之前的效果应接近0；否则说明先参加的小组本来走势就不同，参加后的效果就不能全归于竞赛。",
    ),
    "prod.effect.split.pooled": ("All joining weeks together", "全部合并"),
    "prod.effect.split.wave": ("By month joined", "按参加月份"),
    "prod.effect.settled": ("Effect 9–20 weeks after joining", "参加后第9至20周的效果"),
    "prod.effect.settled.caption": (
        {
            "one": "95% interval {low} to {high}; mean of {n} weekly effect",
            "other": "95% interval {low} to {high}; mean of {n} weekly effects",
        },
        "95%置信区间 {low} 至 {high}；{n} 周效果的平均",
    ),
    "prod.effect.settled.help": (
        "The mean of the weekly effects from the 9th to the 20th week after the joining week, "
        "as a change in output per worker-hour against teams not yet joined.",
        "参加周之后第9至第20周各周效果的平均，表示为与尚未参加的小组相比每工时产量的变化。",
    ),
    "prod.effect.pretrend": ("Pre-trend check", "参加前趋势检验"),
    "prod.effect.pretrend.pass": ("passed (p = {p})", "通过（p = {p}）"),
    "prod.effect.pretrend.fail": ("failed (p = {p})", "未通过（p = {p}）"),
    "prod.effect.pretrend.caption": (
        {
            "one": "Test that the {n} effect 2–8 weeks before joining is 0 (χ² = {stat})",
            "other": "Joint test that the {n} effects 2–8 weeks before joining are all 0 (χ² = {stat})",
        },
        "检验参加前第2至8周的 {n} 个效果是否全为0（χ² = {stat}）",
    ),
    "prod.effect.pretrend.none": ("no weeks before joining", "无参加前的周"),
    "prod.effect.sample": ("Teams compared", "比较的小组"),
    "prod.effect.sample.value": ("{joined} joined", "{joined} 个参加"),
    "prod.effect.sample.caption": (
        {
            "one": "in {n} joining week, against {not_joined} not joined by the end of the period and "
            "those joining later",
            "other": "in {n} joining weeks, against {not_joined} not joined by the end of the period and "
            "those joining later",
        },
        "分属 {n} 个参加周；对照为至时期末仍未参加的 {not_joined} 个小组及较晚参加的小组",
    ),
    "prod.effect.axis.e": ("Weeks since the team joined", "小组参加后的周数"),
    "prod.effect.axis.y": (
        "Productivity against teams not yet joined, %",
        "与尚未参加的小组相比的劳动生产率，%",
    ),
    "prod.effect.pooled": ("All teams", "全部小组"),
    "prod.effect.reference": ("Reference week", "基准周"),
    "prod.effect.dropped": (
        {
            "one": "{n} team with a week without output and {early} that joined in or before the "
            "period's first week are left out.",
            "other": "{n} teams with a week without output and {early} that joined in or before the "
            "period's first week are left out.",
        },
        "有 {n} 个小组某周无产量记录、{early}在时期第一周或之前参加，未纳入估计。",
    ),
    "prod.effect.small_waves": (
        "Months with fewer than {min} teams joining are not estimated on their own (they are "
        "in the pooled estimate): {waves}.",
        "参加小组少于 {min} 个的月份不单独估计（已包括在合并估计中）：{waves}。",
    ),
    "prod.effect.none": (
        {
            "one": "The effect cannot be estimated for this selection: it needs teams that joined within "
            "the period, with at least one week of output before joining, and at least {min} "
            "teams not yet joined in the same weeks to compare with. Here {n} team joined in "
            "{cohorts} and {not_joined} had not joined by the end of the period. Widen the "
            "filters or the period.",
            "other": "The effect cannot be estimated for this selection: it needs teams that joined within "
            "the period, with at least one week of output before joining, and at least {min} "
            "teams not yet joined in the same weeks to compare with. Here {n} teams joined in "
            "{cohorts} and {not_joined} had not joined by the end of the period. Widen the "
            "filters or the period.",
        },
        "所选范围无法估计效果：需要在该时期内参加、参加前至少有一周产量记录的小组，"
        "以及同期至少 {min} 个尚未参加的小组作对照。"
        "这里有 {n} 个小组在 {cohorts}参加，"
        "{not_joined} 个小组至时期末仍未参加。请放宽筛选或时期。",
    ),
    "prod.effect.hover": (
        {
            "one": "week {e}: {effect} (95% CI {low} to {high}) · {n} team",
            "other": "week {e}: {effect} (95% CI {low} to {high}) · {n} teams",
        },
        "第 {e} 周：{effect}（95%置信区间 {low} 至 {high}）· {n} 个小组",
    ),
    "prod.col.wave": ("Month joined", "参加月份"),
    "prod.col.settled": ("Effect wk 9–20 %", "第9–20周效果 %"),
    "prod.col.settled_low": ("95% CI low", "95%置信下限"),
    "prod.col.settled_high": ("95% CI high", "95%置信上限"),
    "prod.col.pretrend_p": ("Pre-trend p", "趋势检验 p"),
    # ranking
    "prod.rank.title": (
        "Units by productivity change since joining",
        "各厂矿参加竞赛后劳动生产率的变化",
    ),
    "prod.rank.caption": (
        "For the teams of each unit that joined: the productivity index on the days from "
        "their joining on, minus the index on the days before, within the period; plan "
        "fulfilment (all teams, the whole period) beside it. This change includes whatever "
        "else changed over the calendar; the effect above compares with teams not yet joined "
        "to take that out.",
        "各厂矿已参加竞赛的小组：时期内参加之日起的劳动生产率指数减去参加之前的指数；旁列全期计划完成率（全部小组）。此变化包含日历上其他因素的变化；上面的效果估计用尚未参加的小组作对照，剔除了这些因素。",
    ),
    "prod.rank.none": (
        "No unit in this selection has days both before and after its teams joined within "
        "the period.",
        "所选范围内没有厂矿在该时期内同时有小组参加前后的记录。",
    ),
    "prod.rank.bar": ("{change} · plan {plan}%", "{change} · 计划 {plan}%"),
    "prod.col.index_before": ("Index before joining", "参加前指数"),
    "prod.col.index_since": ("Index since joining", "参加后指数"),
    "prod.col.index_change": ("Change, points", "变化（点）"),
    "prod.rank.click": (
        "Click a bar or select a row to open that factory or mine.",
        "点击条形或选中一行，即可打开该厂矿的页面。",
    ),
}
