"""Strings of the Alerts page and of the briefing (briefing/), and the alert rules' names."""

STRINGS: dict[str, tuple | str] = {
    "nav.alerts": ("Alerts", "警报"),
    "nav.alerts.help": (
        "What needs attention: units that rushed in all at once, accidents or rejects above "
        "their control limits, deaths, plans missed week after week, proposals waiting too "
        "long and productivity falling after joining; each alert opens the view that shows it.",
        "需要注意的情况：一轰而起的厂矿、事故或废品超过控制限、死亡、连续几周未完成计划、"
        "建议久未处理，以及参加竞赛后劳动生产率下降；每条警报都可打开显示它的页面。",
    ),
    "alerts.caption": (
        "The rules run at every load over the whole campaign; an alert stays open until its "
        "condition clears and is kept afterwards. Shown: the units in scope whose alert "
        "period meets the sidebar period, newest first.",
        "每次加载数据时对整个竞赛运行规则；警报在其条件消除前一直保持，消除后仍保留记录。"
        "这里显示所选范围内、警报时期与侧栏时期重叠的厂矿，最新的在前。",
    ),
    "alerts.evaluated": (
        "Last evaluated {at} UTC, on data up to {end}; thresholds from {source}.",
        "最近一次评估：{at}（UTC），数据截至 {end}；阈值取自 {source}。",
    ),
    "alerts.live": (
        "This database stores no alerts (it was not built by the loader): the rules were "
        "evaluated now, without history.",
        "该数据库未保存警报（不是由加载程序生成的）：规则是刚刚评估的，没有历史记录。",
    ),
    "alerts.status": "col.status",
    "alerts.status.open": ("Still open", "仍未解除"),
    "alerts.status.cleared": ("Cleared", "已解除"),
    "alerts.status.all": ("Open and cleared", "未解除和已解除"),
    "alerts.severity": "col.severity",
    "alerts.severity.high": ("High", "高"),
    "alerts.severity.medium": ("Medium", "中"),
    "alerts.severity.low": ("Low", "低"),
    "alerts.rule": ("Rule", "规则"),
    "alerts.rule.rushed": "rollout.col.rushed",
    "alerts.rule.accident_rate": (
        "Accidents above the control limit",
        "事故超过控制限",
    ),
    "alerts.rule.defect_rate": ("Rejects above the control limit", "废品超过控制限"),
    "alerts.rule.death": "severity.fatal",
    "alerts.rule.below_plan": ("Below plan week after week", "连续未完成计划"),
    "alerts.rule.overdue_proposals": ("Proposals waiting too long", "建议久未处理"),
    "alerts.rule.productivity_fall": (
        "Productivity fell after joining",
        "参加竞赛后劳动生产率下降",
    ),
    "alerts.open_total": ("Open alerts", "未解除警报"),
    "alerts.none": (
        "No alert matches: nothing in scope needs attention by these rules.",
        "没有符合条件的警报：按这些规则，所选范围内没有需要注意的情况。",
    ),
    "alerts.table.caption": (
        "Click a row to open its factory or mine; “Open” opens the view that shows the "
        "alert, in a new tab.",
        "点击一行打开该厂矿；点击“打开”在新标签页中打开显示该警报的页面。",
    ),
    "alerts.col.what": ("What", "情况"),
    "alerts.col.period": "filters.period",
    "alerts.col.opened": ("Opened", "发出时间"),
    "alerts.col.cleared": ("Cleared on", "解除时间"),
    "alerts.col.page": ("Shown on", "所在页面"),
    "alerts.col.view": ("View", "查看"),
    "alerts.open": "quality.flagged.open",
    "alerts.view.rollout": "nav.rollout",
    "alerts.view.quality": "nav.quality",
    "alerts.view.unit": "nav.unit",
    "alerts.view.productivity": "nav.productivity",
    "alerts.view.proposals": "nav.proposals",
    "alerts.runs": ("Evaluations", "评估记录"),
    "alerts.runs.at": ("Evaluated (UTC)", "评估时间（UTC）"),
    "alerts.runs.end": ("Data up to", "数据截至"),
    "alerts.runs.open": "nav.alerts",
    "alerts.runs.source": ("Thresholds from", "阈值来源"),
    # what each alert says, from its figures
    "alerts.what.rushed": (
        "{share} of its teams joined within 7 days ({teams} of {total}); the limit is {limit}",
        "{share}的小组在7天内参加竞赛（{total}个中{teams}个）；界限为{limit}",
    ),
    "alerts.what.accident_rate": (
        "{observed} injury accidents after joining where {expected} were expected, above the "
        "{level}% control limit of {limit}; {before} before and {after} after, per 1M "
        "worker-hours",
        "参加竞赛后发生伤人事故{observed}次，预期{expected}次，超过{level}%控制限（{limit}次）；"
        "每百万工时前后分别为{before}和{after}",
    ),
    "alerts.what.defect_rate": (
        "Defect rate {before} before joining and {after} after, above the {level}% control limit",
        "废品率参加竞赛前为{before}，之后为{after}，超过{level}%控制限",
    ),
    "alerts.what.death": (
        {"one": "{n} worker killed: {cause}", "other": "{n} workers killed: {cause}"},
        "死亡{n}人：{cause}",
    ),
    "alerts.what.below_plan": (
        {
            "one": "Plan fulfilment {pct} over the last {n} week, each below {limit}",
            "other": "Plan fulfilment {pct} over the last {n} weeks, each below {limit}",
        },
        "最近{n}周计划完成率为{pct}，每周都低于{limit}",
    ),
    "alerts.what.overdue_proposals": (
        {
            "one": "{n} proposal pending more than {days} days; the oldest for {oldest} days",
            "other": "{n} proposals pending more than {days} days; the oldest for {oldest} days",
        },
        "{n}条建议待审超过{days}天；最久的已{oldest}天",
    ),
    "alerts.what.productivity_fall": (
        "Productivity index {before} before joining, {since} since ({change} points)",
        "劳动生产率指数参加竞赛前为{before}，之后为{since}（{change}点）",
    ),
    # the briefing
    "briefing.title": ("Weekly briefing", "每周简报"),
    "briefing.whole": ("The whole campaign", "整个竞赛"),
    "briefing.period": (
        "{start} to {end}, against {prev_start} to {prev_end}",
        "{start}至{end}，与{prev_start}至{prev_end}相比",
    ),
    "briefing.no_previous": (
        "{start} to {end}; the data do not cover the previous period in full",
        "{start}至{end}；数据未完整覆盖上一时期",
    ),
    "briefing.headline": ("Headline figures", "主要指标"),
    "briefing.figure": "measure",
    "briefing.this_period": ("This period", "本期"),
    "briefing.previous_period": ("Previous period", "上期"),
    "briefing.change": ("Change", "变化"),
    "briefing.alerts": ("Alerts this week", "本周警报"),
    "briefing.alerts.more": (
        {
            "one": "and {n} more alert, on the Alerts page",
            "other": "and {n} more alerts, on the Alerts page",
        },
        "另有{n}条，见警报页面",
    ),
    "briefing.alerts.none": ("No alert.", "没有警报。"),
    "briefing.best": ("Best plan fulfilment", "计划完成率最高"),
    "briefing.worst": ("Lowest plan fulfilment", "计划完成率最低"),
    "briefing.chart.plan": (
        "Plan fulfilment and productivity index, week by week",
        "逐周计划完成率和劳动生产率指数",
    ),
    "briefing.chart.safety": (
        "Accident frequency, week by week (per 1M worker-hours)",
        "逐周事故频率（次/百万工时）",
    ),
    "briefing.footer": (
        "From the labor emulation dashboard's data as loaded {loaded} UTC. The sample data "
        "are synthetic.",
        "数据取自劳动竞赛分析面板，加载于{loaded}（UTC）。样本数据为合成数据。",
    ),
    "briefing.subject": (
        "Weekly briefing: {scope}, {start} to {end}",
        "每周简报：{scope}，{start}至{end}",
    ),
    "briefing.body": (
        "The weekly briefing for {scope}, {start} to {end}, is attached as a PDF.",
        "附件为{scope}{start}至{end}的每周简报（PDF）。",
    ),
}
