"""Strings of the unit page (one factory or mine)."""

STRINGS: dict[str, tuple | str] = {
    "nav.unit": ("Factory or mine details", "厂矿详情"),
    "nav.unit.help": (
        "Everything about one factory or mine: its rollout, teams, productivity, quality, "
        "accidents, proposals and events, with its records to download.",
        "单个厂矿的全部情况：竞赛铺开、各小组、劳动生产率、质量、事故、合理化建议和大事，并可下载其记录。",
    ),
    "unit.choose.help": (
        "Pick a unit, click one in any chart or table, or open a link with ?unit=ID.",
        "选择一个厂矿，或在任一图表中点击厂矿，或打开带 ?unit=ID 的链接。",
    ),
    "unit.none": (
        "Choose a factory or mine above to see everything about it.",
        "请在上方选择一个厂矿，查看其全部情况。",
    ),
    "unit.several": (
        "{n} units are selected in the sidebar; this page shows the first. Choose another above.",
        "侧栏中选择了 {n} 个厂矿；本页显示第一个。可在上方另选。",
    ),
    "unit.scope_note": (
        "Period {start} – {end} from the sidebar; the other sidebar filters do not apply here.",
        "时期 {start} 至 {end}（侧栏）；侧栏的其他筛选条件不适用于本页。",
    ),
    "unit.location": ("Location", "地点"),
    "unit.preparing": ("still preparing", "准备中"),
    "unit.workers.caption": ("{joined} in teams that joined", "其中已参赛 {joined} 名"),
    "unit.teams.value": ("{joined} of {total}", "{joined} / {total}"),
    "unit.standing": (
        {
            "one": "Standing among the {n} unit of its industry ({industry})",
            "other": "Standing among the {n} units of its industry ({industry})",
        },
        "在本行业（{industry}）{n} 个厂矿中的位次",
    ),
    "unit.standing.caption": (
        "Rank 1 is best. The percentile is the share of peers the unit does at least as well "
        "as. Peers: the whole industry in the same period.",
        "第1名为最好。百分位为本厂矿不低于的同行所占比例。同行：同一时期本行业全部厂矿。",
    ),
    "unit.standing.value": ("#{rank} of {peers}", "第 {rank} / {peers} 名"),
    "unit.standing.percentile": ("better than or equal to {pct} of peers", "不低于 {pct} 的同行"),
    "unit.standing.none": ("no data in the period", "该时期无数据"),
    "unit.index_change": ("Productivity index change since joining", "参赛后劳动生产率指数变化"),
    "unit.index_change.help": (
        "Productivity index of the unit's team-days after each team joined minus that of its "
        "team-days before, in the period. Not adjusted for the calendar: the Productivity "
        "page estimates the campaign's own effect.",
        "本期内各小组参赛后的劳动生产率指数减去参赛前的指数。未剔除时间因素；竞赛本身的效果见劳动生产率页。",
    ),
    "tab.download": ("Download", "下载"),
    "unit.timeline.title": ("Teams joining, workshop by workshop", "各车间小组参赛时间"),
    "unit.timeline.caption": (
        "Each dot is a team on the day it joined; its size is the team's members. "
        "The line is the share of the unit's workers covered.",
        "每个点为一个小组及其参赛日期，点的大小表示人数。折线为全厂矿职工的覆盖比例。",
    ),
    "unit.timeline.not_joined": (
        {
            "one": "{n} team ({workers}) has not joined.",
            "other": "{n} teams ({workers}) have not joined.",
        },
        "尚有 {n} 个小组（{workers}）未参赛。",
    ),
    "unit.timeline.none": ("No team of this unit has joined.", "本厂矿尚无小组参赛。"),
    "unit.workshops.title": (
        "Productivity index and plan fulfilment by workshop, weekly",
        "各车间劳动生产率指数与计划完成率（按周）",
    ),
    "unit.measure.productivity_index": "col.productivity_index",
    "unit.measure.plan_fulfilment_pct": "col.plan_fulfilment",
    "unit.teams.caption": (
        "Sort by any column; filter with the search box in the table's toolbar. Select a row "
        "to see that team's daily records below.",
        "可按任一列排序，用表格工具栏的搜索框筛选。选中一行即可在下方查看该小组的日记录。",
    ),
    "col.members": ("Members", "人数"),
    "col.joined_on": ("Joined on", "参赛日期"),
    "col.team_plan_vs_factory": ("Team plan ÷ factory-set target %", "小组计划 ÷ 厂定指标 %"),
    "col.team_plan_above": (
        "Share of days with the team plan exceeding the factory-set target",
        "小组计划突破厂定指标的天数比例",
    ),
    "unit.team_days.title": ("Daily records of {team}", "{team} 的日记录"),
    "unit.team_days.pick": (
        "Select a team in the table above to see its daily records.",
        "在上表中选中一个小组，即可查看其日记录。",
    ),
    "col.output_qty": ("Output ({unit})", "产量（{unit}）"),
    "col.plan_qty": ("Factory-set target", "厂定指标"),
    "col.team_plan_qty": ("Team plan", "小组计划"),
    "col.inspected_qty": ("Inspected", "检验"),
    "col.rejected_qty": ("Rejects", "废品"),
    "col.is_joined": ("In the emulation", "已参赛"),
    "unit.quality.title": ("Defect rate and accidents, weekly", "废品率与事故（按周）"),
    "unit.quality.caption": (
        "Dashed lines: the first and the last team joining.",
        "虚线：第一个和最后一个小组参赛的日期。",
    ),
    "unit.first_join": ("first team joined", "第一个小组参赛"),
    "unit.last_join": ("last team joined", "最后一个小组参赛"),
    "unit.accidents.title": ("Every accident of the unit in the period", "本期内本厂矿的全部事故"),
    "unit.accidents.none": ("No accident recorded in the period.", "该时期内没有事故记录。"),
    "unit.rushed": (
        {
            "one": "Rushed in all at once (一轰而起): {joined} of its {n} team ({share}) joined within 7 "
            "days, above the Rollout page's threshold of {threshold}.",
            "other": "Rushed in all at once (一轰而起): {joined} of its {n} teams ({share}) joined within 7 "
            "days, above the Rollout page's threshold of {threshold}.",
        },
        "一轰而起：{n} 个小组中有 {joined} 个（{share}）在7天内参赛，超过铺开页的阈值 {threshold}。",
    ),
    "unit.gradual": (
        {
            "one": "From point to area: at most {joined} of its {n} team ({share}) joined within any 7 "
            "days (the Rollout page calls more than {threshold} rushing in all at once).",
            "other": "From point to area: at most {joined} of its {n} teams ({share}) joined within any 7 "
            "days (the Rollout page calls more than {threshold} rushing in all at once).",
        },
        "由点到面：任意7天内参赛的小组最多 {joined} 个，占 {n} 个小组的 {share}（铺开页以超过 {threshold} 为一轰而起）。",
    ),
    "unit.proposals.title": ("Proposals submitted in the period", "本期提出的合理化建议"),
    "unit.proposals.none": ("No proposal was submitted in the period.", "本期没有提出合理化建议。"),
    "unit.proposals.rates": (
        "Adoption rate {adoption} ({adopted} of {decided} decided); implementation rate "
        "{implementation} ({implemented} implemented); {per100} proposals per 100 workers. "
        "Status as at the period's end.",
        "采用率 {adoption}（已处理 {decided} 条，采用 {adopted} 条）；实施率 {implementation}（实施 {implemented} 条）；"
        "每百名职工 {per100} 条。状态截至时期末。",
    ),
    "unit.proposals.backlog": (
        "Pending for more than {days} days at the period's end: {n}",
        "截至时期末待审超过 {days} 天的建议：{n} 条",
    ),
    "unit.proposals.table": (
        {
            "one": "The {n} proposal submitted in the period",
            "other": "All {n} proposals submitted in the period",
        },
        "本期提出的全部 {n} 条建议",
    ),
    "col.age_days": ("Days pending", "待审天数"),
    "unit.download.caption": (
        "The unit's records in every table, filtered to the unit and the period: daily output, "
        "teams, workshops, accidents, proposals submitted in the period, events.",
        "本厂矿在各表中的记录（限本厂矿与本时期）：日产量、小组、车间、事故、本期提出的合理化建议、大事。",
    ),
    "unit.download.xlsx": ("Excel workbook", "Excel 工作簿"),
    "unit.download.zip": ("CSV files (zip)", "CSV 文件（zip）"),
    "unit.download.rows": (
        {"one": "{table}: {n} row", "other": "{table}: {n} rows"},
        "{table}：{n} 行",
    ),
    "unit.unknown": ("No factory or mine has the id {unit}.", "没有编号为 {unit} 的厂矿。"),
}
